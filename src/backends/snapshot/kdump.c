// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdump-compressed dumps ("diskdump", makedumpfile's format), as QEMU's
 * dump-guest-memory and makedumpfile write them:
 *
 *   block 0          disk_dump_header: "KDUMP   ", version, utsname, block
 *                    size, bitmap size, CPU count
 *   block 1..        kdump_sub_header: phys_base, where the ELF notes (the
 *                    vCPUs) and VMCOREINFO are, max_mapnr for version >= 6
 *   bitmaps          two of equal size: pages that exist, pages dumped
 *   descriptors      one per dumped page, in pfn order: offset, size, flags
 *                    (raw, zlib, lzo or snappy)
 *   page data
 *
 * QEMU (before 8.2) writes it "flattened": a 4 KiB "makedumpfile" header
 * then (offset, size, data) chunks in any order, big-endian, so that a dump
 * can go down a pipe. vmscope reads that in place through an index of the
 * chunks, without reassembling it.
 *
 * Pages are decompressed on demand into a bounded cache, each into exactly
 * one page: a page that claims more is corrupt, which is the whole defence
 * against decompression bombs.
 */
#include <errno.h>
#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "snapshot.h"
#include "../../util/bsearch.h"
#include "../../util/bytes.h"

#define KDUMP_SIG       "KDUMP   "
#define FLAT_SIG        "makedumpfile"
#define FLAT_HDR        4096
#define DESC_SIZE       24
#define COMPRESS_ZLIB   0x1
#define COMPRESS_LZO    0x2
#define COMPRESS_SNAPPY 0x4
#define CACHE_SLOTS     1024 /* decompressed pages kept: 4 MiB of 4 KiB pages */

/* One chunk of a flattened file: virtual [voff, voff + size) at pos. */
struct chunk {
	uint64_t voff, size, pos;
};

struct vms__kdump {
	const uint8_t *file;
	size_t file_size;
	struct chunk *chunks; /* sorted by voff; NULL for a plain file */
	size_t nchunks;
	uint64_t vsize; /* size of the (virtual) plain file */

	uint32_t block_size;
	uint64_t max_mapnr;
	uint64_t desc_off;
	const uint8_t *bitmap1; /* pages that exist */
	const uint8_t *bitmap2; /* pages dumped; both point into the file or a copy */
	uint64_t bitmap_len;
	uint8_t *bitmap_copy;
	uint64_t *rank; /* set bits of bitmap2 before each 64-bit word */
	uint64_t ndumped;
	uint32_t compression; /* the header's status: which methods */

	uint8_t *cache;      /* CACHE_SLOTS pages */
	uint64_t *cache_pfn; /* pfn + 1 in each slot; 0 empty */
	uint8_t *scratch;    /* a compressed page */
};

/* An offset of the plain file (key) against chunk i: after it, in it, or
 * before it. */
static int chunk_cmp(const void *key, const void *base, size_t i)
{
	const struct chunk *c = (const struct chunk *)base + i;
	uint64_t voff = *(const uint64_t *)key;

	return voff >= c->voff + c->size ? 1 : voff < c->voff ? -1 : 0;
}

/* Copy [voff, voff + len) of the plain file out of the (flattened) file. */
static int vread(const struct vms__kdump *k, uint64_t voff, void *buf, size_t len)
{
	size_t lo;

	if (!k->chunks) {
		if (!vms_in_bounds(voff, len, k->file_size))
			return -1;
		memcpy(buf, k->file + voff, len);
		return 0;
	}
	/* The first chunk ending after voff; copy through consecutive chunks. */
	lo = vms__lower_bound(&voff, k->chunks, k->nchunks, chunk_cmp);
	while (len) {
		const struct chunk *c = lo < k->nchunks ? &k->chunks[lo] : NULL;
		uint64_t n;

		if (!c || c->voff > voff)
			return -1;
		n = c->voff + c->size - voff;
		if (n > len)
			n = len;
		memcpy(buf, k->file + c->pos + (voff - c->voff), n);
		buf = (uint8_t *)buf + n;
		voff += n;
		len -= n;
		lo++;
	}
	return 0;
}

