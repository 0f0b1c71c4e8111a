// SPDX-License-Identifier: LGPL-2.1-or-later
#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kdump_recode.h"

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static int decode(uint8_t *dst, uint32_t bs, const uint8_t *src, uint32_t size, uint32_t flags)
{
	if (flags & 1) {
		uLongf n = bs;

		return uncompress(dst, &n, src, size) == Z_OK && n == bs ? 0 : -1;
	}
	if (flags & 2) {
		lzo_uint n = bs;

		return lzo1x_decompress_safe(src, size, dst, &n, NULL) == LZO_E_OK && n == bs ? 0
		                                                                              : -1;
	}
	if (flags & 4) {
		size_t n = bs;

		return snappy_uncompress((const char *)src, size, (char *)dst, &n) == SNAPPY_OK &&
		                       n == bs
		               ? 0
		               : -1;
	}
	if (size != bs)
		return -1;
	memcpy(dst, src, bs);
	return 0;
}

int kdump_recode(const char *in, const char *out, int method)
{
	uint8_t *file = NULL, *page = NULL, *comp = NULL, *wrk = NULL, *desc;
	uint64_t desc_off, ndumped = 0, max_mapnr, data_off, pos;
	uint32_t bs, sub_blocks, bitmap_blocks;
	FILE *fi = fopen(in, "rb"), *fo = NULL;
	long len;
	int ret = -1;

	if (!fi || fseek(fi, 0, SEEK_END) || (len = ftell(fi)) < 4096 || fseek(fi, 0, SEEK_SET))
		goto out;
	file = malloc((size_t)len);
	if (!file || fread(file, 1, (size_t)len, fi) != (size_t)len || memcmp(file, "KDUMP   ", 8))
		goto out;
	bs = get32(file + 428);
	sub_blocks = get32(file + 432);
	bitmap_blocks = get32(file + 436);
	max_mapnr = get32(file + 8) >= 6 ? get64(file + bs + 96) : get32(file + 440);
	{
		const uint8_t *bm2 =
		        file + (uint64_t)(1 + sub_blocks) * bs + (uint64_t)bitmap_blocks / 2 * bs;

		for (uint64_t pfn = 0; pfn < max_mapnr; pfn++)
			ndumped += bm2[pfn / 8] >> (pfn % 8) & 1;
	}
	desc_off = (uint64_t)(1 + sub_blocks + bitmap_blocks) * bs;
	data_off = (desc_off + ndumped * 24 + bs - 1) / bs * bs;
	page = malloc(bs);
	comp = malloc(bs * 2 + 1024);
	wrk = malloc(LZO1X_1_MEM_COMPRESS);
	fo = fopen(out, "wb");
	if (!page || !comp || !wrk || !fo || lzo_init() != LZO_E_OK)
		goto out;
	/* Headers, bitmaps and notes as they were; new descriptors and data. */
	{
		uint32_t status = (uint32_t)method;

		memcpy(file + 424, &status, 4);
	}
	if (fwrite(file, 1, desc_off, fo) != desc_off)
		goto out;
	pos = data_off;
	for (uint64_t i = 0; i < ndumped; i++) {
		uint8_t *d = file + desc_off + i * 24;
		size_t clen = bs * 2 + 1024;
		uint32_t flags = (uint32_t)method, size;

		if (decode(page, bs, file + get64(d), get32(d + 8), get32(d + 12)))
			goto out;
		if (method == KDUMP_RECODE_LZO) {
			lzo_uint n = clen;

			if (lzo1x_1_compress(page, bs, comp, &n, wrk) != LZO_E_OK)
				goto out;
			clen = n;
		} else if (snappy_compress((const char *)page, bs, (char *)comp, &clen) !=
		           SNAPPY_OK) {
			goto out;
		}
		size = (uint32_t)clen;
		if (clen >= bs) {
			memcpy(comp, page, bs);
			size = bs;
			flags = 0;
		}
		memcpy(d, &pos, 8);
		memcpy(d + 8, &size, 4);
		memcpy(d + 12, &flags, 4);
		if (fseek(fo, (long)pos, SEEK_SET) || fwrite(comp, 1, size, fo) != size)
			goto out;
		pos += size;
	}
	desc = file + desc_off;
	if (fseek(fo, (long)desc_off, SEEK_SET) || fwrite(desc, 24, ndumped, fo) != ndumped)
		goto out;
	ret = 0;
out:
	if (ret)
		fprintf(stderr, "kdump_recode %s: failed\n", in);
	if (fi)
		fclose(fi);
	if (fo && fclose(fo))
		ret = -1;
	free(file);
	free(page);
	free(comp);
	free(wrk);
	return ret;
}
