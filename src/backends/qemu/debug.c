// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Events of a live QEMU guest, through QEMU's gdbstub: the stub named in
 * the target string ("qemu:QMP_SOCKET,gdb=HOST:PORT"), else the one QEMU
 * has (-gdb), found among its chardevs, else one this backend starts over
 * QMP ("gdbserver") on a UNIX socket in a private directory, and stops
 * ("gdbserver none") when the target closes.
 * QEMU stops the guest when a debugger attaches and resumes it on detach,
 * which also removes every breakpoint and watchpoint the debugger set.
 *
 * The stub runs in all-stop mode: a hit on any vCPU stops all of them,
 * and its stop reply names the vCPU, which the stub also selects for the
 * registers that follow. While the guest runs under the stub, three
 * things can end a wait: a stop reply, vms_event_interrupt (a self-pipe,
 * so it is async-signal-safe), and a QMP RESET event, which means the
 * guest rebooted; the last two stop the guest with the stub's interrupt
 * first, so the guest is always stopped when a wait returns an event.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../util/json.h"
#include "gdb.h"
#include "qemu.h"
#include "qmp.h"

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int qemu_debug_init(struct qemu *s, const char *gdb_addr)
{
	struct qemu_debug *d = &s->dbg;

	d->intr[0] = d->intr[1] = -1;
	if (gdb_addr) {
		if (strlen(gdb_addr) >= sizeof(d->addr) || !gdb_addr[0])
			return vms_error_set(-EINVAL, "qemu: a bad gdb= address \"%.40s\"",
			                     gdb_addr);
		(void)snprintf(d->addr, sizeof(d->addr), "%s", gdb_addr);
	}
	if (pipe2(d->intr, O_NONBLOCK | O_CLOEXEC))
		return vms_error_set(-errno, "pipe: %s", strerror(errno));
	return 0;
}

/* Start a stub over QMP, listening on a socket only we can reach. */
static int start_stub(struct qemu *s)
{
	struct qemu_debug *d = &s->dbg;
	char dir[] = "/tmp/vmscope-gdb-XXXXXX", cmd[320], *out = NULL;
	int rc;

	if (!mkdtemp(dir))
		return vms_error_set(-errno, "mkdtemp: %s", strerror(errno));
	(void)snprintf(d->dir, sizeof(d->dir), "%s", dir);
	(void)snprintf(d->addr, sizeof(d->addr), "%s/gdb.sock", dir);
	(void)snprintf(cmd, sizeof(cmd), "gdbserver unix:%s,server=on,wait=off", d->addr);
	/* A stub whose socket is gone (see find_stub) is stopped first: QEMU
	 * keeps one stub, and will not start another beside it. */
	rc = qmp_hmp(s->q, "gdbserver none", &out);
	free(out);
	out = NULL;
	if (!rc)
		rc = qmp_hmp(s->q, cmd, &out);
	if (!rc && !strstr(out, "Waiting for gdb connection"))
		rc = vms_error_set(
		        -EIO,
		        "QEMU would not start a gdbstub (\"%.*s\"); name the one it has: "
		        "qemu:QMP_SOCKET,gdb=HOST:PORT",
		        (int)strcspn(out, "\r\n"), out);
	free(out);
	if (rc) {
		(void)rmdir(d->dir);
		d->dir[0] = d->addr[0] = '\0';
	}
	return rc;
}

/* The gdbstub QEMU has already (-gdb, -s): its chardev is labelled "gdb"
 * and named "disconnected:tcp:HOST:PORT,server=on" while no debugger is
 * attached. 0 and d->addr set; -ENOENT when QEMU has none; -EBUSY when
 * another debugger holds it. */
