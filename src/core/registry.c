// SPDX-License-Identifier: LGPL-2.1-or-later
/* The one list of backends built into the library. Core knows them only
 * through their ops tables. */
#include <string.h>

#include "core.h"
#include "../backends/backends.h"

static const struct vms_backend_ops *const backends[] = {
	&vms_snapshot_backend,
	&vms_qemu_backend,
};

/* Target kinds of the design that are not built in yet. */
static const char *const reserved[] = { "xen" };

const struct vms_backend_ops *vms_backend_find(const char *name, size_t len)
{
	for (size_t i = 0; i < VMS_ARRAY_SIZE(backends); i++) {
		if (strlen(backends[i]->name) == len && !memcmp(backends[i]->name, name, len))
			return backends[i];
	}
	return NULL;
}

int vms_backend_is_reserved(const char *name, size_t len)
{
	for (size_t i = 0; i < VMS_ARRAY_SIZE(reserved); i++) {
		if (strlen(reserved[i]) == len && !memcmp(reserved[i], name, len))
			return 1;
	}
	return 0;
}

const char *vms_backend_kinds(void)
{
	return "file, qemu";
}
