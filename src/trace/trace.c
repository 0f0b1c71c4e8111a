// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Subscriptions over the event API. Each subscription is a point (kind,
 * address, length) and a callback; subscriptions that share a point share
 * one breakpoint or watchpoint in the hypervisor, set while any of them is
 * there. A hit goes to every subscription of its point, in the order they
 * were made. Callbacks may add and remove subscriptions: a removed one is
 * only marked during a hit and freed after it, so the walk over the list
 * stays valid.
 *
 * A reboot (VMS_EVENT_RESET) moves the subscriptions made by symbol: their
 * points come out at once (the new kernel has other code at those
 * addresses), the new kernel is looked for in short stops of the guest
 * while it boots, and the points go back in at the symbols' new addresses.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vmscope/trace.h>

#include "../core/internal.h"
#include "../util/opts.h"

#define REBOOT_TIMEOUT_MS 120000
#define REBOOT_POLL_MS    100

struct sub {
	int id;
	enum vms_event_kind kind;
	uint64_t gva;
	unsigned len, flags;
	char *where;  /* as given, or the address written out */
	char *symbol; /* by symbol: its name (gva = its address + offset) */
	uint64_t offset;
	int armed; /* its point is in the hypervisor */
	int dead;  /* removed during a hit; freed after it */
	vms_trace_cb cb;
	void *payload;
};

