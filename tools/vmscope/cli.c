// SPDX-License-Identifier: LGPL-2.1-or-later
/* How a vmscope subcommand runs: its options parsed from its table and the
 * common ones its flags switch on, --help written from the same tables,
 * its arguments counted, the target opened (a live guest paused and its
 * Linux kernel found, for the commands that walk the kernel's structures)
 * and closed again (the guest resumed). The library is opened, paused and
 * asked about the kernel here only, so that a change in its API is met in
 * one place. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The common options: a command takes those whose flags it has one of,
 * unless it has one of unless. They are set in the context, not in the
 * command's options. */
static const struct {
	unsigned flags, unless;
	struct cli_opt opt;
} common[] = {
	{ .flags = CLI_JSON,
	  .opt = { .name = "json",
	           .short_name = 'j',
	           .help = "print JSON instead of text",
	           .set = cli_set_bool,
	           .off = offsetof(struct cli_ctx, json) } },
	{ .flags = CLI_PT_ROOT,
	  .opt = { .name = "cr3",
	           .arg = "ROOT",
	           .help = "the page tables at guest-physical ROOT (hex), not vCPU 0's",
	           .set = cli_set_str,
	           .off = offsetof(struct cli_ctx, cr3) } },
	{ .flags = CLI_PT_ROOT,
	  .opt = { .name = "pid",
	           .arg = "PID",
	           .help = "the page tables of process PID, found in the guest's task list",
	           .set = cli_set_str,
	           .off = offsetof(struct cli_ctx, pid) } },
	{ .flags = CLI_LINUX | CLI_PT_ROOT,
	  .opt = { .name = "system-map",
	           .arg = "FILE",
	           .help = "the kernel's symbols from this System.map, instead of kallsyms in "
	                   "the guest's memory",
	           .set = cli_set_str,
	           .off = offsetof(struct cli_ctx, kernel_opts.system_map) } },
	{ .flags = CLI_LINUX | CLI_PT_ROOT,
	  .opt = { .name = "isf",
	           .arg = "FILE",
	           .help = "the kernel's types (and symbols) from this Volatility 3 ISF (.json "
	                   "or .json.xz), instead of BTF in the guest's memory",
	           .set = cli_set_str,
	           .off = offsetof(struct cli_ctx, kernel_opts.isf) } },
	{ .flags = CLI_LINUX,
	  .opt = { .name = "no-pause",
	           .help = "let a live guest run while the command reads it (its answers may "
	                   "then mix states)",
	           .set = cli_set_bool,
	           .off = offsetof(struct cli_ctx, no_pause) } },
	{ .flags = CLI_PT_ROOT,
	  .unless = CLI_LINUX,
	  .opt = { .name = "no-pause",
	           .help = "taken, as by the commands that pause a live guest; this one "
	                   "does not pause it",
	           .set = cli_set_bool,
	           .off = offsetof(struct cli_ctx, no_pause) } },
	{ .flags = ~0u, .opt = { .name = "help", .short_name = 'h', .help = "print this help" } },
};

#define MAX_OPTS 32

/* The options one command takes: its own, then the common ones. */
struct optset {
	const struct cli_opt *opt[MAX_OPTS];
	size_t n, nown;
};

static void optset_init(struct optset *s, const struct cli_cmd *cmd)
{
	s->n = 0;
	for (size_t i = 0; i < cmd->nopts && s->n < MAX_OPTS; i++)
		s->opt[s->n++] = &cmd->opts[i];
	s->nown = s->n;
	for (size_t i = 0; i < ARRAY_SIZE(common) && s->n < MAX_OPTS; i++)
		if ((cmd->flags & common[i].flags) && !(cmd->flags & common[i].unless))
			s->opt[s->n++] = &common[i].opt;
}

int cli_set_bool(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg)
{
	(void)c;
	(void)o;
	(void)arg;
	*(bool *)dst = true;
	return 0;
}

int cli_set_int(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg)
{
	(void)c;
	(void)arg;
	*(int *)dst = o->val;
	return 0;
}

int cli_set_str(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg)
{
	(void)c;
	(void)o;
	*(const char **)dst = arg;
	return 0;
}

int cli_set_len(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg)
{
	(void)c;
	(void)o;
	return cli_parse_len(dst, arg) ? EXIT_USAGE : 0;
}

