/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* BTF, the kernel's compact type information (include/uapi/linux/btf.h),
 * parsed from the guest's own copy: types by id and name, sizes, and member
 * offsets by path. */
#ifndef VMS_LINUX_BTF_H
#define VMS_LINUX_BTF_H

#include <stddef.h>
#include <stdint.h>

enum btf_kind {
	BTF_UNKN,
	BTF_INT,
	BTF_PTR,
	BTF_ARRAY,
	BTF_STRUCT,
	BTF_UNION,
	BTF_ENUM,
	BTF_FWD,
	BTF_TYPEDEF,
	BTF_VOLATILE,
	BTF_CONST,
	BTF_RESTRICT,
	BTF_FUNC,
	BTF_FUNC_PROTO,
	BTF_VAR,
	BTF_DATASEC,
	BTF_FLOAT,
	BTF_DECL_TAG,
	BTF_TYPE_TAG,
	BTF_ENUM64,
	BTF_KIND_MAX = BTF_ENUM64,
};

/* One type as read: its kind, name, vlen, kind_flag, size-or-type, and
 * where its trailing records start in the blob. */
struct btf_type {
	uint32_t name_off;
	uint16_t vlen;
	uint8_t kind;
	uint8_t kflag;
	uint32_t size_or_type;
	const uint8_t *extra;
};

struct btf;

/* Parse a blob (copied; buf may go away). Every type and its records are
 * checked to lie in the blob, names in the string section, and every type
 * id to be in range. -EINVAL with a message naming what is wrong. */
int btf_parse(struct btf **out, const uint8_t *buf, size_t len);
/* The same, taking buf (malloc'd) over: freed with the result, or at once
 * on failure. */
int btf_parse_owned(struct btf **out, uint8_t *buf, size_t len);
/* The same, in place: buf must stay unchanged until btf_free (memory of a
 * static target, see vms_target_is_static). */
int btf_parse_borrowed(struct btf **out, const uint8_t *buf, size_t len);
void btf_free(struct btf *b);

/* The number of types, ids 1..count (0 is void). */
uint32_t btf_count(const struct btf *b);
/* Type id; 0 for an id out of range (void), filled from id 0 as void. */
int btf_type(struct btf_type *out, const struct btf *b, uint32_t id);
const char *btf_name(const struct btf *b, uint32_t name_off);

/* The id of the type called name of this kind (BTF_STRUCT, BTF_UNION,
 * BTF_TYPEDEF, ...); -ENOENT. */
int btf_find(uint32_t *id, const struct btf *b, const char *name, enum btf_kind kind);

/* Through typedefs and qualifiers to the type that has the storage. */
uint32_t btf_resolve(const struct btf *b, uint32_t id);

/* A type's size in bytes (pointers are 8). -EINVAL for void, functions,
 * or a chain too deep. */
int btf_size(uint64_t *size, const struct btf *b, uint32_t id);

/* A member of a struct or union by path: names joined by '.', through
 * anonymous structs and unions, with [N] indexing arrays ("mem[0].base").
 * Offsets are in bits from the start of the outer type. */
struct btf_member_at {
	uint64_t bit_offset;
	uint32_t bit_size; /* 0 unless a bitfield */
	uint32_t type;     /* the member's type id */
};
int btf_member(struct btf_member_at *out, const struct btf *b, uint32_t id, const char *path);

/* Render a type as C declares it ("struct mm_struct *", "char [16]").
 * Returns the length written (truncated to size). */
size_t btf_type_str(char *buf, size_t size, const struct btf *b, uint32_t id);

#endif