static int find_stub(struct qemu *s)
{
	struct qemu_debug *d = &s->dbg;
	char *ret = NULL, key[32], label[64], name[300] = { 0 };
	struct json j;
	size_t i = 0;
	int rc = qmp_execute(s->q, "query-chardev", NULL, &ret), found = 0;

	if (rc)
		return rc;
	json_init(&j, ret, strlen(ret));
	while (!found && json_element(&j, &i) == 1) {
		size_t k = 0;

		label[0] = name[0] = '\0';
		while (json_member(&j, &k, key, sizeof(key)) == 1) {
			int e = !strcmp(key, "label") ? json_string(&j, label, sizeof(label), NULL)
			        : !strcmp(key, "filename")
			                ? json_string(&j, name, sizeof(name), NULL)
			                : json_skip(&j);

			if (e && j.rc)
				break;
		}
		found = !strcmp(label, "gdb");
	}
	free(ret);
	if (j.rc)
		return vms_error_set(-EPROTO, "QMP query-chardev: %s", j.err);
	if (!found)
		return -ENOENT;
	if (strncmp(name, "disconnected:", 13) != 0)
		return vms_error_set(-EBUSY, "QEMU's gdbstub (%s) has a debugger attached already",
		                     name);
	if (!strncmp(name + 13, "tcp:", 4) || !strncmp(name + 13, "unix:", 5)) {
		const char *at = name + 13 + (name[13] == 't' ? 4 : 5);

		(void)snprintf(d->addr, sizeof(d->addr), "%.*s", (int)strcspn(at, ","), at);
		/* A socket file that is gone (a stub some vmscope started and
		 * could not stop) is as good as none: a new stub replaces it. */
		if (name[13] == 'u' && access(d->addr, F_OK)) {
			d->addr[0] = '\0';
			return -ENOENT;
		}
		return 0;
	}
	return vms_error_set(-EOPNOTSUPP,
	                     "QEMU's gdbstub is on %s, which vmscope cannot reach; give "
	                     "qemu:QMP_SOCKET,gdb=HOST:PORT",
	                     name);
}

/* Whether QEMU runs the guest under KVM, asked once: it does not change. */
static int is_kvm(struct qemu *s)
{
	struct qemu_debug *d = &s->dbg;
	char *ret = NULL;

	if (!d->kvm_known && !qmp_execute(s->q, "query-kvm", NULL, &ret)) {
		d->kvm = strstr(ret, "\"enabled\": true") != NULL;
		d->kvm_known = 1;
	}
	free(ret);
	return d->kvm;
}

static int attach(struct qemu *s)
{
	struct qemu_debug *d = &s->dbg;
	int rc;

	if (d->gdb)
		return 0;
	if (!d->addr[0]) {
		rc = find_stub(s);
		if (rc == -ENOENT)
			rc = start_stub(s);
		if (rc)
			return rc;
	}
	(void)is_kvm(s); /* d->kvm, for what follows */
	if ((rc = qmp_events(s->q, &d->resets, NULL)))
		return rc;
	rc = gdb_connect(&d->gdb, d->addr, QMP_TIMEOUT_MS);
	d->running = d->stepping = 0;
	if (!rc)
		vms_backend_log(s->opts, VMS_LOG_INFO, "attached to QEMU's gdbstub at %s%s",
		                d->addr, d->kvm ? " (KVM)" : "");
	return rc;
}

/* Let go of the stub: QEMU resumes the guest and removes what we set.
 * With no point left there is nothing to wait for, and another debugger
 * may want the stub. */
static void detach(struct qemu *s)
{
	struct qemu_debug *d = &s->dbg;

	gdb_close(d->gdb); /* "D": the guest runs on */
	d->gdb = NULL;
	d->running = d->stepping = d->step_over = d->have_pending = 0;
	d->npoints = 0;
}

static int find_point(const struct qemu_debug *d, enum vms_event_kind kind, uint64_t gva,
                      unsigned len)
{
	for (size_t i = 0; i < d->npoints; i++)
		if (d->points[i].kind == kind && d->points[i].gva == gva && d->points[i].len == len)
			return (int)i;
	return -1;
}

static enum gdb_point gdb_kind(enum vms_event_kind kind)
{
	switch (kind) {
	case VMS_EVENT_BREAK_SW:
		return GDB_SW_BREAK;
	case VMS_EVENT_WATCH_WRITE:
		return GDB_WATCH_WRITE;
	case VMS_EVENT_WATCH_READ:
		return GDB_WATCH_READ;
	case VMS_EVENT_WATCH_ACCESS:
		return GDB_WATCH_ACCESS;
	default:
		return GDB_HW_BREAK;
	}
}

static int stub_regs(struct qemu_debug *d, struct vms_x86_regs *out);

/* Stop a guest that runs under the stub, so that it takes commands. A hit
 * that comes first is kept for the next wait. */