static int cmp_chunk(const void *a, const void *b)
{
	const struct chunk *x = a, *y = b;

	return (x->voff > y->voff) - (x->voff < y->voff);
}

static uint64_t be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* Index the chunks of a flattened file. Each takes at least 16 bytes, so
 * there are at most file_size / 16 of them. */
static int index_flat(struct vms__kdump *k)
{
	size_t pos = FLAT_HDR, n = 0, cap = 64;

	if (k->file_size < FLAT_HDR || be64(k->file + 16) != 1 || be64(k->file + 24) != 1)
		return vms_error_set(
		        -EPROTO, "flattened kdump: bad header (type %llu, version %llu)",
		        k->file_size >= 32 ? (unsigned long long)be64(k->file + 16) : 0,
		        k->file_size >= 32 ? (unsigned long long)be64(k->file + 24) : 0);
	k->chunks = malloc(cap * sizeof(*k->chunks));
	if (!k->chunks)
		return vms_error_set(-ENOMEM, "out of memory");
	for (;;) {
		uint64_t off, size;

		if (k->file_size - pos < 16)
			return vms_error_set(-EPROTO,
			                     "truncated: the flattened kdump ends at 0x%zx "
			                     "without its end marker",
			                     pos);
		off = be64(k->file + pos);
		size = be64(k->file + pos + 8);
		pos += 16;
		if (off == UINT64_MAX && size == UINT64_MAX)
			break;
		if ((int64_t)off < 0 || !vms_in_bounds(pos, size, k->file_size) || off + size < off)
			return vms_error_set(-EPROTO,
			                     "truncated or corrupt: flattened chunk %zu "
			                     "(offset 0x%llx, %llu bytes) does not fit",
			                     n, (unsigned long long)off, (unsigned long long)size);
		if (n == cap) {
			struct chunk *c = realloc(k->chunks, 2 * cap * sizeof(*c));

			if (!c)
				return vms_error_set(-ENOMEM, "out of memory");
			k->chunks = c;
			cap *= 2;
		}
		if (size)
			k->chunks[n++] = (struct chunk){ off, size, pos };
		pos += size;
	}
	qsort(k->chunks, n, sizeof(*k->chunks), cmp_chunk);
	for (size_t i = 1; i < n; i++) {
		if (k->chunks[i - 1].voff + k->chunks[i - 1].size > k->chunks[i].voff)
			return vms_error_set(-EPROTO, "flattened chunks overlap at offset 0x%llx",
			                     (unsigned long long)k->chunks[i].voff);
	}
	k->nchunks = n;
	k->vsize = n ? k->chunks[n - 1].voff + k->chunks[n - 1].size : 0;
	return 0;
}

int vms__kdump_is(const uint8_t *buf, size_t len)
{
	return (len >= 8 && memcmp(buf, KDUMP_SIG, 8) == 0) ||
	       (len >= 16 && memcmp(buf, FLAT_SIG, sizeof(FLAT_SIG)) == 0);
}

void vms__kdump_free(struct vms__kdump *k)
{
	if (!k)
		return;
	free(k->chunks);
	free(k->bitmap_copy);
	free(k->rank);
	free(k->cache);
	free(k->cache_pfn);
	free(k->scratch);
	free(k);
}

/* Word w of the dumped-pages bitmap (the last one may be partial). */
static uint64_t bitmap_word(const struct vms__kdump *k, uint64_t w)
{
	uint64_t bits = 0, avail = k->bitmap_len - w * 8;

	memcpy(&bits, k->bitmap2 + w * 8, avail < 8 ? (size_t)avail : 8);
	return bits;
}

static int dumped(const struct vms__kdump *k, uint64_t pfn)
{
	return pfn < k->max_mapnr && (k->bitmap2[pfn >> 3] >> (pfn & 7) & 1);
}

