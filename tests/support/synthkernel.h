/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A synthetic x86-64 Linux kernel image in synthetic memory: kallsyms, a
 * banner and its own page tables (init_top_pgt) mapping the image, laid
 * out as the real kernel is, for tests of kernel finding. */
#ifndef VMS_TEST_SYNTHKERNEL_H
#define VMS_TEST_SYNTHKERNEL_H

#include "btf_build.h"
#include "ksyms_build.h"
#include "synthmem.h"

#define SK_IMAGE_SIZE 0x800000ull /* 8 MiB: text, rodata, data, bss */
#define SK_RODATA     0x200000ull
#define SK_KALLSYMS   0x201000ull
#define SK_DATA       0x400000ull /* init_top_pgt */
#define SK_INIT_TASK  0x402000ull
#define SK_NFILLER    700
#define SK_BTF        0x300000ull /* __start_BTF; __stop_BTF is 64 KiB on */
#define SK_BTF_SIZE   0x10000ull

/* The synthetic kernel's types (its BTF): offsets of what vmscope reads. */
#define SKT_TASKS        0x10 /* task_struct */
#define SKT_PID          0x20
#define SKT_TGID         0x24
#define SKT_COMM         0x28
#define SKT_REAL_PARENT  0x38
#define SKT_MM           0x40
#define SKT_REAL_CRED    0x48
#define SKT_FLAGS        0x50
#define SKT_STATE        0x54
#define SKT_EXIT_STATE   0x58
#define SKT_START        0x60
#define SKT_SIGNAL       0x68
#define SKT_FILES        0x70
#define SKT_TASK_SIZE    0x100
#define SKT_FILES_FDT    0x20 /* files_struct.fdt */
#define SKT_FDT_MAX      0x0  /* fdtable.max_fds (u32) */
#define SKT_FDT_FD       0x8  /* fdtable.fd (struct file **) */
#define SKT_CRED_UID     0x4  /* cred: uid gid suid sgid euid egid fsuid fsgid, u32 each */
#define SKT_SIG_NR       0x8  /* signal_struct.nr_threads */
#define SKT_MM_PGD       0x0  /* mm_struct: pgd arg_start arg_end env_start env_end */
/* struct module: state (u32), list, name[56], refcnt (u32), taints (u64),
 * source_list, init, exit, core_layout { base, size (u32) }, init_layout;
 * struct module_use: source_list, target_list, source, target. */
#define SKT_MOD_STATE    0x0
#define SKT_MOD_LIST     0x8
#define SKT_MOD_NAME     0x18
#define SKT_MOD_REFCNT   0x50
#define SKT_MOD_TAINTS   0x58
#define SKT_MOD_SOURCES  0x60
#define SKT_MOD_INIT     0x70
#define SKT_MOD_EXIT     0x78
#define SKT_MOD_CORE     0x80 /* base; size at +8 */
#define SKT_MOD_INIT_LAY 0x90
#define SKT_MOD_SIZE     0xa0
#define SKT_USE_SOURCE   0x20 /* module_use.source */
/* The kernel log before 5.10: struct printk_log is ts_nsec, len,
 * text_len, dict_len (u16 each), facility, flags:5, level:3; 16 bytes. */
#define SK_MODULES       0x403000ull /* the modules list head */
#define SK_LOG_VARS \
	0x403100ull /* log_buf, log_buf_len, log_first_idx, log_first_seq, log_next_seq */
#define SK_LOG_BUF        0x404000ull
/* Per-CPU data: the offset of current_task in a CPU's area (an absolute
 * per-CPU symbol), __per_cpu_offset[] (each CPU's area) and nr_cpu_ids;
 * areas are left to the tests. */
#define SK_CURRENT_TASK   0x2000ull
#define SK_PER_CPU_OFFSET 0x403200ull
#define SK_NR_CPU_IDS     0x403280ull

struct synthkernel {
	uint64_t gpa, gva, pt_root; /* _text's gpa and gva; init_top_pgt's gpa */
	struct ksb_layout kallsyms; /* offsets from gpa */
	size_t nsyms;
};

/* kallsyms as Debian's 6.1 lays them out. */
extern const struct ksb_opts synthkernel_layout_61;

/* One vCPU in 4-level long mode with page tables at cr3. */
void synthkernel_vcpu(struct synthmem *m, uint64_t cr3);

/* Lay a kernel at gpa (2 MiB-aligned), linked at gva, its kallsyms in
 * layout o. Returns 0 or -1. */
int synthkernel_add(struct synthkernel *k, struct synthmem *m, uint64_t gpa, uint64_t gva,
                    const struct ksb_opts *o);

/* Write the kernel's BTF (the layout above) into buf; its length. */
size_t synthkernel_btf(uint8_t *buf, size_t cap);

/* The symbols synthkernel_add writes for an image at gva; *n gets their
 * count. Names point into static storage. */
const struct ksb_sym *synthkernel_syms(uint64_t gva, size_t *n);

#endif
