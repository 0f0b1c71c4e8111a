// SPDX-License-Identifier: LGPL-2.1-or-later
#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "elfcore.h"
#include "kdump_build.h"

#define BS 4096

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void putbe64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

int kdump_build(uint8_t **out, size_t *len, uint64_t *data_off, const struct kdump_spec *s)
{
	uint64_t ndumped = 0, desc_off, pos;
	uint8_t page[BS], comp[2 * BS + 1024], wrk[LZO1X_1_MEM_COMPRESS];
	uint8_t *f;
	size_t cap;

	for (uint64_t pfn = 0; pfn < s->max_mapnr; pfn++)
		ndumped += s->dumped_mask >> pfn & 1;
	desc_off = 4 * BS; /* header, sub-header, two one-block bitmaps */
	pos = desc_off + ((ndumped * 24 + BS - 1) / BS) * BS;
	cap = pos + ndumped * (2 * BS + 1024);
	f = calloc(1, cap);
	if (!f || lzo_init() != LZO_E_OK)
		return -1;
	memcpy(f, "KDUMP   ", 8);
	put32(f + 8, 6);
	memcpy(f + 12 + 4 * 65, "x86_64", 6);
	put32(f + 424, 1 | 2 | 4);
	put32(f + 428, BS);
	put32(f + 432, 1);
	put32(f + 436, 2);
	put32(f + 440, (uint32_t)s->max_mapnr);
	put64(f + BS + 96, s->max_mapnr);
	if (s->vmcoreinfo) {
		put64(f + BS + 32, BS + 512);
		put64(f + BS + 40, strlen(s->vmcoreinfo));
		memcpy(f + BS + 512, s->vmcoreinfo, strlen(s->vmcoreinfo));
	}
	for (uint64_t pfn = 0; pfn < s->max_mapnr; pfn++) {
		if (s->exists_mask >> pfn & 1)
			f[2 * BS + pfn / 8] |= (uint8_t)(1 << (pfn % 8));
		if (s->dumped_mask >> pfn & 1)
			f[3 * BS + pfn / 8] |= (uint8_t)(1 << (pfn % 8));
	}
	*data_off = pos;
	for (uint64_t pfn = 0, i = 0; pfn < s->max_mapnr; pfn++) {
		uint8_t *d = f + desc_off + i * 24;
		size_t clen = sizeof(comp);
		uint32_t flags = 0;

		if (!(s->dumped_mask >> pfn & 1))
			continue;
		for (int b = 0; b < BS; b++)
			page[b] = kdump_byte(pfn * BS + (uint64_t)b);
		switch (i++ % 4) {
		case 0:
			memcpy(comp, page, BS);
			clen = BS;
			break;
		case 1: {
			uLongf n = clen;

			compress(comp, &n, page, BS);
			clen = n;
			flags = 1;
			break;
		}
		case 2: {
			lzo_uint n = clen;

			lzo1x_1_compress(page, BS, comp, &n, wrk);
			clen = n;
			flags = 2;
			break;
		}
		default:
			snappy_compress((const char *)page, BS, (char *)comp, &clen);
			flags = 4;
		}
		if (clen >= BS) {
			memcpy(comp, page, BS);
			clen = BS;
			flags = 0;
		}
		put64(d, pos);
		put32(d + 8, (uint32_t)clen);
		put32(d + 12, flags);
		memcpy(f + pos, comp, clen);
		pos += clen;
	}
	if (!s->flatten) {
		*out = f;
		*len = pos;
		return 0;
	}
	/* Flattened: a 4 KiB header, then the plain file in three chunks in
	 * reverse order, then the end marker. */
	{
		uint64_t cuts[4] = { 0, BS + 100, desc_off + 10, pos };
		uint8_t *g = calloc(1, 4096 + pos + 4 * 16 + 16);
		size_t at = 4096;

		if (!g) {
			free(f);
			return -1;
		}
		memcpy(g, "makedumpfile", 12);
		putbe64(g + 16, 1);
		putbe64(g + 24, 1);
		for (int c = 2; c >= 0; c--) {
			putbe64(g + at, cuts[c]);
			putbe64(g + at + 8, cuts[c + 1] - cuts[c]);
			memcpy(g + at + 16, f + cuts[c], cuts[c + 1] - cuts[c]);
			at += 16 + cuts[c + 1] - cuts[c];
		}
		memset(g + at, 0xff, 16);
		*out = g;
		*len = at + 16;
		free(f);
	}
	return 0;
}
