/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The registry of the backends built into the library, for core: which
 * target kinds exist, and which of them this build has. */
#ifndef VMS_BACKENDS_REGISTRY_H
#define VMS_BACKENDS_REGISTRY_H

#include <vmscope/sys/backend.h>

/* The built-in backend whose kind is the len bytes at name, or NULL. */
const struct vms_backend_ops *vms__backend_find(const char *name, size_t len);

/* Whether the len bytes at name are a kind the design names that this
 * build does not have (so "xen:" says "not built in", not "unknown"). */
int vms__backend_is_reserved(const char *name, size_t len);

/* The kinds as a comma-separated list into buf: those built in, and with
 * reserved set also those that are not. */
void vms__backend_kinds(char *buf, size_t size, int reserved);

#endif
