// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope maps: a process's memory areas, line for line as the guest's
 * /proc/PID/maps shows them, or as JSON. */
#include <inttypes.h>

#include "cli.h"

static void vma_row(struct cli_ctx *c, const struct vms_linux_vma *v)
{
	char dev[16];

	(void)snprintf(dev, sizeof(dev), "%02x:%02x", v->dev_major, v->dev_minor);
	cli_row_begin(c);
	cli_hex(c, "start", "%08" PRIx64, v->start);
	cli_hex(c, "end", "-%08" PRIx64, v->end);
	cli_str(c, "perms", " %s", v->perms);
	cli_uint(c, "offset", " %08" PRIx64, v->offset);
	cli_str(c, "dev", " %s", dev);
	cli_uint(c, "ino", " %" PRIu64 " ", v->ino);
	/* show_map_vma(): a name goes after spaces up to column 73. */
	if (v->name[0])
		cli_pad(c, 72);
	cli_str(c, "name", v->name[0] ? " %s" : "%s", v->name);
	cli_json_hex(c, "vma", v->vma);
	cli_bool(c, "partial", " (partial)", v->partial);
	cli_row_end(c);
}

static int run(struct cli_ctx *c)
{
	struct vms_linux_vma *v;
	int32_t pid;
	size_t n;
	int ret;

	if (cli_parse_pid(&pid, c->args[0]))
		return cli_usage(c, "PID must be a process id");
	CLI_RETRY(ret, vms_linux_maps(&v, &n, c->lx, pid));
	if (ret)
		return ret;
	cli_rows_begin(c);
	for (size_t i = 0; i < n; i++)
		vma_row(c, &v[i]);
	cli_rows_end(c);
	vms_linux_maps_free(v);
	return EXIT_OK;
}

const struct cli_cmd cmd_maps = {
	.name = "maps",
	.summary = "a process's memory areas, as its /proc/PID/maps shows them",
	.usage = "vmscope maps TARGET [--json] PID",
	.help = "The memory areas of process PID as /proc/PID/maps shows them.",
	.flags = CLI_TARGET | CLI_JSON | CLI_LINUX,
	CLI_ARGS(2, 2, "maps takes a TARGET and a PID"),
	.run = run,
};
