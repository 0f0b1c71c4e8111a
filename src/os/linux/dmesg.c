// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel log: the lockless printk ring buffer of 5.10 on
 * (kernel/printk/printk_ringbuffer.h). "prb" points to it. Descriptors and
 * their printk_info records sit in two arrays of 2^count_bits entries; a
 * descriptor's state_var holds its id and, in the top two bits, its state
 * (reserved, committed, finalized, reusable). Texts live in a data ring of
 * 2^size_bits bytes, each block an id followed by the text; a block that
 * would cross the end of the ring starts again at its beginning. Records
 * from tail_id to head_id are read; a descriptor whose id is not the one
 * expected has been reused and is skipped, as are ones still being
 * written. Sizes are bounded before anything is allocated.
 *
 * Before 5.10 (from 3.5): log_buf, one ring of 2^CONFIG_LOG_BUF_SHIFT bytes
 * holding struct printk_log records back to back, each a header, its text
 * and dictionary, padded; a record of length 0 means the next one starts
 * again at the beginning. log_first_idx/log_first_seq give the oldest,
 * log_next_seq the one after the newest. The ring is copied out once and
 * walked with every length checked against it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/array.h"
#include "../../util/error.h"
#include "../../core/internal.h"
#include "../../util/bytes.h"
#include "linux.h"

#define DESC_STATE_SHIFT 62
#define DESC_ID_MASK     ((1ull << DESC_STATE_SHIFT) - 1)
#define DESC_COMMITTED   1
#define DESC_FINALIZED   2
#define MAX_COUNT_BITS   24 /* descriptors */
#define MAX_SIZE_BITS    28 /* bytes of text */
#define PRB_DESC_SIZE    24 /* state_var; text_blk_lpos { begin, next } */
#define EMPTY_LINE_LPOS  3

#define LOG_BUF_MAX (1u << 25) /* CONFIG_LOG_BUF_SHIFT is at most 25 */
#define HEADER_MAX  256        /* bytes of a record's header */

/* Where a record's header keeps what vms_linux_log reports: printk_info
 * (5.10 on) and printk_log (before) name their members alike. */
struct header {
	uint64_t size;
	int64_t o_seq, o_ts, o_len, o_fac, o_level, o_caller;
	unsigned level_shift, level_bits;
};

struct ring {
	uint64_t descs, infos, data, count, size;
	struct header h;
};

static int header_of(struct header *h, struct vms_linux *lx, const char *type)
{
	struct vms_linux_member m;
	int rc;

	if ((rc = vms_linux_type_size(&h->size, lx, type)))
		return rc;
	if (h->size > HEADER_MAX)
		return vms_error_set(-EINVAL, "%s is %" PRIu64 " bytes", type, h->size);
	h->o_seq = vms_linux_member(&m, lx, type, "seq") ? -1 : (int64_t)m.offset;
	if ((rc = vms_linux_member(&m, lx, type, "ts_nsec")))
		return rc;
	h->o_ts = (int64_t)m.offset;
	if ((rc = vms_linux_member(&m, lx, type, "text_len")))
		return rc;
	h->o_len = (int64_t)m.offset;
	h->o_fac = vms_linux_member(&m, lx, type, "facility") ? -1 : (int64_t)m.offset;
	h->o_level = vms_linux_member(&m, lx, type, "level") ? -1 : (int64_t)m.offset;
	h->level_shift = m.bit_offset;
	h->level_bits = m.bit_size ? m.bit_size : 8;
	h->o_caller = vms_linux_member(&m, lx, type, "caller_id") ? -1 : (int64_t)m.offset;
	/* Every field inside the header, so reads of a copy stay in it. */
	if ((h->o_seq >= 0 && (uint64_t)h->o_seq + 8 > h->size) ||
	    (uint64_t)h->o_ts + 8 > h->size || (uint64_t)h->o_len + 2 > h->size ||
	    (h->o_fac >= 0 && (uint64_t)h->o_fac >= h->size) ||
	    (h->o_level >= 0 && ((uint64_t)h->o_level >= h->size || h->level_shift > 7 ||
	                         h->level_bits > 8 - h->level_shift)) ||
	    (h->o_caller >= 0 && (uint64_t)h->o_caller + 4 > h->size))
		return vms_error_set(-EINVAL, "%s's members lie outside its %" PRIu64 " bytes",
		                     type, h->size);
	return 0;
}

/* The header fields of a record copied into b. */
static void fill_header(struct vms_linux_log *l, const struct header *h, const uint8_t *b)
{
	if (h->o_seq >= 0)
		l->seq = vms_le64(b + h->o_seq);
	l->ts_nsec = vms_le64(b + h->o_ts);
	if (h->o_fac >= 0)
		l->facility = b[h->o_fac];
	if (h->o_level >= 0)
		l->level =
		        (uint8_t)((b[h->o_level] >> h->level_shift) & ((1u << h->level_bits) - 1));
	if (h->o_caller >= 0)
		l->caller_id = vms_le32(b + h->o_caller);
}

