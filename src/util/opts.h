/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Options structs: every public `struct vms_*_opts` (and any struct a caller
 * fills that may grow) starts with `size_t sz`, set by the caller to the
 * sizeof it was compiled with, and is checked here, one way for all. */
#ifndef VMS_UTIL_OPTS_H
#define VMS_UTIL_OPTS_H

#include <stddef.h>

/*
 * Copy the caller's struct src into dst (the library's own, dst_size bytes),
 * by these rules:
 * - src NULL: every field zero (the defaults); dst's sz is set.
 * - src->sz smaller than size_t: -EINVAL (sz was not set).
 * - src->sz at most dst_size (an older or the same header): its fields are
 *   copied, the fields it does not have stay zero.
 * - src->sz larger (a newer header): accepted when every byte this library
 *   does not know is zero, else -EOPNOTSUPP.
 * name is the struct's name for the message. dst's sz becomes dst_size.
 */
int vms__opts_copy(void *dst, size_t dst_size, const void *src, const char *name);

/*
 * Reports: a struct the library fills for the caller (one result, not an
 * array) starts with `size_t sz`, which the caller sets to the sizeof it was
 * compiled with. vms__out_check says -EINVAL when out is NULL or sz is not
 * set; vms__out_copy fills the caller's struct from the library's own
 * (src_size bytes): the fields both know, zero for fields only the caller
 * knows, and leaves sz as the caller set it.
 */
int vms__out_check(const void *out, const char *name);
void vms__out_copy(void *out, const void *src, size_t src_size);

#endif
