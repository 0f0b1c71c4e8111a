// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope break: stop a live guest each time its kernel runs chosen code,
 * print the hit (vCPU, the task it runs, where, registers), and let it run
 * on. The breakpoints are the hypervisor's: the guest's memory is not
 * touched, so it cannot see them. */
#include "tracing.h"

struct break_opts {
	struct cli_trace trace; /* first, for CLI_TRACE_OPTIONS */
	bool soft, allow_writes;
};

static const struct break_opts defaults = { .trace.len = 1 };

static const struct cli_opt options[] = {
	CLI_FLAG(struct break_opts, soft, "soft",
	         "use the debugger's breakpoints, not the hypervisor's (under KVM: int3 written "
	         "into the guest)"),
	CLI_FLAG(struct break_opts, allow_writes, "allow-writes",
	         "let --soft write into the guest's memory"),
	CLI_TRACE_OPTIONS,
};

static int check(struct cli_ctx *c)
{
	struct break_opts *o = c->opts;

	if (c->nargs > CLI_TRACE_MAX)
		return cli_usage(c, "too many places");
	for (int i = 0; i < c->nargs; i++)
		o->trace.points[o->trace.npoints++] = (struct vms_trace_point){
			.sz = sizeof(struct vms_trace_point),
			.kind = o->soft ? VMS_EVENT_BREAK_SW : VMS_EVENT_BREAK,
			.where = c->args[i],
			.flags = o->allow_writes ? VMS_EVENT_WRITES_GUEST : 0,
		};
	return 0;
}

const struct cli_cmd cmd_break = {
	.name = "break",
	.summary = "trace a live guest: each time its kernel runs SYMBOL[+OFF], a line",
	.usage = "vmscope break TARGET SYMBOL[+OFF]|0xADDR... [--count N] [--timeout S] [--soft "
	         "[--allow-writes]] [--json]",
	.help = "Each time the guest's kernel runs one of the places (a kernel symbol, with an "
	        "offset, or an address), print a line: the vCPU, the process and thread it runs, "
	        "the symbol and the registers (--json: one JSON object a line). The guest runs "
	        "on after each hit; it reboots, the breakpoints follow the new kernel. A live "
	        "target only: qemu:QMP_SOCKET, or qemu:QMP_SOCKET,gdb=HOST:PORT to use a gdbstub "
	        "QEMU has already (vmscope starts its own otherwise). The breakpoints are the "
	        "hypervisor's (the debug registers under KVM, four at most) and change no guest "
	        "memory; --soft uses the debugger's own instead, which under KVM writes int3 into "
	        "the guest and needs --allow-writes. Ends after --count hits, --timeout seconds, "
	        "or Ctrl-C.",
	.flags = CLI_TARGET | CLI_JSON | CLI_LINUX,
	CLI_OPTIONS(options),
	CLI_OPTS_INIT(defaults),
	CLI_ARGS(2, -1, "break takes a TARGET and one or more places"),
	.check = check,
	.run = cli_trace_run,
};
