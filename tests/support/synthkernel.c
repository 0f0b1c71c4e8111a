// SPDX-License-Identifier: LGPL-2.1-or-later
#include "synthkernel.h"

#include <stdio.h>
#include <string.h>

const struct ksb_opts synthkernel_layout_61 = { .addrs = KSB_RELATIVE_PERCPU,
	                                        .order = KSB_ADDRS_FIRST,
	                                        .seqs = KSB_SEQS_BEFORE_TOKENS,
	                                        .seq_width = 3 };

void synthkernel_vcpu(struct synthmem *m, uint64_t cr3)
{
	m->nvcpus = 1;
	m->vcpu.valid = VMS_X86_REGS_CONTROL | VMS_X86_REGS_EFER | VMS_X86_REGS_GPR;
	m->vcpu.cr0 = 0x80050033;
	m->vcpu.cr4 = 0x3606f0;
	m->vcpu.efer = 0xd01;
	m->vcpu.cr3 = cr3;
}

static struct ksb_sym syms[SK_NFILLER + 32];
static char filler[SK_NFILLER][32];

const struct ksb_sym *synthkernel_syms(uint64_t gva, size_t *n)
{
	size_t i = 0;

	syms[i++] = (struct ksb_sym){ 0, 'A', "fixed_percpu_data", 1 };
	syms[i++] = (struct ksb_sym){ 0x1000, 'A', "cpu_number", 1 };
	syms[i++] = (struct ksb_sym){ SK_CURRENT_TASK, 'A', "current_task", 1 };
	syms[i++] = (struct ksb_sym){ gva, 'T', "_text", 0 };
	syms[i++] = (struct ksb_sym){ gva, 'T', "startup_64", 0 };
	for (size_t f = 0; f < SK_NFILLER; f++) {
		/* Names with every digit, some shared (static functions). */
		(void)snprintf(filler[f], sizeof(filler[f]), "fn_%zu_%s", f % 650,
		               f % 3 ? "do_work" : "handle_irq");
		syms[i++] =
		        (struct ksb_sym){ gva + 0x100 + 0x40 * f, f % 2 ? 't' : 'T', filler[f], 0 };
	}
	syms[i++] = (struct ksb_sym){ gva + SK_RODATA, 'D', "linux_banner", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_BTF, 'R', "__start_BTF", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_BTF + SK_BTF_SIZE, 'R', "__stop_BTF", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_DATA, 'D', "init_top_pgt", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_INIT_TASK, 'D', "init_task", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_MODULES, 'd', "modules", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_LOG_VARS, 'd', "log_buf", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_LOG_VARS + 8, 'd', "log_buf_len", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_LOG_VARS + 12, 'd', "log_first_idx", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_LOG_VARS + 16, 'd', "log_first_seq", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_LOG_VARS + 24, 'd', "log_next_seq", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_PER_CPU_OFFSET, 'D', "__per_cpu_offset", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_NR_CPU_IDS, 'D', "nr_cpu_ids", 0 };
	syms[i++] = (struct ksb_sym){ gva + SK_IMAGE_SIZE, 'B', "_end", 0 };
	*n = i;
	return syms;
}

