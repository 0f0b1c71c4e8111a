/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMSCOPE_TARGET_H
#define VMSCOPE_TARGET_H

#include <vmscope/common.h>
#include <vmscope/x86.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A target: one guest's memory and vCPUs, seen through a backend. Opaque.
 *
 * A target string names it, the same in the library and the CLI:
 *   PATH or file:PATH   a memory snapshot; the format is sniffed from its bytes
 *   qemu:QMP_SOCKET     a live QEMU/KVM guest
 *   xen:DOMAIN          a live Xen domain
 */
struct vms_target;

/** Options for vms_target_open. Zero-initialise, set sz, then the fields
 * you need; NULL options mean all defaults. */
struct vms_target_opts {
	size_t sz; /* sizeof(struct vms_target_opts) */
	vms_log_fn log;
	void *log_payload;
	enum vms_log_level log_level; /* the least severe level passed to log */
	/* For a raw image: a file describing where each range of guest-physical
	 * memory lies in it ("GPA SIZE FILE_OFFSET" per line, hex). NULL: use
	 * PATH.layout next to the image if there is one, else offset = gpa. */
	const char *raw_layout;
};

/**
 * Open the target a target string names.
 *
 * On success *out is a new target that the caller closes with
 * vms_target_close. On failure *out is NULL and the return value is:
 * -EINVAL  the string is empty, or names no known kind of target;
 * -ENOENT  the file or socket does not exist;
 * -EOPNOTSUPP  the kind is known but not built into this library;
 * -ENOEXEC  the file is not a dump in any format vmscope reads;
 * -EPROTO  the dump is corrupt or truncated (the message says where);
 * other negative errno values from the system.
 * vms_error_last() names the problem.
 */
VMS_API int vms_target_open(struct vms_target **out, const char *target,
                            const struct vms_target_opts *opts);

/** Close a target and free all it holds. Accepts NULL. */
VMS_API void vms_target_close(struct vms_target *t);

/** The name of the backend serving t: "file", "qemu", "xen". Borrowed. */
VMS_API const char *vms_target_kind(const struct vms_target *t);

/** A human-readable description of what t is, for example
 * "ELF core (QEMU dump-guest-memory), x86-64". Borrowed, valid until close. */
VMS_API const char *vms_target_format(const struct vms_target *t);

/** A range of guest-physical memory that the target holds. */
struct vms_mem_range {
	uint64_t gpa;
	uint64_t size;
};

/**
 * The guest-physical ranges t holds, sorted and disjoint. *out is borrowed
 * and valid until close; *count is its length. Returns 0 or a negative errno.
 */
VMS_API int vms_target_mem_ranges(const struct vms_mem_range **out, size_t *count,
                                  struct vms_target *t);

/** The number of vCPUs whose state t knows; 0 when it knows none (a raw
 * image), which is not an error. Negative errno on failure. */
VMS_API int vms_target_vcpu_count(struct vms_target *t);

/**
 * Fill *out with the state of vCPU vcpu. Fields the source does not provide
 * are zero with their bit clear in out->valid.
 * Returns 0, -ENOENT for a vCPU that does not exist, -EOPNOTSUPP when the
 * target has no vCPU state, or another negative errno.
 */
VMS_API int vms_target_get_regs(struct vms_x86_regs *out, struct vms_target *t, unsigned vcpu);

/**
 * Read len bytes of guest-physical memory at gpa into buf.
 *
 * Returns 0 when every byte was read. When the range runs into memory the
 * target does not hold, returns -EFAULT having read the bytes before it;
 * *nread (if not NULL) says how many, in every case, and vms_error_last()
 * names the first address that failed.
 */
VMS_API int vms_read_gpa(void *buf, size_t *nread, struct vms_target *t, uint64_t gpa, size_t len);

/**
 * Write len bytes from buf to guest-physical memory at gpa. Returns 0 when
 * every byte was written; otherwise a negative errno having written the
 * bytes before the first address that failed (*nwritten, if not NULL, says
 * how many). -EOPNOTSUPP for targets that cannot be written: snapshots are
 * read-only. A write may change page tables, so it forgets all cached
 * translations.
 */
VMS_API int vms_write_gpa(size_t *nwritten, struct vms_target *t, uint64_t gpa, const void *buf,
                          size_t len);

/**
 * Zero-copy access: *out points at the target's own copy of len bytes of
 * guest-physical memory at gpa, valid until the target is closed (for
 * snapshots) or resumed (for live targets). Never written through.
 * Returns -EFAULT if the range is not held whole and contiguous, and
 * -EOPNOTSUPP if the backend cannot map memory; then use vms_read_gpa.
 */
VMS_API int vms_map_gpa(const void **out, struct vms_target *t, uint64_t gpa, size_t len);

/**
 * The VMCOREINFO the guest published (QEMU with -device vmcoreinfo, kdump),
 * as its raw "KEY=VALUE" lines: *out points into the target, valid until
 * close, *len is its length. -ENOENT when the target has none. A hint from
 * the guest, to be checked before it is trusted.
 */
VMS_API int vms_target_vmcoreinfo(const char **out, size_t *len, struct vms_target *t);

/** The value of one VMCOREINFO key ("OSRELEASE", "SYMBOL(init_uts_ns)"),
 * copied into buf (always terminated). -ENOENT if absent, -E2BIG if the value
 * does not fit (buf then holds its start). */
VMS_API int vms_vmcoreinfo_get(char *buf, size_t size, struct vms_target *t, const char *key);

/** 1 if the target's memory never changes while it is open (a snapshot),
 * 0 if it may (a live guest, even paused: another client can resume it). */
VMS_API int vms_target_is_static(const struct vms_target *t);

/** Whether a guest runs. */
enum vms_run_state {
	VMS_RUN_STATIC = 0, /**< a snapshot: it never runs */
	VMS_RUN_RUNNING,
	VMS_RUN_PAUSED,   /**< paused (by vmscope, or by anyone else) */
	VMS_RUN_DEBUG,    /**< stopped at an event (one the debugger stopped otherwise,
	                   * by an interrupt, QEMU calls paused) */
	VMS_RUN_SHUTDOWN, /**< shut down (the hypervisor keeps it, not running) */
	VMS_RUN_CRASHED,  /**< the guest panicked, or the hypervisor failed it */
	VMS_RUN_OTHER,    /**< starting, migrating, or a state vmscope does not name */
};

/** The state of the guest: VMS_RUN_STATIC for snapshots; -EPIPE when the
 * hypervisor is gone. */
VMS_API int vms_target_run_state(enum vms_run_state *out, struct vms_target *t);
/** "static", "running", "paused", "debug", "shutdown", "crashed", "other". */
VMS_API const char *vms_run_state_name(enum vms_run_state state);

/** A number that changes each time the guest is reset (rebooted), so that
 * what was found in its memory before can be found again; 0 for targets
 * that cannot be reset (snapshots). */
VMS_API int vms_target_generation(uint64_t *out, struct vms_target *t);

/** Pause and resume a live guest. -EOPNOTSUPP for snapshots. */
VMS_API int vms_target_pause(struct vms_target *t);
VMS_API int vms_target_resume(struct vms_target *t);

#ifdef __cplusplus
}
#endif

#endif
