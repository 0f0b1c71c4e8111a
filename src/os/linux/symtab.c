// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The symbol table itself, whatever it came from: built from a list
 * (System.map, an ISF) and sorted by address, its names indexed by hash,
 * searched by address, copied with a KASLR slide, freed. A table decoded
 * from the kernel's kallsyms (kallsyms.c) expands its names first and
 * then uses the same index.
 */
#include "symtab.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/bsearch.h"

static int name_key(const void *ctx, uint32_t entry, uint32_t *hash)
{
	const struct ksyms *ks = ctx;

	*hash = vms__fnv1a(ks->names + ks->name_off[entry - 1] + 1);
	return 1;
}

static int name_is(const void *ctx, uint32_t entry, const void *name)
{
	const struct ksyms *ks = ctx;

	return !strcmp(ks->names + ks->name_off[entry - 1] + 1, name);
}

int ksyms_index(struct ksyms *ks)
{
	return vms__hash_build(&ks->by_name, ks->n, name_key, ks);
}

int ksyms_index_find(uint32_t *idx, const struct ksyms *ks, const char *name)
{
	uint32_t pos = vms__fnv1a(name), e, best = 0;

	/* Same name more than once (static functions): the first in address
	 * order, as kallsyms_lookup_name. */
	while ((e = vms__hash_find(&ks->by_name, &pos, name_is, ks, name)))
		if (!best || e < best)
			best = e;
	if (!best)
		return -ENOENT;
	*idx = best - 1;
	return 0;
}

void ksyms_free(struct ksyms *ks)
{
	if (!ks)
		return;
	free(ks->addr);
	free(ks->own_packed);
	free(ks->marks);
	free(ks->seqs);
	free(ks->own_tok);
	free(ks->name_off);
	free(ks->names);
	vms__hash_free(&ks->by_name);
	free(ks);
}

static int addr_cmp(const void *key, const void *base, size_t i)
{
	uint64_t addr = *(const uint64_t *)key, at = ((const uint64_t *)base)[i];

	return (addr > at) - (addr < at);
}

int ksyms_at(uint32_t *idx, const struct ksyms *ks, uint64_t addr)
{
	size_t i;

	if (ks->n == 0 || addr < ks->addr[0])
		return -ENOENT;
	/* The last at or below addr, then back to the first at its address. */
	i = vms__upper_bound(&addr, ks->addr, ks->n, addr_cmp) - 1;
	while (i && ks->addr[i - 1] == ks->addr[i])
		i--;
	*idx = (uint32_t)i;
	return 0;
}

struct ksyms *ksyms_new(void)
{
	struct ksyms *ks = calloc(1, sizeof(*ks));

	if (ks)
		ks->expanded = 1;
	return ks;
}

int ksyms_add(struct ksyms *ks, uint64_t addr, char type, const char *name, size_t len)
{
	if (len > KSYMS_OUT_MAX)
		len = KSYMS_OUT_MAX;
	if (ks->n == ks->cap) {
		uint32_t cap = ks->cap ? 2 * ks->cap : 4096;
		uint64_t *a;
		uint32_t *o;

		if (ks->n >= KSYMS_LIST_MAX)
			return -E2BIG;
		a = realloc(ks->addr, cap * sizeof(*a));
		if (a)
			ks->addr = a;
		o = realloc(ks->name_off, cap * sizeof(*o));
		if (o)
			ks->name_off = o;
		if (!a || !o)
			return -ENOMEM;
		ks->cap = cap;
	}
	if (ks->names_len + len + 2 > ks->names_cap) {
		size_t cap = ks->names_cap ? 2 * ks->names_cap : 65536;
		char *p;

		while (cap < ks->names_len + len + 2)
			cap *= 2;
		p = realloc(ks->names, cap);
		if (!p)
			return -ENOMEM;
		ks->names = p;
		ks->names_cap = cap;
	}
	ks->addr[ks->n] = addr;
	ks->name_off[ks->n++] = (uint32_t)ks->names_len;
	ks->names[ks->names_len++] = type;
	memcpy(ks->names + ks->names_len, name, len);
	ks->names_len += len;
	ks->names[ks->names_len++] = '\0';
	return 0;
}

struct ksyms_order {
	uint64_t addr;
	uint32_t i, off;
};

static int by_addr(const void *a, const void *b)
{
	const struct ksyms_order *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

int ksyms_seal(struct ksyms *ks)
{
	struct ksyms_order *o = malloc(((size_t)ks->n + 1) * sizeof(*o));

	if (!o)
		return -ENOMEM;
	for (uint32_t i = 0; i < ks->n; i++)
		o[i] = (struct ksyms_order){ ks->addr[i], i, ks->name_off[i] };
	qsort(o, ks->n, sizeof(*o), by_addr);
	for (uint32_t i = 0; i < ks->n; i++) {
		ks->addr[i] = o[i].addr;
		ks->name_off[i] = o[i].off;
	}
	free(o);
	return ksyms_index(ks);
}

int ksyms_copy(struct ksyms **out, const struct ksyms *src, uint64_t from, uint64_t slide)
{
	struct ksyms *ks = ksyms_new();

	*out = NULL;
	if (!ks)
		return -ENOMEM;
	ks->n = ks->cap = src->n;
	ks->names_len = ks->names_cap = src->names_len;
	ks->addr = malloc(((size_t)src->n + 1) * sizeof(*ks->addr));
	ks->name_off = malloc(((size_t)src->n + 1) * sizeof(*ks->name_off));
	ks->names = malloc(src->names_len + 1);
	if (!ks->addr || !ks->name_off || !ks->names || !src->by_name.slot ||
	    vms__hash_copy(&ks->by_name, &src->by_name)) {
		ksyms_free(ks);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < src->n; i++)
		ks->addr[i] = src->addr[i] >= from ? src->addr[i] + slide : src->addr[i];
	memcpy(ks->name_off, src->name_off, (size_t)src->n * sizeof(*ks->name_off));
	memcpy(ks->names, src->names, src->names_len);
	*out = ks;
	return 0;
}