/* Build the public ranges from the runs of dumped pages. */
static int kdump_ranges(struct vms__snap_layout *l, const struct vms__kdump *k)
{
	size_t n = 0, cap = 16;

	l->pub = malloc(cap * sizeof(*l->pub));
	if (!l->pub)
		return vms_error_set(-ENOMEM, "out of memory");
	for (uint64_t pfn = 0; pfn < k->max_mapnr;) {
		uint64_t start;

		/* Whole empty bytes at a time: most of a sparse map is zeros. */
		if (!(pfn & 7) && !k->bitmap2[pfn >> 3]) {
			pfn += 8;
			continue;
		}
		if (!dumped(k, pfn)) {
			pfn++;
			continue;
		}
		start = pfn;
		/* Whole full bytes at a time too: most of a dump is long runs. */
		while (pfn < k->max_mapnr && dumped(k, pfn)) {
			pfn++;
			while (!(pfn & 7) && pfn + 8 <= k->max_mapnr &&
			       k->bitmap2[pfn >> 3] == 0xff)
				pfn += 8;
		}
		if (n == cap) {
			struct vms_mem_range *r = realloc(l->pub, 2 * cap * sizeof(*r));

			if (!r)
				return vms_error_set(-ENOMEM, "out of memory");
			l->pub = r;
			cap *= 2;
		}
		l->pub[n++] = (struct vms_mem_range){ start * k->block_size,
			                              (pfn - start) * k->block_size };
	}
	l->npub = n;
	return 0;
}

/* What the headers say that the steps of parsing pass on. */
struct kdump_hdr {
	uint32_t version, sub_blocks, bitmap_blocks;
	uint8_t sub[104]; /* the sub-header */
};

/* Block 0: the signature, and the geometry every later step uses. */
static int read_header(struct vms__kdump *k, struct kdump_hdr *h)
{
	uint8_t hdr[464];
	int ret = -EPROTO;

	if (vread(k, 0, hdr, sizeof(hdr)) || memcmp(hdr, KDUMP_SIG, 8) != 0) {
		vms_error_set(ret, "truncated: no kdump header");
		return ret;
	}
	h->version = vms_le32(hdr + 8);
	k->compression = vms_le32(hdr + 424);
	k->block_size = vms_le32(hdr + 428);
	h->sub_blocks = vms_le32(hdr + 432);
	h->bitmap_blocks = vms_le32(hdr + 436);
	k->max_mapnr = vms_le32(hdr + 440);
	if (k->block_size < 4096 || k->block_size > 65536 ||
	    (k->block_size & (k->block_size - 1)) || !h->sub_blocks || !h->bitmap_blocks ||
	    (h->bitmap_blocks & 1)) {
		vms_error_set(ret,
		              "kdump header: block size %u, %u sub-header and %u bitmap blocks "
		              "make no sense",
		              k->block_size, h->sub_blocks, h->bitmap_blocks);
		return ret;
	}
	return 0;
}

/* Block 1: the sub-header, which from version 6 has the 64-bit page count. */
static int read_sub_header(struct vms__kdump *k, struct kdump_hdr *h)
{
	uint64_t sub_off = k->block_size;
	int ret = -EPROTO;

	if (vread(k, sub_off, h->sub, sizeof(h->sub))) {
		vms_error_set(ret, "truncated: no kdump sub-header");
		return ret;
	}
	if (h->version >= 6)
		k->max_mapnr = vms_le64(h->sub + 96);
	return 0;
}

