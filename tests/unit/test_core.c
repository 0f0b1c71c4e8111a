// SPDX-License-Identifier: LGPL-2.1-or-later
/* Core: target strings, options, capability checks, partial reads. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <vmscope/sys/backend.h>
#include <vmscope/vmscope.h>

#include "elfcore.h"
#include "util/opts.h"
#include "fake_backend.h"
#include "testutil.h"

static void assert_error_mentions(const char *needle)
{
	if (!strstr(vms_error_last(), needle))
		fail_msg("error '%s' does not mention '%s'", vms_error_last(), needle);
}

static void test_open_bad_strings(void **state)
{
	struct vms_target *t = (struct vms_target *)&t;

	(void)state;
	assert_int_equal(vms_target_open(NULL, "x", NULL), -EINVAL);
	assert_int_equal(vms_target_open(&t, NULL, NULL), -EINVAL);
	assert_null(t);
	assert_int_equal(vms_target_open(&t, "", NULL), -EINVAL);
	assert_error_mentions("empty target");
	assert_int_equal(vms_target_open(&t, "warp:/tmp/x", NULL), -EINVAL);
	assert_error_mentions("unknown target kind 'warp'");
	assert_int_equal(vms_target_open(&t, "qemu:/nonexistent/qmp.sock", NULL), -ENOENT);
	assert_error_mentions("cannot connect to QMP socket /nonexistent/qmp.sock");
	assert_int_equal(vms_target_open(&t, "xen:7", NULL), -EOPNOTSUPP);
	assert_error_mentions("'xen' is not built into");
	assert_int_equal(vms_target_open(&t, "file:", NULL), -EINVAL);
	assert_error_mentions("needs a path");
	assert_null(t);
}

static void test_open_bad_files(void **state)
{
	struct vms_target *t;
	char dir[] = "/tmp/vmscope-test-dirXXXXXX";
	char colon[64];

	(void)state;
	assert_int_equal(vms_target_open(&t, "/nonexistent/dump.elf", NULL), -ENOENT);
	assert_error_mentions("/nonexistent/dump.elf");
	assert_int_equal(vms_target_open(&t, "file:/nonexistent/dump.elf", NULL), -ENOENT);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(vms_target_open(&t, dir, NULL), -EISDIR);
	/* A name with a colon that exists is a file, not a kind. */
	snprintf(colon, sizeof(colon), "%s/warp:drive", dir);
	FILE *f = fopen(colon, "w");
	assert_non_null(f);
	fputs("hello, not a dump\n", f);
	fclose(f);
	assert_int_equal(vms_target_open(&t, colon, NULL), -ENOEXEC);
	assert_error_mentions("not a dump vmscope can read");
	assert_error_mentions("68 65 6c 6c"); /* "hell" */
	unlink(colon);
	rmdir(dir);
	assert_int_equal(testutil_open_bytes(&t, "", 0, NULL), -ENOEXEC);
	assert_error_mentions("empty file");
	assert_null(t);
}

static void test_opts_size(void **state)
{
	struct {
		struct vms_target_opts o;
		char future[16];
	} big;
	struct vms_target *t;
	struct fake_config cfg = { .nranges = 1, .ranges = { { 0, 4096 } } };
	struct vms_backend_ops ops = fake_backend;

	(void)state;
	ops.caps = VMS_CAP_READ;
	fake_backend_configure(&cfg);
	memset(&big, 0, sizeof(big));
	assert_int_equal(vms_target_open_backend(&t, &ops, "a", &big.o), -EINVAL);
	assert_error_mentions("sz");
	big.o.sz = sizeof(big);
	assert_int_equal(vms_target_open_backend(&t, &ops, "a", &big.o), 0);
	vms_target_close(t);
	big.future[3] = 1;
	assert_int_equal(vms_target_open_backend(&t, &ops, "a", &big.o), -EOPNOTSUPP);
	assert_null(t);
}

/* The one rule for sz-first structs, on a struct of three versions. */
struct opts_v1 {
	size_t sz;
	long a;
};
struct opts_v2 {
	size_t sz;
	long a;
	long b;
};
struct opts_v3 {
	size_t sz;
	long a;
	long b;
	long c;
};

