// SPDX-License-Identifier: LGPL-2.1-or-later
/* Finding the kernel in synthetic memory: from a vCPU's CR3 (also the user
 * half of a PTI pair), by scanning when there is no vCPU, past stale
 * images whose page tables do not agree, and refusing to guess between two
 * that both do. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include <cmocka.h>
#include <vmscope/vmscope.h>

#include "synthkernel.h"

#define MEM  (64u << 20)
#define GPA1 0x1000000ull
#define GVA1 0xffffffff9a000000ull
#define GPA2 0x2400000ull
#define GVA2 0xffffffffa0600000ull

static struct synthmem *mem_with(struct synthkernel *k, uint64_t gpa, uint64_t gva)
{
	struct synthmem *m = synthmem_new(MEM);

	assert_non_null(m);
	assert_int_equal(synthkernel_add(k, m, gpa, gva, &synthkernel_layout_61), 0);
	return m;
}

static void expect_kernel(struct vms_linux *lx, const struct synthkernel *k, const char *by)
{
	struct vms_linux_kernel info = { .sz = sizeof(info) };
	struct vms_ksym s = { .sz = sizeof(s) };
	uint64_t off;

	vms_linux_kernel(&info, lx);
	assert_int_equal(info.text_gva, k->gva);
	assert_int_equal(info.text_gpa, k->gpa);
	assert_int_equal(info.pt_root, k->pt_root);
	assert_int_equal(info.kaslr_slide, (int64_t)(k->gva - 0xffffffff81000000ull));
	assert_int_equal(info.phys_base, k->gpa - (k->gva - 0xffffffff80000000ull));
	assert_int_equal(info.nsyms, k->nsyms);
	assert_string_equal(info.found_by, by);
	assert_int_equal(vms_linux_sym_lookup(&s, lx, "init_task"), 0);
	assert_int_equal(s.addr, k->gva + SK_INIT_TASK);
	assert_int_equal(s.type, 'D');
	assert_int_equal(vms_linux_sym_at(&s, &off, lx, k->gva + SK_RODATA + 5), 0);
	assert_string_equal(s.name, "linux_banner");
	assert_int_equal(off, 5);
}

static void test_scan(void **state)
{
	struct synthkernel k;
	struct synthmem *m = mem_with(&k, GPA1, GVA1);
	struct vms_target *t;
	struct vms_linux *lx;

	(void)state;
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), 0);
	expect_kernel(lx, &k, "scan");
	vms_linux_close(lx);
	vms_target_close(t);
	synthmem_free(m);
}

static void test_vcpu(void **state)
{
	struct synthkernel k;
	struct synthmem *m = mem_with(&k, GPA1, GVA1);
	struct vms_target *t;
	struct vms_linux *lx;

	(void)state;
	/* The user half of a PTI pair, with a PCID: the kernel half is used. */
	synthkernel_vcpu(m, k.pt_root | 0x1000 | 0x5);
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), 0);
	expect_kernel(lx, &k, "vcpu 0");
	vms_linux_close(lx);
	vms_target_close(t);
	synthmem_free(m);
}

/* A stale copy of an image whose page tables were reused: only the live
 * one maps itself. */
static void test_stale_copy(void **state)
{
	struct synthkernel k, stale;
	struct synthmem *m = mem_with(&k, GPA1, GVA1);
	struct vms_target *t;
	struct vms_linux *lx;

	(void)state;
	assert_int_equal(synthkernel_add(&stale, m, GPA2, GVA2, &synthkernel_layout_61), 0);
	memset(m->mem + stale.pt_root, 0, 0x1000);
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), 0);
	expect_kernel(lx, &k, "scan");
	vms_linux_close(lx);
	vms_target_close(t);
	synthmem_free(m);
}

/* Two images that both check out: no guess, a list; then a choice. */
static void test_ambiguous(void **state)
{
	struct synthkernel k, other;
	struct synthmem *m = mem_with(&k, GPA1, GVA1);
	struct vms_linux_opts o = { .sz = sizeof(o), .kernel_gpa = GPA2 };
	struct vms_target *t;
	struct vms_linux *lx;

	(void)state;
	assert_int_equal(synthkernel_add(&other, m, GPA2, GVA2, &synthkernel_layout_61), 0);
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), -EEXIST);
	assert_null(lx);
	assert_non_null(strstr(vms_error_last(), "2 kernels"));
	assert_non_null(strstr(vms_error_last(), "at gpa 0x1000000"));
	assert_non_null(strstr(vms_error_last(), "at gpa 0x2400000"));
	assert_int_equal(vms_linux_open(&lx, t, &o), 0);
	expect_kernel(lx, &other, "scan");
	vms_linux_close(lx);
	o.kernel_gpa = 0x3000000;
	assert_int_equal(vms_linux_open(&lx, t, &o), -ENOENT);
	vms_target_close(t);
	synthmem_free(m);
}

/* Two that check out, and VMCOREINFO naming one of them: a hint that
 * decides between checked candidates, and is reported when it disagrees. */
