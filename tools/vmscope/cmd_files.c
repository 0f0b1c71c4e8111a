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
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vms_linux_fd *f;
	struct vms_target *t;
	struct vms_linux *lx;
	size_t n;
	char *end;
	long pid;
	int c, json = 0, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'h':
			printf("usage: %s\n\nOne line per open descriptor: its number and what it "
			       "names, as the guest's /proc/PID/fd shows it.\n",
			       usage_line);
			return EXIT_OK;
		default:
			return cli_usage(usage_line, "bad option");
		}
	}
	if (argc - optind != 2)
		return cli_usage(usage_line, "files takes a TARGET and a PID");
	pid = strtol(argv[optind + 1], &end, 10);
	if (*end || end == argv[optind + 1] || pid < 0 || pid > INT32_MAX)
		return cli_usage(usage_line, "PID must be a process id");
	if (cli_open_linux(&t, &lx, argv[optind]))
		return EXIT_FAIL;
	ret = vms_linux_files(&f, &n, lx, (int32_t)pid);
	if (!ret && json) {
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
		vms_linux_files_free(f, n);
	ret = ret ? cli_fail(ret, NULL) : EXIT_OK;
	cli_close_linux(t, lx);
	return ret;
}
