// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * BTF (include/uapi/linux/btf.h, Documentation/bpf/btf.rst): a header, a
 * type section and a string section. Each type is 12 bytes (name offset;
 * info: vlen in bits 0-15, kind in 24-28, kind_flag in 31; size or type)
 * followed by records whose size depends on the kind. Ids are implicit: the
 * n-th type is id n, and 0 is void. The blob is the guest's, so every
 * record, name and id is checked once at parse time; after that lookups
 * trust the index. Chains (typedef to typedef, arrays of arrays, anonymous
 * members within anonymous members) are cut at a fixed depth, which also
 * ends cycles a hostile blob could form.
 */
#include "btf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/error.h"
#include "../../util/bytes.h"
#include "../../util/hash.h"

#define BTF_MAGIC     0xeb9f
#define BTF_MAX_TYPES (1u << 24)
#define BTF_MAX_DEPTH 32

struct btf {
	const uint8_t *data;
	uint8_t *owned; /* data, when it is ours to free */
	size_t len;
	const uint8_t *types, *strs;
	uint32_t types_len, strs_len;
	uint32_t count;
	uint32_t *off;            /* by id: offset of the type in types; off[0] unused */
	struct vms__hash by_name; /* named types: entries are ids */
};

/* Bytes of records after the 12-byte type, by kind. */
static uint64_t extra_len(unsigned kind, uint32_t vlen)
{
	switch (kind) {
	case BTF_INT:
	case BTF_VAR:
	case BTF_DECL_TAG:
		return 4;
	case BTF_ARRAY:
		return 12;
	case BTF_STRUCT:
	case BTF_UNION:
	case BTF_DATASEC:
	case BTF_ENUM64:
		return 12ull * vlen;
	case BTF_ENUM:
	case BTF_FUNC_PROTO:
		return 8ull * vlen;
	default:
		return 0;
	}
}

static void read_type(struct btf_type *t, const struct btf *b, uint32_t id)
{
	const uint8_t *p = b->types + b->off[id];
	uint32_t info = vms_le32(p + 4);

	t->name_off = vms_le32(p);
	t->vlen = (uint16_t)(info & 0xffff);
	t->kind = (uint8_t)((info >> 24) & 0x1f);
	t->kflag = (uint8_t)(info >> 31);
	t->size_or_type = vms_le32(p + 8);
	t->extra = p + 12;
}

uint32_t btf_count(const struct btf *b)
{
	return b->count;
}

int btf_type(struct btf_type *out, const struct btf *b, uint32_t id)
{
	if (id == 0 || id > b->count) {
		memset(out, 0, sizeof(*out));
		return id == 0 ? 0 : -ENOENT;
	}
	read_type(out, b, id);
	return 0;
}

const char *btf_name(const struct btf *b, uint32_t name_off)
{
	return name_off < b->strs_len ? (const char *)b->strs + name_off : "";
}

static int named_kind(unsigned kind)
{
	return kind == BTF_STRUCT || kind == BTF_UNION || kind == BTF_TYPEDEF || kind == BTF_ENUM ||
	       kind == BTF_ENUM64 || kind == BTF_INT || kind == BTF_FLOAT;
}

/* Check every type id a type refers to. */
static int check_refs(const struct btf *b, uint32_t id)
{
	struct btf_type t;

	read_type(&t, b, id);
	switch (t.kind) {
	case BTF_PTR:
	case BTF_TYPEDEF:
	case BTF_VOLATILE:
	case BTF_CONST:
	case BTF_RESTRICT:
	case BTF_FUNC:
	case BTF_VAR:
	case BTF_TYPE_TAG:
	case BTF_DECL_TAG:
	case BTF_FUNC_PROTO:
		if (t.size_or_type > b->count)
			return -1;
		break;
	default:
		break;
	}
	if (t.kind == BTF_ARRAY)
		return vms_le32(t.extra) > b->count || vms_le32(t.extra + 4) > b->count ? -1 : 0;
	for (uint32_t i = 0; i < t.vlen; i++) {
		if ((t.kind == BTF_STRUCT || t.kind == BTF_UNION) &&
		    (vms_le32(t.extra + (size_t)12 * i + 4) > b->count ||
		     vms_le32(t.extra + (size_t)12 * i) >= b->strs_len))
			return -1;
		if (t.kind == BTF_FUNC_PROTO && vms_le32(t.extra + (size_t)8 * i + 4) > b->count)
			return -1;
		if (t.kind == BTF_DATASEC && vms_le32(t.extra + (size_t)12 * i) > b->count)
			return -1;
	}
	return 0;
}

