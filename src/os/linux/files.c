// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Open files: task->files->fdt, an array of max_fds struct file pointers.
 * The array's size is the guest's word, so it is bounded by NR_OPEN (the
 * most any kernel allows) and read in pages; each file's name comes from
 * vfs.c, as /proc/PID/fd's readlink gives it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/array.h"
#include "../../util/error.h"
#include "linux.h"

#define NR_OPEN (1u << 20)
#define CHUNK   512

static int add_fd(struct vms_linux_fd **v, size_t *n, size_t *cap, struct vms_linux *lx, int32_t fd,
                  uint64_t file)
{
	struct lx_file_info fi;
	char path[4096 + 16];
	struct vms_linux_fd *f;

	if (*n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 16;
		struct vms_linux_fd *nv = realloc(*v, ncap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		*v = nv;
		*cap = ncap;
	}
	f = &(*v)[*n];
	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->file = file;
	if (lx_file_path(path, sizeof(path), &fi, lx, file)) {
		f->partial = 1;
		path[0] = '\0';
	}
	f->dev_major = fi.dev >> 20;
	f->dev_minor = fi.dev & 0xfffff;
	f->ino = fi.ino;
	f->path = strdup(path);
	if (!f->path)
		return -ENOMEM;
	(*n)++;
	return 0;
}

/* What the n descriptors at v own. */
static void fds_clear(void *elems, size_t n)
{
	struct vms_linux_fd *v = elems;

	for (size_t i = 0; v && i < n; i++)
		free(v[i].path);
}

int vms_linux_files(struct vms_linux_fd **out, size_t *count, struct vms_linux *lx, int32_t pid)
{
	uint64_t task, mm;
	int rc;

	*out = NULL;
	*count = 0;
	rc = lx_find_task(&task, &mm, lx, pid);
	return rc ? rc : lx_task_files(out, count, lx, task, pid);
}

int lx_task_files(struct vms_linux_fd **out, size_t *count, struct vms_linux *lx, uint64_t task,
                  int32_t pid)
{
	int64_t o_files, o_fdt, o_max, o_fd;
	uint64_t files, fdt, fdarr, chunk[CHUNK];
	struct vms_linux_fd *v = NULL;
	size_t n = 0, cap = 0;
	uint32_t max;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = lx_off(&o_files, lx, LX_TASK_FILES)) || (rc = lx_off(&o_fdt, lx, LX_FILES_FDT)) ||
	    (rc = lx_off(&o_max, lx, LX_FDTABLE_MAX_FDS)) ||
	    (rc = lx_off(&o_fd, lx, LX_FDTABLE_FD)))
		return rc;
	if (lx_u64(lx, task + (uint64_t)o_files, &files))
		return vms_error_set(-EFAULT, "task of pid %d is not readable", pid);
	if (!files)
		return 0;
	if (lx_u64(lx, files + (uint64_t)o_fdt, &fdt) || lx_u32(lx, fdt + (uint64_t)o_max, &max) ||
	    lx_u64(lx, fdt + (uint64_t)o_fd, &fdarr))
		return vms_error_set(-EFAULT, "the file table of pid %d is not readable", pid);
	if (max > NR_OPEN)
		return vms_error_set(-E2BIG,
		                     "pid %d: its file table claims %u descriptors, more than "
		                     "the kernel allows (%u)",
		                     pid, max, NR_OPEN);
	for (uint32_t base = 0; base < max; base += CHUNK) {
		uint32_t k = max - base < CHUNK ? max - base : CHUNK;
		size_t got;

		if (vms_linux_read(chunk, &got, lx, fdarr + 8ull * base, 8ull * k)) {
			rc = vms_error_set(-EFAULT,
			                   "pid %d: descriptors %u and up are not readable", pid,
			                   base + (uint32_t)(got / 8));
			break;
		}
		for (uint32_t i = 0; i < k && !rc; i++)
			if (chunk[i])
				rc = add_fd(&v, &n, &cap, lx, (int32_t)(base + i), chunk[i]);
		if (rc)
			break;
	}
	if (rc) {
		vms__array_discard(v, n, fds_clear);
		return rc == -ENOMEM ? vms_error_set(-ENOMEM, "out of memory") : rc;
	}
	return vms__array_out((void **)out, count, v, n, sizeof(*v), fds_clear);
}

void vms_linux_files_free(struct vms_linux_fd *fds)
{
	vms__array_free(fds, fds_clear);
}
