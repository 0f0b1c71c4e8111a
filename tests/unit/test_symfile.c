// SPDX-License-Identifier: LGPL-2.1-or-later
/* Symbol files: the JSON pull parser (every grammar error, escapes,
 * number ranges, nesting), System.map (per-CPU letters, bad lines),
 * Volatility ISFs shaped as dwarf2json writes them, turned into BTF and
 * read back through the BTF parser (anonymous members, bitfields,
 * pointers, arrays, forward declarations, enums), every truncation of
 * one, and xz-compressed files. */
#include <errno.h>
#include <lzma.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <vmscope/vmscope.h>

#include "isf_sample.h"
#include "os/linux/btf.h"
#include "os/linux/symfile.h"
#include "util/json.h"

static int parse_all(const char *text)
{
	struct json j;

	json_init(&j, text, strlen(text));
	if (json_skip(&j))
		return j.rc;
	return json_peek(&j) == JSON_BAD && j.p == j.end ? 0 : -EINVAL;
}

static void test_json_grammar(void **state)
{
	static const char *const good[] = {
		"{}",
		"[]",
		" {\"a\" : [1, -2, 3.5e+2, true, false, null, \"x\"]} ",
		"0",
		"-0.0E-7",
		"[[[[]]]]",
		"{\"\": {\"\": {}}}",
		"\"\\u00e9\\ud83d\\ude00\"",
	};
	static const char *const bad[] = {
		"",
		"{",
		"{\"a\"}",
		"{\"a\":}",
		"{\"a\":1,}",
		"[1,]",
		"[1 2]",
		"01",
		"1.",
		"1e",
		"-",
		"+1",
		"tru",
		"nul",
		"\"abc",
		"\"\\x\"",
		"\"\\u12\"",
		"\"\\ud800\"",
		"\"\\udc00x\"",
		"\"a\nb\"",
		"{1:2}",
		"[}",
		"{]",
		"\"\\u0000\"",
		"[1] [2]",
		"{\"a\":1 \"b\":2}",
	};
	char deep[2 * JSON_MAX_DEPTH + 8];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(parse_all(good[i]), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_not_equal(parse_all(bad[i]), 0);
	/* Nesting: JSON_MAX_DEPTH levels parse, one more does not. */
	memset(deep, '[', JSON_MAX_DEPTH);
	memset(deep + JSON_MAX_DEPTH, ']', JSON_MAX_DEPTH);
	deep[2 * JSON_MAX_DEPTH] = '\0';
	assert_int_equal(parse_all(deep), 0);
	memset(deep, '[', JSON_MAX_DEPTH + 1);
	memset(deep + JSON_MAX_DEPTH + 1, ']', JSON_MAX_DEPTH + 1);
	deep[2 * JSON_MAX_DEPTH + 2] = '\0';
	assert_int_equal(parse_all(deep), -EINVAL);
}

static void test_json_values(void **state)
{
	const char *text = "{\"u\": 18446744073709551615, \"i\": -9223372036854775808, "
	                   "\"big\": 18446744073709551616, \"s\": \"a\\\"b\\u00e9\\n\", "
	                   "\"f\": 1.5, \"b\": true}";
	struct json j;
	char key[8], s[16];
	size_t i = 0, len;
	uint64_t u;
	int64_t v;
	int b;

	(void)state;
	json_init(&j, text, strlen(text));
	assert_int_equal(json_member(&j, &i, key, sizeof(key)), 1);
	assert_string_equal(key, "u");
	assert_int_equal(json_u64(&j, &u), 0);
	assert_true(u == UINT64_MAX);
	assert_int_equal(json_member(&j, &i, key, sizeof(key)), 1);
	assert_int_equal(json_i64(&j, &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(json_member(&j, &i, key, sizeof(key)), 1);
	assert_int_equal(json_u64(&j, &u), -ERANGE);
	assert_non_null(strstr(j.err, "out of range"));
	/* Errors stick. */
	assert_int_equal(json_member(&j, &i, key, sizeof(key)), -ERANGE);

	json_init(&j, text, strlen(text));
	i = 0;
	for (int k = 0; k < 3; k++) {
		assert_int_equal(json_member(&j, &i, key, sizeof(key)), 1);
		assert_int_equal(json_skip(&j), 0);
	}
	assert_int_equal(json_member(&j, &i, key, sizeof(key)), 1);
	assert_int_equal(json_string(&j, s, sizeof(s), &len), 0);
	assert_string_equal(s, "a\"b\xc3\xa9\n");
	assert_int_equal(len, 6);
	assert_int_equal(json_member(&j, &i, key, sizeof(key)), 1);
	assert_int_equal(json_u64(&j, &u), -EINVAL); /* 1.5 is no integer */

	json_init(&j, "{\"b\": true, \"longer-key\": 1}", 28);
	i = 0;
	assert_int_equal(json_member(&j, &i, key, sizeof(key)), 1);
	assert_int_equal(json_bool(&j, &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(json_member(&j, &i, key, sizeof(key)), -EINVAL);
	assert_non_null(strstr(j.err, "key too long"));

	json_init(&j, "\"abcdef\"", 8);
	assert_int_equal(json_string(&j, s, 4, &len), -E2BIG);
	assert_int_equal(len, 6);
}

static void test_sysmap(void **state)
{
	const char *text = "0000000000000000 D __per_cpu_start\n"
	                   "0000000000001000 D runqueues\r\n"
	                   "\n"
	                   "0000000000002000 D __per_cpu_end\n"
	                   "ffffffff81000000 T _text\n"
	                   "ffffffff81000000 T startup_64\n"
	                   "ffffffff82000000 D linux_banner\n"
	                   "ffffffff81000100 t helper";
	struct ksyms *ks;
	uint32_t i;

	(void)state;
	assert_int_equal(sysmap_parse(&ks, text, strlen(text)), 0);
	assert_int_equal(ks->n, 7);
	assert_int_equal(ksyms_lookup(&i, ks, "runqueues"), 0);
	assert_int_equal(ksyms_type(ks, i), 'A'); /* per-CPU, as kallsyms shows it */
	assert_int_equal(ksyms_lookup(&i, ks, "linux_banner"), 0);
	assert_int_equal(ksyms_type(ks, i), 'D');
	assert_true(ks->addr[i] == 0xffffffff82000000ull);
	/* Sorted by address; equal addresses keep the file's order. */
	assert_int_equal(ksyms_at(&i, ks, 0xffffffff81000050ull), 0);
	assert_string_equal(ksyms_name(ks, i), "_text");
	assert_string_equal(ksyms_name(ks, i + 1), "startup_64");
	assert_string_equal(ksyms_name(ks, i + 2), "helper");
	ksyms_free(ks);

	static const char *const bad[] = {
		"ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n",
		"ffffffff81000000 T\n",
		"ffffffff81000000 TT x\n",
		"1ffffffff81000000 T x\n",
		"ffffffff8100000g T x\n",
		"ffffffff81000000 1 x\n",
		"",
		"\n\n",
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		assert_int_equal(sysmap_parse(&ks, bad[k], strlen(bad[k])), -EINVAL);
		assert_null(ks);
	}
	assert_int_equal(sysmap_parse(&ks, "0 T a\n0 T b c\n", 14), -EINVAL);
	assert_non_null(strstr(vms_error_last(), "line 2"));
}

static void test_isf(void **state)
{
	struct btf_member_at at;
	struct isf isf;
	struct btf *b;
	uint32_t id, i;
	uint64_t size;
	char str[64];

	(void)state;
	assert_int_equal(isf_parse(&isf, isf_sample, strlen(isf_sample)), 0);
	assert_string_equal(isf.banner, "Linux version 6.1\n");
	assert_int_equal(isf.syms->n, 2);
	assert_int_equal(ksyms_lookup(&i, isf.syms, "init_task"), 0);
	assert_true(isf.syms->addr[i] == 0xffffffff8252a240ull);
	assert_int_equal(ksyms_type(isf.syms, i), '?');
	assert_int_equal(btf_parse(&b, isf.btf, isf.btf_len), 0);
	assert_int_equal(btf_find(&id, b, "task", BTF_STRUCT), 0);
	assert_int_equal(btf_size(&size, b, id), 0);
	assert_int_equal(size, 72);
	assert_int_equal(btf_member(&at, b, id, "a"), 0); /* through the anonymous union */
	assert_int_equal(at.bit_offset, 64);
	assert_int_equal(btf_member(&at, b, id, "hi"), 0); /* and the struct inside it */
	assert_int_equal(at.bit_offset, 64 + 3);
	assert_int_equal(at.bit_size, 5);
	assert_int_equal(btf_member(&at, b, id, "lo"), 0);
	assert_int_equal(at.bit_offset, 64);
	assert_int_equal(at.bit_size, 3);
	assert_int_equal(btf_member(&at, b, id, "comm[3]"), 0);
	assert_int_equal(at.bit_offset, 8 * (24 + 3));
	btf_type_str(str, sizeof(str), b, at.type);
	assert_string_equal(str, "char");
	assert_int_equal(btf_member(&at, b, id, "parent"), 0);
	btf_type_str(str, sizeof(str), b, at.type);
	assert_string_equal(str, "struct task *");
	assert_int_equal(btf_member(&at, b, id, "mms"), 0);
	assert_int_equal(at.bit_offset, 8 * 40);
	btf_type_str(str, sizeof(str), b, at.type);
	assert_string_equal(str, "struct mm ** [2]");
	assert_int_equal(btf_size(&size, b, at.type), 0);
	assert_int_equal(size, 16);
	assert_int_equal(btf_member(&at, b, id, "st"), 0);
	assert_int_equal(btf_size(&size, b, at.type), 0);
	assert_int_equal(size, 4);
	assert_int_equal(btf_find(&id, b, "wide", BTF_ENUM64), 0);
	assert_int_equal(btf_find(&id, b, "int", BTF_INT), 0);
	btf_free(b);
	isf_clear(&isf);
}

static void expect_isf_error(const char *text, const char *msg)
{
	struct isf isf;

	assert_int_not_equal(isf_parse(&isf, text, strlen(text)), 0);
	assert_null(isf.btf);
	assert_null(isf.syms);
	if (msg && !strstr(vms_error_last(), msg))
		fail_msg("\"%s\" does not say \"%s\"", vms_error_last(), msg);
}

static void test_isf_errors(void **state)
{
	char deep[4096];
	size_t n = 0;

	(void)state;
	expect_isf_error("{}", "no symbols and no types");
	expect_isf_error("[]", "expected an object");
	expect_isf_error("{\"symbols\": {\"x\": {}}}", "symbol x has no address");
	expect_isf_error("{\"symbols\": {\"x\": {\"address\": -1}}}", "not negative");
	expect_isf_error("{\"user_types\": {\"s\": {\"kind\": \"struct\", \"size\": 4, \"fields\": "
	                 "{\"f\": {\"offset\": 0, \"type\": {\"kind\": \"base\", \"name\": "
	                 "\"nosuch\"}}}}}}",
	                 "s.f: base type \"nosuch\" is not in base_types");
	expect_isf_error("{\"user_types\": {\"s\": {\"kind\": \"struct\", \"size\": 4, \"fields\": "
	                 "{\"f\": {\"type\": {\"kind\": \"function\"}}}}}}",
	                 "s.f: a field without an offset");
	expect_isf_error("{\"user_types\": {\"s\": {\"kind\": \"struct\", \"size\": 4, \"fields\": "
	                 "{\"f\": {\"offset\": 0, \"type\": {\"kind\": \"pointer\", \"subtype\": "
	                 "{\"kind\": \"bitfield\", \"bit_length\": 1, \"bit_position\": 0, "
	                 "\"type\": {\"kind\": \"function\"}}}}}}}}",
	                 "a bitfield inside another type");
	expect_isf_error("{\"user_types\": {\"s\": {\"kind\": \"struct\", \"size\": 4, \"fields\": "
	                 "{\"f\": {\"offset\": 0, \"type\": {\"kind\": \"quux\"}}}}}}",
	                 "unknown type kind \"quux\"");
	expect_isf_error("{\"user_types\": {\"s\": {\"kind\": \"enum\", \"size\": 4}}}",
	                 "is not struct, union or class");
	expect_isf_error("{\"base_types\": {\"i\": {\"kind\": \"int\", \"size\": 3}}}", "size 3");
	expect_isf_error("{\"enums\": {\"e\": {\"size\": 4, \"constants\": {\"A\": 1.5}}}}",
	                 "expected an integer");
	expect_isf_error("{\"symbols\": {}} x", "text after the end");
	/* A descriptor nested past the limit. */
	n += (size_t)sprintf(deep + n, "{\"user_types\": {\"s\": {\"kind\": \"struct\", \"size\": "
	                               "8, \"fields\": {\"f\": {\"offset\": 0, \"type\": ");
	for (int k = 0; k < 40; k++)
		n += (size_t)sprintf(deep + n, "{\"kind\": \"pointer\", \"subtype\": ");
	n += (size_t)sprintf(deep + n, "{\"kind\": \"function\"}");
	for (int k = 0; k < 40; k++)
		deep[n++] = '}';
	(void)sprintf(deep + n, "}}}}}");
	expect_isf_error(deep, "nested too deep");
}

/* Every prefix of a good ISF fails cleanly; none crashes or leaks. */
static void test_isf_truncated(void **state)
{
	size_t len = strlen(isf_sample);

	(void)state;
	for (size_t n = 0; n + 2 < len; n++) {
		struct isf isf;
		char *copy = malloc(n + 1);

		assert_non_null(copy);
		memcpy(copy, isf_sample, n);
		copy[n] = '\0';
		assert_int_not_equal(isf_parse(&isf, copy, n), 0);
		free(copy);
	}
}

static void write_file(char *path, const void *data, size_t len)
{
	int fd;

	strcpy(path, "/tmp/vms-test-symfile-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static void test_xz(void **state)
{
	size_t len = strlen(isf_sample), xzlen = 0, got;
	uint8_t *xz = malloc(len + 4096);
	char path[64], *text;

	(void)state;
	assert_non_null(xz);
	assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL,
	                                         (const uint8_t *)isf_sample, len, xz, &xzlen,
	                                         len + 4096),
	                 LZMA_OK);
	write_file(path, xz, xzlen);
	assert_int_equal(symfile_load(&text, &got, path), 0);
	assert_int_equal(got, len);
	assert_memory_equal(text, isf_sample, len);
	assert_int_equal(text[got], '\0');
	free(text);
	(void)unlink(path);
	/* Cut short, and corrupt. */
	write_file(path, xz, xzlen - 9);
	assert_int_equal(symfile_load(&text, &got, path), -EINVAL);
	assert_non_null(strstr(vms_error_last(), "xz"));
	(void)unlink(path);
	xz[xzlen / 2] ^= 0x55;
	write_file(path, xz, xzlen);
	assert_int_equal(symfile_load(&text, &got, path), -EINVAL);
	assert_null(text);
	(void)unlink(path);
	assert_int_equal(symfile_load(&text, &got, "/nonexistent.json"), -ENOENT);
	free(xz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_grammar), cmocka_unit_test(test_json_values),
		cmocka_unit_test(test_sysmap),       cmocka_unit_test(test_isf),
		cmocka_unit_test(test_isf_errors),   cmocka_unit_test(test_isf_truncated),
		cmocka_unit_test(test_xz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
