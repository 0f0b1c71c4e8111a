/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the vmscope subcommands share: how a command is declared, the
 * context it runs in, and how it prints rows. Tools use only the public
 * API. */
#ifndef VMSCOPE_CLI_H
#define VMSCOPE_CLI_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <vmscope/vmscope.h>

#include "jsonw.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit codes: 0 done, 1 the target or the work failed, 2 bad usage. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2
};

#define CLI_TARGET_HELP "TARGET is a dump file (PATH or file:PATH), qemu:QMP_SOCKET or xen:DOMAIN."

struct cli_ctx;

/* One option of a command's own: --name (or -short_name) and, when arg
 * names one, its argument. set stores it at byte off of the command's
 * options (struct cli_ctx's opts) and returns 0, or an exit code after
 * printing why it cannot. */
struct cli_opt {
	const char *name;
	char short_name;
	const char *arg;  /* the argument's name in --help; NULL: a switch */
	const char *help; /* a sentence for --help */
	int (*set)(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg);
	size_t off;
	int val; /* what a switch stores */
};
int cli_set_bool(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg);
int cli_set_int(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg);
int cli_set_str(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg);
int cli_set_len(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg);

/* A switch that sets a bool; a switch that stores val in an int (the
 * switches that store into one field are one choice: the last given
 * wins); a string kept as given; a length (decimal or 0x-hex) into a
 * uint64_t. */
#define CLI_FLAG(type, field, name_, help_)                            \
	{                                                              \
		.name = (name_), .help = (help_), .set = cli_set_bool, \
		.off = offsetof(type, field)                           \
	}
#define CLI_SWITCH(type, field, name_, val_, help_)                   \
	{                                                             \
		.name = (name_), .help = (help_), .set = cli_set_int, \
		.off = offsetof(type, field), .val = (val_)           \
	}
#define CLI_STRING(type, field, name_, arg_, help_)                                  \
	{                                                                            \
		.name = (name_), .arg = (arg_), .help = (help_), .set = cli_set_str, \
		.off = offsetof(type, field)                                         \
	}
#define CLI_LENGTH(type, field, name_, arg_, help_)                                  \
	{                                                                            \
		.name = (name_), .arg = (arg_), .help = (help_), .set = cli_set_len, \
		.off = offsetof(type, field)                                         \
	}

/* The common options and what opening the target does, by command. */
enum cli_cmd_flags {
	CLI_TARGET = 1u << 0, /* the first argument is TARGET, opened before run */
	CLI_JSON = 1u << 1,   /* --json (-j) sets c->json */
	/* --system-map FILE, --isf FILE and --no-pause; the guest paused and
	 * its Linux kernel found (c->lx) before run */
	CLI_LINUX = 1u << 2,
	/* --cr3 ROOT and --pid PID for cli_pt_root, which may find the
	 * kernel, so the kernel's options too; nothing paused */
	CLI_PT_ROOT = 1u << 3,
};

/* A subcommand: one per cmd_<verb>.c, listed in main.c. */
struct cli_cmd {
	const char *name;
	const char *summary; /* a line for vmscope --help */
	const char *usage;   /* its usage line */
	const char *help;    /* what it does, for vmscope NAME --help */
	unsigned flags;      /* enum cli_cmd_flags */
	/* Its own options, and where they go: c->opts, a copy of *opts_init
	 * (opts_size bytes). */
	const struct cli_opt *opts;
	size_t nopts;
	const void *opts_init;
	size_t opts_size;
	/* Its arguments, TARGET first: at least min_args and at most
	 * max_args (-1: any number), else usage error args_msg. */
	int min_args, max_args;
	const char *args_msg;
	/* Usage checks before the target is opened: 0, or an exit code. */
	int (*check)(struct cli_ctx *c);
	/* The work: an exit code, or a negative errno that is printed with
	 * the library's message (and exits 1). */
	int (*run)(struct cli_ctx *c);
};
/* A command's own options; and the struct they (and its check) fill,
 * c->opts, which starts as a copy of defaults. */
#define CLI_OPTIONS(table)      .opts = (table), .nopts = ARRAY_SIZE(table)
#define CLI_OPTS_INIT(defaults) .opts_init = &(defaults), .opts_size = sizeof(defaults)
#define CLI_ARGS(min, max, msg) .min_args = (min), .max_args = (max), .args_msg = (msg)

/* A command's run: its options, arguments and the target. */
struct cli_ctx {
	const struct cli_cmd *cmd;
	void *opts;         /* the command's own options */
	const char *target; /* NULL when not given */
	char **args;        /* the arguments after TARGET */
	int nargs;
	/* Common options. */
	bool json, no_pause;
	const char *cr3, *pid; /* --cr3 ROOT, --pid PID, as given */
	struct vms_linux_opts kernel_opts;
	/* What cli_open opened, and whether it paused the guest. */
	struct vms_target *t;
	struct vms_linux *lx;
	bool paused;
	/* Output: JSON with --json, else text, which cli_pad counts. */
	struct jsonw jw;
	int col;
};

