// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Events and tracing over a scripted live guest (synthmem with events): the
 * event API's argument checks, subscriptions sharing one point, callbacks
 * that add and remove subscriptions mid-hit, stray stops, verdicts and
 * limits, interrupts; subscriptions by kernel symbol moved when the guest
 * reboots into a kernel at another KASLR slide; the task a vCPU runs,
 * from its GS base and the kernel's per-CPU data.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <vmscope/vmscope.h>

#include "synthkernel.h"

#define MEM  (64u << 20)
#define GPA1 0x1000000ull
#define GVA1 0xffffffff9a000000ull
#define GVA2 0xffffffffa0600000ull

static int has_point(const struct sm_events *e, enum vms_event_kind kind, uint64_t gva,
                     unsigned len)
{
	for (size_t i = 0; i < e->npoints; i++)
		if (e->points[i].kind == kind && e->points[i].gva == gva && e->points[i].len == len)
			return 1;
	return 0;
}

static void expect_log(const struct sm_events *e, size_t i, int add, enum vms_event_kind kind,
                       uint64_t gva)
{
	assert_true(i < e->nlog);
	assert_int_equal(e->log[i].add, add);
	assert_int_equal(e->log[i].p.kind, kind);
	assert_int_equal(e->log[i].p.gva, gva);
}

static void test_event_args(void **state)
{
	struct synthmem *m = synthmem_new(1u << 20);
	struct sm_events ev = { .sw_writes_memory = 1 };
	enum vms_run_state run;
	struct vms_target *t;
	struct vms_event e;

	(void)state;
	assert_non_null(m);
	/* No events: a snapshot-like target says so. */
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_event_add(t, VMS_EVENT_BREAK, 0x1000, 1, 0), -EOPNOTSUPP);
	assert_non_null(strstr(vms_error_last(), "cannot stop at breakpoints"));
	assert_int_equal(vms_event_wait(&e, t, 0), -EOPNOTSUPP);
	assert_int_equal(vms_event_interrupt(t), -EOPNOTSUPP);
	assert_true(vms_event_changes_memory(t, VMS_EVENT_BREAK) < 0);
	assert_int_equal(vms_target_run_state(&run, t), -EOPNOTSUPP);
	vms_target_close(t);

	m->events = &ev;
	m->nvcpus = 1;
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_target_run_state(&run, t), 0);
	assert_int_equal(run, VMS_RUN_RUNNING);
	assert_int_equal(vms_target_pause(t), 0);
	assert_int_equal(vms_target_run_state(&run, t), 0);
	assert_string_equal(vms_run_state_name(run), "paused");
	assert_int_equal(vms_target_resume(t), 0);
	assert_int_equal(vms_event_add(t, VMS_EVENT_BREAK, 0x1000, 2, 0), -EINVAL);
	assert_int_equal(vms_event_add(t, VMS_EVENT_WATCH_WRITE, 0x1000, 3, 0), -EINVAL);
	assert_int_equal(vms_event_add(t, VMS_EVENT_WATCH_READ, 0x1002, 4, 0), -EINVAL);
	assert_non_null(strstr(vms_error_last(), "aligned"));
	assert_int_equal(vms_event_add(t, VMS_EVENT_STEP, 0x1000, 1, 0), -EINVAL);
	assert_int_equal(vms_event_add(t, (enum vms_event_kind)99, 0x1000, 1, 0), -EINVAL);
	assert_int_equal(vms_event_add(t, VMS_EVENT_BREAK, 0x1000, 1, 0x10), -EINVAL);
	assert_int_equal(ev.nlog, 0);
	/* A kind that would write guest memory needs the caller's leave. */
	assert_int_equal(vms_event_changes_memory(t, VMS_EVENT_BREAK_SW), 1);
	assert_int_equal(vms_event_changes_memory(t, VMS_EVENT_BREAK), 0);
	assert_int_equal(vms_event_add(t, VMS_EVENT_BREAK_SW, 0x1000, 1, 0), -EPERM);
	assert_non_null(strstr(vms_error_last(), "VMS_EVENT_WRITES_GUEST"));
	assert_int_equal(vms_event_add(t, VMS_EVENT_BREAK_SW, 0x1000, 1, VMS_EVENT_WRITES_GUEST),
	                 0);
	assert_int_equal(vms_event_add(t, VMS_EVENT_WATCH_ACCESS, 0x2000, 8, 0), 0);
	assert_int_equal(ev.npoints, 2);
	assert_int_equal(vms_event_remove(t, VMS_EVENT_BREAK, 0x1000, 1), -ENOENT);
	assert_int_equal(vms_event_remove(t, VMS_EVENT_BREAK_SW, 0x1000, 1), 0);
	assert_int_equal(vms_event_step(&e, t, 1, 0), -EINVAL);
	assert_int_equal(vms_event_wait(NULL, t, 0), -EINVAL);
	/* An interrupt before a wait ends it at once; the script is empty. */
	assert_int_equal(vms_event_interrupt(t), 0);
	assert_int_equal(vms_event_wait(&e, t, -1), -EINTR);
	assert_int_equal(vms_event_wait(&e, t, 10), -ETIMEDOUT);
	assert_int_equal(vms_event_wait(&e, t, -1), -EPIPE);
	vms_target_close(t);
	synthmem_free(m);
}

