/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Synthetic kdump-compressed files, plain or flattened, written from the
 * format's description with the compressors' own libraries. Page pfn holds
 * kdump_byte(gpa) for each of its bytes. */
#ifndef VMS_TEST_KDUMP_BUILD_H
#define VMS_TEST_KDUMP_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "elfcore.h"

/* The byte at gpa in a synthetic kdump: runs of 64 equal bytes, so pages
 * compress as real ones do. */
static inline uint8_t kdump_byte(uint64_t gpa)
{
	return elfcore_byte(gpa & ~63ull);
}

struct kdump_spec {
	uint64_t max_mapnr;     /* at most 4096 * 8 */
	uint64_t exists_mask;   /* pfn < 64: bit set = page exists (bitmap 1) */
	uint64_t dumped_mask;   /* pfn < 64: bit set = page dumped (bitmap 2) */
	int flatten;            /* write makedumpfile's flattened container */
	const char *vmcoreinfo; /* NULL: none */
};

/* Page i of the dumped ones is stored raw, zlib, lzo, snappy, in turn
 * (raw where compression would not shrink it, as makedumpfile does).
 * Returns 0 or -1; *out is malloc'd. *data_off gets where page data starts
 * in the plain layout (for tests that corrupt it). */
int kdump_build(uint8_t **out, size_t *len, uint64_t *data_off, const struct kdump_spec *spec);

#endif
