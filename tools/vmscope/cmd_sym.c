// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope sym: the guest kernel's own symbol table, by name, by address,
 * or whole in /proc/kallsyms's format. */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"

struct sym_opts {
	bool all;
	bool by_addr;
	uint64_t addr;
};

static const struct sym_opts defaults;

static const struct cli_opt options[] = {
	CLI_FLAG(struct sym_opts, all, "all", "list every symbol, as /proc/kallsyms does"),
};

/* An address is 0x-prefixed, or more hex digits than a name would have. */
static int looks_like_addr(const char *s)
{
	size_t n = strlen(s);

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return n > 8;
}

/* A symbol as /proc/kallsyms has it, and an address's offset into it
 * (which --all does not give). */
static void sym_row(struct cli_ctx *c, const struct vms_ksym *s, const uint64_t *off)
{
	cli_row_begin(c);
	cli_json_str(c, "name", s->name);
	cli_text(c, "%016" PRIx64, s->addr + (off ? *off : 0));
	cli_char(c, "type", " %c", s->type);
	cli_text(c, " %s", s->name);
	cli_json_hex(c, "address", s->addr);
	if (off)
		cli_json_uint(c, "offset", *off);
	if (off && *off)
		cli_text(c, "+%#" PRIx64, *off);
	cli_row_end(c);
}

static int check(struct cli_ctx *c)
{
	struct sym_opts *o = c->opts;

	if (!c->target || c->nargs != (o->all ? 0 : 1))
		return cli_usage(c, "sym takes a TARGET and a NAME or ADDR, or --all");
	o->by_addr = !o->all && looks_like_addr(c->args[0]);
	if (o->by_addr && cli_parse_addr(&o->addr, c->args[0], "ADDR"))
		return EXIT_USAGE;
	return 0;
}

static int run(struct cli_ctx *c)
{
	const struct sym_opts *o = c->opts;
	struct vms_ksym s = { .sz = sizeof(s) };
	uint64_t off = 0;
	int ret;

	if (o->all) {
		size_t n = vms_linux_sym_count(c->lx);

		cli_rows_begin(c);
		for (size_t i = 0; i < n && !vms_linux_sym_get(&s, c->lx, i); i++)
			sym_row(c, &s, NULL);
		cli_rows_end(c);
		return EXIT_OK;
	}
	ret = o->by_addr ? vms_linux_sym_at(&s, &off, c->lx, o->addr)
	                 : vms_linux_sym_lookup(&s, c->lx, c->args[0]);
	if (!ret)
		sym_row(c, &s, &off);
	return ret;
}

const struct cli_cmd cmd_sym = {
	.name = "sym",
	.summary = "look up kernel symbols by name or address, or list them all",
	.usage = "vmscope sym TARGET [--json] (NAME | ADDR | --all)",
	.help = "NAME prints its address and type; ADDR (0x-prefixed hex) prints the symbol it "
	        "falls in, with the offset; --all lists every symbol as /proc/kallsyms does.",
	.flags = CLI_TARGET | CLI_JSON | CLI_LINUX,
	CLI_OPTIONS(options),
	CLI_OPTS_INIT(defaults),
	CLI_ARGS(0, -1, NULL),
	.check = check,
	.run = run,
};
