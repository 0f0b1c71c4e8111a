// SPDX-License-Identifier: LGPL-2.1-or-later
/* The BTF parser on blobs written by tests/support/btf_build.c: types by
 * name, sizes, members through anonymous structs and unions, bitfields,
 * array elements, rendering; and blobs that lie (truncated, ids out of
 * range, cycles), which must fail or stay bounded. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "btf_build.h"
#include "os/linux/btf.h"

static uint8_t blob[1 << 17];

/* struct task {                       offset
 *     int pid;                          0
 *     union { long a; struct { unsigned int lo:3, hi:5; }; };   8
 *     struct task *parent;             16
 *     char comm[16];                   24
 *     struct mem { long base; unsigned int size; } mem[3];  40 (16 each)
 *     op_fn op;                        88 (typedef of a function pointer)
 * }  size 96 */
static size_t make(struct btfb *b)
{
	uint32_t i32, u32, l64, chr, anon_s, anon_u, task, ptr, arr, mem, memarr, proto, fptr, op;
	uint32_t params[1];

	btfb_init(b);
	i32 = btfb_int(b, "int", 4);
	u32 = btfb_int(b, "unsigned int", 4);
	l64 = btfb_int(b, "long", 8);
	chr = btfb_int(b, "char", 1);
	{
		struct btfb_member bits[] = { { "lo", u32, 0, 3 }, { "hi", u32, 3, 5 } };

		anon_s = btfb_struct(b, 4, NULL, 4, bits, 2, 1);
	}
	{
		struct btfb_member um[] = { { "a", l64, 0, 0 }, { NULL, anon_s, 0, 0 } };

		anon_u = btfb_struct(b, 5, NULL, 8, um, 2, 0);
	}
	task = b->next_id + 7; /* declared below; pointers may refer forward */
	ptr = btfb_ref(b, 2, NULL, task);
	arr = btfb_array(b, chr, i32, 16);
	{
		struct btfb_member mm[] = { { "base", l64, 0, 0 }, { "size", u32, 64, 0 } };

		mem = btfb_struct(b, 4, "mem", 16, mm, 2, 0);
	}
	memarr = btfb_array(b, mem, i32, 3);
	params[0] = ptr;
	proto = btfb_func_proto(b, i32, params, 1);
	fptr = btfb_ref(b, 2, NULL, proto);
	op = btfb_ref(b, 8, "op_fn", fptr);
	{
		struct btfb_member tm[] = { { "pid", i32, 0, 0 },      { NULL, anon_u, 64, 0 },
			                    { "parent", ptr, 128, 0 }, { "comm", arr, 192, 0 },
			                    { "mem", memarr, 320, 0 }, { "op", op, 704, 0 } };

		assert_int_equal(btfb_struct(b, 4, "task", 96, tm, 6, 0), task);
	}
	return btfb_finish(b, blob, sizeof(blob));
}

static struct btf *parsed(void)
{
	static struct btfb b;
	struct btf *btf;
	size_t len = make(&b);

	assert_true(len > 0);
	assert_int_equal(btf_parse(&btf, blob, len), 0);
	return btf;
}

static void member(const struct btf *btf, const char *path, uint64_t bits, uint32_t bit_size,
                   const char *type)
{
	struct btf_member_at m;
	uint32_t task;
	char str[64];

	assert_int_equal(btf_find(&task, btf, "task", BTF_STRUCT), 0);
	assert_int_equal(btf_member(&m, btf, task, path), 0);
	assert_int_equal(m.bit_offset, bits);
	assert_int_equal(m.bit_size, bit_size);
	(void)btf_type_str(str, sizeof(str), btf, m.type);
	assert_string_equal(str, type);
}

static void test_members(void **state)
{
	struct btf *btf = parsed();

	(void)state;
	member(btf, "pid", 0, 0, "int");
	member(btf, "a", 64, 0, "long");
	member(btf, "lo", 64, 3, "unsigned int");
	member(btf, "hi", 67, 5, "unsigned int");
	member(btf, "parent", 128, 0, "struct task *");
	member(btf, "comm", 192, 0, "char [16]");
	member(btf, "mem", 320, 0, "struct mem [3]");
	member(btf, "mem[2].size", 320 + 2 * 128 + 64, 0, "unsigned int");
	member(btf, "mem[0]", 320, 0, "struct mem");
	member(btf, "op", 704, 0, "op_fn");
	btf_free(btf);
}

