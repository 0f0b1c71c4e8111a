// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Volatility 3's ISF (JSON, as dwarf2json writes it) read into vmscope's
 * own forms: its symbols into a symbol table, its types into a BTF blob,
 * so that everything vmscope does with types (member paths through
 * anonymous members, bitfields, the offsets list, pahole-like printing,
 * writing an ISF back) has one implementation.
 *
 * The JSON is read twice with a pull parser and never held as a tree: the
 * first pass gives every named type (base_types, user_types, enums) its
 * BTF id and reads the symbols, the second writes each named type, in id
 * order, with what its fields need (pointers, arrays, forward
 * declarations) appended after them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/error.h"
#include "../../util/hash.h"
#include "../../util/json.h"
#include "btf.h"
#include "btf_write.h"
#include "symfile.h"

#define ISF_DEPTH  32    /* nesting of one field's type descriptor */
#define ISF_NAME   1024  /* bytes of a name or key */
#define ISF_FIELDS 65535 /* members of one type (BTF's vlen) */
#define ISF_BANNER 1024  /* bytes of linux_banner */

/* A named type of the ISF: its class ('B'ase, 'U'ser, 'E'num) and name,
 * and where its value is in the text. */
struct named {
	uint32_t name;
	char cls;
	size_t pos;
};

static uint64_t key_of(uint32_t name, char cls)
{
	return (uint64_t)name << 8 | (uint8_t)cls;
}

struct conv {
	struct json j;
	struct btf_buf types, derived;
	struct btf_strs strs;
	struct named *named;
	uint32_t nnamed, ncap;
	struct vms__map64 ids;  /* (name, class) -> named id; forward declarations too */
	struct vms__map64 ptrs; /* type id -> id of a pointer to it */
	uint32_t nderived, proto, index_type;
	struct ksyms *syms;
	char *banner;
	char key[ISF_NAME];
	char where[2 * ISF_NAME + 32];
};

/* Give a named type the next id; 1 if the name was taken (the first
 * definition wins, as kernels define some names twice). */
