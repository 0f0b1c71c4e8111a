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

#endif
