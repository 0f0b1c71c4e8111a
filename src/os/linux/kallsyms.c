// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kallsyms: the symbol table every CONFIG_KALLSYMS kernel carries in its
 * .rodata, written by scripts/kallsyms at build time. No symbol points at
 * the tables themselves (kallsyms leaves its own out), so they are found by
 * their structure, anchored on the token table:
 *
 *   kallsyms_num_syms     u32 (u64 on old kernels), 8-aligned like each table
 *   kallsyms_names        per symbol: a length (ULEB128, one or two bytes
 *                         since 6.1), then that many token indices
 *   kallsyms_markers      u32 (u64 on old kernels): the offset in names of
 *                         every 256th symbol
 *   kallsyms_token_table  256 NUL-terminated strings
 *   kallsyms_token_index  256 u16: the offset of each string
 *
 * The addresses sit either before num_syms (up to 6.3) or after the token
 * index (6.4 on): absolute (kallsyms_addresses, before 4.6) or 32-bit
 * offsets from kallsyms_relative_base. With KALLSYMS_ABSOLUTE_PERCPU a
 * non-negative offset is an absolute per-CPU offset and a negative one
 * counts down from relative_base - 1. On x86 the base and absolute
 * addresses are relocated at boot, so what memory holds is already the
 * KASLR'd address. Everything read here is guest-controlled: every walk is
 * bounded by the window and every table cross-checked against another.
 */
#include "kallsyms.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <vmscope/sys/backend.h>

#include "../../util/bytes.h"

#define KSYMS_MAX         (1u << 22) /* symbols; real kernels have < 300,000 */
#define KSYMS_TOKEN_MAX   256        /* bytes in one expanded token */
#define KSYMS_NAME_MAX    0x3fff     /* tokens in one name: the ULEB128 limit */
#define KSYMS_KERNEL_HALF 0xffff800000000000ull

static size_t align8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

/* Check that buf[tt..] holds 256 strings indexed by the u16 table at ti,
 * given the digit run at hit. Fills *tt and *ti. */
static int token_tables(const uint8_t *buf, size_t len, size_t hit, size_t *tt, size_t *ti)
{
	size_t p = hit, start, prev = 0;

	for (unsigned i = '0'; i < 256; i++) {
		size_t room = len - p < KSYMS_TOKEN_MAX ? len - p : KSYMS_TOKEN_MAX;
		const uint8_t *z = memchr(buf + p, 0, room);

		if (!z)
			return -ENOENT;
		p = (size_t)(z - buf) + 1;
	}
	*ti = align8(p);
	if (!vms_in_bounds(*ti, 512, len) || vms_le16(buf + *ti) != 0)
		return -ENOENT;
	if (vms_le16(buf + *ti + (size_t)2 * '0') > hit)
		return -ENOENT;
	start = hit - vms_le16(buf + *ti + (size_t)2 * '0');
	if (start & 7)
		return -ENOENT;
	for (unsigned i = 1; i <= 256; i++) {
		size_t off = i < 256 ? vms_le16(buf + *ti + (size_t)2 * i) : p - start;

		/* String i - 1 runs from prev to off, its only NUL at the end. */
		if (off <= prev || start + off > *ti ||
		    memchr(buf + start + prev, 0, off - prev) != buf + start + off - 1)
			return -ENOENT;
		prev = off;
	}
	*tt = start;
	return 0;
}

static uint64_t load(const uint8_t *p, unsigned width)
{
	return width == 8 ? vms_le64(p) : vms_le32(p);
}

/* One name's length at *q (one or two bytes); 0 if it runs past end. */
static size_t name_len(const uint8_t *buf, size_t *q, size_t end)
{
	size_t n;

	if (*q >= end)
		return 0;
	n = buf[(*q)++];
	if (n & 0x80) {
		if (*q >= end)
			return 0;
		n = (n & 0x7f) | (size_t)buf[(*q)++] << 7;
	}
	return n;
}

/* Walk count names from q; 0 and the end in *q, or -1 if they do not fit
 * before end or one is empty. marks, if given, gets every 256th offset
 * from base and must match it. */
static int walk_names(const uint8_t *buf, size_t *q, size_t end, uint32_t count, size_t base,
                      const uint8_t *marks, unsigned width)
{
	for (uint32_t i = 0; i < count; i++) {
		size_t n;

		if (marks && (i & 0xff) == 0 &&
		    load(marks + (size_t)(i >> 8) * width, width) != *q - base)
			return -1;
		n = name_len(buf, q, end);
		if (n == 0 || n > end - *q)
			return -1;
		*q += n;
	}
	return 0;
}

