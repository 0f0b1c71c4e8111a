// SPDX-License-Identifier: LGPL-2.1-or-later
/* Snapshot formats besides ELF: LiME, raw images with and without a layout,
 * and VMCOREINFO. Good files give exact bytes; bad ones a clear error. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>
#include <vmscope/vmscope.h>

#include "backends/snapshot/snapshot.h"
#include "elfcore.h"
#include "kdump_build.h"
#include "testutil.h"

static void assert_error_mentions(const char *needle)
{
	if (!strstr(vms_error_last(), needle))
		fail_msg("error '%s' does not mention '%s'", vms_error_last(), needle);
}

/* A LiME file, written here from the format's description. */
static size_t lime_build(uint8_t *out, const uint64_t (*ranges)[2], size_t n)
{
	size_t pos = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t magic = 0x4C694D45, version = 1;
		uint64_t last = ranges[i][0] + ranges[i][1] - 1;

		memcpy(out + pos, &magic, 4);
		memcpy(out + pos + 4, &version, 4);
		memcpy(out + pos + 8, &ranges[i][0], 8);
		memcpy(out + pos + 16, &last, 8);
		memset(out + pos + 24, 0, 8);
		pos += 32;
		for (uint64_t a = 0; a < ranges[i][1]; a++)
			out[pos++] = elfcore_byte(ranges[i][0] + a);
	}
	return pos;
}

static int parse_lime_copy(const uint8_t *buf, size_t len)
{
	struct vms__snap_layout l;
	uint8_t *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, buf, len);
	ret = vms__lime_parse(&l, copy, len);
	if (!ret)
		vms__snap_layout_free(&l);
	free(copy);
	return ret;
}

static void test_lime(void **state)
{
	static const uint64_t ranges[][2] = { { 0, 0x2000 }, { 0x100000, 0x1000 } };
	static uint8_t buf[0x4000];
	const struct vms_mem_range *r;
	struct vms_target *t;
	uint8_t got[0x20];
	size_t len = lime_build(buf, ranges, 2), n;

	(void)state;
	assert_int_equal(testutil_open_bytes(&t, buf, len, NULL), 0);
	assert_string_equal(vms_target_format(t), "LiME, 2 ranges");
	assert_int_equal(vms_target_mem_ranges(&r, &n, t), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[1].gpa, 0x100000);
	assert_int_equal(vms_target_vcpu_count(t), 0);
	assert_int_equal(vms_read_gpa(got, &n, t, 0x1ff0, 0x20), -EFAULT);
	assert_int_equal(n, 0x10);
	assert_int_equal(got[0xf], elfcore_byte(0x1fff));
	assert_int_equal(vms_read_gpa(got, &n, t, 0x100ff0, 0x10), 0);
	assert_int_equal(got[0], elfcore_byte(0x100ff0));
	vms_target_close(t);

	/* Every truncation fails cleanly, but one: LiME has no count of its
	 * ranges, so a file cut exactly after a range is a valid, shorter one. */
	for (size_t cut = 4; cut < len; cut++) {
		int ret = parse_lime_copy(buf, cut);

		if (cut == 32 + 0x2000) {
			assert_int_equal(ret, 0);
			continue;
		}
		if (ret != -EPROTO)
			fail_msg("LiME cut at %zu gave %d (%s)", cut, ret, vms_error_last());
	}
	buf[4] = 2;
	assert_int_equal(parse_lime_copy(buf, len), -EPROTO);
	assert_error_mentions("version 2");
	buf[4] = 1;
	/* The second range claims to end before it starts. */
	memset(buf + 32 + 0x2000 + 16, 0, 8);
	assert_int_equal(parse_lime_copy(buf, len), -EPROTO);
	assert_error_mentions("LiME range 1");
	/* Two ranges over the same memory with different bytes. */
	len = lime_build(buf, (const uint64_t[][2]){ { 0, 0x2000 }, { 0x1000, 0x1000 } }, 2);
	assert_int_equal(parse_lime_copy(buf, len), -EPROTO);
	assert_error_mentions("different data for guest-physical 0x1000");
}

