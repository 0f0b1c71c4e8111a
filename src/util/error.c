// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Errors: every fallible function returns a negative errno, and leaves a
 * sentence explaining it in a thread-local buffer. The code is for programs,
 * the sentence for people.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

#define VMS_STR2(x) #x
#define VMS_STR(x)  VMS_STR2(x)

static _Thread_local char error_msg[1024];

const char *vms_error_last(void)
{
	return error_msg;
}

int vms_error_set(int code, const char *fmt, ...)
{
	char buf[sizeof(error_msg)];
	va_list ap;

	va_start(ap, fmt);
	/* clang-analyzer 14 misreads va_start here when a caller passes its
	 * own message back in; ap is initialised on the line above. */
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* Through buf: a caller may wrap the last message in a new one. */
	memcpy(error_msg, buf, sizeof(buf));
	return code;
}

const char *vms_version(void)
{
	return VMS_STR(VMS_VERSION_MAJOR) "." VMS_STR(VMS_VERSION_MINOR) "." VMS_STR(
	        VMS_VERSION_PATCH);
}
