// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope type: a kernel type's layout from the guest's own BTF, as pahole
 * prints it, or one member's offset by path. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_line[] = "vmscope type TARGET [--json] TYPE[.MEMBER.PATH]";

/* A declaration as C writes it: the name goes inside the declarator. */
static void declare(char *out, size_t size, const char *type, const char *name)
{
	const char *fn = strstr(type, "(*)"), *arr = strstr(type, " [");

	if (fn)
		(void)snprintf(out, size, "%.*s%s%s", (int)(fn - type + 2), type, name, fn + 2);
	else if (arr)
		(void)snprintf(out, size, "%.*s %s%s", (int)(arr - type), type, name, arr + 1);
	else
		(void)snprintf(out, size, "%s%s%s", type,
		               *type && type[strlen(type) - 1] == '*' ? "" : " ", name);
}

static void print_member_text(const struct vms_linux_member *m)
{
	char decl[320];

	char name[160];

	(void)snprintf(name, sizeof(name), m->bit_size ? "%s:%u" : "%s", m->name, m->bit_size);
	declare(decl, sizeof(decl) - 1, m->type, name);
	decl[strlen(decl) + 1] = '\0';
	decl[strlen(decl)] = ';';
	if (m->bit_size)
		printf("\t%-55s /* %5" PRIu64 ":%2u %4u bits */\n", decl, m->offset, m->bit_offset,
		       m->bit_size);
	else
		printf("\t%-55s /* %5" PRIu64 " %5" PRIu64 " */\n", decl, m->offset, m->size);
}

static void print_member_json(const struct vms_linux_member *m)
{
	printf("{\"name\": ");
	json_str(stdout, m->name);
	printf(", \"type\": ");
	json_str(stdout, m->type);
	printf(", \"offset\": %" PRIu64 ", \"size\": %" PRIu64 ", \"bit_offset\": %u, "
	       "\"bit_size\": %u}",
	       m->offset, m->size, m->bit_offset, m->bit_size);
}

static int show_type(struct vms_linux *lx, const char *type, int json)
{
	struct vms_linux_member *members;
	size_t n;
	uint64_t size = 0;
	int ret = vms_linux_type_members(&members, &n, lx, type);

	if (ret)
		return ret;
	(void)vms_linux_type_size(&size, lx, type);
	if (json) {
		printf("{\"type\": ");
		json_str(stdout, type);
		printf(", \"size\": %" PRIu64 ", \"members\": [", size);
		for (size_t i = 0; i < n; i++) {
			printf("%s", i ? ", " : "");
			print_member_json(&members[i]);
		}
		printf("]}\n");
	} else {
		printf("%s {\n", type);
		for (size_t i = 0; i < n; i++)
			print_member_text(&members[i]);
		printf("}; /* size: %" PRIu64 " */\n", size);
	}
	vms_linux_members_free(members);
	return 0;
}

static int show_member(struct vms_linux *lx, const char *type, const char *path, int json)
{
	struct vms_linux_member m;
	int ret = vms_linux_member(&m, lx, type, path);

	if (ret)
		return ret;
	if (json) {
		print_member_json(&m);
		printf("\n");
	} else if (m.bit_size) {
		printf("%s.%s: %s, offset %" PRIu64 " bit %u, %u bits\n", type, path, m.type,
		       m.offset, m.bit_offset, m.bit_size);
	} else {
		printf("%s.%s: %s, offset %" PRIu64 ", size %" PRIu64 "\n", type, path, m.type,
		       m.offset, m.size);
	}
	return 0;
}

int cmd_type(int argc, char **argv)
{
	struct cli_linux c;
	char *type, *dot;
	int ret;

	if (cli_linux_begin(
	            &c, argc, argv, usage_line,
	            "TYPE is a struct, union or typedef (\"task_struct\", \"struct file\"); "
	            ".MEMBER.PATH goes through anonymous members and takes [N] for array "
	            "elements.\n",
	            1, "type takes a TARGET and a TYPE"))
		return c.exit_code;
	type = strdup(c.args[0]);
	if (!type) {
		cli_close_linux(c.t, c.lx);
		return EXIT_FAIL;
	}
	dot = strchr(type, '.');
	if (dot)
		*dot++ = '\0';
	ret = dot ? show_member(c.lx, type, dot, c.json) : show_type(c.lx, type, c.json);
	free(type);
	return cli_linux_end(&c, ret);
}
