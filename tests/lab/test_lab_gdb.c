// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Against a running lab guest (under `lab run`, $VMS_LAB_GDB and
 * $VMS_LAB_QMP): vmscope's own gdbstub client sets a breakpoint on the
 * kernel's __schedule, found through the guest's kallsyms; each hit stops
 * the guest with RIP exactly there. While the breakpoint is set, the
 * kernel text the guest would read is its original bytes (under TCG the
 * stub keeps breakpoints outside guest memory). Detaching leaves the guest
 * running. Then the event API: a hit with its vCPU's registers and the
 * run state, a single step, an interrupt from another thread.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>
#include <vmscope/vmscope.h>

#include "backends/qemu/gdb.h"

static void test_breakpoint(void **state)
{
	const char *qmp = getenv("VMS_LAB_QMP"), *gdbaddr = getenv("VMS_LAB_GDB");
	uint8_t before[16], during[16];
	struct vms_linux *lx;
	struct vms_target *t;
	struct gdb_stop stop;
	struct vms_ksym sym = { .sz = sizeof(sym) };
	struct gdb *g;
	char target[4200];
	size_t n;

	(void)state;
	assert_non_null(qmp);
	assert_non_null(gdbaddr);
	(void)snprintf(target, sizeof(target), "qemu:%s", qmp);
	assert_int_equal(vms_target_open(&t, target, NULL), 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), 0);
	assert_int_equal(vms_linux_sym_lookup(&sym, lx, "__schedule"), 0);
	assert_int_equal(vms_linux_read(before, &n, lx, sym.addr, sizeof(before)), 0);

	assert_int_equal(gdb_connect(&g, gdbaddr, 10000), 0);
	assert_int_equal(gdb_point(g, 1, GDB_SW_BREAK, sym.addr, 1), 0);
	assert_int_equal(vms_linux_read(during, &n, lx, sym.addr, sizeof(during)), 0);
	assert_memory_equal(before, during, sizeof(before));
	for (int hit = 0; hit < 3; hit++) {
		uint64_t rip = 0;

		assert_int_equal(gdb_continue(g), 0);
		assert_int_equal(gdb_wait(g, &stop, 60000), 0);
		assert_int_equal(stop.signal, 5);
		assert_true(stop.thread[0] != '\0');
		assert_int_equal(gdb_read_register(g, 16, &rip), 0);
		assert_int_equal(rip, sym.addr);
		printf("hit %d: vCPU thread %s at %#llx (__schedule)\n", hit + 1, stop.thread,
		       (unsigned long long)rip);
	}
	assert_int_equal(gdb_point(g, 0, GDB_SW_BREAK, sym.addr, 1), 0);
	assert_int_equal(gdb_point(g, 1, 9, sym.addr, 1) < 0, 1);
	gdb_close(g);
	vms_linux_close(lx);
	vms_target_close(t);
}

static void *interrupt_later(void *arg)
{
	usleep(300000);
	(void)vms_event_interrupt(arg);
	return NULL;
}

/* The event API on the same guest: a hit with the vCPU's registers, a
 * single step off it, an interrupt from another thread while the guest
 * runs, and the run state through it all. */
static void test_event_api(void **state)
{
	const char *qmp = getenv("VMS_LAB_QMP"), *gdbaddr = getenv("VMS_LAB_GDB");
	enum vms_run_state run;
	struct vms_event ev, step;
	struct vms_linux *lx;
	struct vms_target *t;
	struct vms_ksym sym = { .sz = sizeof(sym) };
	pthread_t th;
	char target[4400];

	(void)state;
	(void)snprintf(target, sizeof(target), "qemu:%s,gdb=%s", qmp, gdbaddr);
	assert_int_equal(vms_target_open(&t, target, NULL), 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), 0);
	assert_int_equal(vms_linux_sym_lookup(&sym, lx, "__schedule"), 0);
	assert_int_equal(vms_event_changes_memory(t, VMS_EVENT_BREAK), 0);
	assert_int_equal(vms_event_add(t, VMS_EVENT_BREAK, sym.addr, 1, 0), 0);
	assert_int_equal(vms_event_wait(&ev, t, 60000), 0);
	assert_int_equal(ev.kind, VMS_EVENT_BREAK);
	assert_int_equal(ev.addr, sym.addr);
	assert_int_equal(ev.regs.rip, sym.addr);
	assert_true(ev.vcpu < (unsigned)vms_target_vcpu_count(t));
	assert_int_equal(vms_target_run_state(&run, t), 0);
	assert_int_equal(run, VMS_RUN_DEBUG);
	/* One instruction on that vCPU: off the breakpoint, still in it. */
	assert_int_equal(vms_event_step(&step, t, ev.vcpu, 10000), 0);
	assert_int_equal(step.kind, VMS_EVENT_STEP);
	assert_int_equal(step.vcpu, ev.vcpu);
	assert_int_not_equal(step.regs.rip, sym.addr);
	assert_int_equal(step.addr, step.regs.rip);
	assert_int_equal(vms_event_remove(t, VMS_EVENT_BREAK, sym.addr, 1), 0);
	/* The last point gone, the guest runs free again. */
	assert_int_equal(vms_target_run_state(&run, t), 0);
	assert_int_equal(run, VMS_RUN_RUNNING);

	/* Code that never runs (the bottom of the kernel-image area): only
	 * the interrupt ends the wait, with the guest stopped. */
	assert_int_equal(vms_event_add(t, VMS_EVENT_BREAK, 0xffffffff80000000ull, 1, 0), 0);
	assert_int_equal(pthread_create(&th, NULL, interrupt_later, t), 0);
	assert_int_equal(vms_event_wait(&ev, t, 30000), -EINTR);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(vms_target_run_state(&run, t), 0);
	assert_true(run == VMS_RUN_PAUSED || run == VMS_RUN_DEBUG); /* QEMU says paused */
	assert_int_equal(vms_event_wait(&ev, t, 200), -ETIMEDOUT);
	assert_int_equal(vms_target_run_state(&run, t), 0);
	assert_int_equal(run, VMS_RUN_RUNNING); /* still waited for */
	assert_int_equal(vms_event_remove(t, VMS_EVENT_BREAK, 0xffffffff80000000ull, 1), 0);
	vms_linux_close(lx);
	vms_target_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_breakpoint),
		cmocka_unit_test(test_event_api),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
