// SPDX-License-Identifier: LGPL-2.1-or-later
#include "btf_build.h"

#include <string.h>

static void put32(struct btfb *b, uint32_t v)
{
	memcpy(b->types + b->tlen, &v, 4);
	b->tlen += 4;
}

static uint32_t str(struct btfb *b, const char *s)
{
	uint32_t off = (uint32_t)b->slen;

	if (!s || !*s)
		return 0;
	memcpy(b->strs + b->slen, s, strlen(s) + 1);
	b->slen += strlen(s) + 1;
	return off;
}

void btfb_init(struct btfb *b)
{
	memset(b, 0, sizeof(*b));
	b->slen = 1; /* offset 0 is the empty string */
	b->next_id = 1;
}

void btfb_raw(struct btfb *b, uint32_t name_off, uint32_t info, uint32_t size_or_type)
{
	put32(b, name_off);
	put32(b, info);
	put32(b, size_or_type);
	b->next_id++;
}

static uint32_t head(struct btfb *b, const char *name, unsigned kind, unsigned vlen, int kflag,
                     uint32_t size_or_type)
{
	uint32_t id = b->next_id;

	btfb_raw(b, str(b, name), (uint32_t)kind << 24 | vlen | (uint32_t)(kflag ? 1u << 31 : 0),
	         size_or_type);
	return id;
}

uint32_t btfb_int(struct btfb *b, const char *name, uint32_t size)
{
	uint32_t id = head(b, name, 1, 0, 0, size);

	put32(b, size * 8); /* encoding 0, offset 0, bits */
	return id;
}

uint32_t btfb_ref(struct btfb *b, unsigned kind, const char *name, uint32_t type)
{
	return head(b, name, kind, 0, 0, type);
}

uint32_t btfb_array(struct btfb *b, uint32_t elem, uint32_t index, uint32_t n)
{
	uint32_t id = head(b, NULL, 3, 0, 0, 0);

	put32(b, elem);
	put32(b, index);
	put32(b, n);
	return id;
}

uint32_t btfb_struct(struct btfb *b, unsigned kind, const char *name, uint32_t size,
                     const struct btfb_member *m, unsigned n, int kflag)
{
	uint32_t id = head(b, name, kind, n, kflag, size);

	for (unsigned i = 0; i < n; i++) {
		put32(b, str(b, m[i].name));
		put32(b, m[i].type);
		put32(b, kflag ? m[i].bit_size << 24 | m[i].bit_offset : m[i].bit_offset);
	}
	return id;
}

uint32_t btfb_func_proto(struct btfb *b, uint32_t ret, const uint32_t *params, unsigned n)
{
	uint32_t id = head(b, NULL, 13, n, 0, ret);

	for (unsigned i = 0; i < n; i++) {
		put32(b, 0);
		put32(b, params[i]);
	}
	return id;
}

size_t btfb_finish(const struct btfb *b, uint8_t *out, size_t cap)
{
	uint32_t hdr[6] = { 0, 24, 0, (uint32_t)b->tlen, (uint32_t)b->tlen, (uint32_t)b->slen };
	size_t len = 24 + b->tlen + b->slen;

	if (len > cap)
		return 0;
	hdr[0] = 0xeb9f | 1u << 16; /* magic, version 1, flags 0 */
	memcpy(out, hdr, 24);
	memcpy(out + 24, b->types, b->tlen);
	memcpy(out + 24 + b->tlen, b->strs, b->slen);
	return len;
}
