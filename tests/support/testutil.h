/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small helpers shared by the unit tests. */
#ifndef VMS_TEST_UTIL_H
#define VMS_TEST_UTIL_H

#include <stddef.h>

struct vms_target;
struct vms_target_opts;

/* Write len bytes to a new temporary file; returns its malloc'd path (the
 * caller unlinks and frees it) or NULL. */
char *testutil_write_temp(const void *buf, size_t len);

/* Open len bytes as a dump file: written to a temporary file, opened, and
 * unlinked at once (a snapshot stays mapped). vms_target_open's result. */
int testutil_open_bytes(struct vms_target **t, const void *buf, size_t len,
                        const struct vms_target_opts *opts);

#endif