/* Given k markers of this width at m, find the names they index and the
 * num_syms before them, holding a count within [nlo, nhi]: num_syms sits 8
 * bytes before the names, the count must need exactly k markers, and the
 * names must end in the 8 bytes before the markers. */
static int names_for_markers(const uint8_t *buf, size_t m, size_t k, unsigned width, uint32_t nlo,
                             uint32_t nhi, struct ksyms_layout *at, uint32_t *nsyms)
{
	uint64_t last = load(buf + m + (k - 1) * width, width);

	if (nlo <= 256 * (k - 1))
		nlo = 256 * (uint32_t)(k - 1) + 1;
	if (nhi > 256 * k)
		nhi = 256 * (uint32_t)k;
	if (nlo > nhi || last + 8 > m)
		return -ENOENT;
	for (size_t ns = (m - last) & ~(size_t)7;
	     ns >= 8 && m - last - ns <= (size_t)256 * (KSYMS_NAME_MAX + 2); ns -= 8) {
		uint32_t n = vms_le32(buf + ns - 8);
		size_t q = ns + last;

		if (n < nlo || n > nhi)
			continue;
		if (walk_names(buf, &q, m, n - 256 * (uint32_t)(k - 1), ns, NULL, width) ||
		    align8(q) != m)
			continue;
		q = ns;
		if (walk_names(buf, &q, m, n, ns, buf + m, width))
			continue;
		at->num_syms = ns - 8;
		at->names = ns;
		at->markers = m;
		at->marker_width = width;
		*nsyms = n;
		return 0;
	}
	return -ENOENT;
}

/* Markers that end right before the token table (up to 6.1, and 6.4 on). */
static int markers_adjacent(const uint8_t *buf, size_t tt, struct ksyms_layout *at, uint32_t *nsyms)
{
	for (unsigned width = 4; width <= 8; width += 4) {
		for (size_t pad = 0; pad < 8 && pad + width <= tt; pad += width) {
			size_t e = tt - pad, m = e;
			uint64_t v = UINT64_MAX;

			/* Backwards over a strictly decreasing run down to 0. */
			while (m >= width && e - m < (size_t)(KSYMS_MAX >> 8) * width) {
				uint64_t cur = load(buf + m - width, width);

				if (cur >= v)
					break;
				v = cur;
				m -= width;
				if (v == 0)
					break;
			}
			if (v == 0 && !(m & 7) &&
			    !names_for_markers(buf, m, (e - m) / width, width, 1, KSYMS_MAX, at,
			                       nsyms))
				return 0;
		}
	}
	return -ENOENT;
}

/* Markers, then kallsyms_seqs_of_names (N big-endian 3-byte entries, or 4
 * in its first form), then the token table: the layout from 6.2 to 6.3,
 * and of later stable 6.1 kernels. The seqs' size ties the symbol count to
 * where the markers end. */
static int markers_before_seqs(const uint8_t *buf, size_t tt, struct ksyms_layout *at,
                               uint32_t *nsyms)
{
	size_t lowest = tt > 4 * (size_t)KSYMS_MAX ? tt - 4 * (size_t)KSYMS_MAX : 0;

	for (size_t m = (tt - 8) & ~(size_t)7; m >= lowest + 8; m -= 8) {
		size_t run = 1;

		if (vms_le32(buf + m) != 0)
			continue;
		while (m + 4 * (run + 1) <= tt && run < (KSYMS_MAX >> 8) &&
		       vms_le32(buf + m + 4 * run) > vms_le32(buf + m + 4 * (run - 1)))
			run++;
		/* The run may reach a few entries into the seqs. */
		for (size_t k = run; k >= 1 && k + 4 > run; k--) {
			size_t seqs = align8(m + 4 * k);

			for (unsigned sw = 3; sw <= 4 && seqs < tt; sw++) {
				uint32_t nlo = (uint32_t)((tt - seqs + sw - 8) / sw);
				uint32_t nhi = (uint32_t)((tt - seqs) / sw);

				if (!names_for_markers(buf, m, k, 4, nlo, nhi, at, nsyms))
					return 0;
			}
		}
	}
	return -ENOENT;
}

static int find_names(const uint8_t *buf, size_t tt, struct ksyms_layout *at, uint32_t *nsyms)
{
	if (!markers_adjacent(buf, tt, at, nsyms))
		return 0;
	return markers_before_seqs(buf, tt, at, nsyms);
}

static int sorted(const uint64_t *a, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++)
		if (a[i] < a[i - 1])
			return 0;
	return 1;
}