/* What the callbacks saw. */
struct seen {
	int calls[8];
	uint64_t gva[16];
	int order[16];
	size_t n;
	int remove_id, add_at_hit;
	uint64_t add_gva;
	int added_id;
	int stop_id;
	int run_rc;
};

static int record(struct vms_trace *tr, const struct vms_trace_hit *hit, void *payload)
{
	struct seen *s = payload;

	(void)tr;
	if (s->n < 16) {
		s->order[s->n] = hit->id;
		s->gva[s->n] = hit->gva;
		s->n++;
	}
	s->calls[hit->id & 7]++;
	return hit->id == s->stop_id ? VMS_TRACE_STOP : VMS_TRACE_CONTINUE;
}

/* Record, then (on the chosen hit) remove one subscription and add
 * another, and try to run the trace from inside. */
static int meddle(struct vms_trace *tr, const struct vms_trace_hit *hit, void *payload)
{
	struct seen *s = payload;
	int rc = record(tr, hit, payload);

	if ((int)s->n == s->add_at_hit) {
		struct vms_trace_point p = { .sz = sizeof(p), .gva = s->add_gva };

		assert_int_equal(vms_trace_remove(tr, s->remove_id), 0);
		assert_int_equal(vms_trace_remove(tr, s->remove_id), -ENOENT);
		assert_int_equal(vms_trace_add(&s->added_id, tr, &p, record, s), 0);
		s->run_rc = vms_trace_run(tr, NULL);
	}
	return rc;
}

#define A 0xffffffff81001000ull
#define B 0xffffffff81002000ull
#define C 0xffffffff81003000ull
#define W 0xffff888000010000ull

