// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Targets: parsing target strings, opening them through a backend, and the
 * one wrapper per backend op that checks the backend's capabilities, so a
 * missing op is -EOPNOTSUPP and never a crash.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../backends/registry.h"
#include "../util/opts.h"
#include "core.h"

/* A backend's description of its target must hold what the API promises. */
static int info_check(const struct vms_backend_ops *ops, const struct vms_backend_info *info)
{
	for (size_t i = 0; i < info->nranges; i++) {
		const struct vms_mem_range *r = &info->ranges[i];

		if (!r->size || r->gpa + r->size - 1 < r->gpa ||
		    (i && info->ranges[i - 1].gpa + info->ranges[i - 1].size > r->gpa))
			return vms_error_set(
			        -EPROTO, "backend %s: memory ranges are not sorted and disjoint",
			        ops->name);
	}
	return 0;
}

int vms_target_open_backend(struct vms_target **out, const struct vms_backend_ops *ops,
                            const char *arg, const struct vms_target_opts *opts)
{
	struct vms_target *t;
	int ret;

	if (!out)
		return vms_error_set(-EINVAL, "vms_target_open: out is NULL");
	*out = NULL;
	if (!ops || !ops->name || !ops->open || !ops->close || !arg)
		return vms_error_set(-EINVAL,
		                     "vms_target_open_backend: incomplete backend or no argument");
	t = calloc(1, sizeof(*t));
	if (!t)
		return vms_error_set(-ENOMEM, "out of memory");
	ret = vms__opts_copy(&t->opts, sizeof(t->opts), opts, "vms_target_opts");
	if (ret)
		goto fail;
	/* Warnings are logged unless the caller says otherwise. */
	if (!opts ||
	    opts->sz < offsetof(struct vms_target_opts, log_level) + sizeof(opts->log_level))
		t->opts.log_level = VMS_LOG_WARN;
	t->ops = ops;
	t->mem.tc.gen = 1;
	ret = ops->open(&t->priv, &t->info, arg, &t->opts);
	if (ret)
		goto fail;
	ret = info_check(ops, &t->info);
	if (ret) {
		ops->close(t->priv);
		goto fail;
	}
	if (!t->info.format)
		t->info.format = ops->name;
	*out = t;
	return 0;
fail:
	free(t);
	return ret < 0 ? ret : -EIO;
}

static int is_kind_name(const char *s, size_t len)
{
	if (!len)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (i && s[i] >= '0' && s[i] <= '9')))
			return 0;
	}
	return 1;
}

int vms_target_open(struct vms_target **out, const char *target, const struct vms_target_opts *opts)
{
	const struct vms_backend_ops *ops;
	const char *colon;
	char kinds[128];
	size_t klen;
	int reserved;

	if (!out)
		return vms_error_set(-EINVAL, "vms_target_open: out is NULL");
	*out = NULL;
	if (!target || !*target)
		return vms_error_set(-EINVAL, "empty target (expected PATH, file:PATH, "
		                              "qemu:QMP_SOCKET or xen:DOMAIN)");
	colon = strchr(target, ':');
	klen = colon ? (size_t)(colon - target) : 0;
	if (colon && is_kind_name(target, klen)) {
		ops = vms__backend_find(target, klen);
		if (ops)
			return vms_target_open_backend(out, ops, colon + 1, opts);
		/* "a:b" that exists is a file whose name has a colon. */
		if (access(target, F_OK) == 0)
			return vms_target_open_backend(out, vms__backend_find("file", 4), target,
			                               opts);
		reserved = vms__backend_is_reserved(target, klen);
		vms__backend_kinds(kinds, sizeof(kinds), !reserved);
		if (reserved)
			return vms_error_set(-EOPNOTSUPP,
			                     "target kind '%.*s' is not built into this libvmscope "
			                     "(built in: %s)",
			                     (int)klen, target, kinds);
		return vms_error_set(-EINVAL,
		                     "'%s': unknown target kind '%.*s' (known: %s), and no file "
		                     "has that name",
		                     target, (int)klen, target, kinds);
	}
	return vms_target_open_backend(out, vms__backend_find("file", 4), target, opts);
}

void vms_target_close(struct vms_target *t)
{
	if (!t)
		return;
	t->ops->close(t->priv);
	free(t);
}

const char *vms_target_kind(const struct vms_target *t)
{
	return t->ops->name;
}

const char *vms_target_format(const struct vms_target *t)
{
	return t->info.format;
}

