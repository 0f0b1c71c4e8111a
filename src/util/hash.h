/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one hash function and hash table of the library. FNV-1a hashes
 * names. The table is open addressing with linear probing over a power of
 * two of slots, never more than half full, and holds only entries: nonzero
 * numbers that stand for what the caller keeps elsewhere (an index + 1, a
 * type id, an offset + 1). The caller hashes keys and says which entry is
 * the one it wants, so an index of 300,000 kernel symbols costs 4 bytes a
 * slot and no copy of their names. vms__map64 is the table with keys of
 * its own: 64-bit numbers to 32-bit values. */
#ifndef VMS_UTIL_HASH_H
#define VMS_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a of a string: 32 bits, and 64 for names told apart by the hash
 * alone. */
static inline uint32_t vms__fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static inline uint64_t vms__fnv1a64(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 1099511628211ull;
	return h;
}

/* A 64-bit number's hash: its product with 2^64 / phi, high half. */
static inline uint32_t vms__hash64(uint64_t v)
{
	return (uint32_t)((v * 0x9e3779b97f4a7c15ull) >> 32);
}

/* Zero-initialised, a table is empty. */
struct vms__hash {
	uint32_t *slot; /* entries, 0 in an empty slot; NULL before the first */
	size_t mask;    /* slots - 1 */
	size_t n;       /* entries */
};

/* The hash of an entry's key, to move the entry when the table grows. */
typedef uint32_t vms__hash_rehash_fn(const void *ctx, uint32_t entry);
/* Whether entry's key is key. */
typedef int vms__hash_eq_fn(const void *ctx, uint32_t entry, const void *key);

/* Room for n entries in all, so that adding them does not grow the
 * table (rehash may be NULL while it is empty). -ENOMEM. */
int vms__hash_reserve(struct vms__hash *h, uint32_t n, vms__hash_rehash_fn *rehash,
                      const void *ctx);

/* Add entry (nonzero), whose key hashes to hash. A key already there is
 * added again, after the others. -ENOMEM. Inline: it runs once an entry. */
static inline int vms__hash_add(struct vms__hash *h, uint32_t hash, uint32_t entry,
                                vms__hash_rehash_fn *rehash, const void *ctx)
{
	size_t i;

	/* An empty table has mask 0: it grows too. */
	if (2 * (h->n + 1) > h->mask + 1) {
		int rc = vms__hash_reserve(h, (uint32_t)h->n + 1, rehash, ctx);

		if (rc)
			return rc;
	}
	for (i = hash & h->mask; h->slot[i]; i = (i + 1) & h->mask)
		;
	h->slot[i] = entry;
	h->n++;
	return 0;
}

/* dst (whatever it held is not freed) becomes a copy of src. -ENOMEM. */
int vms__hash_copy(struct vms__hash *dst, const struct vms__hash *src);

void vms__hash_free(struct vms__hash *h);

/* Whether entry has a key, and its hash: for vms__hash_build. */
typedef int vms__hash_key_fn(const void *ctx, uint32_t entry, uint32_t *hash);

/* Make h (emptied first) a table of the entries 1..n that have a key,
 * at once: sized for n, and without the checks of adding one at a time.
 * -ENOMEM. */
static inline int vms__hash_build(struct vms__hash *h, uint32_t n, vms__hash_key_fn *key,
                                  const void *ctx)
{
	uint32_t *slot;
	size_t mask, count = 0;
	int rc;

	vms__hash_free(h);
	rc = vms__hash_reserve(h, n, NULL, NULL);
	if (rc)
		return rc;
	slot = h->slot;
	mask = h->mask;
	for (uint32_t e = 1; e <= n; e++) {
		uint32_t hash;
		size_t i;

		if (!key(ctx, e, &hash))
			continue;
		for (i = hash & mask; slot[i]; i = (i + 1) & mask)
			;
		slot[i] = e;
		count++;
	}
	h->n = count;
	return 0;
}

/* The entries whose key is key, in the order they were added: set *pos to
 * the key's hash, then each call returns the next one, and 0 after the
 * last. Inline, so that a lookup is one loop with eq in it. */
static inline uint32_t vms__hash_find(const struct vms__hash *h, uint32_t *pos, vms__hash_eq_fn *eq,
                                      const void *ctx, const void *key)
{
	uint32_t e;

	if (!h->slot)
		return 0;
	for (size_t i = *pos & h->mask; (e = h->slot[i]) != 0; i = (i + 1) & h->mask)
		if (eq(ctx, e, key)) {
			*pos = (uint32_t)(i + 1);
			return e;
		}
	return 0;
}

/* 64-bit keys to 32-bit values (a value of 0 reads as absent). Zero-
 * initialised, a map is empty. */
struct vms__map64 {
	struct vms__hash idx; /* entry i + 1 is keys[i], vals[i] */
	uint64_t *keys;
	uint32_t *vals;
	uint32_t cap;
};

/* The value key was first put with; 0 if none. */
uint32_t vms__map64_get(const struct vms__map64 *m, uint64_t key);
/* Put key (again, if it is there: get still finds the first). -ENOMEM. */
int vms__map64_put(struct vms__map64 *m, uint64_t key, uint32_t val);
void vms__map64_free(struct vms__map64 *m);

#endif