static void test_trace_dispatch(void **state)
{
	static const struct vms_event script[] = {
		{ .kind = VMS_EVENT_BREAK, .addr = A },
		{ .kind = VMS_EVENT_BREAK, .addr = B }, /* nobody's: stray */
		{ .kind = VMS_EVENT_WATCH_WRITE, .addr = W + 4 },
		{ .kind = VMS_EVENT_BREAK, .addr = A }, /* 1 removes 2, adds one at C */
		{ .kind = VMS_EVENT_BREAK, .addr = C }, /* its callback says stop */
		{ .kind = VMS_EVENT_BREAK, .addr = A },
		{ .kind = VMS_EVENT_BREAK, .addr = A },
	};
	struct synthmem *m = synthmem_new(1u << 20);
	struct sm_events ev = { .script = script, .n = sizeof(script) / sizeof(script[0]) };
	struct vms_trace_point pa = { .sz = sizeof(pa), .where = "0xffffffff81001000" },
	                       pw = { .sz = sizeof(pw),
		                      .kind = VMS_EVENT_WATCH_WRITE,
		                      .gva = W,
		                      .len = 8 },
	                       bad = { .sz = sizeof(bad) };
	struct vms_trace_run_opts one = { .sz = sizeof(one), .hits = 1 };
	struct seen s = { .add_at_hit = 4, .add_gva = C };
	struct vms_trace_stats st = { .sz = sizeof(st) };
	struct vms_target *t;
	struct vms_trace *tr;
	int id1, id2, id3;

	(void)state;
	m->events = &ev;
	m->nvcpus = 1;
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_trace_new(&tr, t, NULL), 0);
	assert_int_equal(vms_trace_add(&id1, tr, &pa, meddle, &s), 0);
	assert_int_equal(vms_trace_add(&id2, tr, &pa, record, &s), 0);
	assert_int_equal(vms_trace_add(&id3, tr, &pw, record, &s), 0);
	assert_int_equal(id1, 1);
	assert_int_equal(id2, 2);
	assert_int_equal(id3, 3);
	s.remove_id = id2;
	/* Two subscriptions, one point. */
	assert_int_equal(ev.nlog, 2);
	expect_log(&ev, 0, 1, VMS_EVENT_BREAK, A);
	expect_log(&ev, 1, 1, VMS_EVENT_WATCH_WRITE, W);

	/* Places that are not: each refused, nothing set. */
	bad.where = "";
	assert_int_equal(vms_trace_add(NULL, tr, &bad, record, &s), -EINVAL);
	bad.where = "0x";
	assert_int_equal(vms_trace_add(NULL, tr, &bad, record, &s), -EINVAL);
	bad.where = "do_sys_open";
	assert_int_equal(vms_trace_add(NULL, tr, &bad, record, &s), -EINVAL);
	assert_non_null(strstr(vms_error_last(), "needs the guest's kernel"));
	bad.where = "+0x10";
	assert_int_equal(vms_trace_add(NULL, tr, &bad, record, &s), -EINVAL);
	bad.where = NULL;
	bad.kind = VMS_EVENT_WATCH_WRITE;
	bad.len = 3;
	assert_int_equal(vms_trace_add(NULL, tr, &bad, record, &s), -EINVAL);
	bad.sz = 4;
	assert_int_equal(vms_trace_add(NULL, tr, &bad, record, &s), -EINVAL);
	assert_int_equal(ev.nlog, 2);

	s.stop_id = 4; /* the subscription added mid-hit */
	assert_int_equal(vms_trace_run(tr, NULL), 0);
	/* Hit 1: both at A, in order; the stray; the watch (an access inside
	 * it); A again, where 1 removed 2 before 2's turn; C, which stops. */
	assert_int_equal(s.n, 5);
	assert_int_equal(s.order[0], id1);
	assert_int_equal(s.order[1], id2);
	assert_int_equal(s.order[2], id3);
	assert_int_equal(s.order[3], id1);
	assert_int_equal(s.order[4], 4);
	assert_int_equal(s.gva[4], C);
	assert_int_equal(s.added_id, 4);
	assert_int_equal(s.run_rc, -EBUSY);
	vms_trace_stats(&st, tr);
	assert_int_equal(st.hits, 4);
	assert_int_equal(st.stray, 1);
	/* Point A stayed for subscription 1; C was set. */
	assert_int_equal(ev.nlog, 3);
	expect_log(&ev, 2, 1, VMS_EVENT_BREAK, C);

	/* A limit of one hit; then the interrupt; then the guest is gone. */
	assert_int_equal(vms_trace_run(tr, &one), 0);
	assert_int_equal(s.n, 6);
	assert_int_equal(vms_trace_interrupt(tr), 0);
	assert_int_equal(vms_trace_run(tr, NULL), -EINTR);
	assert_int_equal(vms_trace_run(tr, NULL), -EPIPE);
	assert_int_equal(s.n, 7);

	/* Removing the last subscription of a point removes the point. */
	assert_int_equal(vms_trace_remove(tr, id1), 0);
	expect_log(&ev, 3, 0, VMS_EVENT_BREAK, A);
	vms_trace_free(tr);
	assert_int_equal(ev.npoints, 0);
	vms_target_close(t);
	synthmem_free(m);
}

/* The guest reboots into another kernel: kernel 2's memory replaces
 * kernel 1's when the script reaches its reset. */
struct reboot {
	struct synthmem *next;
	size_t at;
};

static void reboot_now(struct synthmem *m, size_t index, void *arg)
{
	struct reboot *r = arg;

	if (index != r->at)
		return;
	memcpy(m->mem, r->next->mem, m->size);
	m->vcpu = r->next->vcpu;
}

