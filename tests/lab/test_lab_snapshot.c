// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Against a lab snapshot ($VMS_LAB_SNAPSHOT): the library opens QEMU's ELF
 * dumps, reports each vCPU's registers exactly as QEMU's 'info registers'
 * did at that moment, and every guest-physical page it reads from the ELF
 * dump equals the same page of the guest's RAM file, located through QEMU's
 * own memory map (dump.raw.layout).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <vmscope/vmscope.h>

#include "kdump_recode.h"

static char snap[4096];

static void path_of(char *out, size_t len, const char *name)
{
	if (name[0] == '/')
		snprintf(out, len, "%s", name);
	else
		snprintf(out, len, "%s/%s", snap, name);
}

/* Every format of the dump: those the lab made, and kdump re-encoded with
 * lzo and snappy (which Debian's QEMU cannot write) by a test encoder. */
static const char *formats[16];
static size_t nformats;
static char recoded[2][4200], tmpdir[64];

static void test_registers(void **state)
{
	char path[4200], line[512];
	int checked = 0;

	(void)state;
	for (size_t d = 0; d < nformats; d++) {
		struct vms_target *t;
		unsigned cpu = 0, n = 0;
		FILE *f;

		path_of(path, sizeof(path), formats[d]);
		if (d > 0 && access(path, F_OK) != 0)
			continue;
		if (vms_target_open(&t, path, NULL))
			fail_msg("%s: %s", formats[d], vms_error_last());
		if (vms_target_vcpu_count(t) == 0) {
			vms_target_close(t); /* raw and LiME carry no vCPUs */
			continue;
		}
		path_of(path, sizeof(path), "registers.tsv");
		f = fopen(path, "r");
		assert_non_null(f);
		assert_non_null(fgets(line, sizeof(line), f)); /* header */
		while (fgets(line, sizeof(line), f)) {
			unsigned long long rip, rsp, cr0, cr2, cr3, cr4, efer;
			struct vms_x86_regs r;

			assert_int_equal(sscanf(line, "%u %llx %llx %llx %llx %llx %llx %llx", &cpu,
			                        &rip, &rsp, &cr0, &cr2, &cr3, &cr4, &efer),
			                 8);
			assert_int_equal(vms_target_get_regs(&r, t, cpu), 0);
			assert_int_equal(r.rip, rip);
			assert_int_equal(r.rsp, rsp);
			assert_int_equal(r.cr0, cr0);
			assert_int_equal(r.cr2, cr2);
			assert_int_equal(r.cr3, cr3);
			assert_int_equal(r.cr4, cr4);
			assert_int_equal(r.efer, efer & (VMS_X86_EFER_LME | VMS_X86_EFER_LMA));
			n++;
		}
		fclose(f);
		assert_true(n > 0);
		assert_int_equal(vms_target_vcpu_count(t), (int)n);
		vms_target_close(t);
		checked++;
	}
	print_message("registers as QEMU reported them, in %d formats\n", checked);
	assert_true(checked >= 1);
}

