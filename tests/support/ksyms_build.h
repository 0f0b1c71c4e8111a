/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Writes kallsyms tables the way scripts/kallsyms lays them out in each
 * kernel generation, with its compression scheme (unused byte values stand
 * for frequent pairs), independently of vmscope's decoder. */
#ifndef VMS_TEST_KSYMS_BUILD_H
#define VMS_TEST_KSYMS_BUILD_H

#include <stddef.h>
#include <stdint.h>

enum ksb_addrs {
	KSB_ABSOLUTE,        /* kallsyms_addresses: before 4.6 */
	KSB_RELATIVE,        /* offsets from kallsyms_relative_base */
	KSB_RELATIVE_PERCPU, /* KALLSYMS_ABSOLUTE_PERCPU (x86-64 SMP, 4.6 on) */
};

enum ksb_order {
	KSB_ADDRS_FIRST, /* addresses, num_syms, names, markers, ...: up to 6.3 */
	KSB_ADDRS_LAST,  /* num_syms, names, markers, tokens, addresses: 6.4 on */
};

enum ksb_seqs {
	KSB_SEQS_NONE,          /* before 6.2 */
	KSB_SEQS_BEFORE_TOKENS, /* between markers and token table: 6.2, 6.3, stable 6.1 */
	KSB_SEQS_LAST,          /* after the addresses: 6.4 on */
};

struct ksb_sym {
	uint64_t addr;
	char type;
	const char *name;
	int percpu; /* an absolute per-CPU offset under KSB_RELATIVE_PERCPU */
};

struct ksb_opts {
	enum ksb_addrs addrs;
	enum ksb_order order;
	enum ksb_seqs seqs;
	unsigned marker_width; /* 4, or 8 for old kernels' unsigned long */
	unsigned seq_width;    /* 3, or 4 for the first form */
	int no_compress;       /* every byte stands for itself */
};

/* Where the tables went, as offsets into buf. */
struct ksb_layout {
	size_t num_syms, names, markers, token_table, token_index, end;
};

/* Write the tables for syms (sorted by address) into buf from offset off
 * (8-aligned). Returns 0, or -1 if they do not fit in cap. */
int ksb_write(uint8_t *buf, size_t cap, size_t off, const struct ksb_sym *syms, size_t n,
              const struct ksb_opts *o, struct ksb_layout *out);

#endif
