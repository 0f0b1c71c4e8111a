// SPDX-License-Identifier: LGPL-2.1-or-later
#include <string.h>

#include <vmscope/memory.h>

#include "tcache.h"

void vms__tc_flush(struct vms__tcache *c, uint64_t root)
{
	if (root == VMS_ALL_ROOTS) {
		/* On wrap-around old entries could match again: clear them. */
		if (++c->gen == 0) {
			memset(c->e, 0, sizeof(c->e));
			c->gen = 1;
		}
		return;
	}
	for (unsigned i = 0; i < VMS_TC_SIZE; i++) {
		if (c->e[i].root == root)
			c->e[i].gen = 0;
	}
}
