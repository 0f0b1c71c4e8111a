// SPDX-License-Identifier: LGPL-2.1-or-later
/* The snapshot backend and its ELF core parser, on synthetic cores: exact
 * registers and bytes from good ones, a clear error from every bad one. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <vmscope/vmscope.h>

#include "backends/snapshot/snapshot.h"
#include "elfcore.h"
#include "testutil.h"

static void assert_error_mentions(const char *needle)
{
	if (!strstr(vms_error_last(), needle))
		fail_msg("error '%s' does not mention '%s'", vms_error_last(), needle);
}

/* A QEMU-like core: RAM below the PCI hole split by a ROM gap, the BIOS
 * under 4 GiB, and RAM above 4 GiB. */
static struct elfcore_spec qemu_like(unsigned nvcpus)
{
	struct elfcore_spec s = {
		.nranges = 4,
		.ranges = { { .gpa = 0, .size = 0xa0000 },
		            { .gpa = 0xc0000, .size = 0x40000 },
		            { .gpa = 0xfffc0000, .size = 0x40000 },
		            { .gpa = 0x100000000ull, .size = 0x3000 } },
		.nvcpus = nvcpus,
		.vmcoreinfo = "OSRELEASE=6.1.0-test\nPAGESIZE=4096\n",
	};

	for (unsigned i = 0; i < nvcpus; i++)
		elfcore_sample_regs(&s.regs[i], i);
	return s;
}

static struct vms_target *open_spec(const struct elfcore_spec *spec, int want)
{
	struct vms_target *t = NULL;
	uint8_t *core;
	size_t len;

	assert_int_equal(elfcore_build(&core, &len, spec), 0);
	assert_int_equal(testutil_open_bytes(&t, core, len, NULL), want);
	free(core);
	return t;
}

static void assert_regs_equal(const struct vms_x86_regs *got, const struct vms_x86_regs *want)
{
	assert_int_equal(got->rax, want->rax);
	assert_int_equal(got->rbx, want->rbx);
	assert_int_equal(got->rsp, want->rsp);
	assert_int_equal(got->r15, want->r15);
	assert_int_equal(got->rip, want->rip);
	assert_int_equal(got->rflags, want->rflags);
	assert_int_equal(got->cr0, want->cr0);
	assert_int_equal(got->cr2, want->cr2);
	assert_int_equal(got->cr3, want->cr3);
	assert_int_equal(got->cr4, want->cr4);
	assert_int_equal(got->cs.flags, want->cs.flags);
	assert_int_equal(got->cs.selector, want->cs.selector);
	assert_int_equal(got->gs.base, want->gs.base);
	assert_int_equal(got->gs_base, want->gs.base);
	assert_int_equal(got->gdtr.base, want->gdtr.base);
	assert_int_equal(got->idtr.limit, want->idtr.limit);
	assert_int_equal(got->kernel_gs_base, want->kernel_gs_base);
}

static void test_qemu_core(void **state)
{
	struct elfcore_spec spec = qemu_like(2);
	struct vms_target *t = open_spec(&spec, 0);
	const struct vms_mem_range *r;
	struct vms_x86_regs regs;
	size_t n;

	(void)state;
	assert_string_equal(vms_target_kind(t), "file");
	assert_string_equal(vms_target_format(t), "ELF core (QEMU dump-guest-memory), x86-64");
	assert_int_equal(vms_target_mem_ranges(&r, &n, t), 0);
	/* The BIOS ends where RAM above 4 GiB starts, as in QEMU's own map:
	 * the public view merges what is adjacent. */
	assert_int_equal(n, 3);
	assert_int_equal(r[1].gpa, 0xc0000);
	assert_int_equal(r[2].gpa, 0xfffc0000);
	assert_int_equal(r[2].size, 0x40000 + 0x3000);
	assert_int_equal(vms_target_vcpu_count(t), 2);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(vms_target_get_regs(&regs, t, i), 0);
		assert_regs_equal(&regs, &spec.regs[i]);
		/* QEMU's note has no EFER; long mode comes from the ELF machine. */
		assert_true(regs.valid & VMS_X86_REGS_EFER_DERIVED);
		assert_false(regs.valid & VMS_X86_REGS_EFER);
		assert_int_equal(regs.efer, VMS_X86_EFER_LME | VMS_X86_EFER_LMA);
		assert_int_equal(vms_x86_paging_mode(&regs), VMS_X86_PAGING_IA32E_4);
	}
	vms_target_close(t);
}

