// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <errno.h>
#include <vmscope/vmscope.h>

#include "testutil.h"

char *testutil_write_temp(const void *buf, size_t len)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	size_t n = strlen(dir) + 32;
	char *path = malloc(n);
	int fd;

	if (!path)
		return NULL;
	snprintf(path, n, "%s/vmscope-test-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0 || (len && write(fd, buf, len) != (ssize_t)len)) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

int testutil_open_bytes(struct vms_target **t, const void *buf, size_t len,
                        const struct vms_target_opts *opts)
{
	char *path = testutil_write_temp(buf, len);
	int ret;

	if (!path)
		return -EIO;
	ret = vms_target_open(t, path, opts);
	unlink(path);
	free(path);
	return ret;
}
