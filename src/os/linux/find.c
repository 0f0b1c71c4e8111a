// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Finding the kernel. Two ways, both ending in the same checks:
 *
 * - From a vCPU: its CR3 maps the kernel image at the first present 2 MiB
 *   of the 1 GiB kernel-image area (the kernel zaps what lies below _text
 *   and past _end). The image is physically contiguous, so its kallsyms is
 *   decoded straight from guest-physical memory. With page-table isolation
 *   a vCPU in user mode holds the user half of an 8 KiB PGD pair, which
 *   maps a little of the image only; the kernel half is tried first.
 * - Without vCPU state (raw images, LiME): every token table in physical
 *   memory is a candidate. Its virtual address is unknown (kallsyms lists
 *   everything but itself), but the image is linearly mapped, so it is
 *   congruent to the physical one modulo the page size and lies between
 *   _text and _end: each such guess places linux_banner somewhere, and only
 *   the right one finds "Linux version " there. The kernel's own page
 *   tables (init_top_pgt) must then map the banner and the token table back
 *   to where they were found. A stale image from an earlier boot fails that
 *   unless its page tables survived too; then there are several candidates
 *   and the caller decides with the task list.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/error.h"
#include "linux.h"

#define MIB            (1ull << 20)
#define IMAGE_MAX      (1ull << 30)
#define SCAN_CHUNK     (64 * MIB)
#define WINDOW_BEFORE  (96 * MIB) /* token table to the start of what kallsyms needs */
#define WINDOW_AFTER   (32 * MIB)
#define MAX_CANDIDATES 8
#define BANNER         "Linux version "

/* A stretch of guest-physical memory as bytes: mapped when the backend
 * can, else read. */
struct window {
	const uint8_t *p;
	uint8_t *owned;
	size_t len;
	uint64_t gpa;
};

static int window_get(struct window *w, struct vms_target *t, uint64_t gpa, size_t len)
{
	const void *p;
	size_t got = 0;

	memset(w, 0, sizeof(*w));
	w->gpa = gpa;
	if (vms_map_gpa(&p, t, gpa, len) == 0) {
		w->p = p;
		w->len = len;
		return 0;
	}
	w->owned = malloc(len);
	if (!w->owned)
		return vms_error_set(-ENOMEM, "out of memory reading %zu bytes at gpa %#" PRIx64,
		                     len, gpa);
	/* A read that stops at a hole still gives what came before it. */
	(void)vms_read_gpa(w->owned, &got, t, gpa, len);
	if (got == 0) {
		free(w->owned);
		w->owned = NULL;
		return vms_error_set(-EFAULT, "no memory at gpa %#" PRIx64, gpa);
	}
	w->p = w->owned;
	w->len = got;
	return 0;
}

static void window_put(struct window *w)
{
	free(w->owned);
	memset(w, 0, sizeof(*w));
}

void lx_kernel_clear(struct lx_kernel *k)
{
	ksyms_free(k->ks);
	memset(k, 0, sizeof(*k));
}

static uint64_t sym(struct ksyms *ks, const char *name)
{
	return ksyms_addr_of(ks, name);
}