static int add_named(struct conv *c, uint32_t name, char cls, size_t pos)
{
	if (vms__map64_get(&c->ids, key_of(name, cls)))
		return 1;
	if (c->nnamed == c->ncap) {
		uint32_t cap = c->ncap ? 2 * c->ncap : 4096;
		struct named *n;

		if (c->nnamed >= (1u << 24))
			return -E2BIG;
		n = realloc(c->named, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		c->named = n;
		c->ncap = cap;
	}
	c->named[c->nnamed] = (struct named){ name, cls, pos };
	return vms__map64_put(&c->ids, key_of(name, cls), ++c->nnamed);
}

__attribute__((format(printf, 2, 3))) static int fail(struct conv *c, const char *fmt, ...)
{
	char msg[sizeof(c->where) + 128];
	va_list ap;

	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return json_fail(&c->j, msg);
}

static int oom(struct conv *c)
{
	(void)json_fail(&c->j, "out of memory");
	c->j.rc = -ENOMEM;
	return c->j.rc;
}

/* A derived type (pointer, array, ...): its id after the named ones. */
static int derived(uint32_t *id, struct conv *c, uint32_t name, unsigned kind, int kflag,
                   uint32_t size_or_type, const uint32_t *extra, unsigned nextra)
{
	if (c->nderived >= (1u << 24) ||
	    btf_buf_type(&c->derived, name, kind, 0, kflag, size_or_type))
		return oom(c);
	for (unsigned i = 0; i < nextra; i++)
		if (btf_buf_put32(&c->derived, extra[i]))
			return oom(c);
	*id = c->nnamed + ++c->nderived;
	return 0;
}

/* The members of an object that a caller wants, by key: a string into a
 * buffer, an integer, a boolean, or where a value is (to read later); the
 * rest are skipped. what names the object in errors. */
enum fkind {
	F_STR,
	F_U64,
	F_BOOL,
	F_POS
};

struct field {
	const char *key;
	enum fkind kind;
	void *dst; /* char[size], uint64_t, int, or size_t */
	size_t size;
};

static int read_object(struct conv *c, const struct field *f, size_t n, const char *what)
{
	size_t i = 0;
	int r;

	while ((r = json_member(&c->j, &i, c->key, sizeof(c->key))) == 1) {
		const struct field *hit = NULL;

		for (size_t k = 0; k < n && !hit; k++)
			if (!strcmp(c->key, f[k].key))
				hit = &f[k];
		if (!hit) {
			r = json_skip(&c->j);
		} else if (hit->kind == F_STR) {
			r = json_string(&c->j, hit->dst, hit->size, NULL);
			if (r == -E2BIG)
				return fail(c, "%s: \"%s\" too long", what, hit->key);
		} else if (hit->kind == F_U64) {
			r = json_u64(&c->j, hit->dst);
		} else if (hit->kind == F_BOOL) {
			r = json_bool(&c->j, hit->dst);
		} else {
			(void)json_peek(&c->j);
			*(size_t *)hit->dst = json_offset(&c->j);
			r = json_skip(&c->j);
		}
		if (r)
			return c->j.rc;
	}
	return r ? c->j.rc : 0;
}

static int desc(uint32_t *id, uint32_t *bitpos, uint32_t *bitlen, struct conv *c, int depth);

/* The type descriptor at pos, read without moving the parser. Only a
 * field's own type may be a bitfield (bitpos not NULL). */
static int desc_at(uint32_t *id, uint32_t *bitpos, uint32_t *bitlen, struct conv *c, size_t pos,
                   int depth)
{
	const char *save = c->j.p;
	uint32_t bp, bl;
	int rc;

	c->j.p = c->j.base + pos;
	rc = desc(id, &bp, &bl, c, depth + 1);
	c->j.p = save;
	if (!rc && bl && !bitpos)
		return fail(c, "%s: a bitfield inside another type", c->where);
	if (bitpos) {
		*bitpos = bp;
		*bitlen = bl;
	}
	return rc;
}

/* A struct, union or enum by name: the named type, or a forward
 * declaration of it (made once). */
static int by_name(uint32_t *id, struct conv *c, const char *kind, const char *name)
{
	char cls = !strcmp(kind, "enum") ? 'E' : 'U';
	char fcls = cls == 'E' ? 'e' : !strcmp(kind, "union") ? 'n' : 's';
	uint32_t off;

	if (btf_strs_add(&off, &c->strs, name))
		return oom(c);
	*id = vms__map64_get(&c->ids, key_of(off, cls));
	if (!*id)
		*id = vms__map64_get(&c->ids, key_of(off, fcls));
	if (*id)
		return 0;
	if (cls == 'E' ? derived(id, c, off, BTF_ENUM, 0, 4, NULL, 0)
	               : derived(id, c, off, BTF_FWD, fcls == 'n', 0, NULL, 0))
		return c->j.rc;
	return vms__map64_put(&c->ids, key_of(off, fcls), *id) ? oom(c) : 0;
}

static int pointer_to(uint32_t *id, struct conv *c, uint32_t sub)
{
	*id = vms__map64_get(&c->ptrs, sub + 1ull);
	if (*id)
		return 0;
	if (derived(id, c, 0, BTF_PTR, 0, sub, NULL, 0))
		return c->j.rc;
	return vms__map64_put(&c->ptrs, sub + 1ull, *id) ? oom(c) : 0;
}
static int array_of(uint32_t *id, struct conv *c, uint32_t elem, uint64_t count)
{
	uint32_t extra[3];

	if (count > UINT32_MAX)
		return fail(c, "%s: an array too long", c->where);
	if (!c->index_type) {
		uint32_t name;

		if (btf_strs_add(&name, &c->strs, "__ARRAY_SIZE_TYPE__") ||
		    derived(&c->index_type, c, name, BTF_INT, 0, 4, (uint32_t[]){ 32 }, 1))
			return oom(c);
	}
	extra[0] = elem;
	extra[1] = c->index_type;
	extra[2] = (uint32_t)count;
	return derived(id, c, 0, BTF_ARRAY, 0, 0, extra, 3);
}

/* One type descriptor ({"kind": ..., ...}) to a BTF id; a bitfield's
 * position and length in *bitpos and *bitlen (0 when not one). */
static int desc(uint32_t *id, uint32_t *bitpos, uint32_t *bitlen, struct conv *c, int depth)
{
	char kind[32] = "", name[ISF_NAME] = "";
	uint64_t count = 0, bp = 0, bl = 0;
	size_t sub = 0;
	const struct field f[] = {
		{ "kind", F_STR, kind, sizeof(kind) },
		{ "name", F_STR, name, sizeof(name) },
		{ "count", F_U64, &count, 0 },
		{ "bit_position", F_U64, &bp, 0 },
		{ "bit_length", F_U64, &bl, 0 },
		{ "subtype", F_POS, &sub, 0 },
		{ "type", F_POS, &sub, 0 },
	};

	*bitpos = *bitlen = 0;
	if (depth > ISF_DEPTH)
		return fail(c, "%s: a type nested too deep", c->where);
	if (read_object(c, f, sizeof(f) / sizeof(f[0]), c->where))
		return c->j.rc;
	if (!strcmp(kind, "base")) {
		uint32_t off;

		if (!strcmp(name, "void")) {
			*id = 0;
			return 0;
		}
		if (btf_strs_add(&off, &c->strs, name))
			return oom(c);
		*id = vms__map64_get(&c->ids, key_of(off, 'B'));
		if (!*id)
			return fail(c, "%s: base type \"%s\" is not in base_types", c->where, name);
		return 0;
	}
	if (!strcmp(kind, "struct") || !strcmp(kind, "class") || !strcmp(kind, "union") ||
	    !strcmp(kind, "enum")) {
		if (!name[0])
			return fail(c, "%s: a %s type without a name", c->where, kind);
		return by_name(id, c, kind, name);
	}
	if (!strcmp(kind, "function")) {
		if (!c->proto && derived(&c->proto, c, 0, BTF_FUNC_PROTO, 0, 0, NULL, 0))
			return c->j.rc;
		*id = c->proto;
		return 0;
	}
	if (strcmp(kind, "pointer") != 0 && strcmp(kind, "array") != 0 &&
	    strcmp(kind, "bitfield") != 0)
		return fail(c, "%s: unknown type kind \"%s\"", c->where, kind);
	if (!sub)
		return fail(c, "%s: a %s type with no subtype", c->where, kind);
	if (desc_at(id, NULL, NULL, c, sub, depth))
		return c->j.rc;
	if (!strcmp(kind, "pointer"))
		return pointer_to(id, c, *id);
	if (!strcmp(kind, "bitfield")) {
		if (bl == 0 || bl > 64 || bp > 64)
			return fail(c, "%s: a bitfield with a bad position or length", c->where);
		*bitpos = (uint32_t)bp;
		*bitlen = (uint32_t)bl;
		return 0;
	}
	return array_of(id, c, *id, count);
}

/* The value of a section's member, where pass 2 will find it. */
static int section(struct conv *c, char cls)
{
	size_t i = 0;
	int r;

	while ((r = json_member(&c->j, &i, c->key, sizeof(c->key))) == 1) {
		uint32_t name;

		if (cls == 'B' && !strcmp(c->key, "void")) {
			if (json_skip(&c->j))
				return c->j.rc;
			continue;
		}
		if (json_peek(&c->j) != JSON_OBJECT)
			return fail(c, "%s is not an object", c->key);
		if (btf_strs_add(&name, &c->strs, c->key))
			return oom(c);
		r = add_named(c, name, cls, json_offset(&c->j));
		if (r == -E2BIG)
			return fail(c, "%s", "more than 2^24 types");
		if (r < 0)
			return oom(c);
		if (json_skip(&c->j))
			return c->j.rc;
	}
	return r ? c->j.rc : 0;
}

static int unbase64(char *out, size_t size, const char *in)
{
	size_t n = 0;
	uint32_t acc = 0;
	int bits = 0;

	for (const char *p = in; *p && *p != '='; p++) {
		const char *tab =
		        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		const char *at = strchr(tab, *p);

		if (!at)
			return -EINVAL;
		acc = acc << 6 | (uint32_t)(at - tab);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n + 1 >= size)
				return -E2BIG;
			out[n++] = (char)(acc >> bits & 0xff);
		}
	}
	out[n] = '\0';
	return 0;
}

