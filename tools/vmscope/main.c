// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope: the command-line tool. One subcommand per cmd_<verb>.c. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "info", cmd_info, "what a target is: format, memory ranges, vCPUs and their paging" },
	{ "read", cmd_read, "read guest-physical or guest-virtual memory" },
	{ "translate", cmd_translate, "translate a guest-virtual address, showing every level" },
	{ "uname", cmd_uname,
	  "the guest kernel: release, version, host name, boot time, CPUs, KASLR" },
	{ "maps", cmd_maps, "a process's memory areas, as its /proc/PID/maps shows them" },
	{ "files", cmd_files, "a process's open files, as its /proc/PID/fd names them" },
	{ "net", cmd_net, "the guest's TCP, UDP and UNIX sockets and the processes holding them" },
	{ "dmesg", cmd_dmesg, "the guest's kernel log, from its printk ring buffer" },
	{ "lsmod", cmd_lsmod, "the guest's loaded modules, as its /proc/modules shows them" },
	{ "ps", cmd_ps, "the guest's processes from its task list (--tree, --threads, --json)" },
	{ "isf", cmd_isf, "write a Volatility 3 symbol file (ISF JSON) for the guest's kernel" },
	{ "break", cmd_break,
	  "trace a live guest: each time its kernel runs SYMBOL[+OFF], a line" },
	{ "watch", cmd_watch, "trace a live guest: each time its kernel touches data, a line" },
	{ "type", cmd_type, "a kernel type's layout, or a member's offset, from the guest's BTF" },
	{ "sym", cmd_sym, "look up kernel symbols by name or address, or list them all" },
};

static void usage(FILE *f)
{
	(void)fprintf(f, "usage: vmscope [--version] [--help] COMMAND [ARGS]\n\n"
	                 "Virtual-machine introspection: look into a guest from outside it.\n\n"
	                 "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		(void)fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	(void)fprintf(
	        f, "\nTARGET is a dump file (PATH or file:PATH), qemu:QMP_SOCKET or xen:DOMAIN.\n"
	           "'vmscope COMMAND --help' explains a command.\n");
}

int cli_fail(int ret, const char *what)
{
	(void)fprintf(stderr, "vmscope: error: %s%s%s\n", what ? what : "", what ? ": " : "",
	              *vms_error_last() ? vms_error_last() : strerror(-ret));
	return EXIT_FAIL;
}

int cli_usage(const char *usage_line, const char *msg)
{
	(void)fprintf(stderr, "vmscope: %s\nusage: %s\n", msg, usage_line);
	return EXIT_USAGE;
}

static void log_stderr(enum vms_log_level level, const char *msg, void *payload)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };

	(void)payload;
	(void)fprintf(stderr, "vmscope: %s: %s\n", names[level], msg);
}

int cli_open(struct vms_target **out, const char *target)
{
	struct vms_target_opts opts = {
		.sz = sizeof(opts),
		.log = log_stderr,
		.log_level = getenv("VMSCOPE_DEBUG") ? VMS_LOG_DEBUG : VMS_LOG_WARN,
	};
	int ret = vms_target_open(out, target, &opts);

	return ret ? cli_fail(ret, NULL) : 0;
}

static struct vms_linux_opts kernel_opts = { .sz = sizeof(kernel_opts) };
static int no_pause, paused;

int cli_kernel_opt(int opt, const char *arg)
{
	if (opt == CLI_OPT_NO_PAUSE)
		no_pause = 1;
	else if (opt == CLI_OPT_SYSMAP)
		kernel_opts.system_map = arg;
	else if (opt == CLI_OPT_ISF)
		kernel_opts.isf = arg;
	else
		return 0;
	return 1;
}

int cli_open_linux(struct vms_target **t, struct vms_linux **lx, const char *target)
{
	int ret;

	*lx = NULL;
	if (cli_open(t, target))
		return -1;
	/* A live guest holds still while its structures are walked. */
	if (!no_pause) {
		ret = vms_target_pause(*t);
		if (ret && ret != -EOPNOTSUPP) {
			cli_fail(ret, "pausing the guest");
			vms_target_close(*t);
			*t = NULL;
			return -1;
		}
		paused = ret == 0;
	}
	ret = vms_linux_open(lx, *t, &kernel_opts);
	if (ret) {
		cli_fail(ret, NULL);
		cli_close_linux(*t, NULL);
		*t = NULL;
		return -1;
	}
	return 0;
}

int cli_unpause(struct vms_target *t)
{
	int ret = paused ? vms_target_resume(t) : 0;

	paused = 0;
	return ret;
}

void cli_close_linux(struct vms_target *t, struct vms_linux *lx)
{
	if (paused && t && vms_target_resume(t))
		cli_fail(-EIO, "resuming the guest");
	paused = 0;
	vms_linux_close(lx);
	vms_target_close(t);
}

