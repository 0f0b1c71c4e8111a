// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Against a running lab guest (under `lab run`, $VMS_LAB_GDB and
 * $VMS_LAB_QMP): vmscope's own gdbstub client sets a breakpoint on the
 * kernel's __schedule, found through the guest's kallsyms; each hit stops
 * the guest with RIP exactly there. While the breakpoint is set, the
 * kernel text the guest would read is its original bytes (under TCG the
 * stub keeps breakpoints outside guest memory). Detaching leaves the guest
 * running.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	struct vms_ksym sym;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_breakpoint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
