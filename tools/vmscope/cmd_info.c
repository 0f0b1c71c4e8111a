// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope info: what a target is — its format, the guest-physical memory it
 * holds, and each vCPU with the registers that decide how it translates. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_line[] = "vmscope info [--json] TARGET";

static void human_size(char *buf, size_t len, uint64_t n)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)n;
	size_t u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	(void)snprintf(buf, len, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

static const char *efer_note(const struct vms_x86_regs *r)
{
	if (r->valid & VMS_X86_REGS_EFER)
		return "";
	if (r->valid & VMS_X86_REGS_EFER_DERIVED)
		return " (LME/LMA only, derived)";
	return " (unknown)";
}

static void print_text(struct vms_target *t, const char *name, const struct vms_mem_range *ranges,
                       size_t nranges, const struct vms_x86_regs *regs, int nvcpus)
{
	enum vms_run_state state;
	uint64_t total = 0;
	char size[32];

	for (size_t i = 0; i < nranges; i++)
		total += ranges[i].size;
	human_size(size, sizeof(size), total);
	printf("target:  %s\n", name);
	printf("format:  %s\n", vms_target_format(t));
	if (!vms_target_is_static(t) && !vms_target_run_state(&state, t))
		printf("state:   %s\n", vms_run_state_name(state));
	printf("memory:  %zu range%s, %s\n", nranges, nranges == 1 ? "" : "s", size);
	for (size_t i = 0; i < nranges; i++) {
		human_size(size, sizeof(size), ranges[i].size);
		printf("  0x%016llx-0x%016llx  %s\n", (unsigned long long)ranges[i].gpa,
		       (unsigned long long)(ranges[i].gpa + ranges[i].size - 1), size);
	}
	printf("vcpus:   %d\n", nvcpus);
	if (nvcpus <= 0)
		return;
	printf("  %-4s %-13s %-18s %-18s %-10s %-10s %s\n", "vcpu", "paging", "rip", "cr3", "cr0",
	       "cr4", "efer");
	for (int i = 0; i < nvcpus; i++) {
		const struct vms_x86_regs *r = &regs[i];

		printf("  %-4d %-13s 0x%016llx 0x%016llx 0x%08llx 0x%08llx 0x%llx%s\n", i,
		       vms_x86_paging_mode_name(vms_x86_paging_mode(r)), (unsigned long long)r->rip,
		       (unsigned long long)r->cr3, (unsigned long long)r->cr0,
		       (unsigned long long)r->cr4, (unsigned long long)r->efer, efer_note(r));
	}
}

static void json_field_hex(const char *key, uint64_t v, int valid)
{
	printf(", \"%s\": ", key);
	if (valid)
		json_hex(stdout, v);
	else
		printf("null");
}

static void print_json(struct vms_target *t, const char *name, const struct vms_mem_range *ranges,
                       size_t nranges, const struct vms_x86_regs *regs, int nvcpus)
{
	enum vms_run_state state;
	uint64_t total = 0;

	printf("{\"target\": ");
	json_str(stdout, name);
	printf(", \"kind\": ");
	json_str(stdout, vms_target_kind(t));
	printf(", \"format\": ");
	json_str(stdout, vms_target_format(t));
	if (vms_target_run_state(&state, t))
		state = VMS_RUN_OTHER;
	printf(", \"state\": \"%s\"", vms_run_state_name(state));
	printf(", \"memory\": [");
	for (size_t i = 0; i < nranges; i++) {
		printf("%s{\"start\": ", i ? ", " : "");
		json_hex(stdout, ranges[i].gpa);
		printf(", \"end\": ");
		json_hex(stdout, ranges[i].gpa + ranges[i].size - 1);
		printf(", \"size\": %llu}", (unsigned long long)ranges[i].size);
		total += ranges[i].size;
	}
	printf("], \"memory_total\": %llu, \"vcpus\": [", (unsigned long long)total);
	for (int i = 0; i < nvcpus; i++) {
		const struct vms_x86_regs *r = &regs[i];
		int gpr = !!(r->valid & VMS_X86_REGS_GPR), cr = !!(r->valid & VMS_X86_REGS_CONTROL);
		int efer = !!(r->valid & (VMS_X86_REGS_EFER | VMS_X86_REGS_EFER_DERIVED));

		printf("%s{\"id\": %d, \"paging\": ", i ? ", " : "", i);
		json_str(stdout, vms_x86_paging_mode_name(vms_x86_paging_mode(r)));
		json_field_hex("rip", r->rip, gpr);
		json_field_hex("rsp", r->rsp, gpr);
		json_field_hex("rflags", r->rflags, gpr);
		json_field_hex("cr0", r->cr0, cr);
		json_field_hex("cr2", r->cr2, cr);
		json_field_hex("cr3", r->cr3, cr);
		json_field_hex("cr4", r->cr4, cr);
		json_field_hex("efer", r->efer, efer);
		printf(", \"efer_derived\": %s",
		       (r->valid & VMS_X86_REGS_EFER_DERIVED) ? "true" : "false");
		json_field_hex("fs_base", r->fs_base, !!(r->valid & VMS_X86_REGS_FSGS_BASE));
		json_field_hex("gs_base", r->gs_base, !!(r->valid & VMS_X86_REGS_FSGS_BASE));
		json_field_hex("kernel_gs_base", r->kernel_gs_base,
		               !!(r->valid & VMS_X86_REGS_KERNEL_GS_BASE));
		printf("}");
	}
	printf("]}\n");
}

int cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vms_x86_regs *regs;
	const struct vms_mem_range *ranges;
	struct vms_target *t;
	size_t nranges;
	int json = 0, c, nvcpus, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'h':
			printf("usage: %s\n\nThe target's format, the guest-physical memory it "
			       "holds, and each vCPU's\nRIP, CR0, CR3, CR4, EFER and paging mode.\n",
			       usage_line);
			return EXIT_OK;
		default:
			return cli_usage(usage_line, "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage(usage_line, "info takes one TARGET");
	if (cli_open(&t, argv[optind]))
		return EXIT_FAIL;
	ret = vms_target_mem_ranges(&ranges, &nranges, t);
	nvcpus = ret ? ret : vms_target_vcpu_count(t);
	if (nvcpus < 0) {
		ret = cli_fail(nvcpus, argv[optind]);
		vms_target_close(t);
		return ret;
	}
	/* Every vCPU the target has, however many. */
	regs = calloc(nvcpus ? (size_t)nvcpus : 1, sizeof(*regs));
	if (!regs) {
		vms_target_close(t);
		return cli_fail(-ENOMEM, argv[optind]);
	}
	for (int i = 0; i < nvcpus; i++) {
		ret = vms_target_get_regs(&regs[i], t, (unsigned)i);
		if (ret) {
			ret = cli_fail(ret, argv[optind]);
			free(regs);
			vms_target_close(t);
			return ret;
		}
	}
	if (json)
		print_json(t, argv[optind], ranges, nranges, regs, nvcpus);
	else
		print_text(t, argv[optind], ranges, nranges, regs, nvcpus);
	free(regs);
	vms_target_close(t);
	return EXIT_OK;
}