static void test_every_page_matches_ram(void **state)
{
	char path[4200], line[256];
	struct vms_target *t;
	const uint8_t *ram;
	static uint8_t buf[1 << 20];
	uint64_t pages = 0;
	struct stat st;
	FILE *layout;
	int fd;

	(void)state;
	path_of(path, sizeof(path), "dump.raw");
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	ram = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	assert_true(ram != MAP_FAILED);
	close(fd);
	path_of(path, sizeof(path), "dump.elf");
	if (vms_target_open(&t, path, NULL))
		fail_msg("%s", vms_error_last());
	path_of(path, sizeof(path), "dump.raw.layout");
	layout = fopen(path, "r");
	assert_non_null(layout);
	while (fgets(line, sizeof(line), layout)) {
		unsigned long long gpa, size, off;

		assert_int_equal(sscanf(line, "%llx %llx %llx", &gpa, &size, &off), 3);
		assert_true(off + size <= (unsigned long long)st.st_size);
		for (uint64_t done = 0; done < size;) {
			size_t n = size - done < sizeof(buf) ? size - done : sizeof(buf), got;
			const void *mapped;

			if (vms_read_gpa(buf, &got, t, gpa + done, n))
				fail_msg("%s", vms_error_last());
			for (size_t p = 0; p < n; p += 4096) {
				size_t len = n - p < 4096 ? n - p : 4096;

				if (memcmp(buf + p, ram + off + done + p, len))
					fail_msg(
					        "guest-physical page 0x%llx differs from the RAM file",
					        (unsigned long long)(gpa + done + p));
				pages++;
			}
			assert_int_equal(vms_map_gpa(&mapped, t, gpa + done, n), 0);
			assert_memory_equal(mapped, buf, n);
			done += n;
		}
	}
	fclose(layout);
	print_message("%llu pages identical\n", (unsigned long long)pages);
	assert_true(pages > 1000);
	vms_target_close(t);
	munmap((void *)ram, (size_t)st.st_size);
}

/* The guest's own /proc/version is its linux_banner: read it at the address
 * the guest's /proc/kallsyms gives, through every vCPU's page tables. */

/* The vCPUs' CR3 and paging mode, from the ELF dump of the same moment:
 * raw and LiME images carry no vCPU state. */
static int vcpu_roots(uint64_t *roots, int max, enum vms_x86_paging_mode *mode)
{
	char path[4200];
	struct vms_target *t;
	int n;

	path_of(path, sizeof(path), "dump.elf");
	if (vms_target_open(&t, path, NULL))
		fail_msg("%s", vms_error_last());
	n = vms_target_vcpu_count(t);
	assert_true(n > 0 && n <= max);
	for (int i = 0; i < n; i++) {
		struct vms_x86_regs r;

		assert_int_equal(vms_target_get_regs(&r, t, (unsigned)i), 0);
		roots[i] = r.cr3;
	}
	*mode = vms_x86_target_paging_mode(t);
	vms_target_close(t);
	return n;
}

/* The guest's own /proc/version is its linux_banner: read it at the address
 * the guest's /proc/kallsyms gives, through every vCPU's page tables, in
 * every format of the dump. */
static void test_banner_through_each_cr3(void **state)
{
	char path[4200], version[512], line[512];
	unsigned long long banner = 0;
	enum vms_x86_paging_mode mode;
	uint64_t roots[64];
	int nroots, checked = 0;
	size_t vlen;
	FILE *f;

	(void)state;
	path_of(path, sizeof(path), "view/version");
	f = fopen(path, "r");
	assert_non_null(f);
	vlen = fread(version, 1, sizeof(version) - 1, f);
	fclose(f);
	assert_true(vlen > 20);
	version[vlen] = '\0';
	path_of(path, sizeof(path), "view/kallsyms");
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char name[128];
		unsigned long long addr;

		if (sscanf(line, "%llx %*s %127s", &addr, name) == 2 &&
		    !strcmp(name, "linux_banner"))
			banner = addr;
	}
	fclose(f);
	assert_true(banner != 0);
	nroots = vcpu_roots(roots, 64, &mode);
	for (size_t d = 0; d < nformats; d++) {
		struct vms_target *t;

		path_of(path, sizeof(path), formats[d]);
		if (d > 0 && access(path, F_OK) != 0)
			continue;
		if (vms_target_open(&t, path, NULL))
			fail_msg("%s: %s", formats[d], vms_error_last());
		if (vms_target_vcpu_count(t) == 0)
			assert_int_equal(vms_x86_target_set_paging_mode(t, mode), 0);
		for (int cpu = 0; cpu < nroots; cpu++) {
			char got[512];
			size_t len;

			if (vms_read_str_gva(got, sizeof(got), &len, t, roots[cpu], banner))
				fail_msg("%s vCPU %d: %s", formats[d], cpu, vms_error_last());
			assert_string_equal(got, version);
		}
		vms_target_close(t);
		checked++;
	}
	print_message("banner read in %d formats through %d CR3s\n", checked, nroots);
}

