// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest RAM that is in no shared file, found in QEMU's own memory and
 * read from there. Of the read-write mappings in /proc/PID/maps (PID from
 * the QMP socket's peer credentials) long enough for the block, the one
 * whose bytes equal what QEMU itself saves of guest memory (pmemsave) at
 * probes spread over the block, the guest held still meanwhile, is the
 * block; it is then read with process_vm_readv. No zero-copy: the shared
 * file is the fast path, and the log says so.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <vmscope/sys/backend.h>

#include "qemu.h"
#include "qmp.h"

/* Where QEMU's process may hold a block of len bytes: the start of each
 * run of adjacent read-write mappings at least that long. */
static int candidates(uint64_t **out, size_t *n, int pid, uint64_t len)
{
	char path[64], line[512];
	uint64_t *v = NULL, run_end = 0;
	uint64_t starts[64];
	size_t nstarts = 0;
	FILE *f;

	*out = NULL;
	*n = 0;
	(void)snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "re");
	if (!f)
		return vms_error_set(-errno, "cannot read %s (QEMU runs as another user?): %s",
		                     path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *e;
		uint64_t a = strtoull(line, &e, 16), b;

		if (*e != '-')
			continue;
		b = strtoull(e + 1, &e, 16);
		if (e[0] != ' ' || e[1] != 'r' || e[2] != 'w' || b <= a)
			continue;
		if (a != run_end)
			nstarts = 0; /* a gap: a new run */
		run_end = b;
		if (nstarts < 64)
			starts[nstarts++] = a;
		/* Every start in this run that now reaches len is a candidate. */
		for (size_t i = 0; i < nstarts; i++)
			if (starts[i] && run_end - starts[i] >= len && *n < 4096) {
				uint64_t *nv = realloc(v, (*n + 1) * sizeof(*nv));

				if (!nv) {
					free(v);
					(void)fclose(f);
					return vms_error_set(-ENOMEM, "out of memory");
				}
				v = nv;
				v[(*n)++] = starts[i];
				starts[i] = 0;
			}
	}
	(void)fclose(f);
	*out = v;
	return 0;
}

/* n bytes at addr in QEMU's process: 0, or -1 with errno. */
int qemu_procmem_read(int pid, void *buf, uint64_t addr, size_t n)
{
	struct iovec local = { buf, n };
	/* An address in QEMU's process, not ours. */
	// NOLINTNEXTLINE(performance-no-int-to-ptr)
	struct iovec remote = { (void *)(uintptr_t)addr, n };

	return process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)n ? 0 : -1;
}

/* Guest bytes at gpa as QEMU itself writes them out (pmemsave). */
static int pmemsave(struct qemu *s, uint8_t *buf, uint64_t gpa, size_t len)
{
	char path[] = "/tmp/vmscope-pmem-XXXXXX", args[160];
	int fd = mkstemp(path), rc;
	ssize_t got = -1;

	if (fd < 0)
		return vms_error_set(-errno, "mkstemp: %s", strerror(errno));
	(void)fchmod(fd, 0666);
	(void)snprintf(args, sizeof(args),
	               "{\"val\": %" PRIu64 ", \"size\": %zu, \"filename\": \"%s\"}", gpa, len,
	               path);
	rc = qmp_execute(s->q, "pmemsave", args, NULL);
	if (!rc)
		got = pread(fd, buf, len, 0);
	(void)close(fd);
	(void)unlink(path);
	if (!rc && got != (ssize_t)len)
		rc = vms_error_set(-EIO, "QEMU's pmemsave of %#" PRIx64 " came back short", gpa);
	return rc;
}

#define PROBE_LEN 65536
#define PROBES    8

/* Find backend f's block in QEMU's memory: of the candidate mappings, the
 * one whose bytes equal what QEMU itself saves of guest memory (pmemsave)
 * at probes spread over the block, the guest held still meanwhile. */
int qemu_procmem_locate(struct qemu *s, unsigned f)
{
	uint64_t *cand = NULL;
	size_t ncand = 0, alive, matched = 0;
	uint8_t *want = calloc(1, PROBE_LEN), *have = calloc(1, PROBE_LEN);
	int rc, was_running = 0;

	if (!want || !have) {
		free(want);
		free(have);
		return vms_error_set(-ENOMEM, "out of memory");
	}
	rc = candidates(&cand, &ncand, s->pid, s->files[f].size);
	if (!cand)
		ncand = 0;
	if (!rc)
		rc = qemu_running(s, &was_running);
	if (!rc && was_running)
		rc = qmp_execute(s->q, "stop", NULL, NULL);
	alive = ncand;
	for (size_t k = 0; !rc && k < s->npieces * PROBES && alive; k++) {
		const struct piece *p = &s->pieces[k / PROBES];
		uint64_t at = (p->size / PROBES) * (k % PROBES) & ~(uint64_t)(PROBE_LEN - 1);
		size_t nonzero = 0;

		if (p->file != f || p->size < PROBE_LEN || at + PROBE_LEN > p->size)
			continue;
		rc = pmemsave(s, want, p->gpa + at, PROBE_LEN);
		for (size_t i = 0; !rc && i < PROBE_LEN && !nonzero; i++)
			nonzero = want[i] != 0;
		if (rc || !nonzero)
			continue; /* zeros tell no mapping from another */
		matched++;
		for (size_t c = 0; c < ncand; c++) {
			if (cand[c] &&
			    (qemu_procmem_read(s->pid, have, cand[c] + p->off + at, PROBE_LEN) ||
			     memcmp(want, have, PROBE_LEN) != 0)) {
				cand[c] = 0;
				alive--;
			}
		}
	}
	if (was_running && qmp_execute(s->q, "cont", NULL, NULL) && !rc)
		rc = -EIO;
	free(want);
	free(have);
	if (!rc && (alive != 1 || !matched))
		rc = vms_error_set(-ENOENT,
		                   "QEMU's RAM %s is not in a shared file, and it was not found "
		                   "in QEMU's memory (%zu candidates left); %s",
		                   s->files[f].name, alive, FAST_PATH);
	for (size_t c = 0; !rc && c < ncand; c++)
		if (cand[c])
			s->files[f].hva = cand[c];
	free(cand);
	return rc;
}
