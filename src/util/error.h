/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Errors, for every layer of the library: a negative errno for programs and
 * a sentence for people (vms_error_last). Layers include this header rather
 * than the backend authors' <vmscope/sys/backend.h>, which declares the same
 * function for out-of-tree backends. */
#ifndef VMS_UTIL_ERROR_H
#define VMS_UTIL_ERROR_H

#include <vmscope/common.h>

/* Set the thread's error message (printf-style) and return code, a negative
 * errno: `return vms_error_set(-EIO, "read of %s failed", path);` */
VMS_API int vms_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
