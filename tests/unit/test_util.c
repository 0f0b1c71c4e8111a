// SPDX-License-Identifier: LGPL-2.1-or-later
/* The hash table and the binary search every module uses: FNV-1a's known
 * values, entries of one key found in the order they were added however
 * often the table grew, whole tables built at once, the 64-bit map, and
 * lower and upper bounds at the edges and over runs of equal keys. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/bsearch.h"
#include "util/hash.h"

#define NKEYS 5000

/* Entry e stands for key keys[e - 1]; few distinct keys, so many repeat. */
static uint32_t keys[NKEYS];

static uint32_t hash_of(uint32_t key)
{
	return key * 2654435761u;
}

static uint32_t key_hash(const void *ctx, uint32_t entry)
{
	(void)ctx;
	return hash_of(keys[entry - 1]);
}

static int key_is(const void *ctx, uint32_t entry, const void *key)
{
	(void)ctx;
	return keys[entry - 1] == *(const uint32_t *)key;
}

static int key_of(const void *ctx, uint32_t entry, uint32_t *hash)
{
	if (entry % 7 == 0)
		return 0; /* left out */
	*hash = key_hash(ctx, entry);
	return 1;
}

static void test_fnv(void **state)
{
	(void)state;
	/* The published FNV-1a test vectors. */
	assert_int_equal(vms__fnv1a(""), 0x811c9dc5u);
	assert_int_equal(vms__fnv1a("a"), 0xe40c292cu);
	assert_int_equal(vms__fnv1a("foobar"), 0xbf9cf968u);
	assert_true(vms__fnv1a64("") == 0xcbf29ce484222325ull);
	assert_true(vms__fnv1a64("a") == 0xaf63dc4c8601ec8cull);
	assert_true(vms__fnv1a64("foobar") == 0x85944171f73967e8ull);
}

/* Every entry of key k, in order, through vms__hash_find. */
static void check_order(const struct vms__hash *h, uint32_t k, int skip_sevens)
{
	uint32_t pos = hash_of(k), e, last = 0, found = 0, want = 0;

	for (uint32_t i = 1; i <= NKEYS; i++)
		want += keys[i - 1] == k && !(skip_sevens && i % 7 == 0);
	while ((e = vms__hash_find(h, &pos, key_is, NULL, &k))) {
		assert_true(e > last);
		assert_int_equal(keys[e - 1], k);
		last = e;
		found++;
	}
	assert_int_equal(found, want);
}

static void test_hash(void **state)
{
	struct vms__hash h = { 0 }, copy;
	uint32_t pos = 7, k = 12345;

	(void)state;
	assert_int_equal(vms__hash_find(&h, &pos, key_is, NULL, &k), 0);
	for (uint32_t i = 0; i < NKEYS; i++)
		keys[i] = (i * 7919u) % 97;
	/* Added one at a time from empty: the table grows many times. */
	for (uint32_t e = 1; e <= NKEYS; e++)
		assert_int_equal(vms__hash_add(&h, key_hash(NULL, e), e, key_hash, NULL), 0);
	assert_int_equal(h.n, NKEYS);
	assert_true(2 * h.n <= h.mask + 1);
	for (uint32_t k2 = 0; k2 < 97; k2++)
		check_order(&h, k2, 0);
	k = 1000;
	pos = hash_of(k);
	assert_int_equal(vms__hash_find(&h, &pos, key_is, NULL, &k), 0);
	assert_int_equal(vms__hash_copy(&copy, &h), 0);
	vms__hash_free(&h);
	assert_null(h.slot);
	for (uint32_t k2 = 0; k2 < 97; k2++)
		check_order(&copy, k2, 0);
	/* Built at once, with every seventh entry left out. */
	assert_int_equal(vms__hash_build(&copy, NKEYS, key_of, NULL), 0);
	assert_int_equal(copy.n, NKEYS - NKEYS / 7);
	for (uint32_t k2 = 0; k2 < 97; k2++)
		check_order(&copy, k2, 1);
	vms__hash_free(&copy);
}

static void test_map64(void **state)
{
	struct vms__map64 m = { 0 };

	(void)state;
	assert_int_equal(vms__map64_get(&m, 0), 0);
	for (uint64_t k = 0; k < 10000; k++)
		assert_int_equal(vms__map64_put(&m, k << 32 | k, (uint32_t)k + 1), 0);
	/* A key put again: get still finds the first value. */
	assert_int_equal(vms__map64_put(&m, 5ull << 32 | 5, 99), 0);
	for (uint64_t k = 0; k < 10000; k++)
		assert_int_equal(vms__map64_get(&m, k << 32 | k), k + 1);
	assert_int_equal(vms__map64_get(&m, 10000ull << 32), 0);
	assert_int_equal(vms__map64_get(&m, 1), 0);
	vms__map64_free(&m);
	assert_null(m.keys);
}

static int u32_cmp(const void *key, const void *base, size_t i)
{
	uint32_t k = *(const uint32_t *)key, v = ((const uint32_t *)base)[i];

	return (k > v) - (k < v);
}

static void test_bounds(void **state)
{
	static const uint32_t a[] = { 2, 4, 4, 4, 7, 9, 9, 12 };
	size_t n = sizeof(a) / sizeof(a[0]);

	(void)state;
	for (uint32_t k = 0; k < 15; k++) {
		size_t lo = 0, up = 0;

		while (lo < n && a[lo] < k)
			lo++;
		while (up < n && a[up] <= k)
			up++;
		assert_int_equal(vms__lower_bound(&k, a, n, u32_cmp), lo);
		assert_int_equal(vms__upper_bound(&k, a, n, u32_cmp), up);
	}
	assert_int_equal(vms__lower_bound(&a[0], a, 0, u32_cmp), 0);
	assert_int_equal(vms__upper_bound(&a[0], a, 0, u32_cmp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fnv),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_map64),
		cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
