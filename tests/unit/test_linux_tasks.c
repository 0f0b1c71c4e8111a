// SPDX-License-Identifier: LGPL-2.1-or-later
/* The task list of a synthetic kernel (tests/support/synthkernel.c, with
 * its own BTF): processes with their fields, and the ways a hostile guest
 * can bend the list: a cycle that misses the head, a pointer into nothing,
 * a comm without its NUL, credentials that are not there, no BTF. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <vmscope/vmscope.h>

#include "synthkernel.h"

#define MEM    (64u << 20)
#define GPA    0x1000000ull
#define GVA    0xffffffff9a000000ull
#define TASK_A (SK_DATA + 0x10000)
#define TASK_B (SK_DATA + 0x10400)
#define CRED   (SK_DATA + 0x20000)
#define SIG    (SK_DATA + 0x21000)
#define MM     (SK_DATA + 0x22000)
#define UPGD   (SK_DATA + 0x30000) /* the process's page tables */
#define UPAGE  (SK_DATA + 0x40000) /* its argument page */
#define UVA    0x400000ull
#define FILES  (SK_DATA + 0x23000)
#define FDT    (SK_DATA + 0x24000)

struct fx {
	struct synthkernel k;
	struct synthmem *m;
	struct vms_target *t;
	struct vms_linux *lx;
};

static void w64(struct fx *f, uint64_t off, uint64_t v)
{
	synthmem_w64(f->m, GPA + off, v);
}

static void w32(struct fx *f, uint64_t off, uint32_t v)
{
	synthmem_w32(f->m, GPA + off, v);
}

static void task(struct fx *f, uint64_t at, int pid, const char *comm, uint64_t next)
{
	w64(f, at + SKT_TASKS, next);
	w32(f, at + SKT_PID, (uint32_t)pid);
	w32(f, at + SKT_TGID, (uint32_t)pid);
	memcpy(f->m->mem + GPA + at + SKT_COMM, comm, strlen(comm));
	w64(f, at + SKT_REAL_PARENT, GVA + SK_INIT_TASK);
	w64(f, at + SKT_REAL_CRED, GVA + CRED);
	w64(f, at + SKT_SIGNAL, GVA + SIG);
	w32(f, at + SKT_STATE, 1);
	w64(f, at + SKT_START, 1234567890);
}

/* init_task -> A (pid 1, a user process) -> B (pid 2, an idle kthread) ->
 * init_task. */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const struct ksb_opts o = { .addrs = KSB_RELATIVE_PERCPU,
		                    .order = KSB_ADDRS_LAST,
		                    .seqs = KSB_SEQS_LAST };

	f->m = synthmem_new(MEM);
	assert_int_equal(synthkernel_add(&f->k, f->m, GPA, GVA, &o), 0);
	w64(f, SK_INIT_TASK + SKT_TASKS, GVA + TASK_A + SKT_TASKS);
	task(f, TASK_A, 1, "init", GVA + TASK_B + SKT_TASKS);
	task(f, TASK_B, 2, "kthreadd", GVA + SK_INIT_TASK + SKT_TASKS);
	w32(f, TASK_B + SKT_FLAGS, 0x00200000);
	w32(f, TASK_B + SKT_STATE, 0x402);
	for (unsigned i = 0; i < 8; i++)
		w32(f, CRED + SKT_CRED_UID + 4 * i, 1000 + i);
	w32(f, SIG + SKT_SIG_NR, 1);
	/* A's memory: page tables mapping its argument page at UVA. */
	w64(f, TASK_A + SKT_MM, GVA + MM);
	w64(f, MM + SKT_MM_PGD, GVA + UPGD);
	w64(f, MM + SKT_MM_PGD + 8, UVA);
	w64(f, MM + SKT_MM_PGD + 16, UVA + 10);
	w64(f, MM + SKT_MM_PGD + 24, UVA + 10);
	w64(f, MM + SKT_MM_PGD + 32, UVA + 14);
	memset(f->m->mem + GPA + UPGD, 0, 0x1000);
	pt_map_ia32e(f->m, GPA + UPGD, 4, UVA, GPA + UPAGE, 0x1000, SM_RW | SM_US, 0);
	memcpy(f->m->mem + GPA + UPAGE, "/bin/sh\0-\0A=1\0", 14);
	assert_int_equal(synthmem_open(&f->t, f->m), 0);
	assert_int_equal(vms_linux_open(&f->lx, f->t, NULL), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	vms_linux_close(f->lx);
	vms_target_close(f->t);
	synthmem_free(f->m);
	free(f);
	return 0;
}

