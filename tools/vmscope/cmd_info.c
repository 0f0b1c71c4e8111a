// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope info: what a target is — its format, the guest-physical memory it
 * holds, and each vCPU with the registers that decide how it translates. */
#include <stdlib.h>

#include "cli.h"

static void human_size(char *buf, size_t len, uint64_t n)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)n;
	size_t u = 0;

	while (v >= 1024 && u + 1 < ARRAY_SIZE(units)) {
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

struct info {
	const struct vms_mem_range *ranges;
	size_t nranges;
	struct vms_x86_regs *regs;
	int nvcpus;
};

static void print_text(struct cli_ctx *c, const struct info *in)
{
	enum vms_run_state state;
	uint64_t total = 0;
	char size[32];

	for (size_t i = 0; i < in->nranges; i++)
		total += in->ranges[i].size;
	human_size(size, sizeof(size), total);
	printf("target:  %s\n", c->target);
	printf("format:  %s\n", vms_target_format(c->t));
	if (!vms_target_is_static(c->t) && !vms_target_run_state(&state, c->t))
		printf("state:   %s\n", vms_run_state_name(state));
	printf("memory:  %zu range%s, %s\n", in->nranges, in->nranges == 1 ? "" : "s", size);
	for (size_t i = 0; i < in->nranges; i++) {
		const struct vms_mem_range *m = &in->ranges[i];

		human_size(size, sizeof(size), m->size);
		printf("  0x%016llx-0x%016llx  %s\n", (unsigned long long)m->gpa,
		       (unsigned long long)(m->gpa + m->size - 1), size);
	}
	printf("vcpus:   %d\n", in->nvcpus);
	if (in->nvcpus <= 0)
		return;
	printf("  %-4s %-13s %-18s %-18s %-10s %-10s %s\n", "vcpu", "paging", "rip", "cr3", "cr0",
	       "cr4", "efer");
	for (int i = 0; i < in->nvcpus; i++) {
		const struct vms_x86_regs *r = &in->regs[i];

		printf("  %-4d %-13s 0x%016llx 0x%016llx 0x%08llx 0x%08llx 0x%llx%s\n", i,
		       vms_x86_paging_mode_name(vms_x86_paging_mode(r)), (unsigned long long)r->rip,
		       (unsigned long long)r->cr3, (unsigned long long)r->cr0,
		       (unsigned long long)r->cr4, (unsigned long long)r->efer, efer_note(r));
	}
}

/* A register the target may not give: null then. */
static void reg(struct cli_ctx *c, const char *key, uint64_t v, unsigned valid)
{
	if (valid)
		cli_json_hex(c, key, v);
	else
		cli_json_null(c, key);
}

static void vcpu_json(struct cli_ctx *c, int id, const struct vms_x86_regs *r)
{
	unsigned gpr = r->valid & VMS_X86_REGS_GPR, cr = r->valid & VMS_X86_REGS_CONTROL;
	unsigned fsgs = r->valid & VMS_X86_REGS_FSGS_BASE;

	cli_object_begin(c, NULL);
	cli_json_int(c, "id", id);
	cli_json_str(c, "paging", vms_x86_paging_mode_name(vms_x86_paging_mode(r)));
	reg(c, "rip", r->rip, gpr);
	reg(c, "rsp", r->rsp, gpr);
	reg(c, "rflags", r->rflags, gpr);
	reg(c, "cr0", r->cr0, cr);
	reg(c, "cr2", r->cr2, cr);
	reg(c, "cr3", r->cr3, cr);
	reg(c, "cr4", r->cr4, cr);
	reg(c, "efer", r->efer, r->valid & (VMS_X86_REGS_EFER | VMS_X86_REGS_EFER_DERIVED));
	cli_json_bool(c, "efer_derived", r->valid & VMS_X86_REGS_EFER_DERIVED);
	reg(c, "fs_base", r->fs_base, fsgs);
	reg(c, "gs_base", r->gs_base, fsgs);
	reg(c, "kernel_gs_base", r->kernel_gs_base, r->valid & VMS_X86_REGS_KERNEL_GS_BASE);
	cli_object_end(c);
}

static void print_json(struct cli_ctx *c, const struct info *in)
{
	enum vms_run_state state;
	uint64_t total = 0;

	if (vms_target_run_state(&state, c->t))
		state = VMS_RUN_OTHER;
	cli_object_begin(c, NULL);
	cli_json_str(c, "target", c->target);
	cli_json_str(c, "kind", vms_target_kind(c->t));
	cli_json_str(c, "format", vms_target_format(c->t));
	cli_json_str(c, "state", vms_run_state_name(state));
	cli_array_begin(c, "memory");
	for (size_t i = 0; i < in->nranges; i++) {
		const struct vms_mem_range *m = &in->ranges[i];

		cli_object_begin(c, NULL);
		cli_json_hex(c, "start", m->gpa);
		cli_json_hex(c, "end", m->gpa + m->size - 1);
		cli_json_uint(c, "size", m->size);
		cli_object_end(c);
		total += m->size;
	}
	cli_array_end(c);
	cli_json_uint(c, "memory_total", total);
	cli_array_begin(c, "vcpus");
	for (int i = 0; i < in->nvcpus; i++)
		vcpu_json(c, i, &in->regs[i]);
	cli_array_end(c);
	cli_object_end(c);
}

static int run(struct cli_ctx *c)
{
	struct info in = { 0 };
	int ret;

	ret = vms_target_mem_ranges(&in.ranges, &in.nranges, c->t);
	in.nvcpus = ret ? ret : vms_target_vcpu_count(c->t);
	if (in.nvcpus < 0)
		return cli_fail(in.nvcpus, c->target);
	/* Every vCPU the target has, however many. */
	in.regs = calloc(in.nvcpus ? (size_t)in.nvcpus : 1, sizeof(*in.regs));
	if (!in.regs)
		return cli_fail(-ENOMEM, c->target);
	for (int i = 0; i < in.nvcpus; i++) {
		ret = vms_target_get_regs(&in.regs[i], c->t, (unsigned)i);
		if (ret) {
			free(in.regs);
			return cli_fail(ret, c->target);
		}
	}
	if (c->json)
		print_json(c, &in);
	else
		print_text(c, &in);
	free(in.regs);
	return EXIT_OK;
}

const struct cli_cmd cmd_info = {
	.name = "info",
	.summary = "what a target is: format, memory ranges, vCPUs and their paging",
	.usage = "vmscope info [--json] TARGET",
	.help = "The target's format, the guest-physical memory it holds, and each vCPU's RIP, "
	        "CR0, CR3, CR4, EFER and paging mode.",
	.flags = CLI_TARGET | CLI_JSON,
	CLI_ARGS(1, 1, "info takes one TARGET"),
	.run = run,
};