static int symbols(struct conv *c)
{
	char name[ISF_NAME], data[(ISF_BANNER + 2) / 3 * 4 + 4];
	size_t i = 0;
	int r;

	while ((r = json_member(&c->j, &i, name, sizeof(name))) == 1) {
		uint64_t addr = 0;
		size_t k = 0;
		int have = 0;

		while ((r = json_member(&c->j, &k, c->key, sizeof(c->key))) == 1) {
			if (!strcmp(c->key, "address")) {
				r = json_u64(&c->j, &addr);
				have = 1;
			} else if (!strcmp(c->key, "constant_data") &&
			           !strcmp(name, "linux_banner")) {
				r = json_string(&c->j, data, sizeof(data), NULL);
				if (!r && !c->banner) {
					c->banner = malloc(ISF_BANNER + 1);
					if (!c->banner)
						return oom(c);
					if (unbase64(c->banner, ISF_BANNER + 1, data))
						return fail(
						        c, "%s",
						        "linux_banner's constant_data is not base64");
				}
			} else {
				r = json_skip(&c->j);
			}
			if (r == -E2BIG)
				return fail(c, "%s", "linux_banner's constant_data is too long");
			if (r)
				return c->j.rc;
		}
		if (r)
			return c->j.rc;
		if (!have)
			return fail(c, "symbol %s has no address", name);
		r = ksyms_add(c->syms, addr, '?', name, strlen(name));
		if (r == -E2BIG)
			return fail(c, "%s", "too many symbols");
		if (r)
			return oom(c);
	}
	return r ? c->j.rc : 0;
}

