// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope: the command-line tool. One subcommand per cmd_<verb>.c, each a
 * struct cli_cmd that cli.c runs. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct cli_cmd *const commands[] = {
	&cmd_info,  &cmd_read,  &cmd_translate, &cmd_uname, &cmd_maps,
	&cmd_files, &cmd_net,   &cmd_dmesg,     &cmd_lsmod, &cmd_ps,
	&cmd_isf,   &cmd_break, &cmd_watch,     &cmd_type,  &cmd_sym,
};

static void usage(FILE *f)
{
	(void)fprintf(f, "usage: vmscope [--version] [--help] COMMAND [ARGS]\n\n"
	                 "Virtual-machine introspection: look into a guest from outside it.\n\n"
	                 "commands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		(void)fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	(void)fprintf(f, "\n" CLI_TARGET_HELP "\n'vmscope COMMAND --help' explains a command.\n");
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
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(argv[1], commands[i]->name))
			return cli_main(commands[i], argc - 1, argv + 1);
	}
	(void)fprintf(stderr, "vmscope: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
