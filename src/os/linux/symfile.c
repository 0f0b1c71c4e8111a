// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A symbol file's bytes: System.map or an ISF, plain or xz-compressed (as
 * ISFs are often shipped), read whole and NUL-terminated for the parsers
 * in sysmap.c and isf_read.c. Bounded by SYMFILE_MAX, decompressed too.
 */
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../util/error.h"
#include "symfile.h"

static int read_all(char **text, size_t *len, int fd, const char *path)
{
	struct stat st;
	size_t got = 0;
	char *buf;

	if (fstat(fd, &st))
		return vms_error_set(-errno, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > SYMFILE_MAX)
		return vms_error_set(-EINVAL, "%s: not a regular file of at most %llu bytes", path,
		                     (unsigned long long)SYMFILE_MAX);
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return vms_error_set(-ENOMEM, "%s: out of memory", path);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n <= 0) {
			free(buf);
			return vms_error_set(n ? -errno : -EIO, "%s: read failed", path);
		}
		got += (size_t)n;
	}
	buf[got] = '\0';
	*text = buf;
	*len = got;
	return 0;
}

static int unxz(char **text, size_t *len, const uint8_t *in, size_t inlen, const char *path)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = inlen * 4 + 4096;
	uint8_t *out = NULL, *p;
	lzma_ret r;

	if (lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
		return vms_error_set(-ENOMEM, "%s: cannot start the xz decoder", path);
	s.next_in = in;
	s.avail_in = inlen;
	do {
		if (!out || s.avail_out == 0) {
			size_t used = out ? (size_t)(s.next_out - out) : 0;

			if (out)
				cap *= 2;
			if (cap > SYMFILE_MAX + 1)
				cap = SYMFILE_MAX + 1;
			if (used >= cap) {
				r = LZMA_MEMLIMIT_ERROR;
				break;
			}
			p = realloc(out, cap);
			if (!p) {
				r = LZMA_MEM_ERROR;
				break;
			}
			out = p;
			s.next_out = out + used;
			s.avail_out = cap - used;
		}
		r = lzma_code(&s, LZMA_FINISH);
	} while (r == LZMA_OK);
	if (r != LZMA_STREAM_END) {
		lzma_end(&s);
		free(out);
		return vms_error_set(r == LZMA_MEM_ERROR ? -ENOMEM : -EINVAL, "%s: %s", path,
		                     r == LZMA_MEMLIMIT_ERROR ? "decompresses to more than 1 GiB"
		                     : r == LZMA_MEM_ERROR    ? "out of memory decompressing"
		                     : r == LZMA_BUF_ERROR    ? "xz data cut short"
		                                              : "corrupt xz data");
	}
	*len = (size_t)(s.next_out - out);
	lzma_end(&s);
	if (*len + 1 > cap) {
		p = realloc(out, *len + 1);
		if (!p) {
			free(out);
			return vms_error_set(-ENOMEM, "%s: out of memory", path);
		}
		out = p;
	}
	out[*len] = '\0';
	*text = (char *)out;
	return 0;
}

int symfile_load(char **text, size_t *len, const char *path)
{
	static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *raw = NULL;
	size_t rawlen = 0;
	int rc;

	*text = NULL;
	*len = 0;
	if (fd < 0)
		return vms_error_set(-errno, "%s: %s", path, strerror(errno));
	rc = read_all(&raw, &rawlen, fd, path);
	(void)close(fd);
	if (rc)
		return rc;
	if (rawlen < sizeof(xz_magic) || memcmp(raw, xz_magic, sizeof(xz_magic)) != 0) {
		*text = raw;
		*len = rawlen;
		return 0;
	}
	rc = unxz(text, len, (const uint8_t *)raw, rawlen, path);
	free(raw);
	return rc;
}
