// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope sym: the guest kernel's own symbol table, by name, by address,
 * or whole in /proc/kallsyms's format. */
#include <ctype.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_line[] = "vmscope sym TARGET [--json] (NAME | ADDR | --all)";

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

static void print_sym(const struct vms_ksym *s, uint64_t off, int json)
{
	if (json) {
		printf("{\"name\": ");
		json_str(stdout, s->name);
		printf(", \"type\": \"%c\", \"address\": ", s->type);
		json_hex(stdout, s->addr);
		printf(", \"offset\": %" PRIu64 "}\n", off);
	} else if (off) {
		printf("%016" PRIx64 " %c %s+%#" PRIx64 "\n", s->addr + off, s->type, s->name, off);
	} else {
		printf("%016" PRIx64 " %c %s\n", s->addr, s->type, s->name);
	}
}

static void print_all(const struct vms_linux *lx, int json)
{
	size_t n = vms_linux_sym_count(lx);
	struct vms_ksym s = { .sz = sizeof(s) };

	if (json)
		printf("[");
	for (size_t i = 0; i < n; i++) {
		if (vms_linux_sym_get(&s, lx, i))
			break;
		if (json) {
			printf("%s\n{\"name\": ", i ? "," : "");
			json_str(stdout, s.name);
			printf(", \"type\": \"%c\", \"address\": ", s.type);
			json_hex(stdout, s.addr);
			printf("}");
		} else {
			printf("%016" PRIx64 " %c %s\n", s.addr, s.type, s.name);
		}
	}
	if (json)
		printf("]\n");
}

int cmd_sym(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_KERNEL_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct vms_target *t;
	struct vms_linux *lx;
	struct vms_ksym s = { .sz = sizeof(s) };
	uint64_t addr = 0, off = 0;
	int c, json = 0, all = 0, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			printf("usage: %s\n\nNAME prints its address and type; ADDR (0x-prefixed hex) "
			       "prints the symbol it falls in, with the offset; --all lists every "
			       "symbol as /proc/kallsyms does.\n" CLI_KERNEL_HELP,
			       usage_line);
			return EXIT_OK;
		default:
			if (cli_kernel_opt(c, optarg))
				break;
			return cli_usage(usage_line, "bad option");
		}
	}
	if (argc - optind != (all ? 1 : 2))
		return cli_usage(usage_line, "sym takes a TARGET and a NAME or ADDR, or --all");
	if (!all && looks_like_addr(argv[optind + 1]) &&
	    cli_parse_addr(&addr, argv[optind + 1], "ADDR"))
		return EXIT_USAGE;
	if (cli_open_linux(&t, &lx, argv[optind]))
		return EXIT_FAIL;
	ret = 0;
	if (all)
		print_all(lx, json);
	else if (looks_like_addr(argv[optind + 1]))
		ret = vms_linux_sym_at(&s, &off, lx, addr);
	else
		ret = vms_linux_sym_lookup(&s, lx, argv[optind + 1]);
	if (!all && !ret)
		print_sym(&s, off, json);
	ret = ret ? cli_fail(ret, NULL) : EXIT_OK;
	cli_close_linux(t, lx);
	return ret;
}
