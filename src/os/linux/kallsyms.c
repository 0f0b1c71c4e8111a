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

#include "../../util/error.h"
#include "../../util/bsearch.h"
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

				if (!names_for_markers(buf, m, k, 4, nlo, nhi, at, nsyms)) {
					at->seqs = seqs;
					at->seq_width = sw;
					return 0;
				}
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

	/* From 6.4 the name index follows the addresses. */
	if (!relative_addrs(addr, buf, len, after, align8(after + (size_t)n * 4), n, at)) {
		if (at->seqs == SIZE_MAX) {
			at->seqs = align8(at->relative_base + 8);
			at->seq_width = 3;
		}
		return 0;
	}
	if (before >= 8 + rel &&
	    !relative_addrs(addr, buf, len, before - 8 - rel, before - 8, n, at))
		return 0;
	if (before >= (size_t)n * 8 &&
	    !absolute_addrs(addr, buf, len, before - (size_t)n * 8, n, at))
		return 0;
	if (absolute_addrs(addr, buf, len, after, n, at))
		return -ENOENT;
	if (at->seqs == SIZE_MAX) {
		at->seqs = align8(after + (size_t)n * 8);
		at->seq_width = 3;
	}
	return 0;
}

/* Expand name i into out (KSYMS_OUT_MAX + 1 bytes): the type letter, then
 * the name. Returns its length. A name longer than any the kernel allows
 * is cut, not overrun. */
static size_t expand_one(const struct ksyms *ks, uint32_t i, char *out)
{
	size_t q = ks->marks[i >> 8], end = ks->at.markers - ks->at.names, n, len = 0;

	for (uint32_t k = i & ~0xffu; k < i; k++) {
		n = name_len(ks->packed, &q, end);
		q += n;
	}
	n = name_len(ks->packed, &q, end);
	for (size_t j = 0; j < n; j++) {
		uint8_t b = ks->packed[q + j];
		const char *t = ks->tok + ks->tok_off[b];

		if (len + ks->tok_len[b] > KSYMS_OUT_MAX)
			break;
		for (unsigned k = 0; k < ks->tok_len[b]; k++)
			out[len + k] = t[k];
		len += ks->tok_len[b];
	}
	out[len] = '\0';
	return len;
}

/* Expand every name through the token table, straight into the arena. */
int ksyms_expand(struct ksyms *ks)
{
	size_t cap = (size_t)ks->n * 24 + KSYMS_OUT_MAX + 1, q = 0;
	size_t end = ks->at.markers - ks->at.names;

	if (ks->expanded)
		return 0;
	ks->name_off = malloc((size_t)ks->n * sizeof(*ks->name_off));
	ks->names = malloc(cap);
	if (!ks->names || !ks->name_off)
		return -ENOMEM;
	for (uint32_t i = 0; i < ks->n; i++) {
		size_t n = name_len(ks->packed, &q, end);
		char *dst, *start;

		if (ks->names_len + KSYMS_OUT_MAX + 1 > cap) {
			char *p = realloc(ks->names, cap * 2);

			if (!p)
				return -ENOMEM;
			ks->names = p;
			cap *= 2;
		}
		ks->name_off[i] = (uint32_t)ks->names_len;
		start = dst = ks->names + ks->names_len;
		for (size_t j = 0; j < n; j++) {
			uint8_t b = ks->packed[q + j];
			const char *t = ks->tok + ks->tok_off[b];

			if ((size_t)(dst - start) + ks->tok_len[b] > KSYMS_OUT_MAX)
				break;
			for (unsigned k = 0; k < ks->tok_len[b]; k++)
				dst[k] = t[k];
			dst += ks->tok_len[b];
		}
		q += n;
		*dst++ = '\0';
		ks->names_len += (size_t)(dst - start);
	}
	if (ksyms_index(ks))
		return -ENOMEM;
	ks->expanded = 1;
	return 0;
}

const char *ksyms_name(struct ksyms *ks, uint32_t i)
{
	return ksyms_expand(ks) ? "" : ks->names + ks->name_off[i] + 1;
}

char ksyms_type(struct ksyms *ks, uint32_t i)
{
	return ksyms_expand(ks) ? '?' : ks->names[ks->name_off[i]];
}

/* Copy what lookups need out of the window; check that every name
 * expands to something (a type letter at least) and that the name index,
 * if any, is a permutation. */