static int text_of(struct vms_linux_log *l, struct vms_linux *lx, const struct ring *r,
                   uint64_t begin, uint64_t next, uint16_t text_len)
{
	uint64_t start, len;
	size_t got;

	if (begin & 1) {
		/* Data-less: an empty line, or a record whose text was lost. */
		if (begin != EMPTY_LINE_LPOS)
			return -ENOENT;
		start = 0;
		len = 0;
	} else if (begin / r->size == next / r->size) {
		start = begin % r->size;
		len = next - begin;
	} else if ((begin + r->size) / r->size == next / r->size) {
		start = 0;
		len = next % r->size;
	} else {
		return -ENOENT;
	}
	if (begin != EMPTY_LINE_LPOS) {
		if (len < 8 || len > r->size)
			return -ENOENT;
		start += 8; /* the block's id */
		len -= 8;
	}
	if (len > text_len)
		len = text_len;
	l->text = malloc(len + 1);
	if (!l->text)
		return -ENOMEM;
	if (len && vms_linux_read(l->text, &got, lx, r->data + start, len)) {
		free(l->text);
		l->text = NULL;
		return -ENOENT;
	}
	l->text[len] = '\0';
	l->len = len;
	return 0;
}

static int read_ring(struct ring *r, uint64_t *head, uint64_t *tail, struct vms_linux *lx)
{
	static const enum lx_off ids[] = { LX_PRB_DESC_COUNT_BITS, LX_PRB_DESCS,
		                           LX_PRB_INFOS,           LX_PRB_HEAD_ID,
		                           LX_PRB_TAIL_ID,         LX_PRB_TEXT_SIZE_BITS,
		                           LX_PRB_TEXT_DATA };
	int64_t o[sizeof(ids) / sizeof(ids[0])];
	uint64_t prb_ptr = lx_sym(lx, "prb"), prb;
	uint32_t count_bits, size_bits;
	int rc;

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if ((rc = lx_off(&o[i], lx, ids[i])))
			return rc;
	if ((rc = header_of(&r->h, lx, "printk_info")))
		return rc;
	if (!prb_ptr)
		return vms_error_set(-ENOENT,
		                     "no kernel symbol prb: no lockless printk ring buffer "
		                     "(a kernel before 5.10)");
	if (lx_u64(lx, prb_ptr, &prb) || lx_u32(lx, prb + (uint64_t)o[0], &count_bits) ||
	    lx_u64(lx, prb + (uint64_t)o[1], &r->descs) ||
	    lx_u64(lx, prb + (uint64_t)o[2], &r->infos) || lx_u64(lx, prb + (uint64_t)o[3], head) ||
	    lx_u64(lx, prb + (uint64_t)o[4], tail) ||
	    lx_u32(lx, prb + (uint64_t)o[5], &size_bits) ||
	    lx_u64(lx, prb + (uint64_t)o[6], &r->data))
		return vms_error_set(-EFAULT, "the printk ring buffer is not readable");
	if (count_bits > MAX_COUNT_BITS || size_bits > MAX_SIZE_BITS || size_bits < 4)
		return vms_error_set(-EINVAL,
		                     "the printk ring buffer claims 2^%u records and 2^%u "
		                     "bytes of text",
		                     count_bits, size_bits);
	r->count = 1ull << count_bits;
	r->size = 1ull << size_bits;
	*head &= DESC_ID_MASK;
	*tail &= DESC_ID_MASK;
	return 0;
}

/* What the n records at v own. */
static void logs_clear(void *elems, size_t n)
{
	struct vms_linux_log *v = elems;

	for (size_t i = 0; v && i < n; i++)
		free(v[i].text);
}

static int prb_dmesg(struct vms_linux_log **out, size_t *count, struct vms_linux *lx)
{
	struct vms_linux_log *v = NULL;
	struct ring r = { 0 };
	uint64_t head, tail, span;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	rc = read_ring(&r, &head, &tail, lx);
	if (rc)
		return rc;
	span = ((head - tail) & DESC_ID_MASK) + 1;
	if (span > r.count)
		return vms_error_set(-EINVAL,
		                     "the printk ring buffer runs from id %" PRIu64 " to %" PRIu64
		                     ", more than its %" PRIu64 " records",
		                     tail, head, r.count);
	v = calloc(span, sizeof(*v));
	if (!v)
		return vms_error_set(-ENOMEM, "out of memory");
	for (uint64_t k = 0; k < span; k++) {
		uint64_t id = (tail + k) & DESC_ID_MASK, idx = id & (r.count - 1), sv, begin, next;
		uint64_t desc = r.descs + idx * PRB_DESC_SIZE, info = r.infos + idx * r.h.size;
		struct vms_linux_log *l = &v[n];
		uint8_t hdr[HEADER_MAX];
		size_t got;

		if (lx_u64(lx, desc, &sv) || (sv & DESC_ID_MASK) != id ||
		    ((sv >> DESC_STATE_SHIFT) != DESC_COMMITTED &&
		     (sv >> DESC_STATE_SHIFT) != DESC_FINALIZED) ||
		    lx_u64(lx, desc + 8, &begin) || lx_u64(lx, desc + 16, &next) ||
		    vms_linux_read(hdr, &got, lx, info, r.h.size))
			continue;
		fill_header(l, &r.h, hdr);
		rc = text_of(l, lx, &r, begin, next, vms_le16(hdr + r.h.o_len));
		if (rc == -ENOMEM) {
			vms__array_discard(v, n, logs_clear);
			return vms_error_set(-ENOMEM, "out of memory");
		}
		if (rc == 0)
			n++;
	}
	return vms__array_out((void **)out, count, v, n, sizeof(*v), logs_clear);
}

