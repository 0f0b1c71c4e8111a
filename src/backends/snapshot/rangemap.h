/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What every format parser fills (struct vms_snap_layout), and the range
 * map in it: built by vms_snap_layout_set_ranges from the parser's
 * pieces, searched by vms_snap_range_find on every read. */
#ifndef VMS_SNAPSHOT_RANGEMAP_H
#define VMS_SNAPSHOT_RANGEMAP_H

#include <vmscope/sys/backend.h>

/* [gpa, gpa + size) is stored at file offset off. */
struct vms_snap_range {
	uint64_t gpa;
	uint64_t size;
	uint64_t off;
};

/* A parser's output: where the guest's memory is in the dump, its vCPUs,
 * VMCOREINFO and a description of the format. */
struct vms_snap_layout {
	struct vms_snap_range *ranges; /* sorted by gpa, disjoint */
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
int vms_snap_layout_set_ranges(struct vms_snap_layout *l, struct vms_snap_range *ranges, size_t n,
                               const char *what);

/* Free what the layout owns (ranges, pub, vCPUs) and empty it. */
void vms_snap_layout_free(struct vms_snap_layout *l);

/* The range holding gpa, or the first one after it (or NULL). */
static inline const struct vms_snap_range *vms_snap_range_find(const struct vms_snap_layout *l,
                                                               uint64_t gpa)
{
	size_t lo = 0, hi = l->nranges;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->ranges[mid].gpa + l->ranges[mid].size <= gpa)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->nranges ? &l->ranges[lo] : NULL;
}

#endif