size_t synthkernel_btf(uint8_t *buf, size_t cap)
{
	static struct btfb b;
	uint32_t u32, i32, u64, chr, ptr, list, comm, task, cred, sig, mm;

	btfb_init(&b);
	u32 = btfb_int(&b, "unsigned int", 4);
	i32 = btfb_int(&b, "int", 4);
	u64 = btfb_int(&b, "long unsigned int", 8);
	chr = btfb_int(&b, "char", 1);
	ptr = btfb_ref(&b, 2, NULL, 0); /* void * */
	{
		struct btfb_member m[] = { { "next", ptr, 0, 0 }, { "prev", ptr, 64, 0 } };

		list = btfb_struct(&b, 4, "list_head", 16, m, 2, 0);
	}
	comm = btfb_array(&b, chr, i32, 16);
	{
		struct btfb_member m[] = {
			{ "tasks", list, SKT_TASKS * 8, 0 },
			{ "pid", i32, SKT_PID * 8, 0 },
			{ "tgid", i32, SKT_TGID * 8, 0 },
			{ "comm", comm, SKT_COMM * 8, 0 },
			{ "real_parent", ptr, SKT_REAL_PARENT * 8, 0 },
			{ "mm", ptr, SKT_MM * 8, 0 },
			{ "real_cred", ptr, SKT_REAL_CRED * 8, 0 },
			{ "flags", u32, SKT_FLAGS * 8, 0 },
			{ "__state", u32, SKT_STATE * 8, 0 },
			{ "exit_state", i32, SKT_EXIT_STATE * 8, 0 },
			{ "start_boottime", u64, SKT_START * 8, 0 },
			{ "signal", ptr, SKT_SIGNAL * 8, 0 },
			{ "files", ptr, SKT_FILES * 8, 0 },
		};

		task = btfb_struct(&b, 4, "task_struct", SKT_TASK_SIZE, m, 13, 0);
	}
	{
		static const char *const names[] = { "uid",  "gid",  "suid",  "sgid",
			                             "euid", "egid", "fsuid", "fsgid" };
		struct btfb_member m[8];

		for (unsigned k = 0; k < 8; k++)
			m[k] = (struct btfb_member){ names[k], u32, (SKT_CRED_UID + 4 * k) * 8, 0 };
		cred = btfb_struct(&b, 4, "cred", 64, m, 8, 0);
	}
	{
		struct btfb_member m[] = { { "nr_threads", i32, SKT_SIG_NR * 8, 0 } };

		sig = btfb_struct(&b, 4, "signal_struct", 16, m, 1, 0);
	}
	{
		static const char *const names[] = { "pgd", "arg_start", "arg_end", "env_start",
			                             "env_end" };
		struct btfb_member m[5];

		for (unsigned k = 0; k < 5; k++)
			m[k] = (struct btfb_member){ names[k], k ? u64 : ptr,
				                     (SKT_MM_PGD + 8 * k) * 8, 0 };
		mm = btfb_struct(&b, 4, "mm_struct", 64, m, 5, 0);
	}
	{
		struct btfb_member m[] = { { "fdt", ptr, SKT_FILES_FDT * 8, 0 } };

		(void)btfb_struct(&b, 4, "files_struct", 64, m, 1, 0);
	}
	{
		struct btfb_member m[] = { { "max_fds", u32, SKT_FDT_MAX * 8, 0 },
			                   { "fd", ptr, SKT_FDT_FD * 8, 0 } };

		(void)btfb_struct(&b, 4, "fdtable", 16, m, 2, 0);
	}
	{
		uint32_t u16 = btfb_int(&b, "short unsigned int", 2);
		uint32_t u8 = btfb_int(&b, "unsigned char", 1);
		struct btfb_member m[] = { { "ts_nsec", u64, 0, 0 },   { "len", u16, 64, 0 },
			                   { "text_len", u16, 80, 0 }, { "dict_len", u16, 96, 0 },
			                   { "facility", u8, 112, 0 }, { "flags", u8, 120, 5 },
			                   { "level", u8, 125, 3 } };

		(void)btfb_struct(&b, 4, "printk_log", 16, m, 7, 1);
	}
	{
		struct btfb_member l[] = { { "base", ptr, 0, 0 }, { "size", u32, 64, 0 } };
		uint32_t layout = btfb_struct(&b, 4, "module_layout", 16, l, 2, 0);
		uint32_t name = btfb_array(&b, chr, u32, 56);
		struct btfb_member m[] = {
			{ "state", u32, SKT_MOD_STATE * 8, 0 },
			{ "list", list, SKT_MOD_LIST * 8, 0 },
			{ "name", name, SKT_MOD_NAME * 8, 0 },
			{ "refcnt", u32, SKT_MOD_REFCNT * 8, 0 },
			{ "taints", u64, SKT_MOD_TAINTS * 8, 0 },
			{ "source_list", list, SKT_MOD_SOURCES * 8, 0 },
			{ "init", ptr, SKT_MOD_INIT * 8, 0 },
			{ "exit", ptr, SKT_MOD_EXIT * 8, 0 },
			{ "core_layout", layout, SKT_MOD_CORE * 8, 0 },
			{ "init_layout", layout, SKT_MOD_INIT_LAY * 8, 0 },
		};
		struct btfb_member u[] = { { "source_list", list, 0, 0 },
			                   { "target_list", list, 128, 0 },
			                   { "source", ptr, SKT_USE_SOURCE * 8, 0 },
			                   { "target", ptr, SKT_USE_SOURCE * 8 + 64, 0 } };

		(void)btfb_struct(&b, 4, "module", SKT_MOD_SIZE, m, 10, 0);
		(void)btfb_struct(&b, 4, "module_use", 48, u, 4, 0);
	}
	(void)task;
	(void)cred;
	(void)sig;
	(void)mm;
	return btfb_finish(&b, buf, cap);
}

int synthkernel_add(struct synthkernel *k, struct synthmem *m, uint64_t gpa, uint64_t gva,
                    const struct ksb_opts *o)
{
	static const char banner[] = "Linux version 6.99.0-synthetic (vmscope@tests) #1 SMP\n";
	const struct ksb_sym *s = synthkernel_syms(gva, &k->nsyms);

	if (gpa + SK_IMAGE_SIZE > m->size)
		return -1;
	k->gpa = gpa;
	k->gva = gva;
	k->pt_root = gpa + SK_DATA;
	memset(m->mem + gpa, 0xcc, SK_RODATA);
	memcpy(m->mem + gpa + SK_RODATA, banner, sizeof(banner));
	if (ksb_write(m->mem, gpa + SK_DATA, gpa + SK_KALLSYMS, s, k->nsyms, o, &k->kallsyms))
		return -1;
	k->kallsyms.num_syms -= gpa;
	k->kallsyms.names -= gpa;
	k->kallsyms.markers -= gpa;
	k->kallsyms.token_table -= gpa;
	k->kallsyms.token_index -= gpa;
	k->kallsyms.end -= gpa;
	if (!synthkernel_btf(m->mem + gpa + SK_BTF, SK_BTF_SIZE))
		return -1;
	memset(m->mem + k->pt_root, 0, 0x2000);
	for (uint64_t off = 0; off < SK_IMAGE_SIZE; off += 0x200000)
		pt_map_ia32e(m, k->pt_root, 4, gva + off, gpa + off, 0x200000, SM_RW | SM_G, 0);
	return 0;
}
