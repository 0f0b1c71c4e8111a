/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Arrays the library hands to callers (tasks, modules, maps, ...): the count
 * sits in a hidden header before the first element, so every such array is
 * freed one way, by a call that takes only the pointer and can release what
 * the elements own. */
#ifndef VMS_UTIL_ARRAY_H
#define VMS_UTIL_ARRAY_H

#include <stddef.h>

/* Hand the n elements at elems (from malloc, elem_size bytes each) to the
 * caller: *out and *count are set and elems is taken over. -ENOMEM leaves
 * elems as it was, for the caller to release. */
int vms__array_out(void **out, size_t *count, void *elems, size_t n, size_t elem_size);

/* The count of an array from vms__array_out (0 for NULL). */
size_t vms__array_count(const void *arr);

/* Free the array itself (the elements' own memory is the caller's to free
 * first). NULL is fine. */
void vms__array_free(void *arr);

#endif
