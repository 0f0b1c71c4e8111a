// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * x86 address translation (SDM vol. 3, chapter 4): 32-bit legacy paging
 * (4 KiB and 4 MiB pages), PAE (4 KiB, 2 MiB), IA-32e 4-level and 5-level
 * (4 KiB, 2 MiB, 1 GiB), and reads of guest-virtual memory through it.
 *
 * Page tables are guest data: every entry is read with a bounds-checked
 * physical read, a walk has at most five steps, and a failing walk says at
 * which level and entry it stopped.
 */
#include <errno.h>
#include <string.h>

#include "../../core/internal.h"
#include "../../util/opts.h"

#define PTE_P          (1ull << 0)
#define PTE_RW         (1ull << 1)
#define PTE_US         (1ull << 2)
#define PTE_A          (1ull << 5)
#define PTE_D          (1ull << 6)
#define PTE_PS         (1ull << 7)
#define PTE_G          (1ull << 8)
#define PTE_XD         (1ull << 63)
#define ADDR_MASK      0x000ffffffffff000ull /* bits 51:12 */
/* PAE page-directory-pointer entries: bits 2:1 and 8:5 are reserved. */
#define PAE_PDPTE_RSVD 0x1e6ull

static const char *const level_names[] = { "", "PTE", "PDE", "PDPTE", "PML4E", "PML5E" };

static int phys_entry(struct vms_target *t, uint64_t gpa, int wide, uint64_t *e)
{
	uint32_t v32;
	int ret;

	if (wide)
		return vms__phys_u64(t, gpa, e);
	ret = vms__phys_u32(t, gpa, &v32);
	*e = v32;
	return ret;
}

static int step_fail(const struct vms_translation *tr, const char *why)
{
	const struct vms_walk_step *s = &tr->steps[tr->nsteps - 1];

	return vms_error_set(-EFAULT, "gva 0x%llx: %s %s at gpa 0x%llx (value 0x%llx)",
	                     (unsigned long long)tr->gva, level_names[s->level], why,
	                     (unsigned long long)s->entry_gpa, (unsigned long long)s->entry);
}

/* Read the entry of one level into the next step of tr. */
static int read_step(struct vms_target *t, struct vms_translation *tr, unsigned level,
                     uint64_t entry_gpa, int wide)
{
	struct vms_walk_step *s = &tr->steps[tr->nsteps];
	uint64_t e;

	if (phys_entry(t, entry_gpa, wide, &e))
		return vms_error_set(
		        -EFAULT, "gva 0x%llx: the %s at gpa 0x%llx is not in the target's memory",
		        (unsigned long long)tr->gva, level_names[level],
		        (unsigned long long)entry_gpa);
	s->entry_gpa = entry_gpa;
	s->entry = e;
	s->level = (uint8_t)level;
	s->leaf = 0;
	tr->nsteps++;
	if (!(e & PTE_P))
		return step_fail(tr, "is not present");
	return 0;
}

static void accumulate(struct vms_translation *tr, uint64_t e, int has_nx)
{
	if (!(e & PTE_RW))
		tr->flags &= ~VMS_PAGE_WRITE;
	if (!(e & PTE_US))
		tr->flags &= ~VMS_PAGE_USER;
	if (has_nx && (e & PTE_XD))
		tr->flags |= VMS_PAGE_NX;
}

static void leaf(struct vms_translation *tr, uint64_t e, uint64_t base, uint64_t size)
{
	tr->steps[tr->nsteps - 1].leaf = 1;
	tr->page_size = size;
	tr->gpa = base | (tr->gva & (size - 1));
	if (e & PTE_G)
		tr->flags |= VMS_PAGE_GLOBAL;
	if (e & PTE_D)
		tr->flags |= VMS_PAGE_DIRTY;
	if (e & PTE_A)
		tr->flags |= VMS_PAGE_ACCESSED;
}

