// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope maps: a process's memory areas, line for line as the guest's
 * /proc/PID/maps shows them, or as JSON. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage_line[] = "vmscope maps TARGET [--json] PID";

/* show_map_vma(): the numbers, then (when there is a name) spaces up to
 * column 73 and the name. */
static void print_line(const struct vms_linux_vma *v)
{
	int n = printf("%08" PRIx64 "-%08" PRIx64 " %s %08" PRIx64 " %02x:%02x %" PRIu64 " ",
	               v->start, v->end, v->perms, v->offset, v->dev_major, v->dev_minor, v->ino);

	if (v->name[0])
		printf("%*s%s", n < 72 ? 72 - n : 0, "", "");
	printf("%s%s%s\n", v->name[0] ? " " : "", v->name, v->partial ? " (partial)" : "");
}

static void print_json(const struct vms_linux_vma *v, size_t n)
{
	printf("[");
	for (size_t i = 0; i < n; i++) {
		printf("%s\n{\"start\": ", i ? "," : "");
		json_hex(stdout, v[i].start);
		printf(", \"end\": ");
		json_hex(stdout, v[i].end);
		printf(", \"perms\": \"%s\", \"offset\": %" PRIu64 ", \"dev\": \"%02x:%02x\", "
		       "\"ino\": %" PRIu64 ", \"name\": ",
		       v[i].perms, v[i].offset, v[i].dev_major, v[i].dev_minor, v[i].ino);
		json_str(stdout, v[i].name);
		printf(", \"vma\": ");
		json_hex(stdout, v[i].vma);
		printf(", \"partial\": %s}", v[i].partial ? "true" : "false");
	}
	printf("]\n");
}

int cmd_maps(int argc, char **argv)
{
	struct vms_linux_vma *v;
	struct cli_linux c;
	int32_t pid;
	size_t n;
	int ret;

	if (cli_linux_begin(&c, argc, argv, usage_line,
	                    "The memory areas of process PID as /proc/PID/maps shows them.\n", 1,
	                    "maps takes a TARGET and a PID"))
		return c.exit_code;
	if (cli_parse_pid(&pid, c.args[0], usage_line)) {
		cli_close_linux(c.t, c.lx);
		return EXIT_USAGE;
	}
	CLI_RETRY(ret, vms_linux_maps(&v, &n, c.lx, pid));
	if (!ret && c.json)
		print_json(v, n);
	else if (!ret)
		for (size_t i = 0; i < n; i++)
			print_line(&v[i]);
	if (!ret)
		vms_linux_maps_free(v);
	return cli_linux_end(&c, ret);
}