/* The subcommands, in cmd_<verb>.c. */
extern const struct cli_cmd cmd_info, cmd_read, cmd_translate, cmd_uname, cmd_maps, cmd_files,
        cmd_net, cmd_dmesg, cmd_lsmod, cmd_ps, cmd_isf, cmd_break, cmd_watch, cmd_type, cmd_sym;

/* Parse argv (argv[0] the command's name), check, open, run, close. */
int cli_main(const struct cli_cmd *cmd, int argc, char **argv);

/* Open c->target with the CLI's defaults and, for CLI_LINUX, pause the
 * guest and find its kernel; or print why not (-1). cli_close lets the
 * guest run again and closes. cli_main calls both. */
int cli_open(struct cli_ctx *c);
void cli_close(struct cli_ctx *c);
/* Let a guest that cli_open paused run again now. */
int cli_resume(struct cli_ctx *c);
/* What the library says of the kernel it found. */
void cli_kernel(struct vms_linux_kernel *out, const struct cli_ctx *c);

/* Print "vmscope: error: ..." with the library's message for ret (1). */
int cli_fail(int ret, const char *what);
/* Print a usage error and the command's usage line (2). */
int cli_usage(const struct cli_ctx *c, const char *msg);

/* A walk of a guest that runs (--no-pause) which saw its list change
 * under it (-EAGAIN) is tried again, a few times. */
#define CLI_RETRY(ret, call)                                                        \
	do {                                                                        \
		for (int try_ = 0; ((ret) = (call)) == -EAGAIN && try_ < 8; try_++) \
			;                                                           \
	} while (0)

/* An address: hex, with or without 0x. 0, or -EINVAL with a message. */
int cli_parse_addr(uint64_t *out, const char *s, const char *what);
/* A length: decimal, or hex with 0x. 0, or -EINVAL with a message. */
int cli_parse_len(uint64_t *out, const char *s);
/* A process id: 0, or -EINVAL (no message). */
int cli_parse_pid(int32_t *out, const char *s);
/* The page-table root: --cr3 if given, that of --pid's process, else vCPU
 * 0's CR3, else (no vCPU state) the Linux kernel's own. 0, or -EINVAL
 * after printing why not. */
int cli_pt_root(uint64_t *out, struct cli_ctx *c);

/* Output. A command describes each row it prints once, field by field:
 * each field names its JSON member and gives its text as a printf format
 * of the value. With --json the fields make an object, else the text
 * parts make a line. */
void cli_rows_begin(struct cli_ctx *c); /* JSON: an array, a row a line */
void cli_rows_end(struct cli_ctx *c);
void cli_row_begin(struct cli_ctx *c); /* JSON: an object; text: a line */
void cli_row_end(struct cli_ctx *c);
/* JSON only: an object or an array, a member of the one open when key
 * is not NULL. */
void cli_object_begin(struct cli_ctx *c, const char *key);
void cli_object_end(struct cli_ctx *c);
void cli_array_begin(struct cli_ctx *c, const char *key);
void cli_array_end(struct cli_ctx *c);

/* Text only: printf, counting columns for cli_pad. */
void cli_text(struct cli_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text only: spaces up to column col of the line. */
void cli_pad(struct cli_ctx *c, int col);

/* JSON only: a member (an element when key is NULL). A NULL string is
 * null; a char is a string of one. */
void cli_json_str(struct cli_ctx *c, const char *key, const char *s);
void cli_json_strn(struct cli_ctx *c, const char *key, const char *s, size_t n);
void cli_json_char(struct cli_ctx *c, const char *key, char ch);
void cli_json_hex(struct cli_ctx *c, const char *key, uint64_t v);
void cli_json_uint(struct cli_ctx *c, const char *key, uint64_t v);
void cli_json_int(struct cli_ctx *c, const char *key, int64_t v);
void cli_json_bool(struct cli_ctx *c, const char *key, bool v);
void cli_json_null(struct cli_ctx *c, const char *key);

/* Fields of both: the JSON member, and the text fmt prints of the value
 * (each evaluates v twice). cli_bool's text is printed when v is true. */
#define cli_str(c, key, fmt, v)  (cli_json_str(c, key, v), cli_text(c, fmt, v))
#define cli_char(c, key, fmt, v) (cli_json_char(c, key, v), cli_text(c, fmt, v))
#define cli_hex(c, key, fmt, v)  (cli_json_hex(c, key, v), cli_text(c, fmt, v))
#define cli_uint(c, key, fmt, v) (cli_json_uint(c, key, v), cli_text(c, fmt, v))
#define cli_int(c, key, fmt, v)  (cli_json_int(c, key, v), cli_text(c, fmt, v))
void cli_bool(struct cli_ctx *c, const char *key, const char *text, bool v);

#endif