static void test_vmcoreinfo_hint(void **state)
{
	struct synthkernel k, other;
	struct synthmem *m = mem_with(&k, GPA1, GVA1);
	struct vms_linux_kernel info = { .sz = sizeof(info) };
	struct vms_target *t;
	struct vms_linux *lx;

	(void)state;
	assert_int_equal(synthkernel_add(&other, m, GPA2, GVA2, &synthkernel_layout_61), 0);
	/* GVA2's slide; phys_base = GPA2 - (GVA2 - __START_KERNEL_map). */
	m->vmcoreinfo = "OSRELEASE=6.99.0\nKERNELOFFSET=1f600000\nNUMBER(phys_base)=-505413632\n";
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), 0);
	expect_kernel(lx, &other, "scan");
	vms_linux_kernel(&info, lx);
	assert_int_equal(info.vmcoreinfo, 1);
	assert_int_equal(info.candidates, 2);
	vms_linux_close(lx);
	vms_target_close(t);
	/* A hint that matches neither decides nothing. */
	m->vmcoreinfo = "KERNELOFFSET=1000000\n";
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), -EEXIST);
	vms_target_close(t);
	/* One kernel, a hint that disagrees: the kernel's own tables win. */
	memset(m->mem + other.pt_root, 0, 0x1000);
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), 0);
	expect_kernel(lx, &k, "scan");
	vms_linux_kernel(&info, lx);
	assert_int_equal(info.vmcoreinfo, -1);
	vms_linux_close(lx);
	vms_target_close(t);
	synthmem_free(m);
}

static void test_no_kernel(void **state)
{
	struct synthkernel k;
	struct synthmem *m = mem_with(&k, GPA1, GVA1);
	struct vms_target *t;
	struct vms_linux *lx;

	(void)state;
	/* Without its banner the image is not believed. */
	memset(m->mem + GPA1 + SK_RODATA, 0, 16);
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), -ENOENT);
	assert_non_null(strstr(vms_error_last(), "no Linux kernel found"));
	vms_target_close(t);
	synthmem_free(m);
}

/* A System.map of the synthetic kernel (at its link address, as nm
 * writes one); shift moves linux_banner to lie about the image. */
static void write_sysmap(char *path, long shift)
{
	size_t n;
	const struct ksb_sym *syms = synthkernel_syms(0xffffffff81000000ull, &n);
	int fd;
	FILE *f;

	strcpy(path, "/tmp/vms-test-sysmap-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%016llx %c %s\n",
		        (unsigned long long)(syms[i].addr +
		                             (strcmp(syms[i].name, "linux_banner") ? 0 : shift)),
		        syms[i].type, syms[i].name);
	assert_int_equal(fclose(f), 0);
}

/* With a System.map the kernel is found without its kallsyms: through
 * the vCPU's CR3, and by its banner without vCPUs. A map of another
 * kernel finds nothing. */
static void test_system_map(void **state)
{
	struct synthkernel k;
	struct synthmem *m = mem_with(&k, GPA1, GVA1);
	struct vms_linux_opts o = { .sz = sizeof(o) };
	struct vms_linux_kernel info = { .sz = sizeof(info) };
	struct vms_target *t;
	struct vms_linux *lx;
	char path[64], bad[64];

	(void)state;
	/* No kallsyms in memory: its token table's digit run is gone. */
	assert_non_null(memmem(m->mem + GPA1, SK_IMAGE_SIZE,
	                       "0\0"
	                       "1\0"
	                       "2\0",
	                       6));
	memset((uint8_t *)memmem(m->mem + GPA1, SK_IMAGE_SIZE,
	                         "0\0"
	                         "1\0"
	                         "2\0",
	                         6),
	       'x', 6);
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_linux_open(&lx, t, NULL), -ENOENT);
	write_sysmap(path, 0);
	o.system_map = path;
	assert_int_equal(vms_linux_open(&lx, t, &o), 0);
	expect_kernel(lx, &k, "scan");
	vms_linux_kernel(&info, lx);
	assert_string_equal(info.symbols, "System.map");
	vms_linux_close(lx);
	vms_target_close(t);

	synthkernel_vcpu(m, k.pt_root);
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_linux_open(&lx, t, &o), 0);
	expect_kernel(lx, &k, "vcpu 0");
	vms_linux_close(lx);

	write_sysmap(bad, 0x40);
	o.system_map = bad;
	assert_int_equal(vms_linux_open(&lx, t, &o), -ENOENT);
	m->nvcpus = 0;
	vms_target_close(t);
	assert_int_equal(synthmem_open(&t, m), 0);
	assert_int_equal(vms_linux_open(&lx, t, &o), -ENOENT);
	assert_non_null(strstr(vms_error_last(), "agrees with the symbol file"));
	o.system_map = "/nonexistent/System.map";
	assert_int_equal(vms_linux_open(&lx, t, &o), -ENOENT);
	assert_non_null(strstr(vms_error_last(), "/nonexistent/System.map"));
	vms_target_close(t);
	(void)unlink(path);
	(void)unlink(bad);
	synthmem_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_vcpu),
		cmocka_unit_test(test_stale_copy),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_vmcoreinfo_hint),
		cmocka_unit_test(test_no_kernel),
		cmocka_unit_test(test_system_map),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