static void test_opts_rule(void **state)
{
	struct opts_v1 old = { .sz = sizeof(old), .a = 7 };
	struct opts_v3 newer = { .sz = sizeof(newer), .a = 1, .b = 2 };
	struct opts_v2 lib;

	(void)state;
	/* NULL: defaults, sz set. */
	memset(&lib, 0xff, sizeof(lib));
	assert_int_equal(vms__opts_copy(&lib, sizeof(lib), NULL, "opts"), 0);
	assert_int_equal(lib.sz, sizeof(lib));
	assert_int_equal(lib.a, 0);
	assert_int_equal(lib.b, 0);
	/* An older caller: its fields, and zero for the rest. */
	memset(&lib, 0xff, sizeof(lib));
	assert_int_equal(vms__opts_copy(&lib, sizeof(lib), &old, "opts"), 0);
	assert_int_equal(lib.sz, sizeof(lib));
	assert_int_equal(lib.a, 7);
	assert_int_equal(lib.b, 0);
	/* A newer caller that leaves the new fields alone. */
	assert_int_equal(vms__opts_copy(&lib, sizeof(lib), &newer, "opts"), 0);
	assert_int_equal(lib.a, 1);
	assert_int_equal(lib.b, 2);
	/* ... and one that uses them. */
	newer.c = 5;
	assert_int_equal(vms__opts_copy(&lib, sizeof(lib), &newer, "opts"), -EOPNOTSUPP);
	assert_error_mentions("struct opts: byte 24 is set");
	/* sz not set. */
	old.sz = 0;
	assert_int_equal(vms__opts_copy(&lib, sizeof(lib), &old, "opts"), -EINVAL);
	assert_error_mentions("sz is 0");
}

/* Reports: the library fills as much as the caller's sz says. */
static void test_report_sizes(void **state)
{
	struct opts_v2 lib = { .sz = sizeof(lib), .a = 1, .b = 2 };
	struct opts_v1 old = { .sz = sizeof(old) };
	struct opts_v3 newer;

	(void)state;
	assert_int_equal(vms__out_check(NULL, "rep"), -EINVAL);
	memset(&newer, 0xee, sizeof(newer));
	newer.sz = 0;
	assert_int_equal(vms__out_check(&newer, "rep"), -EINVAL);
	assert_error_mentions("struct rep: sz is 0");
	newer.sz = sizeof(newer);
	assert_int_equal(vms__out_check(&newer, "rep"), 0);
	vms__out_copy(&newer, &lib, sizeof(lib));
	assert_int_equal(newer.sz, sizeof(newer));
	assert_int_equal(newer.a, 1);
	assert_int_equal(newer.b, 2);
	assert_int_equal(newer.c, 0); /* a field only the caller knows */
	{
		struct {
			struct opts_v1 o;
			long guard;
		} small = { .o = old, .guard = 99 };

		vms__out_copy(&small.o, &lib, sizeof(lib));
		assert_int_equal(small.o.sz, sizeof(old));
		assert_int_equal(small.o.a, 1);
		assert_int_equal(small.guard, 99); /* nothing past the caller's sz */
	}
}

static struct vms_target *open_fake(uint32_t caps)
{
	struct fake_config cfg = {
		.nranges = 2,
		.ranges = { { 0x1000, 0x2000 }, { 0x10000, 0x1000 } },
		.nvcpus = 2,
	};
	static struct vms_backend_ops ops;
	struct vms_target *t;

	elfcore_sample_regs(&cfg.regs[0], 0);
	elfcore_sample_regs(&cfg.regs[1], 1);
	fake_backend_configure(&cfg);
	ops = fake_backend;
	ops.caps = caps;
	assert_int_equal(vms_target_open_backend(&t, &ops, "fake", NULL), 0);
	return t;
}

static void test_read_partial(void **state)
{
	struct vms_target *t = open_fake(VMS_CAP_READ | VMS_CAP_REGS);
	uint8_t buf[0x3000];
	size_t n = 99;

	(void)state;
	assert_int_equal(vms_read_gpa(buf, &n, t, 0x1ff0, 0x100), 0);
	assert_int_equal(n, 0x100);
	for (size_t i = 0; i < 0x100; i++)
		assert_int_equal(buf[i], elfcore_byte(0x1ff0 + i));
	/* Runs off the end of the first range at 0x3000. */
	assert_int_equal(vms_read_gpa(buf, &n, t, 0x2f00, 0x200), -EFAULT);
	assert_int_equal(n, 0x100);
	assert_error_mentions("0x3000");
	/* Starts in a hole. */
	assert_int_equal(vms_read_gpa(buf, &n, t, 0x0, 16), -EFAULT);
	assert_int_equal(n, 0);
	/* Wraps around the address space. */
	assert_int_equal(vms_read_gpa(buf, &n, t, UINT64_MAX - 4, 16), -EFAULT);
	assert_error_mentions("wraps");
	assert_int_equal(vms_read_gpa(buf, NULL, t, 0x10000, 0x1000), 0);
	assert_int_equal(buf[0x123], elfcore_byte(0x10123));
	vms_target_close(t);
}

