/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A client of the GDB remote serial protocol, for QEMU's gdbstub:
 * packets with checksums and acknowledgements (turned off when the stub
 * agrees), run-length decoding, breakpoints and watchpoints (Z/z),
 * continue, interrupt, stop replies, single registers. No gdb binary. */
#ifndef VMS_QEMU_GDB_H
#define VMS_QEMU_GDB_H

#include <stddef.h>
#include <stdint.h>

#define GDB_PACKET_MAX 16384 /* bytes of one decoded reply */

struct gdb;

/* Connect to "HOST:PORT" or a UNIX socket path and set the session up.
 * QEMU stops the guest when a debugger connects. */
int gdb_connect(struct gdb **out, const char *addr, int timeout_ms);
/* Detach (the guest runs on) and close. */
void gdb_close(struct gdb *g);

/* Send one packet and read its reply packet (decoded, NUL-terminated). */
int gdb_request(struct gdb *g, const char *packet, char *reply, size_t size);

enum gdb_point {
	GDB_SW_BREAK = 0, /* Z0: the stub's own, invisible to a TCG guest */
	GDB_HW_BREAK = 1, /* Z1: a debug register under KVM */
	GDB_WATCH_WRITE = 2,
	GDB_WATCH_READ = 3,
	GDB_WATCH_ACCESS = 4,
};

/* Insert or remove a breakpoint (kind: its length, 1 for x86 code) or a
 * watchpoint of len bytes. -EOPNOTSUPP when the stub has no such kind. */
int gdb_point(struct gdb *g, int insert, enum gdb_point type, uint64_t addr, unsigned len);

/* Why the guest stopped. */
struct gdb_stop {
	int signal;      /* 5 (SIGTRAP) for breakpoints, 2 for an interrupt */
	char thread[32]; /* the vCPU, as the stub names it ("p1.2", "2") */
	int watch;       /* 0, or GDB_WATCH_* that fired */
	uint64_t watch_addr;
	int exited; /* the target is gone (W/X reply) */
};

/* Let the guest run; gdb_wait then returns at the next stop. */
int gdb_continue(struct gdb *g);
/* The next stop reply; -ETIMEDOUT after timeout_ms (-1: no limit). */
int gdb_wait(struct gdb *g, struct gdb_stop *stop, int timeout_ms);
/* Stop a running guest (the stop reply follows; read it with gdb_wait). */
int gdb_interrupt(struct gdb *g);

/* Register regno of the vCPU that stopped (x86-64's core set in gdb's
 * order: 0..15 the GPRs, 16 rip, 17 eflags, 18..23 the selectors,
 * 24 fs_base, 25 gs_base, 26 k_gs_base, 27 cr0, 28 cr2, 29 cr3, 30 cr4,
 * 31 cr8, 32 efer). */
int gdb_read_register(struct gdb *g, unsigned regno, uint64_t *value);
/* Registers 0..n-1 of that set, from one 'g' reply. */
#define GDB_NREGS 33
int gdb_read_registers(struct gdb *g, uint64_t *v, unsigned n);
/* Registers 0..n-1 from the text of a 'g' reply. */
int gdb_parse_registers(uint64_t *v, unsigned n, const char *reply);
/* Read registers from vCPU vcpu (0-based) from now on ("Hg"); a stop
 * selects the vCPU that stopped. */
int gdb_select(struct gdb *g, unsigned vcpu);
/* Single-step vCPU vcpu; gdb_wait then returns when it is done. */
int gdb_step(struct gdb *g, unsigned vcpu);
/* The 0-based vCPU a stop reply's thread names. */
int gdb_vcpu_of(const char *thread, unsigned *vcpu);

/* The socket, to poll, and whether bytes already read wait in the buffer. */
int gdb_fd(const struct gdb *g);
int gdb_buffered(const struct gdb *g);

/* Decode a packet's body (escapes, run lengths) into out (size bytes,
 * NUL-terminated); -EPROTO or -E2BIG. */
int gdb_decode(char *out, size_t size, const char *raw, size_t n);

/* Parse a stop reply's text into *stop; -EPROTO if it is none. */
int gdb_parse_stop(struct gdb_stop *stop, const char *reply);

#endif