static void test_listed(void **state)
{
	struct fx *f = *state;
	struct vms_linux_task *t;
	size_t n;

	assert_int_equal(vms_linux_tasks(&t, &n, f->lx, 0), 0);
	assert_int_equal(n, 2);
	assert_int_equal(t[0].pid, 1);
	assert_int_equal(t[0].ppid, 0);
	assert_string_equal(t[0].comm, "init");
	assert_string_equal(t[0].name, "init");
	assert_int_equal(t[0].uid, 1000);
	assert_int_equal(t[0].gid, 1001);
	assert_int_equal(t[0].euid, 1004);
	assert_int_equal(t[0].fsgid, 1007);
	assert_int_equal(t[0].state, 'S');
	assert_int_equal(t[0].nthreads, 1);
	assert_int_equal(t[0].start_ns, 1234567890);
	assert_int_equal(t[0].kthread, 0);
	assert_int_equal(t[0].pt_root, GPA + UPGD);
	assert_int_equal(t[0].cmdline_len, 10);
	assert_memory_equal(t[0].cmdline, "/bin/sh\0-\0", 10);
	assert_int_equal(t[0].environ_len, 4);
	assert_memory_equal(t[0].environ, "A=1\0", 4);
	assert_int_equal(t[0].partial, 0);
	assert_int_equal(t[1].pid, 2);
	assert_int_equal(t[1].kthread, 1);
	assert_int_equal(t[1].state, 'I');
	assert_int_equal(t[1].mm, 0);
	assert_int_equal(t[1].cmdline_len, 0);
	vms_linux_tasks_free(t);
}

static void test_cycle(void **state)
{
	struct fx *f = *state;
	struct vms_linux_task *t;
	size_t n;

	w64(f, TASK_B + SKT_TASKS, GVA + TASK_A + SKT_TASKS);
	assert_int_equal(vms_linux_tasks(&t, &n, f->lx, 0), -ELOOP);
	assert_null(t);
	assert_non_null(strstr(vms_error_last(), "without returning to its head"));
}

static void test_self_loop(void **state)
{
	struct fx *f = *state;
	struct vms_linux_task *t;
	size_t n;

	w64(f, TASK_A + SKT_TASKS, GVA + TASK_A + SKT_TASKS);
	assert_int_equal(vms_linux_tasks(&t, &n, f->lx, 0), -ELOOP);
}

static void test_unmapped_next(void **state)
{
	struct fx *f = *state;
	struct vms_linux_task *t;
	size_t n;

	w64(f, TASK_A + SKT_TASKS, 0xffffffffdead0010ull);
	assert_int_equal(vms_linux_tasks(&t, &n, f->lx, 0), -EFAULT);
	assert_non_null(strstr(vms_error_last(), "0xffffffff9a410000"));
	assert_non_null(strstr(vms_error_last(), "0xffffffffdead0000"));
}

static void test_comm_unterminated(void **state)
{
	struct fx *f = *state;
	struct vms_linux_task *t;
	size_t n;

	memset(f->m->mem + GPA + TASK_A + SKT_COMM, 'x', 16);
	w32(f, TASK_A + SKT_COMM + 16, 0x41414141); /* what follows is not NUL either */
	assert_int_equal(vms_linux_tasks(&t, &n, f->lx, 0), 0);
	assert_string_equal(t[0].comm, "xxxxxxxxxxxxxxxx");
	vms_linux_tasks_free(t);
}