/* Pass 1: the top level. */
static int collect(struct conv *c)
{
	size_t i = 0;
	int r;

	while ((r = json_member(&c->j, &i, c->key, sizeof(c->key))) == 1) {
		if (!strcmp(c->key, "base_types"))
			r = section(c, 'B');
		else if (!strcmp(c->key, "user_types"))
			r = section(c, 'U');
		else if (!strcmp(c->key, "enums"))
			r = section(c, 'E');
		else if (!strcmp(c->key, "symbols"))
			r = symbols(c);
		else
			r = json_skip(&c->j);
		if (r)
			return c->j.rc;
	}
	if (r)
		return c->j.rc;
	if (json_peek(&c->j) != JSON_BAD || c->j.p != c->j.end)
		return fail(c, "%s", "text after the end of the document");
	return 0;
}

static int emit_base(struct conv *c, const char *name, uint32_t name_off)
{
	char kind[16] = "";
	uint64_t size = 0;
	int sign = 0;
	uint32_t enc;
	const struct field f[] = { { "kind", F_STR, kind, sizeof(kind) },
		                   { "size", F_U64, &size, 0 },
		                   { "signed", F_BOOL, &sign, 0 } };

	(void)snprintf(c->where, sizeof(c->where), "base type %s", name);
	if (read_object(c, f, sizeof(f) / sizeof(f[0]), c->where))
		return c->j.rc;
	if (!strcmp(kind, "void"))
		return btf_buf_type(&c->types, name_off, BTF_TYPEDEF, 0, 0, 0) ? oom(c) : 0;
	if (size != 1 && size != 2 && size != 4 && size != 8 && size != 16)
		return fail(c, "base type %s: size %" PRIu64 " is not 1, 2, 4, 8 or 16", name,
		            size);
	if (!strcmp(kind, "float"))
		return btf_buf_type(&c->types, name_off, BTF_FLOAT, 0, 0, (uint32_t)size) ? oom(c)
		                                                                          : 0;
	if (strcmp(kind, "int") != 0 && strcmp(kind, "char") != 0 && strcmp(kind, "bool") != 0)
		return fail(c, "base type %s: unknown kind \"%s\"", name, kind);
	enc = (sign ? 1u : 0) | (!strcmp(kind, "char") ? 2u : 0) | (!strcmp(kind, "bool") ? 4u : 0);
	if (btf_buf_type(&c->types, name_off, BTF_INT, 0, 0, (uint32_t)size) ||
	    btf_buf_put32(&c->types, enc << 24 | (uint32_t)size * 8))
		return oom(c);
	return 0;
}

struct member {
	uint32_t name, type, bitsize;
	uint64_t bits;
};

