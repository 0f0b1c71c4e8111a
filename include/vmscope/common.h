/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMSCOPE_COMMON_H
#define VMSCOPE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(VMS_BUILDING_LIBRARY) && defined(__GNUC__)
#define VMS_API __attribute__((visibility("default")))
#else
#define VMS_API
#endif

#define VMS_VERSION_MAJOR 0
#define VMS_VERSION_MINOR 1
#define VMS_VERSION_PATCH 0

/** The library's version as "MAJOR.MINOR.PATCH". */
VMS_API const char *vms_version(void);

/**
 * The message that explains the last error returned by a vmscope function on
 * this thread: what failed and why, naming the file, address or field at
 * fault. Never NULL; an empty string when there was no error yet. The string
 * is owned by the library and valid until the next failing call on the thread.
 */
VMS_API const char *vms_error_last(void);

/** Log levels, most severe first. */
enum vms_log_level {
	VMS_LOG_ERROR = 0,
	VMS_LOG_WARN = 1,
	VMS_LOG_INFO = 2,
	VMS_LOG_DEBUG = 3,
};

/**
 * A log callback. The library never prints: what it has to say goes here.
 * msg has no trailing newline and is valid only during the call.
 */
typedef void (*vms_log_fn)(enum vms_log_level level, const char *msg, void *payload);

#ifdef __cplusplus
}
#endif

#endif
