// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A live QEMU/KVM guest, "qemu:QMP_SOCKET". Its RAM is mapped zero-copy
 * from the files of its shared memory backends (memory-backend-file with
 * share=on), laid out as QEMU's own flat view of the "memory" address space
 * says ("info mtree -f"): each RAM or ROM piece of a backend at its offset
 * in the backend's file (RAM in no shared file is found and read in QEMU's
 * process: procmem.c). vCPU registers come from "info registers -a" each
 * time they are asked for; pause and resume are QMP's stop and cont, and a
 * resume only follows a pause this backend made.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vmscope/sys/backend.h>

#include "../../util/bsearch.h"
#include "../../util/json.h"
#include "../backends.h"
#include "qemu.h"
#include "qmp.h"

/* A property of memory backend name, as QMP's JSON text. */
static int qom_get(char **ret, struct qemu *s, const char *name, const char *prop)
{
	char args[200];

	(void)snprintf(args, sizeof(args), "{\"path\": \"/objects/%s\", \"property\": \"%s\"}",
	               name, prop);
	return qmp_execute(s->q, "qom-get", args, ret);
}

static int map_file(const uint8_t **map, size_t *size, const char *file)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC), rc;
	struct stat st;
	void *m;

	*map = NULL;
	*size = 0;
	if (fd < 0)
		return vms_error_set(-errno, "QEMU's RAM file %s cannot be opened here: %s", file,
		                     strerror(errno));
	if (fstat(fd, &st) || st.st_size <= 0) {
		(void)close(fd);
		return vms_error_set(-EINVAL, "QEMU's RAM file %s is empty", file);
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	rc = errno ? errno : EIO;
	(void)close(fd);
	if (m == MAP_FAILED)
		return vms_error_set(-rc, "cannot map QEMU's RAM file %s: %s", file, strerror(rc));
	*map = m;
	*size = (size_t)st.st_size;
	return 0;
}

/* Memory backend name: its file mapped (map), or, when it is not in a
 * shared file, its size, to be found in QEMU's own memory (map NULL). The
 * index into s->files. -ENOENT when name is no memory backend. */
static int backend_file(unsigned *idx, struct qemu *s, const char *name)
{
	char *path = NULL, *share = NULL, *file = NULL, *size = NULL;
	const uint8_t *map = NULL;
	size_t len = 0;
	int rc;

	for (unsigned i = 0; i < s->nfiles; i++)
		if (!strcmp(s->files[i].name, name)) {
			*idx = i;
			return 0;
		}
	if (s->nfiles == MAX_FILES)
		return vms_error_set(-E2BIG, "QEMU: more than %d memory backends", MAX_FILES);
	/* QEMU refuses (-EIO) for a region that is no backend object; any
	 * other failure is the connection's, and says so. */
	rc = qom_get(&size, s, name, "size");
	if (rc)
		return rc == -EIO ? -ENOENT : rc;
	len = (size_t)strtoull(size, NULL, 10);
	free(size);
	rc = qom_get(&path, s, name, "mem-path");
	if (!rc)
		rc = qom_get(&share, s, name, "share");
	if (!rc && !strcmp(share, "true")) {
		rc = qmp_string(&file, path);
		if (!rc)
			rc = map_file(&map, &len, file);
		free(file);
		if (rc) {
			free(path);
			free(share);
			return rc;
		}
	} else {
		vms_backend_log(
		        s->opts, VMS_LOG_WARN,
		        "QEMU's RAM %s is not in a shared file: reading it from QEMU's process "
		        "(no zero-copy); for the fast path, %s",
		        name, FAST_PATH);
	}
	free(path);
	free(share);
	if (!len)
		return vms_error_set(-EPROTO, "QEMU's memory backend %s has no size", name);
	(void)snprintf(s->files[s->nfiles].name, sizeof(s->files[s->nfiles].name), "%s", name);
	s->files[s->nfiles].map = map;
	s->files[s->nfiles].size = len;
	*idx = s->nfiles++;
	return 0;
}

