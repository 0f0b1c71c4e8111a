// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope isf: a Volatility 3 symbol file (ISF JSON) for the guest's
 * kernel, from its own BTF and kallsyms, so that Volatility can analyse
 * dumps of a kernel nobody kept a debug package for. */
#include "cli.h"

static int write_stdout(const void *buf, size_t len, void *payload)
{
	(void)payload;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -EIO;
}

static int run(struct cli_ctx *c)
{
	int ret = vms_linux_isf_write(c->lx, write_stdout, NULL);

	if (!ret && fflush(stdout))
		ret = -EIO;
	return ret ? cli_fail(ret, "writing the ISF") : EXIT_OK;
}

const struct cli_cmd cmd_isf = {
	.name = "isf",
	.summary = "write a Volatility 3 symbol file (ISF JSON) for the guest's kernel",
	.usage = "vmscope isf TARGET > kernel.json",
	.help = "Writes the kernel's types (from BTF) and symbols (from kallsyms, at link-time "
	        "addresses) as Volatility 3's ISF JSON.",
	.flags = CLI_TARGET | CLI_LINUX,
	CLI_ARGS(1, 1, "isf takes a TARGET"),
	.run = run,
};
