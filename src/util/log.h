/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Logging, for every layer of the library: through the callback a target
 * was opened with (the library never prints). Layers that hold a target log
 * with vms__tlog from core/internal.h; backends, which get the options at
 * open, log with these. */
#ifndef VMS_UTIL_LOG_H
#define VMS_UTIL_LOG_H

#include <stdarg.h>

#include <vmscope/target.h>

/* Log through opts->log if it is set and level is at most opts->log_level. */
void vms__log(const struct vms_target_opts *opts, enum vms_log_level level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void vms__vlog(const struct vms_target_opts *opts, enum vms_log_level level, const char *fmt,
               va_list ap) __attribute__((format(printf, 3, 0)));

#endif
