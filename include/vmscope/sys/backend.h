/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The interface between vmscope's core and a backend: a snapshot format
 * reader, a hypervisor, or an out-of-tree source of guest memory. See
 * docs/backends.md. Translation, caching, symbols and OS logic live above
 * this line, so a backend is a handful of functions over physical memory and
 * vCPU state.
 */
#ifndef VMSCOPE_SYS_BACKEND_H
#define VMSCOPE_SYS_BACKEND_H

#include <vmscope/events.h>
#include <vmscope/target.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What a backend can do. Core checks these before calling an op, so an op
 * whose bit is clear is never called and its caller gets -EOPNOTSUPP. */
enum vms_backend_caps {
	VMS_CAP_READ = 1u << 0,   /**< read_gpa */
	VMS_CAP_WRITE = 1u << 1,  /**< write_gpa */
	VMS_CAP_MAP = 1u << 2,    /**< map_gpa (zero-copy) */
	VMS_CAP_REGS = 1u << 3,   /**< vcpu_count, get_regs */
	VMS_CAP_PAUSE = 1u << 4,  /**< pause, resume */
	VMS_CAP_EVENTS = 1u << 5, /**< events (breakpoints, watchpoints, steps) */
	/** The guest's memory never changes while the target is open (a
	 * snapshot), so what map_gpa returns may be parsed in place. Without
	 * it, vmscope copies what it validates before it trusts it. */
	VMS_CAP_STATIC = 1u << 6,
};

/**
 * What a backend reports about the target it opened. The backend owns every
 * pointer in it; they stay valid until its close op.
 */
struct vms_backend_info {
	const char *format;                 /* see vms_target_format */
	const struct vms_mem_range *ranges; /* sorted, disjoint */
	size_t nranges;
	unsigned nvcpus;
	const char *vmcoreinfo; /* the guest's VMCOREINFO text, or NULL */
	size_t vmcoreinfo_len;
};

/**
 * Events (VMS_CAP_EVENTS), see <vmscope/events.h>: core has checked the
 * arguments (a known kind, a length of 1 for breakpoints and 1, 2, 4 or 8
 * for watchpoints, VMS_EVENT_WRITES_GUEST where changes_memory says so),
 * and drops its cached translations after wait and step.
 */
struct vms_event_ops {
	int (*add)(void *priv, enum vms_event_kind kind, uint64_t gva, unsigned len);
	int (*remove)(void *priv, enum vms_event_kind kind, uint64_t gva, unsigned len);
	/* Run until an event, fill *ev, leave the guest stopped; -ETIMEDOUT
	 * leaves it running, -EINTR after interrupt leaves it stopped. */
	int (*wait)(void *priv, struct vms_event *ev, int timeout_ms);
	int (*step)(void *priv, struct vms_event *ev, unsigned vcpu, int timeout_ms);
	/* Async-signal-safe: end a wait in progress (or the next one). */
	int (*interrupt)(void *priv);
	/* 1 if points of kind write guest memory here. */
	int (*changes_memory)(void *priv, enum vms_event_kind kind);
};

/**
 * A backend: one constant table with designated initialisers.
 *
 * Every op gets the private pointer its open returned. Ops return 0 or a
 * negative errno and set the message with vms_error_set(). Reads stop at the
 * first byte they cannot read and report the count in *nread.
 */
struct vms_backend_ops {
	const char *name; /* the target prefix: "file", "qemu", "xen" */
	uint32_t caps;    /* enum vms_backend_caps */

	int (*open)(void **priv, struct vms_backend_info *info, const char *arg,
	            const struct vms_target_opts *opts);
	void (*close)(void *priv);

	int (*read_gpa)(void *priv, void *buf, size_t *nread, uint64_t gpa, size_t len);
	int (*write_gpa)(void *priv, const void *buf, size_t *nwritten, uint64_t gpa, size_t len);
	int (*map_gpa)(void *priv, const void **out, uint64_t gpa, size_t len);
	int (*get_regs)(void *priv, struct vms_x86_regs *out, unsigned vcpu);
	int (*pause)(void *priv);
	int (*resume)(void *priv);
	/* Live targets: whether the guest runs. */
	int (*run_state)(void *priv, enum vms_run_state *out);
	/* Optional: a count that changes each time the guest is reset. */
	int (*generation)(void *priv, uint64_t *gen);
	const struct vms_event_ops *events; /* VMS_CAP_EVENTS */
};

/**
 * Open a target through a backend that is not built into the library: an
 * out-of-tree backend, or a test double. arg is what follows "kind:" in a
 * target string. Same contract as vms_target_open.
 */
VMS_API int vms_target_open_backend(struct vms_target **out, const struct vms_backend_ops *ops,
                                    const char *arg, const struct vms_target_opts *opts);

/** Set the thread's error message (printf-style) and return code, which must
 * be a negative errno: `return vms_error_set(-EIO, "read of %s failed", p);` */
VMS_API int vms_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * Log a message through the callback the target is being opened with
 * (opts->log, at most opts->log_level), printf-style. Backends get opts in
 * their open op and may keep the pointer until their close op. The library
 * never prints: without a callback the message goes nowhere.
 */
VMS_API void vms_backend_log(const struct vms_target_opts *opts, enum vms_log_level level,
                             const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif

#endif
