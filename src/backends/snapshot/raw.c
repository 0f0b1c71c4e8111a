// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Raw physical images: the file's byte at offset N is guest-physical N. A
 * guest whose RAM is split around the PCI hole (QEMU puts RAM above 4 GiB
 * after a hole) needs a description of where each piece lies: a layout,
 * one range a line, "GPA SIZE FILE_OFFSET" in hex ('#' starts a comment).
 * The lab writes one from QEMU's own memory map next to each raw image.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"

/* Parse one hex number; *p advances past it. */
static int hex_field(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int digits = 0;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s + 1 < end && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; s < end; s++, digits++) {
		int d = (*s >= '0' && *s <= '9')   ? *s - '0'
		        : (*s >= 'a' && *s <= 'f') ? *s - 'a' + 10
		        : (*s >= 'A' && *s <= 'F') ? *s - 'A' + 10
		                                   : -1;

		if (d < 0)
			break;
		if (v >> 60)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	*p = s;
	*out = v;
	return digits ? 0 : -1;
}

int vms__raw_layout_parse(struct vms__snap_layout *out, const char *text, size_t len,
                          uint64_t file_size)
{
	struct vms__snap_range *r = NULL;
	const char *p = text, *end = text + len;
	size_t n = 0, cap = 0;
	unsigned line = 0;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *stop = eol ? eol : end, *hash = memchr(p, '#', (size_t)(stop - p));
		const char *q = p;
		uint64_t gpa, size, off;

		line++;
		if (hash)
			stop = hash;
		while (q < stop && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < stop) {
			if (hex_field(&q, stop, &gpa) || hex_field(&q, stop, &size) ||
			    hex_field(&q, stop, &off)) {
				free(r);
				return vms_error_set(
				        -EPROTO,
				        "layout line %u: expected GPA SIZE FILE_OFFSET "
				        "in hex",
				        line);
			}
			while (q < stop && (*q == ' ' || *q == '\t' || *q == '\r'))
				q++;
			if (q != stop || !size || gpa + size - 1 < gpa || off > file_size ||
			    size > file_size - off) {
				free(r);
				return vms_error_set(
				        -EPROTO,
				        "layout line %u: range 0x%llx+0x%llx at file "
				        "offset 0x%llx does not fit a file of %llu bytes",
				        line, (unsigned long long)gpa, (unsigned long long)size,
				        (unsigned long long)off, (unsigned long long)file_size);
			}
			if (n == cap) {
				struct vms__snap_range *nr;

				cap = cap ? cap * 2 : 16;
				nr = realloc(r, cap * sizeof(*r));
				if (!nr) {
					free(r);
					return vms_error_set(-ENOMEM, "out of memory");
				}
				r = nr;
			}
			r[n++] = (struct vms__snap_range){ gpa, size, off };
		}
		p = eol ? eol + 1 : end;
	}
	if (!n) {
		free(r);
		return vms_error_set(-EPROTO, "the layout describes no memory");
	}
	(void)snprintf(out->format, sizeof(out->format),
	               "raw physical image, %zu ranges from a layout", n);
	return vms__snap_layout_set_ranges(out, r, n, "layout range");
}

int vms__raw_parse(struct vms__snap_layout *out, size_t file_size)
{
	struct vms__snap_range *r;

	memset(out, 0, sizeof(*out));
	/* Without magic, a raw image is recognised only by being whole pages. */
	if (!file_size || file_size % 4096)
		return vms_error_set(-ENOEXEC,
		                     "not a known format, and %zu bytes is not a whole "
		                     "number of pages, as a raw image would be",
		                     file_size);
	r = malloc(sizeof(*r));
	if (!r)
		return vms_error_set(-ENOMEM, "out of memory");
	*r = (struct vms__snap_range){ 0, file_size, 0 };
	(void)snprintf(out->format, sizeof(out->format), "raw physical image");
	return vms__snap_layout_set_ranges(out, r, 1, "range");
}
