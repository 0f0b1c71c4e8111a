// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The snapshot backend ("file:PATH"): a dump file mapped whole, never read
 * whole. Opening costs one mmap and a parse of the format's headers, so a
 * dump of any size opens in constant memory; reads copy straight out of the
 * mapping, and map_gpa hands out pointers into it (zero copy).
 *
 * The format is sniffed from the bytes, never from the file name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snapshot.h"
#include "../backends.h"

struct snapshot {
	const uint8_t *map;
	size_t size;
	struct vms__snap_layout layout;
	struct vms__kdump *kdump; /* compressed pages are read through this */
	char format[160];
};

static int snap_read(void *priv, void *buf, size_t *nread, uint64_t gpa, size_t len)
{
	const struct snapshot *s = priv;
	size_t done = 0;

	if (s->kdump)
		return vms__kdump_read(s->kdump, buf, nread, gpa, len);
	while (done < len) {
		uint64_t at = gpa + done;
		const struct vms__snap_range *r = vms__snap_range_find(&s->layout, at);
		size_t n;

		if (!r || r->gpa > at) {
			*nread = done;
			return vms_error_set(-EFAULT, "guest-physical 0x%llx is not in the dump",
			                     (unsigned long long)at);
		}
		n = len - done;
		if (n > r->gpa + r->size - at)
			n = r->gpa + r->size - at;
		memcpy((uint8_t *)buf + done, s->map + r->off + (at - r->gpa), n);
		done += n;
	}
	*nread = done;
	return 0;
}

static int snap_map(void *priv, const void **out, uint64_t gpa, size_t len)
{
	const struct snapshot *s = priv;
	const struct vms__snap_range *r = vms__snap_range_find(&s->layout, gpa);

	if (s->kdump)
		return vms_error_set(-EOPNOTSUPP, "a kdump's pages are compressed: read them");
	if (!r || r->gpa > gpa || gpa + len > r->gpa + r->size)
		return vms_error_set(-EFAULT,
		                     "guest-physical [0x%llx, +0x%zx) is not one contiguous piece "
		                     "of the dump",
		                     (unsigned long long)gpa, len);
	*out = s->map + r->off + (gpa - r->gpa);
	return 0;
}

static int snap_regs(void *priv, struct vms_x86_regs *out, unsigned vcpu)
{
	const struct snapshot *s = priv;

	*out = s->layout.vcpus[vcpu];
	return 0;
}

static void snap_close(void *priv)
{
	struct snapshot *s = priv;

	if (!s)
		return;
	vms__snap_layout_free(&s->layout);
	vms__kdump_free(s->kdump);
	if (s->map)
		munmap((void *)s->map, s->size);
	free(s);
}

/* Prefix the parser's message with the path, keeping its code. */
static int with_path(int ret, const char *path)
{
	char msg[sizeof(((struct snapshot *)0)->format) * 4];

	(void)snprintf(msg, sizeof(msg), "%s", vms_error_last());
	return vms_error_set(ret, "%s: %s", path, msg);
}

/* A raw image's layout: opts->raw_layout, else PATH.layout if it exists. */
static int raw_with_layout(struct snapshot *s, const char *path, const struct vms_target_opts *opts)
{
	char sidecar[4096], *text;
	const char *lpath = opts ? opts->raw_layout : NULL;
	size_t len;
	FILE *f;
	int ret;

	if (!lpath) {
		(void)snprintf(sidecar, sizeof(sidecar), "%s.layout", path);
		if (access(sidecar, F_OK) != 0)
			return vms__raw_parse(&s->layout, s->size);
		lpath = sidecar;
	}
	f = fopen(lpath, "r");
	if (!f)
		return vms_error_set(-errno, "layout %s: %s", lpath, strerror(errno));
	/* A layout is a few lines; a megabyte is far more than any needs. */
	text = malloc(1 << 20);
	len = text ? fread(text, 1, 1 << 20, f) : 0;
	ret = text && !ferror(f) && len < (1 << 20) ? 0 : -EIO;
	(void)fclose(f);
	if (ret) {
		free(text);
		return vms_error_set(ret, "layout %s: unreadable, or larger than 1 MiB", lpath);
	}
	ret = vms__raw_layout_parse(&s->layout, text, len, s->size);
	free(text);
	if (ret) {
		char msg[512];

		(void)snprintf(msg, sizeof(msg), "%s", vms_error_last());
		return vms_error_set(ret, "%s: %s", lpath, msg);
	}
	return 0;
}