/* Named types of the kinds looked up by name are in the index. */
static int named_type(const void *ctx, uint32_t id, uint32_t *hash)
{
	const struct btf *b = ctx;
	struct btf_type t;

	read_type(&t, b, id);
	if (!t.name_off || !named_kind(t.kind))
		return 0;
	*hash = vms__fnv1a(btf_name(b, t.name_off));
	return 1;
}

/* A key of the index: a name and a kind. */
struct type_key {
	const char *name;
	enum btf_kind kind;
};

static int type_is(const void *ctx, uint32_t id, const void *key)
{
	const struct btf *b = ctx;
	const struct type_key *k = key;
	struct btf_type t;

	read_type(&t, b, id);
	return t.kind == k->kind && !strcmp(btf_name(b, t.name_off), k->name);
}

/* Out of line: inlined into parse, the index loop costs parse's own loops
 * their registers. */
static __attribute__((noinline)) int build_index(struct btf *b)
{
	return vms__hash_build(&b->by_name, b->count, named_type, b);
}

/* Parse owned (freed with the result, or at once on failure) or, when it
 * is NULL, borrowed. */
static int parse(struct btf **out, uint8_t *owned, const uint8_t *borrowed, size_t len)
{
	const uint8_t *buf = owned ? owned : borrowed;
	struct btf *b;
	uint32_t hdr_len, type_off, type_len, str_off, str_len, cap;
	uint64_t pos;
	int rc = -EINVAL;

	*out = NULL;
	if (len < 24 || vms_le16(buf) != BTF_MAGIC) {
		free(owned);
		return vms_error_set(-EINVAL, "BTF: no magic 0xeb9f at the start of %zu bytes",
		                     len);
	}
	if (buf[2] != 1) {
		rc = vms_error_set(-EINVAL, "BTF: version %u, not 1", buf[2]);
		free(owned);
		return rc;
	}
	hdr_len = vms_le32(buf + 4);
	type_off = vms_le32(buf + 8);
	type_len = vms_le32(buf + 12);
	str_off = vms_le32(buf + 16);
	str_len = vms_le32(buf + 20);
	if (hdr_len < 24 || !vms_in_bounds((uint64_t)hdr_len + type_off, type_len, len) ||
	    !vms_in_bounds((uint64_t)hdr_len + str_off, str_len, len) || str_len == 0 ||
	    buf[hdr_len + (uint64_t)str_off + str_len - 1] != 0) {
		free(owned);
		return vms_error_set(-EINVAL,
		                     "BTF: header (length %u) puts types at %u+%u and strings at "
		                     "%u+%u, outside the %zu-byte blob or unterminated",
		                     hdr_len, type_off, type_len, str_off, str_len, len);
	}
	b = calloc(1, sizeof(*b));
	if (!b) {
		free(owned);
		return vms_error_set(-ENOMEM, "BTF: out of memory");
	}
	b->data = buf;
	b->owned = owned;
	/* Every type takes 12 bytes or more, so this many ids at most: one
	 * allocation, of which only the pages used are ever touched. */
	cap = type_len / 12 + 2 < BTF_MAX_TYPES ? type_len / 12 + 2 : BTF_MAX_TYPES;
	if (!(b->off = malloc(cap * sizeof(*b->off)))) {
		rc = -ENOMEM;
		goto fail;
	}
	b->len = len;
	b->types = b->data + hdr_len + type_off;
	b->types_len = type_len;
	b->strs = b->data + hdr_len + str_off;
	b->strs_len = str_len;
	for (pos = 0; pos < type_len;) {
		uint32_t info, kind;
		uint64_t size;

		if (!vms_in_bounds(pos, 12, type_len)) {
			rc = vms_error_set(-EINVAL, "BTF: type %u cut off at byte %llu",
			                   b->count + 1, (unsigned long long)pos);
			goto fail;
		}
		info = vms_le32(b->types + pos + 4);
		kind = (info >> 24) & 0x1f;
		size = 12 + extra_len(kind, info & 0xffff);
		if (kind == BTF_UNKN || kind > BTF_KIND_MAX ||
		    !vms_in_bounds(pos, size, type_len) || vms_le32(b->types + pos) >= str_len) {
			rc = vms_error_set(
			        -EINVAL,
			        "BTF: type %u (kind %u at byte %llu) is unknown, overruns "
			        "the type section or names no string",
			        b->count + 1, kind, (unsigned long long)pos);
			goto fail;
		}
		if (b->count + 2 > cap) {
			rc = vms_error_set(-EINVAL, "BTF: more than %u types", cap - 2);
			goto fail;
		}
		b->off[++b->count] = (uint32_t)pos;
		pos += size;
	}
	for (uint32_t id = 1; id <= b->count; id++)
		if (check_refs(b, id)) {
			rc = vms_error_set(-EINVAL,
			                   "BTF: type %u refers to a type or name that does "
			                   "not exist",
			                   id);
			goto fail;
		}
	rc = build_index(b);
	if (rc)
		goto fail;
	*out = b;
	return 0;
fail:
	btf_free(b);
	return rc == -ENOMEM ? vms_error_set(-ENOMEM, "BTF: out of memory") : rc;
}

