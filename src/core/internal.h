/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What core offers the layers above it inside the library, beyond the public
 * API: fast physical loads for page walks, the translation cache and paging
 * state it keeps for the architecture code, logging through a target, and the
 * "cannot do that" error. The target object itself stays core's (core.h).
 */
#ifndef VMS_CORE_INTERNAL_H
#define VMS_CORE_INTERNAL_H

#include <vmscope/memory.h>

#include "../util/error.h"
#include "../util/log.h"
#include "tcache.h"

/* Read 8 (or 4) bytes of guest-physical memory as fast as the backend
 * allows: through its mapping when it has one. */
int vms__phys_u64(struct vms_target *t, uint64_t gpa, uint64_t *out);
int vms__phys_u32(struct vms_target *t, uint64_t gpa, uint32_t *out);

/* How a target's virtual addresses are translated: set by the user, or
 * derived by the architecture code from vCPU 0 on first use (known), and
 * forgotten by core when the guest resets. */
struct vms__paging {
	int known, set;
	enum vms_x86_paging_mode mode;
	int pse; /* legacy 32-bit paging honours 4 MiB pages */
};

/* The part of a target that core keeps for the layers above: the paging
 * state and the translation cache core flushes whenever the guest may have
 * changed (it ran, was written, was reset). Every struct vms_target starts
 * with it, so the page walker's hot path reaches it without a call. */
struct vms__target_mem {
	struct vms__paging paging;
	struct vms__tcache tc;
};
static inline struct vms__target_mem *vms__target_mem(struct vms_target *t)
{
	return (struct vms__target_mem *)(void *)t;
}
/* The guest rebooted: forget a paging mode derived from vCPU 0 (not one
 * set by the user), and every cached translation. */
void vms__paging_forget(struct vms_target *t);

/* -EOPNOTSUPP: "<backend> targets cannot <what>". */
int vms__unsupported(const struct vms_target *t, const char *what);

/* Log through the callback t was opened with. */
const struct vms_target_opts *vms__target_opts(const struct vms_target *t);
#define vms__tlog(t, level, ...) vms__log(vms__target_opts(t), level, __VA_ARGS__)

#endif
