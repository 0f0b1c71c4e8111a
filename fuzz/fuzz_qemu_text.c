// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the parsers of QEMU's monitor text (the flat memory
 * map and the vCPU registers) on hostile text. Every region they accept
 * must be sane. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backends/qemu/qmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct qemu_region *r;
	struct vms_x86_regs *regs;
	unsigned nregs;
	size_t n;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (qemu_parse_mtree(&r, &n, text) == 0) {
		for (size_t i = 0; i < n; i++)
			if (!r[i].size || r[i].start + (r[i].size - 1) < r[i].start ||
			    r[i].offset + r[i].size < r[i].offset || !r[i].name[0])
				abort();
		free(r);
	}
	if (qemu_parse_registers(&regs, &nregs, text) == 0) {
		if (nregs == 0 || nregs > QEMU_MAX_VCPUS)
			abort();
		free(regs);
	}
	free(text);
	return 0;
}
