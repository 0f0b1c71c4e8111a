// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope translate: a guest-virtual address through the guest's page
 * tables, showing every entry of the walk, so a user can see why an address
 * translates where it does, or why it does not. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char usage_line[] = "vmscope translate TARGET [--cr3 ROOT | --pid PID] [--json] GVA";

static const char *const level_names[] = { "", "PTE", "PDE", "PDPTE", "PML4E", "PML5E" };

/* The index of a walk step's entry in its table, as the mode computes it. */
static unsigned step_index(const struct vms_translation *tr, const struct vms_walk_step *s)
{
	if (tr->mode == VMS_X86_PAGING_LEGACY32)
		return (unsigned)((tr->gva >> (s->level == 2 ? 22 : 12)) & 1023);
	if (tr->mode == VMS_X86_PAGING_PAE && s->level == 3)
		return (unsigned)((tr->gva >> 30) & 3);
	return (unsigned)((tr->gva >> (12 + 9 * (s->level - 1))) & 511);
}

static const char *const flag_names[] = { "write", "user", "nx", "global", "dirty", "accessed" };

static void print_text(const struct vms_translation *tr, uint64_t root, int ret)
{
	printf("gva 0x%016llx  cr3 0x%llx  %s\n", (unsigned long long)tr->gva,
	       (unsigned long long)root, vms_x86_paging_mode_name(tr->mode));
	for (unsigned i = 0; i < tr->nsteps; i++) {
		const struct vms_walk_step *s = &tr->steps[i];
		char name[24];

		(void)snprintf(name, sizeof(name), "%s[%u]", level_names[s->level],
		               step_index(tr, s));
		printf("  %-12s at gpa 0x%016llx = 0x%016llx%s\n", name,
		       (unsigned long long)s->entry_gpa, (unsigned long long)s->entry,
		       s->leaf ? "  (leaf)" : "");
	}
	if (ret)
		return;
	printf("gpa 0x%016llx  page %llu KiB  flags", (unsigned long long)tr->gpa,
	       (unsigned long long)(tr->page_size >> 10));
	for (unsigned i = 0; i < 6; i++) {
		if (tr->flags & (1u << i))
			printf(" %s", flag_names[i]);
	}
	printf("%s\n", tr->flags & VMS_PAGE_WRITE ? "" : " read-only");
}

static void print_json(const struct vms_translation *tr, uint64_t root, int ret)
{
	printf("{\"gva\": ");
	json_hex(stdout, tr->gva);
	printf(", \"cr3\": ");
	json_hex(stdout, root);
	printf(", \"mode\": ");
	json_str(stdout, vms_x86_paging_mode_name(tr->mode));
	printf(", \"steps\": [");
	for (unsigned i = 0; i < tr->nsteps; i++) {
		const struct vms_walk_step *s = &tr->steps[i];

		printf("%s{\"level\": \"%s\", \"index\": %u, \"entry_gpa\": ", i ? ", " : "",
		       level_names[s->level], step_index(tr, s));
		json_hex(stdout, s->entry_gpa);
		printf(", \"entry\": ");
		json_hex(stdout, s->entry);
		printf(", \"leaf\": %s}", s->leaf ? "true" : "false");
	}
	printf("], \"gpa\": ");
	if (ret) {
		printf("null, \"error\": ");
		json_str(stdout, vms_error_last());
		printf("}\n");
		return;
	}
	json_hex(stdout, tr->gpa);
	printf(", \"page_size\": %llu, \"flags\": [", (unsigned long long)tr->page_size);
	for (unsigned i = 0, n = 0; i < 6; i++) {
		if (tr->flags & (1u << i))
			printf("%s\"%s\"", n++ ? ", " : "", flag_names[i]);
	}
	printf("], \"error\": null}\n");
}

int cmd_translate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cr3", required_argument, NULL, 'c' },
		{ "pid", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_KERNEL_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const char *cr3_arg = NULL, *pid_arg = NULL;
	struct vms_translation tr = { .sz = sizeof(tr) };
	struct vms_target *t;
	uint64_t gva, root;
	int c, json = 0, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			cr3_arg = optarg;
			break;
		case 'p':
			pid_arg = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			printf("usage: %s\n\nGVA and ROOT are hex, with or without 0x. Without "
			       "--cr3 or --pid (a process's address space), vCPU 0's CR3, or with no vCPU state the "
			       "Linux kernel's own page tables.\n" CLI_KERNEL_HELP,
			       usage_line);
			return EXIT_OK;
		default:
			if (cli_kernel_opt(c, optarg))
				break;
			return cli_usage(usage_line, "bad option");
		}
	}
	if (argc - optind != 2)
		return cli_usage(usage_line, "translate takes a TARGET and a GVA");
	if (cli_parse_addr(&gva, argv[optind + 1], "GVA"))
		return EXIT_USAGE;
	if (cli_open(&t, argv[optind]))
		return EXIT_FAIL;
	if (cli_pt_root(&root, t, cr3_arg, pid_arg)) {
		vms_target_close(t);
		return EXIT_FAIL;
	}
	ret = vms_translate_gva(&tr, t, root, gva);
	if (json)
		print_json(&tr, root, ret);
	else
		print_text(&tr, root, ret);
	ret = ret ? cli_fail(ret, NULL) : EXIT_OK;
	vms_target_close(t);
	return ret;
}