/* Print s, its words wrapped at 80 columns onto lines indented by indent;
 * the cursor is at column col. */
static void wrap(const char *s, int indent, int col)
{
	for (s += strspn(s, " "); *s; s += strspn(s, " ")) {
		int n = (int)strcspn(s, " ");

		if (col > indent && col + 1 + n >= 80) {
			printf("\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			putchar(' ');
			col++;
		}
		printf("%.*s", n, s);
		col += n;
		s += n;
	}
	putchar('\n');
}

static void print_help(const struct cli_cmd *cmd, const struct optset *s)
{
	printf("usage: %s\n\n", cmd->usage);
	wrap(cmd->help ? cmd->help : cmd->summary, 0, 0);
	if (cmd->flags & CLI_TARGET)
		printf("\n%s\n", CLI_TARGET_HELP);
	printf("\noptions:\n");
	for (size_t i = 0; i < s->n; i++) {
		const struct cli_opt *o = s->opt[i];
		char head[64];
		int n;

		n = o->short_name ? snprintf(head, sizeof(head), "-%c, ", o->short_name) : 0;
		(void)snprintf(head + n, sizeof(head) - (size_t)n, "--%s%s%s", o->name,
		               o->arg ? " " : "", o->arg ? o->arg : "");
		/* The sentence at column 24, on a line of its own after a
		 * long head. */
		if (printf("  %-20s", head) > 22)
			printf("\n%22s", "");
		printf("  ");
		wrap(o->help, 24, 24);
	}
}

/* The options, in argv's order: -1 to go on, or the exit code. */
static int parse_options(struct cli_ctx *c, int argc, char **argv)
{
	struct option longopts[MAX_OPTS + 1] = { 0 };
	char shorts[MAX_OPTS + 1] = "";
	struct optset s;
	size_t nshort = 0;
	int ch;

	optset_init(&s, c->cmd);
	for (size_t i = 0; i < s.n; i++) {
		longopts[i] = (struct option){ s.opt[i]->name,
			                       s.opt[i]->arg ? required_argument : no_argument,
			                       NULL, 0x100 + (int)i };
		if (s.opt[i]->short_name)
			shorts[nshort++] = s.opt[i]->short_name;
	}
	optind = 1;
	while ((ch = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		const struct cli_opt *o;
		size_t i = 0;
		int ret;

		while (i < s.n && ch != 0x100 + (int)i && ch != s.opt[i]->short_name)
			i++;
		if (i == s.n)
			return cli_usage(c, "bad option");
		o = s.opt[i];
		if (!o->set) {
			print_help(c->cmd, &s);
			return EXIT_OK;
		}
		/* A command's own options go into its options, the common
		 * ones into the context. */
		ret = o->set(c, o, (char *)(i < s.nown ? c->opts : (void *)c) + o->off, optarg);
		if (ret)
			return ret;
	}
	return -1;
}

/* Options, arguments and the command's own checks: -1 to go on, or the
 * exit code. */
static int prepare(struct cli_ctx *c, int argc, char **argv)
{
	const struct cli_cmd *cmd = c->cmd;
	int ret = parse_options(c, argc, argv), n;

	if (ret >= 0)
		return ret;
	n = argc - optind;
	if (n < cmd->min_args || (cmd->max_args >= 0 && n > cmd->max_args))
		return cli_usage(c, cmd->args_msg);
	if ((cmd->flags & CLI_TARGET) && n > 0) {
		c->target = argv[optind];
		c->args = argv + optind + 1;
		c->nargs = n - 1;
	} else {
		c->args = argv + optind;
		c->nargs = n;
	}
	ret = cmd->check ? cmd->check(c) : 0;
	return ret ? ret : -1;
}

int cli_main(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct cli_ctx c = { .cmd = cmd, .kernel_opts = { .sz = sizeof(c.kernel_opts) } };
	int ret;

	jsonw_init(&c.jw, stdout);
	if (cmd->opts_size) {
		c.opts = malloc(cmd->opts_size);
		if (!c.opts)
			return cli_fail(-ENOMEM, NULL);
		memcpy(c.opts, cmd->opts_init, cmd->opts_size);
	}
	ret = prepare(&c, argc, argv);
	if (ret < 0) {
		ret = cli_open(&c) ? EXIT_FAIL : cmd->run(&c);
		if (ret < 0)
			ret = cli_fail(ret, NULL);
		cli_close(&c);
	}
	free(c.opts);
	return ret;
}

int cli_fail(int ret, const char *what)
{
	(void)fprintf(stderr, "vmscope: error: %s%s%s\n", what ? what : "", what ? ": " : "",
	              *vms_error_last() ? vms_error_last() : strerror(-ret));
	return EXIT_FAIL;
}

int cli_usage(const struct cli_ctx *c, const char *msg)
{
	(void)fprintf(stderr, "vmscope: %s\nusage: %s\n", msg, c->cmd->usage);
	return EXIT_USAGE;
}

static void log_stderr(enum vms_log_level level, const char *msg, void *payload)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };

	(void)payload;
	(void)fprintf(stderr, "vmscope: %s: %s\n", names[level], msg);
}

