/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one binary search of the library, as lower and upper bounds over n
 * sorted elements that a callback compares with the key. The callback
 * sees the whole array and an index, so elements of any type (and ranges
 * searched by their end) need no wrapper. Inline: with a static callback
 * the compiler makes each use a loop of its own, as fast as one written
 * out. */
#ifndef VMS_UTIL_BSEARCH_H
#define VMS_UTIL_BSEARCH_H

#include <stddef.h>

/* <0 if key comes before element i of base, 0 if it matches it, >0 if
 * it comes after. */
typedef int vms__bsearch_cmp_fn(const void *key, const void *base, size_t i);

/* The first element that key does not come after (n if none). */
static inline size_t vms__lower_bound(const void *key, const void *base, size_t n,
                                      vms__bsearch_cmp_fn *cmp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp(key, base, mid) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first element that key comes before (n if none). */
static inline size_t vms__upper_bound(const void *key, const void *base, size_t n,
                                      vms__bsearch_cmp_fn *cmp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp(key, base, mid) >= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

#endif
