/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The Linux layer's private state, shared by its files. */
#ifndef VMS_LINUX_PRIV_H
#define VMS_LINUX_PRIV_H

#include <vmscope/linux.h>

#include "kallsyms.h"

/* x86-64's fixed kernel-image mapping (Documentation/arch/x86/x86_64/mm.rst):
 * the image is linked at 0xffffffff81000000 and KASLR moves it, in 2 MiB
 * steps, within the 1 GiB below the module area. */
#define LX_START_KERNEL_MAP 0xffffffff80000000ull
#define LX_LINK_TEXT        0xffffffff81000000ull
#define LX_MODULES_VADDR    0xffffffffc0000000ull

/* One kernel found in memory. */
struct lx_kernel {
	struct ksyms *ks;
	uint64_t text_gva, text_gpa, pt_root;
	char found_by[24];
};

struct vms_linux {
	struct vms_target *t;
	struct vms_linux_opts opts;
	struct lx_kernel k;
	unsigned candidates;
};

/* find.c: every kernel in t that checks out, most trustworthy first. */
int lx_find_kernels(struct lx_kernel **out, size_t *count, struct vms_target *t);
void lx_kernel_clear(struct lx_kernel *k);

#endif