/* The kernel's own top-level page table, by the names it has had. */
static uint64_t pgd_symbol(struct ksyms *ks)
{
	static const char *const names[] = { "init_top_pgt", "init_level4_pgt", "swapper_pg_dir" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (sym(ks, names[i]))
			return sym(ks, names[i]);
	return 0;
}

static int banner_at(struct vms_target *t, uint64_t gpa)
{
	char b[sizeof(BANNER) - 1];
	size_t n;

	return vms_read_gpa(b, &n, t, gpa, sizeof(b)) == 0 && !memcmp(b, BANNER, sizeof(b));
}

/* The checks every candidate passes, however it was found: the kernel's
 * page tables map linux_banner to the banner and _text to text_gpa. */
static int check_kernel(struct vms_target *t, struct lx_kernel *k)
{
	uint64_t banner = sym(k->ks, "linux_banner"), gpa;

	if (!banner)
		return vms_error_set(-ENOENT,
		                     "kernel at gpa %#" PRIx64 ": kallsyms has no linux_banner",
		                     k->text_gpa);
	if (vms_gva_to_gpa(&gpa, t, k->pt_root, k->text_gva) || gpa != k->text_gpa)
		return vms_error_set(-ENOENT,
		                     "kernel at gpa %#" PRIx64 ": its page tables at %#" PRIx64
		                     " do not map _text %#" PRIx64 " there",
		                     k->text_gpa, k->pt_root, k->text_gva);
	if (vms_gva_to_gpa(&gpa, t, k->pt_root, banner) || !banner_at(t, gpa))
		return vms_error_set(-ENOENT,
		                     "kernel at gpa %#" PRIx64 ": no \"" BANNER
		                     "\" at linux_banner %#" PRIx64,
		                     k->text_gpa, banner);
	return 0;
}

/* Whether the symbol tables may stay in the window: it is a mapping of a
 * target that never changes. */
static unsigned borrow(struct vms_target *t, const struct window *w)
{
	return !w->owned && vms_target_is_static(t) ? KSYMS_BORROW : 0;
}

/* Where the kernel's code ends in its image: the first page the kernel
 * maps non-executable. kallsyms lies after its code, so the search starts
 * there (only a hint: the rest of the image is searched next). */
static size_t code_end(struct vms_target *t, uint64_t root, uint64_t text, uint64_t len)
{
	struct vms_translation tr = { .sz = sizeof(tr) };
	uint64_t off = 0;

	while (off < len) {
		if (vms_translate_gva(&tr, t, root, text + off) || !tr.page_size)
			return 0;
		if (tr.flags & VMS_PAGE_NX)
			return (size_t)off;
		off += tr.page_size - ((text + off) & (tr.page_size - 1));
	}
	return 0;
}

/* The kernel image's extent in the 1 GiB image area under root. */
static int image_extent(struct vms_target *t, uint64_t root, uint64_t *text, uint64_t *gpa,
                        uint64_t *len)
{
	uint64_t va, end, g;

	for (va = LX_START_KERNEL_MAP; va < LX_MODULES_VADDR; va += 2 * MIB)
		if (vms_gva_to_gpa(gpa, t, root, va) == 0)
			break;
	if (va >= LX_MODULES_VADDR)
		return -ENOENT;
	for (end = va + 2 * MIB; end < LX_MODULES_VADDR; end += 2 * MIB)
		if (vms_gva_to_gpa(&g, t, root, end) || g != *gpa + (end - va))
			break;
	*text = va;
	*len = end - va;
	return 0;
}

/* A copy of the symbols from a file, moved by the KASLR slide that puts
 * _text at text_gva. */
static int relocate(struct lx_kernel *k, struct ksyms *ext, uint64_t text_gva)
{
	uint64_t link = ksyms_addr_of(ext, "_text");

	if (!link)
		return vms_error_set(-ENOENT, "the symbol file has no _text");
	if (ksyms_copy(&k->ks, ext, LX_START_KERNEL_MAP, text_gva - link))
		return vms_error_set(-ENOMEM, "out of memory");
	return 0;
}

static int from_root(struct lx_kernel *k, struct vms_target *t, uint64_t root, struct ksyms *ext)
{
	struct window w;
	uint64_t len, pgd;
	int rc;

	if (image_extent(t, root, &k->text_gva, &k->text_gpa, &len))
		return vms_error_set(-ENOENT, "no kernel image mapped under CR3 %#" PRIx64, root);
	if (ext) {
		rc = relocate(k, ext, k->text_gva);
	} else {
		rc = window_get(&w, t, k->text_gpa, len);
		if (rc)
			return rc;
		rc = ksyms_find(&k->ks, w.p, w.len, code_end(t, root, k->text_gva, w.len),
		                borrow(t, &w));
		window_put(&w);
	}
	if (rc)
		return rc;
	pgd = pgd_symbol(k->ks);
	if (sym(k->ks, "_text") != k->text_gva || !pgd) {
		rc = vms_error_set(-ENOENT,
		                   "kallsyms under CR3 %#" PRIx64 " puts _text at %#" PRIx64
		                   ", not at %#" PRIx64 " where the image is mapped",
		                   root, sym(k->ks, "_text"), k->text_gva);
		goto fail;
	}
	rc = vms_gva_to_gpa(&k->pt_root, t, root, pgd);
	if (!rc)
		rc = check_kernel(t, k);
	if (!rc)
		return 0;
fail:
	lx_kernel_clear(k);
	return rc;
}

static int from_vcpus(struct lx_kernel *k, struct vms_target *t, struct ksyms *ext)
{
	int n = vms_target_vcpu_count(t), rc = -ENOENT;
	enum vms_x86_paging_mode mode = vms_x86_target_paging_mode(t);

	if (mode != VMS_X86_PAGING_IA32E_4 && mode != VMS_X86_PAGING_IA32E_5)
		return vms_error_set(-ENOENT, "vCPU 0 is in %s paging, not a 64-bit kernel's",
		                     vms_x86_paging_mode_name(mode));
	for (int cpu = 0; cpu < n; cpu++) {
		struct vms_x86_regs r;
		uint64_t cr3;

		if (vms_target_get_regs(&r, t, (unsigned)cpu) || !(r.valid & VMS_X86_REGS_CONTROL))
			continue;
		cr3 = r.cr3 & 0x000ffffffffff000ull;
		/* The kernel half of a PTI pair first; then CR3 as it is. */
		rc = from_root(k, t, cr3 & ~0x1000ull, ext);
		if (rc && (cr3 & 0x1000))
			rc = from_root(k, t, cr3, ext);
		if (!rc) {
			(void)snprintf(k->found_by, sizeof(k->found_by), "vcpu %d", cpu);
			return 0;
		}
	}
	return rc;
}

/* Place a token table found at tt_gpa: guess its virtual address, page by
 * page through the image, until the banner is where the guess puts it. */
static int place(struct lx_kernel *k, struct vms_target *t, uint64_t tt_gpa)
{
	uint64_t text = sym(k->ks, "_text"), end = sym(k->ks, "_end");
	uint64_t banner = sym(k->ks, "linux_banner"), pgd = pgd_symbol(k->ks);

	if (!text || !banner || !pgd || banner < text)
		return vms_error_set(-ENOENT,
		                     "kallsyms at gpa %#" PRIx64
		                     " lacks _text, linux_banner or the kernel's PGD",
		                     tt_gpa);
	if (!end || end < text || end - text > IMAGE_MAX)
		end = text + IMAGE_MAX;
	for (uint64_t va = text + (tt_gpa & 0xfff); va < end; va += 0x1000) {
		uint64_t delta = va - tt_gpa;

		if (banner - delta > banner || !banner_at(t, banner - delta))
			continue;
		k->text_gva = text;
		k->text_gpa = text - delta;
		k->pt_root = pgd - delta;
		if (check_kernel(t, k) == 0)
			return 0;
	}
	return vms_error_set(-ENOENT,
	                     "kallsyms at gpa %#" PRIx64
	                     ": no placement of the image puts linux_banner and the page tables "
	                     "in agreement",
	                     tt_gpa);
}

static int decode_around(struct lx_kernel *k, struct vms_target *t, uint64_t hit,
                         const struct vms_mem_range *r, struct ksyms *ext)
{
	uint64_t lo = hit - r->gpa > WINDOW_BEFORE ? (hit - WINDOW_BEFORE) & ~0xfffull : r->gpa;
	uint64_t hi = r->gpa + r->size - hit > WINDOW_AFTER ? hit + WINDOW_AFTER : r->gpa + r->size;
	struct window w;
	int rc = window_get(&w, t, lo, hi - lo);

	if (rc)
		return rc;
	rc = ksyms_decode(&k->ks, w.p, w.len, hit - lo, borrow(t, &w));
	if (!rc)
		rc = place(k, t, lo + k->ks->at.token_table);
	window_put(&w);
	if (rc)
		lx_kernel_clear(k);
	(void)ext;
	return rc;
}

/* With symbols from a file and no vCPUs, a "Linux version " found at hit
 * may be linux_banner: the file says how far _text and the kernel's PGD
 * lie from it, which places the image physically, and that PGD must map
 * some 2 MiB step of the image area (KASLR's granule) to that _text. */
static int from_banner(struct lx_kernel *k, struct vms_target *t, uint64_t hit,
                       const struct vms_mem_range *r, struct ksyms *ext)
{
	uint64_t text = sym(ext, "_text"), banner = sym(ext, "linux_banner");
	uint64_t pgd = pgd_symbol(ext), gpa;

	(void)r;
	if (!text || !banner || !pgd || banner < text || pgd < text)
		return vms_error_set(
		        -ENOENT, "the symbol file lacks _text, linux_banner or the kernel's PGD");
	if (hit < banner - text || ((hit - (banner - text)) & 0xfff))
		return -ENOENT;
	k->text_gpa = hit - (banner - text);
	k->pt_root = k->text_gpa + (pgd - text);
	for (uint64_t va = LX_START_KERNEL_MAP; va < LX_MODULES_VADDR; va += 2 * MIB) {
		if (vms_gva_to_gpa(&gpa, t, k->pt_root, va) || gpa != k->text_gpa)
			continue;
		k->text_gva = va;
		if (relocate(k, ext, va))
			return -ENOMEM;
		if (check_kernel(t, k) == 0)
			return 0;
		ksyms_free(k->ks);
		k->ks = NULL;
	}
	return -ENOENT;
}

/* What a scan looks for, and what places a kernel around each find. */
struct scan {
	const char *needle;
	size_t len;
	int (*at)(struct lx_kernel *k, struct vms_target *t, uint64_t hit,
	          const struct vms_mem_range *r, struct ksyms *ext);
	struct ksyms *ext;
};

static int add_candidate(struct lx_kernel **list, size_t *count, struct lx_kernel *k)
{
	struct lx_kernel *n;

	for (size_t i = 0; i < *count; i++)
		if ((*list)[i].text_gpa == k->text_gpa) {
			lx_kernel_clear(k);
			return 0;
		}
	n = realloc(*list, (*count + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	*list = n;
	n[(*count)++] = *k;
	return 0;
}

/* Scan one range for the needle, in chunks that overlap by its length. */
static int scan_range(struct lx_kernel **list, size_t *count, struct vms_target *t,
                      const struct vms_mem_range *r, int *mode_set, const struct scan *s)
{
	for (uint64_t off = 0; off < r->size && *count < MAX_CANDIDATES; off += SCAN_CHUNK) {
		uint64_t len =
		        r->size - off > SCAN_CHUNK + s->len ? SCAN_CHUNK + s->len : r->size - off;
		struct window w;
		const uint8_t *p;

		if (window_get(&w, t, r->gpa + off, len) || !w.p)
			continue;
		for (p = w.p; (p = memmem(p, w.len - (size_t)(p - w.p), s->needle, s->len)); p++) {
			struct lx_kernel k = { 0 };
			uint64_t hit = w.gpa + (uint64_t)(p - w.p);

			if ((uint64_t)(p - w.p) >= SCAN_CHUNK)
				break;
			/* Without vCPUs nothing says 4- or 5-level: try both. */
			for (int m = 0; m < 2; m++) {
				if (!*mode_set)
					(void)vms_x86_target_set_paging_mode(
					        t, m ? VMS_X86_PAGING_IA32E_5
					             : VMS_X86_PAGING_IA32E_4);
				if (s->at(&k, t, hit, r, s->ext) == 0)
					break;
				if (*mode_set)
					break;
			}
			if (!k.ks)
				continue;
			*mode_set = 1;
			(void)snprintf(k.found_by, sizeof(k.found_by), "scan");
			if (add_candidate(list, count, &k)) {
				window_put(&w);
				return vms_error_set(-ENOMEM, "out of memory");
			}
		}
		window_put(&w);
	}
	return 0;
}

int lx_find_kernels(struct lx_kernel **out, size_t *count, struct vms_target *t, struct ksyms *ext)
{
	const struct scan s =
	        ext ? (struct scan){ BANNER, sizeof(BANNER) - 1, from_banner, ext }
	            : (struct scan){ KSYMS_DIGITS, KSYMS_DIGITS_LEN, decode_around, NULL };
	const struct vms_mem_range *ranges;
	struct lx_kernel k = { 0 };
	size_t nranges;
	int rc, mode_set;
	char why[512];

	*out = NULL;
	*count = 0;
	rc = from_vcpus(&k, t, ext);
	if (rc == 0)
		return add_candidate(out, count, &k) ? vms_error_set(-ENOMEM, "out of memory") : 0;
	(void)snprintf(why, sizeof(why), "%s",
	               vms_target_vcpu_count(t) > 0 ? vms_error_last() : "");
	/* A live guest has its vCPUs to say where its kernel is; scanning
	 * its RAM could pick the kernel of an earlier boot, still there. */
	if (!vms_target_is_static(t) && vms_target_vcpu_count(t) > 0) {
		enum vms_x86_paging_mode mode = vms_x86_target_paging_mode(t);

		if (mode != VMS_X86_PAGING_IA32E_4 && mode != VMS_X86_PAGING_IA32E_5)
			return vms_error_set(-EAGAIN,
			                     "the guest's vCPU 0 is in %s paging: no 64-bit kernel "
			                     "runs yet (booting?)",
			                     vms_x86_paging_mode_name(mode));
		return vms_error_set(-ENOENT, "no Linux kernel found through the vCPUs: %s", why);
	}
	rc = vms_target_mem_ranges(&ranges, &nranges, t);
	if (rc)
		return rc;
	mode_set = vms_x86_target_paging_mode(t) == VMS_X86_PAGING_IA32E_4 ||
	           vms_x86_target_paging_mode(t) == VMS_X86_PAGING_IA32E_5;
	for (size_t i = 0; i < nranges; i++) {
		rc = scan_range(out, count, t, &ranges[i], &mode_set, &s);
		if (rc)
			return rc;
	}
	if (*count == 0)
		return vms_error_set(-ENOENT, "no Linux kernel found: %s%s%s",
		                     ext ? "no linux_banner in memory agrees with the symbol file"
		                         : "no kallsyms in memory checks out",
		                     why[0] ? "; from the vCPUs: " : "", why);
	return 0;
}
