/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A kernel symbol table: addresses in order, each name with its type
 * letter in one arena, and an index of the names. symtab.c builds one from
 * a list (System.map, an ISF); kallsyms.c decodes one from the kernel's
 * memory, keeping the kernel's compressed tables in it until the names
 * are needed (names and lookups by name are in kallsyms.h for that). */
#ifndef VMS_LINUX_SYMTAB_H
#define VMS_LINUX_SYMTAB_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/hash.h"

#define KSYMS_OUT_MAX 1024 /* bytes of one name; KSYM_NAME_LEN is 512 */

/* Where kallsyms.c found each of the kernel's tables, as offsets into the
 * window it searched. */
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
	struct vms__hash by_name; /* entries: index + 1 */
	uint32_t cap;             /* tables built by ksyms_add: entries allocated */
	size_t names_cap;
	struct ksyms_layout at;
};

/* Frees the table, and the compressed tables it owns. NULL is fine. */
void ksyms_free(struct ksyms *ks);

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

/* Index the (expanded) names: after kallsyms.c expands them, and when a
 * list table is sealed. -ENOMEM. */
int ksyms_index(struct ksyms *ks);

/* Among expanded names: the index of the first symbol (lowest address)
 * with this name. -ENOENT. */
int ksyms_index_find(uint32_t *idx, const struct ksyms *ks, const char *name);

#endif
