/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small helpers shared by the unit tests. */
#ifndef VMS_TEST_UTIL_H
#define VMS_TEST_UTIL_H

#include <stddef.h>

/* Write len bytes to a new temporary file; returns its malloc'd path (the
 * caller unlinks and frees it) or NULL. */
char *testutil_write_temp(const void *buf, size_t len);

#endif
