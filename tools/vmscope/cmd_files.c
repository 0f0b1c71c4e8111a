// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope files: a process's open file descriptors, each with the name
 * readlink(/proc/PID/fd/N) gives in the guest, or as JSON. */
#include <inttypes.h>

#include "cli.h"

static void fd_row(struct cli_ctx *c, const struct vms_linux_fd *f)
{
	char dev[16];

	(void)snprintf(dev, sizeof(dev), "%02x:%02x", f->dev_major, f->dev_minor);
	cli_row_begin(c);
	cli_int(c, "fd", "%d", f->fd);
	cli_str(c, "path", " %s", f->path);
	cli_json_str(c, "dev", dev);
	cli_json_uint(c, "ino", f->ino);
	cli_json_hex(c, "file", f->file);
	cli_bool(c, "partial", " (partial)", f->partial);
	cli_row_end(c);
}

static int run(struct cli_ctx *c)
{
	struct vms_linux_fd *f;
	int32_t pid;
	size_t n;
	int ret;

	if (cli_parse_pid(&pid, c->args[0]))
		return cli_usage(c, "PID must be a process id");
	CLI_RETRY(ret, vms_linux_files(&f, &n, c->lx, pid));
	if (ret)
		return ret;
	cli_rows_begin(c);
	for (size_t i = 0; i < n; i++)
		fd_row(c, &f[i]);
	cli_rows_end(c);
	vms_linux_files_free(f);
	return EXIT_OK;
}

const struct cli_cmd cmd_files = {
	.name = "files",
	.summary = "a process's open files, as its /proc/PID/fd names them",
	.usage = "vmscope files TARGET [--json] PID",
	.help = "One line per open descriptor: its number and what it names, as the guest's "
	        "/proc/PID/fd shows it.",
	.flags = CLI_TARGET | CLI_JSON | CLI_LINUX,
	CLI_ARGS(2, 2, "files takes a TARGET and a PID"),
	.run = run,
};