static void test_raw(void **state)
{
	static uint8_t img[3 * 4096];
	struct vms_target_opts opts = { .sz = sizeof(opts) };
	const struct vms_mem_range *r;
	struct vms_target *t;
	char layout[4200];
	uint8_t b;
	size_t n;
	char *path;
	FILE *f;

	(void)state;
	for (size_t i = 0; i < sizeof(img); i++)
		img[i] = elfcore_byte(i);
	path = testutil_write_temp(img, sizeof(img));
	assert_int_equal(vms_target_open(&t, path, NULL), 0);
	assert_string_equal(vms_target_format(t), "raw physical image");
	assert_int_equal(vms_target_mem_ranges(&r, &n, t), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].size, sizeof(img));
	assert_int_equal(vms_read_u8_gpa(&b, t, 0x2345), 0);
	assert_int_equal(b, elfcore_byte(0x2345));
	vms_target_close(t);

	/* A layout next to the image: RAM split around a hole. */
	(void)snprintf(layout, sizeof(layout), "%s.layout", path);
	f = fopen(layout, "w");
	fputs("# gpa size offset\n0 1000 0\n\n0x100000000 0x2000 0x1000  # above 4 GiB\n", f);
	fclose(f);
	assert_int_equal(vms_target_open(&t, path, NULL), 0);
	assert_string_equal(vms_target_format(t), "raw physical image, 2 ranges from a layout");
	assert_int_equal(vms_target_mem_ranges(&r, &n, t), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[1].gpa, 0x100000000ull);
	assert_int_equal(vms_read_u8_gpa(&b, t, 0x100000010ull), 0);
	assert_int_equal(b, elfcore_byte(0x1010));
	assert_int_equal(vms_read_u8_gpa(&b, t, 0x1010), -EFAULT);
	vms_target_close(t);

	f = fopen(layout, "w");
	fputs("0 1000 0\n0x100000000 0x3000 0x1000\n", f);
	fclose(f);
	assert_int_equal(vms_target_open(&t, path, NULL), -EPROTO);
	assert_error_mentions(".layout: layout line 2: range 0x100000000+0x3000 at file offset "
	                      "0x1000 does not fit a file of 12288 bytes");
	f = fopen(layout, "w");
	fputs("0 1000\n", f);
	fclose(f);
	assert_int_equal(vms_target_open(&t, path, NULL), -EPROTO);
	assert_error_mentions("layout line 1: expected GPA SIZE FILE_OFFSET");
	unlink(layout);

	/* An explicit layout, and a missing one. */
	opts.raw_layout = "/nonexistent/layout";
	assert_int_equal(vms_target_open(&t, path, &opts), -ENOENT);
	assert_error_mentions("/nonexistent/layout");
	unlink(path);
	free(path);

	/* Not whole pages: not a raw image. */
	assert_int_equal(testutil_open_bytes(&t, img, 4097, NULL), -ENOEXEC);
	assert_error_mentions("4097 bytes is not a whole number of pages");
}

static void test_vmcoreinfo(void **state)
{
	struct elfcore_spec spec = {
		.nranges = 1,
		.ranges = { { .gpa = 0, .size = 0x1000 } },
		.vmcoreinfo =
		        "OSRELEASE=6.1.0-test\nPAGESIZE=4096\nSYMBOL(init_uts_ns)=ffffffff82a0c940",
	};
	struct vms_target *t;
	const char *text;
	char val[16];
	uint8_t *core;
	size_t len;

	(void)state;
	assert_int_equal(elfcore_build(&core, &len, &spec), 0);
	assert_int_equal(testutil_open_bytes(&t, core, len, NULL), 0);
	assert_int_equal(vms_target_vmcoreinfo(&text, &len, t), 0);
	assert_int_equal(len, strlen(spec.vmcoreinfo));
	assert_int_equal(vms_vmcoreinfo_get(val, sizeof(val), t, "OSRELEASE"), 0);
	assert_string_equal(val, "6.1.0-test");
	assert_int_equal(vms_vmcoreinfo_get(val, sizeof(val), t, "PAGESIZE"), 0);
	assert_string_equal(val, "4096");
	assert_int_equal(vms_vmcoreinfo_get(val, 8, t, "SYMBOL(init_uts_ns)"), -E2BIG);
	assert_string_equal(val, "fffffff");
	assert_int_equal(vms_vmcoreinfo_get(val, sizeof(val), t, "PAGE"), -ENOENT);
	assert_int_equal(vms_vmcoreinfo_get(val, sizeof(val), t, "NUMBER(phys_base)"), -ENOENT);
	vms_target_close(t);
	free(core);

	spec.vmcoreinfo = NULL;
	assert_int_equal(elfcore_build(&core, &len, &spec), 0);
	assert_int_equal(testutil_open_bytes(&t, core, len, NULL), 0);
	assert_int_equal(vms_target_vmcoreinfo(&text, &len, t), -ENOENT);
	vms_target_close(t);
	free(core);
}

