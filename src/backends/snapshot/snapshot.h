/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The snapshot backend's private interface: the format parsers, each
 * filling a struct vms__snap_layout (rangemap.h) from the bytes of a mapped
 * dump. Parsers take a buffer, not a file, so the fuzzers and the unit
 * tests drive them directly. */
#ifndef VMS_SNAPSHOT_H
#define VMS_SNAPSHOT_H

#include <vmscope/sys/backend.h>

#include "rangemap.h"

/* Limits that keep a lying file from costing unbounded memory or time. */
#define VMS_SNAP_MAX_VCPUS 4096

/*
 * Parse an ELF core whose program headers give guest-physical addresses
 * (QEMU dump-guest-memory with or without paging, virsh dump, kdump's vmcore).
 * Returns 0, -ENOEXEC when buf is not an ELF core at all, or -EPROTO when it
 * is one but corrupt, truncated or lying; the message says which field.
 * On success the layout points into buf, which must outlive it.
 */
int vms__elf_core_parse(struct vms__snap_layout *out, const uint8_t *buf, size_t len);

/* ELF notes alone (kdump carries QEMU's): vCPUs and VMCOREINFO into l. */
int vms__elf_notes_parse(struct vms__snap_layout *l, const uint8_t *notes, size_t len, int x86_64);

/* kdump-compressed, plain or flattened: parse fills the layout's public
 * ranges, vCPUs and VMCOREINFO, and returns the reader for its pages. */
struct vms__kdump;
int vms__kdump_is(const uint8_t *buf, size_t len);
int vms__kdump_parse(struct vms__snap_layout *out, struct vms__kdump **k, const uint8_t *buf,
                     size_t len);
int vms__kdump_read(struct vms__kdump *k, void *buf, size_t *nread, uint64_t gpa, size_t len);
void vms__kdump_free(struct vms__kdump *k);

/* LiME: is buf one, and parse it (same contract as vms__elf_core_parse). */
int vms__lime_is(const uint8_t *buf, size_t len);
int vms__lime_parse(struct vms__snap_layout *out, const uint8_t *buf, size_t len);

/* A raw image without a layout: [0, file_size) at offset 0. -ENOEXEC when
 * file_size is not a whole number of pages. */
int vms__raw_parse(struct vms__snap_layout *out, size_t file_size);
/* A raw image's layout: lines "GPA SIZE FILE_OFFSET" in hex. -EPROTO names
 * the line at fault. */
int vms__raw_layout_parse(struct vms__snap_layout *out, const char *text, size_t len,
                          uint64_t file_size);

#endif
