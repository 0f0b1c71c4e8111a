/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMSCOPE_X86_H
#define VMSCOPE_X86_H

#include <vmscope/common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vms_target;

/** A segment register as the CPU caches it. flags are QEMU/SVM-style
 * descriptor attribute bits (bits 8..23 of the descriptor's high word). */
struct vms_x86_segment {
	uint64_t base;
	uint32_t limit;
	uint32_t flags;
	uint16_t selector;
};

/** Which parts of struct vms_x86_regs a source provided. */
enum vms_x86_regs_valid {
	VMS_X86_REGS_GPR = 1u << 0,      /**< rax..r15, rip, rflags */
	VMS_X86_REGS_SEGMENTS = 1u << 1, /**< cs..gs with bases, ldtr, tr */
	VMS_X86_REGS_DTABLES = 1u << 2,  /**< gdtr, idtr */
	VMS_X86_REGS_CONTROL = 1u << 3,  /**< cr0, cr2, cr3, cr4 */
	VMS_X86_REGS_EFER = 1u << 4,     /**< efer, read from the CPU state */
	/** efer holds only LME and LMA, deduced from how the source recorded
	 * the vCPU (QEMU's ELF dumps say x86-64 exactly when long mode is
	 * active) because the source does not record EFER itself. */
	VMS_X86_REGS_EFER_DERIVED = 1u << 5,
	VMS_X86_REGS_FSGS_BASE = 1u << 6,      /**< fs_base, gs_base */
	VMS_X86_REGS_KERNEL_GS_BASE = 1u << 7, /**< kernel_gs_base (the swapgs MSR) */
	/** The selectors of cs..gs only, without bases and limits (a
	 * debugger's view); implied by VMS_X86_REGS_SEGMENTS. */
	VMS_X86_REGS_SELECTORS = 1u << 8,
};

/** The state of one x86 vCPU. Fields whose VMS_X86_REGS_* bit is clear in
 * valid are zero and unknown. */
struct vms_x86_regs {
	uint32_t valid;
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags;
	struct vms_x86_segment cs, ds, es, fs, gs, ss, ldtr, tr;
	struct vms_x86_segment gdtr, idtr; /* base and limit only */
	uint64_t cr0, cr2, cr3, cr4;
	uint64_t efer;
	uint64_t fs_base, gs_base, kernel_gs_base;
};

#define VMS_X86_CR0_PE   (1ull << 0)
#define VMS_X86_CR0_PG   (1ull << 31)
#define VMS_X86_CR4_PSE  (1ull << 4)
#define VMS_X86_CR4_PAE  (1ull << 5)
#define VMS_X86_CR4_LA57 (1ull << 12)
#define VMS_X86_EFER_LME (1ull << 8)
#define VMS_X86_EFER_LMA (1ull << 10)
#define VMS_X86_EFER_NXE (1ull << 11)
#define VMS_X86_SEG_L    (1u << 21) /* 64-bit code segment */

/** How a vCPU translates virtual addresses. */
enum vms_x86_paging_mode {
	VMS_X86_PAGING_UNKNOWN = 0, /**< the control registers are not known */
	VMS_X86_PAGING_NONE,        /**< CR0.PG clear: virtual is physical */
	VMS_X86_PAGING_LEGACY32,    /**< 32-bit, 2 levels, 4 KiB and 4 MiB pages */
	VMS_X86_PAGING_PAE,         /**< 3 levels, 4 KiB and 2 MiB pages */
	VMS_X86_PAGING_IA32E_4,     /**< 4-level, 4 KiB, 2 MiB and 1 GiB pages */
	VMS_X86_PAGING_IA32E_5,     /**< 5-level (LA57) */
};

/** The paging mode regs are in, from CR0.PG, CR4.PAE, EFER.LMA and CR4.LA57.
 * VMS_X86_PAGING_UNKNOWN when the control registers or EFER are not known. */
VMS_API enum vms_x86_paging_mode vms_x86_paging_mode(const struct vms_x86_regs *regs);

/** A short stable name for a paging mode: "none", "legacy32", "pae",
 * "ia32e-4level", "ia32e-5level" or "unknown". */
VMS_API const char *vms_x86_paging_mode_name(enum vms_x86_paging_mode mode);

/**
 * The paging mode used to translate guest-virtual addresses of t. It starts
 * as vCPU 0's mode (from its CR0, CR4 and EFER) when the target knows it,
 * and VMS_X86_PAGING_UNKNOWN otherwise; set it with vms_x86_target_set_paging_mode.
 */
VMS_API enum vms_x86_paging_mode vms_x86_target_paging_mode(struct vms_target *t);

/** Set the paging mode for t's virtual accesses (legacy 32-bit mode honours
 * 4 MiB pages, as with CR4.PSE set). Flushes the translation cache.
 * -EINVAL for VMS_X86_PAGING_UNKNOWN or a value out of range. */
VMS_API int vms_x86_target_set_paging_mode(struct vms_target *t, enum vms_x86_paging_mode mode);

#ifdef __cplusplus
}
#endif

#endif
