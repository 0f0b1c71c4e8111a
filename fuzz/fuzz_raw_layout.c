// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: raw-image layouts ("GPA SIZE FILE_OFFSET" lines). The
 * first 8 bytes are the image's size, the rest the layout text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vms__snap_layout l;
	uint64_t file_size;

	if (size < 8)
		return 0;
	memcpy(&file_size, data, 8);
	if (vms__raw_layout_parse(&l, (const char *)data + 8, size - 8, file_size))
		return 0;
	fuzz_check_layout(&l, file_size, NULL);
	vms__snap_layout_free(&l);
	return 0;
}