int btf_parse(struct btf **out, const uint8_t *buf, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	*out = NULL;
	if (!copy)
		return vms_error_set(-ENOMEM, "BTF: out of memory");
	memcpy(copy, buf, len);
	return parse(out, copy, NULL, len);
}

int btf_parse_owned(struct btf **out, uint8_t *buf, size_t len)
{
	return parse(out, buf, NULL, len);
}

int btf_parse_borrowed(struct btf **out, const uint8_t *buf, size_t len)
{
	return parse(out, NULL, buf, len);
}

void btf_free(struct btf *b)
{
	if (!b)
		return;
	free(b->owned);
	free(b->off);
	vms__hash_free(&b->by_name);
	free(b);
}

int btf_find(uint32_t *id, const struct btf *b, const char *name, enum btf_kind kind)
{
	struct type_key key = { name, kind };
	uint32_t pos = vms__fnv1a(name),
	         found = vms__hash_find(&b->by_name, &pos, type_is, b, &key);

	if (!found)
		return -ENOENT;
	*id = found;
	return 0;
}

uint32_t btf_resolve(const struct btf *b, uint32_t id)
{
	for (int depth = 0; depth < BTF_MAX_DEPTH && id && id <= b->count; depth++) {
		struct btf_type t;

		read_type(&t, b, id);
		if (t.kind != BTF_TYPEDEF && t.kind != BTF_VOLATILE && t.kind != BTF_CONST &&
		    t.kind != BTF_RESTRICT && t.kind != BTF_TYPE_TAG)
			return id;
		id = t.size_or_type;
	}
	return 0;
}

static int size_of(uint64_t *size, const struct btf *b, uint32_t id, int depth)
{
	struct btf_type t;
	uint64_t elem;

	id = btf_resolve(b, id);
	if (!id || depth > BTF_MAX_DEPTH)
		return -EINVAL;
	read_type(&t, b, id);
	switch (t.kind) {
	case BTF_INT:
	case BTF_ENUM:
	case BTF_ENUM64:
	case BTF_STRUCT:
	case BTF_UNION:
	case BTF_FLOAT:
	case BTF_DATASEC:
		*size = t.size_or_type;
		return 0;
	case BTF_PTR:
		*size = 8;
		return 0;
	case BTF_ARRAY:
		if (size_of(&elem, b, vms_le32(t.extra), depth + 1))
			return -EINVAL;
		*size = elem * vms_le32(t.extra + 8);
		return 0;
	default:
		return -EINVAL;
	}
}

int btf_size(uint64_t *size, const struct btf *b, uint32_t id)
{
	return size_of(size, b, id, 0);
}

/* Find name among the members of struct/union id, looking into anonymous
 * members; the offset is added to *bits. */
/* Members looked at in one lookup, at most: anonymous members that nest
 * into each other many times over would otherwise cost vlen^depth. Real
 * kernels' deepest lookups look at a few hundred. */
#define BTF_MEMBER_BUDGET (1u << 16)

static int find_member(struct btf_member_at *out, const struct btf *b, uint32_t id,
                       const char *name, size_t nlen, int depth, uint32_t *budget)
{
	struct btf_type t;

	id = btf_resolve(b, id);
	if (!id || depth > BTF_MAX_DEPTH)
		return -ENOENT;
	read_type(&t, b, id);
	if (t.kind != BTF_STRUCT && t.kind != BTF_UNION)
		return -ENOENT;
	for (uint32_t i = 0; i < t.vlen; i++) {
		const uint8_t *m = t.extra + 12 * (size_t)i;
		const char *mname = btf_name(b, vms_le32(m));
		uint32_t off = vms_le32(m + 8);
		uint64_t bits = t.kflag ? (off & 0xffffff) : off;

		if (*budget == 0)
			return -ENOENT;
		--*budget;
		if (*mname) {
			if (strlen(mname) != nlen || memcmp(mname, name, nlen) != 0)
				continue;
			out->bit_offset += bits;
			out->bit_size = t.kflag ? off >> 24 : 0;
			out->type = vms_le32(m + 4);
			return 0;
		}
		if (find_member(out, b, vms_le32(m + 4), name, nlen, depth + 1, budget) == 0) {
			out->bit_offset += bits;
			return 0;
		}
	}
	return -ENOENT;
}

