// SPDX-License-Identifier: LGPL-2.1-or-later
/* The kallsyms decoder on tables written as each kernel generation writes
 * them (tests/support/ksyms_build.c), amid other bytes; and on tables that
 * lie: every check it makes must hold, or nothing is decoded. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ksyms_build.h"
#include "os/linux/kallsyms.h"

#define BUF   (1u << 20)
#define START 0x10000u
#define GVA   0xffffffff9a000000ull

struct built {
	uint8_t *buf;
	struct ksb_layout lay;
	const struct ksb_sym *syms;
	size_t n;
};

/* Symbols with every digit, over 256 of them (three markers), a name long
 * enough for a two-byte length, names shared by several symbols, and per-CPU
 * ones first as the kernel sorts them. */
static const struct ksb_sym *test_syms(size_t *n, int percpu)
{
	static struct ksb_sym s[700];
	static char names[700][300];
	size_t i = 0;

	if (percpu) {
		s[i++] = (struct ksb_sym){ 0, 'A', "fixed_percpu_data", 1 };
		s[i++] = (struct ksb_sym){ 0x6000, 'A', "cpu_tss_rw", 1 };
	}
	for (size_t k = 0; i < 600; k++, i++) {
		if (k == 300) {
			memset(names[i], 'x', 250);
			memcpy(names[i], "long_", 5);
			names[i][250] = '\0';
		} else {
			(void)snprintf(names[i], sizeof(names[i]), "%s_%zu", k % 5 ? "sym" : "dup",
			               k % 5 ? k : k % 3);
		}
		s[i] = (struct ksb_sym){ GVA + 0x10 * k, k % 2 ? 't' : 'T', names[i], 0 };
	}
	*n = i;
	return s;
}

static void build(struct built *b, const struct ksb_opts *o, int percpu)
{
	b->buf = malloc(BUF);
	assert_non_null(b->buf);
	/* Other bytes around the tables, and a digit run that is not one. */
	for (size_t i = 0; i < BUF; i++)
		b->buf[i] = (uint8_t)(0xa0 + i % 7);
	memcpy(b->buf + 0x100, KSYMS_DIGITS, KSYMS_DIGITS_LEN);
	b->syms = test_syms(&b->n, percpu);
	assert_int_equal(ksb_write(b->buf, BUF, START, b->syms, b->n, o, &b->lay), 0);
}

static void check_all(const struct built *b, struct ksyms *ks)
{
	assert_int_equal(ks->n, b->n);
	for (uint32_t i = 0; i < ks->n; i++) {
		assert_int_equal(ks->addr[i], b->syms[i].addr);
		assert_int_equal(ksyms_type(ks, i), b->syms[i].type);
		assert_string_equal(ksyms_name(ks, i), b->syms[i].name);
	}
}

static void layout(const struct ksb_opts *o, int percpu)
{
	struct built b;
	struct ksyms *ks;
	uint32_t i;

	build(&b, o, percpu);
	assert_int_equal(ksyms_find(&ks, b.buf, BUF, 0, 0), 0);
	assert_int_equal(ks->at.token_table, b.lay.token_table);
	assert_int_equal(ks->at.names, b.lay.names);
	assert_int_equal(ks->at.markers, b.lay.markers);
	assert_int_equal(ks->at.absolute_percpu, o->addrs == KSB_RELATIVE_PERCPU);
	/* By name: the first of several with one name; through the name
	 * index when there is one, without expanding every name. */
	assert_int_equal(ksyms_lookup(&i, ks, "dup_2"), 0);
	assert_int_equal(ks->expanded, o->seqs == KSB_SEQS_NONE);
	assert_int_equal(ks->at.seqs != SIZE_MAX, o->seqs != KSB_SEQS_NONE);
	assert_string_equal(ksyms_name(ks, i), "dup_2");
	for (uint32_t j = 0; j < i; j++)
		assert_string_not_equal(ksyms_name(ks, j), "dup_2");
	check_all(&b, ks);
	assert_int_equal(ksyms_lookup(&i, ks, "dup_2"), 0);
	assert_string_equal(ksyms_name(ks, i), "dup_2");
	for (uint32_t j = 0; j < i; j++)
		assert_string_not_equal(ksyms_name(ks, j), "dup_2");
	assert_int_equal(ksyms_lookup(&i, ks, "sym_9999"), -ENOENT);
	assert_int_equal(ksyms_addr_of(ks, "sym_1"), GVA + 0x10);
	/* By address: inside a symbol, and before the first. */
	assert_int_equal(ksyms_at(&i, ks, GVA + 0x10 * 7 + 3), 0);
	assert_int_equal(ks->addr[i], GVA + 0x70);
	if (!percpu)
		assert_int_equal(ksyms_at(&i, ks, GVA - 1), -ENOENT);
	ksyms_free(ks);
	free(b.buf);
}

