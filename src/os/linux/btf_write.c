// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Writing BTF: the buffers, the interned string section and the header of
 * btf_write.h. Buffers start at 64 KiB and double, as a blob of kernel
 * types runs to megabytes.
 */
#include "btf_write.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int btf_buf_put(struct btf_buf *b, const void *src, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		uint8_t *p;

		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return -ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, src, n);
	b->len += n;
	return 0;
}

int btf_buf_put32(struct btf_buf *b, uint32_t v)
{
	return btf_buf_put(b, &v, sizeof(v));
}

int btf_buf_type(struct btf_buf *b, uint32_t name, unsigned kind, unsigned vlen, int kflag,
                 uint32_t size_or_type)
{
	return btf_buf_put32(b, name) ||
	       btf_buf_put32(b, (uint32_t)kind << 24 | (uint32_t) !!kflag << 31 | vlen) ||
	       btf_buf_put32(b, size_or_type);
}

static uint32_t string_hash(const void *ctx, uint32_t entry)
{
	const struct btf_strs *s = ctx;

	return vms__fnv1a((const char *)s->buf.p + entry - 1);
}

static int string_is(const void *ctx, uint32_t entry, const void *str)
{
	const struct btf_strs *s = ctx;

	return !strcmp((const char *)s->buf.p + entry - 1, str);
}

int btf_strs_init(struct btf_strs *s)
{
	memset(s, 0, sizeof(*s));
	return btf_buf_put(&s->buf, "", 1);
}

int btf_strs_add(uint32_t *off, struct btf_strs *s, const char *str)
{
	size_t n = strlen(str);
	uint32_t pos = vms__fnv1a(str), e;

	if (!*str) {
		*off = 0;
		return 0;
	}
	e = vms__hash_find(&s->interned, &pos, string_is, s, str);
	if (e) {
		*off = e - 1;
		return 0;
	}
	if (s->buf.len + n + 1 > UINT32_MAX - 1)
		return -E2BIG;
	*off = (uint32_t)s->buf.len;
	if (btf_buf_put(&s->buf, str, n + 1))
		return -ENOMEM;
	return vms__hash_add(&s->interned, vms__fnv1a(str), *off + 1, string_hash, s);
}

void btf_strs_free(struct btf_strs *s)
{
	free(s->buf.p);
	vms__hash_free(&s->interned);
	memset(s, 0, sizeof(*s));
}

int btf_blob(uint8_t **out, size_t *len, const struct btf_buf *types,
             const struct btf_buf *more_types, const struct btf_strs *strs)
{
	uint32_t hdr[6];
	size_t tlen = types->len + more_types->len;
	uint8_t *b;

	if (tlen > UINT32_MAX || strs->buf.len > UINT32_MAX - tlen)
		return -E2BIG;
	b = malloc(sizeof(hdr) + tlen + strs->buf.len);
	if (!b)
		return -ENOMEM;
	hdr[0] = 0xeb9f | 1u << 16; /* magic, version 1, flags 0 */
	hdr[1] = sizeof(hdr);
	hdr[2] = 0;
	hdr[3] = (uint32_t)tlen;
	hdr[4] = (uint32_t)tlen;
	hdr[5] = (uint32_t)strs->buf.len;
	memcpy(b, hdr, sizeof(hdr));
	if (types->len)
		memcpy(b + sizeof(hdr), types->p, types->len);
	if (more_types->len)
		memcpy(b + sizeof(hdr) + types->len, more_types->p, more_types->len);
	memcpy(b + sizeof(hdr) + tlen, strs->buf.p, strs->buf.len);
	*out = b;
	*len = sizeof(hdr) + tlen + strs->buf.len;
	return 0;
}