static int walk_ia32e(struct vms_target *t, struct vms_translation *tr, uint64_t root,
                      unsigned levels)
{
	unsigned bits = levels == 5 ? 57 : 48;
	uint64_t table = root & ADDR_MASK;
	int64_t sext = (int64_t)(tr->gva << (64 - bits)) >> (64 - bits);
	int ret;

	if ((uint64_t)sext != tr->gva)
		return vms_error_set(-EFAULT, "gva 0x%llx is not canonical for %u-level paging",
		                     (unsigned long long)tr->gva, levels);
	for (unsigned level = levels; level >= 1; level--) {
		unsigned shift = 12 + 9 * (level - 1);
		uint64_t e;

		ret = read_step(t, tr, level, table + ((tr->gva >> shift) & 511) * 8, 1);
		if (ret)
			return ret;
		e = tr->steps[tr->nsteps - 1].entry;
		accumulate(tr, e, 1);
		if (level >= 4 && (e & PTE_PS))
			return step_fail(tr, "has the reserved PS bit set");
		if (level == 1 || ((level == 2 || level == 3) && (e & PTE_PS))) {
			uint64_t size = 1ull << shift;

			/* A large page's address bits below its size, above the
			 * PAT bit (12), are reserved. */
			if (level > 1 && (e & (size - 1) & ~0x1fffull))
				return step_fail(tr, "maps a large page with reserved bits set");
			leaf(tr, e, e & ADDR_MASK & ~(size - 1), size);
			return 0;
		}
		table = e & ADDR_MASK;
	}
	return 0;
}

static int walk_pae(struct vms_target *t, struct vms_translation *tr, uint64_t root)
{
	uint64_t e;
	int ret;

	if (tr->gva > 0xffffffffull)
		return vms_error_set(-EFAULT, "gva 0x%llx is beyond 32 bits (PAE paging)",
		                     (unsigned long long)tr->gva);
	ret = read_step(t, tr, 3, (root & 0xffffffe0ull) + ((tr->gva >> 30) & 3) * 8, 1);
	if (ret)
		return ret;
	e = tr->steps[0].entry;
	if (e & PAE_PDPTE_RSVD)
		return step_fail(tr, "has reserved bits set");
	ret = read_step(t, tr, 2, (e & ADDR_MASK) + ((tr->gva >> 21) & 511) * 8, 1);
	if (ret)
		return ret;
	e = tr->steps[1].entry;
	accumulate(tr, e, 1);
	if (e & PTE_PS) {
		if (e & 0x1fe000ull)
			return step_fail(tr, "maps a large page with reserved bits set");
		leaf(tr, e, e & ADDR_MASK & ~0x1fffffull, 0x200000);
		return 0;
	}
	ret = read_step(t, tr, 1, (e & ADDR_MASK) + ((tr->gva >> 12) & 511) * 8, 1);
	if (ret)
		return ret;
	e = tr->steps[2].entry;
	accumulate(tr, e, 1);
	leaf(tr, e, e & ADDR_MASK, 0x1000);
	return 0;
}

static int walk_legacy(struct vms_target *t, struct vms_translation *tr, uint64_t root, int pse)
{
	uint64_t e;
	int ret;

	if (tr->gva > 0xffffffffull)
		return vms_error_set(-EFAULT, "gva 0x%llx is beyond 32 bits (32-bit paging)",
		                     (unsigned long long)tr->gva);
	ret = read_step(t, tr, 2, (root & 0xfffff000ull) + (tr->gva >> 22) * 4, 0);
	if (ret)
		return ret;
	e = tr->steps[0].entry;
	accumulate(tr, e, 0);
	if (pse && (e & PTE_PS)) {
		/* 4 MiB page; PSE-36 puts physical bits 39:32 in bits 20:13,
		 * and bit 21 is reserved. */
		if (e & (1ull << 21))
			return step_fail(tr, "maps a large page with reserved bits set");
		leaf(tr, e, (e & 0xffc00000ull) | (((e >> 13) & 0xff) << 32), 0x400000);
		return 0;
	}
	ret = read_step(t, tr, 1, (e & 0xfffff000ull) + ((tr->gva >> 12) & 1023) * 4, 0);
	if (ret)
		return ret;
	e = tr->steps[1].entry;
	accumulate(tr, e, 0);
	leaf(tr, e, e & 0xfffff000ull, 0x1000);
	return 0;
}