/* The two bitmaps after the sub-header: pages that exist, pages dumped. */
static int load_bitmaps(struct vms__kdump *k, const struct kdump_hdr *h)
{
	uint64_t bitmap_off = (uint64_t)(1 + h->sub_blocks) * k->block_size;
	uint64_t bitmap_len = (uint64_t)h->bitmap_blocks / 2 * k->block_size;
	uint64_t both = 2 * bitmap_len;
	int ret = -EPROTO;

	if (k->max_mapnr > bitmap_len * 8 || k->max_mapnr > (1ull << 40)) {
		vms_error_set(ret, "kdump header: %llu pages do not fit its %llu-byte bitmap",
		              (unsigned long long)k->max_mapnr, (unsigned long long)bitmap_len);
		return ret;
	}
	/* Nothing is allocated for what the file does not hold: a lying
	 * header's sizes cannot cost memory. */
	/* Checked against the bytes the file has, not only the offsets it
	 * claims: a flattened chunk can claim any offset. */
	if (!vms_in_bounds(bitmap_off, both, k->vsize) || both > k->file_size) {
		vms_error_set(ret,
		              "truncated: the kdump bitmaps (%llu bytes at 0x%llx) are not all in "
		              "the file",
		              (unsigned long long)both, (unsigned long long)bitmap_off);
		return ret;
	}
	k->desc_off = bitmap_off + 2 * bitmap_len;
	k->bitmap_len = bitmap_len;
	/* The bitmaps: in place for a plain file, copied out of the chunks
	 * otherwise (kdump's bitmap is the one allowed O(size) cost). */
	if (!k->chunks && vms_in_bounds(bitmap_off, 2 * bitmap_len, k->file_size)) {
		k->bitmap1 = k->file + bitmap_off;
	} else {
		k->bitmap_copy = malloc(2 * bitmap_len);
		if (!k->bitmap_copy || vread(k, bitmap_off, k->bitmap_copy, 2 * bitmap_len)) {
			vms_error_set(
			        k->bitmap_copy ? ret : -ENOMEM,
			        "truncated: the kdump bitmaps (%llu bytes at 0x%llx) are not all "
			        "in the file",
			        (unsigned long long)both, (unsigned long long)bitmap_off);
			return ret;
		}
		k->bitmap1 = k->bitmap_copy;
	}
	k->bitmap2 = k->bitmap1 + bitmap_len;
	return 0;
}

/* Rank: dumped pages before each 64-bit word, so a page's descriptor is
 * found in constant time; and the descriptors of them all in the file. */
static int rank_pages(struct vms__kdump *k)
{
	uint64_t words = (k->max_mapnr + 63) / 64, count = 0;
	int ret = -EPROTO;

	k->rank = malloc((words + 1) * sizeof(*k->rank));
	if (!k->rank)
		return vms_error_set(-ENOMEM, "out of memory");
	for (uint64_t w = 0; w < words; w++) {
		uint64_t bits = bitmap_word(k, w);

		k->rank[w] = count;
		if ((w + 1) * 64 > k->max_mapnr)
			bits &= (1ull << (k->max_mapnr - w * 64)) - 1;
		count += (uint64_t)__builtin_popcountll(bits);
	}
	k->rank[words] = count;
	k->ndumped = count;
	if (!vms_in_bounds(k->desc_off, k->ndumped * DESC_SIZE, k->vsize)) {
		vms_error_set(ret,
		              "truncated: %llu page descriptors at 0x%llx do not fit in the "
		              "dump",
		              (unsigned long long)k->ndumped, (unsigned long long)k->desc_off);
		return ret;
	}
	return 0;
}

/* The vCPUs, from the ELF notes the sub-header points at (version 4 on). */
static int read_notes(struct vms__snap_layout *out, const struct vms__kdump *k,
                      const struct kdump_hdr *h)
{
	uint64_t note_off = vms_le64(h->sub + 48), note_size = vms_le64(h->sub + 56);
	uint8_t *notes;
	int ret = -EPROTO;

	if (h->version < 4 || !note_size)
		return 0;
	notes = note_size <= (1u << 24) && note_size <= k->file_size ? malloc(note_size) : NULL;
	if (!notes || vread(k, note_off, notes, note_size)) {
		free(notes);
		vms_error_set(ret,
		              "truncated: the ELF notes (%llu bytes at 0x%llx) are not "
		              "in the dump",
		              (unsigned long long)note_size, (unsigned long long)note_off);
		return ret;
	}
	ret = vms__elf_notes_parse(out, notes, note_size, 1);
	free(notes);
	return ret;
}

