// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope isf: a Volatility 3 symbol file (ISF JSON) for the guest's
 * kernel, from its own BTF and kallsyms, so that Volatility can analyse
 * dumps of a kernel nobody kept a debug package for. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char usage_line[] = "vmscope isf TARGET > kernel.json";

static int write_stdout(const void *buf, size_t len, void *payload)
{
	(void)payload;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -5;
}

int cmd_isf(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		CLI_KERNEL_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct vms_target *t;
	struct vms_linux *lx;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (cli_kernel_opt(c, optarg))
			continue;
		if (c == 'h') {
			printf("usage: %s\n\nWrites the kernel's types (from BTF) and symbols (from "
			       "kallsyms, at link-time addresses) as Volatility 3's ISF JSON.\n" CLI_KERNEL_HELP,
			       usage_line);
			return EXIT_OK;
		}
		return cli_usage(usage_line, "bad option");
	}
	if (argc - optind != 1)
		return cli_usage(usage_line, "isf takes a TARGET");
	if (cli_open_linux(&t, &lx, argv[optind]))
		return EXIT_FAIL;
	ret = vms_linux_isf_write(lx, write_stdout, NULL);
	if (!ret && fflush(stdout))
		ret = -5;
	ret = ret ? cli_fail(ret, "writing the ISF") : EXIT_OK;
	cli_close_linux(t, lx);
	return ret;
}
