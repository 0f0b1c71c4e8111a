// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: kdump-compressed files, plain and flattened, and the
 * pages they claim to hold (decompressed with zlib, lzo or snappy). */
#include <stdint.h>
#include <stdlib.h>

#include "backends/snapshot/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vms__snap_layout l;
	struct vms__kdump *k;
	static uint8_t page[8192];

	if (vms__kdump_parse(&l, &k, data, size))
		return 0;
	/* Read the first pages of every range, across page boundaries. */
	for (size_t i = 0; i < l.npub && i < 64; i++) {
		size_t n;

		if (!l.pub[i].size)
			abort();
		for (uint64_t off = 0; off < l.pub[i].size && off < 4 * 4096; off += 4096) {
			if (vms__kdump_read(k, page, &n, l.pub[i].gpa + off + 100, sizeof(page)) ==
			            0 &&
			    n != sizeof(page))
				abort();
			if (n > sizeof(page))
				abort();
		}
	}
	vms__kdump_free(k);
	vms__snap_layout_free(&l);
	return 0;
}
