// SPDX-License-Identifier: LGPL-2.1-or-later
/* The maple-tree walker on trees laid out as lib/maple_tree.c lays them
 * out (64-bit nodes: range_64 and arange_64), and on trees that lie:
 * cycles, pivots out of order, ranges outside the parent's, unknown node
 * types, nodes in unreadable memory. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "os/linux/maple.h"

#define BASE  0xffff888000100000ull
#define NODES 16

static uint8_t mem[NODES * 256];

static int rd(void *ctx, uint64_t gva, uint64_t *out)
{
	(void)ctx;
	if (gva < BASE || gva - BASE + 8 > sizeof(mem))
		return -EFAULT;
	memcpy(out, mem + (gva - BASE), 8);
	return 0;
}

struct seen {
	uint64_t first[64], last[64], entry[64];
	unsigned n;
};

static int collect(void *ctx, uint64_t first, uint64_t last, uint64_t entry)
{
	struct seen *s = ctx;

	if (s->n < 64) {
		s->first[s->n] = first;
		s->last[s->n] = last;
		s->entry[s->n] = entry;
	}
	s->n++;
	return 0;
}

static uint64_t node_addr(unsigned i)
{
	return BASE + 256ull * i;
}

/* The encoded pointer to node i of a type: type in bits 3-6, bit 1 set. */
static uint64_t enode(unsigned i, unsigned type)
{
	return node_addr(i) | (uint64_t)type << 3 | 2;
}

static void put(unsigned node, unsigned off, uint64_t v)
{
	memcpy(mem + 256 * node + off, &v, 8);
}

/* A range_64 leaf: pivots[] then slots[] (at 128); meta.end at 248 when the
 * node is not full. */
static void leaf(unsigned node, const uint64_t *pivots, const uint64_t *slots, unsigned end)
{
	for (unsigned i = 0; i < end; i++)
		put(node, 8 + 8 * i, pivots[i]);
	for (unsigned i = 0; i <= end; i++)
		put(node, 128 + 8 * i, slots[i]);
	mem[256 * node + 248] = (uint8_t)end;
}

static void build_two_level(void)
{
	/* Root (arange_64, node 0): [0, 0x4fffff] -> node 1, the rest -> node 2. */
	const uint64_t p1[] = { 0x3fffff, 0x400fff, 0x4fefff };
	const uint64_t s1[] = { 0, 0xffff888000900000ull, 0, 0xffff888000900100ull };
	const uint64_t p2[] = { 0x7ffffffff000ull - 1, 0x7ffffffff000ull + 0x20fff };
	const uint64_t s2[] = { 0, 0xffff888000900200ull, 0 };

	memset(mem, 0, sizeof(mem));
	put(0, 8, 0x4fffff);     /* pivot[0] */
	put(0, 80, enode(1, 1)); /* slot[0] */
	put(0, 88, enode(2, 1)); /* slot[1] */
	mem[240] = 1;            /* meta.end */
	leaf(1, p1, s1, 3);
	leaf(2, p2, s2, 2);
}

static void test_walk(void **state)
{
	struct seen s = { 0 };

	(void)state;
	build_two_level();
	assert_int_equal(maple_walk(enode(0, 3), rd, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.first[0], 0x400000);
	assert_int_equal(s.last[0], 0x400fff);
	assert_int_equal(s.entry[0], 0xffff888000900000ull);
	assert_int_equal(s.first[1], 0x4ff000);
	assert_int_equal(s.last[1], 0x4fffff);
	assert_int_equal(s.entry[1], 0xffff888000900100ull);
	assert_int_equal(s.first[2], 0x7ffffffff000ull);
	assert_int_equal(s.last[2], 0x7ffffffff000ull + 0x20fff);
	/* A single entry stored at the root. */
	s.n = 0;
	assert_int_equal(maple_walk(0xffff888000900000ull, rd, collect, &s), 0);
	assert_int_equal(s.n, 1);
	s.n = 0;
	assert_int_equal(maple_walk(0, rd, collect, &s), 0);
	assert_int_equal(s.n, 0);
}

static void test_cycle(void **state)
{
	struct seen s = { 0 };

	(void)state;
	build_two_level();
	put(0, 88, enode(0, 3)); /* the root's second child is the root */
	assert_int_equal(maple_walk(enode(0, 3), rd, collect, &s), -EINVAL);
}

static void test_hostile(void **state)
{
	struct seen s = { 0 };

	(void)state;
	build_two_level();
	put(1, 16, 0x100); /* pivot[1] below pivot[0] */
	assert_int_equal(maple_walk(enode(0, 3), rd, collect, &s), -EINVAL);
	build_two_level();
	put(1, 16, 0x6fffff); /* past the parent's range */
	assert_int_equal(maple_walk(enode(0, 3), rd, collect, &s), -EINVAL);
	build_two_level();
	put(0, 80, enode(1, 9)); /* no such node type */
	assert_int_equal(maple_walk(enode(0, 3), rd, collect, &s), -EINVAL);
	build_two_level();
	put(0, 80, 0xffff888077700002ull | 1u << 3); /* a node nowhere */
	assert_int_equal(maple_walk(enode(0, 3), rd, collect, &s), -EFAULT);
	build_two_level();
	mem[240] = 12; /* metadata end past the slots */
	assert_int_equal(maple_walk(enode(0, 3), rd, collect, &s), -EINVAL);
	build_two_level();
	put(0, 80, 0xffff888000900000ull); /* an entry where a node must be */
	assert_int_equal(maple_walk(enode(0, 3), rd, collect, &s), -EINVAL);
	/* A dead node (its parent is itself): replaced while the guest ran. */
	build_two_level();
	put(2, 0, node_addr(2) | 0x10);
	s.n = 0;
	assert_int_equal(maple_walk(enode(0, 3), rd, collect, &s), -EAGAIN);
	assert_int_equal(s.n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