static void test_reads_and_maps(void **state)
{
	struct elfcore_spec spec = qemu_like(1);
	struct vms_target *t = open_spec(&spec, 0);
	static uint8_t buf[0x41000];
	const uint8_t *p;
	size_t n;

	(void)state;
	/* Across the boundary of two program headers that are not adjacent. */
	assert_int_equal(vms_read_gpa(buf, &n, t, 0x9f000, 0x2000), -EFAULT);
	assert_int_equal(n, 0x1000);
	assert_error_mentions("0xa0000");
	for (size_t i = 0; i < n; i++)
		assert_int_equal(buf[i], elfcore_byte(0x9f000 + i));
	assert_int_equal(vms_read_gpa(buf, &n, t, 0xc0000, 0x40000), 0);
	for (size_t i = 0; i < n; i += 97)
		assert_int_equal(buf[i], elfcore_byte(0xc0000 + i));
	assert_int_equal(vms_read_gpa(buf, &n, t, 0x100002ff0ull, 0x10), 0);
	assert_int_equal(buf[15], elfcore_byte(0x100002fffull));
	assert_int_equal(vms_read_gpa(buf, &n, t, 0x100002ff0ull, 0x11), -EFAULT);
	assert_int_equal(n, 0x10);
	assert_int_equal(vms_map_gpa((const void **)&p, t, 0xfffc1234, 0x100), 0);
	assert_int_equal(p[0], elfcore_byte(0xfffc1234));
	assert_int_equal(p[0xff], elfcore_byte(0xfffc1333));
	assert_int_equal(vms_map_gpa((const void **)&p, t, 0x9ff00, 0x200), -EFAULT);
	assert_null(p);
	/* Snapshots are read-only. */
	assert_int_equal(vms_write_gpa(&n, t, 0x1000, buf, 4), -EOPNOTSUPP);
	assert_int_equal(n, 0);
	assert_error_mentions("cannot be written");
	vms_target_close(t);
}

static void test_xnum_and_class32(void **state)
{
	struct elfcore_spec spec = qemu_like(2);
	struct vms_x86_regs regs;
	struct vms_target *t;

	(void)state;
	spec.xnum = 1;
	t = open_spec(&spec, 0);
	assert_int_equal(vms_target_vcpu_count(t), 2);
	assert_int_equal(vms_target_get_regs(&regs, t, 1), 0);
	assert_regs_equal(&regs, &spec.regs[1]);
	vms_target_close(t);

	/* An i386 guest's core, with only NT_PRSTATUS notes: general registers
	 * only, so the paging mode is unknown. */
	spec = (struct elfcore_spec){ .is32 = 1,
		                      .machine = 3,
		                      .nranges = 1,
		                      .ranges = { { .gpa = 0x1000, .size = 0x1000 } },
		                      .nvcpus = 1,
		                      .no_qemu_notes = 1 };
	spec.regs[0].rax = 0xdeadbeef;
	spec.regs[0].rip = 0xc1000000;
	spec.regs[0].cs.selector = 0x60;
	t = open_spec(&spec, 0);
	assert_string_equal(vms_target_format(t), "ELF core, i386");
	assert_int_equal(vms_target_get_regs(&regs, t, 0), 0);
	assert_int_equal(regs.rax, 0xdeadbeef);
	assert_int_equal(regs.rip, 0xc1000000);
	assert_int_equal(regs.cs.selector, 0x60);
	assert_true(regs.valid & VMS_X86_REGS_GPR);
	assert_false(regs.valid & VMS_X86_REGS_CONTROL);
	assert_int_equal(vms_x86_paging_mode(&regs), VMS_X86_PAGING_UNKNOWN);
	vms_target_close(t);
}

