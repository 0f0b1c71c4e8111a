// SPDX-License-Identifier: LGPL-2.1-or-later
/* vms-mkcore PATH: write a small synthetic QEMU-style ELF core (two vCPUs,
 * RAM below and above 4 GiB) for the CLI tests.
 * vms-mkcore --page-tables PATH: a seed for the paging fuzzer: mode byte,
 * gva, CR3, then 64 KiB of physical memory holding 4-level page tables.
 * vms-mkcore --kdump|--kdump-flat PATH: a small kdump, plain or flattened.
 * vms-mkcore --kallsyms N PATH: the kallsyms tables of the synthetic kernel,
 * in layout N (0: 6.4+, 1: stable 6.1, 2: 4.x absolute), for the fuzzer.
 * vms-mkcore --btf PATH: a small BTF blob with every construct the parser
 * follows (anonymous members, bitfields, arrays, function pointers).
 * vms-mkcore --isf PATH: a small Volatility ISF, for the ISF fuzzer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf_build.h"
#include "elfcore.h"
#include "isf_sample.h"
#include "kdump_build.h"
#include "synthkernel.h"
#include "synthmem.h"

/* A small kdump (16 pages, one excluded, one absent) for the fuzzer. */
static int kdump(const char *path, int flat)
{
	struct kdump_spec s = { .max_mapnr = 16,
		                .exists_mask = 0xfbff,
		                .dumped_mask = 0xfbdf,
		                .flatten = flat,
		                .vmcoreinfo = "OSRELEASE=6.1.0\n" };
	uint64_t data_off;
	uint8_t *f;
	size_t len;
	FILE *out;
	int ret = 1;

	if (kdump_build(&f, &len, &data_off, &s))
		return 1;
	out = fopen(path, "wb");
	if (out && fwrite(f, 1, len, out) == len && !fclose(out))
		ret = 0;
	else
		perror(path);
	free(f);
	return ret;
}

static int page_tables(const char *path)
{
	struct synthmem *m = synthmem_new(0x10000);
	uint64_t root, gva = 0xffffffff81000000ull;
	uint8_t mode = 3; /* 1 + 3 % 5: IA-32e 4-level */
	FILE *f;

	if (!m)
		return 1;
	root = synthmem_page(m);
	pt_map_ia32e(m, root, 4, gva, 0x1000, 0x1000, SM_RW, 0);
	pt_map_ia32e(m, root, 4, 0xffff888000000000ull, 0, 0x200000, SM_RW | SM_XD, 0);
	memcpy(m->mem + 0x1000, "Linux version 6.1", 18);
	f = fopen(path, "wb");
	if (!f || fwrite(&mode, 1, 1, f) != 1 || fwrite(&gva, 8, 1, f) != 1 ||
	    fwrite(&root, 8, 1, f) != 1 || fwrite(m->mem, 1, m->size, f) != m->size || fclose(f)) {
		perror(path);
		synthmem_free(m);
		return 1;
	}
	synthmem_free(m);
	return 0;
}

static int kallsyms(int layout, const char *path)
{
	static const struct ksb_opts opts[] = {
		{ .addrs = KSB_RELATIVE_PERCPU, .order = KSB_ADDRS_LAST, .seqs = KSB_SEQS_LAST },
		{ .addrs = KSB_RELATIVE_PERCPU, .seqs = KSB_SEQS_BEFORE_TOKENS, .seq_width = 3 },
		{ .addrs = KSB_ABSOLUTE, .marker_width = 8 },
	};
	size_t n, cap = 1u << 20;
	const struct ksb_sym *syms = synthkernel_syms(0xffffffff9a000000ull, &n);
	uint8_t *buf = calloc(1, cap);
	struct ksb_layout lay;
	FILE *f;
	int ret = 1;

	if (!buf || layout < 0 || layout > 2 ||
	    ksb_write(buf, cap, 0, syms, n, &opts[layout], &lay))
		goto out;
	f = fopen(path, "wb");
	if (f && fwrite(buf, 1, lay.end, f) == lay.end && !fclose(f))
		ret = 0;
	else
		perror(path);
out:
	free(buf);
	return ret;
}

