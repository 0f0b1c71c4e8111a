// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A process's memory areas, as fs/proc/task_mmu.c's show_map_vma() shows
 * them. The areas come from mm->mm_mt, a maple tree (maple.c), on 6.1 and
 * later, and from the mm->mmap list through vm_next before. Every area
 * must belong to this mm (vm_mm) and follow the one before it, so a
 * corrupt or stale entry stops the walk with an error instead of showing
 * memory that is not there.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/array.h"
#include "../../util/error.h"
#include "linux.h"
#include "maple.h"

#define MAX_VMAS  (1u << 20) /* sysctl vm.max_map_count is 65530 by default */
#define VM_READ   0x1
#define VM_WRITE  0x2
#define VM_EXEC   0x4
#define VM_SHARED 0x80 /* VM_MAYSHARE */

struct maps {
	struct vms_linux *lx;
	uint64_t mm, start_brk, brk, start_stack;
	int64_t o[LX_NOFFSETS];
	struct vms_linux_vma *v;
	size_t n, cap;
};

static int rd(void *ctx, uint64_t gva, uint64_t *out)
{
	return lx_u64(((struct maps *)ctx)->lx, gva, out);
}

/* What show_map_vma() prints after the numbers, for an area without a file. */
static const char *anon_name(struct maps *m, const struct vms_linux_vma *a, uint64_t vma, char *buf,
                             size_t size)
{
	uint64_t ops, fn, priv, name;
	size_t len;

	if (!lx_u64(m->lx, vma + (uint64_t)m->o[LX_VMA_OPS], &ops) && ops &&
	    m->o[LX_VMOPS_NAME] != LX_OFF_MISSING &&
	    !lx_u64(m->lx, ops + (uint64_t)m->o[LX_VMOPS_NAME], &fn) && fn &&
	    fn == lx_sym(m->lx, "special_mapping_name") &&
	    !lx_u64(m->lx, vma + (uint64_t)m->o[LX_VMA_PRIVATE], &priv) && priv &&
	    !lx_u64(m->lx, priv, &name) &&
	    vms_read_str_gva(buf, size, &len, m->lx->t, m->lx->k.pt_root, name) >= 0)
		return buf;
	if (a->start <= m->brk && a->end >= m->start_brk)
		return "[heap]";
	if (a->start <= m->start_stack && a->end >= m->start_stack)
		return "[stack]";
	return "";
}

static int add_vma(void *ctx, uint64_t first, uint64_t last, uint64_t vma)
{
	struct maps *m = ctx;
	const int64_t *o = m->o;
	struct vms_linux_vma *a;
	uint64_t mm, file, pgoff;
	char buf[4096 + 16];
	struct lx_file_info fi;

	(void)first;
	(void)last;
	if (m->n >= MAX_VMAS)
		return vms_error_set(-ELOOP, "more than %u memory areas", MAX_VMAS);
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		struct vms_linux_vma *nv = realloc(m->v, cap * sizeof(*nv));

		if (!nv)
			return vms_error_set(-ENOMEM, "out of memory");
		m->v = nv;
		m->cap = cap;
	}
	a = &m->v[m->n];
	memset(a, 0, sizeof(*a));
	a->vma = vma;
	if (lx_u64(m->lx, vma + (uint64_t)o[LX_VMA_START], &a->start) ||
	    lx_u64(m->lx, vma + (uint64_t)o[LX_VMA_END], &a->end) ||
	    lx_u64(m->lx, vma + (uint64_t)o[LX_VMA_MM], &mm) ||
	    lx_u64(m->lx, vma + (uint64_t)o[LX_VMA_FLAGS], &a->vm_flags))
		return vms_error_set(-EFAULT, "memory area at %#" PRIx64 " is not readable", vma);
	if (mm != m->mm || a->start >= a->end || (m->n && a->start < m->v[m->n - 1].end))
		return vms_error_set(-EINVAL,
		                     "memory area at %#" PRIx64 " (%#" PRIx64 "-%#" PRIx64
		                     ") is not this process's or out of order",
		                     vma, a->start, a->end);
	a->perms[0] = a->vm_flags & VM_READ ? 'r' : '-';
	a->perms[1] = a->vm_flags & VM_WRITE ? 'w' : '-';
	a->perms[2] = a->vm_flags & VM_EXEC ? 'x' : '-';
	a->perms[3] = a->vm_flags & VM_SHARED ? 's' : 'p';
	if (lx_u64(m->lx, vma + (uint64_t)o[LX_VMA_FILE], &file))
		a->partial = 1;
	else if (file) {
		if (lx_u64(m->lx, vma + (uint64_t)o[LX_VMA_PGOFF], &pgoff))
			a->partial = 1;
		a->offset = pgoff << 12;
		if (lx_file_path(buf, sizeof(buf), &fi, m->lx, file)) {
			a->partial = 1;
			buf[0] = '\0';
		}
		a->dev_major = fi.dev >> 20;
		a->dev_minor = fi.dev & 0xfffff;
		a->ino = fi.ino;
	} else {
		const char *name = anon_name(m, a, vma, buf, sizeof(buf));

		if (name != buf)
			(void)snprintf(buf, sizeof(buf), "%s", name);
	}
	a->name = strdup(buf);
	if (!a->name)
		return vms_error_set(-ENOMEM, "out of memory");
	m->n++;
	return 0;
}