static int emit_fields(struct conv *c, struct btf_buf *m, const char *tname, size_t pos)
{
	char fname[ISF_NAME];
	size_t i = 0;
	int r;

	c->j.p = c->j.base + pos;
	while ((r = json_member(&c->j, &i, fname, sizeof(fname))) == 1) {
		struct member f = { 0 };
		uint64_t offset = UINT64_MAX;
		size_t type = 0;
		int anon = !strncmp(fname, "unnamed_field", 13);
		uint32_t bitpos = 0;
		const struct field want[] = { { "offset", F_U64, &offset, 0 },
			                      { "anonymous", F_BOOL, &anon, 0 },
			                      { "type", F_POS, &type, 0 } };

		(void)snprintf(c->where, sizeof(c->where), "%s.%s", tname, fname);
		if (read_object(c, want, sizeof(want) / sizeof(want[0]), c->where))
			return c->j.rc;
		if (offset == UINT64_MAX || !type)
			return fail(c, "%s: a field without an offset or a type", c->where);
		if (offset > UINT32_MAX / 8)
			return fail(c, "%s: offset %" PRIu64 " too large", c->where, offset);
		if (desc_at(&f.type, &bitpos, &f.bitsize, c, type, 0))
			return c->j.rc;
		if (!anon && btf_strs_add(&f.name, &c->strs, fname))
			return oom(c);
		f.bits = offset * 8 + bitpos;
		if (m->len / sizeof(f) >= ISF_FIELDS)
			return fail(c, "%s: more than 65535 fields", tname);
		if (btf_buf_put(m, &f, sizeof(f)))
			return oom(c);
	}
	return r ? c->j.rc : 0;
}

static int emit_user(struct conv *c, struct btf_buf *m, const char *name, uint32_t name_off)
{
	char kind[16] = "";
	uint64_t size = 0;
	size_t fields = 0, n;
	const struct member *f;
	int kflag = 0;
	const struct field want[] = { { "kind", F_STR, kind, sizeof(kind) },
		                      { "size", F_U64, &size, 0 },
		                      { "fields", F_POS, &fields, 0 } };

	(void)snprintf(c->where, sizeof(c->where), "user type %s", name);
	if (read_object(c, want, sizeof(want) / sizeof(want[0]), c->where))
		return c->j.rc;
	if (strcmp(kind, "struct") != 0 && strcmp(kind, "union") != 0 && strcmp(kind, "class") != 0)
		return fail(c, "user type %s: kind \"%s\" is not struct, union or class", name,
		            kind);
	if (size > UINT32_MAX)
		return fail(c, "user type %s: size too large", name);
	m->len = 0;
	if (fields && emit_fields(c, m, name, fields))
		return c->j.rc;
	f = (const struct member *)m->p;
	n = m->len / sizeof(*f);
	for (size_t k = 0; k < n; k++)
		kflag |= f[k].bitsize != 0;
	if (btf_buf_type(&c->types, name_off, !strcmp(kind, "union") ? BTF_UNION : BTF_STRUCT,
	                 (unsigned)n, kflag, (uint32_t)size))
		return oom(c);
	for (size_t k = 0; k < n; k++) {
		if (kflag ? f[k].bits >= (1u << 24) : f[k].bits > UINT32_MAX)
			return fail(c, "user type %s: a bitfield's offset does not fit BTF", name);
		if (btf_buf_put32(&c->types, f[k].name) || btf_buf_put32(&c->types, f[k].type) ||
		    btf_buf_put32(&c->types, (uint32_t)f[k].bits | f[k].bitsize << 24))
			return oom(c);
	}
	return 0;
}

struct constant {
	uint32_t name;
	int64_t v;
};

