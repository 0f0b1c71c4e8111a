// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope files: a process's open file descriptors, each with the name
 * readlink(/proc/PID/fd/N) gives in the guest, or as JSON. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage_line[] = "vmscope files TARGET [--json] PID";

int cmd_files(int argc, char **argv)
{
	struct vms_linux_fd *f;
	struct cli_linux c;
	int32_t pid;
	size_t n;
	int ret;

	if (cli_linux_begin(&c, argc, argv, usage_line,
	                    "One line per open descriptor: its number and what it names, as the "
	                    "guest's /proc/PID/fd shows it.\n",
	                    1, "files takes a TARGET and a PID"))
		return c.exit_code;
	if (cli_parse_pid(&pid, c.args[0], usage_line)) {
		cli_close_linux(c.t, c.lx);
		return EXIT_USAGE;
	}
	CLI_RETRY(ret, vms_linux_files(&f, &n, c.lx, pid));
	if (!ret && c.json) {
		printf("[");
		for (size_t i = 0; i < n; i++) {
			printf("%s\n{\"fd\": %d, \"path\": ", i ? "," : "", f[i].fd);
			json_str(stdout, f[i].path);
			printf(", \"dev\": \"%02x:%02x\", \"ino\": %" PRIu64 ", \"file\": ",
			       f[i].dev_major, f[i].dev_minor, f[i].ino);
			json_hex(stdout, f[i].file);
			printf(", \"partial\": %s}", f[i].partial ? "true" : "false");
		}
		printf("]\n");
	} else if (!ret) {
		for (size_t i = 0; i < n; i++)
			printf("%d %s%s\n", f[i].fd, f[i].path, f[i].partial ? " (partial)" : "");
	}
	if (!ret)
		vms_linux_files_free(f);
	return cli_linux_end(&c, ret);
}
