// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A Volatility 3 ISF (Intermediate Symbol Format, JSON) for the guest's
 * kernel, written from what vmscope found in its memory: base_types from
 * BTF's integers and floats, user_types from every struct and union
 * (anonymous ones named unnamed_<BTF id>, anonymous members marked as
 * such), enums, and every kallsyms symbol. Typedefs and qualifiers are
 * resolved away, as ISF has none. Symbol addresses are link-time ones (the
 * KASLR slide taken off image symbols), as Volatility expects, and
 * linux_banner carries its text so Volatility can match the file to a dump.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/error.h"
#include "../../util/bytes.h"
#include "../../util/hash.h"
#include "linux.h"

#define ISF_DEPTH 32

struct out {
	vms_write_fn fn;
	void *payload;
	char buf[1 << 16];
	size_t len;
	int rc;
};

static void flush(struct out *o)
{
	if (o->len && !o->rc)
		o->rc = o->fn(o->buf, o->len, o->payload);
	o->len = 0;
}

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->len > sizeof(o->buf) - 4096)
		flush(o);
	va_start(ap, fmt);
	/* clang-analyzer 14 misreads va_start here, as in error.c. */
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	n = vsnprintf(o->buf + o->len, sizeof(o->buf) - o->len, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(o->buf) - o->len)
		o->len += (size_t)n;
	else if (!o->rc)
		o->rc = vms_error_set(-E2BIG, "ISF: an entry is too long");
}

