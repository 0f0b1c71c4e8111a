/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What every format parser fills (struct vms__snap_layout), and the range
 * map in it: built by vms__snap_layout_set_ranges from the parser's
 * pieces, searched by vms__snap_range_find on every read. */
#ifndef VMS_SNAPSHOT_RANGEMAP_H
#define VMS_SNAPSHOT_RANGEMAP_H

#include <vmscope/sys/backend.h>

#include "../../util/bsearch.h"

/* [gpa, gpa + size) is stored at file offset off. */
struct vms__snap_range {
	uint64_t gpa;
	uint64_t size;
	uint64_t off;
};

/* A parser's output: where the guest's memory is in the dump, its vCPUs,
 * VMCOREINFO and a description of the format. */
struct vms__snap_layout {
	struct vms__snap_range *ranges; /* sorted by gpa, disjoint */
	size_t nranges;
	struct vms_mem_range *pub; /* the same, adjacent ranges merged */
	size_t npub;
	struct vms_x86_regs *vcpus;
	unsigned nvcpus;
	const uint8_t *vmcoreinfo; /* points into the buffer; NULL if absent */
	size_t vmcoreinfo_len;
	char format[96];
};

/* Sort ranges, check that overlapping ones agree, merge, and build pub.
 * Takes ownership of ranges (an array of n). what names the pieces in
 * messages ("program header"). */
int vms__snap_layout_set_ranges(struct vms__snap_layout *l, struct vms__snap_range *ranges,
                                size_t n, const char *what);

/* Free what the layout owns (ranges, pub, vCPUs) and empty it. */
void vms__snap_layout_free(struct vms__snap_layout *l);

/* A gpa (key) against range i: after it, in it, or before it. */
static inline int vms__snap_range_cmp(const void *key, const void *base, size_t i)
{
	const struct vms__snap_range *r = (const struct vms__snap_range *)base + i;
	uint64_t gpa = *(const uint64_t *)key;

	return gpa >= r->gpa + r->size ? 1 : gpa < r->gpa ? -1 : 0;
}

/* The range holding gpa, or the first one after it (or NULL). */
static inline const struct vms__snap_range *vms__snap_range_find(const struct vms__snap_layout *l,
                                                                 uint64_t gpa)
{
	size_t i = vms__lower_bound(&gpa, l->ranges, l->nranges, vms__snap_range_cmp);

	return i < l->nranges ? &l->ranges[i] : NULL;
}

#endif
