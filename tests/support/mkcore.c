// SPDX-License-Identifier: LGPL-2.1-or-later
/* vms-mkcore PATH: write a small synthetic QEMU-style ELF core (two vCPUs,
 * RAM below and above 4 GiB) for the CLI tests. */
#include <stdio.h>
#include <stdlib.h>

#include "elfcore.h"

int main(int argc, char **argv)
{
	struct elfcore_spec s = {
		.nranges = 3,
		.ranges = { { .gpa = 0, .size = 0x9f000 },
		            { .gpa = 0x100000, .size = 0x100000 },
		            { .gpa = 0x100000000ull, .size = 0x2000 } },
		.nvcpus = 2,
	};
	uint8_t *core;
	size_t len;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: vms-mkcore PATH\n");
		return 2;
	}
	elfcore_sample_regs(&s.regs[0], 0);
	elfcore_sample_regs(&s.regs[1], 1);
	if (elfcore_build(&core, &len, &s))
		return 1;
	f = fopen(argv[1], "wb");
	if (!f || fwrite(core, 1, len, f) != len || fclose(f)) {
		perror(argv[1]);
		return 1;
	}
	free(core);
	return 0;
}
