/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A synthetic x86-64 Linux kernel image in synthetic memory: kallsyms, a
 * banner and its own page tables (init_top_pgt) mapping the image, laid
 * out as the real kernel is, for tests of kernel finding. */
#ifndef VMS_TEST_SYNTHKERNEL_H
#define VMS_TEST_SYNTHKERNEL_H

#include "ksyms_build.h"
#include "synthmem.h"

#define SK_IMAGE_SIZE 0x800000ull /* 8 MiB: text, rodata, data, bss */
#define SK_RODATA     0x200000ull
#define SK_KALLSYMS   0x201000ull
#define SK_DATA       0x400000ull /* init_top_pgt */
#define SK_INIT_TASK  0x402000ull
#define SK_NFILLER    700

struct synthkernel {
	uint64_t gpa, gva, pt_root; /* _text's gpa and gva; init_top_pgt's gpa */
	struct ksb_layout kallsyms; /* offsets from gpa */
	size_t nsyms;
};

/* Lay a kernel at gpa (2 MiB-aligned), linked at gva, its kallsyms in
 * layout o. Returns 0 or -1. */
int synthkernel_add(struct synthkernel *k, struct synthmem *m, uint64_t gpa, uint64_t gva,
                    const struct ksb_opts *o);

/* The symbols synthkernel_add writes for an image at gva; *n gets their
 * count. Names point into static storage. */
const struct ksb_sym *synthkernel_syms(uint64_t gva, size_t *n);

#endif
