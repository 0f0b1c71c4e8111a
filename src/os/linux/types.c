// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel's types: its BTF, read from between __start_BTF and __stop_BTF
 * on first use (listing processes needs it; looking up symbols does not),
 * the offsets vmscope uses resolved from it in one pass, and the type API.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/array.h"
#include "../../util/error.h"
#include "../../util/bytes.h"
#include "linux.h"

#define BTF_MAX_SIZE (256u << 20)

static const struct {
	const char *type, *path, *alt, *name;
} offset_table[LX_NOFFSETS] = {
#define LX_ROW(id, s, p, a) [LX_##id] = { s, p, a, s "." p },
	LX_OFFSETS(LX_ROW)
#undef LX_ROW
};

static int find_type(uint32_t *id, const struct btf *b, const char *name)
{
	if (!strncmp(name, "struct ", 7))
		return btf_find(id, b, name + 7, BTF_STRUCT);
	if (!strncmp(name, "union ", 6))
		return btf_find(id, b, name + 6, BTF_UNION);
	if (!strncmp(name, "enum ", 5))
		return btf_find(id, b, name + 5, BTF_ENUM);
	if (!btf_find(id, b, name, BTF_STRUCT) || !btf_find(id, b, name, BTF_UNION) ||
	    !btf_find(id, b, name, BTF_TYPEDEF) || !btf_find(id, b, name, BTF_INT) ||
	    !btf_find(id, b, name, BTF_ENUM))
		return 0;
	return -ENOENT;
}

static void resolve_offsets(struct vms_linux *lx)
{
	for (int i = 0; i < LX_NOFFSETS; i++) {
		struct btf_member_at m;
		uint32_t id;

		lx->off[i] = LX_OFF_MISSING;
		if (find_type(&id, lx->btf, offset_table[i].type))
			continue;
		if (btf_member(&m, lx->btf, id, offset_table[i].path) &&
		    (!offset_table[i].alt || btf_member(&m, lx->btf, id, offset_table[i].alt)))
			continue;
		lx->off[i] = (int64_t)(m.bit_offset / 8);
	}
}

static int load_btf(struct vms_linux *lx)
{
	uint64_t start = lx_sym(lx, "__start_BTF"), stop = lx_sym(lx, "__stop_BTF");
	const void *in_place;
	uint8_t *buf;
	size_t len, got;
	int rc;

	if (lx->isf_btf) {
		buf = lx->isf_btf;
		lx->isf_btf = NULL;
		rc = btf_parse_owned(&lx->btf, buf, lx->isf_btf_len);
		return rc ? vms_error_set(rc, "the ISF's types: %s", vms_error_last()) : 0;
	}
	if (!start || !stop)
		return vms_error_set(-ENOENT, "the kernel has no BTF (no __start_BTF/__stop_BTF in "
		                              "kallsyms: built without CONFIG_DEBUG_INFO_BTF); "
		                              "give its types as a Volatility ISF");
	if (stop <= start || stop - start > BTF_MAX_SIZE)
		return vms_error_set(-EINVAL, "BTF bounds %#" PRIx64 "..%#" PRIx64 " make no sense",
		                     start, stop);
	len = (size_t)(stop - start);
	if (lx_map_static(&in_place, lx, start, len) == 0)
		return btf_parse_borrowed(&lx->btf, in_place, len);
	buf = malloc(len);
	if (!buf)
		return vms_error_set(-ENOMEM, "out of memory for %zu bytes of BTF", len);
	rc = vms_linux_read(buf, &got, lx, start, len);
	if (rc) {
		free(buf);
		return rc;
	}
	return btf_parse_owned(&lx->btf, buf, len);
}

int lx_types(struct vms_linux *lx)
{
	if (lx->types_rc == 0 && !lx->btf) {
		lx->types_rc = load_btf(lx);
		if (lx->types_rc == 0)
			resolve_offsets(lx);
		else
			(void)snprintf(lx->types_err, sizeof(lx->types_err), "%s",
			               vms_error_last());
		if (lx->types_rc == 0 && !lx->btf)
			lx->types_rc = -ENOENT;
	}
	if (lx->types_rc)
		return vms_error_set(lx->types_rc, "%s", lx->types_err);
	return 0;
}

