// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench_events [SYMBOL [STOPS]]: the event round trip on a live guest, run
 * under `lab run events` ($VMS_LAB_QMP, $VMS_LAB_GDB, $VMS_LAB_CTL). The
 * guest runs a loop of system calls (each opens /dev/null); a breakpoint
 * on SYMBOL (default do_sys_openat2) stops it over and over. Side by side
 * in one run, rounds alternating:
 *
 *   bare loop    a client of the same gdbstub that does only what any
 *                debugger must to go on past a breakpoint: wait for the
 *                stop, step the stopped vCPU off it, continue
 *   vmscope      vms_trace_run with a callback that reads the current
 *                task's pid and comm (vms_linux_current) at each hit
 *   continue     for reference: continuing alone, which under TCG stops
 *                at once at the same breakpoint again (no guest code runs
 *                between stops): the stub's own round trip
 *
 * It prints stops per second for each (medians of the rounds) and vmscope
 * against the bare loop. Under TCG QEMU flushes its translated code at
 * every debug stop, so most of a stop's cost is the guest translating its
 * code again afterwards, for both loops alike.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <vmscope/vmscope.h>

#include "bench.h"

#include "backends/qemu/gdb.h"

#define ROUNDS 5

/* Run one command line in the guest's control shell (tests/lab/guest/ctl). */
static int guest_run(const char *ctl, const char *line)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[4096];
	size_t have = 0;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), ok = 0;

	if (fd < 0 || strlen(ctl) >= sizeof(sa.sun_path))
		return -1;
	memcpy(sa.sun_path, ctl, strlen(ctl) + 1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    write(fd, line, strlen(line)) != (ssize_t)strlen(line) || write(fd, "\n", 1) != 1) {
		close(fd);
		return -1;
	}
	while (!ok && have < sizeof(buf) - 1) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);

		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = '\0';
		ok = strstr(buf, "@@ctl done") != NULL;
	}
	close(fd);
	return ok ? 0 : -1;
}

/* The bare loop: stops per second over n stops; step 0 continues only. */
static double bare(const char *gdbaddr, uint64_t addr, int n, int step)
{
	struct gdb_stop stop;
	struct gdb *g;
	double t0;
	int rc;

	if (gdb_connect(&g, gdbaddr, 10000) || gdb_point(g, 1, GDB_HW_BREAK, addr, 1)) {
		fprintf(stderr, "bench_events: gdbstub: %s\n", vms_error_last());
		exit(1);
	}
	t0 = now();
	for (int i = 0; i < n; i++) {
		unsigned vcpu;

		rc = gdb_continue(g);
		if (!rc)
			rc = gdb_wait(g, &stop, 60000);
		if (!rc && step && !(rc = gdb_vcpu_of(stop.thread, &vcpu)) &&
		    !(rc = gdb_step(g, vcpu)))
			rc = gdb_wait(g, &stop, 60000);
		if (rc) {
			fprintf(stderr, "bench_events: bare loop: %s\n", vms_error_last());
			exit(1);
		}
	}
	t0 = now() - t0;
	(void)gdb_point(g, 0, GDB_HW_BREAK, addr, 1);
	gdb_close(g);
	return n / t0;
}

struct tally {
	uint64_t hits, pid_sum;
	char comm[17];
};

static int on_hit(struct vms_trace *tr, const struct vms_trace_hit *hit, void *payload)
{
	struct tally *c = payload;
	struct vms_linux_current cur = { .sz = sizeof(cur) };

	(void)tr;
	if (vms_linux_current(&cur, hit->lx, &hit->event->regs) == 0) {
		c->pid_sum += (uint64_t)cur.pid;
		memcpy(c->comm, cur.comm, sizeof(c->comm));
	}
	c->hits++;
	return VMS_TRACE_CONTINUE;
}

static double traced(struct vms_target *t, struct vms_linux *lx, const char *symbol, int n,
                     struct tally *c)
{
	struct vms_trace_point p = { .sz = sizeof(p), .where = symbol };
	struct vms_trace_run_opts o = { .sz = sizeof(o),
		                        .hits = (uint64_t)n,
		                        .timeout_ms = 600000 };
	struct vms_trace *tr;
	double t0;

	if (vms_trace_new(&tr, t, lx) || vms_trace_add(NULL, tr, &p, on_hit, c)) {
		fprintf(stderr, "bench_events: %s\n", vms_error_last());
		exit(1);
	}
	t0 = now();
	if (vms_trace_run(tr, &o)) {
		fprintf(stderr, "bench_events: trace: %s\n", vms_error_last());
		exit(1);
	}
	t0 = now() - t0;
	vms_trace_free(tr); /* the last point gone: detached, the guest runs */
	return n / t0;
}

int main(int argc, char **argv)
{
	const char *qmp = getenv("VMS_LAB_QMP"), *gdbaddr = getenv("VMS_LAB_GDB");
	const char *ctl = getenv("VMS_LAB_CTL");
	const char *symbol = argc > 1 ? argv[1] : "do_sys_openat2";
	int n = argc > 2 ? atoi(argv[2]) : 150;
	double b[ROUNDS], v[ROUNDS], c[ROUNDS];
	struct tally tally = { 0 };
	struct vms_target *t;
	struct vms_linux *lx;
	struct vms_ksym sym = { .sz = sizeof(sym) };
	char target[4400];

	if (!qmp || !gdbaddr || !ctl || n <= 0) {
		fprintf(stderr, "usage: lab run events -- bench_events [SYMBOL [STOPS]]\n");
		return 2;
	}
	(void)snprintf(target, sizeof(target), "qemu:%s,gdb=%s", qmp, gdbaddr);
	if (vms_target_open(&t, target, NULL) || vms_linux_open(&lx, t, NULL) ||
	    vms_linux_sym_lookup(&sym, lx, symbol)) {
		fprintf(stderr, "bench_events: %s\n", vms_error_last());
		return 1;
	}
	if (guest_run(ctl, "while :; do echo x >/dev/null; done >/dev/null 2>&1 &")) {
		fprintf(stderr, "bench_events: the guest's control shell did not answer\n");
		return 1;
	}
	printf("breakpoint        %s at %#llx, %d stops a round, %d rounds\n", symbol,
	       (unsigned long long)sym.addr, n, ROUNDS);
	(void)bare(gdbaddr, sym.addr, n / 5, 1); /* warm-up */
	for (int r = 0; r < ROUNDS; r++) {
		if (r % 2) {
			v[r] = traced(t, lx, symbol, n, &tally);
			b[r] = bare(gdbaddr, sym.addr, n, 1);
		} else {
			b[r] = bare(gdbaddr, sym.addr, n, 1);
			v[r] = traced(t, lx, symbol, n, &tally);
		}
		c[r] = bare(gdbaddr, sym.addr, n, 0);
	}
	double mb = median(b, ROUNDS), mv = median(v, ROUNDS), mc = median(c, ROUNDS);

	printf("bare loop         %8.1f stops/s   (wait, step off, continue)\n", mb);
	printf("vmscope           %8.1f hits/s    (callback reads pid and comm; last: %s)\n", mv,
	       tally.comm);
	printf("ratio             %8.2f           vmscope / bare loop\n", mv / mb);
	printf("continue only     %8.1f stops/s   (the same breakpoint again at once: the stub's "
	       "round trip)\n",
	       mc);
	(void)guest_run(ctl, "kill %1");
	vms_linux_close(lx);
	vms_target_close(t);
	return 0;
}
