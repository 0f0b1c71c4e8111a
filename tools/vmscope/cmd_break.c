// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope break: stop a live guest each time its kernel runs chosen code,
 * print the hit (vCPU, the task it runs, where, registers), and let it run
 * on. The breakpoints are the hypervisor's: the guest's memory is not
 * touched, so it cannot see them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_line[] =
        "vmscope break TARGET SYMBOL[+OFF]|0xADDR... [--count N] [--timeout S] [--soft "
        "[--allow-writes]] [--json]";

int cmd_break(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "soft", no_argument, NULL, 's' },
		{ "allow-writes", no_argument, NULL, 'w' },
		CLI_TRACE_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_trace c = { .len = 1 };
	enum vms_event_kind kind = VMS_EVENT_BREAK;
	unsigned flags = 0;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 's') {
			kind = VMS_EVENT_BREAK_SW;
		} else if (opt == 'w') {
			flags |= VMS_EVENT_WRITES_GUEST;
		} else if (opt == 'h') {
			printf("usage: %s\n\nEach time the guest's kernel runs one of the places "
			       "(a kernel symbol, with an offset, or an address), print a line: the "
			       "vCPU, the process and thread it runs, the symbol and the registers "
			       "(--json: one JSON object a line). The guest runs on after each "
			       "hit; it reboots, the breakpoints follow the new kernel. A live "
			       "target only: qemu:QMP_SOCKET, or qemu:QMP_SOCKET,gdb=HOST:PORT to use "
			       "a gdbstub QEMU has already (vmscope starts its own otherwise). The "
			       "breakpoints are the hypervisor's (the debug registers under KVM, "
			       "four at most) and change no guest memory; --soft uses the "
			       "debugger's own instead, which under KVM writes int3 into the guest "
			       "and needs --allow-writes. Ends after --count hits, --timeout "
			       "seconds, or Ctrl-C.\n" CLI_KERNEL_HELP,
			       usage_line);
			return EXIT_OK;
		} else {
			int r = cli_trace_opt(&c, opt, optarg, usage_line);

			if (r <= 0)
				return r < 0 ? EXIT_USAGE : cli_usage(usage_line, "bad option");
		}
	}
	if (argc - optind < 2)
		return cli_usage(usage_line, "break takes a TARGET and one or more places");
	if (argc - optind - 1 > CLI_TRACE_MAX)
		return cli_usage(usage_line, "too many places");
	for (int i = optind + 1; i < argc; i++)
		c.points[c.npoints++] =
		        (struct vms_trace_point){ .sz = sizeof(struct vms_trace_point),
			                          .kind = kind,
			                          .where = argv[i],
			                          .flags = flags };
	return cli_trace_run(&c, argv[optind]);
}
