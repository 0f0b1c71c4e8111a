/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The kernel's own symbol table, found by its structure in a window of
 * kernel memory and decoded in full. */
#ifndef VMS_LINUX_KALLSYMS_H
#define VMS_LINUX_KALLSYMS_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/hash.h"

/* Where each table was found, as offsets into the window. */
struct ksyms_layout {
	size_t num_syms, names, markers, token_table, token_index, addrs;
	size_t relative_base;  /* SIZE_MAX when addresses are absolute */
	size_t seqs;           /* kallsyms_seqs_of_names; SIZE_MAX when absent */
	unsigned seq_width;    /* 3, or 4 in its first form */
	unsigned marker_width; /* 4, or 8 on older kernels */
	int base_relative, absolute_percpu;
};

/* Names stay compressed until asked for: a lookup by name binary-searches
 * kallsyms_seqs_of_names (6.2 on, and stable 6.1) expanding a few names;
 * listing, lookup by address, and kernels without the index expand every
 * name once, into names, and hash them. */
struct ksyms {
	uint32_t n;
	uint64_t *addr; /* by index: the kernel's order, checked sorted */
	/* The compressed tables, copied out of guest memory (or, with
	 * KSYMS_BORROW, in it: then own_packed and own_tok are NULL). */
	const uint8_t *packed; /* names */
	uint32_t *marks;       /* every 256th name's offset in packed */
	uint32_t *seqs;        /* indices in name order, or NULL */
	const char *tok;       /* the 256 tokens, NUL-terminated */
	uint8_t *own_packed;
	char *own_tok;
	uint16_t tok_off[256];
	uint8_t tok_len[256];
	/* Expanded on first need. */
	int expanded;
	uint32_t *name_off; /* into names: the type letter, then the name */
	char *names;
	size_t names_len;
	struct vms_hash by_name; /* entries: index + 1 */
	uint32_t cap;            /* tables built by ksyms_add: entries allocated */
	size_t names_cap;
	struct ksyms_layout at;
};

/* Bytes 0x30..0x39 of every token table are the digits themselves: no
 * kernel symbol lacks digits, so kallsyms never reuses their byte values. */
#define KSYMS_DIGITS \
	"0\0"        \
	"1\0"        \
	"2\0"        \
	"3\0"        \
	"4\0"        \
	"5\0"        \
	"6\0"        \
	"7\0"        \
	"8\0"        \
	"9"
#define KSYMS_DIGITS_LEN 20

/* Flags: keep the compressed names and tokens where they are in buf, which
 * must then stay unchanged as long as the result (a static target's
 * memory); without it they are copied. */
#define KSYMS_BORROW 1u

/* Decode the kallsyms tables whose token table holds the digit run at
 * offset hit of buf (len bytes; buf[0] lies at an address aligned to 8).
 * -ENOENT with a message saying which table did not check out. */
int ksyms_decode(struct ksyms **out, const uint8_t *buf, size_t len, size_t hit, unsigned flags);

/* Search buf for the tables, trying every digit run; the first that
 * decodes. The search starts at from (a hint: where the tables are likely
 * to be) and covers the rest of buf after that. */
int ksyms_find(struct ksyms **out, const uint8_t *buf, size_t len, size_t from, unsigned flags);

void ksyms_free(struct ksyms *ks);

/* Expand every name (once); -ENOMEM. */
int ksyms_expand(struct ksyms *ks);

/* Symbol i's name and type letter; expands every name on first use ("" if
 * memory runs out). */
const char *ksyms_name(struct ksyms *ks, uint32_t i);
char ksyms_type(struct ksyms *ks, uint32_t i);

/* Index of the first symbol with this name; -ENOENT. */
int ksyms_lookup(uint32_t *idx, struct ksyms *ks, const char *name);

/* Index of the symbol at or below addr (the first of those sharing its
 * address, as the kernel reports it); -ENOENT below the first. */
int ksyms_at(uint32_t *idx, const struct ksyms *ks, uint64_t addr);

/* A table from a list instead of the kernel's memory (System.map, an
 * ISF): ksyms_new, ksyms_add each symbol (any order), ksyms_seal to sort
 * them by address (equal addresses keep their order) and index the names.
 * -ENOMEM; -E2BIG past KSYMS_LIST_MAX symbols. */
#define KSYMS_LIST_MAX (1u << 22)
struct ksyms *ksyms_new(void);
int ksyms_add(struct ksyms *ks, uint64_t addr, char type, const char *name, size_t len);
int ksyms_seal(struct ksyms *ks);

/* A copy of a sealed list table with slide added to every address at or
 * above from (the image's symbols move with KASLR; absolute per-CPU ones
 * do not). */
int ksyms_copy(struct ksyms **out, const struct ksyms *src, uint64_t from, uint64_t slide);

/* Address of a symbol by name, or 0. */
uint64_t ksyms_addr_of(struct ksyms *ks, const char *name);

#endif