static int build_layout(struct qemu *s)
{
	struct qemu_region *r;
	size_t n;
	char *text;
	int rc = qmp_hmp(s->q, "info mtree -f", &text);

	if (rc)
		return rc;
	rc = qemu_parse_mtree(&r, &n, text);
	free(text);
	if (rc)
		return rc;
	s->pieces = calloc(n + 1, sizeof(*s->pieces));
	s->ranges = calloc(n + 1, sizeof(*s->ranges));
	if (!s->pieces || !s->ranges) {
		free(r);
		return vms_error_set(-ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n && !rc; i++) {
		unsigned f = 0;
		size_t size;

		/* ROM that is no backend's (the BIOS image) is not guest RAM. */
		rc = backend_file(&f, s, r[i].name);
		if (rc == -ENOENT && r[i].rom) {
			rc = 0;
			continue;
		}
		if (rc == -ENOENT)
			rc = vms_error_set(-EOPNOTSUPP,
			                   "QEMU's RAM region %s is no memory backend (%s)",
			                   r[i].name, vms_error_last());
		if (rc)
			break;
		size = s->files[f].size;
		if (r[i].offset > size || r[i].size > size - r[i].offset) {
			rc = vms_error_set(-EPROTO,
			                   "QEMU maps %s at %#" PRIx64 "+%#" PRIx64
			                   ", past its file's %zu bytes",
			                   r[i].name, r[i].offset, r[i].size, size);
			break;
		}
		if (s->npieces &&
		    s->pieces[s->npieces - 1].gpa + s->pieces[s->npieces - 1].size > r[i].start) {
			rc = vms_error_set(-EPROTO,
			                   "info mtree -f: regions out of order at %#" PRIx64,
			                   r[i].start);
			break;
		}
		s->pieces[s->npieces++] = (struct piece){ r[i].start, r[i].size, r[i].offset, f };
		if (s->nranges &&
		    s->ranges[s->nranges - 1].gpa + s->ranges[s->nranges - 1].size == r[i].start)
			s->ranges[s->nranges - 1].size += r[i].size;
		else
			s->ranges[s->nranges++] = (struct vms_mem_range){ r[i].start, r[i].size };
	}
	free(r);
	if (!rc && !s->npieces)
		rc = vms_error_set(-ENOENT, "QEMU's memory map has no RAM");
	for (unsigned f = 0; !rc && f < s->nfiles; f++) {
		if (s->files[f].map)
			continue;
		if (!s->pid)
			s->pid = qmp_peer_pid(s->q);
		rc = s->pid < 0 ? s->pid : qemu_procmem_locate(s, f);
	}
	return rc;
}

/* A gpa (key) against piece i: after it, in it, or before it. */
static int piece_cmp(const void *key, const void *base, size_t i)
{
	const struct piece *p = (const struct piece *)base + i;
	uint64_t gpa = *(const uint64_t *)key;

	return gpa >= p->gpa + p->size ? 1 : gpa < p->gpa ? -1 : 0;
}

/* The piece holding gpa, or NULL. */
static const struct piece *find_piece(const struct qemu *s, uint64_t gpa)
{
	size_t i = vms__lower_bound(&gpa, s->pieces, s->npieces, piece_cmp);

	return i < s->npieces && s->pieces[i].gpa <= gpa ? &s->pieces[i] : NULL;
}

static int qemu_read(void *priv, void *buf, size_t *nread, uint64_t gpa, size_t len)
{
	const struct qemu *s = priv;
	size_t done = 0;

	while (done < len) {
		uint64_t at = gpa + done;
		const struct piece *p = find_piece(s, at);
		size_t n = len - done;

		if (!p) {
			*nread = done;
			return vms_error_set(-EFAULT, "guest-physical %#" PRIx64 " is not RAM", at);
		}
		if (n > p->gpa + p->size - at)
			n = p->gpa + p->size - at;
		if (s->files[p->file].map) {
			memcpy((uint8_t *)buf + done,
			       s->files[p->file].map + p->off + (at - p->gpa), n);
		} else {
			if (qemu_procmem_read(s->pid, (uint8_t *)buf + done,
			                      s->files[p->file].hva + p->off + (at - p->gpa), n)) {
				*nread = done;
				return vms_error_set(errno == ESRCH ? -EPIPE : -EIO,
				                     "reading guest-physical %#" PRIx64
				                     " from QEMU's process %d: %s",
				                     at, s->pid, strerror(errno));
			}
		}
		done += n;
	}
	*nread = done;
	return 0;
}

static int qemu_map(void *priv, const void **out, uint64_t gpa, size_t len)
{
	const struct qemu *s = priv;
	const struct piece *p = find_piece(s, gpa);

	if (!p || len > p->gpa + p->size - gpa)
		return vms_error_set(-EFAULT,
		                     "guest-physical [%#" PRIx64 ", +%#zx) is not one piece of RAM",
		                     gpa, len);
	if (!s->files[p->file].map)
		return vms_error_set(-EOPNOTSUPP,
		                     "QEMU's RAM is read from its process: no mapping");
	*out = s->files[p->file].map + p->off + (gpa - p->gpa);
	return 0;
}

static int qemu_regs(void *priv, struct vms_x86_regs *out, unsigned vcpu)
{
	struct qemu *s = priv;
	struct vms_x86_regs *v;
	unsigned n;
	char *text;
	int rc;

	if (vcpu >= s->nvcpus)
		return vms_error_set(-ERANGE, "QEMU reports %u vCPUs, not %u", s->nvcpus, vcpu + 1);
	/* Stopped at an event: the stub has them, faster than the monitor. */
	rc = qemu_debug_regs(s, out, vcpu);
	if (rc != -EAGAIN)
		return rc;
	rc = qmp_hmp(s->q, "info registers -a", &text);
	if (rc)
		return rc;
	rc = qemu_parse_registers(&v, &n, text);
	free(text);
	if (rc)
		return rc;
	if (vcpu >= n) {
		free(v);
		return vms_error_set(-ERANGE, "QEMU reports %u vCPUs, not %u", n, vcpu + 1);
	}
	*out = v[vcpu];
	free(v);
	return 0;
}

/* Whether the guest runs now: query-status's "running". */
/* QMP query-status: "running" and "status" (QAPI's RunState). */
static int query_status(struct qemu *s, int *running, char *status, size_t size)
{
	char *ret;
	struct json j;
	char key[16];
	size_t i = 0;
	int rc = qmp_execute(s->q, "query-status", NULL, &ret);

	if (rc)
		return rc;
	*running = 0;
	status[0] = '\0';
	json_init(&j, ret, strlen(ret));
	while (json_member(&j, &i, key, sizeof(key)) == 1)
		if (!strcmp(key, "running")  ? json_bool(&j, running)
		    : !strcmp(key, "status") ? json_string(&j, status, size, NULL)
		                             : json_skip(&j))
			break;
	free(ret);
	return j.rc ? vms_error_set(-EPROTO, "QMP query-status: %s", j.err) : 0;
}

int qemu_running(struct qemu *s, int *yes)
{
	char status[32];

	return query_status(s, yes, status, sizeof(status));
}

static int qemu_run_state(void *priv, enum vms_run_state *out)
{
	static const struct {
		const char *name;
		enum vms_run_state state;
	} map[] = {
		{ "running", VMS_RUN_RUNNING },
		{ "paused", VMS_RUN_PAUSED },
		{ "suspended", VMS_RUN_PAUSED },
		{ "watchdog", VMS_RUN_PAUSED },
		{ "debug", VMS_RUN_DEBUG },
		{ "shutdown", VMS_RUN_SHUTDOWN },
		{ "guest-panicked", VMS_RUN_CRASHED },
		{ "internal-error", VMS_RUN_CRASHED },
		{ "io-error", VMS_RUN_CRASHED },
	};
	char status[32];
	int running, rc = query_status(priv, &running, status, sizeof(status));

	*out = VMS_RUN_OTHER;
	for (size_t i = 0; !rc && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(status, map[i].name))
			*out = map[i].state;
	return rc;
}

static int qemu_pause(void *priv)
{
	struct qemu *s = priv;
	int yes, rc = qemu_running(s, &yes);

	if (rc || !yes)
		return rc;
	rc = qmp_execute(s->q, "stop", NULL, NULL);
	if (!rc)
		s->paused_by_us = 1;
	return rc;
}

static int qemu_resume(void *priv)
{
	struct qemu *s = priv;
	int rc;

	if (!s->paused_by_us)
		return 0;
	rc = qmp_execute(s->q, "cont", NULL, NULL);
	if (!rc)
		s->paused_by_us = 0;
	return rc;
}

static void qemu_close(void *priv)
{
	struct qemu *s = priv;

	if (!s)
		return;
	qemu_debug_close(s);
	if (s->paused_by_us && s->q)
		(void)qmp_execute(s->q, "cont", NULL, NULL);
	for (unsigned i = 0; i < s->nfiles; i++)
		if (s->files[i].map)
			munmap((void *)s->files[i].map, s->files[i].size);
	qmp_close(s->q);
	free(s->pieces);
	free(s->ranges);
	free(s);
}

static int count_vcpus(struct qemu *s)
{
	char *ret;
	struct json j;
	size_t i = 0;
	int rc = qmp_execute(s->q, "query-cpus-fast", NULL, &ret);

	if (rc)
		return rc;
	json_init(&j, ret, strlen(ret));
	while (json_element(&j, &i) == 1 && json_skip(&j) == 0)
		;
	free(ret);
	if (j.rc)
		return vms_error_set(-EPROTO, "QMP query-cpus-fast: %s", j.err);
	if (i == 0 || i > QEMU_MAX_VCPUS)
		return vms_error_set(-EPROTO, "QEMU reports %zu vCPUs", i);
	s->nvcpus = (unsigned)i;
	return 0;
}

static int qemu_open(void **priv, struct vms_backend_info *info, const char *arg,
                     const struct vms_target_opts *opts)
{
	struct qemu *s = calloc(1, sizeof(*s));
	const char *gdb = strstr(arg, ",gdb=");
	char path[4096];
	int rc;

	*priv = NULL;
	if (!s)
		return vms_error_set(-ENOMEM, "out of memory");
	s->opts = opts;
	s->dbg.intr[0] = s->dbg.intr[1] = -1;
	/* "QMP_SOCKET[,gdb=HOST:PORT|,gdb=PATH]" */
	if ((size_t)(gdb ? gdb - arg : (ptrdiff_t)strlen(arg)) >= sizeof(path)) {
		free(s);
		return vms_error_set(-ENAMETOOLONG, "qemu: the QMP socket path is too long");
	}
	(void)snprintf(path, sizeof(path), "%.*s", (int)(gdb ? gdb - arg : (ptrdiff_t)strlen(arg)),
	               arg);
	rc = qemu_debug_init(s, gdb ? gdb + 5 : NULL);
	if (!rc)
		rc = qmp_connect(&s->q, path);
	if (!rc)
		rc = build_layout(s);
	if (!rc)
		rc = count_vcpus(s);
	if (rc) {
		qemu_close(s);
		return rc;
	}
	if (s->pid)
		(void)snprintf(s->format, sizeof(s->format),
		               "qemu (live, RAM read from QEMU's process)");
	else
		(void)snprintf(s->format, sizeof(s->format), "qemu (live, RAM in %u shared file%s)",
		               s->nfiles, s->nfiles == 1 ? "" : "s");
	info->format = s->format;
	info->ranges = s->ranges;
	info->nranges = s->nranges;
	info->nvcpus = s->nvcpus;
	*priv = s;
	return 0;
}

static int qemu_generation(void *priv, uint64_t *gen)
{
	struct qemu *s = priv;

	return qmp_events(s->q, gen, NULL);
}

const struct vms_backend_ops vms__qemu_backend = {
	.name = "qemu",
	.caps = VMS_CAP_READ | VMS_CAP_MAP | VMS_CAP_REGS | VMS_CAP_PAUSE | VMS_CAP_EVENTS,
	.events = &qemu_event_ops,
	.generation = qemu_generation,
	.run_state = qemu_run_state,
	.open = qemu_open,
	.close = qemu_close,
	.read_gpa = qemu_read,
	.map_gpa = qemu_map,
	.get_regs = qemu_regs,
	.pause = qemu_pause,
	.resume = qemu_resume,
};
