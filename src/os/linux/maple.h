/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A walker of the kernel's maple trees (lib/maple_tree.c, 6.1 on), which
 * hold a process's VMAs: every entry in index order, from guest memory. */
#ifndef VMS_LINUX_MAPLE_H
#define VMS_LINUX_MAPLE_H

#include <stddef.h>
#include <stdint.h>

/* Read 8 bytes of kernel memory; 0 or a negative errno. */
typedef int (*maple_read_fn)(void *ctx, uint64_t gva, uint64_t *out);
/* Called for each entry with the range it covers; nonzero stops the walk
 * with that value. */
typedef int (*maple_entry_fn)(void *ctx, uint64_t first, uint64_t last, uint64_t entry);

#define MAPLE_MAX_NODES (1u << 20)

/* Walk the tree whose ma_root is root (a node or a single entry). Entries
 * come in increasing index order; a node that breaks the order, a depth
 * past what the format allows, or more than MAPLE_MAX_NODES nodes stop the
 * walk with -EINVAL naming the node; unreadable nodes -EFAULT. */
int maple_walk(uint64_t root, maple_read_fn rd, maple_entry_fn fn, void *ctx);

#endif
