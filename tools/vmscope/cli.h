/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the vmscope subcommands share. Tools use only the public API. */
#ifndef VMSCOPE_CLI_H
#define VMSCOPE_CLI_H

#include <errno.h>
#include <stdio.h>
#include <vmscope/vmscope.h>

/* Exit codes: 0 done, 1 the target or the work failed, 2 bad usage. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2
};

int cmd_info(int argc, char **argv);
int cmd_read(int argc, char **argv);
int cmd_translate(int argc, char **argv);
int cmd_sym(int argc, char **argv);
int cmd_type(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_uname(int argc, char **argv);
int cmd_lsmod(int argc, char **argv);
int cmd_maps(int argc, char **argv);
int cmd_files(int argc, char **argv);
int cmd_dmesg(int argc, char **argv);
int cmd_net(int argc, char **argv);
int cmd_isf(int argc, char **argv);
int cmd_break(int argc, char **argv);
int cmd_watch(int argc, char **argv);

/* Print "vmscope: error: ..." with the library's message for ret. */
int cli_fail(int ret, const char *what);
/* Print a usage error and the command's usage line. */
int cli_usage(const char *usage_line, const char *msg);
/* Open a target with the CLI's defaults, or print why not. */
int cli_open(struct vms_target **out, const char *target);

/* The options every command that finds the Linux kernel takes, for its
 * getopt_long table: --system-map FILE, --isf FILE, --no-pause.
 * cli_kernel_opt takes one (1) or says it is not one of them (0). */
enum {
	CLI_OPT_SYSMAP = 0x1000,
	CLI_OPT_ISF,
	CLI_OPT_NO_PAUSE
};
/* clang-format off */
#define CLI_KERNEL_LONGOPTS \
	{ "system-map", required_argument, NULL, CLI_OPT_SYSMAP }, \
	{ "isf", required_argument, NULL, CLI_OPT_ISF }, \
	{ "no-pause", no_argument, NULL, CLI_OPT_NO_PAUSE }
/* clang-format on */
int cli_kernel_opt(int opt, const char *arg);
#define CLI_KERNEL_HELP                                                                     \
	"\n--system-map FILE takes the kernel's symbols from a System.map, --isf FILE its " \
	"types (and symbols) from a Volatility 3 ISF (.json or .json.xz), instead of "      \
	"kallsyms and BTF in the guest's memory. A live guest is paused while the command " \
	"reads it, unless --no-pause (its answers may then mix states).\n"

/* Open a target and find its Linux kernel, or print why not (-1). */
int cli_open_linux(struct vms_target **t, struct vms_linux **lx, const char *target);
void cli_close_linux(struct vms_target *t, struct vms_linux *lx);
/* A walk of a guest that runs (--no-pause) which saw its list change
 * under it (-EAGAIN) is tried again, a few times. */
#define CLI_RETRY(ret, call)                                                        \
	do {                                                                        \
		for (int try_ = 0; ((ret) = (call)) == -EAGAIN && try_ < 8; try_++) \
			;                                                           \
	} while (0)

/* Let a guest that cli_open_linux paused run again now. */
int cli_unpause(struct vms_target *t);

/* vmscope break and watch: the points to trace and how to print hits. */
#define CLI_TRACE_MAX 64
struct cli_trace {
	struct vms_trace_point points[CLI_TRACE_MAX];
	size_t npoints;
	unsigned len; /* bytes of the value a watchpoint shows */
	int json;
	int timeout_ms; /* 0: none */
	uint64_t count; /* 0: no limit */
};
/* Open the target, find its kernel, set the points and print each hit. */
int cli_trace_run(struct cli_trace *c, const char *target);
/* The options break and watch share: --count N, --timeout SECONDS, --json,
 * --help, and the kernel's. cli_trace_opt takes one: 1 if it did, 0 if it
 * is another, -1 after printing usage. */
/* clang-format off */
#define CLI_TRACE_LONGOPTS \
	{ "count", required_argument, NULL, 'n' }, \
	{ "timeout", required_argument, NULL, 't' }, \
	{ "json", no_argument, NULL, 'j' }, \
	{ "help", no_argument, NULL, 'h' }, \
	CLI_KERNEL_LONGOPTS
/* clang-format on */
int cli_trace_opt(struct cli_trace *c, int opt, const char *arg, const char *usage_line);

/* What the Linux subcommands share: options --json and --help, then a
 * TARGET and nargs more arguments (args); the target opened and its kernel
 * found. cli_linux_begin returns 0 to go on, or -1 when the command is
 * done, with its exit code in exit_code. cli_linux_end prints ret's error,
 * if any, closes, and gives the exit code. */
struct cli_linux {
	struct vms_target *t;
	struct vms_linux *lx;
	int json;
	char **args;
	int exit_code;
};
int cli_linux_begin(struct cli_linux *c, int argc, char **argv, const char *usage_line,
                    const char *help, int nargs, const char *nargs_msg);
int cli_linux_end(struct cli_linux *c, int ret);
/* A process id; -1 (after printing usage) if s is not one. */
int cli_parse_pid(int32_t *pid, const char *s, const char *usage_line);

/* An address: hex, with or without 0x. 0, or -EINVAL with a message. */
int cli_parse_addr(uint64_t *out, const char *s, const char *what);
/* A length: decimal, or hex with 0x. */
int cli_parse_len(uint64_t *out, const char *s);
/* The page-table root: --cr3 if given, that of --pid's process, else vCPU
 * 0's CR3, else (no vCPU state) the Linux kernel's own. */
int cli_pt_root(uint64_t *out, struct vms_target *t, const char *cr3_arg, const char *pid_arg);

/* JSON: a string with RFC 8259 escaping (bytes from 0x7f up as \u00XX, so
 * guest bytes that are not UTF-8 come through: each is one code point), and a 64-bit value as
 * "0x..." (a string, so that no JSON reader rounds it). */
void json_str(FILE *f, const char *s);
void json_hex(FILE *f, uint64_t v);

#endif
