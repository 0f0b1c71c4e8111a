/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Synthetic ELF cores laid out as QEMU's dump-guest-memory lays them out,
 * written from the documented formats (not from vmscope's parser), so the
 * parser is checked against an independent encoder. */
#ifndef VMS_TEST_ELFCORE_H
#define VMS_TEST_ELFCORE_H

#include <stddef.h>
#include <stdint.h>
#include <vmscope/x86.h>

#define ELFCORE_MAX_RANGES 16
#define ELFCORE_MAX_VCPUS  80

struct elfcore_spec {
	int is32;         /* ELFCLASS32 instead of ELFCLASS64 */
	uint16_t machine; /* 0 means EM_X86_64 */
	int xnum;         /* encode the program header count with PN_XNUM */
	size_t nranges;
	struct {
		uint64_t gpa, size, vaddr; /* vaddr 0: same as gpa */
		uint64_t memsz;            /* 0: same as size */
		unsigned alias;            /* 1 + index of an earlier range whose file bytes
		                            * this one shares, as in QEMU's paging dumps */
	} ranges[ELFCORE_MAX_RANGES];
	unsigned nvcpus;
	struct vms_x86_regs regs[ELFCORE_MAX_VCPUS];
	int no_qemu_notes;       /* only NT_PRSTATUS notes */
	int no_prstatus_notes;   /* only QEMU notes */
	unsigned qemu_note_size; /* 0: 440, as QEMU 7.2 writes */
	const char *vmcoreinfo;  /* NULL: none */
};

/* Build the core in a malloc'd buffer the caller frees. Range i's bytes are
 * elfcore_byte(gpa) for each of its addresses. Returns 0 or -1. */
int elfcore_build(uint8_t **out, size_t *len, const struct elfcore_spec *spec);

/* The deterministic content of guest-physical address gpa. */
static inline uint8_t elfcore_byte(uint64_t gpa)
{
	uint64_t x = gpa * 0x9e3779b97f4a7c15ull;

	return (uint8_t)(x >> 56) ^ (uint8_t)gpa;
}

/* Registers that look like a 64-bit Linux kernel's, different per vCPU. */
void elfcore_sample_regs(struct vms_x86_regs *r, unsigned vcpu);

#endif