static int halt(struct qemu *s)
{
	struct qemu_debug *d = &s->dbg;
	struct gdb_stop stop;
	int rc;

	if (!d->running)
		return 0;
	rc = gdb_interrupt(d->gdb);
	if (!rc)
		rc = gdb_wait(d->gdb, &stop, QMP_TIMEOUT_MS);
	if (rc)
		return rc;
	if (stop.exited)
		return vms_error_set(-EPIPE, "the guest is gone (QEMU ended it)");
	/* The interrupt reached a guest stopped already: no second reply. */
	if (stop.signal == 5 && !d->have_pending && !stub_regs(d, &d->pending.regs) &&
	    !gdb_vcpu_of(stop.thread, &d->pending.vcpu)) {
		d->have_pending = 1;
		d->pending_stepped = d->stepping;
		d->pending_watch = stop.watch;
		d->pending_watch_addr = stop.watch_addr;
	}
	d->running = d->stepping = 0;
	return 0;
}

static int qemu_ev_add(void *priv, enum vms_event_kind kind, uint64_t gva, unsigned len)
{
	struct qemu *s = priv;
	struct qemu_debug *d = &s->dbg;
	int rc = attach(s);

	if (!rc)
		rc = halt(s);
	if (rc)
		return rc;
	if (d->npoints == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		struct qemu_point *p = realloc(d->points, cap * sizeof(*p));

		if (!p)
			return vms_error_set(-ENOMEM, "out of memory");
		d->points = p;
		d->cap = cap;
	}
	rc = gdb_point(d->gdb, 1, gdb_kind(kind), gva, len);
	/* Under KVM hardware points are the CPU's four debug registers. */
	if (rc == -EIO && d->kvm && kind != VMS_EVENT_BREAK_SW)
		rc = vms_error_set(-ENOSPC,
		                   "no room for another %s point: under KVM they use the "
		                   "vCPU's debug registers, four in all",
		                   vms_event_kind_name(kind));
	if (rc)
		return rc;
	d->points[d->npoints++] = (struct qemu_point){ kind, gva, len };
	return 0;
}

static int qemu_ev_remove(void *priv, enum vms_event_kind kind, uint64_t gva, unsigned len)
{
	struct qemu *s = priv;
	struct qemu_debug *d = &s->dbg;
	int i = d->gdb ? find_point(d, kind, gva, len) : -1, rc;

	if (i < 0)
		return vms_error_set(-ENOENT, "no %s point at %#" PRIx64 " (length %u)",
		                     vms_event_kind_name(kind), gva, len);
	if ((rc = halt(s)) || (rc = gdb_point(d->gdb, 0, gdb_kind(kind), gva, len)))
		return rc;
	d->points[i] = d->points[--d->npoints];
	if (!d->npoints)
		detach(s);
	return 0;
}

static void regs_of(struct vms_x86_regs *r, const uint64_t *v)
{
	uint64_t *gpr[] = {
		&r->rax, &r->rbx, &r->rcx, &r->rdx, &r->rsi, &r->rdi, &r->rbp, &r->rsp,
		&r->r8,  &r->r9,  &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15
	};
	struct vms_x86_segment *seg[] = { &r->cs, &r->ss, &r->ds, &r->es, &r->fs, &r->gs };

	/* gdb's amd64 core order: the GPRs (rbp before rsp), rip, eflags,
	 * six selectors, fs_base, gs_base, k_gs_base, cr0, cr2, cr3, cr4,
	 * cr8, efer. */
	memset(r, 0, sizeof(*r));
	for (int i = 0; i < 16; i++)
		*gpr[i] = v[i];
	r->rip = v[16];
	r->rflags = v[17];
	for (int i = 0; i < 6; i++)
		seg[i]->selector = (uint16_t)v[18 + i];
	r->fs_base = v[24];
	r->gs_base = v[25];
	r->kernel_gs_base = v[26];
	r->cr0 = v[27];
	r->cr2 = v[28];
	r->cr3 = v[29];
	r->cr4 = v[30];
	r->efer = v[32];
	r->valid = VMS_X86_REGS_GPR | VMS_X86_REGS_SELECTORS | VMS_X86_REGS_FSGS_BASE |
	           VMS_X86_REGS_KERNEL_GS_BASE | VMS_X86_REGS_CONTROL | VMS_X86_REGS_EFER;
}

