// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench_memory DUMP [GVA]: how fast vmscope reads a dump, as ratios against
 * memcpy of the same mapped bytes measured in the same run.
 *
 *   open            median time to open the dump, and the resident memory
 *                   it costs (no more than its headers should)
 *   gpa reads       all guest-physical memory in 4 KiB and in 1 MiB reads
 *   gva reads       16 MiB of virtual memory from GVA (default: the guest's
 *                   _stext from the lab's view next to the dump) in 4 KiB
 *                   reads through vCPU 0's page tables
 *   translation     a cached translation, and an uncached 4-level walk
 *   kdump           for a plain kdump-zlib dump: vmscope's page reads
 *                   (decompressing each page) against zlib's own
 *                   uncompress() of the same pages in a bare loop
 *
 * Each figure is the median of several rounds after a warm-up round, so the
 * page cache and the translation cache are warm for both sides alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <vmscope/vmscope.h>

#include "bench.h"

#define ROUNDS     21
#define GVA_REPEAT 4 /* 16 MiB passes per round: long enough to time */

static long resident_kib(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static volatile uint8_t sink;

/* Read every held byte in chunks of size; return seconds. */
static double gpa_pass(struct vms_target *t, uint8_t *buf, size_t chunk, int use_memcpy)
{
	const struct vms_mem_range *r;
	size_t nr;
	double t0 = now();

	vms_target_mem_ranges(&r, &nr, t);
	for (size_t i = 0; i < nr; i++) {
		for (uint64_t off = 0; off < r[i].size; off += chunk) {
			size_t n = r[i].size - off < chunk ? (size_t)(r[i].size - off) : chunk, got;
			const void *p;

			if (use_memcpy) {
				if (vms_map_gpa(&p, t, r[i].gpa + off, n) == 0)
					memcpy(buf, p, n);
			} else {
				vms_read_gpa(buf, &got, t, r[i].gpa + off, n);
			}
			sink ^= buf[0];
		}
	}
	return now() - t0;
}

static uint64_t held_bytes(struct vms_target *t)
{
	const struct vms_mem_range *r;
	uint64_t total = 0;
	size_t nr;

	vms_target_mem_ranges(&r, &nr, t);
	for (size_t i = 0; i < nr; i++)
		total += r[i].size;
	return total;
}

static void bench_gpa(struct vms_target *t, size_t chunk, const char *label)
{
	static uint8_t buf[1 << 20];
	double a[ROUNDS], b[ROUNDS];
	double gb = (double)held_bytes(t) / 1e9;

	gpa_pass(t, buf, chunk, 0);
	gpa_pass(t, buf, chunk, 1);
	for (int i = 0; i < ROUNDS; i++) {
		a[i] = gpa_pass(t, buf, chunk, 0);
		b[i] = gpa_pass(t, buf, chunk, 1);
	}
	double va = median(a, ROUNDS), vb = median(b, ROUNDS);

	printf("gpa reads, %-8s %6.2f GB/s   memcpy %6.2f GB/s   ratio %.2f\n", label, gb / va,
	       gb / vb, vb / va);
}

static uint64_t stext_from_view(const char *dump)
{
	char path[4096], line[512], name[128];
	unsigned long long addr;
	const char *slash = strrchr(dump, '/');
	FILE *f;

	snprintf(path, sizeof(path), "%.*s/view/kallsyms", slash ? (int)(slash - dump) : 1,
	         slash ? dump : ".");
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %*s %127s", &addr, name) == 2 && !strcmp(name, "_stext")) {
			fclose(f);
			return addr;
		}
	}
	fclose(f);
	return 0;
}

static void bench_gva(struct vms_target *t, uint64_t gva)
{
	enum {
		PAGES = 4096
	};
	static const void *src[PAGES];
	static uint8_t buf[4096];
	struct vms_x86_regs r;
	double a[ROUNDS], b[ROUNDS], c[ROUNDS], d[ROUNDS];
	uint64_t gpa;

	if (vms_target_get_regs(&r, t, 0)) {
		printf("gva reads: the dump has no vCPU state\n");
		return;
	}
	for (int p = 0; p < PAGES; p++) {
		if (vms_gva_to_gpa(&gpa, t, r.cr3, gva + (uint64_t)p * 4096) ||
		    vms_map_gpa(&src[p], t, gpa, 4096)) {
			printf("gva reads: 0x%llx: %s\n",
			       (unsigned long long)(gva + (uint64_t)p * 4096), vms_error_last());
			return;
		}
	}
	for (int round = -1; round < ROUNDS; round++) {
		double t0 = now();
		size_t got;

		for (int k = 0; k < GVA_REPEAT; k++) {
			for (int p = 0; p < PAGES; p++) {
				vms_read_gva(buf, &got, t, r.cr3, gva + (uint64_t)p * 4096, 4096);
				sink ^= buf[7];
			}
		}
		double t1 = now();

		for (int k = 0; k < GVA_REPEAT; k++) {
			for (int p = 0; p < PAGES; p++) {
				memcpy(buf, src[p], 4096);
				sink ^= buf[7];
			}
		}
		double t2 = now();

		for (int p = 0; p < PAGES; p++) {
			vms_gva_to_gpa(&gpa, t, r.cr3, gva + (uint64_t)p * 4096);
			sink ^= (uint8_t)gpa;
		}
		double t3 = now();
		struct vms_translation tr = { .sz = sizeof(tr) };

		for (int p = 0; p < PAGES; p++) {
			vms_translate_gva(&tr, t, r.cr3, gva + (uint64_t)p * 4096);
			sink ^= (uint8_t)tr.gpa;
		}
		double t4 = now();

		if (round < 0)
			continue; /* warm-up */
		a[round] = t1 - t0;
		b[round] = t2 - t1;
		c[round] = (t3 - t2) / PAGES;
		d[round] = (t4 - t3) / PAGES;
	}
	double va = median(a, ROUNDS), vb = median(b, ROUNDS);

	printf("gva reads, 4 KiB  %6.2f GB/s   memcpy %6.2f GB/s   ratio %.2f   (16 MiB at "
	       "0x%llx, %s)\n",
	       GVA_REPEAT * 16.0 * 1048576 / 1e9 / va, GVA_REPEAT * 16.0 * 1048576 / 1e9 / vb,
	       vb / va, (unsigned long long)gva,
	       vms_x86_paging_mode_name(vms_x86_target_paging_mode(t)));
	printf("translation       cached %.1f ns   uncached walk %.1f ns\n",
	       median(c, ROUNDS) * 1e9, median(d, ROUNDS) * 1e9);
}