/* VMCOREINFO (version 3 on), exposed in place, so only where the file
 * holds it contiguously (always in a plain file, and QEMU writes it
 * whole). What the notes said of it is dropped. */
static void find_vmcoreinfo(struct vms__snap_layout *out, const struct vms__kdump *k,
                            const struct kdump_hdr *h)
{
	uint64_t vmci_off = vms_le64(h->sub + 32), vmci_size = vms_le64(h->sub + 40);

	out->vmcoreinfo = NULL;
	if (h->version < 3 || !vmci_size || vmci_size >= (1u << 20))
		return;
	if (!k->chunks && vms_in_bounds(vmci_off, vmci_size, k->file_size)) {
		out->vmcoreinfo = k->file + vmci_off;
	} else {
		for (size_t i = 0; k->chunks && i < k->nchunks; i++) {
			const struct chunk *c = &k->chunks[i];

			if (vmci_off >= c->voff && vmci_off + vmci_size <= c->voff + c->size)
				out->vmcoreinfo = k->file + c->pos + (vmci_off - c->voff);
		}
	}
	out->vmcoreinfo_len = out->vmcoreinfo ? vmci_size : 0;
}

/* The cache pages are decompressed into, and room for one compressed. */
static int alloc_cache(struct vms__kdump *k)
{
	k->cache = malloc((size_t)CACHE_SLOTS * k->block_size);
	k->cache_pfn = calloc(CACHE_SLOTS, sizeof(*k->cache_pfn));
	k->scratch = malloc(k->block_size);
	if (!k->cache || !k->cache_pfn || !k->scratch)
		return vms_error_set(-ENOMEM, "out of memory");
	return 0;
}

/* The format, for info: flattened or not, and the methods the header names. */
static void describe(struct vms__snap_layout *out, const struct vms__kdump *k)
{
	static const char *const names[] = { "zlib", "lzo", "snappy" };
	char methods[32] = "";

	for (int i = 0; i < 3; i++) {
		if (k->compression & (1u << i))
			(void)snprintf(methods + strlen(methods), sizeof(methods) - strlen(methods),
			               "%s%s", *methods ? "+" : "", names[i]);
	}
	(void)snprintf(out->format, sizeof(out->format), "kdump-compressed%s (%s), x86-64",
	               k->chunks ? ", flattened" : "", *methods ? methods : "uncompressed");
}

int vms__kdump_parse(struct vms__snap_layout *out, struct vms__kdump **kout, const uint8_t *buf,
                     size_t len)
{
	struct vms__kdump *k;
	struct kdump_hdr h = { 0 };
	int ret = 0;

	memset(out, 0, sizeof(*out));
	*kout = NULL;
	if (!vms__kdump_is(buf, len))
		return vms_error_set(-ENOEXEC, "not a kdump file");
	if (lzo_init() != LZO_E_OK)
		return vms_error_set(-EIO, "lzo_init failed");
	k = calloc(1, sizeof(*k));
	if (!k)
		return vms_error_set(-ENOMEM, "out of memory");
	k->file = buf;
	k->file_size = len;
	k->vsize = len;
	if (len >= 16 && memcmp(buf, FLAT_SIG, sizeof(FLAT_SIG)) == 0)
		ret = index_flat(k);
	if (!ret)
		ret = read_header(k, &h);
	if (!ret)
		ret = read_sub_header(k, &h);
	if (!ret)
		ret = load_bitmaps(k, &h);
	if (!ret)
		ret = rank_pages(k);
	if (!ret)
		ret = read_notes(out, k, &h);
	if (!ret) {
		find_vmcoreinfo(out, k, &h);
		ret = kdump_ranges(out, k);
	}
	if (!ret)
		ret = alloc_cache(k);
	if (ret) {
		vms__snap_layout_free(out);
		vms__kdump_free(k);
		return ret;
	}
	describe(out, k);
	*kout = k;
	return 0;
}

