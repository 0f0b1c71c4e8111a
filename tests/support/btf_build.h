/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Writes BTF blobs as the kernel's pahole output lays them out
 * (include/uapi/linux/btf.h), independently of vmscope's parser. */
#ifndef VMS_TEST_BTF_BUILD_H
#define VMS_TEST_BTF_BUILD_H

#include <stddef.h>
#include <stdint.h>

struct btfb {
	uint8_t types[1 << 16];
	size_t tlen;
	char strs[1 << 14];
	size_t slen;
	uint32_t next_id;
};

struct btfb_member {
	const char *name;
	uint32_t type;
	uint32_t bit_offset;
	uint32_t bit_size; /* needs kflag */
};

void btfb_init(struct btfb *b);
uint32_t btfb_int(struct btfb *b, const char *name, uint32_t size);
uint32_t btfb_ref(struct btfb *b, unsigned kind, const char *name,
                  uint32_t type); /* ptr, typedef, const, ... */
uint32_t btfb_array(struct btfb *b, uint32_t elem, uint32_t index, uint32_t n);
uint32_t btfb_struct(struct btfb *b, unsigned kind, const char *name, uint32_t size,
                     const struct btfb_member *m, unsigned n, int kflag);
uint32_t btfb_func_proto(struct btfb *b, uint32_t ret, const uint32_t *params, unsigned n);
/* Append a raw type record (for hostile blobs). */
void btfb_raw(struct btfb *b, uint32_t name_off, uint32_t info, uint32_t size_or_type);
/* The blob: header, types, strings. Returns its length; out holds it. */
size_t btfb_finish(const struct btfb *b, uint8_t *out, size_t cap);

#endif