int cli_linux_begin(struct cli_linux *c, int argc, char **argv, const char *usage_line,
                    const char *help, int nargs, const char *nargs_msg)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_KERNEL_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	memset(c, 0, sizeof(*c));
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 'j') {
			c->json = 1;
			continue;
		}
		if (cli_kernel_opt(opt, optarg))
			continue;
		if (opt == 'h') {
			printf("usage: %s\n%s%s" CLI_KERNEL_HELP, usage_line, help ? "\n" : "",
			       help ? help : "");
			c->exit_code = EXIT_OK;
		} else {
			c->exit_code = cli_usage(usage_line, "bad option");
		}
		return -1;
	}
	if (argc - optind != 1 + nargs) {
		c->exit_code = cli_usage(usage_line, nargs_msg);
		return -1;
	}
	c->args = argv + optind + 1;
	if (cli_open_linux(&c->t, &c->lx, argv[optind])) {
		c->exit_code = EXIT_FAIL;
		return -1;
	}
	return 0;
}

int cli_linux_end(struct cli_linux *c, int ret)
{
	ret = ret ? cli_fail(ret, NULL) : EXIT_OK;
	cli_close_linux(c->t, c->lx);
	return ret;
}

int cli_parse_pid(int32_t *pid, const char *s, const char *usage_line)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || end == s || v < 0 || v > INT32_MAX) {
		cli_usage(usage_line, "PID must be a process id");
		return -1;
	}
	*pid = (int32_t)v;
	return 0;
}

int cli_parse_addr(uint64_t *out, const char *s, const char *what)
{
	const char *p = s;
	uint64_t v = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (!*p)
		goto bad;
	for (; *p; p++) {
		int d = (*p >= '0' && *p <= '9')   ? *p - '0'
		        : (*p >= 'a' && *p <= 'f') ? *p - 'a' + 10
		        : (*p >= 'A' && *p <= 'F') ? *p - 'A' + 10
		                                   : -1;

		if (d < 0 || v >> 60)
			goto bad;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
bad:
	(void)fprintf(stderr, "vmscope: %s '%s' is not a 64-bit hex address\n", what, s);
	return -EINVAL;
}

int cli_parse_len(uint64_t *out, const char *s)
{
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return cli_parse_addr(out, s, "length");
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-') {
		(void)fprintf(stderr, "vmscope: length '%s' is not a number\n", s);
		return -EINVAL;
	}
	return 0;
}

int cli_pt_root(uint64_t *out, struct vms_target *t, const char *cr3_arg, const char *pid_arg)
{
	struct vms_x86_regs r;
	struct vms_linux *lx;
	char *end;
	long pid = 0;
	int ret;

	if (cr3_arg && pid_arg) {
		(void)fprintf(stderr,
		              "vmscope: --cr3 and --pid both name the page tables; give one\n");
		return -EINVAL;
	}
	if (cr3_arg)
		return cli_parse_addr(out, cr3_arg, "--cr3");
	if (pid_arg) {
		pid = strtol(pid_arg, &end, 10);
		if (*end || end == pid_arg || pid < 0 || pid > INT32_MAX) {
			(void)fprintf(stderr, "vmscope: --pid %s is not a process id\n", pid_arg);
			return -EINVAL;
		}
	}
	if (!pid_arg && vms_target_get_regs(&r, t, 0) == 0 && (r.valid & VMS_X86_REGS_CONTROL)) {
		*out = r.cr3;
		return 0;
	}
	/* A process's tables, or, with no vCPU state, the kernel's own. */
	ret = vms_linux_open(&lx, t, NULL);
	if (ret) {
		(void)fprintf(stderr,
		              "vmscope: the target gives no CR3 and no Linux kernel was found "
		              "(%s); name the page tables with --cr3 ROOT\n",
		              vms_error_last());
		return -EINVAL;
	}
	if (pid_arg) {
		CLI_RETRY(ret, vms_linux_pid_pt_root(out, lx, (int32_t)pid));
		if (ret)
			cli_fail(ret, NULL);
	} else {
		struct vms_linux_kernel k = { .sz = sizeof(k) };

		vms_linux_kernel(&k, lx);
		*out = k.pt_root;
	}
	vms_linux_close(lx);
	return ret;
}

void json_str(FILE *f, const char *s)
{
	(void)fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			(void)fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			(void)fputs("\\n", f);
		else if (*p < 0x20 || *p >= 0x7f)
			(void)fprintf(f, "\\u%04x", *p);
		else
			(void)fputc(*p, f);
	}
	(void)fputc('"', f);
}

void json_hex(FILE *f, uint64_t v)
{
	(void)fprintf(f, "\"0x%llx\"", (unsigned long long)v);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("vmscope %s\n", vms_version());
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	}
	(void)fprintf(stderr, "vmscope: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
