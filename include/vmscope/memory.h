/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMSCOPE_MEMORY_H
#define VMSCOPE_MEMORY_H

#include <vmscope/target.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Guest-virtual memory: address translation through the guest's own page
 * tables, reads through it, and typed helpers. pt_root is the page-table root
 * as the CPU holds it in CR3 (PCID and flag bits are ignored as the CPU
 * ignores them).
 */

/** Effective permissions of a translation. */
enum vms_page_flags {
	VMS_PAGE_WRITE = 1u << 0, /**< every level allows writes */
	VMS_PAGE_USER = 1u << 1,  /**< every level allows user mode */
	VMS_PAGE_NX = 1u << 2,    /**< some level forbids execution */
	VMS_PAGE_GLOBAL = 1u << 3,
	VMS_PAGE_DIRTY = 1u << 4,
	VMS_PAGE_ACCESSED = 1u << 5,
};

/** One step of a page walk: the entry read at one level. */
struct vms_walk_step {
	uint64_t entry_gpa; /**< where the entry lies */
	uint64_t entry;     /**< its value */
	uint8_t level;      /**< 5 PML5, 4 PML4, 3 PDPT, 2 PD, 1 PT */
	uint8_t leaf;       /**< this entry maps the page */
};

/** A translation and the walk that produced it. */
struct vms_translation {
	size_t sz; /**< sizeof(struct vms_translation), set by the caller */
	uint64_t gva;
	uint64_t gpa;                  /**< valid when the walk succeeded */
	uint64_t page_size;            /**< 4 KiB, 2 MiB, 4 MiB or 1 GiB */
	uint32_t flags;                /**< enum vms_page_flags */
	enum vms_x86_paging_mode mode; /**< the mode the walk used (x86 is the one architecture) */
	unsigned nsteps;
	struct vms_walk_step steps[5];
};

/**
 * Translate gva through the page tables at pt_root, filling *out with every
 * level of the walk, also when it fails (out->nsteps entries were read).
 * Never uses or fills the translation cache.
 * Returns 0; -EFAULT when gva does not translate (not present, reserved bits
 * set, non-canonical; the message names the level and entry), or when a
 * page table lies in memory the target does not hold; -EINVAL when the
 * paging mode is unknown.
 */
VMS_API int vms_translate_gva(struct vms_translation *out, struct vms_target *t, uint64_t pt_root,
                              uint64_t gva);

/** gva to gpa through the translation cache. Same errors as vms_translate_gva. */
VMS_API int vms_gva_to_gpa(uint64_t *gpa, struct vms_target *t, uint64_t pt_root, uint64_t gva);

/**
 * Read len bytes of guest-virtual memory at gva through the page tables at
 * pt_root, across page boundaries. Returns 0 when every byte was read;
 * otherwise a negative errno having read the bytes before the first address
 * that failed: *nread (if not NULL) says how many, and vms_error_last()
 * names the address.
 */
VMS_API int vms_read_gva(void *buf, size_t *nread, struct vms_target *t, uint64_t pt_root,
                         uint64_t gva, size_t len);

/** Write len bytes to guest-virtual memory at gva through the page tables
 * at pt_root, across page boundaries; the contract of vms_write_gpa, with
 * the translation errors of vms_read_gva. */
VMS_API int vms_write_gva(size_t *nwritten, struct vms_target *t, uint64_t pt_root, uint64_t gva,
                          const void *buf, size_t len);

/** Forget cached translations made through pt_root, or all of them when
 * pt_root is VMS_ALL_ROOTS. Needed when the guest changed its page tables
 * (live targets do this themselves when the guest resumes). */
#define VMS_ALL_ROOTS UINT64_MAX
VMS_API void vms_flush_translations(struct vms_target *t, uint64_t pt_root);

/* Typed reads, little-endian as x86 stores them: 0 or the errors of
 * vms_read_gpa / vms_read_gva. */
VMS_API int vms_read_u8_gpa(uint8_t *out, struct vms_target *t, uint64_t gpa);
VMS_API int vms_read_u16_gpa(uint16_t *out, struct vms_target *t, uint64_t gpa);
VMS_API int vms_read_u32_gpa(uint32_t *out, struct vms_target *t, uint64_t gpa);
VMS_API int vms_read_u64_gpa(uint64_t *out, struct vms_target *t, uint64_t gpa);
VMS_API int vms_read_u8_gva(uint8_t *out, struct vms_target *t, uint64_t pt_root, uint64_t gva);
VMS_API int vms_read_u16_gva(uint16_t *out, struct vms_target *t, uint64_t pt_root, uint64_t gva);
VMS_API int vms_read_u32_gva(uint32_t *out, struct vms_target *t, uint64_t pt_root, uint64_t gva);
VMS_API int vms_read_u64_gva(uint64_t *out, struct vms_target *t, uint64_t pt_root, uint64_t gva);

/** A pointer-sized value: 8 bytes in IA-32e modes, 4 otherwise. */
VMS_API int vms_read_ptr_gva(uint64_t *out, struct vms_target *t, uint64_t pt_root, uint64_t gva);

/**
 * A NUL-terminated string of at most size - 1 bytes at gva, into buf (size
 * >= 1), always terminated. *len (if not NULL) gets its length. Returns 0
 * when the terminator was found, -E2BIG when size - 1 bytes held none (buf
 * has them), or a read error (buf has what was read before it).
 */
VMS_API int vms_read_str_gva(char *buf, size_t size, size_t *len, struct vms_target *t,
                             uint64_t pt_root, uint64_t gva);

#ifdef __cplusplus
}
#endif

#endif
