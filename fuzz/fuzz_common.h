/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What every snapshot parser must guarantee of a layout it accepts. */
#ifndef VMS_FUZZ_COMMON_H
#define VMS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>

#include "backends/snapshot/snapshot.h"

/* Ranges non-empty, inside a file of file_size bytes, sorted and disjoint;
 * with data, their first and last bytes are touched so ASan sees them. */
static inline void fuzz_check_layout(const struct vms__snap_layout *l, uint64_t file_size,
                                     const uint8_t *data)
{
	volatile uint8_t sink = 0;

	for (size_t i = 0; i < l->nranges; i++) {
		const struct vms__snap_range *r = &l->ranges[i];

		if (!r->size || r->off > file_size || r->size > file_size - r->off)
			abort();
		if (i && l->ranges[i - 1].gpa + l->ranges[i - 1].size > r->gpa)
			abort();
		if (data)
			sink ^= data[r->off] ^ data[r->off + r->size - 1];
	}
	(void)sink;
}

#endif