int lx_off(int64_t *off, struct vms_linux *lx, enum lx_off id)
{
	int rc = lx_types(lx);

	if (rc)
		return rc;
	if (lx->off[id] == LX_OFF_MISSING)
		return vms_error_set(-ENOENT, "kernel offset %s not found in the kernel's types",
		                     offset_table[id].name);
	*off = lx->off[id];
	return 0;
}

int lx_array(uint32_t *nelems, uint64_t *elem_size, struct vms_linux *lx, const char *type,
             const char *path)
{
	struct btf_member_at m;
	struct btf_type t;
	uint32_t id;
	int rc = lx_types(lx);

	if (rc)
		return rc;
	if (find_type(&id, lx->btf, type) || btf_member(&m, lx->btf, id, path) ||
	    btf_type(&t, lx->btf, btf_resolve(lx->btf, m.type)) || t.kind != BTF_ARRAY ||
	    btf_size(elem_size, lx->btf, vms_le32(t.extra)))
		return vms_error_set(-ENOENT, "%s.%s is not an array in the kernel's types", type,
		                     path);
	*nelems = vms_le32(t.extra + 8);
	return 0;
}

int lx_has(struct vms_linux *lx, enum lx_off id)
{
	return lx_types(lx) == 0 && lx->off[id] != LX_OFF_MISSING;
}

int vms_linux_type_size(uint64_t *size, struct vms_linux *lx, const char *type)
{
	uint32_t id;
	int rc = lx_types(lx);

	if (rc)
		return rc;
	if (find_type(&id, lx->btf, type) || btf_size(size, lx->btf, id))
		return vms_error_set(-ENOENT, "no type %s in the kernel's BTF", type);
	return 0;
}

static void fill_member(struct vms_linux_member *out, const struct btf *b, const char *name,
                        const struct btf_member_at *m)
{
	uint64_t size = 0;

	memset(out, 0, sizeof(*out));
	out->name = name;
	out->offset = m->bit_offset / 8;
	out->bit_offset = (uint32_t)(m->bit_offset % 8);
	out->bit_size = m->bit_size;
	if (!m->bit_size && !btf_size(&size, b, m->type))
		out->size = size;
	(void)btf_type_str(out->type, sizeof(out->type), b, m->type);
}

int vms_linux_member(struct vms_linux_member *out, struct vms_linux *lx, const char *type,
                     const char *path)
{
	struct btf_member_at m;
	uint32_t id;
	int rc = lx_types(lx);

	if (rc)
		return rc;
	if (find_type(&id, lx->btf, type))
		return vms_error_set(-ENOENT, "no type %s in the kernel's BTF", type);
	if (btf_member(&m, lx->btf, id, path))
		return vms_error_set(-ENOENT, "%s has no member %s", type, path);
	fill_member(out, lx->btf, path, &m);
	return 0;
}

int vms_linux_type_members(struct vms_linux_member **out, size_t *count, struct vms_linux *lx,
                           const char *type)
{
	struct vms_linux_member *v;
	struct btf_type t;
	uint32_t id;
	int rc = lx_types(lx);

	*out = NULL;
	*count = 0;
	if (rc)
		return rc;
	if (find_type(&id, lx->btf, type) || btf_type(&t, lx->btf, btf_resolve(lx->btf, id)) ||
	    (t.kind != BTF_STRUCT && t.kind != BTF_UNION))
		return vms_error_set(-ENOENT, "no struct or union %s in the kernel's BTF", type);
	v = calloc(t.vlen ? t.vlen : 1, sizeof(*v));
	if (!v)
		return vms_error_set(-ENOMEM, "out of memory");
	for (uint32_t i = 0; i < t.vlen; i++) {
		const uint8_t *mp = t.extra + 12 * (size_t)i;
		uint32_t off = vms_le32(mp + 8);
		struct btf_member_at m = {
			.bit_offset = t.kflag ? (off & 0xffffff) : off,
			.bit_size = t.kflag ? off >> 24 : 0,
			.type = vms_le32(mp + 4),
		};

		fill_member(&v[i], lx->btf, btf_name(lx->btf, vms_le32(mp)), &m);
	}
	return vms__array_out((void **)out, count, v, t.vlen, sizeof(*v), NULL);
}

void vms_linux_members_free(struct vms_linux_member *members)
{
	vms__array_free(members, NULL);
}