static void test_caps(void **state)
{
	struct vms_target *t = open_fake(VMS_CAP_REGS);
	struct vms_x86_regs r;
	const void *p;
	uint8_t b;
	size_t n = 7;

	(void)state;
	assert_int_equal(vms_read_gpa(&b, &n, t, 0x1000, 1), -EOPNOTSUPP);
	assert_int_equal(n, 0);
	assert_error_mentions("cannot read memory");
	assert_int_equal(vms_map_gpa(&p, t, 0x1000, 1), -EOPNOTSUPP);
	assert_int_equal(vms_target_pause(t), -EOPNOTSUPP);
	assert_int_equal(vms_target_resume(t), -EOPNOTSUPP);
	assert_int_equal(vms_target_vcpu_count(t), 2);
	assert_int_equal(vms_target_get_regs(&r, t, 1), 0);
	assert_int_equal(r.rip, 0xffffffff81e3a7ecull);
	assert_int_equal(vms_target_get_regs(&r, t, 2), -ENOENT);
	assert_error_mentions("no vCPU 2");
	vms_target_close(t);

	t = open_fake(VMS_CAP_PAUSE);
	assert_int_equal(vms_target_get_regs(&r, t, 0), -EOPNOTSUPP);
	assert_int_equal(vms_target_pause(t), 0);
	assert_int_equal(vms_target_pause(t), -EALREADY);
	assert_int_equal(vms_target_resume(t), 0);
	vms_target_close(t);
}

static void test_backend_contract(void **state)
{
	struct fake_config cfg = { .nranges = 2,
		                   .ranges = { { 0x2000, 0x1000 }, { 0x1000, 0x1800 } } };
	struct vms_backend_ops ops = fake_backend;
	struct vms_target *t;

	(void)state;
	ops.caps = VMS_CAP_READ;
	/* Overlapping, unsorted ranges from a backend are refused. */
	fake_backend_configure(&cfg);
	assert_int_equal(vms_target_open_backend(&t, &ops, "x", NULL), -EPROTO);
	assert_null(t);
	cfg = (struct fake_config){ .fail_open = -EACCES };
	fake_backend_configure(&cfg);
	assert_int_equal(vms_target_open_backend(&t, &ops, "secret", NULL), -EACCES);
	assert_error_mentions("refuses 'secret'");
	assert_null(t);
	vms_target_close(NULL);
}

struct log_capture {
	int count;
	char last[256];
};

static void capture(enum vms_log_level level, const char *msg, void *payload)
{
	struct log_capture *c = payload;

	(void)level;
	c->count++;
	snprintf(c->last, sizeof(c->last), "%s", msg);
}

static void test_log_callback(void **state)
{
	struct elfcore_spec spec = { .nranges = 1, .ranges = { { .gpa = 0, .size = 0x1000 } } };
	struct log_capture cap = { 0 };
	struct vms_target_opts opts = { .sz = sizeof(opts), .log = capture, .log_payload = &cap };
	struct vms_target *t;
	uint8_t *core;
	size_t len;
	char *path;

	(void)state;
	assert_int_equal(elfcore_build(&core, &len, &spec), 0);
	path = testutil_write_temp(core, len);
	assert_non_null(path);
	opts.log_level = VMS_LOG_WARN;
	assert_int_equal(vms_target_open(&t, path, &opts), 0);
	vms_target_close(t);
	assert_int_equal(cap.count, 0);
	opts.log_level = VMS_LOG_DEBUG;
	assert_int_equal(vms_target_open(&t, path, &opts), 0);
	vms_target_close(t);
	assert_int_equal(cap.count, 1);
	assert_non_null(strstr(cap.last, "1 ranges"));
	unlink(path);
	free(path);
	free(core);
}

static void test_version(void **state)
{
	char want[32];

	(void)state;
	snprintf(want, sizeof(want), "%d.%d.%d", VMS_VERSION_MAJOR, VMS_VERSION_MINOR,
	         VMS_VERSION_PATCH);
	assert_string_equal(vms_version(), want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_bad_strings),
		cmocka_unit_test(test_open_bad_files),
		cmocka_unit_test(test_opts_size),
		cmocka_unit_test(test_opts_rule),
		cmocka_unit_test(test_report_sizes),
		cmocka_unit_test(test_read_partial),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_backend_contract),
		cmocka_unit_test(test_log_callback),
		cmocka_unit_test(test_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
