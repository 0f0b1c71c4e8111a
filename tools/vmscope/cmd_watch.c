// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope watch: stop a live guest each time it writes (reads, touches)
 * chosen data, print the hit with the value there afterwards, and let it
 * run on. The watchpoints are the hypervisor's, unseen by the guest. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_line[] =
        "vmscope watch TARGET (--gva ADDR | SYMBOL[+OFF]) [--len N] (--write | --read | "
        "--access) [--count N] [--timeout S] [--json]";

int cmd_watch(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "gva", required_argument, NULL, 'g' },
		{ "len", required_argument, NULL, 'l' },
		{ "write", no_argument, NULL, 'W' },
		{ "read", no_argument, NULL, 'R' },
		{ "access", no_argument, NULL, 'A' },
		CLI_TRACE_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_trace c = { .len = 8, .npoints = 1 };
	struct vms_trace_point *p = &c.points[0];
	const char *gva = NULL;
	uint64_t len = 8;
	int opt;

	*p = (struct vms_trace_point){ .sz = sizeof(*p) };
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 'g') {
			gva = optarg;
		} else if (opt == 'l') {
			if (cli_parse_len(&len, optarg))
				return EXIT_USAGE;
		} else if (opt == 'W' || opt == 'R' || opt == 'A') {
			p->kind = opt == 'W'   ? VMS_EVENT_WATCH_WRITE
			          : opt == 'R' ? VMS_EVENT_WATCH_READ
			                       : VMS_EVENT_WATCH_ACCESS;
		} else if (opt == 'h') {
			printf("usage: %s\n\nEach time the guest writes (--write), reads (--read) or "
			       "touches (--access) the LEN bytes (1, 2, 4 or 8, aligned; default 8) "
			       "at ADDR or at a kernel symbol, print a line: the vCPU, the process "
			       "it runs, the code that did it, the value there afterwards, the "
			       "registers (--json: one JSON object a line). The guest runs on after "
			       "each hit. A live target only, as for vmscope break. Ends after "
			       "--count hits, --timeout seconds, or Ctrl-C.\n" CLI_KERNEL_HELP,
			       usage_line);
			return EXIT_OK;
		} else {
			int r = cli_trace_opt(&c, opt, optarg, usage_line);

			if (r <= 0)
				return r < 0 ? EXIT_USAGE : cli_usage(usage_line, "bad option");
		}
	}
	if (!p->kind)
		return cli_usage(usage_line, "say which accesses: --write, --read or --access");
	if (len != 1 && len != 2 && len != 4 && len != 8)
		return cli_usage(usage_line, "--len is 1, 2, 4 or 8");
	if (argc - optind != (gva ? 1 : 2))
		return cli_usage(usage_line, "watch takes a TARGET and --gva ADDR or a SYMBOL");
	if (gva && cli_parse_addr(&p->gva, gva, "--gva"))
		return EXIT_USAGE;
	p->where = gva ? NULL : argv[optind + 1];
	p->len = c.len = (unsigned)len;
	return cli_trace_run(&c, argv[optind]);
}
