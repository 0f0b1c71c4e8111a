/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Writing BTF (the format btf.c reads): type records appended to growable
 * buffers, a string section that holds each string once, and the blob
 * that puts both under a header. isf_read.c turns an ISF's types into
 * BTF with these. */
#ifndef VMS_LINUX_BTF_WRITE_H
#define VMS_LINUX_BTF_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "../../util/hash.h"

/* A growable byte buffer; zero-initialised, it is empty. */
struct btf_buf {
	uint8_t *p;
	size_t len, cap;
};

/* Append n bytes, or a u32 (BTF is in host order). -ENOMEM. */
int btf_buf_put(struct btf_buf *b, const void *src, size_t n);
int btf_buf_put32(struct btf_buf *b, uint32_t v);

/* Append a type's first 12 bytes: its name, its info word (kind, vlen,
 * kind_flag) and its size or type. -ENOMEM. */
int btf_buf_type(struct btf_buf *b, uint32_t name, unsigned kind, unsigned vlen, int kflag,
                 uint32_t size_or_type);

/* The string section: "" at offset 0, then each string once. */
struct btf_strs {
	struct btf_buf buf;
	struct vms__hash interned; /* entries: offset + 1 */
};

/* An empty section (with its ""); -ENOMEM. */
int btf_strs_init(struct btf_strs *s);
/* The offset of str, added if it is not there yet. -ENOMEM; -E2BIG past
 * 4 GiB of strings. */
int btf_strs_add(uint32_t *off, struct btf_strs *s, const char *str);
void btf_strs_free(struct btf_strs *s);

/* A BTF blob (malloc'd): the header, the type section (types, then
 * more_types) and the string section. -E2BIG when they make more than
 * 4 GiB; -ENOMEM. */
int btf_blob(uint8_t **out, size_t *len, const struct btf_buf *types,
             const struct btf_buf *more_types, const struct btf_strs *strs);

#endif