static void test_trace_reboot(void **state)
{
	struct synthkernel k1, k2;
	struct synthmem *m = synthmem_new(MEM), *m2 = synthmem_new(MEM);
	const uint64_t fn = 0x100 + 0x40 * 7; /* fn_7_do_work */
	struct vms_event script[] = {
		{ .kind = VMS_EVENT_BREAK, .addr = GVA1 + fn + 4 },
		{ .kind = VMS_EVENT_RESET },
		{ .kind = VMS_EVENT_BREAK, .addr = GVA2 + fn + 4 },
		{ .kind = VMS_EVENT_WATCH_WRITE, .addr = GVA2 + SK_INIT_TASK + 0x20 },
	};
	struct sm_events ev = { .script = script, .n = 4 };
	struct reboot rb = { .next = m2, .at = 1 };
	struct vms_trace_point pf = { .sz = sizeof(pf), .where = "fn_7_do_work+4" },
	                       pw = { .sz = sizeof(pw),
		                      .kind = VMS_EVENT_WATCH_WRITE,
		                      .where = "init_task+0x20",
		                      .len = 4 },
	                       pa = { .sz = sizeof(pa), .gva = 0xffffffff81000000ull };
	struct vms_linux_kernel info = { .sz = sizeof(info) };
	struct vms_trace_stats st = { .sz = sizeof(st) };
	struct seen s = { 0 };
	struct vms_target *t;
	struct vms_linux *lx;
	struct vms_trace *tr;
	uint64_t gen;

	(void)state;
	assert_non_null(m);
	assert_non_null(m2);
	assert_int_equal(synthkernel_add(&k1, m, GPA1, GVA1, &synthkernel_layout_61), 0);
	assert_int_equal(synthkernel_add(&k2, m2, GPA1, GVA2, &synthkernel_layout_61), 0);
	synthkernel_vcpu(m, k1.pt_root);
	synthkernel_vcpu(m2, k2.pt_root);
	ev.on_wait = reboot_now;
	ev.on_wait_arg = &rb;
	m->events = &ev;
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_target_generation(&gen, t), 0);
	assert_int_equal(gen, 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), 0);
	assert_int_equal(vms_trace_new(&tr, t, lx), 0);
	assert_int_equal(vms_trace_add(NULL, tr, &pf, record, &s), 0);
	assert_int_equal(vms_trace_add(NULL, tr, &pw, record, &s), 0);
	assert_int_equal(vms_trace_add(NULL, tr, &pa, record, &s), 0);
	pf.where = "no_such_symbol";
	assert_int_equal(vms_trace_add(NULL, tr, &pf, record, &s), -ENOENT);
	pf.where = "fn_7_do_work+0xzz";
	assert_int_equal(vms_trace_add(NULL, tr, &pf, record, &s), -EINVAL);
	assert_true(has_point(&ev, VMS_EVENT_BREAK, GVA1 + fn + 4, 1));
	assert_true(has_point(&ev, VMS_EVENT_WATCH_WRITE, GVA1 + SK_INIT_TASK + 0x20, 4));

	assert_int_equal(vms_trace_run(tr, NULL), -EPIPE);
	/* Before the reboot at kernel 1's addresses, after it at kernel 2's. */
	assert_int_equal(s.n, 3);
	assert_int_equal(s.gva[0], GVA1 + fn + 4);
	assert_int_equal(s.gva[1], GVA2 + fn + 4);
	assert_int_equal(s.gva[2], GVA2 + SK_INIT_TASK + 0x20);
	vms_trace_stats(&st, tr);
	assert_int_equal(st.reboots, 1);
	assert_int_equal(st.hits, 3);
	vms_linux_kernel(&info, lx);
	assert_int_equal(info.text_gva, GVA2);
	assert_int_equal(info.kaslr_slide, (int64_t)(GVA2 - 0xffffffff81000000ull));
	/* The points by symbol moved; the one by address stayed. */
	assert_false(has_point(&ev, VMS_EVENT_BREAK, GVA1 + fn + 4, 1));
	assert_true(has_point(&ev, VMS_EVENT_BREAK, GVA2 + fn + 4, 1));
	assert_true(has_point(&ev, VMS_EVENT_WATCH_WRITE, GVA2 + SK_INIT_TASK + 0x20, 4));
	assert_true(has_point(&ev, VMS_EVENT_BREAK, 0xffffffff81000000ull, 1));
	assert_int_equal(ev.npoints, 3);
	vms_trace_free(tr);
	assert_int_equal(ev.npoints, 0);
	vms_linux_close(lx);
	vms_target_close(t);
	synthmem_free(m);
	synthmem_free(m2);
}

