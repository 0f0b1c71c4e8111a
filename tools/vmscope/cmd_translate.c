// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope translate: a guest-virtual address through the guest's page
 * tables, showing every entry of the walk, so a user can see why an address
 * translates where it does, or why it does not. */
#include <inttypes.h>

#include "cli.h"

struct translate_opts {
	uint64_t gva;
};

static const char *const level_names[] = { "", "PTE", "PDE", "PDPTE", "PML4E", "PML5E" };
static const char *const flag_names[] = { "write", "user", "nx", "global", "dirty", "accessed" };

/* The index of a walk step's entry in its table, as the mode computes it. */
static unsigned step_index(const struct vms_translation *tr, const struct vms_walk_step *s)
{
	if (tr->mode == VMS_X86_PAGING_LEGACY32)
		return (unsigned)((tr->gva >> (s->level == 2 ? 22 : 12)) & 1023);
	if (tr->mode == VMS_X86_PAGING_PAE && s->level == 3)
		return (unsigned)((tr->gva >> 30) & 3);
	return (unsigned)((tr->gva >> (12 + 9 * (s->level - 1))) & 511);
}

static void step_row(struct cli_ctx *c, const struct vms_translation *tr,
                     const struct vms_walk_step *s)
{
	char name[24];

	(void)snprintf(name, sizeof(name), "%s[%u]", level_names[s->level], step_index(tr, s));
	cli_row_begin(c);
	cli_text(c, "  %-12s", name);
	cli_json_str(c, "level", level_names[s->level]);
	cli_json_uint(c, "index", step_index(tr, s));
	cli_hex(c, "entry_gpa", " at gpa 0x%016" PRIx64, s->entry_gpa);
	cli_hex(c, "entry", " = 0x%016" PRIx64, s->entry);
	cli_bool(c, "leaf", "  (leaf)", s->leaf);
	cli_row_end(c);
}

static void print(struct cli_ctx *c, const struct vms_translation *tr, uint64_t root, int ret)
{
	cli_object_begin(c, NULL);
	cli_hex(c, "gva", "gva 0x%016" PRIx64, tr->gva);
	cli_hex(c, "cr3", "  cr3 0x%" PRIx64, root);
	cli_str(c, "mode", "  %s\n", vms_x86_paging_mode_name(tr->mode));
	cli_array_begin(c, "steps");
	for (unsigned i = 0; i < tr->nsteps; i++)
		step_row(c, tr, &tr->steps[i]);
	cli_array_end(c);
	if (ret) {
		cli_json_null(c, "gpa");
		cli_json_str(c, "error", vms_error_last());
	} else {
		cli_hex(c, "gpa", "gpa 0x%016" PRIx64, tr->gpa);
		cli_json_uint(c, "page_size", tr->page_size);
		cli_text(c, "  page %" PRIu64 " KiB  flags", tr->page_size >> 10);
		cli_array_begin(c, "flags");
		for (unsigned i = 0; i < ARRAY_SIZE(flag_names); i++)
			if (tr->flags & (1u << i))
				cli_str(c, NULL, " %s", flag_names[i]);
		cli_array_end(c);
		cli_text(c, "%s\n", tr->flags & VMS_PAGE_WRITE ? "" : " read-only");
		cli_json_null(c, "error");
	}
	cli_object_end(c);
}

static int check(struct cli_ctx *c)
{
	struct translate_opts *o = c->opts;

	return cli_parse_addr(&o->gva, c->args[0], "GVA") ? EXIT_USAGE : 0;
}

static int run(struct cli_ctx *c)
{
	const struct translate_opts *o = c->opts;
	struct vms_translation tr = { .sz = sizeof(tr) };
	uint64_t root;
	int ret;

	if (cli_pt_root(&root, c))
		return EXIT_FAIL;
	ret = vms_translate_gva(&tr, c->t, root, o->gva);
	print(c, &tr, root, ret);
	return ret;
}

static const struct translate_opts defaults;

const struct cli_cmd cmd_translate = {
	.name = "translate",
	.summary = "translate a guest-virtual address, showing every level",
	.usage = "vmscope translate TARGET [--cr3 ROOT | --pid PID] [--json] GVA",
	.help = "GVA and ROOT are hex, with or without 0x. Without --cr3 or --pid (a process's "
	        "address space), vCPU 0's CR3, or with no vCPU state the Linux kernel's own page "
	        "tables.",
	.flags = CLI_TARGET | CLI_JSON | CLI_PT_ROOT,
	CLI_OPTS_INIT(defaults),
	CLI_ARGS(2, 2, "translate takes a TARGET and a GVA"),
	.check = check,
	.run = run,
};
