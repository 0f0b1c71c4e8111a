/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What vmscope break and watch share (tracing.c). */
#ifndef VMSCOPE_TRACING_H
#define VMSCOPE_TRACING_H

#include "cli.h"

#define CLI_TRACE_MAX 64

/* The points to trace and when to stop: the first member of break's and
 * watch's options. */
struct cli_trace {
	struct vms_trace_point points[CLI_TRACE_MAX];
	size_t npoints;
	unsigned len;   /* bytes of the value a watchpoint shows */
	int timeout_ms; /* 0: none */
	uint64_t count; /* 0: no limit */
};

/* --count N and --timeout SECONDS, for a command whose options start
 * with a struct cli_trace. */
int cli_set_count(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg);
int cli_set_timeout(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg);
/* clang-format off */
#define CLI_TRACE_OPTIONS \
	{ .name = "count", .arg = "N", .help = "end after N hits", .set = cli_set_count, \
	  .off = offsetof(struct cli_trace, count) }, \
	{ .name = "timeout", .arg = "SECONDS", .help = "end after SECONDS seconds", \
	  .set = cli_set_timeout, .off = offsetof(struct cli_trace, timeout_ms) }
/* clang-format on */

/* Set the points on the guest cli_open paused (and found the kernel of),
 * let it run, and print each hit. */
int cli_trace_run(struct cli_ctx *c);

#endif