/* Before 5.10: the log_buf ring. */
static int legacy(struct vms_linux_log **out, size_t *count, struct vms_linux *lx)
{
	static const char *const names[] = { "log_buf", "log_buf_len", "log_first_idx",
		                             "log_first_seq", "log_next_seq" };
	uint64_t at[sizeof(names) / sizeof(names[0])], buf, first_seq, next_seq, idx;
	uint32_t len, first_idx;
	struct vms_linux_member m;
	struct vms_linux_log *v;
	struct header h;
	uint8_t *b;
	size_t got, n = 0;
	int rc;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!(at[i] = lx_sym(lx, names[i])))
			return vms_error_set(-ENOENT, "no kernel symbol %s: no kernel log found",
			                     names[i]);
	if ((rc = header_of(&h, lx, "printk_log")) ||
	    (rc = vms_linux_member(&m, lx, "printk_log", "len")))
		return rc;
	if (m.offset + 2 > h.size)
		return vms_error_set(-EINVAL, "printk_log.len lies outside the header");
	if (lx_u64(lx, at[0], &buf) || lx_u32(lx, at[1], &len) || lx_u32(lx, at[2], &first_idx) ||
	    lx_u64(lx, at[3], &first_seq) || lx_u64(lx, at[4], &next_seq))
		return vms_error_set(-EFAULT, "the kernel log's variables are not readable");
	if (len > LOG_BUF_MAX || len < h.size || first_idx >= len ||
	    next_seq - first_seq > len / h.size)
		return vms_error_set(-EINVAL,
		                     "log_buf claims %u bytes, its oldest record at %u and %" PRIu64
		                     " records",
		                     len, first_idx, next_seq - first_seq);
	b = malloc(len);
	v = calloc(next_seq - first_seq + 1, sizeof(*v));
	if (!b || !v) {
		free(b);
		free(v);
		return vms_error_set(-ENOMEM, "out of memory");
	}
	if (vms_linux_read(b, &got, lx, buf, len)) {
		free(b);
		free(v);
		return vms_error_set(-EFAULT, "log_buf at %#" PRIx64 " is not readable", buf);
	}
	idx = first_idx;
	for (uint64_t seq = first_seq; seq != next_seq; seq++) {
		uint16_t rlen, tlen;
		struct vms_linux_log *l = &v[n];

		rlen = idx + h.size <= len ? vms_le16(b + idx + m.offset) : 0;
		if (rlen == 0) { /* wrapped */
			idx = 0;
			rlen = vms_le16(b + m.offset);
		}
		tlen = vms_le16(b + idx + h.o_len);
		if (rlen < h.size || idx + rlen > len || h.size + tlen > rlen) {
			vms__tlog(lx->t, VMS_LOG_WARN,
			          "log_buf: record %" PRIu64 " at %" PRIu64
			          " is corrupt (length %u, text %u); the log ends there",
			          seq, idx, rlen, tlen);
			break;
		}
		fill_header(l, &h, b + idx);
		l->seq = seq;
		l->text = malloc((size_t)tlen + 1);
		if (!l->text) {
			free(b);
			vms__array_discard(v, n, logs_clear);
			return vms_error_set(-ENOMEM, "out of memory");
		}
		memcpy(l->text, b + idx + h.size, tlen);
		l->text[tlen] = '\0';
		l->len = tlen;
		n++;
		idx += rlen;
	}
	free(b);
	return vms__array_out((void **)out, count, v, n, sizeof(*v), logs_clear);
}

int vms_linux_dmesg(struct vms_linux_log **out, size_t *count, struct vms_linux *lx)
{
	*out = NULL;
	*count = 0;
	if (!lx_sym(lx, "prb") && lx_sym(lx, "log_buf"))
		return legacy(out, count, lx);
	return prb_dmesg(out, count, lx);
}

void vms_linux_dmesg_free(struct vms_linux_log *log)
{
	vms__array_free(log, logs_clear);
}
