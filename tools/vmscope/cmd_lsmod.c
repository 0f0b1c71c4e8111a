// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope lsmod: the guest's loaded modules, line for line as its
 * /proc/modules shows them (kernel addresses included), or as JSON. */
#include <inttypes.h>

#include "cli.h"

static const char *state_word(int state)
{
	return state == VMS_MODULE_GOING    ? "Unloading"
	       : state == VMS_MODULE_COMING ? "Loading"
	                                    : "Live";
}

static void module_row(struct cli_ctx *c, const struct vms_linux_module *m)
{
	cli_row_begin(c);
	cli_str(c, "name", "%s", m->name);
	cli_uint(c, "size", " %" PRIu64, m->size);
	cli_int(c, "refcount", " %d", m->refcount);
	cli_str(c, "users", " %s", m->users);
	cli_str(c, "state", " %s", state_word(m->state));
	cli_hex(c, "base", " 0x%016" PRIx64, m->base);
	cli_json_hex(c, "taints", m->taints);
	cli_str(c, "flags", m->flags[0] ? " %s" : "%s", m->flags);
	cli_json_hex(c, "module", m->module);
	cli_bool(c, "partial", " (partial)", m->partial);
	cli_row_end(c);
}

static int run(struct cli_ctx *c)
{
	struct vms_linux_module *m;
	size_t n;
	int ret;

	CLI_RETRY(ret, vms_linux_modules(&m, &n, c->lx));
	if (ret)
		return ret;
	cli_rows_begin(c);
	for (size_t i = 0; i < n; i++)
		module_row(c, &m[i]);
	cli_rows_end(c);
	vms_linux_modules_free(m);
	return EXIT_OK;
}

const struct cli_cmd cmd_lsmod = {
	.name = "lsmod",
	.summary = "the guest's loaded modules, as its /proc/modules shows them",
	.usage = "vmscope lsmod TARGET [--json]",
	.help = "One line per module as /proc/modules: name, size, references, users, state, "
	        "base address, taint flags.",
	.flags = CLI_TARGET | CLI_JSON | CLI_LINUX,
	CLI_ARGS(1, 1, "lsmod takes a TARGET"),
	.run = run,
};