int btf_member(struct btf_member_at *out, const struct btf *b, uint32_t id, const char *path)
{
	const char *p = path;

	memset(out, 0, sizeof(*out));
	out->type = id;
	while (*p) {
		size_t n = strcspn(p, ".[");
		uint32_t budget = BTF_MEMBER_BUDGET;

		if (n == 0 || find_member(out, b, out->type, p, n, 0, &budget))
			return -ENOENT;
		p += n;
		while (*p == '[') {
			struct btf_type t;
			uint64_t elem, idx;
			char *end;

			read_type(&t, b, btf_resolve(b, out->type) ? btf_resolve(b, out->type) : 1);
			idx = strtoull(p + 1, &end, 10);
			if (!btf_resolve(b, out->type) || t.kind != BTF_ARRAY || *end != ']' ||
			    (vms_le32(t.extra + 8) && idx >= vms_le32(t.extra + 8)) ||
			    btf_size(&elem, b, vms_le32(t.extra)))
				return -ENOENT;
			out->bit_offset += idx * elem * 8;
			out->type = vms_le32(t.extra);
			out->bit_size = 0;
			p = end + 1;
		}
		if (*p == '.')
			p++;
		else if (*p)
			return -ENOENT;
	}
	return 0;
}

struct strbuf {
	char *buf;
	size_t size, len;
};

static void sb_add(struct strbuf *s, const char *str)
{
	size_t n = strlen(str);

	if (s->len + 1 < s->size) {
		size_t room = s->size - s->len - 1;

		memcpy(s->buf + s->len, str, n < room ? n : room);
		s->buf[s->len + (n < room ? n : room)] = '\0';
	}
	s->len += n;
}

/* The type's name, then what follows it: C's declarators, simplified to
 * the forms kernel structs use (T *, T [N], R (*)(args)). */
static void render(struct strbuf *s, const struct btf *b, uint32_t id, int depth)
{
	static const char *const tags[] = {
		[BTF_STRUCT] = "struct ",    [BTF_UNION] = "union ", [BTF_ENUM] = "enum ",
		[BTF_ENUM64] = "enum ",      [BTF_CONST] = "const ", [BTF_VOLATILE] = "volatile ",
		[BTF_RESTRICT] = "restrict "
	};
	struct btf_type t;
	char num[24];

	if (depth > BTF_MAX_DEPTH || btf_type(&t, b, id)) {
		sb_add(s, "?");
		return;
	}
	if (id == 0) {
		sb_add(s, "void");
		return;
	}
	switch (t.kind) {
	case BTF_PTR: {
		struct btf_type to;

		if (btf_type(&to, b, btf_resolve(b, t.size_or_type)) == 0 &&
		    to.kind == BTF_FUNC_PROTO) {
			render(s, b, to.size_or_type, depth + 1);
			sb_add(s, " (*)()");
			return;
		}
		render(s, b, t.size_or_type, depth + 1);
		sb_add(s, s->len && s->len < s->size && s->buf[s->len - 1] == '*' ? "*" : " *");
		return;
	}
	case BTF_ARRAY:
		render(s, b, vms_le32(t.extra), depth + 1);
		(void)snprintf(num, sizeof(num), " [%u]", vms_le32(t.extra + 8));
		sb_add(s, num);
		return;
	case BTF_CONST:
	case BTF_VOLATILE:
	case BTF_RESTRICT:
		sb_add(s, tags[t.kind]);
		render(s, b, t.size_or_type, depth + 1);
		return;
	case BTF_TYPE_TAG:
		render(s, b, t.size_or_type, depth + 1);
		return;
	case BTF_FWD:
		sb_add(s, t.kflag ? "union " : "struct ");
		sb_add(s, btf_name(b, t.name_off));
		return;
	case BTF_FUNC_PROTO:
		render(s, b, t.size_or_type, depth + 1);
		sb_add(s, " ()");
		return;
	case BTF_STRUCT:
	case BTF_UNION:
	case BTF_ENUM:
	case BTF_ENUM64:
		sb_add(s, tags[t.kind]);
		sb_add(s, t.name_off ? btf_name(b, t.name_off) : "{...}");
		return;
	default:
		sb_add(s, btf_name(b, t.name_off));
		return;
	}
}

size_t btf_type_str(char *buf, size_t size, const struct btf *b, uint32_t id)
{
	struct strbuf s = { buf, size, 0 };

	if (size)
		buf[0] = '\0';
	render(&s, b, id, 0);
	return s.len < size ? s.len : (size ? size - 1 : 0);
}
