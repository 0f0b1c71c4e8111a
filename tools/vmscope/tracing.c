// SPDX-License-Identifier: LGPL-2.1-or-later
/* What vmscope break and watch share: the trace set up on a live guest,
 * each hit printed (the vCPU, the task it runs, where, the registers, and
 * for watchpoints the value there after the access), the guest running
 * on after each, until --count hits, --timeout, or Ctrl-C. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static struct vms_trace *active;

static void on_signal(int sig)
{
	(void)sig;
	if (active)
		(void)vms_trace_interrupt(active);
}

static void print_regs_json(const struct vms_x86_regs *r)
{
	const struct {
		const char *name;
		uint64_t v;
	} regs[] = {
		{ "rip", r->rip },         { "rsp", r->rsp },
		{ "rbp", r->rbp },         { "rax", r->rax },
		{ "rbx", r->rbx },         { "rcx", r->rcx },
		{ "rdx", r->rdx },         { "rsi", r->rsi },
		{ "rdi", r->rdi },         { "r8", r->r8 },
		{ "r9", r->r9 },           { "r10", r->r10 },
		{ "r11", r->r11 },         { "r12", r->r12 },
		{ "r13", r->r13 },         { "r14", r->r14 },
		{ "r15", r->r15 },         { "rflags", r->rflags },
		{ "cs", r->cs.selector },  { "cr0", r->cr0 },
		{ "cr3", r->cr3 },         { "cr4", r->cr4 },
		{ "efer", r->efer },       { "fs_base", r->fs_base },
		{ "gs_base", r->gs_base }, { "kernel_gs_base", r->kernel_gs_base },
	};

	printf("\"regs\": {");
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		printf("%s\"%s\": ", i ? ", " : "", regs[i].name);
		json_hex(stdout, regs[i].v);
	}
	printf("}");
}

static int on_hit(struct vms_trace *tr, const struct vms_trace_hit *hit, void *payload)
{
	struct cli_trace *c = payload;
	const struct vms_event *ev = hit->event;
	struct vms_linux_current cur;
	struct vms_ksym sym = { 0 };
	uint64_t off = 0, value = 0;
	int have_task = vms_linux_current(&cur, hit->lx, &ev->regs) == 0;
	int have_sym = vms_linux_sym_at(&sym, &off, hit->lx, ev->regs.rip) == 0;
	int watch = ev->kind >= VMS_EVENT_WATCH_WRITE && ev->kind <= VMS_EVENT_WATCH_ACCESS;
	size_t got = 0;
	int have_value = watch && vms_linux_read(&value, &got, hit->lx, hit->gva, c->len) == 0;

	(void)tr;
	if (!c->json) {
		printf("%-6s vcpu %u  ", vms_event_kind_name(ev->kind), ev->vcpu);
		if (have_task)
			printf("pid %d tid %d (%s)  ", cur.tgid, cur.pid, cur.comm);
		else
			printf("pid ? (%s)  ", vms_error_last());
		if (watch)
			printf("%s %#" PRIx64 " = %#" PRIx64 "  ", hit->where, ev->addr, value);
		printf("at %s+%#" PRIx64 "  rip %#" PRIx64 " rsp %#" PRIx64 " rdi %#" PRIx64
		       " rsi %#" PRIx64 " rdx %#" PRIx64 " cr3 %#" PRIx64 "\n",
		       have_sym ? sym.name : "?", off, ev->regs.rip, ev->regs.rsp, ev->regs.rdi,
		       ev->regs.rsi, ev->regs.rdx, ev->regs.cr3);
	} else {
		printf("{\"event\": \"%s\", \"where\": ", vms_event_kind_name(ev->kind));
		json_str(stdout, hit->where);
		printf(", \"vcpu\": %u, ", ev->vcpu);
		if (have_task) {
			printf("\"pid\": %d, \"tid\": %d, \"comm\": ", cur.tgid, cur.pid);
			json_str(stdout, cur.comm);
			printf(", \"cpu\": %d, \"task\": ", cur.cpu);
			json_hex(stdout, cur.task);
			printf(", ");
		}
		printf("\"addr\": ");
		json_hex(stdout, ev->addr);
		if (have_value) {
			printf(", \"value\": ");
			json_hex(stdout, value);
		}
		printf(", \"symbol\": ");
		json_str(stdout, have_sym ? sym.name : "");
		printf(", \"offset\": %" PRIu64 ", ", off);
		print_regs_json(&ev->regs);
		printf("}\n");
	}
	(void)fflush(stdout);
	return VMS_TRACE_CONTINUE;
}

int cli_trace_opt(struct cli_trace *c, int opt, const char *arg, const char *usage_line)
{
	uint64_t v;

	if (opt == 'j') {
		c->json = 1;
		return 1;
	}
	if (opt != 'n' && opt != 't')
		return cli_kernel_opt(opt, arg);
	if (cli_parse_len(&v, arg) || v == 0 || (opt == 't' && v > 86400ull * 365)) {
		cli_usage(usage_line, opt == 'n' ? "--count takes a number of hits above 0"
		                                 : "--timeout takes seconds above 0");
		return -1;
	}
	if (opt == 'n')
		c->count = v;
	else
		c->timeout_ms = (int)(v * 1000 > (uint64_t)INT32_MAX ? INT32_MAX : v * 1000);
	return 1;
}

int cli_trace_run(struct cli_trace *c, const char *target)
{
	struct vms_trace_run_opts run = { .sz = sizeof(run),
		                          .timeout_ms = c->timeout_ms,
		                          .hits = c->count };
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct vms_trace_stats st;
	struct vms_target *t;
	struct vms_linux *lx;
	struct vms_trace *tr = NULL;
	int ret;

	if (cli_open_linux(&t, &lx, target))
		return EXIT_FAIL;
	/* The guest held still while its kernel was found; from here on the
	 * debugger holds it whenever it must. */
	ret = cli_unpause(t);
	if (!ret)
		ret = vms_trace_new(&tr, t, lx);
	for (size_t i = 0; !ret && i < c->npoints; i++) {
		ret = vms_trace_add(NULL, tr, &c->points[i], on_hit, c);
		if (!ret)
			(void)fprintf(stderr, "vmscope: %s %s (%s): set\n",
			              vms_event_kind_name(c->points[i].kind), c->points[i].where,
			              vms_event_changes_memory(t, c->points[i].kind)
			                      ? "written into guest memory"
			                      : "kept by the hypervisor, unseen by the guest");
		else if (ret == -EPERM)
			(void)fprintf(stderr, "vmscope: (--soft under KVM needs --allow-writes)\n");
	}
	if (!ret) {
		(void)fprintf(stderr, "vmscope: waiting for hits (Ctrl-C ends)\n");
		active = tr;
		sigemptyset(&sa.sa_mask);
		(void)sigaction(SIGINT, &sa, &old_int);
		(void)sigaction(SIGTERM, &sa, &old_term);
		ret = vms_trace_run(tr, &run);
		(void)sigaction(SIGINT, &old_int, NULL);
		(void)sigaction(SIGTERM, &old_term, NULL);
		active = NULL;
		/* Interrupted, or out of time: done, not failed. */
		if (ret == -EINTR || (ret == -ETIMEDOUT && c->timeout_ms > 0))
			ret = 0;
		vms_trace_stats(&st, tr);
		(void)fprintf(stderr, "vmscope: %" PRIu64 " hits", st.hits);
		if (st.reboots)
			(void)fprintf(stderr, ", %" PRIu64 " reboots followed", st.reboots);
		(void)fprintf(stderr, "\n");
	}
	if (ret)
		ret = cli_fail(ret, NULL);
	vms_trace_free(tr);
	cli_close_linux(t, lx);
	return ret ? EXIT_FAIL : EXIT_OK;
}
