/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The kernel's own symbol table, found by its structure in a window of
 * kernel memory and decoded into a struct ksyms (symtab.h), whose names it
 * expands when first needed: so the names and lookups by name are here. */
#ifndef VMS_LINUX_KALLSYMS_H
#define VMS_LINUX_KALLSYMS_H

#include <stddef.h>
#include <stdint.h>

#include "symtab.h"

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

/* Expand every name (once); -ENOMEM. */
int ksyms_expand(struct ksyms *ks);

/* Symbol i's name and type letter; expands every name on first use ("" if
 * memory runs out). */
const char *ksyms_name(struct ksyms *ks, uint32_t i);
char ksyms_type(struct ksyms *ks, uint32_t i);

/* Index of the first symbol with this name; -ENOENT. */
int ksyms_lookup(uint32_t *idx, struct ksyms *ks, const char *name);

/* Address of a symbol by name, or 0. */
uint64_t ksyms_addr_of(struct ksyms *ks, const char *name);

#endif