static int paging_mode(struct vms_target *t, enum vms_x86_paging_mode *mode)
{
	struct vms__paging *pg = &vms__target_mem(t)->paging;

	if (!pg->known) {
		struct vms_x86_regs r;

		pg->known = 1;
		pg->mode = VMS_X86_PAGING_UNKNOWN;
		pg->pse = 1;
		if (vms_target_vcpu_count(t) > 0 && vms_target_get_regs(&r, t, 0) == 0) {
			pg->mode = vms_x86_paging_mode(&r);
			pg->pse = !!(r.cr4 & VMS_X86_CR4_PSE);
		}
	}
	*mode = pg->mode;
	if (*mode == VMS_X86_PAGING_UNKNOWN)
		return vms_error_set(-EINVAL, "the paging mode is unknown (the target has no vCPU "
		                              "state); set it with vms_x86_target_set_paging_mode");
	return 0;
}

enum vms_x86_paging_mode vms_x86_target_paging_mode(struct vms_target *t)
{
	enum vms_x86_paging_mode mode;

	return t && paging_mode(t, &mode) == 0 ? mode : VMS_X86_PAGING_UNKNOWN;
}

int vms_x86_target_set_paging_mode(struct vms_target *t, enum vms_x86_paging_mode mode)
{
	struct vms__paging *pg;

	if (!t || mode <= VMS_X86_PAGING_UNKNOWN || mode > VMS_X86_PAGING_IA32E_5)
		return vms_error_set(-EINVAL, "vms_x86_target_set_paging_mode: bad mode %d",
		                     (int)mode);
	pg = &vms__target_mem(t)->paging;
	pg->known = pg->set = 1;
	pg->mode = mode;
	pg->pse = 1;
	vms__tc_flush(&vms__target_mem(t)->tc, VMS_ALL_ROOTS);
	return 0;
}

/* The mode a cached translation was made in: the cache's key depends on it. */
static enum vms_x86_paging_mode known_mode(struct vms_target *t)
{
	const struct vms__paging *pg = &vms__target_mem(t)->paging;

	return pg->known ? pg->mode : VMS_X86_PAGING_UNKNOWN;
}

/* The part of CR3 that locates the top table, per mode: the cache key. */
static uint64_t root_of(enum vms_x86_paging_mode mode, uint64_t pt_root)
{
	switch (mode) {
	case VMS_X86_PAGING_LEGACY32:
		return pt_root & 0xfffff000ull;
	case VMS_X86_PAGING_PAE:
		return pt_root & 0xffffffe0ull;
	case VMS_X86_PAGING_NONE:
		return 0;
	default:
		return pt_root & ADDR_MASK;
	}
}

static int translate(struct vms_translation *tr, struct vms_target *t, uint64_t pt_root,
                     uint64_t gva)
{
	enum vms_x86_paging_mode mode;
	int ret;

	memset(tr, 0, sizeof(*tr));
	tr->gva = gva;
	ret = paging_mode(t, &mode);
	if (ret)
		return ret;
	tr->mode = mode;
	tr->flags = VMS_PAGE_WRITE | VMS_PAGE_USER;
	switch (mode) {
	case VMS_X86_PAGING_NONE:
		tr->gpa = gva;
		tr->page_size = 0x1000;
		return 0;
	case VMS_X86_PAGING_LEGACY32:
		return walk_legacy(t, tr, pt_root, vms__target_mem(t)->paging.pse);
	case VMS_X86_PAGING_PAE:
		return walk_pae(t, tr, pt_root);
	case VMS_X86_PAGING_IA32E_4:
		return walk_ia32e(t, tr, pt_root, 4);
	case VMS_X86_PAGING_IA32E_5:
		return walk_ia32e(t, tr, pt_root, 5);
	case VMS_X86_PAGING_UNKNOWN:
		break;
	}
	return vms_error_set(-EINVAL, "paging mode %d is not known", (int)mode);
}

