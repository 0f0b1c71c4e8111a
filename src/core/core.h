/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Core's private interface: the target object. Other layers use
 * internal.h. */
#ifndef VMS_CORE_H
#define VMS_CORE_H

#include <vmscope/sys/backend.h>

#include "internal.h"

struct vms_target {
	/* First: the layers above reach it through vms__target_mem(). */
	struct vms__target_mem mem;
	const struct vms_backend_ops *ops;
	void *priv;
	struct vms_backend_info info;
	struct vms_target_opts opts;
};

#endif
