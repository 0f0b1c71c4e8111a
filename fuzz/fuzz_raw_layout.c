// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: raw-image layouts ("GPA SIZE FILE_OFFSET" lines). The
 * first 8 bytes are the image's size, the rest the layout text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backends/snapshot/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vms_snap_layout l;
	uint64_t file_size;

	if (size < 8)
		return 0;
	memcpy(&file_size, data, 8);
	if (vms_raw_layout_parse(&l, (const char *)data + 8, size - 8, file_size))
		return 0;
	for (size_t i = 0; i < l.nranges; i++) {
		const struct vms_snap_range *r = &l.ranges[i];

		if (!r->size || r->off > file_size || r->size > file_size - r->off)
			abort();
		if (i && l.ranges[i - 1].gpa + l.ranges[i - 1].size > r->gpa)
			abort();
	}
	vms_snap_layout_free(&l);
	return 0;
}