static void put_str(struct out *o, const char *s)
{
	put(o, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			put(o, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			put(o, "\\u%04x", *p);
		else
			put(o, "%c", *p);
	}
	put(o, "\"");
}

static void type_name(char *buf, size_t size, const struct btf *b, uint32_t id,
                      const struct btf_type *t)
{
	if (t->name_off)
		(void)snprintf(buf, size, "%s", btf_name(b, t->name_off));
	else
		(void)snprintf(buf, size, "unnamed_%u", id);
}

/* A field's type, as ISF describes types: base, pointer, array, struct,
 * union, enum, function. */
static void desc(struct out *o, const struct btf *b, uint32_t id, int depth)
{
	struct btf_type t;
	char name[160];

	id = btf_resolve(b, id);
	if (depth > ISF_DEPTH || (id && btf_type(&t, b, id))) {
		put(o, "{\"kind\": \"base\", \"name\": \"void\"}");
		return;
	}
	if (!id) {
		put(o, "{\"kind\": \"base\", \"name\": \"void\"}");
		return;
	}
	switch (t.kind) {
	case BTF_INT:
	case BTF_FLOAT:
		put(o, "{\"kind\": \"base\", \"name\": ");
		put_str(o, btf_name(b, t.name_off));
		put(o, "}");
		return;
	case BTF_PTR:
		put(o, "{\"kind\": \"pointer\", \"subtype\": ");
		desc(o, b, t.size_or_type, depth + 1);
		put(o, "}");
		return;
	case BTF_ARRAY:
		put(o, "{\"kind\": \"array\", \"count\": %u, \"subtype\": ", vms_le32(t.extra + 8));
		desc(o, b, vms_le32(t.extra), depth + 1);
		put(o, "}");
		return;
	case BTF_STRUCT:
	case BTF_UNION:
	case BTF_FWD:
	case BTF_ENUM:
	case BTF_ENUM64:
		type_name(name, sizeof(name), b, id, &t);
		put(o, "{\"kind\": \"%s\", \"name\": ",
		    t.kind == BTF_UNION || (t.kind == BTF_FWD && t.kflag) ? "union"
		    : t.kind == BTF_ENUM || t.kind == BTF_ENUM64          ? "enum"
		                                                          : "struct");
		put_str(o, name);
		put(o, "}");
		return;
	default:
		put(o, "{\"kind\": \"function\"}");
		return;
	}
}

static void base_types(struct out *o, const struct btf *b)
{
	put(o,
	    "\"base_types\": {\n\"pointer\": {\"kind\": \"int\", \"size\": 8, \"signed\": false, "
	    "\"endian\": \"little\"},\n\"void\": {\"kind\": \"void\", \"size\": 0, \"signed\": "
	    "false, \"endian\": \"little\"}");
	for (uint32_t id = 1; id <= btf_count(b); id++) {
		struct btf_type t;
		uint32_t enc;

		if (btf_type(&t, b, id) || (t.kind != BTF_INT && t.kind != BTF_FLOAT) ||
		    !t.name_off)
			continue;
		enc = t.kind == BTF_INT ? vms_le32(t.extra) >> 24 : 0;
		put(o, ",\n");
		put_str(o, btf_name(b, t.name_off));
		put(o, ": {\"kind\": \"%s\", \"size\": %u, \"signed\": %s, \"endian\": \"little\"}",
		    t.kind == BTF_FLOAT ? "float"
		    : enc & 4           ? "bool"
		    : enc & 2           ? "char"
		                        : "int",
		    t.size_or_type, enc & 1 ? "true" : "false");
	}
	put(o, "\n}");
}

/* A named type defined more than once keeps its first definition. */
static int shadowed(const struct btf *b, uint32_t id, const struct btf_type *t, const char *name)
{
	uint32_t found;

	return t->name_off && btf_find(&found, b, name, (enum btf_kind)t->kind) == 0 && found != id;
}

static void user_types(struct out *o, const struct btf *b)
{
	int first = 1;

	put(o, "\"user_types\": {");
	for (uint32_t id = 1; id <= btf_count(b); id++) {
		struct btf_type t;
		char name[160];

		if (btf_type(&t, b, id) || (t.kind != BTF_STRUCT && t.kind != BTF_UNION))
			continue;
		type_name(name, sizeof(name), b, id, &t);
		if (shadowed(b, id, &t, name))
			continue;
		put(o, "%s\n", first ? "" : ",");
		first = 0;
		put_str(o, name);
		put(o, ": {\"kind\": \"%s\", \"size\": %u, \"fields\": {",
		    t.kind == BTF_UNION ? "union" : "struct", t.size_or_type);
		for (uint32_t i = 0; i < t.vlen; i++) {
			const uint8_t *m = t.extra + 12 * (size_t)i;
			uint32_t off = vms_le32(m + 8), mtype = vms_le32(m + 4);
			uint64_t bits = t.kflag ? (off & 0xffffff) : off;
			uint32_t bsize = t.kflag ? off >> 24 : 0;
			const char *mname = btf_name(b, vms_le32(m));

			put(o, "%s", i ? ", " : "");
			if (*mname)
				put_str(o, mname);
			else
				put(o, "\"unnamed_field_%" PRIx64 "\"", bits / 8);
			put(o, ": {\"offset\": %" PRIu64 ", %s\"type\": ", bits / 8,
			    *mname ? "" : "\"anonymous\": true, ");
			if (bsize) {
				put(o,
				    "{\"kind\": \"bitfield\", \"bit_position\": %" PRIu64
				    ", \"bit_length\": %u, \"type\": ",
				    bits % 8, bsize);
				desc(o, b, mtype, 0);
				put(o, "}");
			} else {
				desc(o, b, mtype, 0);
			}
			put(o, "}");
		}
		put(o, "}}");
	}
	put(o, "\n}");
}

static void enums(struct out *o, const struct btf *b)
{
	int first = 1;

	put(o, "\"enums\": {");
	for (uint32_t id = 1; id <= btf_count(b); id++) {
		struct btf_type t;
		char name[160];

		if (btf_type(&t, b, id) || (t.kind != BTF_ENUM && t.kind != BTF_ENUM64))
			continue;
		type_name(name, sizeof(name), b, id, &t);
		if (shadowed(b, id, &t, name))
			continue;
		put(o, "%s\n", first ? "" : ",");
		first = 0;
		put_str(o, name);
		put(o, ": {\"size\": %u, \"base\": \"%s\", \"constants\": {", t.size_or_type,
		    t.size_or_type == 8 ? "long unsigned int"
		    : t.kflag           ? "int"
		                        : "unsigned int");
		for (uint32_t i = 0; i < t.vlen; i++) {
			const uint8_t *e = t.extra + (t.kind == BTF_ENUM ? 8 : 12) * (size_t)i;
			int64_t v = t.kind == BTF_ENUM
			                    ? (t.kflag ? (int64_t)(int32_t)vms_le32(e + 4)
			                               : (int64_t)vms_le32(e + 4))
			                    : (int64_t)((uint64_t)vms_le32(e + 8) << 32 |
			                                vms_le32(e + 4));

			put(o, "%s", i ? ", " : "");
			put_str(o, btf_name(b, vms_le32(e)));
			put(o, ": %" PRId64, v);
		}
		put(o, "}}");
	}
	put(o, "\n}");
}

static void base64(struct out *o, const unsigned char *s, size_t n)
{
	static const char tab[] =
	        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	put(o, "\"");
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0) |
		             (i + 2 < n ? s[i + 2] : 0);

		put(o, "%c%c%c%c", tab[v >> 18 & 63], tab[v >> 12 & 63],
		    i + 1 < n ? tab[v >> 6 & 63] : '=', i + 2 < n ? tab[v & 63] : '=');
	}
	put(o, "\"");
}

