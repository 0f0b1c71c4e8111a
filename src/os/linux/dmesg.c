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
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <vmscope/sys/backend.h>

#include "linux.h"

#define DESC_STATE_SHIFT 62
#define DESC_ID_MASK     ((1ull << DESC_STATE_SHIFT) - 1)
#define DESC_COMMITTED   1
#define DESC_FINALIZED   2
#define MAX_COUNT_BITS   24 /* descriptors */
#define MAX_SIZE_BITS    28 /* bytes of text */
#define PRB_DESC_SIZE    24 /* state_var; text_blk_lpos { begin, next } */
#define EMPTY_LINE_LPOS  3

struct ring {
	uint64_t descs, infos, data, count, size, info_size;
	int64_t o_seq, o_ts, o_len, o_fac, o_level, o_caller;
	unsigned level_shift, level_bits;
};

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
	struct vms_linux_member m;
	uint64_t prb_ptr = lx_sym(lx, "prb"), prb;
	uint32_t count_bits, size_bits;
	int rc;

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if ((rc = lx_off(&o[i], lx, ids[i])))
			return rc;
	if ((rc = vms_linux_type_size(&r->info_size, lx, "printk_info")))
		return rc;
	if (!vms_linux_member(&m, lx, "printk_info", "seq"))
		r->o_seq = (int64_t)m.offset;
	if ((rc = vms_linux_member(&m, lx, "printk_info", "ts_nsec")))
		return rc;
	r->o_ts = (int64_t)m.offset;
	if ((rc = vms_linux_member(&m, lx, "printk_info", "text_len")))
		return rc;
	r->o_len = (int64_t)m.offset;
	r->o_fac = vms_linux_member(&m, lx, "printk_info", "facility") ? -1 : (int64_t)m.offset;
	r->o_level = vms_linux_member(&m, lx, "printk_info", "level") ? -1 : (int64_t)m.offset;
	r->level_shift = m.bit_offset;
	r->level_bits = m.bit_size ? m.bit_size : 8;
	r->o_caller = vms_linux_member(&m, lx, "printk_info", "caller_id") ? -1 : (int64_t)m.offset;
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

int vms_linux_dmesg(struct vms_linux_log **out, size_t *count, struct vms_linux *lx)
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
		uint64_t desc = r.descs + idx * PRB_DESC_SIZE, info = r.infos + idx * r.info_size;
		struct vms_linux_log *l = &v[n];
		uint32_t w;
		uint8_t b;
		size_t got;
		uint16_t len;

		if (lx_u64(lx, desc, &sv) || (sv & DESC_ID_MASK) != id ||
		    ((sv >> DESC_STATE_SHIFT) != DESC_COMMITTED &&
		     (sv >> DESC_STATE_SHIFT) != DESC_FINALIZED) ||
		    lx_u64(lx, desc + 8, &begin) || lx_u64(lx, desc + 16, &next) ||
		    lx_u64(lx, info + (uint64_t)r.o_seq, &l->seq) ||
		    lx_u64(lx, info + (uint64_t)r.o_ts, &l->ts_nsec) ||
		    vms_linux_read(&len, &got, lx, info + (uint64_t)r.o_len, 2))
			continue;
		if (r.o_fac >= 0 && !vms_linux_read(&b, &got, lx, info + (uint64_t)r.o_fac, 1))
			l->facility = b;
		if (r.o_level >= 0 && !vms_linux_read(&b, &got, lx, info + (uint64_t)r.o_level, 1))
			l->level = (uint8_t)((b >> r.level_shift) & ((1u << r.level_bits) - 1));
		if (r.o_caller >= 0 && !lx_u32(lx, info + (uint64_t)r.o_caller, &w))
			l->caller_id = w;
		rc = text_of(l, lx, &r, begin, next, len);
		if (rc == -ENOMEM) {
			vms_linux_dmesg_free(v, n);
			return vms_error_set(-ENOMEM, "out of memory");
		}
		if (rc == 0)
			n++;
	}
	*out = v;
	*count = n;
	return 0;
}

void vms_linux_dmesg_free(struct vms_linux_log *log, size_t count)
{
	for (size_t i = 0; log && i < count; i++)
		free(log[i].text);
	free(log);
}
