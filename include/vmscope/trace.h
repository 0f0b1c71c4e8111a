/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMSCOPE_TRACE_H
#define VMSCOPE_TRACE_H

#include <vmscope/events.h>
#include <vmscope/linux.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Tracing a live guest: subscriptions to breakpoints and watchpoints, by
 * address or by kernel symbol plus offset, each with a callback. The
 * guest stops at each hit while the callbacks run (they may read memory,
 * walk kernel structures, add and remove subscriptions), then runs on.
 * Several subscriptions may share an address; each gets the hit. Events
 * come from every vCPU.
 *
 * When the guest reboots, the subscriptions made by symbol are moved to
 * where the new kernel has their symbols once it is found again (see
 * vms_linux_refresh); those made by address stay where they are.
 */

struct vms_trace;

/** What a callback gets. Everything is borrowed for the call. */
struct vms_trace_hit {
	int id; /**< the subscription's, from vms_trace_add */
	/** The stop: kind, vCPU, address, registers. */
	const struct vms_event *event;
	struct vms_target *target;
	struct vms_linux *lx; /**< NULL when the trace has no Linux guest */
	const char *where;    /**< the subscription as given ("do_sys_open+0x10") */
	uint64_t gva;         /**< where its point is now */
};

/** A callback returns VMS_TRACE_CONTINUE, or VMS_TRACE_STOP to end
 * vms_trace_run after this hit (the guest stays stopped at it). */
enum vms_trace_verdict {
	VMS_TRACE_CONTINUE = 0,
	VMS_TRACE_STOP = 1,
};

typedef int (*vms_trace_cb)(struct vms_trace *tr, const struct vms_trace_hit *hit, void *payload);

/** One subscription. */
struct vms_trace_point {
	size_t sz; /**< sizeof(struct vms_trace_point) */
	/** VMS_EVENT_BREAK (the default, 0 means it), VMS_EVENT_BREAK_SW, or a
	 * VMS_EVENT_WATCH_* kind. */
	enum vms_event_kind kind;
	/** "SYMBOL", "SYMBOL+OFF" (a kernel symbol: needs the trace's Linux
	 * guest) or an address ("0xffffffff81000000"); NULL: gva. */
	const char *where;
	uint64_t gva;
	unsigned len;   /**< watchpoints: 1, 2, 4 or 8 bytes; 0 means 1 */
	unsigned flags; /**< enum vms_event_flags */
};

/** A trace on target t, with symbols from lx (NULL for none); both must
 * outlive it. Free with vms_trace_free. */
VMS_API int vms_trace_new(struct vms_trace **out, struct vms_target *t, struct vms_linux *lx);

/** Remove every subscription's point (the guest runs on) and free tr. */
VMS_API void vms_trace_free(struct vms_trace *tr);

/** Subscribe cb (with payload) to the point p; *id names the subscription
 * (may be NULL). The point is set at once. -ENOENT for an unknown symbol,
 * -EINVAL for a bad point; the errors of vms_event_add. */
VMS_API int vms_trace_add(int *id, struct vms_trace *tr, const struct vms_trace_point *p,
                          vms_trace_cb cb, void *payload);

/** End subscription id (also from its own callback). -ENOENT if none. */
VMS_API int vms_trace_remove(struct vms_trace *tr, int id);

struct vms_trace_run_opts {
	size_t sz;      /**< sizeof(struct vms_trace_run_opts) */
	int timeout_ms; /**< give up after this long; <= 0: no limit */
	uint64_t hits;  /**< return after this many hits; 0: no limit */
	/** After a reboot, how long to wait for the new kernel to be found
	 * before giving up (-ETIMEDOUT); 0: 120 s. */
	int reboot_timeout_ms;
};

/**
 * Let the guest run, calling the subscribers of each hit, until a
 * callback returns VMS_TRACE_STOP or opts->hits hits were handled (0, the
 * guest stopped at the last hit), the timeout passes (-ETIMEDOUT, the
 * guest running), vms_trace_interrupt is called (-EINTR, stopped), or
 * an error (-EPIPE when the guest is gone). Can be called again.
 * -EBUSY from a callback.
 */
VMS_API int vms_trace_run(struct vms_trace *tr, const struct vms_trace_run_opts *opts);

/** End a vms_trace_run in progress soon (-EINTR). Safe from any thread
 * and from signal handlers. */
VMS_API int vms_trace_interrupt(struct vms_trace *tr);

struct vms_trace_stats {
	size_t sz;        /**< sizeof(struct vms_trace_stats), set by the caller */
	uint64_t hits;    /**< stops handed to callbacks */
	uint64_t stray;   /**< stops at no subscription (one just removed) */
	uint64_t reboots; /**< guest reboots followed */
};

/** Fill *out (set out->sz first). -EINVAL without sz. */
VMS_API int vms_trace_stats(struct vms_trace_stats *out, const struct vms_trace *tr);

#ifdef __cplusplus
}
#endif

#endif