int vms_target_mem_ranges(const struct vms_mem_range **out, size_t *count, struct vms_target *t)
{
	if (!out || !count || !t)
		return vms_error_set(-EINVAL, "vms_target_mem_ranges: NULL argument");
	*out = t->info.ranges;
	*count = t->info.nranges;
	return 0;
}

int vms__unsupported(const struct vms_target *t, const char *what)
{
	return vms_error_set(-EOPNOTSUPP, "%s targets cannot %s", t->ops->name, what);
}

int vms_target_vcpu_count(struct vms_target *t)
{
	if (!t)
		return vms_error_set(-EINVAL, "vms_target_vcpu_count: NULL target");
	return (int)t->info.nvcpus;
}

int vms_target_get_regs(struct vms_x86_regs *out, struct vms_target *t, unsigned vcpu)
{
	if (!out || !t)
		return vms_error_set(-EINVAL, "vms_target_get_regs: NULL argument");
	memset(out, 0, sizeof(*out));
	if (!(t->ops->caps & VMS_CAP_REGS) || !t->ops->get_regs || !t->info.nvcpus)
		return vms__unsupported(t, "give vCPU registers");
	if (vcpu >= t->info.nvcpus)
		return vms_error_set(-ENOENT, "no vCPU %u (the target has %u)", vcpu,
		                     t->info.nvcpus);
	return t->ops->get_regs(t->priv, out, vcpu);
}

int vms_read_gpa(void *buf, size_t *nread, struct vms_target *t, uint64_t gpa, size_t len)
{
	size_t done = 0;
	int ret;

	if (nread)
		*nread = 0;
	if (!t || (!buf && len))
		return vms_error_set(-EINVAL, "vms_read_gpa: NULL argument");
	if (!(t->ops->caps & VMS_CAP_READ) || !t->ops->read_gpa)
		return vms__unsupported(t, "read memory");
	if (len && gpa + (len - 1) < gpa)
		return vms_error_set(-EFAULT, "read of %zu bytes at gpa 0x%llx wraps around", len,
		                     (unsigned long long)gpa);
	ret = t->ops->read_gpa(t->priv, buf, &done, gpa, len);
	if (nread)
		*nread = done;
	return ret;
}

int vms_write_gpa(size_t *nwritten, struct vms_target *t, uint64_t gpa, const void *buf, size_t len)
{
	size_t done = 0;
	int ret;

	if (nwritten)
		*nwritten = 0;
	if (!t || (!buf && len))
		return vms_error_set(-EINVAL, "vms_write_gpa: NULL argument");
	if (!(t->ops->caps & VMS_CAP_WRITE) || !t->ops->write_gpa)
		return vms__unsupported(t, "be written (it is read-only)");
	if (len && gpa + (len - 1) < gpa)
		return vms_error_set(-EFAULT, "write of %zu bytes at gpa 0x%llx wraps around", len,
		                     (unsigned long long)gpa);
	ret = t->ops->write_gpa(t->priv, buf, &done, gpa, len);
	/* The bytes may have been page tables. */
	if (done)
		vms__tc_flush(&t->mem.tc, VMS_ALL_ROOTS);
	if (nwritten)
		*nwritten = done;
	return ret;
}

int vms_map_gpa(const void **out, struct vms_target *t, uint64_t gpa, size_t len)
{
	if (!out || !t)
		return vms_error_set(-EINVAL, "vms_map_gpa: NULL argument");
	*out = NULL;
	if (!(t->ops->caps & VMS_CAP_MAP) || !t->ops->map_gpa)
		return vms__unsupported(t, "map memory");
	if (!len || gpa + (len - 1) < gpa)
		return vms_error_set(-EINVAL, "vms_map_gpa: bad length %zu at 0x%llx", len,
		                     (unsigned long long)gpa);
	return t->ops->map_gpa(t->priv, out, gpa, len);
}

int vms_target_generation(uint64_t *out, struct vms_target *t)
{
	if (!out || !t)
		return vms_error_set(-EINVAL, "vms_target_generation: NULL argument");
	*out = 0;
	return t->ops->generation ? t->ops->generation(t->priv, out) : 0;
}

int vms_target_run_state(enum vms_run_state *out, struct vms_target *t)
{
	if (!out || !t)
		return vms_error_set(-EINVAL, "vms_target_run_state: NULL argument");
	*out = VMS_RUN_STATIC;
	if (t->ops->caps & VMS_CAP_STATIC)
		return 0;
	if (!t->ops->run_state)
		return vms__unsupported(t, "tell whether the guest runs");
	return t->ops->run_state(t->priv, out);
}

