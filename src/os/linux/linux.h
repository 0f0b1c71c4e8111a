/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The Linux layer's private state, shared by its files. */
#ifndef VMS_LINUX_PRIV_H
#define VMS_LINUX_PRIV_H

#include <vmscope/linux.h>

#include "../../util/hash.h"
#include "btf.h"
#include "kallsyms.h"
#include "offsets.h"

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
	int vmcoreinfo;
	/* Where symbols and types come from: "kallsyms" or "System.map" or
	 * "ISF"; "BTF" or "ISF". */
	const char *syms_from, *types_from;
	/* Symbols from a file (kept to find the kernel again after a
	 * reboot), the ISF's name and banner; NULL when there are none. */
	struct ksyms *ext;
	char *isf_name, *isf_banner;
	/* An ISF's types, as BTF, until the first use parses them. */
	uint8_t *isf_btf;
	size_t isf_btf_len;
	/* Types: BTF read on first use; the offsets resolved with it. */
	struct btf *btf;
	int types_rc; /* 0 before the first try */
	char types_err[256];
	int64_t off[LX_NOFFSETS];
};

/* find.c: every kernel in t that checks out, most trustworthy first. With
 * ext (symbols from a file, at link-time addresses) the kernel is found
 * with those instead of the kallsyms in memory. */
int lx_find_kernels(struct lx_kernel **out, size_t *count, struct vms_target *t, struct ksyms *ext);
void lx_kernel_clear(struct lx_kernel *k);

/* types.c: load the kernel's types on first use (0, or the error again,
 * with its message, on every later call). */
int lx_types(struct vms_linux *lx);
/* An offset from the list in offsets.h, in bytes; -ENOENT naming it. */
int lx_off(int64_t *off, struct vms_linux *lx, enum lx_off id);
/* A member that is an array: its element count and element size. */
int lx_array(uint32_t *nelems, uint64_t *elem_size, struct vms_linux *lx, const char *type,
             const char *path);
/* Whether the kernel has this member (for members that come and go). */
int lx_has(struct vms_linux *lx, enum lx_off id);

/* A set of addresses, for walks of guest lists to notice they came back
 * to an entry they saw: 1 if v was there, 0 if added, -ENOMEM. 0 (no
 * address) is never there, but counts in n, the number of adds. */
struct lx_seen {
	struct vms__map64 set;
	size_t n;
};
int lx_seen_add(struct lx_seen *s, uint64_t v);
void lx_seen_free(struct lx_seen *s);

/* The links a walk of a guest list followed: where each next pointer lies
 * and what it held. On a guest that can run, the walk reads them again at
 * its end: if one changed, the list changed while it was read and what
 * the walk put together may be a mix of before and after (or its error
 * may come from the change), so the walk says -EAGAIN instead. On a
 * snapshot nothing is recorded. */
struct lx_links {
	uint64_t *at, *val;
	size_t n, cap;
	int on;
};
void lx_links_init(struct lx_links *l, struct vms_linux *lx);
/* Record one link: 0 or -ENOMEM. */
int lx_links_add(struct lx_links *l, uint64_t at, uint64_t val);
/* The walk's result rc, or -EAGAIN (naming what) if a link changed. */
int lx_links_check(struct lx_links *l, struct vms_linux *lx, int rc, const char *what);
void lx_links_free(struct lx_links *l);

/* vfs.c: the path of an open file as the kernel's d_path() writes it
 * (what /proc/PID/fd and /proc/PID/maps show): mount points followed up to
 * the root, " (deleted)" for unlinked files, and the names pseudo
 * filesystems give ("pipe:[123]", "socket:[456]", "anon_inode:[eventfd]").
 * Also the file's device and inode number. 0, or -EFAULT/-ELOOP. */
struct lx_file_info {
	uint32_t dev; /* the kernel's encoding: major << 20 | minor */
	uint64_t ino;
};
int lx_file_path(char *buf, size_t size, struct lx_file_info *info, struct vms_linux *lx,
                 uint64_t file);

/* tasks.c: the task pid (a process or thread): its task_struct and mm.
 * -ENOENT if there is none. */
int lx_find_task(uint64_t *task, uint64_t *mm, struct vms_linux *lx, int32_t pid);

/* files.c: the open files of the task at gva task (pid for messages). */
int lx_task_files(struct vms_linux_fd **out, size_t *count, struct vms_linux *lx, uint64_t task,
                  int32_t pid);

/* Zero-copy: *out points at len bytes of kernel memory at gva when the
 * target never changes (a snapshot) and they lie in one piece of mapped
 * guest-physical memory; -EOPNOTSUPP or -EFAULT otherwise (read a copy).
 * What a live guest can change is always copied before it is checked. */
int lx_map_static(const void **out, struct vms_linux *lx, uint64_t gva, size_t len);

/* A kernel symbol's address, or 0 (no name expansion: cheap). */
uint64_t lx_sym(struct vms_linux *lx, const char *name);

/* Kernel reads through the kernel's page tables, u64 and u32. */
int lx_u64(struct vms_linux *lx, uint64_t gva, uint64_t *v);
int lx_u32(struct vms_linux *lx, uint64_t gva, uint32_t *v);

#endif