/* zlib's own speed on a plain kdump's pages: every descriptor's data
 * uncompressed (or copied, if stored raw) in a bare loop. */
static double zlib_pass(const uint8_t *f, size_t len, uint64_t *pages)
{
	uint32_t bs, sub_blocks, bitmap_blocks;
	uint64_t max_mapnr, ndumped = 0, desc_off;
	static uint8_t page[65536];
	double t0;

	memcpy(&bs, f + 428, 4);
	memcpy(&sub_blocks, f + 432, 4);
	memcpy(&bitmap_blocks, f + 436, 4);
	memcpy(&max_mapnr, f + bs + 96, 8);
	for (uint64_t pfn = 0; pfn < max_mapnr; pfn++)
		ndumped += f[(uint64_t)(1 + sub_blocks + bitmap_blocks / 2) * bs + pfn / 8] >>
		                   (pfn % 8) &
		           1;
	desc_off = (uint64_t)(1 + sub_blocks + bitmap_blocks) * bs;
	t0 = now();
	for (uint64_t i = 0; i < ndumped && desc_off + i * 24 + 24 <= len; i++) {
		const uint8_t *d = f + desc_off + i * 24;
		uint64_t off;
		uint32_t size, flags;
		uLongf n = bs;

		memcpy(&off, d, 8);
		memcpy(&size, d + 8, 4);
		memcpy(&flags, d + 12, 4);
		if (flags & 1)
			uncompress(page, &n, f + off, size);
		else
			memcpy(page, f + off, size);
		sink ^= page[5];
	}
	*pages = ndumped;
	return now() - t0;
}

static void bench_kdump(const char *path)
{
	double a[ROUNDS], b[ROUNDS];
	static uint8_t buf[4096];
	uint64_t pages = 0;
	struct stat st;
	const uint8_t *f;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		return;
	f = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (f == MAP_FAILED)
		return;
	for (int round = -1; round < ROUNDS; round++) {
		struct vms_target *t;
		const struct vms_mem_range *r;
		size_t nr, got;
		double t0;

		/* A fresh target each round: its page cache starts empty. */
		vms_target_open(&t, path, NULL);
		vms_target_mem_ranges(&r, &nr, t);
		t0 = now();
		for (size_t i = 0; i < nr; i++) {
			for (uint64_t off = 0; off < r[i].size; off += 4096) {
				vms_read_gpa(buf, &got, t, r[i].gpa + off, 4096);
				sink ^= buf[9];
			}
		}
		if (round >= 0)
			a[round] = now() - t0;
		vms_target_close(t);
		t0 = zlib_pass(f, (size_t)st.st_size, &pages);
		if (round >= 0)
			b[round] = t0;
	}
	double va = median(a, ROUNDS), vb = median(b, ROUNDS), gb = (double)pages * 4096 / 1e9;

	printf("kdump pages       %6.2f GB/s   zlib's own %6.2f GB/s   ratio %.2f   (%llu pages)\n",
	       gb / va, gb / vb, vb / va, (unsigned long long)pages);
	munmap((void *)f, (size_t)st.st_size);
}

int main(int argc, char **argv)
{
	double opens[21];
	struct vms_target *t;
	long before, after;
	uint64_t gva;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench_memory DUMP [GVA]\n");
		return 2;
	}
	for (int i = 0; i < 21; i++) {
		double t0 = now();

		if (vms_target_open(&t, argv[1], NULL)) {
			fprintf(stderr, "bench_memory: %s\n", vms_error_last());
			return 1;
		}
		opens[i] = now() - t0;
		vms_target_close(t);
	}
	before = resident_kib();
	vms_target_open(&t, argv[1], NULL);
	after = resident_kib();
	printf("dump              %s: %s, %.1f MiB held\n", argv[1], vms_target_format(t),
	       (double)held_bytes(t) / 1048576);
	printf("open              %.3f ms (median of 21), resident +%ld KiB\n",
	       median(opens, 21) * 1e3, after - before);
	if (strncmp(vms_target_format(t), "kdump-compressed (", 18) == 0) {
		bench_kdump(argv[1]);
	} else if (strncmp(vms_target_format(t), "kdump", 5) == 0) {
		printf("kdump pages: a flattened kdump; give its plain copy (makedumpfile -R)\n");
	} else {
		bench_gpa(t, 4096, "4 KiB");
		bench_gpa(t, 1 << 20, "1 MiB");
	}
	gva = argc == 3 ? strtoull(argv[2], NULL, 16) : stext_from_view(argv[1]);
	if (strncmp(vms_target_format(t), "kdump", 5) == 0)
		; /* its virtual reads measure decompression again */
	else if (gva)
		bench_gva(t, gva);
	else
		printf("gva reads: give a GVA (no view/kallsyms next to the dump)\n");
	vms_target_close(t);
	return 0;
}