struct vms_trace {
	struct vms_target *t;
	struct vms_linux *lx;
	struct sub *subs;
	size_t n, cap;
	int next_id;
	int running, dispatching;
	struct vms_trace_stats st;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int vms_trace_new(struct vms_trace **out, struct vms_target *t, struct vms_linux *lx)
{
	if (!out)
		return vms_error_set(-EINVAL, "vms_trace_new: NULL out");
	*out = NULL;
	if (!t)
		return vms_error_set(-EINVAL, "vms_trace_new: NULL target");
	if (lx && vms_linux_target(lx) != t)
		return vms_error_set(-EINVAL, "vms_trace_new: the Linux guest is another target's");
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return vms_error_set(-ENOMEM, "out of memory");
	(*out)->t = t;
	(*out)->lx = lx;
	(*out)->next_id = 1;
	return 0;
}

static int same_point(const struct sub *a, const struct sub *b)
{
	return a->kind == b->kind && a->gva == b->gva && a->len == b->len;
}

/* Another live, armed subscription with s's point. */
static int shared(const struct vms_trace *tr, const struct sub *s)
{
	for (size_t i = 0; i < tr->n; i++)
		if (&tr->subs[i] != s && tr->subs[i].armed && !tr->subs[i].dead &&
		    same_point(&tr->subs[i], s))
			return 1;
	return 0;
}

static int arm(struct vms_trace *tr, struct sub *s)
{
	int rc = 0;

	if (s->armed)
		return 0;
	if (!shared(tr, s))
		rc = vms_event_add(tr->t, s->kind, s->gva, s->len, s->flags);
	if (!rc)
		s->armed = 1;
	return rc;
}

static int disarm(struct vms_trace *tr, struct sub *s)
{
	if (!s->armed)
		return 0;
	s->armed = 0;
	return shared(tr, s) ? 0 : vms_event_remove(tr->t, s->kind, s->gva, s->len);
}

/* -ENOENT for a name the kernel lacks, naming the copies the compiler
 * made of it under other names ("do_execveat_common.isra.0"), if any. */
static int no_symbol(struct vms_linux *lx, const char *name)
{
	size_t n = strlen(name), count = vms_linux_sym_count(lx), len = 0;
	char hint[256] = "";
	struct vms_ksym k = { .sz = sizeof(k) };

	for (size_t i = 0; i < count && len < sizeof(hint) - 64; i++)
		if (!vms_linux_sym_get(&k, lx, i) && !strncmp(k.name, name, n) &&
		    k.name[n] == '.' && strchr("tT", k.type) && !strstr(k.name + n, ".cold"))
			len += (size_t)snprintf(hint + len, sizeof(hint) - len, "%s%s",
			                        len ? ", " : "", k.name);
	if (len)
		return vms_error_set(-ENOENT, "no kernel symbol %s (the compiler renamed it: %s)",
		                     name, hint);
	return vms_error_set(-ENOENT, "no kernel symbol %s", name);
}

/* s->gva from its symbol, in the kernel lx knows now. */
static int resolve(struct vms_trace *tr, struct sub *s)
{
	struct vms_ksym k = { .sz = sizeof(k) };
	int rc;

	if (!s->symbol)
		return 0;
	if (!tr->lx)
		return vms_error_set(-EINVAL,
		                     "%s: a symbol needs the guest's kernel (vms_trace_new "
		                     "with a vms_linux)",
		                     s->where);
	rc = vms_linux_sym_lookup(&k, tr->lx, s->symbol);
	if (rc == -ENOENT)
		return no_symbol(tr->lx, s->symbol);
	if (rc)
		return rc;
	s->gva = k.addr + s->offset;
	return 0;
}

/* "0xADDR", or "SYMBOL[+OFF]" with OFF in hex (0x...) or decimal. */
static int parse_where(struct sub *s, const char *where)
{
	const char *plus;
	char *end;

	if (!where[0])
		return vms_error_set(-EINVAL, "an empty place to trace");
	if (!strncmp(where, "0x", 2) || !strncmp(where, "0X", 2)) {
		s->gva = strtoull(where, &end, 16);
		if (*end || end == where + 2)
			return vms_error_set(-EINVAL, "\"%s\" is no address", where);
		return 0;
	}
	plus = strchr(where, '+');
	s->symbol = plus ? strndup(where, (size_t)(plus - where)) : strdup(where);
	if (!s->symbol)
		return vms_error_set(-ENOMEM, "out of memory");
	if (!s->symbol[0] || strlen(s->symbol) > 512)
		return vms_error_set(-EINVAL, "\"%s\" names no symbol", where);
	if (plus) {
		s->offset = strtoull(plus + 1, &end, 0);
		if (*end || end == plus + 1)
			return vms_error_set(-EINVAL, "\"%s\": a bad offset after the symbol",
			                     where);
	}
	return 0;
}

static void sub_free(struct sub *s)
{
	free(s->where);
	free(s->symbol);
	memset(s, 0, sizeof(*s));
}

int vms_trace_add(int *id, struct vms_trace *tr, const struct vms_trace_point *p, vms_trace_cb cb,
                  void *payload)
{
	struct vms_trace_point pt;
	struct sub s = { 0 };
	char addr[32];
	int rc = 0;

	if (id)
		*id = 0;
	if (!tr || !p || !cb)
		return vms_error_set(-EINVAL, "vms_trace_add: NULL argument");
	rc = vms__opts_copy(&pt, sizeof(pt), p, "vms_trace_point");
	if (rc)
		return rc;
	p = &pt;
	s.kind = p->kind ? p->kind : VMS_EVENT_BREAK;
	s.len = p->len ? p->len : 1;
	s.flags = p->flags;
	s.gva = p->gva;
	s.cb = cb;
	s.payload = payload;
	(void)snprintf(addr, sizeof(addr), "%#" PRIx64, s.gva);
	if (!(s.where = strdup(p->where ? p->where : addr)))
		rc = vms_error_set(-ENOMEM, "out of memory");
	if (!rc && p->where)
		rc = parse_where(&s, p->where);
	if (!rc)
		rc = resolve(tr, &s);
	if (!rc && tr->n == tr->cap) {
		size_t cap = tr->cap ? 2 * tr->cap : 8;
		struct sub *n = realloc(tr->subs, cap * sizeof(*n));

		if (!n)
			rc = vms_error_set(-ENOMEM, "out of memory");
		else {
			tr->subs = n;
			tr->cap = cap;
		}
	}
	if (!rc)
		rc = arm(tr, &s);
	if (rc) {
		sub_free(&s);
		return rc;
	}
	s.id = tr->next_id++;
	tr->subs[tr->n++] = s;
	if (id)
		*id = s.id;
	return 0;
}

/* Free the subscriptions removed during a hit. */
static void compact(struct vms_trace *tr)
{
	size_t k = 0;

	for (size_t i = 0; i < tr->n; i++) {
		if (tr->subs[i].dead)
			sub_free(&tr->subs[i]);
		else
			tr->subs[k++] = tr->subs[i];
	}
	tr->n = k;
}

int vms_trace_remove(struct vms_trace *tr, int id)
{
	if (!tr)
		return vms_error_set(-EINVAL, "vms_trace_remove: NULL trace");
	for (size_t i = 0; i < tr->n; i++) {
		struct sub *s = &tr->subs[i];
		int rc;

		if (s->id != id || s->dead)
			continue;
		rc = disarm(tr, s);
		s->dead = 1;
		if (!tr->dispatching)
			compact(tr);
		return rc;
	}
	return vms_error_set(-ENOENT, "no subscription %d", id);
}

static int matches(const struct sub *s, const struct vms_event *ev)
{
	if (s->dead || !s->armed || s->kind != ev->kind)
		return 0;
	if (s->kind == VMS_EVENT_BREAK || s->kind == VMS_EVENT_BREAK_SW)
		return s->gva == ev->addr;
	/* The hypervisor reports the address accessed, which an access
	 * wider than the point may start up to 7 bytes before. */
	return ev->addr < s->gva + s->len && ev->addr + 8 > s->gva;
}

/* Hand ev to its subscribers; how many there were; *stop if one said so. */
static size_t dispatch(struct vms_trace *tr, const struct vms_event *ev, int *stop)
{
	size_t n = tr->n, called = 0;

	tr->dispatching = 1;
	for (size_t i = 0; i < n && i < tr->n; i++) {
		struct vms_trace_hit hit;
		vms_trace_cb cb;
		void *payload;

		if (!matches(&tr->subs[i], ev))
			continue;
		/* The callback may add subscriptions, moving the array. */
		hit = (struct vms_trace_hit){ .id = tr->subs[i].id,
			                      .event = ev,
			                      .target = tr->t,
			                      .lx = tr->lx,
			                      .where = tr->subs[i].where,
			                      .gva = tr->subs[i].gva };
		cb = tr->subs[i].cb;
		payload = tr->subs[i].payload;
		called++;
		if (cb(tr, &hit, payload) == VMS_TRACE_STOP)
			*stop = 1;
	}
	tr->dispatching = 0;
	compact(tr);
	return called;
}

/* Stop the running guest for a consistent look: interrupt, then the wait
 * that returns -EINTR with it stopped. */
static int hold(struct vms_trace *tr)
{
	struct vms_event ev;
	int rc = vms_event_interrupt(tr->t);

	if (!rc)
		rc = vms_event_wait(&ev, tr->t, 10000);
	return rc == -EINTR ? 0 : rc ? rc : vms_error_set(-EAGAIN, "the guest stopped at an event");
}

/* The guest rebooted: see the top of the file. */
static int follow_reboot(struct vms_trace *tr, int timeout_ms)
{
	long long until = now_ms() + (timeout_ms > 0 ? timeout_ms : REBOOT_TIMEOUT_MS);
	struct vms_linux_kernel k = { .sz = sizeof(k) };
	size_t moved = 0;
	int rc;

	tr->st.reboots++;
	for (size_t i = 0; i < tr->n; i++)
		if (tr->subs[i].symbol && (rc = disarm(tr, &tr->subs[i])))
			return rc;
	if (!tr->lx) {
		vms__tlog(tr->t, VMS_LOG_INFO, "the guest rebooted");
		return 0;
	}
	vms__tlog(tr->t, VMS_LOG_INFO, "the guest rebooted; waiting for its kernel");
	for (;;) {
		struct vms_event ev;

		rc = vms_linux_refresh(tr->lx);
		if (rc == 0)
			break;
		if (rc == -ENOMEM || rc == -EPIPE)
			return rc;
		if (now_ms() > until)
			return vms_error_set(
			        -ETIMEDOUT,
			        "the guest rebooted and its kernel was not found again "
			        "in %d s (%s)",
			        (timeout_ms > 0 ? timeout_ms : REBOOT_TIMEOUT_MS) / 1000,
			        vms_error_last());
		/* Let it boot a little, then look again with it stopped. */
		rc = vms_event_wait(&ev, tr->t, REBOOT_POLL_MS);
		if (rc == 0) {
			tr->st.stray++;
			continue;
		}
		if (rc != -ETIMEDOUT || (rc = hold(tr)))
			return rc;
	}
	for (size_t i = 0; i < tr->n; i++) {
		struct sub *s = &tr->subs[i];

		if (!s->symbol || s->dead)
			continue;
		if (resolve(tr, s) || arm(tr, s)) {
			vms__tlog(tr->t, VMS_LOG_WARN, "after the reboot, %s is not traced: %s",
			          s->where, vms_error_last());
			continue;
		}
		moved++;
	}
	vms_linux_kernel(&k, tr->lx);
	vms__tlog(tr->t, VMS_LOG_INFO,
	          "the kernel is back (KASLR slide %#" PRIx64 "); %zu subscriptions moved",
	          (uint64_t)k.kaslr_slide, moved);
	return 0;
}

int vms_trace_run(struct vms_trace *tr, const struct vms_trace_run_opts *opts)
{
	struct vms_trace_run_opts o = { 0 };
	long long deadline;
	uint64_t hits = 0;
	int rc;

	if (!tr)
		return vms_error_set(-EINVAL, "vms_trace_run: NULL trace");
	rc = vms__opts_copy(&o, sizeof(o), opts, "vms_trace_run_opts");
	if (rc)
		return rc;
	if (tr->running)
		return vms_error_set(-EBUSY, "vms_trace_run: already running (from a callback?)");
	tr->running = 1;
	deadline = o.timeout_ms > 0 ? now_ms() + o.timeout_ms : -1;
	for (;;) {
		struct vms_event ev;
		long long left = deadline < 0 ? -1 : deadline - now_ms();
		int stop = 0;

		if (deadline >= 0 && left <= 0) {
			rc = vms_error_set(-ETIMEDOUT, "no more hits in %d ms", o.timeout_ms);
			break;
		}
		rc = vms_event_wait(&ev, tr->t, left < 0 ? -1 : (int)left);
		if (rc)
			break;
		if (ev.kind == VMS_EVENT_RESET) {
			if ((rc = follow_reboot(tr, o.reboot_timeout_ms)))
				break;
			continue;
		}
		if (dispatch(tr, &ev, &stop) == 0) {
			tr->st.stray++;
			continue;
		}
		tr->st.hits++;
		if (stop || (o.hits && ++hits >= o.hits))
			break;
	}
	tr->running = 0;
	return rc;
}

int vms_trace_interrupt(struct vms_trace *tr)
{
	return tr ? vms_event_interrupt(tr->t) : -EINVAL;
}

int vms_trace_stats(struct vms_trace_stats *out, const struct vms_trace *tr)
{
	int rc = vms__out_check(out, "vms_trace_stats");

	if (rc)
		return rc;
	vms__out_copy(out, &tr->st, sizeof(tr->st));
	return 0;
}

void vms_trace_free(struct vms_trace *tr)
{
	if (!tr)
		return;
	for (size_t i = 0; i < tr->n; i++) {
		(void)disarm(tr, &tr->subs[i]);
		sub_free(&tr->subs[i]);
	}
	free(tr->subs);
	free(tr);
}
