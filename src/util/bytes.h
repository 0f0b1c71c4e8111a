/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Little-endian loads from unaligned, untrusted buffers, and overflow-safe
 * bounds checks: the two things every parser of guest or file bytes needs. */
#ifndef VMS_UTIL_BYTES_H
#define VMS_UTIL_BYTES_H

#include <stdint.h>
#include <string.h>

static inline uint16_t vms_le16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t vms_le32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t vms_le64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Does [off, off + len) lie within a buffer of size total? */
static inline int vms_in_bounds(uint64_t off, uint64_t len, uint64_t total)
{
	return off <= total && len <= total - off;
}

#endif
