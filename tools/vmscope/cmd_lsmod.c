// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope lsmod: the guest's loaded modules, line for line as its
 * /proc/modules shows them (kernel addresses included), or as JSON. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"

static const char usage_line[] = "vmscope lsmod TARGET [--json]";

static const char *state_word(int state)
{
	return state == VMS_MODULE_GOING    ? "Unloading"
	       : state == VMS_MODULE_COMING ? "Loading"
	                                    : "Live";
}

static void print_json(const struct vms_linux_module *m, size_t n)
{
	printf("[");
	for (size_t i = 0; i < n; i++) {
		printf("%s\n{\"name\": ", i ? "," : "");
		json_str(stdout, m[i].name);
		printf(", \"size\": %" PRIu64 ", \"refcount\": %d, \"users\": ", m[i].size,
		       m[i].refcount);
		json_str(stdout, m[i].users);
		printf(", \"state\": \"%s\", \"base\": ", state_word(m[i].state));
		json_hex(stdout, m[i].base);
		printf(", \"taints\": ");
		json_hex(stdout, m[i].taints);
		printf(", \"flags\": ");
		json_str(stdout, m[i].flags);
		printf(", \"module\": ");
		json_hex(stdout, m[i].module);
		printf(", \"partial\": %s}", m[i].partial ? "true" : "false");
	}
	printf("]\n");
}

int cmd_lsmod(int argc, char **argv)
{
	struct vms_linux_module *m;
	struct cli_linux c;
	size_t n;
	int ret;

	if (cli_linux_begin(&c, argc, argv, usage_line,
	                    "One line per module as /proc/modules: name, size, references, users, "
	                    "state, base address, taint flags.\n",
	                    0, "lsmod takes a TARGET"))
		return c.exit_code;
	CLI_RETRY(ret, vms_linux_modules(&m, &n, c.lx));
	if (!ret && c.json) {
		print_json(m, n);
	} else if (!ret) {
		for (size_t i = 0; i < n; i++)
			printf("%s %" PRIu64 " %d %s %s 0x%016" PRIx64 "%s%s%s\n", m[i].name,
			       m[i].size, m[i].refcount, m[i].users, state_word(m[i].state),
			       m[i].base, m[i].flags[0] ? " " : "", m[i].flags,
			       m[i].partial ? " (partial)" : "");
	}
	vms_linux_modules_free(m);
	return cli_linux_end(&c, ret);
}
