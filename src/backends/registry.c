// SPDX-License-Identifier: LGPL-2.1-or-later
/* The one list of backends built into the library, and of the target kinds
 * the design names that a build may lack. Core knows backends only through
 * this list and their ops tables. */
#include <stdio.h>
#include <string.h>

#include "backends.h"
#include "registry.h"

static const struct vms_backend_ops *const backends[] = {
	&vms__snapshot_backend,
	&vms__qemu_backend,
};

/* Target kinds of the design that are not built in. */
static const char *const reserved[] = { "xen" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int is(const char *kind, const char *name, size_t len)
{
	return strlen(kind) == len && !memcmp(kind, name, len);
}

const struct vms_backend_ops *vms__backend_find(const char *name, size_t len)
{
	for (size_t i = 0; i < COUNT(backends); i++) {
		if (is(backends[i]->name, name, len))
			return backends[i];
	}
	return NULL;
}

int vms__backend_is_reserved(const char *name, size_t len)
{
	for (size_t i = 0; i < COUNT(reserved); i++) {
		if (is(reserved[i], name, len) && !vms__backend_find(name, len))
			return 1;
	}
	return 0;
}

void vms__backend_kinds(char *buf, size_t size, int with_reserved)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < COUNT(backends) + (with_reserved ? COUNT(reserved) : 0); i++) {
		const char *kind =
		        i < COUNT(backends) ? backends[i]->name : reserved[i - COUNT(backends)];
		int w;

		if (i >= COUNT(backends) && vms__backend_find(kind, strlen(kind)))
			continue;
		w = snprintf(buf + n, size - n, "%s%s", n ? ", " : "", kind);
		if (w < 0 || (size_t)w >= size - n)
			return;
		n += (size_t)w;
	}
}