static void test_bad_pointers(void **state)
{
	struct fx *f = *state;
	struct vms_linux_task *t;
	size_t n;

	w64(f, TASK_A + SKT_REAL_CRED, 0xffff800000000000ull);
	w64(f, MM + SKT_MM_PGD + 16, UVA + 0x5000); /* args run past the page */
	assert_int_equal(vms_linux_tasks(&t, &n, f->lx, 0), 0);
	assert_int_equal(n, 2);
	assert_int_equal(t[0].partial, VMS_TASK_NO_CRED | VMS_TASK_NO_ARGS);
	assert_int_equal(t[0].uid, 0);
	assert_int_equal(t[0].cmdline_len, 4096); /* what was there */
	assert_int_equal(t[1].partial, 0);
	vms_linux_tasks_free(t);
}

/* A file table that claims more descriptors than any kernel allows is
 * refused before anything is read; a large but possible one that is empty
 * reads to its end and finds nothing. */
static void test_absurd_fds(void **state)
{
	struct fx *f = *state;
	struct vms_linux_fd *fds;
	size_t n;

	w64(f, TASK_A + SKT_FILES, GVA + FILES);
	w64(f, FILES + SKT_FILES_FDT, GVA + FDT);
	w32(f, FDT + SKT_FDT_MAX, 0x7fffffff);
	w64(f, FDT + SKT_FDT_FD, GVA + SK_DATA + 0x50000);
	assert_int_equal(vms_linux_files(&fds, &n, f->lx, 1), -E2BIG);
	assert_non_null(strstr(vms_error_last(), "2147483647 descriptors"));
	/* 64 Ki descriptors over 512 KiB of zeros: none open. */
	w32(f, FDT + SKT_FDT_MAX, 65536);
	assert_int_equal(vms_linux_files(&fds, &n, f->lx, 1), 0);
	assert_int_equal(n, 0);
	vms_linux_files_free(fds);
	/* The array running into unmapped memory is an error naming where. */
	w64(f, FDT + SKT_FDT_FD, GVA + SK_IMAGE_SIZE - 0x1000);
	assert_int_equal(vms_linux_files(&fds, &n, f->lx, 1), -EFAULT);
	assert_non_null(strstr(vms_error_last(), "descriptors 512 and up"));
	/* No such process. */
	assert_int_equal(vms_linux_files(&fds, &n, f->lx, 77), -ENOENT);
}

static void test_no_btf(void **state)
{
	struct fx *f = *state;
	struct vms_linux_task *t;
	struct vms_linux *lx;
	size_t n;

	f->m->mem[GPA + SK_BTF] = 0;
	assert_int_equal(vms_linux_open(&lx, f->t, NULL), 0);
	assert_int_equal(vms_linux_tasks(&t, &n, lx, 0), -EINVAL);
	assert_non_null(strstr(vms_error_last(), "BTF"));
	/* The same answer again, not a retry. */
	assert_int_equal(vms_linux_tasks(&t, &n, lx, 0), -EINVAL);
	assert_non_null(strstr(vms_error_last(), "magic"));
	vms_linux_close(lx);
}

#define MOD_A (SK_DATA + 0x50000)
#define MOD_B (SK_DATA + 0x50400)
#define USE   (SK_DATA + 0x50800)

static void module(struct fx *f, uint64_t at, const char *name, uint64_t next)
{
	w64(f, at + SKT_MOD_LIST, next);
	memcpy(f->m->mem + GPA + at + SKT_MOD_NAME, name, strlen(name));
	w32(f, at + SKT_MOD_REFCNT, 2);
	w64(f, at + SKT_MOD_SOURCES, GVA + at + SKT_MOD_SOURCES); /* no users */
	w64(f, at + SKT_MOD_CORE, 0xffffffffc0001000ull);
	w32(f, at + SKT_MOD_CORE + 8, 0x3000);
	w32(f, at + SKT_MOD_INIT_LAY + 8, 0x1000);
}

