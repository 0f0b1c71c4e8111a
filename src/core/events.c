// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The event API over a backend's event ops: arguments checked once here
 * (kinds, lengths, alignment, whether a kind would write guest memory), so
 * a backend only talks to its debugger; translations cached before the
 * guest ran are dropped when it stops again.
 */
#include <errno.h>
#include <inttypes.h>

#include "core.h"

const char *vms_event_kind_name(enum vms_event_kind kind)
{
	switch (kind) {
	case VMS_EVENT_BREAK:
		return "break";
	case VMS_EVENT_BREAK_SW:
		return "break-sw";
	case VMS_EVENT_WATCH_WRITE:
		return "write";
	case VMS_EVENT_WATCH_READ:
		return "read";
	case VMS_EVENT_WATCH_ACCESS:
		return "access";
	case VMS_EVENT_STEP:
		return "step";
	case VMS_EVENT_RESET:
		return "reset";
	}
	return "?";
}

static const struct vms_event_ops *events(struct vms_target *t, const char *fn)
{
	if (!t) {
		(void)vms_error_set(-EINVAL, "%s: NULL target", fn);
		return NULL;
	}
	if (!(t->ops->caps & VMS_CAP_EVENTS) || !t->ops->events) {
		(void)vms__unsupported(t, "stop at breakpoints or watchpoints (not a live guest)");
		return NULL;
	}
	return t->ops->events;
}

static int check_point(enum vms_event_kind kind, uint64_t gva, unsigned len)
{
	switch (kind) {
	case VMS_EVENT_BREAK:
	case VMS_EVENT_BREAK_SW:
		if (len != 1)
			return vms_error_set(-EINVAL, "a breakpoint has length 1, not %u", len);
		return 0;
	case VMS_EVENT_WATCH_WRITE:
	case VMS_EVENT_WATCH_READ:
	case VMS_EVENT_WATCH_ACCESS:
		/* What x86 debug registers can watch, and so what a
		 * hypervisor can promise everywhere. */
		if ((len != 1 && len != 2 && len != 4 && len != 8) || (gva & (len - 1)))
			return vms_error_set(
			        -EINVAL,
			        "a watchpoint covers 1, 2, 4 or 8 bytes aligned to its "
			        "length, not %u at %#" PRIx64,
			        len, gva);
		return 0;
	default:
		return vms_error_set(-EINVAL, "no breakpoint or watchpoint of kind %d", (int)kind);
	}
}

int vms_event_add(struct vms_target *t, enum vms_event_kind kind, uint64_t gva, unsigned len,
                  unsigned flags)
{
	const struct vms_event_ops *ev = events(t, "vms_event_add");
	int rc;

	if (!ev)
		return -EOPNOTSUPP;
	if ((rc = check_point(kind, gva, len)))
		return rc;
	if (flags & ~(unsigned)VMS_EVENT_WRITES_GUEST)
		return vms_error_set(-EINVAL, "vms_event_add: unknown flags %#x", flags);
	if (!(flags & VMS_EVENT_WRITES_GUEST) && ev->changes_memory &&
	    ev->changes_memory(t->priv, kind) > 0)
		return vms_error_set(-EPERM,
		                     "%s points would write into this guest's memory, where it "
		                     "could see them; use another kind, or allow it "
		                     "(VMS_EVENT_WRITES_GUEST)",
		                     vms_event_kind_name(kind));
	return ev->add(t->priv, kind, gva, len);
}

int vms_event_remove(struct vms_target *t, enum vms_event_kind kind, uint64_t gva, unsigned len)
{
	const struct vms_event_ops *ev = events(t, "vms_event_remove");
	int rc;

	if (!ev)
		return -EOPNOTSUPP;
	if ((rc = check_point(kind, gva, len)))
		return rc;
	return ev->remove(t->priv, kind, gva, len);
}

int vms_event_wait(struct vms_event *out, struct vms_target *t, int timeout_ms)
{
	const struct vms_event_ops *ev = events(t, "vms_event_wait");
	int rc;

	if (!out)
		return vms_error_set(-EINVAL, "vms_event_wait: NULL event");
	if (!ev)
		return -EOPNOTSUPP;
	rc = ev->wait(t->priv, out, timeout_ms);
	/* The guest ran: page tables may have changed; after a reset, the
	 * paging mode too. */
	if (!rc && out->kind == VMS_EVENT_RESET)
		vms__paging_forget(t);
	vms__tc_flush(&t->mem.tc, VMS_ALL_ROOTS);
	return rc;
}

int vms_event_step(struct vms_event *out, struct vms_target *t, unsigned vcpu, int timeout_ms)
{
	const struct vms_event_ops *ev = events(t, "vms_event_step");
	int rc;

	if (!out)
		return vms_error_set(-EINVAL, "vms_event_step: NULL event");
	if (!ev)
		return -EOPNOTSUPP;
	if (!ev->step)
		return vms__unsupported(t, "single-step");
	if (vcpu >= t->info.nvcpus)
		return vms_error_set(-EINVAL, "no vCPU %u (the guest has %u)", vcpu,
		                     t->info.nvcpus);
	rc = ev->step(t->priv, out, vcpu, timeout_ms);
	vms__tc_flush(&t->mem.tc, VMS_ALL_ROOTS);
	return rc;
}

int vms_event_interrupt(struct vms_target *t)
{
	/* No error messages here: this may run in a signal handler. */
	if (!t || !(t->ops->caps & VMS_CAP_EVENTS) || !t->ops->events || !t->ops->events->interrupt)
		return -EOPNOTSUPP;
	return t->ops->events->interrupt(t->priv);
}

int vms_event_changes_memory(struct vms_target *t, enum vms_event_kind kind)
{
	const struct vms_event_ops *ev = events(t, "vms_event_changes_memory");

	if (!ev)
		return -EOPNOTSUPP;
	return ev->changes_memory ? ev->changes_memory(t->priv, kind) > 0 : 0;
}
