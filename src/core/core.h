/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Core's private interface: the target object and helpers shared by modules. */
#ifndef VMS_CORE_H
#define VMS_CORE_H

#include <vmscope/sys/backend.h>
#include <vmscope/memory.h>

#include "tcache.h"

#define VMS_STR2(x) #x
#define VMS_STR(x)  VMS_STR2(x)
#define VMS_VERSION_STRING \
	VMS_STR(VMS_VERSION_MAJOR) "." VMS_STR(VMS_VERSION_MINOR) "." VMS_STR(VMS_VERSION_PATCH)

#define VMS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct vms_target {
	const struct vms_backend_ops *ops;
	void *priv;
	struct vms_backend_info info;
	struct vms_target_opts opts;
	/* Virtual accesses: the paging mode (derived from vCPU 0 on first use
	 * unless set) and the translation cache. */
	int paging_known, paging_set;
	enum vms_paging_mode paging_mode;
	int paging_pse;
	struct vms_tcache tc;
};

/* Read 8 (or 4) bytes of guest-physical memory as fast as the backend
 * allows: through its mapping when it has one. */
int vms_phys_u64(struct vms_target *t, uint64_t gpa, uint64_t *out);
int vms_phys_u32(struct vms_target *t, uint64_t gpa, uint32_t *out);

/* Forget the paging mode derived from vCPU 0 (not one set by the user):
 * the guest rebooted. Also drops every cached translation. */
void vms_paging_forget(struct vms_target *t);

/* -EOPNOTSUPP: "<backend> targets cannot <what>". */
int vms_unsupported(const struct vms_target *t, const char *what);

/* Log through the callback in opts, if any. */
void vms_log(const struct vms_target_opts *opts, enum vms_log_level level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* registry.c: the backends built into the library. */
const struct vms_backend_ops *vms_backend_find(const char *name, size_t len);
/* A comma-separated list of the built-in kinds, for error messages. */
const char *vms_backend_kinds(void);
/* Kinds the design names that this build does not have. */
int vms_backend_is_reserved(const char *name, size_t len);

#endif