/* 16 pages: 5 exists but was excluded from the dump, 10 does not exist. */
static const struct kdump_spec kdump16 = {
	.max_mapnr = 16,
	.exists_mask = 0xffff & ~(1u << 10),
	.dumped_mask = 0xffff & ~(1u << 10) & ~(1u << 5),
	.vmcoreinfo = "OSRELEASE=6.1.0-kdump\n",
};

static void check_kdump_pages(struct vms_target *t)
{
	static uint8_t buf[16 * 4096];
	const struct vms_mem_range *r;
	size_t n;

	assert_int_equal(vms_target_mem_ranges(&r, &n, t), 0);
	assert_int_equal(n, 3);
	assert_int_equal(r[0].size, 5 * 4096);
	assert_int_equal(r[1].gpa, 6 * 4096);
	assert_int_equal(r[2].gpa, 11 * 4096);
	for (uint64_t pfn = 0; pfn < 16; pfn++) {
		if (pfn == 5 || pfn == 10)
			continue;
		/* Pages alternate raw, zlib, lzo, snappy. */
		assert_int_equal(vms_read_gpa(buf, &n, t, pfn * 4096, 4096), 0);
		for (size_t b = 0; b < 4096; b += 511)
			assert_int_equal(buf[b], kdump_byte(pfn * 4096 + b));
	}
	assert_int_equal(vms_read_gpa(buf, &n, t, 4 * 4096 + 100, 8192), -EFAULT);
	assert_int_equal(n, 4096 - 100);
	assert_error_mentions("guest-physical 0x5000 is not in the dump (excluded from it)");
	assert_int_equal(vms_read_gpa(buf, &n, t, 10 * 4096, 1), -EFAULT);
	assert_error_mentions("guest-physical 0xa000 is not in the dump");
	assert_null(strstr(vms_error_last(), "excluded"));
	assert_int_equal(vms_read_gpa(buf, &n, t, 16 * 4096, 1), -EFAULT);
}

static void test_kdump(void **state)
{
	struct kdump_spec spec = kdump16;
	struct vms_target *t;
	const void *p;
	uint64_t data_off;
	uint8_t *f, b;
	char val[32];
	size_t len;

	(void)state;
	for (int flat = 0; flat < 2; flat++) {
		spec.flatten = flat;
		assert_int_equal(kdump_build(&f, &len, &data_off, &spec), 0);
		assert_int_equal(testutil_open_bytes(&t, f, len, NULL), 0);
		assert_string_equal(vms_target_format(t),
		                    flat ? "kdump-compressed, flattened (zlib+lzo+snappy), x86-64"
		                         : "kdump-compressed (zlib+lzo+snappy), x86-64");
		check_kdump_pages(t);
		assert_int_equal(vms_vmcoreinfo_get(val, sizeof(val), t, "OSRELEASE"), 0);
		assert_string_equal(val, "6.1.0-kdump");
		assert_int_equal(vms_map_gpa(&p, t, 0, 16), -EOPNOTSUPP);
		assert_int_equal(vms_target_vcpu_count(t), 0);
		vms_target_close(t);
		free(f);
	}

	/* A corrupt page fails alone; its neighbours still read. */
	assert_int_equal(kdump_build(&f, &len, &data_off, &kdump16), 0);
	f[data_off + 4096 + 7] ^= 0xff; /* inside page 1's zlib stream */
	assert_int_equal(testutil_open_bytes(&t, f, len, NULL), 0);
	assert_int_equal(vms_read_u8_gpa(&b, t, 4096), -EPROTO);
	assert_error_mentions("page 0x1000 does not decompress to one 4096-byte page");
	assert_int_equal(vms_read_u8_gpa(&b, t, 0), 0);
	assert_int_equal(vms_read_u8_gpa(&b, t, 2 * 4096), 0);
	vms_target_close(t);
	free(f);
}