/* Base-relative offsets at off, the base at rb. */
static int relative_addrs(uint64_t *addr, const uint8_t *buf, size_t len, size_t off, size_t rb,
                          uint32_t n, struct ksyms_layout *at)
{
	uint64_t base;
	int abs_percpu = 0;

	if (!vms_in_bounds(off, (uint64_t)n * 4, len) || !vms_in_bounds(rb, 8, len))
		return -ENOENT;
	base = vms_le64(buf + rb);
	if (base < KSYMS_KERNEL_HALF)
		return -ENOENT;
	for (uint32_t i = 0; i < n && !abs_percpu; i++)
		abs_percpu = (int32_t)vms_le32(buf + off + 4 * (size_t)i) < 0;
	for (uint32_t i = 0; i < n; i++) {
		int32_t o = (int32_t)vms_le32(buf + off + 4 * (size_t)i);

		if (!abs_percpu)
			addr[i] = base + (uint32_t)o;
		else if (o >= 0)
			addr[i] = (uint64_t)o;
		else
			addr[i] = base - 1 - (uint64_t)(int64_t)o;
	}
	if (!sorted(addr, n))
		return -ENOENT;
	at->addrs = off;
	at->relative_base = rb;
	at->base_relative = 1;
	at->absolute_percpu = abs_percpu;
	return 0;
}

static int absolute_addrs(uint64_t *addr, const uint8_t *buf, size_t len, size_t off, uint32_t n,
                          struct ksyms_layout *at)
{
	if (!vms_in_bounds(off, (uint64_t)n * 8, len))
		return -ENOENT;
	for (uint32_t i = 0; i < n; i++)
		addr[i] = vms_le64(buf + off + 8 * (size_t)i);
	if (!sorted(addr, n) || addr[n - 1] < KSYMS_KERNEL_HALF)
		return -ENOENT;
	at->addrs = off;
	at->relative_base = SIZE_MAX;
	at->base_relative = 0;
	return 0;
}

static int find_addrs(uint64_t *addr, const uint8_t *buf, size_t len, uint32_t n,
                      struct ksyms_layout *at)
{
	size_t after = align8(at->token_index + 512), before = at->num_syms;
	size_t rel = align8((size_t)n * 4);

	if (!relative_addrs(addr, buf, len, after, align8(after + (size_t)n * 4), n, at))
		return 0;
	if (before >= 8 + rel &&
	    !relative_addrs(addr, buf, len, before - 8 - rel, before - 8, n, at))
		return 0;
	if (before >= (size_t)n * 8 &&
	    !absolute_addrs(addr, buf, len, before - (size_t)n * 8, n, at))
		return 0;
	return absolute_addrs(addr, buf, len, after, n, at);
}

static int add_name(struct ksyms *ks, size_t *cap, const char *s, size_t n)
{
	if (ks->names_len + n + 1 > *cap) {
		size_t ncap = *cap * 2 + n + 1;
		char *p = realloc(ks->names, ncap);

		if (!p)
			return -ENOMEM;
		ks->names = p;
		*cap = ncap;
	}
	memcpy(ks->names + ks->names_len, s, n);
	ks->names_len += n;
	ks->names[ks->names_len++] = '\0';
	return 0;
}

