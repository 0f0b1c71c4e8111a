// SPDX-License-Identifier: LGPL-2.1-or-later
/* What vmscope break and watch share: the trace set up on a live guest,
 * each hit printed (the vCPU, the task it runs, where, the registers, and
 * for watchpoints the value there after the access), the guest running
 * on after each, until --count hits, --timeout, or Ctrl-C. */
#include <inttypes.h>
#include <signal.h>

#include "tracing.h"

/* The trace a signal interrupts: a handler gets no payload. */
static struct vms_trace *active;

static void on_signal(int sig)
{
	(void)sig;
	if (active)
		(void)vms_trace_interrupt(active);
}

static void regs_json(struct cli_ctx *c, const struct vms_x86_regs *r)
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

	cli_object_begin(c, "regs");
	for (size_t i = 0; i < ARRAY_SIZE(regs); i++)
		cli_json_hex(c, regs[i].name, regs[i].v);
	cli_object_end(c);
}

static int on_hit(struct vms_trace *tr, const struct vms_trace_hit *hit, void *payload)
{
	struct cli_ctx *c = payload;
	const struct cli_trace *t = c->opts;
	const struct vms_event *ev = hit->event;
	const struct vms_x86_regs *r = &ev->regs;
	struct vms_linux_current cur = { .sz = sizeof(cur) };
	struct vms_ksym sym = { .sz = sizeof(sym) };
	uint64_t off = 0, value = 0;
	int have_task = vms_linux_current(&cur, hit->lx, r) == 0;
	int have_sym = vms_linux_sym_at(&sym, &off, hit->lx, r->rip) == 0;
	int watch = ev->kind >= VMS_EVENT_WATCH_WRITE && ev->kind <= VMS_EVENT_WATCH_ACCESS;
	size_t got = 0;
	int have_value = watch && vms_linux_read(&value, &got, hit->lx, hit->gva, t->len) == 0;

	(void)tr;
	cli_row_begin(c);
	cli_str(c, "event", "%-6s", vms_event_kind_name(ev->kind));
	cli_json_str(c, "where", hit->where);
	cli_uint(c, "vcpu", " vcpu %u  ", ev->vcpu);
	if (have_task) {
		cli_int(c, "pid", "pid %d", cur.tgid);
		cli_int(c, "tid", " tid %d", cur.pid);
		cli_str(c, "comm", " (%s)  ", cur.comm);
		cli_json_int(c, "cpu", cur.cpu);
		cli_json_hex(c, "task", cur.task);
	} else {
		cli_text(c, "pid ? (%s)  ", vms_error_last());
	}
	cli_json_hex(c, "addr", ev->addr);
	if (have_value)
		cli_json_hex(c, "value", value);
	if (watch)
		cli_text(c, "%s %#" PRIx64 " = %#" PRIx64 "  ", hit->where, ev->addr, value);
	cli_json_str(c, "symbol", have_sym ? sym.name : "");
	cli_text(c, "at %s", have_sym ? sym.name : "?");
	cli_uint(c, "offset", "+%#" PRIx64, off);
	regs_json(c, r);
	cli_text(c,
	         "  rip %#" PRIx64 " rsp %#" PRIx64 " rdi %#" PRIx64 " rsi %#" PRIx64
	         " rdx %#" PRIx64 " cr3 %#" PRIx64,
	         r->rip, r->rsp, r->rdi, r->rsi, r->rdx, r->cr3);
	cli_row_end(c);
	(void)fflush(stdout);
	return VMS_TRACE_CONTINUE;
}

int cli_set_count(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg)
{
	uint64_t v;

	(void)o;
	if (cli_parse_len(&v, arg) || v == 0)
		return cli_usage(c, "--count takes a number of hits above 0");
	*(uint64_t *)dst = v;
	return 0;
}

int cli_set_timeout(struct cli_ctx *c, const struct cli_opt *o, void *dst, const char *arg)
{
	uint64_t v;

	(void)o;
	if (cli_parse_len(&v, arg) || v == 0 || v > 86400ull * 365)
		return cli_usage(c, "--timeout takes seconds above 0");
	*(int *)dst = (int)(v * 1000 > (uint64_t)INT32_MAX ? INT32_MAX : v * 1000);
	return 0;
}

int cli_trace_run(struct cli_ctx *c)
{
	const struct cli_trace *t = c->opts;
	struct vms_trace_run_opts run = { .sz = sizeof(run),
		                          .timeout_ms = t->timeout_ms,
		                          .hits = t->count };
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct vms_trace_stats st = { .sz = sizeof(st) };
	struct vms_trace *tr = NULL;
	int ret;

	/* The guest held still while its kernel was found; from here on the
	 * debugger holds it whenever it must. */
	ret = cli_resume(c);
	if (!ret)
		ret = vms_trace_new(&tr, c->t, c->lx);
	for (size_t i = 0; !ret && i < t->npoints; i++) {
		const struct vms_trace_point *p = &t->points[i];

		ret = vms_trace_add(NULL, tr, p, on_hit, c);
		if (!ret)
			(void)fprintf(stderr, "vmscope: %s %s (%s): set\n",
			              vms_event_kind_name(p->kind), p->where,
			              vms_event_changes_memory(c->t, p->kind)
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
		if (ret == -EINTR || (ret == -ETIMEDOUT && t->timeout_ms > 0))
			ret = 0;
		vms_trace_stats(&st, tr);
		(void)fprintf(stderr, "vmscope: %" PRIu64 " hits", st.hits);
		if (st.reboots)
			(void)fprintf(stderr, ", %" PRIu64 " reboots followed", st.reboots);
		(void)fprintf(stderr, "\n");
	}
	if (ret)
		cli_fail(ret, NULL);
	vms_trace_free(tr);
	return ret ? EXIT_FAIL : EXIT_OK;
}