/* modules -> A (used by B) -> B -> modules; then lists that lie. */
static void test_modules(void **state)
{
	struct fx *f = *state;
	struct vms_linux_module *v;
	size_t n;

	w64(f, SK_MODULES, GVA + MOD_A + SKT_MOD_LIST);
	module(f, MOD_A, "alpha", GVA + MOD_B + SKT_MOD_LIST);
	module(f, MOD_B, "beta", GVA + SK_MODULES);
	w64(f, MOD_A + SKT_MOD_SOURCES, GVA + USE);
	w64(f, USE, GVA + MOD_A + SKT_MOD_SOURCES);
	w64(f, USE + SKT_USE_SOURCE, GVA + MOD_B);
	assert_int_equal(vms_linux_modules(&v, &n, f->lx), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].name, "alpha");
	assert_string_equal(v[0].users, "beta,");
	assert_int_equal(v[0].size, 0x4000);
	assert_int_equal(v[0].base, 0xffffffffc0001000ull);
	assert_int_equal(v[0].refcount, 1);
	assert_int_equal(v[0].partial, 0);
	assert_string_equal(v[1].name, "beta");
	assert_string_equal(v[1].users, "-");
	vms_linux_modules_free(v);

	/* A users list that never comes back: bounded, the module partial. */
	w64(f, USE, GVA + USE);
	assert_int_equal(vms_linux_modules(&v, &n, f->lx), 0);
	assert_int_equal(v[0].partial, 1);
	vms_linux_modules_free(v);
	/* A name filling its 56 bytes: cut there. */
	memset(f->m->mem + GPA + MOD_B + SKT_MOD_NAME, 'n', 56);
	assert_int_equal(vms_linux_modules(&v, &n, f->lx), 0);
	assert_int_equal(strlen(v[1].name), 56);
	vms_linux_modules_free(v);
	/* B -> A: a cycle that misses the head. */
	w64(f, MOD_B + SKT_MOD_LIST, GVA + MOD_A + SKT_MOD_LIST);
	assert_int_equal(vms_linux_modules(&v, &n, f->lx), -ELOOP);
	assert_non_null(strstr(vms_error_last(), "comes back"));
	/* B -> unmapped memory. */
	w64(f, MOD_B + SKT_MOD_LIST, 0xffffffffc0dead08ull);
	assert_int_equal(vms_linux_modules(&v, &n, f->lx), -EFAULT);
	assert_non_null(strstr(vms_error_last(), "0xffffffffc0dead08"));
}

/* The log_buf ring of kernels before 5.10, with a record that wraps. */
static void log_record(struct fx *f, uint32_t at, uint64_t ts, const char *text, uint8_t level,
                       uint16_t len)
{
	size_t tl = strlen(text);

	w64(f, SK_LOG_BUF + at, ts);
	synthmem_w16(f->m, GPA + SK_LOG_BUF + at + 8, len ? len : (uint16_t)((16 + tl + 7) & ~7u));
	synthmem_w16(f->m, GPA + SK_LOG_BUF + at + 10, (uint16_t)tl);
	f->m->mem[GPA + SK_LOG_BUF + at + 14] = 3;                            /* facility */
	f->m->mem[GPA + SK_LOG_BUF + at + 15] = (uint8_t)(level << 5 | 0x1f); /* flags:5 */
	memcpy(f->m->mem + GPA + SK_LOG_BUF + at + 16, text, tl);
}

