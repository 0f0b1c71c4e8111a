// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope ps: the guest's processes (or threads) from its own task list,
 * with what /proc shows of each; as a table, a tree, or JSON. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

struct ps_opts {
	bool threads, tree;
};

static const struct ps_opts defaults;

static const struct cli_opt options[] = {
	CLI_FLAG(struct ps_opts, threads, "threads", "list every thread, not only processes"),
	CLI_FLAG(struct ps_opts, tree, "tree", "show each process under its parent"),
};

/* NUL-separated bytes as a JSON array of strings (a trailing NUL ends the
 * last string rather than starting another). */
static void json_strings(struct cli_ctx *c, const char *key, const char *p, size_t len)
{
	cli_array_begin(c, key);
	for (size_t i = 0, n; i < len; i += n + 1) {
		n = strnlen(p + i, len - i);
		cli_json_strn(c, NULL, p + i, n);
	}
	cli_array_end(c);
}

/* The command line as ps shows it: arguments joined by spaces; a kernel
 * thread's name in brackets. */
static void text_cmd(struct cli_ctx *c, const struct vms_linux_task *t)
{
	if (!t->cmdline_len) {
		cli_text(c, t->kthread ? "[%s]" : "%s", t->name);
		return;
	}
	for (size_t i = 0; i < t->cmdline_len; i++) {
		char ch = t->cmdline[i];

		if (ch == '\0')
			ch = i + 1 == t->cmdline_len ? '\0' : ' ';
		if (ch)
			cli_text(c, "%c", ch >= 0x20 && ch < 0x7f ? ch : '?');
	}
}

/* A row: the text puts the thread group first and the times before the
 * names, so those stand twice. */
static void task_row(struct cli_ctx *c, const struct vms_linux_task *t, int depth)
{
	const struct ps_opts *o = c->opts;

	cli_row_begin(c);
	if (o->threads)
		cli_text(c, "%7d ", t->tgid);
	cli_int(c, "pid", "%7d", t->pid);
	cli_json_int(c, "tgid", t->tgid);
	cli_int(c, "ppid", " %7d", t->ppid);
	cli_uint(c, "uid", " %5u", t->uid);
	cli_json_uint(c, "euid", t->euid);
	cli_json_uint(c, "suid", t->suid);
	cli_json_uint(c, "fsuid", t->fsuid);
	cli_uint(c, "gid", " %5u", t->gid);
	cli_json_uint(c, "egid", t->egid);
	cli_json_uint(c, "sgid", t->sgid);
	cli_json_uint(c, "fsgid", t->fsgid);
	cli_json_str(c, "comm", t->comm);
	cli_json_str(c, "name", t->name);
	cli_char(c, "state", " %c", t->state);
	cli_text(c, " %9.2f %-16s %*s", (double)t->start_ns / 1e9, t->comm, 2 * depth, "");
	cli_json_bool(c, "kthread", t->kthread);
	cli_json_uint(c, "threads", t->nthreads);
	cli_json_uint(c, "start_ns", t->start_ns);
	cli_json_uint(c, "start_ticks", t->start_ns / 10000000u);
	cli_json_hex(c, "task", t->task);
	if (t->pt_root)
		cli_json_hex(c, "pt_root", t->pt_root);
	else
		cli_json_null(c, "pt_root");
	cli_json_str(c, "exe", t->exe);
	text_cmd(c, t);
	json_strings(c, "cmdline", t->cmdline, t->cmdline_len);
	json_strings(c, "environ", t->environ, t->environ_len);
	cli_json_uint(c, "partial", t->partial);
	cli_text(c, "%s", t->partial ? "  (partial)" : "");
	cli_row_end(c);
}

static void print_tree(struct cli_ctx *c, const struct vms_linux_task *t, size_t n, int32_t ppid,
                       int depth)
{
	const struct ps_opts *o = c->opts;

	if (depth > 64)
		return;
	for (size_t i = 0; i < n; i++)
		if (t[i].ppid == ppid && t[i].pid != ppid &&
		    (o->threads || t[i].pid == t[i].tgid)) {
			task_row(c, &t[i], depth);
			print_tree(c, t, n, t[i].pid, depth + 1);
		}
}

static int run(struct cli_ctx *c)
{
	const struct ps_opts *o = c->opts;
	struct vms_linux_task *tasks;
	size_t n;
	int ret;

	CLI_RETRY(ret, vms_linux_tasks(&tasks, &n, c->lx, o->threads ? VMS_TASKS_THREADS : 0));
	if (ret)
		return ret;
	cli_text(c, "%s%7s %7s %5s %5s %c %9s %-16s %s\n", o->threads ? "   TGID " : "", "PID",
	         "PPID", "UID", "GID", 'S', "START", "COMM", "COMMAND");
	cli_rows_begin(c);
	if (o->tree && !c->json)
		print_tree(c, tasks, n, 0, 0);
	else
		for (size_t i = 0; i < n; i++)
			task_row(c, &tasks[i], 0);
	cli_rows_end(c);
	vms_linux_tasks_free(tasks);
	return EXIT_OK;
}

const struct cli_cmd cmd_ps = {
	.name = "ps",
	.summary = "the guest's processes from its task list (--tree, --threads, --json)",
	.usage = "vmscope ps TARGET [--threads] [--tree] [--json]",
	.help = "Every process in the guest's task list, with pid, parent, credentials, state, "
	        "start time (seconds since boot), command line and environment (--json), read "
	        "from the guest's memory.",
	.flags = CLI_TARGET | CLI_JSON | CLI_LINUX,
	CLI_OPTIONS(options),
	CLI_OPTS_INIT(defaults),
	CLI_ARGS(1, 1, "ps takes a TARGET"),
	.run = run,
};
