// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope type: a kernel type's layout from the guest's own BTF, as pahole
 * prints it, or one member's offset by path. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

/* A member in JSON; its text is a line of the layout, or the answer to a
 * member path, each below. */
static void member_json(struct cli_ctx *c, const struct vms_linux_member *m)
{
	cli_object_begin(c, NULL);
	cli_json_str(c, "name", m->name);
	cli_json_str(c, "type", m->type);
	cli_json_uint(c, "offset", m->offset);
	cli_json_uint(c, "size", m->size);
	cli_json_uint(c, "bit_offset", m->bit_offset);
	cli_json_uint(c, "bit_size", m->bit_size);
	cli_object_end(c);
}

/* A member as pahole prints it: the declaration, then offset and size
 * (or bit offset and bits) in a comment. */
static void member_line(const struct vms_linux_member *m)
{
	char decl[320], name[160];

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

static int show_type(struct cli_ctx *c, const char *type)
{
	struct vms_linux_member *members;
	size_t n;
	uint64_t size = 0;
	int ret = vms_linux_type_members(&members, &n, c->lx, type);

	if (ret)
		return ret;
	(void)vms_linux_type_size(&size, c->lx, type);
	cli_object_begin(c, NULL);
	cli_str(c, "type", "%s {\n", type);
	cli_json_uint(c, "size", size);
	cli_array_begin(c, "members");
	for (size_t i = 0; i < n; i++) {
		if (c->json)
			member_json(c, &members[i]);
		else
			member_line(&members[i]);
	}
	cli_array_end(c);
	cli_text(c, "}; /* size: %" PRIu64 " */\n", size);
	cli_object_end(c);
	vms_linux_members_free(members);
	return 0;
}

static int show_member(struct cli_ctx *c, const char *type, const char *path)
{
	struct vms_linux_member m;
	int ret = vms_linux_member(&m, c->lx, type, path);

	if (ret)
		return ret;
	if (c->json)
		member_json(c, &m);
	else if (m.bit_size)
		printf("%s.%s: %s, offset %" PRIu64 " bit %u, %u bits\n", type, path, m.type,
		       m.offset, m.bit_offset, m.bit_size);
	else
		printf("%s.%s: %s, offset %" PRIu64 ", size %" PRIu64 "\n", type, path, m.type,
		       m.offset, m.size);
	return 0;
}

static int run(struct cli_ctx *c)
{
	char *type = strdup(c->args[0]), *dot;
	int ret;

	if (!type)
		return EXIT_FAIL;
	dot = strchr(type, '.');
	if (dot)
		*dot++ = '\0';
	ret = dot ? show_member(c, type, dot) : show_type(c, type);
	free(type);
	return ret;
}

const struct cli_cmd cmd_type = {
	.name = "type",
	.summary = "a kernel type's layout, or a member's offset, from the guest's BTF",
	.usage = "vmscope type TARGET [--json] TYPE[.MEMBER.PATH]",
	.help = "TYPE is a struct, union or typedef (\"task_struct\", \"struct file\"); "
	        ".MEMBER.PATH goes through anonymous members and takes [N] for array elements.",
	.flags = CLI_TARGET | CLI_JSON | CLI_LINUX,
	CLI_ARGS(2, 2, "type takes a TARGET and a TYPE"),
	.run = run,
};