/* The running task from the GS base: kernel GS in the kernel, the swapped
 * one in user mode, and neither when it is no CPU's area. */
static void test_current(void **state)
{
	struct synthkernel k;
	struct synthmem *m = synthmem_new(MEM);
	const uint64_t area0 = GVA1 + 0x410000, area1 = GVA1 + 0x420000;
	const uint64_t task = GVA1 + 0x430000;
	struct vms_linux_current cur = { .sz = sizeof(cur) };
	struct vms_x86_regs r;
	struct vms_target *t;
	struct vms_linux *lx;

	(void)state;
	assert_non_null(m);
	assert_int_equal(synthkernel_add(&k, m, GPA1, GVA1, &synthkernel_layout_61), 0);
	synthkernel_vcpu(m, k.pt_root);
	synthmem_w64(m, GPA1 + SK_PER_CPU_OFFSET, area0);
	synthmem_w64(m, GPA1 + SK_PER_CPU_OFFSET + 8, area1);
	synthmem_w32(m, GPA1 + SK_NR_CPU_IDS, 2);
	synthmem_w64(m, GPA1 + 0x420000 + SK_CURRENT_TASK, task);
	synthmem_w32(m, GPA1 + 0x430000 + SKT_PID, 4242);
	synthmem_w32(m, GPA1 + 0x430000 + SKT_TGID, 4240);
	memcpy(m->mem + GPA1 + 0x430000 + SKT_COMM, "worker/1:2\0\0\0\0\0\0", 16);
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), 0);

	r = m->vcpu;
	r.valid |= VMS_X86_REGS_FSGS_BASE | VMS_X86_REGS_KERNEL_GS_BASE | VMS_X86_REGS_SELECTORS;
	r.cs.selector = 0x10;
	r.gs_base = area1;
	r.kernel_gs_base = 0x7f0000001000ull;
	assert_int_equal(vms_linux_current(&cur, lx, &r), 0);
	assert_int_equal(cur.task, task);
	assert_int_equal(cur.pid, 4242);
	assert_int_equal(cur.tgid, 4240);
	assert_string_equal(cur.comm, "worker/1:2");
	assert_int_equal(cur.cpu, 1);
	/* User mode: the kernel's base is the swapped-out one. */
	r.cs.selector = 0x33;
	r.gs_base = 0x7f0000001000ull;
	r.kernel_gs_base = area1;
	assert_int_equal(vms_linux_current(&cur, lx, &r), 0);
	assert_int_equal(cur.pid, 4242);
	/* Early in a system call: CS is the kernel's, GS still the user's. */
	r.cs.selector = 0x10;
	assert_int_equal(vms_linux_current(&cur, lx, &r), 0);
	assert_int_equal(cur.cpu, 1);
	/* A base that is no CPU's area; CPU 0's, whose task is unmapped. */
	r.kernel_gs_base = GVA1 + 0x440000;
	assert_int_equal(vms_linux_current(&cur, lx, &r), -ENOENT);
	assert_non_null(strstr(vms_error_last(), "per-CPU area"));
	r.gs_base = area0;
	synthmem_w64(m, GPA1 + 0x410000 + SK_CURRENT_TASK, 0xffffc90000000000ull);
	assert_int_equal(vms_linux_current(&cur, lx, &r), -EFAULT);
	r.valid &= ~(unsigned)VMS_X86_REGS_FSGS_BASE;
	assert_int_equal(vms_linux_current(&cur, lx, &r), -EINVAL);
	vms_linux_close(lx);
	vms_target_close(t);
	synthmem_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_args),
		cmocka_unit_test(test_trace_dispatch),
		cmocka_unit_test(test_trace_reboot),
		cmocka_unit_test(test_current),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
