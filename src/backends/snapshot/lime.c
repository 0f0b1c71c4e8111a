// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * LiME, the format of the Linux Memory Extractor: for each range of
 * physical memory a 32-byte header (magic "EMiL" as a little-endian
 * 0x4C694D45, version 1, the first and last physical address, 8 reserved
 * bytes), then the range's bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "../../util/bytes.h"

#define LIME_MAGIC 0x4C694D45u
#define LIME_HDR   32

int vms__lime_is(const uint8_t *buf, size_t len)
{
	return len >= 4 && vms_le32(buf) == LIME_MAGIC;
}

int vms__lime_parse(struct vms__snap_layout *out, const uint8_t *buf, size_t len)
{
	struct vms__snap_range *r;
	size_t n = 0, pos = 0;

	memset(out, 0, sizeof(*out));
	if (!vms__lime_is(buf, len))
		return vms_error_set(-ENOEXEC, "not a LiME file");
	/* At most one range per header's worth of file. */
	r = calloc(len / LIME_HDR + 1, sizeof(*r));
	if (!r)
		return vms_error_set(-ENOMEM, "out of memory");
	while (pos < len) {
		uint64_t start, last, size;

		if (len - pos < LIME_HDR) {
			free(r);
			return vms_error_set(-EPROTO,
			                     "truncated: %zu bytes after range %zu are too "
			                     "few for a LiME header",
			                     len - pos, n);
		}
		if (vms_le32(buf + pos) != LIME_MAGIC || vms_le32(buf + pos + 4) != 1) {
			free(r);
			return vms_error_set(-EPROTO,
			                     "LiME header %zu at offset 0x%zx: magic 0x%08x, "
			                     "version %u (expected 0x%08x, 1)",
			                     n, pos, vms_le32(buf + pos), vms_le32(buf + pos + 4),
			                     LIME_MAGIC);
		}
		start = vms_le64(buf + pos + 8);
		last = vms_le64(buf + pos + 16);
		size = last - start + 1;
		if (last < start || !size || !vms_in_bounds(pos + LIME_HDR, size, len)) {
			free(r);
			return vms_error_set(-EPROTO,
			                     "truncated or corrupt: LiME range %zu "
			                     "[0x%llx, 0x%llx] does not fit in the file",
			                     n, (unsigned long long)start,
			                     (unsigned long long)last);
		}
		r[n++] = (struct vms__snap_range){ start, size, pos + LIME_HDR };
		pos += LIME_HDR + size;
	}
	(void)snprintf(out->format, sizeof(out->format), "LiME, %zu ranges", n);
	return vms__snap_layout_set_ranges(out, r, n, "LiME range");
}
