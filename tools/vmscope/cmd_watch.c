// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope watch: stop a live guest each time it writes (reads, touches)
 * chosen data, print the hit with the value there afterwards, and let it
 * run on. The watchpoints are the hypervisor's, unseen by the guest. */
#include "tracing.h"

struct watch_opts {
	struct cli_trace trace; /* first, for CLI_TRACE_OPTIONS */
	const char *gva;
	uint64_t len;
	int kind; /* enum vms_event_kind; 0: not said */
};

static const struct watch_opts defaults = { .trace.npoints = 1, .len = 8 };

static const struct cli_opt options[] = {
	CLI_STRING(struct watch_opts, gva, "gva", "ADDR", "watch the bytes at ADDR (hex)"),
	CLI_LENGTH(struct watch_opts, len, "len", "N", "watch N bytes: 1, 2, 4 or 8 (default 8)"),
	CLI_SWITCH(struct watch_opts, kind, "write", VMS_EVENT_WATCH_WRITE, "stop on writes"),
	CLI_SWITCH(struct watch_opts, kind, "read", VMS_EVENT_WATCH_READ, "stop on reads"),
	CLI_SWITCH(struct watch_opts, kind, "access", VMS_EVENT_WATCH_ACCESS,
	           "stop on reads and writes"),
	CLI_TRACE_OPTIONS,
};

static int check(struct cli_ctx *c)
{
	struct watch_opts *o = c->opts;
	struct vms_trace_point *p = &o->trace.points[0];

	if (!o->kind)
		return cli_usage(c, "say which accesses: --write, --read or --access");
	if (o->len != 1 && o->len != 2 && o->len != 4 && o->len != 8)
		return cli_usage(c, "--len is 1, 2, 4 or 8");
	if (!c->target || c->nargs != (o->gva ? 0 : 1))
		return cli_usage(c, "watch takes a TARGET and --gva ADDR or a SYMBOL");
	*p = (struct vms_trace_point){ .sz = sizeof(*p), .kind = o->kind };
	if (o->gva && cli_parse_addr(&p->gva, o->gva, "--gva"))
		return EXIT_USAGE;
	p->where = o->gva ? NULL : c->args[0];
	p->len = o->trace.len = (unsigned)o->len;
	return 0;
}

const struct cli_cmd cmd_watch = {
	.name = "watch",
	.summary = "trace a live guest: each time its kernel touches data, a line",
	.usage = "vmscope watch TARGET (--gva ADDR | SYMBOL[+OFF]) [--len N] (--write | --read | "
	         "--access) [--count N] [--timeout S] [--json]",
	.help = "Each time the guest writes (--write), reads (--read) or touches (--access) the "
	        "LEN bytes (1, 2, 4 or 8, aligned; default 8) at ADDR or at a kernel symbol, "
	        "print a line: the vCPU, the process it runs, the code that did it, the value "
	        "there afterwards, the registers (--json: one JSON object a line). The guest runs "
	        "on after each hit. A live target only, as for vmscope break. Ends after --count "
	        "hits, --timeout seconds, or Ctrl-C.",
	.flags = CLI_TARGET | CLI_JSON | CLI_LINUX,
	CLI_OPTIONS(options),
	CLI_OPTS_INIT(defaults),
	CLI_ARGS(0, -1, NULL),
	.check = check,
	.run = cli_trace_run,
};
