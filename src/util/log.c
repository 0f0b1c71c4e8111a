// SPDX-License-Identifier: LGPL-2.1-or-later
/* Logging through the caller's callback: the library never prints. Also the
 * public entry for out-of-tree backends, which log the same way. */
#include <stdio.h>

#include <vmscope/sys/backend.h>

#include "log.h"

void vms__vlog(const struct vms_target_opts *opts, enum vms_log_level level, const char *fmt,
               va_list ap)
{
	char buf[1024];

	if (!opts || !opts->log || level > opts->log_level)
		return;
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	opts->log(level, buf, opts->log_payload);
}

void vms__log(const struct vms_target_opts *opts, enum vms_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vms__vlog(opts, level, fmt, ap);
	va_end(ap);
}

void vms_backend_log(const struct vms_target_opts *opts, enum vms_log_level level, const char *fmt,
                     ...)
{
	va_list ap;

	va_start(ap, fmt);
	vms__vlog(opts, level, fmt, ap);
	va_end(ap);
}