static void test_v4_absolute(void **state)
{
	struct ksb_opts o = { .addrs = KSB_ABSOLUTE, .order = KSB_ADDRS_FIRST, .marker_width = 8 };

	(void)state;
	layout(&o, 0);
}

static void test_v4_relative(void **state)
{
	struct ksb_opts o = { .addrs = KSB_RELATIVE, .order = KSB_ADDRS_FIRST, .marker_width = 4 };

	(void)state;
	layout(&o, 0);
}

static void test_v5_percpu(void **state)
{
	struct ksb_opts o = { .addrs = KSB_RELATIVE_PERCPU, .order = KSB_ADDRS_FIRST };

	(void)state;
	layout(&o, 1);
}

static void test_v61_seqs_before_tokens(void **state)
{
	struct ksb_opts o = { .addrs = KSB_RELATIVE_PERCPU,
		              .order = KSB_ADDRS_FIRST,
		              .seqs = KSB_SEQS_BEFORE_TOKENS,
		              .seq_width = 3 };

	(void)state;
	layout(&o, 1);
	o.seq_width = 4;
	layout(&o, 1);
}

static void test_v64_addrs_last(void **state)
{
	struct ksb_opts o = { .addrs = KSB_RELATIVE_PERCPU,
		              .order = KSB_ADDRS_LAST,
		              .seqs = KSB_SEQS_LAST };

	(void)state;
	layout(&o, 1);
	o.addrs = KSB_RELATIVE;
	layout(&o, 0);
	o.no_compress = 1;
	layout(&o, 0);
}

static const struct ksb_opts modern = { .addrs = KSB_RELATIVE_PERCPU,
	                                .order = KSB_ADDRS_LAST,
	                                .seqs = KSB_SEQS_LAST };

/* Damage one byte of the tables and expect nothing, not a wrong answer. */
static void damaged(size_t (*where)(const struct ksb_layout *), uint8_t xor_with, int u32)
{
	struct built b;
	struct ksyms *ks;
	size_t at;

	build(&b, &modern, 1);
	at = where(&b.lay);
	if (u32)
		b.buf[at + 3] ^= xor_with;
	else
		b.buf[at] ^= xor_with;
	assert_int_equal(ksyms_find(&ks, b.buf, BUF, 0, 0), -ENOENT);
	assert_null(ks);
	free(b.buf);
}

static size_t second_marker(const struct ksb_layout *l)
{
	return l->markers + 4;
}

static size_t token_index_entry(const struct ksb_layout *l)
{
	return l->token_index + 2 * 0x41;
}

static size_t num_syms(const struct ksb_layout *l)
{
	return l->num_syms;
}

static size_t a_name_length(const struct ksb_layout *l)
{
	return l->names;
}

static size_t an_address(const struct ksb_layout *l)
{
	/* The tenth offset after the token index: out of order once changed. */
	return ((l->token_index + 512 + 7) & ~(size_t)7) + 4 * 10;
}

static void test_damage(void **state)
{
	(void)state;
	damaged(second_marker, 0x01, 0);
	damaged(token_index_entry, 0x01, 0);
	damaged(num_syms, 0x01, 1);
	damaged(num_syms, 0x02, 0);
	damaged(a_name_length, 0x01, 0);
	damaged(an_address, 0x40, 1);
}

/* Every truncation of the window: an answer only while the tables are
 * whole, never a read past the end (ASan watches). */
/* A name index that is no permutation, or out of order: lookups are still
 * right, from the hash. */
