// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope ps: the guest's processes (or threads) from its own task list,
 * with what /proc shows of each; as a table, a tree, or JSON. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_line[] = "vmscope ps TARGET [--threads] [--tree] [--json]";

/* NUL-separated bytes as a JSON array of strings (a trailing NUL ends the
 * last string rather than starting another). */
static void json_strings(const char *p, size_t len)
{
	size_t i = 0;

	printf("[");
	while (i < len) {
		size_t n = strnlen(p + i, len - i);
		char *s = strndup(p + i, n);

		printf("%s", i ? ", " : "");
		json_str(stdout, s ? s : "");
		free(s);
		i += n + 1;
	}
	printf("]");
}

static void print_json(const struct vms_linux_task *t, size_t n)
{
	printf("[");
	for (size_t i = 0; i < n; i++) {
		printf("%s\n{\"pid\": %d, \"tgid\": %d, \"ppid\": %d, \"uid\": %u, \"euid\": %u, "
		       "\"suid\": %u, \"fsuid\": %u, \"gid\": %u, \"egid\": %u, \"sgid\": %u, "
		       "\"fsgid\": %u, \"comm\": ",
		       i ? "," : "", t[i].pid, t[i].tgid, t[i].ppid, t[i].uid, t[i].euid, t[i].suid,
		       t[i].fsuid, t[i].gid, t[i].egid, t[i].sgid, t[i].fsgid);
		json_str(stdout, t[i].comm);
		printf(", \"name\": ");
		json_str(stdout, t[i].name);
		printf(", \"state\": \"%c\", \"kthread\": %s, \"threads\": %u, \"start_ns\": %" PRIu64
		       ", \"start_ticks\": %" PRIu64 ", \"task\": ",
		       t[i].state, t[i].kthread ? "true" : "false", t[i].nthreads, t[i].start_ns,
		       t[i].start_ns / 10000000u);
		json_hex(stdout, t[i].task);
		printf(", \"pt_root\": ");
		if (t[i].pt_root)
			json_hex(stdout, t[i].pt_root);
		else
			printf("null");
		printf(", \"exe\": ");
		if (t[i].exe)
			json_str(stdout, t[i].exe);
		else
			printf("null");
		printf(", \"cmdline\": ");
		json_strings(t[i].cmdline, t[i].cmdline_len);
		printf(", \"environ\": ");
		json_strings(t[i].environ, t[i].environ_len);
		printf(", \"partial\": %u}", t[i].partial);
	}
	printf("]\n");
}

/* The command line as ps shows it: arguments joined by spaces; a kernel
 * thread's name in brackets. */
static void print_cmd(const struct vms_linux_task *t)
{
	if (!t->cmdline_len) {
		printf(t->kthread ? "[%s]" : "%s", t->name);
		return;
	}
	for (size_t i = 0; i < t->cmdline_len; i++) {
		char c = t->cmdline[i];

		if (c == '\0')
			c = i + 1 == t->cmdline_len ? '\0' : ' ';
		if (c)
			putchar(c >= 0x20 && c < 0x7f ? c : '?');
	}
}

static void print_row(const struct vms_linux_task *t, int threads, int depth)
{
	if (threads)
		printf("%7d ", t->tgid);
	printf("%7d %7d %5u %5u %c %9.2f %-16s %*s", t->pid, t->ppid, t->uid, t->gid, t->state,
	       (double)t->start_ns / 1e9, t->comm, 2 * depth, "");
	print_cmd(t);
	printf("%s\n", t->partial ? "  (partial)" : "");
}

static void print_tree(const struct vms_linux_task *t, size_t n, int threads, int32_t ppid,
                       int depth)
{
	if (depth > 64)
		return;
	for (size_t i = 0; i < n; i++)
		if (t[i].ppid == ppid && t[i].pid != ppid && (threads || t[i].pid == t[i].tgid)) {
			print_row(&t[i], threads, depth);
			print_tree(t, n, threads, t[i].pid, depth + 1);
		}
}

int cmd_ps(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "threads", no_argument, NULL, 'T' },
		{ "tree", no_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_KERNEL_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct vms_linux_task *tasks;
	struct vms_target *t;
	struct vms_linux *lx;
	size_t n;
	int c, json = 0, tree = 0, threads = 0, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'T':
			threads = 1;
			break;
		case 't':
			tree = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			printf("usage: %s\n\nEvery process in the guest's task list, with pid, "
			       "parent, credentials, state, start time (seconds since boot), "
			       "command line and environment (--json), read from the guest's memory. "
			       "--threads lists every thread.\n" CLI_KERNEL_HELP,
			       usage_line);
			return EXIT_OK;
		default:
			if (cli_kernel_opt(c, optarg))
				break;
			return cli_usage(usage_line, "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage(usage_line, "ps takes a TARGET");
	if (cli_open_linux(&t, &lx, argv[optind]))
		return EXIT_FAIL;
	CLI_RETRY(ret, vms_linux_tasks(&tasks, &n, lx, threads ? VMS_TASKS_THREADS : 0));
	if (ret) {
		ret = cli_fail(ret, NULL);
		cli_close_linux(t, lx);
		return ret;
	}
	if (json) {
		print_json(tasks, n);
	} else {
		printf("%s%7s %7s %5s %5s %c %9s %-16s %s\n", threads ? "   TGID " : "", "PID",
		       "PPID", "UID", "GID", 'S', "START", "COMM", "COMMAND");
		if (tree)
			print_tree(tasks, n, threads, 0, 0);
		else
			for (size_t i = 0; i < n; i++)
				print_row(&tasks[i], threads, 0);
	}
	vms_linux_tasks_free(tasks);
	cli_close_linux(t, lx);
	return EXIT_OK;
}