static int keep_tables(struct ksyms *ks, const uint8_t *buf, size_t len, unsigned flags)
{
	const struct ksyms_layout *at = &ks->at;
	size_t names = at->markers - at->names, nmarks = (ks->n + 255) / 256, q = 0;
	size_t tt_len = at->token_index - at->token_table;
	uint8_t *bits;

	ks->marks = malloc(nmarks * sizeof(*ks->marks));
	if (!ks->marks)
		return -ENOMEM;
	if (flags & KSYMS_BORROW) {
		ks->packed = buf + at->names;
		ks->tok = (const char *)buf + at->token_table;
	} else {
		ks->packed = ks->own_packed = malloc(names);
		ks->tok = ks->own_tok = malloc(tt_len);
		if (!ks->own_packed || !ks->own_tok)
			return -ENOMEM;
		memcpy(ks->own_packed, buf + at->names, names);
		memcpy(ks->own_tok, buf + at->token_table, tt_len);
	}
	for (size_t i = 0; i < nmarks; i++)
		ks->marks[i] =
		        (uint32_t)load(buf + at->markers + i * at->marker_width, at->marker_width);
	for (unsigned i = 0; i < 256; i++) {
		ks->tok_off[i] = vms_le16(buf + at->token_index + (size_t)2 * i);
		ks->tok_len[i] = (uint8_t)strnlen(ks->tok + ks->tok_off[i], KSYMS_TOKEN_MAX - 1);
	}
	for (uint32_t i = 0; i < ks->n; i++) {
		size_t n = name_len(ks->packed, &q, names);

		if (ks->tok_len[ks->packed[q]] == 0)
			return vms_error_set(-ENOENT, "kallsyms: symbol %u has no type letter", i);
		q += n;
	}
	if (at->seqs == SIZE_MAX || !vms_in_bounds(at->seqs, (uint64_t)ks->n * at->seq_width, len))
		return 0;
	bits = calloc(ks->n / 8 + 1, 1);
	ks->seqs = malloc((size_t)ks->n * sizeof(*ks->seqs));
	if (!bits || !ks->seqs) {
		free(bits);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < ks->n; i++) {
		const uint8_t *p = buf + at->seqs + (size_t)i * at->seq_width;
		uint32_t v = at->seq_width == 4 ? vms_le32(p)
		                                : (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];

		if (v >= ks->n || (bits[v / 8] & (1u << (v % 8)))) {
			/* Not a permutation: do without it. */
			free(ks->seqs);
			ks->seqs = NULL;
			break;
		}
		bits[v / 8] |= (uint8_t)(1u << (v % 8));
		ks->seqs[i] = v;
	}
	free(bits);
	return 0;
}

int ksyms_decode(struct ksyms **out, const uint8_t *buf, size_t len, size_t hit, unsigned flags)
{
	struct ksyms *ks;
	struct ksyms_layout at = { .seqs = SIZE_MAX };
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
	if (!ks->addr) {
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
	rc = keep_tables(ks, buf, len, flags);
	if (rc)
		goto fail;
	*out = ks;
	return 0;
fail:
	ksyms_free(ks);
	return rc == -ENOMEM ? vms_error_set(-ENOMEM, "kallsyms: out of memory") : rc;
}

/* Try every digit run that starts in [from, to); *tried counts them. */
static int find_in(struct ksyms **out, const uint8_t *buf, size_t len, size_t from, size_t to,
                   unsigned flags, unsigned *tried)
{
	const uint8_t *p = buf + from;
	int rc = -ENOENT;

	while (p < buf + to &&
	       (p = memmem(p, len - (size_t)(p - buf), KSYMS_DIGITS, KSYMS_DIGITS_LEN)) &&
	       p < buf + to) {
		(*tried)++;
		rc = ksyms_decode(out, buf, len, (size_t)(p - buf), flags);
		if (rc != -ENOENT)
			return rc;
		p++;
	}
	return rc;
}

int ksyms_find(struct ksyms **out, const uint8_t *buf, size_t len, size_t from, unsigned flags)
{
	unsigned tried = 0;
	int rc;

	*out = NULL;
	if (from > len)
		from = 0;
	rc = find_in(out, buf, len, from, len, flags, &tried);
	if (rc == -ENOENT && from)
		rc = find_in(out, buf, len, 0, from, flags, &tried);
	/* When digit runs were tried, the last one's message says why. */
	if (rc == -ENOENT && !tried)
		rc = vms_error_set(-ENOENT, "kallsyms: no token table in %zu bytes", len);
	return rc;
}

/* name (key) against the name of the index's entry i. */
static int seq_cmp(const void *name, const void *base, size_t i)
{
	const struct ksyms *ks = base;
	char buf[KSYMS_OUT_MAX + 1];

	(void)expand_one(ks, ks->seqs[i], buf);
	return strcmp(name, buf + 1);
}

/* Binary search of the name index: the first (lowest-addressed, as the
 * kernel sorts equal names) symbol called name. -ENOENT also when the
 * index is out of order, so the caller falls back to the hash. */
static int lookup_sorted(uint32_t *idx, const struct ksyms *ks, const char *name)
{
	char buf[KSYMS_OUT_MAX + 1];
	size_t lo = vms__lower_bound(name, ks, ks->n, seq_cmp);

	if (lo >= ks->n)
		return -ENOENT;
	(void)expand_one(ks, ks->seqs[lo], buf);
	if (strcmp(buf + 1, name) != 0)
		return -ENOENT;
	*idx = ks->seqs[lo];
	return 0;
}

int ksyms_lookup(uint32_t *idx, struct ksyms *ks, const char *name)
{
	if (ks->seqs && !ks->expanded && lookup_sorted(idx, ks, name) == 0)
		return 0;
	if (ksyms_expand(ks))
		return -ENOMEM;
	return ksyms_index_find(idx, ks, name);
}

uint64_t ksyms_addr_of(struct ksyms *ks, const char *name)
{
	uint32_t i;

	return ksyms_lookup(&i, ks, name) ? 0 : ks->addr[i];
}