static int emit_enum(struct conv *c, struct btf_buf *m, const char *name, uint32_t name_off)
{
	char cname[ISF_NAME];
	uint64_t size = 4;
	size_t constants = 0, k = 0, n;
	const struct constant *e;
	int r = 0, neg = 0, wide = 0;
	const struct field want[] = { { "size", F_U64, &size, 0 },
		                      { "constants", F_POS, &constants, 0 } };

	(void)snprintf(c->where, sizeof(c->where), "enum %s", name);
	if (read_object(c, want, sizeof(want) / sizeof(want[0]), c->where))
		return c->j.rc;
	m->len = 0;
	c->j.p = c->j.base + constants;
	while (constants && (r = json_member(&c->j, &k, cname, sizeof(cname))) == 1) {
		struct constant v;

		if (json_i64(&c->j, &v.v))
			return c->j.rc;
		if (btf_strs_add(&v.name, &c->strs, cname) || btf_buf_put(m, &v, sizeof(v)))
			return oom(c);
		if (m->len / sizeof(v) > ISF_FIELDS)
			return fail(c, "enum %s: more than 65535 constants", name);
	}
	if (constants && r)
		return c->j.rc;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return fail(c, "enum %s: size %" PRIu64 " is not 1, 2, 4 or 8", name, size);
	e = (const struct constant *)m->p;
	n = m->len / sizeof(*e);
	for (k = 0; k < n; k++) {
		neg |= e[k].v < 0;
		wide |= e[k].v < INT32_MIN || e[k].v > UINT32_MAX;
	}
	wide |= size == 8;
	if (btf_buf_type(&c->types, name_off, wide ? BTF_ENUM64 : BTF_ENUM, (unsigned)n, neg,
	                 (uint32_t)size))
		return oom(c);
	for (k = 0; k < n; k++)
		if (btf_buf_put32(&c->types, e[k].name) ||
		    btf_buf_put32(&c->types, (uint32_t)e[k].v) ||
		    (wide && btf_buf_put32(&c->types, (uint32_t)((uint64_t)e[k].v >> 32))))
			return oom(c);
	return 0;
}

/* Pass 2: every named type in id order. */
static int emit(struct conv *c)
{
	struct btf_buf m = { 0 };
	int rc = 0;

	for (uint32_t i = 0; i < c->nnamed && !rc; i++) {
		const struct named *n = &c->named[i];
		char name[ISF_NAME];

		/* A copy: the string section grows as fields are read. */
		(void)snprintf(name, sizeof(name), "%s", (const char *)c->strs.buf.p + n->name);
		c->j.p = c->j.base + n->pos;
		rc = n->cls == 'B'   ? emit_base(c, name, n->name)
		     : n->cls == 'U' ? emit_user(c, &m, name, n->name)
		                     : emit_enum(c, &m, name, n->name);
	}
	free(m.p);
	return rc;
}

static int assemble(struct isf *out, struct conv *c)
{
	int rc = btf_blob(&out->btf, &out->btf_len, &c->types, &c->derived, &c->strs);

	if (rc == -E2BIG)
		return vms_error_set(-E2BIG, "ISF: its types make more than 4 GiB of BTF");
	if (rc)
		return vms_error_set(-ENOMEM, "out of memory");
	return 0;
}

void isf_clear(struct isf *isf)
{
	ksyms_free(isf->syms);
	free(isf->btf);
	free(isf->banner);
	memset(isf, 0, sizeof(*isf));
}

int isf_parse(struct isf *out, const char *text, size_t len)
{
	struct conv *c = calloc(1, sizeof(*c));
	int rc;

	memset(out, 0, sizeof(*out));
	if (!c)
		return vms_error_set(-ENOMEM, "out of memory");
	json_init(&c->j, text, len);
	c->syms = ksyms_new();
	rc = c->syms && btf_strs_init(&c->strs) == 0 ? 0 : oom(c);
	if (!rc)
		rc = collect(c);
	if (!rc)
		rc = emit(c);
	if (rc)
		rc = vms_error_set(rc, "ISF: %s", c->j.err);
	else if (c->syms->n == 0 && c->nnamed == 0)
		rc = vms_error_set(-EINVAL, "ISF: no symbols and no types");
	else if (ksyms_seal(c->syms))
		rc = vms_error_set(-ENOMEM, "out of memory");
	else
		rc = assemble(out, c);
	if (!rc) {
		out->syms = c->syms;
		out->banner = c->banner;
		c->syms = NULL;
		c->banner = NULL;
	}
	ksyms_free(c->syms);
	free(c->banner);
	free(c->types.p);
	free(c->derived.p);
	btf_strs_free(&c->strs);
	free(c->named);
	vms__map64_free(&c->ids);
	vms__map64_free(&c->ptrs);
	free(c);
	return rc;
}
