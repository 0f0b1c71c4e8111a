/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMSCOPE_EVENTS_H
#define VMSCOPE_EVENTS_H

#include <vmscope/target.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Events of a live target: breakpoints and watchpoints kept by the
 * hypervisor, and the guest run until it hits one. This is the raw layer;
 * <vmscope/trace.h> adds subscriptions by kernel symbol with callbacks.
 *
 * On QEMU they go through its gdbstub (the one the target string names,
 * "qemu:QMP_SOCKET,gdb=HOST:PORT", or one vmscope starts over QMP on a
 * private socket). Under software emulation (TCG) every kind lives in
 * QEMU and the guest cannot see it. Under KVM execution breakpoints and
 * watchpoints use the CPU's debug registers (four in all), invisible to
 * the guest too; only VMS_EVENT_BREAK_SW writes guest memory there (an
 * int3), and vms_event_add refuses it unless asked.
 *
 * After vms_event_wait returns an event the guest stays stopped, so its
 * memory and registers can be read as they were at the event, until the
 * next wait or step lets it run. Functions here are not thread-safe,
 * except vms_event_interrupt.
 */
enum vms_event_kind {
	VMS_EVENT_BREAK = 1,    /**< execution at an address; changes no guest memory */
	VMS_EVENT_BREAK_SW,     /**< the debugger's software breakpoint: no limit on their
	                         * number; under KVM an int3 in guest memory */
	VMS_EVENT_WATCH_WRITE,  /**< data written (reported after the write) */
	VMS_EVENT_WATCH_READ,   /**< data read */
	VMS_EVENT_WATCH_ACCESS, /**< data read or written */
	VMS_EVENT_STEP,         /**< vms_event_step: one instruction done */
	VMS_EVENT_RESET,        /**< the guest was reset (rebooted): nothing found in its
	                         * memory before holds now; points stay where they were */
};

/** vms_event_add flags. */
enum vms_event_flags {
	/** Allow a kind that writes guest memory on this target (see
	 * vms_event_changes_memory); without it such a kind is -EPERM. */
	VMS_EVENT_WRITES_GUEST = 1u << 0,
};

/** One stop of the guest. */
struct vms_event {
	enum vms_event_kind kind;
	unsigned vcpu; /**< 0-based, as vms_target_get_regs counts */
	/** The breakpoint's address, the data address accessed, or after a
	 * step the next instruction's. */
	uint64_t addr;
	/** The stopped vCPU's registers: GPRs, rip, rflags, selectors,
	 * fs/gs bases, kernel_gs_base, control registers, EFER (regs.valid
	 * says which). Not filled for VMS_EVENT_RESET. */
	struct vms_x86_regs regs;
};

/** A short name of a kind: "break", "break-sw", "write", "read", "access",
 * "step", "reset"; "?" for anything else. */
VMS_API const char *vms_event_kind_name(enum vms_event_kind kind);

/**
 * Add a breakpoint (len 1) or a watchpoint of len bytes (1, 2, 4 or 8,
 * aligned to len) at gva, in every vCPU. The first one attaches to the
 * hypervisor's debugger, which stops the guest until the next wait.
 * Returns -EOPNOTSUPP for targets without events or a kind the
 * hypervisor lacks, -EPERM for a kind that would write guest memory
 * without VMS_EVENT_WRITES_GUEST, -ENOSPC when the hypervisor has no room
 * for another (KVM's debug registers), -EINVAL for a bad length.
 */
VMS_API int vms_event_add(struct vms_target *t, enum vms_event_kind kind, uint64_t gva,
                          unsigned len, unsigned flags);

/** Remove what vms_event_add added (same kind, address and length).
 * -ENOENT if there is no such point. */
VMS_API int vms_event_remove(struct vms_target *t, enum vms_event_kind kind, uint64_t gva,
                             unsigned len);

/**
 * Let the guest run until the next event and fill *ev; the guest stays
 * stopped at it. timeout_ms < 0 waits without limit. Returns 0;
 * -ETIMEDOUT with the guest still running; -EINTR when
 * vms_event_interrupt stopped it (stopped); -EPIPE when the hypervisor
 * is gone (the guest shut down, or QEMU exited). Cached translations are
 * dropped when the guest has run.
 */
VMS_API int vms_event_wait(struct vms_event *ev, struct vms_target *t, int timeout_ms);

/** Run one instruction on vCPU vcpu (the others may run meanwhile) and
 * fill *ev (VMS_EVENT_STEP, or a point it hit). Errors as vms_event_wait. */
VMS_API int vms_event_step(struct vms_event *ev, struct vms_target *t, unsigned vcpu,
                           int timeout_ms);

/** Make a vms_event_wait or vms_event_step that runs on another thread
 * return -EINTR soon, the guest stopped. Safe to call from any thread or
 * a signal handler; harmless when nothing waits (the next wait returns
 * -EINTR at once). */
VMS_API int vms_event_interrupt(struct vms_target *t);

/** 1 if points of this kind write guest memory on this target, where the
 * guest could see them; 0 if they do not; negative if the target has no
 * events. */
VMS_API int vms_event_changes_memory(struct vms_target *t, enum vms_event_kind kind);

#ifdef __cplusplus
}
#endif

#endif