int vms_translate_gva(struct vms_translation *out, struct vms_target *t, uint64_t pt_root,
                      uint64_t gva)
{
	struct vms_translation tr = { .sz = sizeof(tr) };
	int rc = vms__out_check(out, "vms_translation");

	if (rc)
		return rc;
	if (!t)
		return vms_error_set(-EINVAL, "vms_translate_gva: NULL target");
	rc = translate(&tr, t, pt_root, gva);
	vms__out_copy(out, &tr, sizeof(tr));
	return rc;
}

int vms_gva_to_gpa(uint64_t *gpa, struct vms_target *t, uint64_t pt_root, uint64_t gva)
{
	struct vms_translation tr = { .sz = sizeof(tr) };
	struct vms__tcache *tc;
	uint64_t page;
	int ret;

	if (!gpa || !t)
		return vms_error_set(-EINVAL, "vms_gva_to_gpa: NULL argument");
	tc = &vms__target_mem(t)->tc;
	if (vms__target_mem(t)->paging.known &&
	    vms__tc_lookup(tc, root_of(known_mode(t), pt_root), gva >> 12, &page)) {
		*gpa = page | (gva & 0xfff);
		return 0;
	}
	ret = translate(&tr, t, pt_root, gva);
	if (ret)
		return ret;
	vms__tc_insert(tc, root_of(tr.mode, pt_root), gva >> 12, tr.gpa & ~0xfffull, tr.flags);
	*gpa = tr.gpa;
	return 0;
}

void vms_flush_translations(struct vms_target *t, uint64_t pt_root)
{
	if (!t)
		return;
	vms__tc_flush(&vms__target_mem(t)->tc,
	              pt_root == VMS_ALL_ROOTS ? VMS_ALL_ROOTS : root_of(known_mode(t), pt_root));
}

/* Move len bytes between buf and guest-virtual memory a page at a time:
 * read into rbuf, or write from wbuf. Each page is translated before it is
 * touched, since a write may change the tables the next page goes through
 * (and flushes the cache). *ndone counts the bytes moved. */
static int gva_xfer(size_t *ndone, struct vms_target *t, uint64_t pt_root, uint64_t gva, void *rbuf,
                    const void *wbuf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		uint64_t at = gva + done, gpa;
		size_t n = 0x1000 - (at & 0xfff), moved = 0;
		int ret;

		if (n > len - done)
			n = len - done;
		ret = vms_gva_to_gpa(&gpa, t, pt_root, at);
		if (!ret)
			ret = rbuf ? vms_read_gpa((uint8_t *)rbuf + done, &moved, t, gpa, n)
			           : vms_write_gpa(&moved, t, gpa, (const uint8_t *)wbuf + done, n);
		if (ret) {
			*ndone = done + moved;
			return ret;
		}
		done += n;
	}
	*ndone = done;
	return 0;
}

int vms_read_gva(void *buf, size_t *nread, struct vms_target *t, uint64_t pt_root, uint64_t gva,
                 size_t len)
{
	size_t done = 0;
	int ret;

	if (!t || (!buf && len)) {
		if (nread)
			*nread = 0;
		return vms_error_set(-EINVAL, "vms_read_gva: NULL argument");
	}
	ret = gva_xfer(&done, t, pt_root, gva, buf, NULL, len);
	if (nread)
		*nread = done;
	return ret;
}

int vms_write_gva(size_t *nwritten, struct vms_target *t, uint64_t pt_root, uint64_t gva,
                  const void *buf, size_t len)
{
	size_t done = 0;
	int ret;

	if (!t || (!buf && len)) {
		if (nwritten)
			*nwritten = 0;
		return vms_error_set(-EINVAL, "vms_write_gva: NULL argument");
	}
	ret = gva_xfer(&done, t, pt_root, gva, NULL, buf, len);
	if (nwritten)
		*nwritten = done;
	return ret;
}