static void test_dmesg_legacy(void **state)
{
	struct fx *f = *state;
	struct vms_linux_log *v;
	size_t n;

	w64(f, SK_LOG_VARS, GVA + SK_LOG_BUF);
	w32(f, SK_LOG_VARS + 8, 256);            /* log_buf_len */
	w32(f, SK_LOG_VARS + 12, 200);           /* log_first_idx */
	w64(f, SK_LOG_VARS + 16, 7);             /* log_first_seq */
	w64(f, SK_LOG_VARS + 24, 10);            /* log_next_seq */
	log_record(f, 200, 1000, "first", 6, 0); /* 200..223 */
	w64(f, SK_LOG_BUF + 224, 0);             /* a zero length there: wrap */
	synthmem_w16(f->m, GPA + SK_LOG_BUF + 224 + 8, 0);
	log_record(f, 0, 2000, "second line", 4, 0);
	log_record(f, 32, 3000, "third", 0, 0);
	assert_int_equal(vms_linux_dmesg(&v, &n, f->lx), 0);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].seq, 7);
	assert_string_equal(v[0].text, "first");
	assert_int_equal(v[0].ts_nsec, 1000);
	assert_int_equal(v[0].level, 6);
	assert_int_equal(v[0].facility, 3);
	assert_string_equal(v[1].text, "second line");
	assert_int_equal(v[1].level, 4);
	assert_int_equal(v[2].seq, 9);
	assert_string_equal(v[2].text, "third");
	vms_linux_dmesg_free(v);

	/* A record whose length runs past the buffer: the log ends before it. */
	log_record(f, 32, 3000, "third", 0, 0x4000);
	assert_int_equal(vms_linux_dmesg(&v, &n, f->lx), 0);
	assert_int_equal(n, 2);
	vms_linux_dmesg_free(v);
	/* Text longer than its record. */
	log_record(f, 32, 3000, "third", 0, 16);
	assert_int_equal(vms_linux_dmesg(&v, &n, f->lx), 0);
	assert_int_equal(n, 2);
	vms_linux_dmesg_free(v);
	/* More records claimed than the buffer can hold; an absurd size. */
	w64(f, SK_LOG_VARS + 24, 7 + 17);
	assert_int_equal(vms_linux_dmesg(&v, &n, f->lx), -EINVAL);
	w64(f, SK_LOG_VARS + 24, 10);
	w32(f, SK_LOG_VARS + 8, 1u << 30);
	assert_int_equal(vms_linux_dmesg(&v, &n, f->lx), -EINVAL);
	assert_non_null(strstr(vms_error_last(), "log_buf claims"));
}

/* The guest runs while the list is walked: B exits (A's link skips it)
 * once the walk is reading B. The walk must not return init and B as if
 * nothing happened, nor A with a list that no longer holds B. */
static void exit_b(struct synthmem *m, uint64_t gpa, size_t len, void *arg)
{
	int *armed = arg;

	(void)len;
	if (*armed && gpa >= GPA + TASK_B && gpa < GPA + TASK_B + SKT_TASK_SIZE) {
		*armed = 0;
		synthmem_w64(m, GPA + TASK_A + SKT_TASKS, GVA + SK_INIT_TASK + SKT_TASKS);
	}
}

static void test_changed_under_walk(void **state)
{
	struct fx *f = *state;
	struct vms_linux_task *t;
	int armed = 1;
	size_t n;

	f->m->on_read = exit_b;
	f->m->on_read_arg = &armed;
	assert_int_equal(vms_linux_tasks(&t, &n, f->lx, 0), -EAGAIN);
	assert_null(t);
	assert_non_null(strstr(vms_error_last(), "the task list changed while it was read"));
	assert_int_equal(armed, 0);
	/* Read again: the list as it is now. */
	assert_int_equal(vms_linux_tasks(&t, &n, f->lx, 0), 0);
	assert_int_equal(n, 1);
	assert_int_equal(t[0].pid, 1);
	vms_linux_tasks_free(t);
	f->m->on_read = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_under_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_self_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmapped_next, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comm_unterminated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_pointers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absurd_fds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_btf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_modules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dmesg_legacy, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
