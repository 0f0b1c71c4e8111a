// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Paths of open files, as fs/d_path.c builds them: from the file's dentry
 * up through d_parent to the root of its mount, then from the mount's
 * mountpoint in its parent mount, until the mount that is its own parent
 * (the namespace's root). Names are prepended one at a time into the end
 * of the buffer. Dentries whose filesystem names them itself (pipes,
 * sockets, anonymous inodes) carry a d_dname operation; which one it is
 * is told by the kernel's own symbol for the function. Walks are bounded:
 * a name is at most NAME_MAX, a path at most PATH_MAX, and a dentry chain
 * that never reaches a root is -ELOOP.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../../util/error.h"
#include "linux.h"

#define PATH_MAX_LEN 4096
#define NAME_MAX_LEN 255
#define MAX_STEPS    1024 /* dentries and mounts in one path */

static const enum lx_off needed[] = {
	LX_DENTRY_PARENT,    LX_DENTRY_NAME,      LX_DENTRY_NAME_LEN,
	LX_DENTRY_INODE,     LX_DENTRY_OP,        LX_DENTRY_HASH_PPREV,
	LX_DOPS_DNAME,       LX_INODE_INO,        LX_INODE_SB,
	LX_SB_DEV,           LX_VFSMOUNT_ROOT,    LX_MOUNT_MNT,
	LX_MOUNT_PARENT,     LX_MOUNT_MOUNTPOINT, LX_FILE_PATH_MNT,
	LX_FILE_PATH_DENTRY, LX_FILE_INODE,
};

struct prepend {
	char *buf;
	size_t size, pos; /* the path so far is buf[pos, size - 1) */
};

static int prepend(struct prepend *p, const char *s, size_t n)
{
	if (n > p->pos - 1)
		return -ENAMETOOLONG;
	p->pos -= n;
	memcpy(p->buf + p->pos, s, n);
	return 0;
}

/* A pseudo filesystem's name for a dentry, when its d_dname is one the
 * kernel's /proc shows: "pipe:[ino]", "socket:[ino]", "anon_inode:NAME". */
static int dname(char *out, size_t size, struct vms_linux *lx, const int64_t *o, uint64_t dentry,
                 uint64_t ino, const char *name)
{
	uint64_t ops, fn;

	if (lx_u64(lx, dentry + (uint64_t)o[LX_DENTRY_OP], &ops) || !ops ||
	    lx_u64(lx, ops + (uint64_t)o[LX_DOPS_DNAME], &fn) || !fn)
		return 0;
	if (fn == lx_sym(lx, "pipefs_dname"))
		(void)snprintf(out, size, "pipe:[%" PRIu64 "]", ino);
	else if (fn == lx_sym(lx, "sockfs_dname"))
		(void)snprintf(out, size, "socket:[%" PRIu64 "]", ino);
	else if (fn == lx_sym(lx, "anon_inodefs_dname"))
		(void)snprintf(out, size, "anon_inode:%s", name);
	else if (fn == lx_sym(lx, "simple_dname"))
		(void)snprintf(out, size, "/%s (deleted)", name);
	else
		(void)snprintf(out, size, "%s:[%" PRIu64 "]", name, ino);
	return 1;
}

static int read_name(char *name, struct vms_linux *lx, const int64_t *o, uint64_t dentry)
{
	uint64_t p;
	uint32_t len;
	size_t got;

	if (lx_u64(lx, dentry + (uint64_t)o[LX_DENTRY_NAME], &p) ||
	    lx_u32(lx, dentry + (uint64_t)o[LX_DENTRY_NAME_LEN], &len))
		return -EFAULT;
	if (len > NAME_MAX_LEN)
		len = NAME_MAX_LEN;
	if (vms_linux_read(name, &got, lx, p, len))
		return -EFAULT;
	name[len] = '\0';
	return 0;
}

int lx_file_path(char *buf, size_t size, struct lx_file_info *info, struct vms_linux *lx,
                 uint64_t file)
{
	int64_t o[LX_NOFFSETS];
	uint64_t dentry, vfsmnt, mnt, inode, sb, pprev, root_parent;
	char name[NAME_MAX_LEN + 1];
	struct prepend p = { buf, size < PATH_MAX_LEN ? size : PATH_MAX_LEN, 0 };
	uint32_t dev = 0;
	int rc, unlinked;

	memset(info, 0, sizeof(*info));
	if (size < 2)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		rc = lx_off(&o[needed[i]], lx, needed[i]);
		if (rc)
			return rc;
	}
	if (lx_u64(lx, file + (uint64_t)o[LX_FILE_PATH_DENTRY], &dentry) ||
	    lx_u64(lx, file + (uint64_t)o[LX_FILE_PATH_MNT], &vfsmnt) ||
	    lx_u64(lx, file + (uint64_t)o[LX_FILE_INODE], &inode))
		return vms_error_set(-EFAULT, "struct file at %#" PRIx64 " is not readable", file);
	if (inode && !lx_u64(lx, inode + (uint64_t)o[LX_INODE_INO], &info->ino) &&
	    !lx_u64(lx, inode + (uint64_t)o[LX_INODE_SB], &sb) && sb &&
	    !lx_u32(lx, sb + (uint64_t)o[LX_SB_DEV], &dev))
		info->dev = dev;
	if (read_name(name, lx, o, dentry))
		return vms_error_set(-EFAULT, "dentry at %#" PRIx64 " is not readable", dentry);
	if (dname(buf, size, lx, o, dentry, info->ino, name))
		return 0;
	/* Unlinked: not the root of its tree, and unhashed. */
	unlinked = !lx_u64(lx, dentry + (uint64_t)o[LX_DENTRY_PARENT], &root_parent) &&
	           root_parent != dentry &&
	           !lx_u64(lx, dentry + (uint64_t)o[LX_DENTRY_HASH_PPREV], &pprev) && !pprev;
	p.pos = p.size - 1;
	buf[p.pos] = '\0';
	if (unlinked && prepend(&p, " (deleted)", 10))
		return -ENAMETOOLONG;
	mnt = vfsmnt - (uint64_t)o[LX_MOUNT_MNT];
	for (unsigned steps = 0;; steps++) {
		uint64_t mnt_root, parent;

		if (steps > MAX_STEPS)
			return vms_error_set(
			        -ELOOP, "the path of file %#" PRIx64 " never reaches a root", file);
		if (lx_u64(lx, vfsmnt + (uint64_t)o[LX_VFSMOUNT_ROOT], &mnt_root) ||
		    lx_u64(lx, dentry + (uint64_t)o[LX_DENTRY_PARENT], &parent))
			return vms_error_set(-EFAULT,
			                     "the path of file %#" PRIx64 " runs into "
			                     "unreadable memory",
			                     file);
		if (dentry == mnt_root || dentry == parent) {
			uint64_t mnt_parent;

			if (lx_u64(lx, mnt + (uint64_t)o[LX_MOUNT_PARENT], &mnt_parent))
				return -EFAULT;
			if (mnt_parent == mnt || !mnt_parent)
				break; /* the namespace's root */
			if (lx_u64(lx, mnt + (uint64_t)o[LX_MOUNT_MOUNTPOINT], &dentry))
				return -EFAULT;
			mnt = mnt_parent;
			vfsmnt = mnt + (uint64_t)o[LX_MOUNT_MNT];
			continue;
		}
		if (read_name(name, lx, o, dentry))
			return -EFAULT;
		if (prepend(&p, name, strlen(name)) || prepend(&p, "/", 1))
			return vms_error_set(-ENAMETOOLONG,
			                     "the path of file %#" PRIx64 " is too long", file);
		dentry = parent;
	}
	if (p.pos == p.size - 1 - (unlinked ? 10 : 0) && prepend(&p, "/", 1))
		return -ENAMETOOLONG;
	memmove(buf, buf + p.pos, p.size - p.pos);
	return 0;
}