static int sniff_and_parse(struct snapshot *s, const char *path, const struct vms_target_opts *opts)
{
	char why[256];
	int ret;

	if (s->size >= 4 && !memcmp(s->map, "\177ELF", 4))
		ret = vms__elf_core_parse(&s->layout, s->map, s->size);
	else if (vms__kdump_is(s->map, s->size))
		ret = vms__kdump_parse(&s->layout, &s->kdump, s->map, s->size);
	else if (vms__lime_is(s->map, s->size))
		ret = vms__lime_parse(&s->layout, s->map, s->size);
	else
		ret = raw_with_layout(s, path, opts);
	if (ret == -ENOEXEC) {
		unsigned char head[4] = { 0 };

		(void)snprintf(why, sizeof(why), "%s", vms_error_last());
		memcpy(head, s->map, s->size < 4 ? s->size : 4);
		return vms_error_set(
		        -ENOEXEC,
		        "%s: not a dump vmscope can read (%s; it starts %02x %02x %02x "
		        "%02x)",
		        path, why, head[0], head[1], head[2], head[3]);
	}
	/* Layout errors already name their file. */
	if (ret && !strstr(vms_error_last(), ".layout") && !(opts && opts->raw_layout))
		return with_path(ret, path);
	return ret;
}

static int snap_open(void **priv, struct vms_backend_info *info, const char *path,
                     const struct vms_target_opts *opts)
{
	struct snapshot *s;
	struct stat st;
	void *map;
	int fd, ret;

	if (!*path)
		return vms_error_set(-EINVAL, "file: needs a path");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vms_error_set(-errno, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0) {
		ret = vms_error_set(-errno, "%s: %s", path, strerror(errno));
		close(fd);
		return ret;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return vms_error_set(S_ISDIR(st.st_mode) ? -EISDIR : -ENOEXEC,
		                     "%s: not a regular file", path);
	}
	if (st.st_size == 0) {
		close(fd);
		return vms_error_set(-ENOEXEC, "%s: empty file, not a dump", path);
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	ret = -errno;
	close(fd);
	if (map == MAP_FAILED)
		return vms_error_set(ret, "%s: cannot map it: %s", path, strerror(-ret));
	s = calloc(1, sizeof(*s));
	if (!s) {
		munmap(map, (size_t)st.st_size);
		return vms_error_set(-ENOMEM, "out of memory");
	}
	s->map = map;
	s->size = (size_t)st.st_size;
	ret = sniff_and_parse(s, path, opts);
	if (ret) {
		snap_close(s);
		return ret;
	}
	(void)snprintf(s->format, sizeof(s->format), "%s", s->layout.format);
	vms_backend_log(opts, VMS_LOG_DEBUG, "%s: %s, %zu ranges, %u vCPUs", path, s->format,
	                s->layout.npub, s->layout.nvcpus);
	info->format = s->format;
	info->ranges = s->layout.pub;
	info->nranges = s->layout.npub;
	info->nvcpus = s->layout.nvcpus;
	info->vmcoreinfo = (const char *)s->layout.vmcoreinfo;
	info->vmcoreinfo_len = s->layout.vmcoreinfo_len;
	*priv = s;
	return 0;
}

const struct vms_backend_ops vms__snapshot_backend = {
	.name = "file",
	.caps = VMS_CAP_READ | VMS_CAP_MAP | VMS_CAP_REGS | VMS_CAP_STATIC,
	.open = snap_open,
	.close = snap_close,
	.read_gpa = snap_read,
	.map_gpa = snap_map,
	.get_regs = snap_regs,
};
