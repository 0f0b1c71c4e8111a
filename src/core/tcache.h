/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The translation cache: (page-table root, virtual page) -> physical page,
 * direct-mapped so a hit is one hashed load and two compares. Flushing all
 * bumps a generation number (O(1)); flushing one root scans the table.
 * Large pages are cached 4 KiB at a time, as they are used.
 */
#ifndef VMS_TCACHE_H
#define VMS_TCACHE_H

#include <stdint.h>

#define VMS_TC_BITS 12
#define VMS_TC_SIZE (1u << VMS_TC_BITS)

struct vms__tc_entry {
	uint64_t root;
	uint64_t vpn;
	uint64_t gpa_page;
	uint32_t gen; /* valid when equal to the cache's generation */
	uint32_t flags;
};

struct vms__tcache {
	uint32_t gen; /* starts at 1: zeroed entries are invalid */
	struct vms__tc_entry e[VMS_TC_SIZE];
};

static inline struct vms__tc_entry *vms__tc_slot(struct vms__tcache *c, uint64_t root, uint64_t vpn)
{
	return &c->e[(vpn ^ ((root >> 12) * 0x9e3779b97f4a7c15ull >> 40)) & (VMS_TC_SIZE - 1)];
}

static inline int vms__tc_lookup(struct vms__tcache *c, uint64_t root, uint64_t vpn,
                                 uint64_t *gpa_page)
{
	const struct vms__tc_entry *e = vms__tc_slot(c, root, vpn);

	if (e->gen != c->gen || e->vpn != vpn || e->root != root)
		return 0;
	*gpa_page = e->gpa_page;
	return 1;
}

static inline void vms__tc_insert(struct vms__tcache *c, uint64_t root, uint64_t vpn,
                                  uint64_t gpa_page, uint32_t flags)
{
	struct vms__tc_entry *e = vms__tc_slot(c, root, vpn);

	e->root = root;
	e->vpn = vpn;
	e->gpa_page = gpa_page;
	e->flags = flags;
	e->gen = c->gen;
}

void vms__tc_flush(struct vms__tcache *c, uint64_t root);

#endif
