// SPDX-License-Identifier: LGPL-2.1-or-later
/* Arrays for callers, with their count in a header before the elements. */
#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "error.h"

/* Big enough for the count and aligned for any element. */
#define HEADER (sizeof(max_align_t))
_Static_assert(HEADER >= sizeof(size_t) && HEADER % alignof(max_align_t) == 0,
               "the array header keeps elements aligned");

void vms__array_discard(void *elems, size_t n, vms__array_clear_fn *clear)
{
	if (clear && elems)
		clear(elems, n);
	free(elems);
}

int vms__array_out(void **out, size_t *count, void *elems, size_t n, size_t elem_size,
                   vms__array_clear_fn *clear)
{
	size_t bytes = n * elem_size;
	char *p = NULL;

	/* Grow the block the elements are in and move them up past the header:
	 * no second copy of a large array. */
	if (!elem_size || bytes / elem_size == n)
		p = realloc(elems, HEADER + bytes);
	if (!p) {
		vms__array_discard(elems, n, clear);
		return vms_error_set(-ENOMEM, "out of memory");
	}
	memmove(p + HEADER, p, bytes);
	memcpy(p, &n, sizeof(n));
	*out = p + HEADER;
	*count = n;
	return 0;
}

size_t vms__array_count(const void *arr)
{
	size_t n = 0;

	if (arr)
		memcpy(&n, (const char *)arr - HEADER, sizeof(n));
	return n;
}

void vms__array_free(void *arr, vms__array_clear_fn *clear)
{
	if (!arr)
		return;
	if (clear)
		clear(arr, vms__array_count(arr));
	free((char *)arr - HEADER);
}