static int symbols(struct out *o, struct vms_linux *lx)
{
	struct ksyms *ks = lx->k.ks;
	uint64_t slide = lx->k.text_gva - LX_LINK_TEXT, text = lx->k.text_gva;
	struct lx_seen names = { 0 };
	char banner[512];
	size_t blen = 0;
	int first = 1;

	if (ksyms_expand(ks))
		return vms_error_set(-ENOMEM, "out of memory");
	if (lx_sym(lx, "linux_banner") &&
	    vms_read_str_gva(banner, sizeof(banner), &blen, lx->t, lx->k.pt_root,
	                     lx_sym(lx, "linux_banner")) < 0)
		blen = 0;
	put(o, "\"symbols\": {");
	for (uint32_t i = 0; i < ks->n && !o->rc; i++) {
		const char *name = ksyms_name(ks, i);
		uint64_t addr = ks->addr[i];
		int seen = lx_seen_add(&names, vms__fnv1a64(name) | 1);

		if (seen < 0) {
			lx_seen_free(&names);
			return vms_error_set(-ENOMEM, "out of memory");
		}
		if (seen)
			continue; /* the first of a name, as kallsyms_lookup_name */
		if (addr >= text)
			addr -= slide;
		put(o, "%s\n", first ? "" : ",");
		first = 0;
		put_str(o, name);
		put(o, ": {\"address\": %" PRIu64, addr);
		if (!strcmp(name, "linux_banner") && blen) {
			put(o, ", \"constant_data\": ");
			base64(o, (const unsigned char *)banner, blen + 1);
		}
		put(o, "}");
	}
	lx_seen_free(&names);
	put(o, "\n}");
	return 0;
}

int vms_linux_isf_write(struct vms_linux *lx, vms_write_fn fn, void *payload)
{
	struct vms_linux_uname u = { .sz = sizeof(u) };
	struct out *o;
	int rc = lx_types(lx);

	if (rc)
		return rc;
	o = calloc(1, sizeof(*o));
	if (!o)
		return vms_error_set(-ENOMEM, "out of memory");
	o->fn = fn;
	o->payload = payload;
	put(o,
	    "{\"metadata\": {\"format\": \"6.2.0\", \"producer\": {\"name\": \"vmscope\", "
	    "\"version\": \"%s\"}, \"linux\": {\"symbols\": [{\"kind\": \"kallsyms\", \"name\": ",
	    vms_version());
	put_str(o, vms_linux_uname(&u, lx) == 0 ? u.release : "");
	put(o, "}], \"types\": [{\"kind\": \"btf\"}]}},\n");
	base_types(o, lx->btf);
	put(o, ",\n");
	user_types(o, lx->btf);
	put(o, ",\n");
	enums(o, lx->btf);
	put(o, ",\n");
	rc = symbols(o, lx);
	put(o, "\n}\n");
	flush(o);
	if (!rc)
		rc = o->rc;
	free(o);
	return rc;
}