static int btf(const char *path)
{
	static struct btfb b;
	static uint8_t blob[1 << 17];
	uint32_t i32, u32, l64, anon, arr, ptr, proto;
	size_t len;
	FILE *f;

	btfb_init(&b);
	i32 = btfb_int(&b, "int", 4);
	u32 = btfb_int(&b, "unsigned int", 4);
	l64 = btfb_int(&b, "long", 8);
	{
		struct btfb_member bits[] = { { "lo", u32, 0, 3 }, { "hi", u32, 3, 5 } };

		anon = btfb_struct(&b, 4, NULL, 4, bits, 2, 1);
	}
	{
		struct btfb_member mm[] = { { "base", l64, 0, 0 }, { "size", u32, 64, 0 } };

		arr = btfb_array(&b, btfb_struct(&b, 4, "mem", 16, mm, 2, 0), i32, 3);
	}
	ptr = btfb_ref(&b, 2, NULL, b.next_id + 3);
	proto = btfb_func_proto(&b, i32, &ptr, 1);
	(void)btfb_ref(&b, 8, "op_fn", btfb_ref(&b, 2, NULL, proto));
	{
		struct btfb_member tm[] = { { "a", l64, 0, 0 },
			                    { NULL, anon, 64, 0 },
			                    { "mem", arr, 128, 0 },
			                    { "parent", ptr, 512, 0 } };

		(void)btfb_struct(&b, 4, "task", 72, tm, 4, 0);
	}
	len = btfb_finish(&b, blob, sizeof(blob));
	f = fopen(path, "wb");
	if (!f || fwrite(blob, 1, len, f) != len || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct elfcore_spec s = {
		.nranges = 3,
		.ranges = { { .gpa = 0, .size = 0x9f000 },
		            { .gpa = 0x100000, .size = 0x100000 },
		            { .gpa = 0x100000000ull, .size = 0x2000 } },
		.nvcpus = 2,
	};
	uint8_t *core;
	size_t len;
	FILE *f;

	if (argc == 3 && !strcmp(argv[1], "--page-tables"))
		return page_tables(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "--isf")) {
		f = fopen(argv[2], "w");
		if (!f || fputs(isf_sample, f) < 0 || fclose(f)) {
			perror(argv[2]);
			return 1;
		}
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--btf"))
		return btf(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "--kallsyms"))
		return kallsyms(atoi(argv[2]), argv[3]);
	if (argc == 3 && !strcmp(argv[1], "--kdump"))
		return kdump(argv[2], 0);
	if (argc == 3 && !strcmp(argv[1], "--kdump-flat"))
		return kdump(argv[2], 1);
	if (argc == 4 && !strcmp(argv[1], "--vcpus")) {
		/* vms-mkcore --vcpus N PATH: the same core with N vCPUs. */
		s.nvcpus = (unsigned)atoi(argv[2]);
		if (s.nvcpus < 1 || s.nvcpus > ELFCORE_MAX_VCPUS)
			return 2;
		argv[1] = argv[3];
		argc = 2;
	}
	if (argc != 2) {
		fprintf(stderr,
		        "usage: vms-mkcore [--page-tables|--kdump|--kdump-flat|--vcpus N] PATH\n");
		return 2;
	}
	for (unsigned i = 0; i < s.nvcpus; i++)
		elfcore_sample_regs(&s.regs[i], i);
	if (elfcore_build(&core, &len, &s))
		return 1;
	f = fopen(argv[1], "wb");
	if (!f || fwrite(core, 1, len, f) != len || fclose(f)) {
		perror(argv[1]);
		return 1;
	}
	free(core);
	return 0;
}