static int stub_regs(struct qemu_debug *d, struct vms_x86_regs *out)
{
	uint64_t v[GDB_NREGS];
	int rc = gdb_read_registers(d->gdb, v, GDB_NREGS);

	if (!rc)
		regs_of(out, v);
	return rc;
}

int qemu_debug_regs(struct qemu *s, struct vms_x86_regs *out, unsigned vcpu)
{
	struct qemu_debug *d = &s->dbg;
	int rc;

	if (!d->gdb || d->running)
		return -EAGAIN;
	if ((rc = gdb_select(d->gdb, vcpu)))
		return rc;
	return stub_regs(d, out);
}

/* What the stop means: the point at the address, a step, or nothing of
 * ours (0: a point removed while its hit was on the way). */
static int classify(const struct qemu_debug *d, struct vms_event *ev, const struct gdb_stop *st,
                    int stepped)
{
	static const enum vms_event_kind watch[] = {
		[GDB_WATCH_WRITE] = VMS_EVENT_WATCH_WRITE,
		[GDB_WATCH_READ] = VMS_EVENT_WATCH_READ,
		[GDB_WATCH_ACCESS] = VMS_EVENT_WATCH_ACCESS,
	};

	if (st->watch >= GDB_WATCH_WRITE && st->watch <= GDB_WATCH_ACCESS) {
		ev->kind = watch[st->watch];
		ev->addr = st->watch_addr;
		return 1;
	}
	ev->addr = ev->regs.rip;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < d->npoints; i++)
			if (d->points[i].gva == ev->regs.rip &&
			    d->points[i].kind == (pass ? VMS_EVENT_BREAK_SW : VMS_EVENT_BREAK)) {
				ev->kind = d->points[i].kind;
				return 1;
			}
	if (stepped) {
		ev->kind = VMS_EVENT_STEP;
		return 1;
	}
	return 0;
}

/* An event about to be returned: remember a breakpoint to step off. */
static void returned(struct qemu_debug *d, const struct vms_event *ev)
{
	d->step_over = ev->kind == VMS_EVENT_BREAK || ev->kind == VMS_EVENT_BREAK_SW;
	d->break_vcpu = ev->vcpu;
	d->break_rip = ev->regs.rip;
}

/* Under KVM the points at rip come out for the step (an int3 or a debug
 * register would fire again before the instruction ran) and go back in
 * after; under TCG a single step ignores breakpoints. */
static int swap_points(struct qemu_debug *d, int insert, uint64_t rip)
{
	int rc = 0;

	for (size_t i = 0; !rc && d->kvm && i < d->npoints; i++)
		if (d->points[i].gva == rip && (d->points[i].kind == VMS_EVENT_BREAK ||
		                                d->points[i].kind == VMS_EVENT_BREAK_SW))
			rc = gdb_point(d->gdb, insert, gdb_kind(d->points[i].kind), rip, 1);
	return rc;
}

#define STEP_TRIES 8

/* Step the vCPU of the last breakpoint off it: 0, 1 when the step itself
 * hit a watchpoint (filled into *ev), or an error. */
static int step_over(struct qemu *s, struct vms_event *ev)
{
	struct qemu_debug *d = &s->dbg;
	struct gdb_stop stop;
	int rc, rc2, tries = 0;

	d->step_over = 0;
	if ((rc = swap_points(d, 0, d->break_rip)))
		return rc;
	/* Under TCG a step now and then ends before its instruction ran:
	 * rip is still at the breakpoint, which would stop the vCPU there
	 * again at once and report one hit twice. So the vCPU steps until
	 * it has left (a few tries at most). */
	for (;;) {
		rc = gdb_step(d->gdb, d->break_vcpu);
		if (!rc)
			rc = gdb_wait(d->gdb, &stop, QMP_TIMEOUT_MS);
		if (!rc && stop.exited)
			rc = vms_error_set(-EPIPE, "the guest is gone (QEMU ended it)");
		if (rc || stop.signal != 5 || stop.watch || (rc = stub_regs(d, &ev->regs)))
			break;
		if (ev->regs.rip != d->break_rip || ++tries == STEP_TRIES)
			break;
	}
	rc2 = rc ? 0 : swap_points(d, 1, d->break_rip);
	if (rc || (rc = rc2))
		return rc;
	if (tries == STEP_TRIES)
		vms_backend_log(s->opts, VMS_LOG_WARN,
		                "vCPU %u did not leave the breakpoint at %#" PRIx64 " in %d steps",
		                d->break_vcpu, d->break_rip, STEP_TRIES);
	memset(ev, 0, sizeof(*ev));
	if (stop.signal == 5 && stop.watch) {
		if ((rc = stub_regs(d, &ev->regs)) || (rc = gdb_vcpu_of(stop.thread, &ev->vcpu)))
			return rc;
		if (classify(d, ev, &stop, 0)) {
			returned(d, ev);
			return 1;
		}
		memset(ev, 0, sizeof(*ev));
	}
	return 0;
}