static void test_lookups(void **state)
{
	struct btf *btf = parsed();
	struct btf_member_at m;
	uint64_t size;
	uint32_t id, op;

	(void)state;
	assert_int_equal(btf_find(&id, btf, "task", BTF_STRUCT), 0);
	assert_int_equal(btf_size(&size, btf, id), 0);
	assert_int_equal(size, 96);
	assert_int_equal(btf_find(&id, btf, "task", BTF_UNION), -ENOENT);
	assert_int_equal(btf_find(&id, btf, "nothing", BTF_STRUCT), -ENOENT);
	assert_int_equal(btf_find(&op, btf, "op_fn", BTF_TYPEDEF), 0);
	assert_int_equal(btf_size(&size, btf, op), 0);
	assert_int_equal(size, 8);
	assert_int_equal(btf_find(&id, btf, "task", BTF_STRUCT), 0);
	/* Paths that do not exist, or index past an array. */
	assert_int_equal(btf_member(&m, btf, id, "nope"), -ENOENT);
	assert_int_equal(btf_member(&m, btf, id, "mem[3].size"), -ENOENT);
	assert_int_equal(btf_member(&m, btf, id, "pid.x"), -ENOENT);
	assert_int_equal(btf_member(&m, btf, id, "mem[1"), -ENOENT);
	assert_int_equal(btf_member(&m, btf, id, "parent.pid"), -ENOENT); /* not through pointers */
	assert_int_equal(btf_member(&m, btf, id, ""), 0);
	btf_free(btf);
}

/* Every truncation of a good blob fails cleanly (and ASan watches reads). */
static void test_truncated(void **state)
{
	static struct btfb b;
	size_t len = make(&b);
	struct btf *btf;

	(void)state;
	for (size_t cut = 0; cut < len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);

		memcpy(copy, blob, cut);
		assert_int_equal(btf_parse(&btf, copy, cut), -EINVAL);
		assert_null(btf);
		free(copy);
	}
}

static void test_hostile(void **state)
{
	static struct btfb b;
	struct btf *btf;
	uint64_t size;
	uint32_t id;
	size_t len;

	(void)state;
	/* A typedef cycle: sizes and members end, with an error. */
	btfb_init(&b);
	btfb_raw(&b, 0, 8u << 24, 2);
	btfb_raw(&b, 0, 8u << 24, 1);
	len = btfb_finish(&b, blob, sizeof(blob));
	assert_int_equal(btf_parse(&btf, blob, len), 0);
	assert_int_equal(btf_size(&size, btf, 1), -EINVAL);
	assert_int_equal(btf_resolve(btf, 1), 0);
	btf_free(btf);
	/* An anonymous member that is its own struct. */
	btfb_init(&b);
	{
		struct btfb_member self[] = { { NULL, 1, 0, 0 } };

		btfb_struct(&b, 4, "loop", 8, self, 1, 0);
	}
	len = btfb_finish(&b, blob, sizeof(blob));
	assert_int_equal(btf_parse(&btf, blob, len), 0);
	{
		struct btf_member_at m;

		assert_int_equal(btf_find(&id, btf, "loop", BTF_STRUCT), 0);
		assert_int_equal(btf_member(&m, btf, id, "x"), -ENOENT);
	}
	btf_free(btf);
	/* Anonymous members nesting into each other, 200 to a level: the
	 * lookup gives up within its budget instead of running for ages. */
	btfb_init(&b);
	{
		static struct btfb_member many[200];

		for (unsigned i = 0; i < 200; i++)
			many[i] = (struct btfb_member){ NULL, 1, 0, 0 };
		btfb_struct(&b, 4, "fan", 8, many, 200, 0);
	}
	len = btfb_finish(&b, blob, sizeof(blob));
	assert_int_equal(btf_parse(&btf, blob, len), 0);
	{
		struct btf_member_at m;

		assert_int_equal(btf_member(&m, btf, 1, "nothing"), -ENOENT);
	}
	btf_free(btf);
	/* A pointer to a type that does not exist. */
	btfb_init(&b);
	btfb_raw(&b, 0, 2u << 24, 7);
	len = btfb_finish(&b, blob, sizeof(blob));
	assert_int_equal(btf_parse(&btf, blob, len), -EINVAL);
	/* An unknown kind; a struct whose members overrun the section. */
	btfb_init(&b);
	btfb_raw(&b, 0, 31u << 24, 0);
	len = btfb_finish(&b, blob, sizeof(blob));
	assert_int_equal(btf_parse(&btf, blob, len), -EINVAL);
	btfb_init(&b);
	btfb_raw(&b, 0, 4u << 24 | 0xffff, 8);
	len = btfb_finish(&b, blob, sizeof(blob));
	assert_int_equal(btf_parse(&btf, blob, len), -EINVAL);
	/* Strings not terminated; a bad magic. */
	btfb_init(&b);
	btfb_int(&b, "int", 4);
	len = btfb_finish(&b, blob, sizeof(blob));
	blob[len - 1] = 'x';
	assert_int_equal(btf_parse(&btf, blob, len), -EINVAL);
	blob[0] = 0;
	assert_int_equal(btf_parse(&btf, blob, len), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
