// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The range map every uncompressed format is read through, built from
 * the pieces a parser found: sorted by guest-physical address, overlaps
 * accepted only where both pieces name the same file bytes, contiguous
 * pieces merged, and the public ranges (adjacent ones merged too) made
 * from it. snapshot.c calls the parsers, the parsers call this, and
 * nothing here calls back up.
 */
#include "rangemap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int cmp_range(const void *a, const void *b)
{
	const struct vms__snap_range *x = a, *y = b;

	if (x->gpa != y->gpa)
		return x->gpa < y->gpa ? -1 : 1;
	return (x->size > y->size) - (x->size < y->size);
}

int vms__snap_layout_set_ranges(struct vms__snap_layout *l, struct vms__snap_range *r, size_t n,
                                const char *what)
{
	size_t out = 0, npub = 0;

	qsort(r, n, sizeof(*r), cmp_range);
	/* Overlaps are legitimate where both pieces name the same file bytes
	 * (a paging dump lists a page once per virtual mapping); elsewhere the
	 * file contradicts itself. Contiguous pieces of one stretch of file
	 * merge, so a lookup searches few ranges. */
	for (size_t i = 0; i < n; i++) {
		struct vms__snap_range *prev = out ? &r[out - 1] : NULL;
		uint64_t end = r[i].gpa + r[i].size;

		if (prev && r[i].gpa <= prev->gpa + prev->size) {
			int same_bytes = r[i].off - r[i].gpa == prev->off - prev->gpa;

			if (r[i].gpa < prev->gpa + prev->size && !same_bytes) {
				unsigned long long at = r[i].gpa;

				free(r);
				return vms_error_set(
				        -EPROTO,
				        "two %ss give different data for guest-physical "
				        "0x%llx",
				        what, at);
			}
			if (same_bytes) {
				if (end > prev->gpa + prev->size)
					prev->size = end - prev->gpa;
				continue;
			}
		}
		r[out++] = r[i];
	}
	l->ranges = r;
	l->nranges = out;
	l->pub = calloc(out ? out : 1, sizeof(*l->pub));
	if (!l->pub)
		return vms_error_set(-ENOMEM, "out of memory");
	for (size_t i = 0; i < out; i++) {
		if (npub && l->pub[npub - 1].gpa + l->pub[npub - 1].size == r[i].gpa)
			l->pub[npub - 1].size += r[i].size;
		else
			l->pub[npub++] = (struct vms_mem_range){ r[i].gpa, r[i].size };
	}
	l->npub = npub;
	return 0;
}

void vms__snap_layout_free(struct vms__snap_layout *l)
{
	free(l->ranges);
	free(l->pub);
	free(l->vcpus);
	memset(l, 0, sizeof(*l));
}
