/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The ops tables of the built-in backends, for the registry. */
#ifndef VMS_BACKENDS_H
#define VMS_BACKENDS_H

#include <vmscope/sys/backend.h>

extern const struct vms_backend_ops vms__snapshot_backend;
extern const struct vms_backend_ops vms__qemu_backend;

#endif