static int find_kernel(struct cli_ctx *c)
{
	return vms_linux_open(&c->lx, c->t, &c->kernel_opts);
}

int cli_open(struct cli_ctx *c)
{
	struct vms_target_opts opts = {
		.sz = sizeof(opts),
		.log = log_stderr,
		.log_level = getenv("VMSCOPE_DEBUG") ? VMS_LOG_DEBUG : VMS_LOG_WARN,
	};
	int ret;

	if (!(c->cmd->flags & CLI_TARGET))
		return 0;
	ret = vms_target_open(&c->t, c->target, &opts);
	if (ret) {
		cli_fail(ret, NULL);
		return -1;
	}
	if (!(c->cmd->flags & CLI_LINUX))
		return 0;
	/* A live guest holds still while its structures are walked. */
	if (!c->no_pause) {
		ret = vms_target_pause(c->t);
		if (ret && ret != -EOPNOTSUPP) {
			cli_fail(ret, "pausing the guest");
			cli_close(c);
			return -1;
		}
		c->paused = ret == 0;
	}
	ret = find_kernel(c);
	if (ret) {
		cli_fail(ret, NULL);
		cli_close(c);
		return -1;
	}
	return 0;
}

int cli_resume(struct cli_ctx *c)
{
	int ret = c->paused ? vms_target_resume(c->t) : 0;

	c->paused = false;
	return ret;
}

void cli_close(struct cli_ctx *c)
{
	if (c->paused && c->t && vms_target_resume(c->t))
		cli_fail(-EIO, "resuming the guest");
	c->paused = false;
	vms_linux_close(c->lx);
	vms_target_close(c->t);
	c->lx = NULL;
	c->t = NULL;
}

void cli_kernel(struct vms_linux_kernel *out, const struct cli_ctx *c)
{
	vms_linux_kernel(out, c->lx);
}

int cli_parse_pid(int32_t *out, const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || end == s || v < 0 || v > INT32_MAX)
		return -EINVAL;
	*out = (int32_t)v;
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

int cli_pt_root(uint64_t *out, struct cli_ctx *c)
{
	struct vms_x86_regs r;
	int32_t pid = 0;
	int ret;

	if (c->cr3 && c->pid) {
		(void)fprintf(stderr,
		              "vmscope: --cr3 and --pid both name the page tables; give one\n");
		return -EINVAL;
	}
	if (c->cr3)
		return cli_parse_addr(out, c->cr3, "--cr3");
	if (c->pid && cli_parse_pid(&pid, c->pid)) {
		(void)fprintf(stderr, "vmscope: --pid %s is not a process id\n", c->pid);
		return -EINVAL;
	}
	if (!c->pid && vms_target_get_regs(&r, c->t, 0) == 0 && (r.valid & VMS_X86_REGS_CONTROL)) {
		*out = r.cr3;
		return 0;
	}
	/* A process's tables, or, with no vCPU state, the kernel's own. */
	ret = c->lx ? 0 : find_kernel(c);
	if (ret) {
		(void)fprintf(stderr,
		              "vmscope: the target gives no CR3 and no Linux kernel was found "
		              "(%s); name the page tables with --cr3 ROOT\n",
		              vms_error_last());
		return -EINVAL;
	}
	if (c->pid) {
		CLI_RETRY(ret, vms_linux_pid_pt_root(out, c->lx, pid));
		if (ret)
			cli_fail(ret, NULL);
	} else {
		struct vms_linux_kernel k = { .sz = sizeof(k) };

		cli_kernel(&k, c);
		*out = k.pt_root;
	}
	return ret;
}
