// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The hash table of hash.h: what grows, copies and frees it, and the
 * 64-bit map on top of it. Lookups and adds are inline in the header.
 */
#include "hash.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define HASH_MIN_SLOTS 16
#define HASH_MAX_SLOTS (1u << 31)

/* Move every entry into a table of size slots. The old table is walked
 * from an empty slot round to it, so each run of entries is met in probe
 * order and entries of one key stay in the order they were added. */
static int resize(struct vms__hash *h, size_t size, vms__hash_rehash_fn *rehash, const void *ctx)
{
	uint32_t *slot = calloc(size, sizeof(*slot));
	size_t start = 0;

	if (!slot)
		return -ENOMEM;
	if (h->slot) {
		while (h->slot[start])
			start++;
		for (size_t k = 1; k <= h->mask; k++) {
			uint32_t e = h->slot[(start + k) & h->mask];
			size_t i;

			if (!e)
				continue;
			for (i = rehash(ctx, e) & (size - 1); slot[i]; i = (i + 1) & (size - 1))
				;
			slot[i] = e;
		}
	}
	free(h->slot);
	h->slot = slot;
	h->mask = size - 1;
	return 0;
}

int vms__hash_reserve(struct vms__hash *h, uint32_t n, vms__hash_rehash_fn *rehash, const void *ctx)
{
	size_t size = HASH_MIN_SLOTS;

	if (n > HASH_MAX_SLOTS / 2)
		return -ENOMEM;
	while (size < 2 * (size_t)n)
		size <<= 1;
	if (h->slot && size <= h->mask + 1)
		return 0;
	return resize(h, size, rehash, ctx);
}

int vms__hash_copy(struct vms__hash *dst, const struct vms__hash *src)
{
	memset(dst, 0, sizeof(*dst));
	if (!src->slot)
		return 0;
	dst->slot = malloc((src->mask + 1) * sizeof(*dst->slot));
	if (!dst->slot)
		return -ENOMEM;
	memcpy(dst->slot, src->slot, (src->mask + 1) * sizeof(*dst->slot));
	dst->mask = src->mask;
	dst->n = src->n;
	return 0;
}

void vms__hash_free(struct vms__hash *h)
{
	free(h->slot);
	memset(h, 0, sizeof(*h));
}

static uint32_t map_rehash(const void *ctx, uint32_t entry)
{
	const struct vms__map64 *m = ctx;

	return vms__hash64(m->keys[entry - 1]);
}

static int map_eq(const void *ctx, uint32_t entry, const void *key)
{
	const struct vms__map64 *m = ctx;

	return m->keys[entry - 1] == *(const uint64_t *)key;
}

uint32_t vms__map64_get(const struct vms__map64 *m, uint64_t key)
{
	uint32_t pos = vms__hash64(key), e = vms__hash_find(&m->idx, &pos, map_eq, m, &key);

	return e ? m->vals[e - 1] : 0;
}

int vms__map64_put(struct vms__map64 *m, uint64_t key, uint32_t val)
{
	uint32_t n = (uint32_t)m->idx.n;

	if (n == m->cap) {
		uint32_t cap = m->cap ? 2 * m->cap : HASH_MIN_SLOTS;
		uint64_t *keys;
		uint32_t *vals;

		if (m->cap >= HASH_MAX_SLOTS / 2)
			return -ENOMEM;
		keys = realloc(m->keys, cap * sizeof(*keys));
		if (!keys)
			return -ENOMEM;
		m->keys = keys;
		vals = realloc(m->vals, cap * sizeof(*vals));
		if (!vals)
			return -ENOMEM;
		m->vals = vals;
		m->cap = cap;
	}
	m->keys[n] = key;
	m->vals[n] = val;
	return vms__hash_add(&m->idx, vms__hash64(key), n + 1, map_rehash, m);
}

void vms__map64_free(struct vms__map64 *m)
{
	vms__hash_free(&m->idx);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
