/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A client of QEMU's machine protocol (QMP) over its UNIX socket, and the
 * parsers of the monitor text vmscope asks QEMU for: the flat memory map
 * ("info mtree -f") and the vCPU registers ("info registers -a"). */
#ifndef VMS_QEMU_QMP_H
#define VMS_QEMU_QMP_H

#include <stddef.h>
#include <stdint.h>

#include <vmscope/x86.h>

#define QMP_LINE_MAX     (64u << 20) /* bytes of one reply */
#define QMP_TIMEOUT_MS   10000
#define QEMU_MAX_VCPUS   4096
#define QEMU_MAX_REGIONS 4096

struct qmp;

/* Connect, read the greeting and leave capabilities negotiation. -ENOENT,
 * -ECONNREFUSED (nothing listens), -EPROTO (not QMP). */
int qmp_connect(struct qmp **out, const char *path);
void qmp_close(struct qmp *q);

/* Run a command with args (a JSON object's text, or NULL). *ret gets the
 * text of its "return" value (malloc'd, NUL-terminated; NULL not to keep
 * it). QEMU's error becomes -EIO with its description; a closed socket
 * -EPIPE; no reply in QMP_TIMEOUT_MS -ETIMEDOUT. */
int qmp_execute(struct qmp *q, const char *command, const char *args, char **ret);

/* Read the events QEMU has sent so far without waiting, and give how many
 * RESET (the guest rebooted) and SHUTDOWN events came since connecting
 * (either pointer may be NULL). Events read while waiting for replies
 * count too. Call only between commands. */
int qmp_events(struct qmp *q, uint64_t *resets, uint64_t *shutdowns);
/* The socket, to poll for events. */
int qmp_fd(const struct qmp *q);

/* The process id of the QEMU at the other end of the socket. */
int qmp_peer_pid(struct qmp *q);

/* A human monitor command's output (decoded, malloc'd). */
int qmp_hmp(struct qmp *q, const char *command_line, char **out);

/* The text of a JSON string value (as qmp_execute returns one), decoded. */
int qmp_string(char **out, const char *text);

/* One RAM or ROM region of the flat view of the "memory" address space:
 * [start, start + size) is bytes [offset, offset + size) of the memory
 * region called name. */
struct qemu_region {
	uint64_t start, size, offset;
	int rom;
	char name[64];
};

/* "info mtree -f": the regions of the view that address space "memory"
 * uses, in order. -EPROTO naming the line that does not parse. */
int qemu_parse_mtree(struct qemu_region **out, size_t *n, const char *text);

/* "info registers -a": each "CPU#N" section into one vms_x86_regs. */
int qemu_parse_registers(struct vms_x86_regs **out, unsigned *n, const char *text);

#endif
