// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Linux layer's entry point: open finds the kernel (find.c) and picks
 * one when memory holds several, and the symbol API sits on the decoded
 * kallsyms (kallsyms.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/error.h"
#include "../../core/internal.h"
#include "../../util/opts.h"
#include "linux.h"
#include "symfile.h"

/* VMCOREINFO's KERNELOFFSET (hex) and NUMBER(phys_base) (signed decimal),
 * as the kernel writes them; -ENOENT when the dump has none. */
static int vmcoreinfo_hint(struct vms_target *t, uint64_t *slide, uint64_t *phys_base)
{
	char v[32], *end;

	if (vms_vmcoreinfo_get(v, sizeof(v), t, "KERNELOFFSET"))
		return -ENOENT;
	*slide = strtoull(v, &end, 16);
	if (*end || end == v)
		return -EINVAL;
	*phys_base = 0;
	if (vms_vmcoreinfo_get(v, sizeof(v), t, "NUMBER(phys_base)") == 0)
		*phys_base = (uint64_t)strtoll(v, &end, 10);
	return 0;
}

static uint64_t phys_base(const struct lx_kernel *k)
{
	return k->text_gpa - (k->text_gva - LX_START_KERNEL_MAP);
}

static int choose(struct vms_linux *lx, struct lx_kernel *list, size_t count)
{
	uint64_t slide, base;
	int hint = vmcoreinfo_hint(lx->t, &slide, &base) == 0;
	size_t agree = 0, pick = 0, used = 0;
	char msg[768];

	/* Several kernels check out: VMCOREINFO may tell them apart. */
	for (size_t i = 0; hint && count > 1 && !lx->opts.kernel_gpa && i < count; i++)
		if (list[i].text_gva - LX_LINK_TEXT == slide && phys_base(&list[i]) == base) {
			agree++;
			pick = i;
		}
	if (agree == 1) {
		lx->k = list[pick];
		memset(&list[pick], 0, sizeof(list[pick]));
		return 0;
	}
	for (size_t i = 0; i < count; i++)
		if (lx->opts.kernel_gpa ? list[i].text_gpa == lx->opts.kernel_gpa : count == 1) {
			lx->k = list[i];
			memset(&list[i], 0, sizeof(list[i]));
			return 0;
		}
	for (size_t i = 0; i < count && used < sizeof(msg); i++)
		used += (size_t)snprintf(msg + used, sizeof(msg) - used,
		                         "%s_text %#" PRIx64 " at gpa %#" PRIx64, i ? "; " : "",
		                         list[i].text_gva, list[i].text_gpa);
	if (lx->opts.kernel_gpa)
		return vms_error_set(-ENOENT, "no kernel with _text at gpa %#" PRIx64 "; found: %s",
		                     lx->opts.kernel_gpa, msg);
	return vms_error_set(-EEXIST,
	                     "%zu kernels in memory check out and nothing tells them apart: %s; "
	                     "choose one by its gpa",
	                     count, msg);
}

/* The symbol files the options name: symbols to find the kernel with
 * (*ext, NULL for the guest's kallsyms), and an ISF's types and banner. */
static int load_files(struct vms_linux *lx, struct ksyms **ext, struct isf *isf)
{
	char *text;
	size_t len;
	int rc = 0;

	*ext = NULL;
	memset(isf, 0, sizeof(*isf));
	lx->syms_from = "kallsyms";
	lx->types_from = "BTF";
	if (lx->opts.system_map) {
		rc = symfile_load(&text, &len, lx->opts.system_map);
		if (rc)
			return rc;
		rc = sysmap_parse(ext, text, len);
		free(text);
		if (rc)
			return vms_error_set(rc, "%s: %s", lx->opts.system_map, vms_error_last());
		lx->syms_from = "System.map";
	}
	if (lx->opts.isf) {
		rc = symfile_load(&text, &len, lx->opts.isf);
		if (!rc) {
			rc = isf_parse(isf, text, len);
			free(text);
			if (rc)
				rc = vms_error_set(rc, "%s: %s", lx->opts.isf, vms_error_last());
		}
		if (rc) {
			ksyms_free(*ext);
			*ext = NULL;
			return rc;
		}
		if (!*ext && isf->syms->n) {
			*ext = isf->syms;
			isf->syms = NULL;
			lx->syms_from = "ISF";
		}
		lx->isf_btf = isf->btf;
		lx->isf_btf_len = isf->btf_len;
		isf->btf = NULL;
		lx->types_from = "ISF";
	}
	return 0;
}

/* An ISF names the kernel it describes by its banner: it must be the
 * guest's. */
static int check_banner(struct vms_linux *lx)
{
	const char *want = lx->isf_banner;
	char have[1024];
	size_t n = 0;
	uint64_t at = lx_sym(lx, "linux_banner");

	if (!want)
		return 0;
	if (!at || vms_read_str_gva(have, sizeof(have), &n, lx->t, lx->k.pt_root, at) < 0)
		return vms_error_set(-ENOENT, "%s: cannot read the guest's linux_banner to match",
		                     lx->isf_name);
	if (strcmp(have, want) != 0)
		return vms_error_set(-EINVAL,
		                     "%s is for another kernel: its banner is \"%.*s\", the "
		                     "guest's \"%.*s\"",
		                     lx->isf_name, (int)strcspn(want, "\n"), want,
		                     (int)strcspn(have, "\n"), have);
	return 0;
}

/* Find the kernel (with the symbol file's symbols, if any) and check it
 * against the ISF's banner. */
static int find(struct vms_linux *lx)
{
	struct lx_kernel *list = NULL;
	size_t count = 0;
	int rc = lx_find_kernels(&list, &count, lx->t, lx->ext);

	if (!rc) {
		uint64_t slide, base;

		lx->candidates = (unsigned)count;
		rc = choose(lx, list, count);
		if (!rc && vmcoreinfo_hint(lx->t, &slide, &base) == 0) {
			lx->vmcoreinfo =
			        lx->k.text_gva - LX_LINK_TEXT == slide && phys_base(&lx->k) == base
			                ? 1
			                : -1;
			if (lx->vmcoreinfo < 0)
				vms__tlog(lx->t, VMS_LOG_WARN,
				          "VMCOREINFO says KERNELOFFSET=%" PRIx64
				          " phys_base=%#" PRIx64
				          "; the kernel's own tables say %" PRIx64 " and %#" PRIx64
				          "; using the latter",
				          slide, base, (uint64_t)(lx->k.text_gva - LX_LINK_TEXT),
				          phys_base(&lx->k));
		}
	}
	for (size_t i = 0; i < count; i++)
		lx_kernel_clear(&list[i]);
	free(list);
	if (!rc)
		rc = check_banner(lx);
	return rc;
}

int vms_linux_open(struct vms_linux **out, struct vms_target *t, const struct vms_linux_opts *opts)
{
	struct vms_linux *lx;
	struct isf isf = { 0 };
	int rc;

	if (!out)
		return vms_error_set(-EINVAL, "vms_linux_open: NULL out");
	*out = NULL;
	if (!t)
		return vms_error_set(-EINVAL, "vms_linux_open: NULL target");
	lx = calloc(1, sizeof(*lx));
	if (!lx)
		return vms_error_set(-ENOMEM, "out of memory");
	lx->t = t;
	rc = vms__opts_copy(&lx->opts, sizeof(lx->opts), opts, "vms_linux_opts");
	if (!rc)
		rc = load_files(lx, &lx->ext, &isf);
	if (!rc && lx->opts.isf &&
	    (!(lx->isf_name = strdup(lx->opts.isf)) ||
	     (isf.banner && !(lx->isf_banner = strdup(isf.banner)))))
		rc = vms_error_set(-ENOMEM, "out of memory");
	if (!rc)
		rc = find(lx);
	isf_clear(&isf);
	/* The options' strings are the caller's: not kept past open. */
	lx->opts.system_map = lx->opts.isf = NULL;
	if (rc) {
		vms_linux_close(lx);
		return rc;
	}
	*out = lx;
	return 0;
}

int vms_linux_refresh(struct vms_linux *lx)
{
	struct lx_kernel old;
	int rc;

	if (!lx)
		return vms_error_set(-EINVAL, "vms_linux_refresh: NULL argument");
	old = lx->k;
	memset(&lx->k, 0, sizeof(lx->k));
	/* A rebooted guest may be in another paging mode, at other addresses. */
	vms__paging_forget(lx->t);
	rc = find(lx);
	if (rc) {
		lx_kernel_clear(&lx->k);
		lx->k = old;
		return rc;
	}
	lx_kernel_clear(&old);
	/* The guest's own types go with its kernel: read them again on use.
	 * An ISF's stay: the banner check said they are this kernel's. */
	if (lx->types_from && !strcmp(lx->types_from, "BTF")) {
		btf_free(lx->btf);
		lx->btf = NULL;
		lx->types_rc = 0;
	}
	return 0;
}

void vms_linux_close(struct vms_linux *lx)
{
	if (!lx)
		return;
	lx_kernel_clear(&lx->k);
	btf_free(lx->btf);
	free(lx->isf_btf);
	ksyms_free(lx->ext);
	free(lx->isf_name);
	free(lx->isf_banner);
	free(lx);
}

static void kernel_fill(struct vms_linux_kernel *out, const struct vms_linux *lx);

int vms_linux_kernel(struct vms_linux_kernel *out, const struct vms_linux *lx)
{
	struct vms_linux_kernel k = { .sz = sizeof(k) };
	int rc = vms__out_check(out, "vms_linux_kernel");

	if (rc)
		return rc;
	kernel_fill(&k, lx);
	vms__out_copy(out, &k, sizeof(k));
	return 0;
}

static void kernel_fill(struct vms_linux_kernel *out, const struct vms_linux *lx)
{
	out->text_gva = lx->k.text_gva;
	out->text_gpa = lx->k.text_gpa;
	out->kaslr_slide = (int64_t)(lx->k.text_gva - LX_LINK_TEXT);
	out->phys_base = phys_base(&lx->k);
	out->vmcoreinfo = lx->vmcoreinfo;
	out->pt_root = lx->k.pt_root;
	out->nsyms = lx->k.ks->n;
	out->found_by = lx->k.found_by;
	out->candidates = lx->candidates;
	out->symbols = lx->syms_from;
	out->types = lx->types_from;
}

struct vms_target *vms_linux_target(const struct vms_linux *lx)
{
	return lx->t;
}

size_t vms_linux_sym_count(const struct vms_linux *lx)
{
	return lx->k.ks->n;
}

static void fill_sym(struct vms_ksym *out, struct ksyms *ks, uint32_t i)
{
	struct vms_ksym s = {
		.sz = sizeof(s),
		.addr = ks->addr[i],
		.type = ksyms_type(ks, i),
		.name = ksyms_name(ks, i),
	};

	vms__out_copy(out, &s, sizeof(s));
}

int vms_linux_sym_get(struct vms_ksym *out, const struct vms_linux *lx, size_t idx)
{
	int rc = vms__out_check(out, "vms_ksym");

	if (rc)
		return rc;
	if (idx >= lx->k.ks->n)
		return vms_error_set(-ERANGE, "symbol %zu of %u", idx, lx->k.ks->n);
	fill_sym(out, lx->k.ks, (uint32_t)idx);
	return 0;
}

uint64_t lx_sym(struct vms_linux *lx, const char *name)
{
	return ksyms_addr_of(lx->k.ks, name);
}

int vms_linux_sym_lookup(struct vms_ksym *out, const struct vms_linux *lx, const char *name)
{
	int rc = vms__out_check(out, "vms_ksym");
	uint32_t i;

	if (rc)
		return rc;
	if (ksyms_lookup(&i, lx->k.ks, name))
		return vms_error_set(-ENOENT, "no kernel symbol %s", name);
	fill_sym(out, lx->k.ks, i);
	return 0;
}

int vms_linux_sym_at(struct vms_ksym *out, uint64_t *offset, const struct vms_linux *lx,
                     uint64_t addr)
{
	int rc = vms__out_check(out, "vms_ksym");
	uint32_t i;

	if (rc)
		return rc;
	if (ksyms_at(&i, lx->k.ks, addr))
		return vms_error_set(-ENOENT, "no kernel symbol at or below %#" PRIx64, addr);
	fill_sym(out, lx->k.ks, i);
	if (offset)
		*offset = addr - lx->k.ks->addr[i];
	return 0;
}

int vms_linux_read(void *buf, size_t *nread, struct vms_linux *lx, uint64_t gva, size_t len)
{
	return vms_read_gva(buf, nread, lx->t, lx->k.pt_root, gva, len);
}

int lx_u64(struct vms_linux *lx, uint64_t gva, uint64_t *v)
{
	return vms_read_u64_gva(v, lx->t, lx->k.pt_root, gva);
}

int lx_u32(struct vms_linux *lx, uint64_t gva, uint32_t *v)
{
	return vms_read_u32_gva(v, lx->t, lx->k.pt_root, gva);
}

int lx_map_static(const void **out, struct vms_linux *lx, uint64_t gva, size_t len)
{
	uint64_t first, gpa;

	*out = NULL;
	if (!vms_target_is_static(lx->t) || !len)
		return -EOPNOTSUPP;
	if (vms_gva_to_gpa(&first, lx->t, lx->k.pt_root, gva))
		return -EFAULT;
	for (uint64_t off = 0x1000 - (gva & 0xfff); off < len; off += 0x1000)
		if (vms_gva_to_gpa(&gpa, lx->t, lx->k.pt_root, gva + off) || gpa != first + off)
			return -EOPNOTSUPP;
	return vms_map_gpa(out, lx->t, first, len) ? -EOPNOTSUPP : 0;
}

int lx_seen_add(struct lx_seen *s, uint64_t v)
{
	if (v && vms__map64_get(&s->set, v))
		return 1;
	if (v && vms__map64_put(&s->set, v, 1))
		return -ENOMEM;
	s->n++;
	return 0;
}

void lx_seen_free(struct lx_seen *s)
{
	vms__map64_free(&s->set);
	s->n = 0;
}

void lx_links_init(struct lx_links *l, struct vms_linux *lx)
{
	memset(l, 0, sizeof(*l));
	l->on = !vms_target_is_static(lx->t);
}

int lx_links_add(struct lx_links *l, uint64_t at, uint64_t val)
{
	if (!l->on)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		uint64_t *a = realloc(l->at, cap * sizeof(*a)), *v;

		if (!a)
			return -ENOMEM;
		l->at = a;
		v = realloc(l->val, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		l->val = v;
		l->cap = cap;
	}
	l->at[l->n] = at;
	l->val[l->n++] = val;
	return 0;
}

int lx_links_check(struct lx_links *l, struct vms_linux *lx, int rc, const char *what)
{
	uint64_t v;

	if (rc == -ENOMEM)
		return rc;
	for (size_t i = 0; i < l->n; i++)
		if (lx_u64(lx, l->at[i], &v) || v != l->val[i])
			return vms_error_set(-EAGAIN,
			                     "%s changed while it was read (the guest runs): the "
			                     "link at %#" PRIx64 " went from %#" PRIx64
			                     " to %#" PRIx64 "; pause the guest, or read again",
			                     what, l->at[i], l->val[i], v);
	return rc;
}

void lx_links_free(struct lx_links *l)
{
	free(l->at);
	free(l->val);
	memset(l, 0, sizeof(*l));
}
