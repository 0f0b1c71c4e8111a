// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Against a running lab guest ($VMS_LAB_QMP, under `lab run`): the live
 * target reads RAM, reports registers, pauses and resumes; then QEMU is
 * killed in the middle of the session, while vmscope waits for an event,
 * and that wait and every later call that needs QEMU fail at once with a
 * clear error, never hang, and closing is clean.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <vmscope/vmscope.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void test_killed_mid_session(void **state)
{
	const char *qmp = getenv("VMS_LAB_QMP"), *run = getenv("VMS_LAB_RUN");
	char target[4200], pidfile[4200];
	struct vms_x86_regs r;
	struct vms_target *t;
	uint8_t page[4096];
	size_t n;
	struct vms_event ev;
	pid_t killer;
	FILE *f;
	int pid = 0, st;
	double t0;

	(void)state;
	assert_non_null(qmp);
	assert_non_null(run);
	(void)snprintf(target, sizeof(target), "qemu:%s", qmp);
	(void)snprintf(pidfile, sizeof(pidfile), "%s/qemu.pid", run);
	assert_int_equal(vms_target_open(&t, target, NULL), 0);
	assert_int_equal(vms_read_gpa(page, &n, t, 0x100000, sizeof(page)), 0);
	assert_int_equal(vms_target_get_regs(&r, t, 0), 0);
	assert_true(r.valid & VMS_X86_REGS_CONTROL);
	assert_int_equal(vms_target_pause(t), 0);
	assert_int_equal(vms_target_resume(t), 0);

	f = fopen(pidfile, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%d", &pid), 1);
	(void)fclose(f);
	/* Waiting for an event that never comes (the lowest address of the
	 * kernel-image area runs no code) when QEMU dies: the wait ends. */
	assert_int_equal(vms_event_add(t, VMS_EVENT_BREAK, 0xffffffff80000000ull, 1, 0), 0);
	killer = fork();
	assert_true(killer >= 0);
	if (killer == 0) {
		usleep(500000);
		_exit(kill(pid, SIGKILL) ? 1 : 0);
	}
	t0 = now();
	assert_int_equal(vms_event_wait(&ev, t, 60000), -EPIPE);
	assert_true(now() - t0 < 10.0);
	assert_int_equal(waitpid(killer, &st, 0), killer);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	for (int i = 0; i < 500 && kill(pid, 0) == 0; i++)
		usleep(10000);

	t0 = now();
	assert_int_equal(vms_target_pause(t), -EPIPE);
	assert_non_null(strstr(vms_error_last(), "QEMU closed the connection"));
	assert_int_not_equal(vms_target_get_regs(&r, t, 0), 0);
	assert_true(now() - t0 < 5.0);
	vms_target_close(t);
	/* And a new session says nothing is there. */
	assert_int_not_equal(vms_target_open(&t, target, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_killed_mid_session),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
