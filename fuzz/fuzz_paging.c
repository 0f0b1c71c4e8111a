// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: page walks over hostile page tables. The input is the
 * paging mode, a gva, a CR3 and then guest-physical memory itself, so every
 * entry, pointer and loop in the tables is the fuzzer's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vmscope/vmscope.h>

#include "synthmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vms_translation tr = { .sz = sizeof(tr) };
	struct synthmem *m;
	struct vms_target *t;
	uint64_t gva, cr3, gpa;
	char str[64];
	uint8_t buf[64];
	size_t n, memsize;

	if (size < 17)
		return 0;
	memsize = ((size - 17) + 0xfff) & ~(size_t)0xfff;
	m = synthmem_new(memsize ? memsize : 0x1000);
	if (!m)
		return 0;
	memcpy(m->mem, data + 17, size - 17);
	memcpy(&gva, data + 1, 8);
	memcpy(&cr3, data + 9, 8);
	if (synthmem_open(&t, m)) {
		synthmem_free(m);
		return 0;
	}
	vms_x86_target_set_paging_mode(t, (enum vms_x86_paging_mode)(1 + data[0] % 5));
	if (vms_translate_gva(&tr, t, cr3, gva) == 0) {
		if (!tr.page_size || (tr.gpa & (tr.page_size - 1)) != (gva & (tr.page_size - 1)))
			abort();
		if (tr.nsteps && !tr.steps[tr.nsteps - 1].leaf)
			abort();
		/* The cached path agrees with the walk. */
		if (vms_gva_to_gpa(&gpa, t, cr3, gva) || gpa != tr.gpa ||
		    vms_gva_to_gpa(&gpa, t, cr3, gva) || gpa != tr.gpa)
			abort();
	}
	if (tr.nsteps > 5)
		abort();
	if (vms_read_gva(buf, &n, t, cr3, gva - 8, sizeof(buf)) == 0 && n != sizeof(buf))
		abort();
	if (n > sizeof(buf))
		abort();
	(void)vms_read_str_gva(str, sizeof(str), &n, t, cr3, gva);
	if (n >= sizeof(str) || str[n] != '\0')
		abort();
	vms_target_close(t);
	synthmem_free(m);
	return 0;
}