static void test_bad_name_index(void **state)
{
	struct ksb_opts o = modern;
	struct built b;
	struct ksyms *ks;
	size_t seqs;
	uint32_t i;

	(void)state;
	o.seqs = KSB_SEQS_BEFORE_TOKENS;
	o.order = KSB_ADDRS_FIRST;
	build(&b, &o, 1);
	assert_int_equal(ksyms_find(&ks, b.buf, BUF, 0, 0), 0);
	assert_non_null(ks->seqs);
	seqs = ks->at.seqs;
	/* Swap two entries: still a permutation, now out of order. */
	{
		uint32_t t = ks->seqs[10];

		ks->seqs[10] = ks->seqs[400];
		ks->seqs[400] = t;
	}
	for (uint32_t k = 0; k < b.n; k += 7) {
		assert_int_equal(ksyms_lookup(&i, ks, b.syms[k].name), 0);
		assert_string_equal(ksyms_name(ks, i), b.syms[k].name);
	}
	ksyms_free(ks);
	/* Two entries the same: no index at all. */
	memcpy(b.buf + seqs + 3 * 5, b.buf + seqs + 3 * 6, 3);
	assert_int_equal(ksyms_find(&ks, b.buf, BUF, 0, 0), 0);
	assert_null(ks->seqs);
	assert_int_equal(ksyms_lookup(&i, ks, "sym_1"), 0);
	ksyms_free(ks);
	free(b.buf);
}

static void test_truncated(void **state)
{
	struct built b;
	struct ksyms *whole;
	size_t needed;

	(void)state;
	build(&b, &modern, 1);
	assert_int_equal(ksyms_find(&whole, b.buf, BUF, 0, 0), 0);
	needed = whole->at.relative_base + 8;
	ksyms_free(whole);
	for (size_t len = b.lay.names; len <= b.lay.end + 8; len += 61) {
		uint8_t *copy = malloc(len);
		struct ksyms *ks;
		int rc;

		memcpy(copy, b.buf, len);
		rc = ksyms_find(&ks, copy, len, 0, 0);
		if (len < needed)
			assert_int_equal(rc, -ENOENT);
		else
			assert_int_equal(rc, 0);
		ksyms_free(ks);
		free(copy);
	}
	free(b.buf);
}

/* A hint past the tables still finds them (the rest of the buffer is
 * searched next); borrowed tables point into the buffer and decode the
 * same names; a copy does not depend on the buffer after it returns. */
static void test_hint_and_borrow(void **state)
{
	struct built b;
	struct ksyms *ks;

	(void)state;
	build(&b, &modern, 0);
	assert_int_equal(ksyms_find(&ks, b.buf, BUF, b.lay.end, KSYMS_BORROW), 0);
	assert_int_equal(ks->at.token_table, b.lay.token_table);
	assert_ptr_equal(ks->packed, b.buf + b.lay.names);
	assert_ptr_equal(ks->tok, (const char *)b.buf + b.lay.token_table);
	assert_null(ks->own_packed);
	check_all(&b, ks);
	ksyms_free(ks);
	assert_int_equal(ksyms_find(&ks, b.buf, BUF, b.lay.token_table + 1, 0), 0);
	assert_ptr_not_equal(ks->packed, b.buf + b.lay.names);
	memset(b.buf + b.lay.names, 0, b.lay.token_table - b.lay.names);
	check_all(&b, ks);
	ksyms_free(ks);
	free(b.buf);
	/* A hint beyond the end is no hint. */
	build(&b, &modern, 0);
	assert_int_equal(ksyms_find(&ks, b.buf, BUF, BUF + 1, 0), 0);
	check_all(&b, ks);
	ksyms_free(ks);
	free(b.buf);
}

static void test_no_tables(void **state)
{
	uint8_t buf[4096];
	struct ksyms *ks;

	(void)state;
	memset(buf, 'a', sizeof(buf));
	assert_int_equal(ksyms_find(&ks, buf, sizeof(buf), 0, 0), -ENOENT);
	memcpy(buf + 100, KSYMS_DIGITS, KSYMS_DIGITS_LEN);
	assert_int_equal(ksyms_find(&ks, buf, sizeof(buf), 0, 0), -ENOENT);
	assert_int_equal(ksyms_decode(&ks, buf, sizeof(buf), 99, 0), -EINVAL);
	/* A digit run at the very end. */
	memcpy(buf + sizeof(buf) - KSYMS_DIGITS_LEN, KSYMS_DIGITS, KSYMS_DIGITS_LEN);
	assert_int_equal(ksyms_find(&ks, buf, sizeof(buf), 0, 0), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v4_absolute),
		cmocka_unit_test(test_v4_relative),
		cmocka_unit_test(test_v5_percpu),
		cmocka_unit_test(test_v61_seqs_before_tokens),
		cmocka_unit_test(test_v64_addrs_last),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_bad_name_index),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_no_tables),
		cmocka_unit_test(test_hint_and_borrow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