static int drain(int fd)
{
	char buf[64];
	int any = 0;

	while (read(fd, buf, sizeof(buf)) > 0)
		any = 1;
	return any;
}

/* Wait for the guest, running under the stub, to stop; see the top. */
static int await_stop(struct qemu *s, struct vms_event *ev, int timeout_ms)
{
	struct qemu_debug *d = &s->dbg;
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	int interrupted = 0, reset = 0, rc;

	for (;;) {
		struct gdb_stop stop;
		int stepped = d->stepping;

		if (!gdb_buffered(d->gdb)) {
			struct pollfd p[3] = {
				{ .fd = gdb_fd(d->gdb), .events = POLLIN },
				{ .fd = d->intr[0], .events = POLLIN },
				{ .fd = qmp_fd(s->q), .events = POLLIN },
			};
			long long left = deadline < 0 ? -1 : deadline - now_ms();
			int n;

			if (deadline >= 0 && left < 0)
				left = 0;
			n = poll(p, 3,
			         interrupted || reset ? QMP_TIMEOUT_MS
			         : left > 60000       ? 60000
			                              : (int)left);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return vms_error_set(-errno, "poll: %s", strerror(errno));
			if (n == 0 && (interrupted || reset))
				return vms_error_set(-ETIMEDOUT,
				                     "the gdbstub did not stop the guest");
			if (n == 0 && deadline >= 0 && now_ms() >= deadline)
				return vms_error_set(-ETIMEDOUT,
				                     "no event in %d ms (the guest runs)",
				                     timeout_ms);
			if ((p[1].revents & POLLIN) && drain(d->intr[0]) && !interrupted &&
			    !reset) {
				interrupted = 1;
				if ((rc = gdb_interrupt(d->gdb)))
					return rc;
			}
			if (p[2].revents & (POLLIN | POLLHUP)) {
				uint64_t resets;

				/* QEMU exits: its QMP socket may close before
				 * the stub says so. */
				rc = qmp_events(s->q, &resets, NULL);
				if (rc == -EPIPE)
					return vms_error_set(-EPIPE,
					                     "the guest is gone (QEMU closed its "
					                     "QMP socket: %s)",
					                     vms_error_last());
				if (rc)
					return rc;
				if (resets != d->resets && !reset) {
					d->resets = resets;
					reset = 1;
					if (!interrupted && (rc = gdb_interrupt(d->gdb)))
						return rc;
				}
			}
			if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
		}
		rc = gdb_wait(d->gdb, &stop, QMP_TIMEOUT_MS);
		/* A stub on a UNIX socket closes without a word when QEMU
		 * exits; on TCP it says so first ("W00"). */
		if (rc == -EPIPE)
			return vms_error_set(-EPIPE,
			                     "the guest is gone (QEMU closed its gdbstub: %s)",
			                     vms_error_last());
		if (rc)
			return rc;
		d->running = d->stepping = 0;
		if (stop.exited)
			return vms_error_set(-EPIPE, "the guest is gone (QEMU ended it)");
		if (reset) {
			/* Whatever stopped it, the guest is a new one now. */
			ev->kind = VMS_EVENT_RESET;
			return 0;
		}
		if (stop.signal == 5) {
			int hit;

			if ((rc = stub_regs(d, &ev->regs)) ||
			    (rc = gdb_vcpu_of(stop.thread, &ev->vcpu)))
				return rc;
			hit = classify(d, ev, &stop, stepped);
			/* An interrupt that came with a hit ends the next wait. */
			d->intr_pending |= interrupted;
			if (hit) {
				returned(d, ev);
				return 0;
			}
		}
		if (interrupted)
			return vms_error_set(-EINTR, "interrupted; the guest is stopped");
		/* A stop that is none of ours: the guest runs on. */
		memset(ev, 0, sizeof(*ev));
		if ((rc = gdb_continue(d->gdb)))
			return rc;
		d->running = 1;
	}
}