static uint32_t hash_name(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static int build_index(struct ksyms *ks)
{
	uint32_t size = 1;

	while (size < 2 * ks->n)
		size <<= 1;
	ks->hash = calloc(size, sizeof(*ks->hash));
	if (!ks->hash)
		return -ENOMEM;
	ks->hash_mask = size - 1;
	for (uint32_t i = 0; i < ks->n; i++) {
		uint32_t h = hash_name(ksyms_name(ks, i)) & ks->hash_mask;

		while (ks->hash[h])
			h = (h + 1) & ks->hash_mask;
		ks->hash[h] = i + 1;
	}
	return 0;
}

/* Expand every name through the token table. */
static int expand_names(struct ksyms *ks, const uint8_t *buf)
{
	const struct ksyms_layout *at = &ks->at;
	const char *tok[256];
	size_t toklen[256], cap = (size_t)ks->n * 24 + 64, q = at->names;
	char name[KSYMS_TOKEN_MAX * 4];

	for (unsigned i = 0; i < 256; i++) {
		tok[i] = (const char *)buf + at->token_table +
		         vms_le16(buf + at->token_index + (size_t)2 * i);
		toklen[i] = strlen(tok[i]);
	}
	ks->names = malloc(cap);
	if (!ks->names)
		return -ENOMEM;
	for (uint32_t i = 0; i < ks->n; i++) {
		size_t n = name_len(buf, &q, at->markers), out = 0;

		ks->name_off[i] = (uint32_t)ks->names_len;
		for (size_t j = 0; j < n; j++) {
			uint8_t b = buf[q + j];

			/* A name longer than any the kernel allows (KSYM_NAME_LEN
			 * is 512) is cut, not overrun. */
			if (out + toklen[b] < sizeof(name)) {
				memcpy(name + out, tok[b], toklen[b]);
				out += toklen[b];
			}
		}
		q += n;
		if (out == 0)
			return vms_error_set(-ENOENT, "kallsyms: symbol %u expands to nothing", i);
		if (add_name(ks, &cap, name, out))
			return -ENOMEM;
	}
	return 0;
}

int ksyms_decode(struct ksyms **out, const uint8_t *buf, size_t len, size_t hit)
{
	struct ksyms *ks;
	struct ksyms_layout at = { 0 };
	uint32_t n;
	int rc;

	*out = NULL;
	if (hit >= len || len - hit < KSYMS_DIGITS_LEN ||
	    memcmp(buf + hit, KSYMS_DIGITS, KSYMS_DIGITS_LEN) != 0)
		return vms_error_set(-EINVAL, "kallsyms: no digit run at offset %zu", hit);
	if (token_tables(buf, len, hit, &at.token_table, &at.token_index))
		return vms_error_set(-ENOENT,
		                     "kallsyms: no token table and index around offset %#zx", hit);
	if (find_names(buf, at.token_table, &at, &n))
		return vms_error_set(
		        -ENOENT,
		        "kallsyms: token table at offset %#zx, but no names and markers "
		        "before it that agree",
		        at.token_table);
	ks = calloc(1, sizeof(*ks));
	if (!ks)
		return -ENOMEM;
	ks->n = n;
	ks->at = at;
	ks->addr = malloc((size_t)n * sizeof(*ks->addr));
	ks->name_off = malloc((size_t)n * sizeof(*ks->name_off));
	if (!ks->addr || !ks->name_off) {
		rc = -ENOMEM;
		goto fail;
	}
	if (find_addrs(ks->addr, buf, len, n, &ks->at)) {
		rc = vms_error_set(-ENOENT,
		                   "kallsyms: %u names at offset %#zx, but no sorted address table "
		                   "of that length before or after them",
		                   n, at.names);
		goto fail;
	}
	rc = expand_names(ks, buf);
	if (!rc)
		rc = build_index(ks);
	if (rc)
		goto fail;
	*out = ks;
	return 0;
fail:
	ksyms_free(ks);
	return rc == -ENOMEM ? vms_error_set(-ENOMEM, "kallsyms: out of memory") : rc;
}

int ksyms_find(struct ksyms **out, const uint8_t *buf, size_t len)
{
	const uint8_t *p = buf;
	int rc = vms_error_set(-ENOENT, "kallsyms: no token table in %zu bytes", len);

	*out = NULL;
	while ((p = memmem(p, len - (size_t)(p - buf), KSYMS_DIGITS, KSYMS_DIGITS_LEN))) {
		rc = ksyms_decode(out, buf, len, (size_t)(p - buf));
		if (rc != -ENOENT)
			return rc;
		p++;
	}
	return rc;
}

void ksyms_free(struct ksyms *ks)
{
	if (!ks)
		return;
	free(ks->addr);
	free(ks->name_off);
	free(ks->names);
	free(ks->hash);
	free(ks);
}

int ksyms_lookup(uint32_t *idx, const struct ksyms *ks, const char *name)
{
	uint32_t h = hash_name(name) & ks->hash_mask;

	for (; ks->hash[h]; h = (h + 1) & ks->hash_mask) {
		if (!strcmp(ksyms_name(ks, ks->hash[h] - 1), name)) {
			uint32_t best = ks->hash[h] - 1;

			/* Same name more than once (static functions): the
			 * first in address order, as kallsyms_lookup_name. */
			for (uint32_t g = (h + 1) & ks->hash_mask; ks->hash[g];
			     g = (g + 1) & ks->hash_mask)
				if (ks->hash[g] - 1 < best &&
				    !strcmp(ksyms_name(ks, ks->hash[g] - 1), name))
					best = ks->hash[g] - 1;
			*idx = best;
			return 0;
		}
	}
	return -ENOENT;
}

uint64_t ksyms_addr_of(const struct ksyms *ks, const char *name)
{
	uint32_t i;

	return ksyms_lookup(&i, ks, name) ? 0 : ks->addr[i];
}

int ksyms_at(uint32_t *idx, const struct ksyms *ks, uint64_t addr)
{
	uint32_t lo = 0, hi = ks->n;

	if (ks->n == 0 || addr < ks->addr[0])
		return -ENOENT;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (ks->addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	while (lo && ks->addr[lo - 1] == ks->addr[lo])
		lo--;
	*idx = lo;
	return 0;
}
