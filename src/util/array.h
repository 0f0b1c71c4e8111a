/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Arrays the library hands to callers (tasks, modules, maps, ...): the count
 * sits in a hidden header before the first element, so every such array is
 * freed one way, by a call that takes only the pointer and can release what
 * the elements own. */
#ifndef VMS_UTIL_ARRAY_H
#define VMS_UTIL_ARRAY_H

#include <stddef.h>

/* Release what the n elements at elems own (a task's strings, say); NULL
 * where they own nothing. */
typedef void vms__array_clear_fn(void *elems, size_t n);

/* Hand the n elements at elems (from malloc, elem_size bytes each) to the
 * caller: *out and *count are set and elems is taken over. On -ENOMEM
 * elems is discarded, so the caller has nothing left to release. */
int vms__array_out(void **out, size_t *count, void *elems, size_t n, size_t elem_size,
                   vms__array_clear_fn *clear);

/* Discard n elements that were not handed out (a walk that failed). */
void vms__array_discard(void *elems, size_t n, vms__array_clear_fn *clear);

/* The count of an array from vms__array_out (0 for NULL). */
size_t vms__array_count(const void *arr);

/* Free an array from vms__array_out and what its elements own. NULL is
 * fine. */
void vms__array_free(void *arr, vms__array_clear_fn *clear);

#endif
