// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the LiME parser on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "backends/snapshot/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vms_snap_layout l;
	volatile uint8_t sink = 0;

	if (vms_lime_parse(&l, data, size))
		return 0;
	for (size_t i = 0; i < l.nranges; i++) {
		const struct vms_snap_range *r = &l.ranges[i];

		if (!r->size || r->off > size || r->size > size - r->off)
			abort();
		if (i && l.ranges[i - 1].gpa + l.ranges[i - 1].size > r->gpa)
			abort();
		sink ^= data[r->off] ^ data[r->off + r->size - 1];
	}
	(void)sink;
	vms_snap_layout_free(&l);
	return 0;
}
