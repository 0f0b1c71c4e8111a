// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the ELF core parser on arbitrary bytes. Whatever it
 * accepts must describe only bytes inside the buffer, sorted and disjoint. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vms__snap_layout l;
	volatile uint8_t sink = 0;

	if (vms__elf_core_parse(&l, data, size))
		return 0;
	fuzz_check_layout(&l, size, data);
	if (l.vmcoreinfo && l.vmcoreinfo_len)
		sink ^= l.vmcoreinfo[l.vmcoreinfo_len - 1];
	(void)sink;
	vms__snap_layout_free(&l);
	return 0;
}