/* Every format of one dump holds the same bytes for every guest-physical
 * page they share, and raw and LiME images hold all of the guest's RAM. */
static void test_formats_agree(void **state)
{
	static uint8_t a[1 << 20], b[1 << 20];
	char path[4200];
	struct vms_target *ref, *t;

	(void)state;
	path_of(path, sizeof(path), "dump.elf");
	if (vms_target_open(&ref, path, NULL))
		fail_msg("%s", vms_error_last());
	for (size_t d = 1; d < nformats; d++) {
		const struct vms_mem_range *r;
		uint64_t pages = 0;
		size_t nr;

		path_of(path, sizeof(path), formats[d]);
		if (access(path, F_OK) != 0)
			continue;
		if (vms_target_open(&t, path, NULL))
			fail_msg("%s", vms_error_last());
		assert_int_equal(vms_target_mem_ranges(&r, &nr, t), 0);
		for (size_t i = 0; i < nr; i++) {
			for (uint64_t off = 0; off < r[i].size; off += sizeof(a)) {
				size_t n =
				        r[i].size - off < sizeof(a) ? r[i].size - off : sizeof(a);
				size_t got;

				if (vms_read_gpa(a, &got, ref, r[i].gpa + off, n) ||
				    vms_read_gpa(b, &got, t, r[i].gpa + off, n))
					fail_msg("%s: %s", formats[d], vms_error_last());
				for (size_t p = 0; p < n; p += 4096) {
					size_t len = n - p < 4096 ? n - p : 4096;

					if (memcmp(a + p, b + p, len))
						fail_msg("%s: page 0x%llx differs from dump.elf",
						         formats[d],
						         (unsigned long long)(r[i].gpa + off + p));
					pages++;
				}
			}
		}
		print_message("%s: %llu pages identical to dump.elf\n", formats[d],
		              (unsigned long long)pages);
		assert_true(pages > 1000);
		vms_target_close(t);
	}
	vms_target_close(ref);
}

static void list_formats(void)
{
	static const char *const made[] = {
		"dump.elf",  "dump.elf-paging", "dump.raw",
		"dump.lime", "dump.kdump-zlib", "dump.kdump-zlib-plain"
	};
	char path[4200];

	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++)
		formats[nformats++] = made[i];
	path_of(path, sizeof(path), "dump.kdump-zlib-plain");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vms-lab-recode-XXXXXX");
	if (access(path, F_OK) != 0 || !mkdtemp(tmpdir))
		return;
	snprintf(recoded[0], sizeof(recoded[0]), "%s/dump.kdump-lzo", tmpdir);
	snprintf(recoded[1], sizeof(recoded[1]), "%s/dump.kdump-snappy", tmpdir);
	if (kdump_recode(path, recoded[0], KDUMP_RECODE_LZO) == 0)
		formats[nformats++] = recoded[0];
	if (kdump_recode(path, recoded[1], KDUMP_RECODE_SNAPPY) == 0)
		formats[nformats++] = recoded[1];
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registers),
		cmocka_unit_test(test_banner_through_each_cr3),
		cmocka_unit_test(test_formats_agree),
		cmocka_unit_test(test_every_page_matches_ram),
	};
	const char *dir = getenv("VMS_LAB_SNAPSHOT");
	int ret;

	if (!dir) {
		fprintf(stderr, "VMS_LAB_SNAPSHOT is not set: run through 'tests/lab/lab exec'\n");
		return 1;
	}
	snprintf(snap, sizeof(snap), "%s", dir);
	list_formats();
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(recoded[0]);
	unlink(recoded[1]);
	rmdir(tmpdir);
	return ret;
}
