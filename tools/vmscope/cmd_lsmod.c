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
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vms_linux_module *m;
	struct vms_target *t;
	struct vms_linux *lx;
	size_t n;
	int c, json = 0, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'h':
			printf("usage: %s\n\nOne line per module as /proc/modules: name, size, "
			       "references, users, state, base address, taint flags.\n",
			       usage_line);
			return EXIT_OK;
		default:
			return cli_usage(usage_line, "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage(usage_line, "lsmod takes a TARGET");
	if (cli_open_linux(&t, &lx, argv[optind]))
		return EXIT_FAIL;
	ret = vms_linux_modules(&m, &n, lx);
	if (!ret && json) {
		print_json(m, n);
	} else if (!ret) {
		for (size_t i = 0; i < n; i++)
			printf("%s %" PRIu64 " %d %s %s 0x%016" PRIx64 "%s%s%s\n", m[i].name,
			       m[i].size, m[i].refcount, m[i].users, state_word(m[i].state),
			       m[i].base, m[i].flags[0] ? " " : "", m[i].flags,
			       m[i].partial ? " (partial)" : "");
	}
	vms_linux_modules_free(m);
	ret = ret ? cli_fail(ret, NULL) : EXIT_OK;
	cli_close_linux(t, lx);
	return ret;
}