static int start_wait(struct qemu *s, struct vms_event *ev)
{
	struct qemu_debug *d = &s->dbg;
	int rc = attach(s);

	memset(ev, 0, sizeof(*ev));
	if (rc)
		return rc;
	if (d->intr_pending || drain(d->intr[0])) {
		d->intr_pending = 0;
		if ((rc = halt(s)))
			return rc;
		return vms_error_set(-EINTR, "interrupted; the guest is stopped");
	}
	return 0;
}

static int qemu_ev_wait(void *priv, struct vms_event *ev, int timeout_ms)
{
	struct qemu *s = priv;
	struct qemu_debug *d = &s->dbg;
	int rc = start_wait(s, ev);

	if (rc)
		return rc;
	if (d->have_pending) {
		struct gdb_stop stop = { .signal = 5,
			                 .watch = d->pending_watch,
			                 .watch_addr = d->pending_watch_addr };

		d->have_pending = 0;
		*ev = d->pending;
		if (classify(d, ev, &stop, d->pending_stepped)) {
			returned(d, ev);
			return 0;
		}
		memset(ev, 0, sizeof(*ev));
	}
	if (!d->running && d->step_over) {
		/* Stepping off the breakpoint may hit a watchpoint: an event. */
		rc = step_over(s, ev);
		if (rc)
			return rc > 0 ? 0 : rc;
	}
	if (!d->running) {
		if ((rc = gdb_continue(d->gdb)))
			return rc;
		d->running = 1;
	}
	return await_stop(s, ev, timeout_ms);
}

static int qemu_ev_step(void *priv, struct vms_event *ev, unsigned vcpu, int timeout_ms)
{
	struct qemu *s = priv;
	struct qemu_debug *d = &s->dbg;
	int rc = start_wait(s, ev);

	if (!rc)
		rc = halt(s);
	if (!rc && d->step_over && d->break_vcpu == vcpu) {
		/* The step is the step off the breakpoint. */
		rc = step_over(s, ev);
		if (rc)
			return rc > 0 ? 0 : rc;
		if ((rc = stub_regs(d, &ev->regs)))
			return rc;
		ev->kind = VMS_EVENT_STEP;
		ev->vcpu = vcpu;
		ev->addr = ev->regs.rip;
		return 0;
	}
	if (!rc)
		rc = gdb_step(d->gdb, vcpu);
	if (rc)
		return rc;
	d->running = d->stepping = 1;
	return await_stop(s, ev, timeout_ms);
}

static int qemu_ev_interrupt(void *priv)
{
	struct qemu *s = priv;
	char c = 'i';

	return write(s->dbg.intr[1], &c, 1) == 1 || errno == EAGAIN ? 0 : -EIO;
}

static int qemu_ev_changes_memory(void *priv, enum vms_event_kind kind)
{
	/* Under KVM, QEMU's software breakpoints are int3 in guest memory. */
	return kind == VMS_EVENT_BREAK_SW && is_kvm(priv);
}

void qemu_debug_close(struct qemu *s)
{
	struct qemu_debug *d = &s->dbg;

	if (d->gdb) {
		(void)halt(s);
		detach(s);
	}
	if (d->dir[0]) {
		char sock[sizeof(d->addr)], *out = NULL;

		/* The stub we started goes with us. */
		if (s->q)
			(void)qmp_hmp(s->q, "gdbserver none", &out);
		free(out);
		(void)snprintf(sock, sizeof(sock), "%s", d->addr);
		(void)unlink(sock);
		(void)rmdir(d->dir);
	}
	for (int i = 0; i < 2; i++)
		if (d->intr[i] >= 0)
			(void)close(d->intr[i]);
	free(d->points);
	memset(d, 0, sizeof(*d));
}

const struct vms_event_ops qemu_event_ops = {
	.add = qemu_ev_add,
	.remove = qemu_ev_remove,
	.wait = qemu_ev_wait,
	.step = qemu_ev_step,
	.interrupt = qemu_ev_interrupt,
	.changes_memory = qemu_ev_changes_memory,
};