static int walk_list(struct maps *m)
{
	uint64_t vma;
	int rc;

	if (lx_u64(m->lx, m->mm + (uint64_t)m->o[LX_MM_MMAP], &vma))
		return vms_error_set(-EFAULT, "mm_struct at %#" PRIx64 " is not readable", m->mm);
	while (vma) {
		rc = add_vma(m, 0, 0, vma);
		if (rc)
			return rc;
		if (lx_u64(m->lx, vma + (uint64_t)m->o[LX_VMA_NEXT], &vma))
			return vms_error_set(-EFAULT, "memory area at %#" PRIx64 " is not readable",
			                     vma);
	}
	return 0;
}

static const enum lx_off needed[] = {
	LX_MM_START_BRK, LX_MM_BRK,    LX_MM_START_STACK, LX_VMA_START, LX_VMA_END,     LX_VMA_MM,
	LX_VMA_FLAGS,    LX_VMA_PGOFF, LX_VMA_FILE,       LX_VMA_OPS,   LX_VMA_PRIVATE,
};

/* What the n areas at v own. */
static void vmas_clear(void *elems, size_t n)
{
	struct vms_linux_vma *v = elems;

	for (size_t i = 0; v && i < n; i++)
		free(v[i].name);
}

int vms_linux_maps(struct vms_linux_vma **out, size_t *count, struct vms_linux *lx, int32_t pid)
{
	struct maps m = { .lx = lx };
	uint64_t task, root;
	int rc;

	*out = NULL;
	*count = 0;
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		rc = lx_off(&m.o[needed[i]], lx, needed[i]);
		if (rc)
			return rc;
	}
	m.o[LX_VMOPS_NAME] = lx_has(lx, LX_VMOPS_NAME) ? lx->off[LX_VMOPS_NAME] : LX_OFF_MISSING;
	rc = lx_find_task(&task, &m.mm, lx, pid);
	if (rc)
		return rc;
	if (!m.mm)
		return vms_error_set(-EINVAL, "pid %d is a kernel thread: it has no memory map",
		                     pid);
	if (lx_u64(lx, m.mm + (uint64_t)m.o[LX_MM_START_BRK], &m.start_brk) ||
	    lx_u64(lx, m.mm + (uint64_t)m.o[LX_MM_BRK], &m.brk) ||
	    lx_u64(lx, m.mm + (uint64_t)m.o[LX_MM_START_STACK], &m.start_stack))
		return vms_error_set(-EFAULT, "mm_struct at %#" PRIx64 " is not readable", m.mm);
	if (lx_has(lx, LX_MM_MT_ROOT)) {
		if (lx_u64(lx, m.mm + (uint64_t)lx->off[LX_MM_MT_ROOT], &root))
			return vms_error_set(-EFAULT, "mm_struct at %#" PRIx64 " is not readable",
			                     m.mm);
		rc = maple_walk(root, rd, add_vma, &m);
	} else if (lx_has(lx, LX_MM_MMAP) && lx_has(lx, LX_VMA_NEXT)) {
		m.o[LX_MM_MMAP] = lx->off[LX_MM_MMAP];
		m.o[LX_VMA_NEXT] = lx->off[LX_VMA_NEXT];
		rc = walk_list(&m);
	} else {
		rc = vms_error_set(-ENOENT,
		                   "kernel offset mm_struct.mm_mt (or mmap) not found in the "
		                   "kernel's types");
	}
	if (rc) {
		vms__array_discard(m.v, m.n, vmas_clear);
		return rc;
	}
	return vms__array_out((void **)out, count, m.v, m.n, sizeof(*m.v), vmas_clear);
}

void vms_linux_maps_free(struct vms_linux_vma *vmas)
{
	vms__array_free(vmas, vmas_clear);
}