static void test_paging_dump_aliases(void **state)
{
	/* As QEMU writes a paging dump: the direct map covers all RAM, and a
	 * kernel-text mapping names some of the same bytes again. */
	struct elfcore_spec spec = {
		.nranges = 3,
		.ranges = { { .gpa = 0, .size = 0x10000, .vaddr = 0xffff888000000000ull },
		            { .gpa = 0x4000,
		              .size = 0x2000,
		              .vaddr = 0xffffffff81000000ull,
		              .alias = 1 },
		            { .gpa = 0xe000,
		              .size = 0x4000,
		              .vaddr = 0xffffffff82000000ull,
		              .alias = 1 } },
	};
	struct elfcore_spec bad = spec;
	const struct vms_mem_range *r;
	struct vms_target *t;
	uint8_t b[2];
	size_t n;

	(void)state;
	spec.nvcpus = 1;
	elfcore_sample_regs(&spec.regs[0], 0);
	/* The third piece names the last 8 KiB of the first again. */
	spec.ranges[2].size = 0x2000;
	t = open_spec(&spec, 0);
	assert_string_equal(vms_target_format(t),
	                    "ELF core (QEMU dump-guest-memory, with paging), x86-64");
	assert_int_equal(vms_target_mem_ranges(&r, &n, t), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].size, 0x10000);
	assert_int_equal(vms_read_gpa(b, &n, t, 0x5000, 2), 0);
	assert_int_equal(b[0], elfcore_byte(0x5000));
	vms_target_close(t);

	/* Overlapping pieces that point at different bytes contradict. */
	bad.ranges[1].alias = 0;
	t = open_spec(&bad, -EPROTO);
	assert_null(t);
	assert_error_mentions("different data for guest-physical 0x4000");
}

static void test_memsz_beyond_filesz(void **state)
{
	struct elfcore_spec spec = {
		.nranges = 1, .ranges = { { .gpa = 0x1000, .size = 0x1000, .memsz = 0x3000 } }
	};
	struct vms_target *t = open_spec(&spec, 0);
	const struct vms_mem_range *r;
	uint8_t b;
	size_t n;

	(void)state;
	/* Bytes the file does not hold are not offered as zeros. */
	assert_int_equal(vms_target_mem_ranges(&r, &n, t), 0);
	assert_int_equal(r[0].size, 0x1000);
	assert_int_equal(vms_read_gpa(&b, &n, t, 0x2000, 1), -EFAULT);
	vms_target_close(t);
}

/* Parse buf[0, len) from an exact-size copy, so that ASan sees any read past
 * the end. */
static int parse_copy(const uint8_t *buf, size_t len, struct vms__snap_layout *l)
{
	uint8_t *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	ret = vms__elf_core_parse(l, copy, len);
	if (!ret) {
		/* The invariants every caller relies on. */
		for (size_t i = 0; i < l->nranges; i++) {
			assert_true(l->ranges[i].off + l->ranges[i].size <= len);
			if (i)
				assert_true(l->ranges[i - 1].gpa + l->ranges[i - 1].size <=
				            l->ranges[i].gpa);
		}
		vms__snap_layout_free(l);
	}
	free(copy);
	return ret;
}

static void test_every_truncation_fails(void **state)
{
	struct elfcore_spec spec = qemu_like(2);
	struct vms__snap_layout l;
	uint8_t *core;
	size_t len;

	(void)state;
	spec.ranges[0].size = 0x2000;
	spec.ranges[1].size = 0x1000;
	spec.ranges[2].size = 0x1000;
	spec.ranges[3].size = 0x1000;
	assert_int_equal(elfcore_build(&core, &len, &spec), 0);
	assert_int_equal(parse_copy(core, len, &l), 0);
	for (size_t cut = 0; cut < len; cut += cut < 4096 ? 1 : 61) {
		int ret = parse_copy(core, cut, &l);

		if (ret != -EPROTO && ret != -ENOEXEC)
			fail_msg("a dump cut at %zu of %zu bytes gave %d (%s)", cut, len, ret,
			         vms_error_last());
	}
	free(core);
}