const char *vms_run_state_name(enum vms_run_state state)
{
	static const char *const names[] = {
		[VMS_RUN_STATIC] = "static",     [VMS_RUN_RUNNING] = "running",
		[VMS_RUN_PAUSED] = "paused",     [VMS_RUN_DEBUG] = "debug",
		[VMS_RUN_SHUTDOWN] = "shutdown", [VMS_RUN_CRASHED] = "crashed",
		[VMS_RUN_OTHER] = "other",
	};

	return (unsigned)state < sizeof(names) / sizeof(names[0]) ? names[state] : "?";
}

int vms_target_is_static(const struct vms_target *t)
{
	return t && (t->ops->caps & VMS_CAP_STATIC) && !(t->ops->caps & VMS_CAP_WRITE);
}

int vms_target_pause(struct vms_target *t)
{
	if (!t)
		return vms_error_set(-EINVAL, "vms_target_pause: NULL target");
	if (!(t->ops->caps & VMS_CAP_PAUSE) || !t->ops->pause)
		return vms__unsupported(t, "be paused");
	/* What was cached while it ran may have changed until it stopped. */
	vms__tc_flush(&t->mem.tc, VMS_ALL_ROOTS);
	return t->ops->pause(t->priv);
}

int vms_target_resume(struct vms_target *t)
{
	if (!t)
		return vms_error_set(-EINVAL, "vms_target_resume: NULL target");
	if (!(t->ops->caps & VMS_CAP_PAUSE) || !t->ops->resume)
		return vms__unsupported(t, "be resumed");
	vms__tc_flush(&t->mem.tc, VMS_ALL_ROOTS);
	return t->ops->resume(t->priv);
}

void vms__paging_forget(struct vms_target *t)
{
	if (!t->mem.paging.set)
		t->mem.paging.known = 0;
	vms__tc_flush(&t->mem.tc, VMS_ALL_ROOTS);
}

const struct vms_target_opts *vms__target_opts(const struct vms_target *t)
{
	return &t->opts;
}

int vms__phys_u64(struct vms_target *t, uint64_t gpa, uint64_t *out)
{
	const void *p;
	size_t n;

	if ((t->ops->caps & VMS_CAP_MAP) && t->ops->map_gpa(t->priv, &p, gpa, 8) == 0) {
		memcpy(out, p, 8);
		return 0;
	}
	return vms_read_gpa(out, &n, t, gpa, 8);
}

int vms__phys_u32(struct vms_target *t, uint64_t gpa, uint32_t *out)
{
	const void *p;
	size_t n;

	if ((t->ops->caps & VMS_CAP_MAP) && t->ops->map_gpa(t->priv, &p, gpa, 4) == 0) {
		memcpy(out, p, 4);
		return 0;
	}
	return vms_read_gpa(out, &n, t, gpa, 4);
}

int vms_target_vmcoreinfo(const char **out, size_t *len, struct vms_target *t)
{
	if (!out || !len || !t)
		return vms_error_set(-EINVAL, "vms_target_vmcoreinfo: NULL argument");
	*out = t->info.vmcoreinfo;
	*len = t->info.vmcoreinfo_len;
	if (!*out)
		return vms_error_set(-ENOENT, "the target carries no VMCOREINFO");
	return 0;
}

int vms_vmcoreinfo_get(char *buf, size_t size, struct vms_target *t, const char *key)
{
	const char *p, *end;
	size_t klen, len;

	if (!buf || !size || !t || !key)
		return vms_error_set(-EINVAL, "vms_vmcoreinfo_get: bad argument");
	buf[0] = '\0';
	if (vms_target_vmcoreinfo(&p, &len, t))
		return -ENOENT;
	end = p + len;
	klen = strlen(key);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n, linelen = (size_t)((eol ? eol : end) - p);

		if (linelen > klen && p[klen] == '=' && !memcmp(p, key, klen)) {
			n = linelen - klen - 1;
			memcpy(buf, p + klen + 1, n < size ? n : size - 1);
			buf[n < size ? n : size - 1] = '\0';
			return n < size ? 0
			                : vms_error_set(-E2BIG,
			                                "VMCOREINFO %s is longer than "
			                                "%zu bytes",
			                                key, size - 1);
		}
		p = eol ? eol + 1 : end;
	}
	return vms_error_set(-ENOENT, "VMCOREINFO has no %s", key);
}
