// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench_linux DUMP: what zero configuration costs, phase by phase, as the
 * median of several rounds after a warm-up round (the page cache warm for
 * every round alike):
 *
 *   open       vms_target_open
 *   kernel     vms_linux_open: finding the kernel (vCPU or scan) and its
 *              kallsyms
 *   types      reading and parsing its BTF, resolving every offset
 *   ps         vms_linux_tasks: every process with its command line
 *   total      the four together: the library's share of `vmscope ps`
 *
 * (the last round's objects are freed before the memory is read, so RssAnon
 * shows what stays allocated between runs: nothing but the allocator's
 * cache) and, measured in the same run, memcpy of the kernel image's bytes
 * (_text to _end) and the ratio of each phase to it: finding the kernel
 * and its symbols costs this many copies of the kernel. Peak resident
 * memory is printed too; the mapped dump counts towards it only for the
 * pages actually touched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <vmscope/vmscope.h>

#include "bench.h"

#define ROUNDS 15

int main(int argc, char **argv)
{
	double t_open[ROUNDS], t_kernel[ROUNDS], t_types[ROUNDS], t_ps[ROUNDS], t_total[ROUNDS];
	double t_copy[ROUNDS];
	size_t image = 0, ntasks = 0;
	struct rusage ru;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_linux DUMP\n");
		return 2;
	}
	for (int r = -1; r < ROUNDS; r++) {
		struct vms_linux_task *tasks;
		struct vms_target *t;
		struct vms_linux *lx;
		uint64_t size;
		double a = now(), b, c, d, e;

		if (vms_target_open(&t, argv[1], NULL)) {
			fprintf(stderr, "bench_linux: %s\n", vms_error_last());
			return 1;
		}
		b = now();
		if (vms_linux_open(&lx, t, NULL)) {
			fprintf(stderr, "bench_linux: %s\n", vms_error_last());
			return 1;
		}
		c = now();
		if (vms_linux_type_size(&size, lx, "task_struct")) {
			fprintf(stderr, "bench_linux: %s\n", vms_error_last());
			return 1;
		}
		d = now();
		if (vms_linux_tasks(&tasks, &ntasks, lx, 0)) {
			fprintf(stderr, "bench_linux: %s\n", vms_error_last());
			return 1;
		}
		e = now();
		vms_linux_tasks_free(tasks);
		if (r >= 0) {
			t_open[r] = b - a;
			t_kernel[r] = c - b;
			t_types[r] = d - c;
			t_ps[r] = e - d;
			t_total[r] = e - a;
		}
		if (!image) {
			struct vms_ksym s0 = { .sz = sizeof(s0) }, s1 = { .sz = sizeof(s1) };

			if (!vms_linux_sym_lookup(&s0, lx, "_text") &&
			    !vms_linux_sym_lookup(&s1, lx, "_end") && s1.addr > s0.addr)
				image = (size_t)(s1.addr - s0.addr);
		}
		vms_linux_close(lx);
		vms_target_close(t);
	}
	{
		char *src = malloc(image), *dst = malloc(image);

		if (!src || !dst)
			return 1;
		memset(src, 1, image);
		memset(dst, 0, image);
		for (int r = 0; r < ROUNDS; r++) {
			double a = now();

			memcpy(dst, src, image);
			__asm__ volatile("" : : "r"(dst) : "memory");
			t_copy[r] = now() - a;
		}
		free(src);
		free(dst);
	}
	{
		double copy = median(t_copy, ROUNDS);
		const struct {
			const char *name;
			double *v;
		} rows[] = { { "open", t_open },
			     { "kernel", t_kernel },
			     { "types", t_types },
			     { "ps", t_ps },
			     { "total", t_total } };

		printf("%s: %zu processes, kernel image %.1f MiB, memcpy of it %.2f ms\n", argv[1],
		       ntasks, (double)image / (1 << 20), copy * 1e3);
		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			double m = median(rows[i].v, ROUNDS);

			printf("  %-7s %8.2f ms  %6.2fx memcpy of the image\n", rows[i].name,
			       m * 1e3, m / copy);
		}
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("  peak resident %.1f MiB (the mapped dump's touched pages included)\n",
	       (double)ru.ru_maxrss / 1024);
	{
		/* Anonymous memory is what vmscope itself allocates; file pages
		 * are the dump's, shared with the page cache. */
		FILE *f = fopen("/proc/self/status", "r");
		char line[128];

		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "RssAnon:", 8) || !strncmp(line, "HugetlbPages:", 13))
				printf("  now %s", line);
		if (f)
			fclose(f);
	}
	return 0;
}
