// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the maple-tree walker on hostile kernel memory. The
 * input is the root's encoded pointer (8 bytes), then the memory the nodes
 * live in, at a fixed kernel address; every pivot, slot, type and metadata
 * byte is the fuzzer's. Entries must come out in order, or it aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/linux/maple.h"

#define BASE 0xffff888000100000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ctx {
	const uint8_t *mem;
	size_t len;
	uint64_t next;
	int any;
};

static int rd(void *p, uint64_t gva, uint64_t *out)
{
	const struct ctx *c = p;

	if (gva < BASE || gva - BASE > c->len || c->len - (gva - BASE) < 8)
		return -14;
	memcpy(out, c->mem + (gva - BASE), 8);
	return 0;
}

static int entry(void *p, uint64_t first, uint64_t last, uint64_t e)
{
	struct ctx *c = p;

	(void)e;
	if (first > last || (c->any && first < c->next))
		abort();
	c->any = 1;
	c->next = last + 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctx c = { data + 8, size >= 8 ? size - 8 : 0, 0, 0 };
	uint64_t root;

	if (size < 8)
		return 0;
	memcpy(&root, data, 8);
	(void)maple_walk(root, rd, entry, &c);
	return 0;
}
