// SPDX-License-Identifier: LGPL-2.1-or-later
#include "synthkernel.h"

#include <stdio.h>
#include <string.h>

static struct ksb_sym syms[SK_NFILLER + 16];
static char filler[SK_NFILLER][32];

const struct ksb_sym *synthkernel_syms(uint64_t gva, size_t *n)
{
	size_t i = 0;

	syms[i++] = (struct ksb_sym){ 0, 'A', "fixed_percpu_data", 1 };
	syms[i++] = (struct ksb_sym){ 0x1000, 'A', "cpu_number", 1 };
	syms[i++] = (struct ksb_sym){ gva, 'T', "_text", 0 };
	syms[i++] = (struct ksb_sym){ gva, 'T', "startup_64", 0 };
	for (size_t f = 0; f < SK_NFILLER; f++) {
		/* Names with every digit, some shared (static functions). */
		(void)snprintf(filler[f], sizeof(filler[f]), "fn_%zu_%s", f % 650,
		               f % 3 ? "do_work" : "handle_irq");
		syms[i++] =
		        (struct ksb_sym){ gva + 0x100 + 0x40 * f, f % 2 ? 't' : 'T', filler[f], 0 };
	}
	syms[i++] = (struct ksb_sym){ gva + SK_RODATA, 'D', "linux_banner", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_DATA, 'D', "init_top_pgt", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_INIT_TASK, 'D', "init_task", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_IMAGE_SIZE, 'B', "_end", 0 };
	*n = i;
	return syms;
}

int synthkernel_add(struct synthkernel *k, struct synthmem *m, uint64_t gpa, uint64_t gva,
                    const struct ksb_opts *o)
{
	static const char banner[] = "Linux version 6.99.0-synthetic (vmscope@tests) #1 SMP\n";
	const struct ksb_sym *s = synthkernel_syms(gva, &k->nsyms);

	if (gpa + SK_IMAGE_SIZE > m->size)
		return -1;
	k->gpa = gpa;
	k->gva = gva;
	k->pt_root = gpa + SK_DATA;
	memset(m->mem + gpa, 0xcc, SK_RODATA);
	memcpy(m->mem + gpa + SK_RODATA, banner, sizeof(banner));
	if (ksb_write(m->mem, gpa + SK_DATA, gpa + SK_KALLSYMS, s, k->nsyms, o, &k->kallsyms))
		return -1;
	k->kallsyms.num_syms -= gpa;
	k->kallsyms.names -= gpa;
	k->kallsyms.markers -= gpa;
	k->kallsyms.token_table -= gpa;
	k->kallsyms.token_index -= gpa;
	k->kallsyms.end -= gpa;
	memset(m->mem + k->pt_root, 0, 0x2000);
	for (uint64_t off = 0; off < SK_IMAGE_SIZE; off += 0x200000)
		pt_map_ia32e(m, k->pt_root, 4, gva + off, gpa + off, 0x200000, SM_RW | SM_G, 0);
	return 0;
}
