/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Symbols and types from files, for kernels built without kallsyms or BTF
 * (or when the guest's own copies are not to be trusted): a System.map,
 * and a Volatility 3 ISF (JSON, or JSON compressed with xz). Loading a
 * file is symfile.c, System.map sysmap.c, and the ISF isf_read.c. */
#ifndef VMS_LINUX_SYMFILE_H
#define VMS_LINUX_SYMFILE_H

#include <stddef.h>
#include <stdint.h>

#include "kallsyms.h"

#define SYMFILE_MAX (1ull << 30) /* bytes of a file, decompressed */

/* symfile.c: a file's bytes (xz-compressed ones decompressed),
 * NUL-terminated. */
int symfile_load(char **text, size_t *len, const char *path);

/* sysmap.c: System.map ("ADDRESS TYPE NAME" lines, as nm writes them):
 * a sealed table at link-time addresses. -EINVAL naming the first bad
 * line. */
int sysmap_parse(struct ksyms **out, const char *text, size_t len);

/* isf_read.c: what an ISF holds: its symbols (a sealed table at link-time
 * addresses, type letter '?': ISF has none), its types as a BTF blob
 * (malloc'd), and linux_banner's text when the file carries it (else
 * NULL). */
struct isf {
	struct ksyms *syms;
	uint8_t *btf;
	size_t btf_len;
	char *banner;
};
int isf_parse(struct isf *out, const char *text, size_t len);
void isf_clear(struct isf *isf);

#endif