/* The decompressed page pfn, from the cache or the file. */
static int page(struct vms__kdump *k, uint64_t pfn, const uint8_t **out)
{
	size_t slot = pfn % CACHE_SLOTS;
	uint8_t *dst = k->cache + slot * k->block_size, d[DESC_SIZE];
	uint64_t idx, off;
	uint32_t size, flags;
	int ok;

	if (k->cache_pfn[slot] == pfn + 1) {
		*out = dst;
		return 0;
	}
	if (!dumped(k, pfn)) {
		int exists = pfn < k->max_mapnr && (k->bitmap1[pfn >> 3] >> (pfn & 7) & 1);

		return vms_error_set(-EFAULT, "guest-physical 0x%llx is not in the dump%s",
		                     (unsigned long long)pfn * k->block_size,
		                     exists ? " (excluded from it)" : "");
	}
	idx = k->rank[pfn / 64] +
	      (uint64_t)__builtin_popcountll(bitmap_word(k, pfn / 64) & ((1ull << (pfn % 64)) - 1));
	if (vread(k, k->desc_off + idx * DESC_SIZE, d, sizeof(d)))
		return vms_error_set(-EPROTO, "page descriptor %llu is not in the dump",
		                     (unsigned long long)idx);
	off = vms_le64(d);
	size = vms_le32(d + 8);
	flags = vms_le32(d + 12);
	if (!size || size > k->block_size || vread(k, off, k->scratch, size))
		return vms_error_set(-EPROTO,
		                     "page 0x%llx: its data (%u bytes at 0x%llx) is corrupt "
		                     "or not in the dump",
		                     (unsigned long long)pfn * k->block_size, size,
		                     (unsigned long long)off);
	if (flags & COMPRESS_ZLIB) {
		uLongf n = k->block_size;

		ok = uncompress(dst, &n, k->scratch, size) == Z_OK && n == k->block_size;
	} else if (flags & COMPRESS_LZO) {
		lzo_uint n = k->block_size;

		ok = lzo1x_decompress_safe(k->scratch, size, dst, &n, NULL) == LZO_E_OK &&
		     n == k->block_size;
	} else if (flags & COMPRESS_SNAPPY) {
		size_t n = 0;

		ok = snappy_uncompressed_length((const char *)k->scratch, size, &n) == SNAPPY_OK &&
		     n == k->block_size &&
		     snappy_uncompress((const char *)k->scratch, size, (char *)dst, &n) ==
		             SNAPPY_OK &&
		     n == k->block_size;
	} else {
		ok = size == k->block_size;
		if (ok)
			memcpy(dst, k->scratch, size);
	}
	if (!ok) {
		k->cache_pfn[slot] = 0;
		return vms_error_set(-EPROTO,
		                     "page 0x%llx does not decompress to one %u-byte page "
		                     "(flags 0x%x, %u bytes)",
		                     (unsigned long long)pfn * k->block_size, k->block_size, flags,
		                     size);
	}
	k->cache_pfn[slot] = pfn + 1;
	*out = dst;
	return 0;
}

int vms__kdump_read(struct vms__kdump *k, void *buf, size_t *nread, uint64_t gpa, size_t len)
{
	size_t done = 0;

	while (done < len) {
		uint64_t at = gpa + done;
		size_t in = (size_t)(at & (k->block_size - 1)), n = k->block_size - in;
		const uint8_t *p = k->cache;
		int ret = page(k, at / k->block_size, &p);

		if (ret) {
			*nread = done;
			return ret;
		}
		if (n > len - done)
			n = len - done;
		memcpy((uint8_t *)buf + done, p + in, n);
		done += n;
	}
	*nread = done;
	return 0;
}
