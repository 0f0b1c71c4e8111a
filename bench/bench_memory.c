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
 *
 * Each figure is the median of several rounds after a warm-up round, so the
 * page cache and the translation cache are warm for both sides alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vmscope/vmscope.h>

#define ROUNDS 7

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

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

		for (int p = 0; p < PAGES; p++) {
			vms_read_gva(buf, &got, t, r.cr3, gva + (uint64_t)p * 4096, 4096);
			sink ^= buf[7];
		}
		double t1 = now();

		for (int p = 0; p < PAGES; p++) {
			memcpy(buf, src[p], 4096);
			sink ^= buf[7];
		}
		double t2 = now();

		for (int p = 0; p < PAGES; p++) {
			vms_gva_to_gpa(&gpa, t, r.cr3, gva + (uint64_t)p * 4096);
			sink ^= (uint8_t)gpa;
		}
		double t3 = now();
		struct vms_translation tr;

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
	       16.0 * 1048576 / 1e9 / va, 16.0 * 1048576 / 1e9 / vb, vb / va,
	       (unsigned long long)gva, vms_paging_mode_name(vms_target_paging_mode(t)));
	printf("translation       cached %.1f ns   uncached walk %.1f ns\n",
	       median(c, ROUNDS) * 1e9, median(d, ROUNDS) * 1e9);
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
	bench_gpa(t, 4096, "4 KiB");
	bench_gpa(t, 1 << 20, "1 MiB");
	gva = argc == 3 ? strtoull(argv[2], NULL, 16) : stext_from_view(argv[1]);
	if (gva)
		bench_gva(t, gva);
	else
		printf("gva reads: give a GVA (no view/kallsyms next to the dump)\n");
	vms_target_close(t);
	return 0;
}