static void test_corrupt_headers(void **state)
{
	struct elfcore_spec spec = qemu_like(2);
	struct vms__snap_layout l;
	uint8_t *core, *c;
	size_t len;

	(void)state;
	assert_int_equal(elfcore_build(&core, &len, &spec), 0);
	c = malloc(len);
	assert_non_null(c);

#define MUTATE(stmt, code, msg)                                 \
	do {                                                    \
		memcpy(c, core, len);                           \
		stmt;                                           \
		assert_int_equal(parse_copy(c, len, &l), code); \
		assert_error_mentions(msg);                     \
	} while (0)

	MUTATE(c[0] = 'X', -ENOEXEC, "not an ELF file");
	MUTATE(c[4] = 9, -EPROTO, "class 9");
	MUTATE(c[5] = 2, -EPROTO, "big-endian");
	MUTATE(c[16] = 2, -ENOEXEC, "not a core dump (e_type 2)");
	MUTATE(c[18] = 183, -EPROTO, "machine 183");
	MUTATE(c[54] = 55, -EPROTO, "e_phentsize is 55");
	MUTATE(c[56] = 0, -EPROTO, "no program headers");
	MUTATE(c[56] = 0xff; c[57] = 0x7f, -EPROTO, "do not fit");
	MUTATE(c[38] = 0x7f, -EPROTO, "do not fit");
	MUTATE(c[56] = 0xff; c[57] = 0xff, -EPROTO, "PN_XNUM");
	/* Program header 1 (the first PT_LOAD): offset far beyond the file. */
	MUTATE(c[64 + 56 + 8 + 5] = 0x10, -EPROTO, "runs past the end of the file");
	/* Its memory size (0xa0000) cut below its file size. */
	MUTATE(memset(c + 64 + 56 + 40, 0, 8); c[64 + 56 + 40] = 0x10, -EPROTO, "impossible");
	/* Every PT_LOAD at physical address 0. */
	MUTATE(for (int i = 2; i <= 4; i++) memset(c + 64 + 56 * i + 24, 0, 8), -EPROTO,
	       "no physical addresses");
	/* The first QEMU note's version (notes start right after the headers:
	 * two CORE notes of 12 + 8 + 336 bytes, then 12 + 8 of QEMU's header). */
	MUTATE(c[64 + 5 * 56 + 2 * 356 + 20] = 2, -EPROTO, "version 2");
	/* The first note's data size pointing past its segment. */
	MUTATE(c[64 + 5 * 56 + 6] = 0x10, -EPROTO, "runs past the end of its segment");
	/* A CORE note too short to be a prstatus. */
	MUTATE(c[64 + 5 * 56 + 4] = 0x10; c[64 + 5 * 56 + 5] = 0, -EPROTO, "NT_PRSTATUS note 0");
#undef MUTATE
	free(c);
	free(core);

	spec.no_prstatus_notes = 0;
	spec.qemu_note_size = 100;
	assert_int_equal(elfcore_build(&core, &len, &spec), 0);
	assert_int_equal(parse_copy(core, len, &l), -EPROTO);
	assert_error_mentions("at least 432");
	free(core);
}

static void test_random_corruption(void **state)
{
	struct elfcore_spec spec = qemu_like(2);
	struct vms__snap_layout l;
	uint8_t *core, *c;
	uint64_t x = 0x243f6a8885a308d3ull;
	size_t len;

	(void)state;
	spec.ranges[0].size = 0x1000;
	spec.ranges[1].size = 0x1000;
	assert_int_equal(elfcore_build(&core, &len, &spec), 0);
	c = malloc(len);
	assert_non_null(c);
	/* Flip bytes in the headers and notes: whatever the parser makes of it,
	 * it must not read outside the buffer or break its invariants. */
	for (int iter = 0; iter < 3000; iter++) {
		size_t hdr = 64 + 5 * 56 + 2 * 356 + 2 * 460 + 60;

		memcpy(c, core, len);
		for (int k = 0; k < 1 + iter % 4; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			c[x % hdr] = (uint8_t)(x >> 32);
		}
		(void)parse_copy(c, len, &l);
	}
	free(c);
	free(core);
}

static void test_vmcoreinfo(void **state)
{
	struct elfcore_spec spec = qemu_like(1);
	struct vms__snap_layout l;
	uint8_t *core;
	size_t len;

	(void)state;
	assert_int_equal(elfcore_build(&core, &len, &spec), 0);
	assert_int_equal(vms__elf_core_parse(&l, core, len), 0);
	assert_int_equal(l.vmcoreinfo_len, strlen(spec.vmcoreinfo));
	assert_memory_equal(l.vmcoreinfo, spec.vmcoreinfo, l.vmcoreinfo_len);
	vms__snap_layout_free(&l);
	free(core);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_core),
		cmocka_unit_test(test_reads_and_maps),
		cmocka_unit_test(test_xnum_and_class32),
		cmocka_unit_test(test_paging_dump_aliases),
		cmocka_unit_test(test_memsz_beyond_filesz),
		cmocka_unit_test(test_every_truncation_fails),
		cmocka_unit_test(test_corrupt_headers),
		cmocka_unit_test(test_random_corruption),
		cmocka_unit_test(test_vmcoreinfo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
