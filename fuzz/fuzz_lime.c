// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the LiME parser on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vms__snap_layout l;

	if (vms__lime_parse(&l, data, size))
		return 0;
	fuzz_check_layout(&l, size, data);
	vms__snap_layout_free(&l);
	return 0;
}