static void test_kdump_bomb_and_lies(void **state)
{
	uint8_t zeros[65536] = { 0 }, bomb[1024], *f, b;
	uLongf blen = sizeof(bomb);
	struct vms_target *t;
	uint64_t data_off, desc = 4 * 4096 + 24; /* page 1's descriptor */
	size_t len;

	(void)state;
	/* A zlib stream that inflates to 64 KiB stored as page 1. */
	assert_int_equal(compress(bomb, &blen, zeros, sizeof(zeros)), Z_OK);
	assert_int_equal(kdump_build(&f, &len, &data_off, &kdump16), 0);
	memcpy(f + data_off + 4096, bomb, blen);
	memcpy(f + desc + 8, &(uint32_t){ (uint32_t)blen }, 4);
	assert_int_equal(testutil_open_bytes(&t, f, len, NULL), 0);
	assert_int_equal(vms_read_u8_gpa(&b, t, 4096), -EPROTO);
	assert_error_mentions("does not decompress to one 4096-byte page");
	vms_target_close(t);

	/* A descriptor claiming more than a page, or data past the file. */
	memcpy(f + desc + 8, &(uint32_t){ 5000 }, 4);
	assert_int_equal(testutil_open_bytes(&t, f, len, NULL), 0);
	assert_int_equal(vms_read_u8_gpa(&b, t, 4096), -EPROTO);
	assert_error_mentions("is corrupt or not in the dump");
	vms_target_close(t);
	memcpy(f + desc, &(uint64_t){ len + 4096 }, 8);
	memcpy(f + desc + 8, &(uint32_t){ 100 }, 4);
	assert_int_equal(testutil_open_bytes(&t, f, len, NULL), 0);
	assert_int_equal(vms_read_u8_gpa(&b, t, 4096), -EPROTO);
	vms_target_close(t);

	/* More pages than the bitmap holds. */
	memcpy(f + 4096 + 96, &(uint64_t){ 1ull << 30 }, 8);
	assert_int_equal(testutil_open_bytes(&t, f, len, NULL), -EPROTO);
	assert_error_mentions("do not fit its 4096-byte bitmap");
	free(f);
}

/* A flattened chunk may claim any offset: a header asking for a bitmap of
 * a terabyte fails as truncated, before anything is allocated for it. */
static void test_kdump_flat_claims(void **state)
{
	struct kdump_spec spec = kdump16;
	struct vms_target *t;
	uint64_t data_off;
	uint8_t *f, *hdr;
	size_t len;

	(void)state;
	spec.flatten = 1;
	assert_int_equal(kdump_build(&f, &len, &data_off, &spec), 0);
	/* The first chunk in the file: move it to 4 TiB. */
	for (int i = 0; i < 8; i++)
		f[4096 + i] = (uint8_t)((1ull << 42) >> (56 - 8 * i));
	hdr = memmem(f, len, "KDUMP   ", 8);
	assert_non_null(hdr);
	memcpy(hdr + 436, &(uint32_t){ 0x10000000 }, 4); /* bitmap blocks */
	assert_int_equal(testutil_open_bytes(&t, f, len, NULL), -EPROTO);
	assert_error_mentions("the kdump bitmaps");
	free(f);
}

/* Every truncation of a kdump, plain and flattened, parsed from an exact-
 * size copy: an error at open or at read, never a crash or a wrong byte. */
static void test_kdump_truncations(void **state)
{
	struct kdump_spec spec = kdump16;

	(void)state;
	for (int flat = 0; flat < 2; flat++) {
		uint64_t data_off;
		uint8_t *f;
		size_t len;

		spec.flatten = flat;
		assert_int_equal(kdump_build(&f, &len, &data_off, &spec), 0);
		for (size_t cut = 0; cut < len; cut += cut < 512 ? 1 : 97) {
			struct vms__snap_layout l;
			struct vms__kdump *k;
			uint8_t *copy = malloc(cut ? cut : 1), page[4096];

			memcpy(copy, f, cut);
			if (vms__kdump_parse(&l, &k, copy, cut) == 0) {
				for (uint64_t pfn = 0; pfn < 16; pfn++) {
					size_t n;

					if (vms__kdump_read(k, page, &n, pfn * 4096, 4096) == 0 &&
					    page[99] != kdump_byte(pfn * 4096 + 99))
						fail_msg("cut at %zu: page %llu has wrong bytes",
						         cut, (unsigned long long)pfn);
				}
				vms__kdump_free(k);
				vms__snap_layout_free(&l);
			}
			free(copy);
		}
		free(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kdump),
		cmocka_unit_test(test_kdump_bomb_and_lies),
		cmocka_unit_test(test_kdump_flat_claims),
		cmocka_unit_test(test_kdump_truncations),
		cmocka_unit_test(test_lime),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_vmcoreinfo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
