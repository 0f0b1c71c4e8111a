// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Maple trees (include/linux/maple_tree.h). A node pointer is "encoded":
 * the 256-byte-aligned node address, the node type in bits 3-6, and bit 1
 * set (an internal entry, so it is never mistaken for a stored pointer).
 * The layouts, fixed for 64-bit kernels since 6.1:
 *
 *   maple_range_64  (types 1, leaf, and 2)  parent; pivot[15]; slot[16]
 *   maple_arange_64 (type 3, with gaps)     parent; pivot[9];  slot[10]; gap[10]; meta
 *
 * Slot i covers (pivot[i-1], pivot[i]] within the node's range; the last
 * slot runs to the node's maximum. A node that is not full ends early: its
 * metadata (end, gap) sits in the last slot (range_64) or after the gaps
 * (arange_64), and a zero pivot past the first also marks the end. All of it
 * is the guest's: pivots must increase, ranges nest in their parent's,
 * depth is bounded, and so is the number of nodes. A dead node (one the
 * kernel replaced while the walk ran) is -EAGAIN.
 */
#include "../../util/error.h"
#include "maple.h"

#include <errno.h>
#include <inttypes.h>

#define NODE_MASK    0xffull
#define TYPE_SHIFT   3
#define TYPE_MASK    0xf
#define MAX_DEPTH    31
#define LEAF_64      1
#define RANGE_64     2
#define ARANGE_64    3
#define RANGE_SLOTS  16
#define ARANGE_SLOTS 10

struct walk {
	maple_read_fn rd;
	maple_entry_fn fn;
	void *ctx;
	unsigned nodes;
	uint64_t next_index; /* entries must come at or after this */
};

static int is_node(uint64_t entry)
{
	return (entry & 3) == 2 && entry > 4096;
}

static int walk_node(struct walk *w, uint64_t enode, uint64_t min, uint64_t max, int depth)
{
	uint64_t node = enode & ~NODE_MASK, pivots[RANGE_SLOTS], meta = 0, parent;
	unsigned type = (unsigned)(enode >> TYPE_SHIFT) & TYPE_MASK, slots, end;
	uint64_t slot_off;
	int rc;

	if (depth > MAX_DEPTH || ++w->nodes > MAPLE_MAX_NODES)
		return vms_error_set(-EINVAL,
		                     "maple tree: node %#" PRIx64 " lies deeper than %d levels "
		                     "or past %u nodes",
		                     node, MAX_DEPTH, MAPLE_MAX_NODES);
	if (type == LEAF_64 || type == RANGE_64) {
		slots = RANGE_SLOTS;
		slot_off = 8 + 8 * (RANGE_SLOTS - 1);
	} else if (type == ARANGE_64) {
		slots = ARANGE_SLOTS;
		slot_off = 8 + 8 * (ARANGE_SLOTS - 1);
	} else {
		return vms_error_set(-EINVAL, "maple tree: node %#" PRIx64 " has type %u", node,
		                     type);
	}
	/* A node the kernel replaced is marked dead, its parent pointing to
	 * itself, before it is freed; a reader that reaches one started
	 * before the change and must start again (the kernel's readers
	 * do). */
	if (w->rd(w->ctx, node, &parent))
		return vms_error_set(-EFAULT, "maple tree: node %#" PRIx64 " is not readable",
		                     node);
	if ((parent & ~NODE_MASK) == node)
		return vms_error_set(-EAGAIN,
		                     "maple tree: node %#" PRIx64 " was replaced while it was "
		                     "read (the guest runs); pause the guest, or read again",
		                     node);
	for (unsigned i = 0; i + 1 < slots; i++)
		if (w->rd(w->ctx, node + 8 + 8 * (uint64_t)i, &pivots[i]))
			return vms_error_set(-EFAULT,
			                     "maple tree: node %#" PRIx64 " is not readable", node);
	/* Where the node's data ends: the metadata's end when it has one
	 * (arange always; range when its last pivot is unused), else full. */
	end = slots - 1;
	if (type == ARANGE_64 || pivots[slots - 2] == 0) {
		uint64_t at =
		        type == ARANGE_64 ? slot_off + 16ull * ARANGE_SLOTS : slot_off + 8ull * 15;

		if (w->rd(w->ctx, node + at, &meta))
			return vms_error_set(-EFAULT,
			                     "maple tree: node %#" PRIx64 " is not readable", node);
		end = (unsigned)(meta & 0xff);
		if (end >= slots)
			return vms_error_set(-EINVAL,
			                     "maple tree: node %#" PRIx64 " ends at slot %u of %u",
			                     node, end, slots);
	} else if (pivots[slots - 2] == max) {
		end = slots - 2;
	}
	for (unsigned i = 0; i <= end; i++) {
		uint64_t lo = i ? pivots[i - 1] + 1 : min, hi = i < slots - 1 ? pivots[i] : max,
		         entry;

		if (i == end)
			hi = max;
		if (hi < lo || lo < min || hi > max)
			return vms_error_set(-EINVAL,
			                     "maple tree: node %#" PRIx64 " slot %u covers "
			                     "%#" PRIx64 "-%#" PRIx64 " outside %#" PRIx64
			                     "-%#" PRIx64,
			                     node, i, lo, hi, min, max);
		if (w->rd(w->ctx, node + slot_off + 8 * (uint64_t)i, &entry))
			return vms_error_set(-EFAULT,
			                     "maple tree: node %#" PRIx64 " is not readable", node);
		if (!entry)
			continue;
		if (type != LEAF_64) {
			if (!is_node(entry))
				return vms_error_set(-EINVAL,
				                     "maple tree: node %#" PRIx64 " slot %u holds "
				                     "%#" PRIx64 ", not a node",
				                     node, i, entry);
			rc = walk_node(w, entry, lo, hi, depth + 1);
		} else {
			if ((entry & 3) == 2)
				continue; /* a reserved or zero entry, not a pointer */
			if (lo < w->next_index)
				return vms_error_set(-EINVAL,
				                     "maple tree: node %#" PRIx64 " goes back to "
				                     "%#" PRIx64,
				                     node, lo);
			w->next_index = hi + 1;
			rc = w->fn(w->ctx, lo, hi, entry);
		}
		if (rc)
			return rc;
		if (hi == max)
			break;
	}
	return 0;
}

int maple_walk(uint64_t root, maple_read_fn rd, maple_entry_fn fn, void *ctx)
{
	struct walk w = { rd, fn, ctx, 0, 0 };

	if (!root)
		return 0;
	if (!is_node(root))
		return (root & 3) == 2 ? 0 : fn(ctx, 0, 0, root);
	return walk_node(&w, root, 0, UINT64_MAX, 0);
}
