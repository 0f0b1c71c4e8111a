// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A GDB remote serial protocol client (gdb's docs, "Remote Protocol"), for
 * QEMU's gdbstub. A packet is "$DATA#CS", CS the sum of DATA's bytes mod
 * 256 in hex; '}' escapes the next byte (XOR 0x20) and "X*N" repeats X
 * N - 29 more times. Each packet is acknowledged with '+' until the stub
 * accepts QStartNoAckMode. A running guest is stopped with a bare 0x03;
 * its stop reply ("T05thread:p1.2;swbreak:;") comes when it stops. Every
 * wait has a deadline, every length a bound.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <vmscope/sys/backend.h>

#include "gdb.h"

#define RAW_MAX      (2 * GDB_PACKET_MAX + 8)
#define GDB_SEND_MAX 1024 /* bytes of a packet we send */

struct gdb {
	int fd;
	int ack; /* the stub still wants '+' */
	int timeout_ms;
	char in[4096];
	size_t in_len, in_pos;
	char raw[RAW_MAX];
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One byte from the stub, waiting until deadline (ms; -1: forever). */
static int get_byte(struct gdb *g, char *c, long long deadline)
{
	while (g->in_pos == g->in_len) {
		struct pollfd p = { .fd = g->fd, .events = POLLIN };
		long long left = deadline < 0 ? -1 : deadline - now_ms();
		ssize_t n;
		int rc;

		if (deadline >= 0 && left <= 0)
			return vms_error_set(-ETIMEDOUT, "gdbstub: no reply in time");
		rc = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return vms_error_set(-errno, "gdbstub: poll: %s", strerror(errno));
		if (rc == 0)
			continue;
		n = read(g->fd, g->in, sizeof(g->in));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return vms_error_set(-EPIPE,
			                     "gdbstub: QEMU closed the connection (did it exit?)");
		g->in_len = (size_t)n;
		g->in_pos = 0;
	}
	*c = g->in[g->in_pos++];
	return 0;
}

static int send_raw(struct gdb *g, const char *s, size_t n)
{
	while (n) {
		ssize_t w = send(g->fd, s, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return vms_error_set(-EPIPE,
			                     "gdbstub: QEMU closed the connection (did it exit?)");
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

int gdb_decode(char *out, size_t size, const char *raw, size_t n)
{
	size_t len = 0;

	if (!size)
		return vms_error_set(-E2BIG, "gdbstub: no room for a reply");
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char c = raw[i];

		if (c == '}' && i + 1 < n) {
			c = (char)(raw[++i] ^ 0x20);
		} else if (c == '*' && len && i + 1 < n) {
			int repeat = (uint8_t)raw[++i] - 29;

			if (repeat < 0 || len + (size_t)repeat >= size)
				return vms_error_set(-EPROTO, "gdbstub: a bad run length");
			memset(out + len, out[len - 1], (size_t)repeat);
			len += (size_t)repeat;
			continue;
		}
		if (len + 1 >= size)
			return vms_error_set(-E2BIG, "gdbstub: a reply longer than %zu bytes",
			                     size);
		out[len++] = c;
	}
	out[len] = '\0';
	return 0;
}

/* The next packet (not an ack, not console output), decoded into out. */
static int read_packet(struct gdb *g, char *out, size_t size, long long deadline)
{
	for (;;) {
		size_t n = 0;
		unsigned sum = 0;
		char c = 0, cs[2] = { 0, 0 };
		int rc;

		if (size)
			out[0] = '\0';

		do {
			if ((rc = get_byte(g, &c, deadline)))
				return rc;
		} while (c != '$');
		for (;;) {
			if ((rc = get_byte(g, &c, deadline)))
				return rc;
			if (c == '#')
				break;
			if (n == sizeof(g->raw))
				return vms_error_set(
				        -E2BIG, "gdbstub: a packet longer than %d bytes", RAW_MAX);
			g->raw[n++] = c;
			sum += (uint8_t)c;
		}
		if ((rc = get_byte(g, &cs[0], deadline)) || (rc = get_byte(g, &cs[1], deadline)))
			return rc;
		if (hexval(cs[0]) < 0 || hexval(cs[1]) < 0 ||
		    (unsigned)(hexval(cs[0]) << 4 | hexval(cs[1])) != (sum & 0xff)) {
			if (g->ack && (rc = send_raw(g, "-", 1)))
				return rc;
			continue; /* the stub sends it again */
		}
		if (g->ack && (rc = send_raw(g, "+", 1)))
			return rc;
		if ((rc = gdb_decode(out, size, g->raw, n)))
			return rc;
		/* "O" and hex is console output; "OK" is a reply. */
		if (n > 1 && g->raw[0] == 'O' && !(n == 2 && g->raw[1] == 'K'))
			continue; /* console output */
		return 0;
	}
}

static int send_packet(struct gdb *g, const char *data)
{
	char pkt[GDB_SEND_MAX + 5];
	unsigned sum = 0;
	size_t n = strlen(data);
	int rc;

	if (n > GDB_SEND_MAX)
		return vms_error_set(-E2BIG, "gdbstub: a %zu-byte packet to send", n);
	for (size_t i = 0; i < n; i++)
		sum += (uint8_t)data[i];
	(void)snprintf(pkt, sizeof(pkt), "$%s#%02x", data, sum & 0xff);
	for (int tries = 0; tries < 3; tries++) {
		char c = 0;

		/* One write: the stub sees the packet whole, at once. */
		if ((rc = send_raw(g, pkt, n + 4)))
			return rc;
		if (!g->ack)
			return 0;
		do {
			if ((rc = get_byte(g, &c, now_ms() + g->timeout_ms)))
				return rc;
		} while (c != '+' && c != '-');
		if (c == '+')
			return 0;
	}
	return vms_error_set(-EPROTO, "gdbstub: packet refused three times");
}

int gdb_request(struct gdb *g, const char *packet, char *reply, size_t size)
{
	int rc = send_packet(g, packet);

	return rc ? rc : read_packet(g, reply, size, now_ms() + g->timeout_ms);
}

static int hex64(const char **p, uint64_t *v)
{
	int d = 0;

	*v = 0;
	for (; hexval(**p) >= 0; (*p)++, d++) {
		if (d == 16)
			return -1;
		*v = *v << 4 | (uint64_t)hexval(**p);
	}
	return d ? 0 : -1;
}

int gdb_parse_stop(struct gdb_stop *stop, const char *r)
{
	const char *p = r;

	memset(stop, 0, sizeof(*stop));
	if ((r[0] == 'W' || r[0] == 'X') && hexval(r[1]) >= 0) {
		stop->exited = 1;
		return 0;
	}
	if ((r[0] != 'T' && r[0] != 'S') || hexval(r[1]) < 0 || hexval(r[2]) < 0)
		return vms_error_set(-EPROTO, "gdbstub: \"%.40s\" is no stop reply", r);
	stop->signal = hexval(r[1]) << 4 | hexval(r[2]);
	for (p = r + 3; *p;) {
		const char *colon = strchr(p, ':'), *semi;
		size_t klen;

		if (!colon)
			break;
		semi = strchr(colon, ';');
		klen = (size_t)(colon - p);
		if (klen == 6 && !memcmp(p, "thread", 6)) {
			size_t vlen = semi ? (size_t)(semi - colon - 1) : strlen(colon + 1);

			if (vlen >= sizeof(stop->thread))
				return vms_error_set(-EPROTO, "gdbstub: a thread id too long");
			memcpy(stop->thread, colon + 1, vlen);
			stop->thread[vlen] = '\0';
		} else if ((klen == 5 && !memcmp(p, "watch", 5)) ||
		           (klen == 6 && !memcmp(p, "rwatch", 6)) ||
		           (klen == 6 && !memcmp(p, "awatch", 6))) {
			const char *v = colon + 1;

			stop->watch = p[0] == 'w'   ? GDB_WATCH_WRITE
			              : p[0] == 'r' ? GDB_WATCH_READ
			                            : GDB_WATCH_ACCESS;
			if (hex64(&v, &stop->watch_addr))
				return vms_error_set(-EPROTO, "gdbstub: a bad watchpoint address");
		}
		if (!semi)
			break;
		p = semi + 1;
	}
	return 0;
}

int gdb_point(struct gdb *g, int insert, enum gdb_point type, uint64_t addr, unsigned len)
{
	char cmd[64], reply[64];
	int rc;

	(void)snprintf(cmd, sizeof(cmd), "%c%d,%llx,%x", insert ? 'Z' : 'z', (int)type,
	               (unsigned long long)addr, len);
	rc = gdb_request(g, cmd, reply, sizeof(reply));
	if (rc)
		return rc;
	if (!reply[0])
		return vms_error_set(-EOPNOTSUPP, "gdbstub: no %s of kind %d here",
		                     type <= GDB_HW_BREAK ? "breakpoints" : "watchpoints",
		                     (int)type);
	if (strcmp(reply, "OK") != 0)
		return vms_error_set(-EIO, "gdbstub: %s at %#llx refused (%s)", cmd,
		                     (unsigned long long)addr, reply);
	return 0;
}

int gdb_continue(struct gdb *g)
{
	return send_packet(g, "c");
}

int gdb_interrupt(struct gdb *g)
{
	return send_raw(g, "\003", 1);
}

int gdb_wait(struct gdb *g, struct gdb_stop *stop, int timeout_ms)
{
	char reply[256];
	int rc = read_packet(g, reply, sizeof(reply), timeout_ms < 0 ? -1 : now_ms() + timeout_ms);

	return rc ? rc : gdb_parse_stop(stop, reply);
}

/* Where each register of x86-64's core set sits in a 'g' reply, and its
 * size: the 16 GPRs, rip, eflags, six selectors, fs_base, gs_base,
 * k_gs_base, cr0, cr2, cr3, cr4, cr8, efer (gdb's i386-64bit layout). The
 * 'p' packet needs the target description negotiated first; 'g' does not. */
static int reg_place(unsigned regno, size_t *off, size_t *size)
{
	static const uint8_t sizes[] = { 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
		                         4, 4, 4, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 8, 8, 8 };

	if (regno >= sizeof(sizes))
		return -1;
	*off = 0;
	for (unsigned i = 0; i < regno; i++)
		*off += sizes[i];
	*size = sizes[regno];
	return 0;
}

int gdb_parse_registers(uint64_t *v, unsigned n, const char *reply)
{
	size_t off, size, len = strlen(reply);

	if (reply[0] == 'E')
		return vms_error_set(-EIO, "gdbstub: registers refused (%.8s)", reply);
	for (unsigned r = 0; r < n; r++) {
		if (reg_place(r, &off, &size))
			return vms_error_set(-EINVAL,
			                     "gdbstub: no register %u in x86-64's core set", r);
		if (len < 2 * (off + size))
			return vms_error_set(
			        -EIO,
			        "gdbstub: the registers reply is short (%zu hex digits, "
			        "not a 64-bit vCPU's?)",
			        len);
		v[r] = 0;
		for (size_t i = 0; i < size; i++) {
			int hi = hexval(reply[2 * (off + i)]),
			    lo = hexval(reply[2 * (off + i) + 1]);

			if (hi < 0 || lo < 0)
				return vms_error_set(-EIO, "gdbstub: register %u is unavailable",
				                     r);
			v[r] |= (uint64_t)(hi << 4 | lo) << (8 * i);
		}
	}
	return 0;
}

int gdb_read_registers(struct gdb *g, uint64_t *v, unsigned n)
{
	char *reply = malloc(GDB_PACKET_MAX);
	int rc;

	if (!reply)
		return vms_error_set(-ENOMEM, "out of memory");
	rc = gdb_request(g, "g", reply, GDB_PACKET_MAX);
	if (!rc)
		rc = gdb_parse_registers(v, n, reply);
	free(reply);
	return rc;
}

int gdb_read_register(struct gdb *g, unsigned regno, uint64_t *value)
{
	uint64_t v[GDB_NREGS];
	int rc;

	*value = 0;
	if (regno >= GDB_NREGS)
		return vms_error_set(-EINVAL, "gdbstub: no register %u in x86-64's core set",
		                     regno);
	rc = gdb_read_registers(g, v, regno + 1);
	if (!rc)
		*value = v[regno];
	return rc;
}

/* A request whose reply must be "OK". */
static int request_ok(struct gdb *g, const char *cmd)
{
	char reply[64];
	int rc = gdb_request(g, cmd, reply, sizeof(reply));

	if (!rc && strcmp(reply, "OK") != 0)
		rc = vms_error_set(reply[0] ? -EIO : -EOPNOTSUPP, "gdbstub: %s refused (%s)", cmd,
		                   reply[0] ? reply : "not supported");
	return rc;
}

int gdb_select(struct gdb *g, unsigned vcpu)
{
	char cmd[32];

	(void)snprintf(cmd, sizeof(cmd), "Hg%x", vcpu + 1);
	return request_ok(g, cmd);
}

int gdb_step(struct gdb *g, unsigned vcpu)
{
	char cmd[32];

	(void)snprintf(cmd, sizeof(cmd), "vCont;s:%x", vcpu + 1);
	return send_packet(g, cmd);
}

int gdb_fd(const struct gdb *g)
{
	return g->fd;
}

int gdb_buffered(const struct gdb *g)
{
	return g->in_pos < g->in_len;
}

int gdb_vcpu_of(const char *thread, unsigned *vcpu)
{
	const char *dot = strrchr(thread, '.'), *p = dot ? dot + 1 : thread;
	uint64_t v;

	/* "p1.3" (multiprocess) or "3": QEMU numbers vCPUs from 1. */
	if (hex64(&p, &v) || *p || v == 0 || v > 0x10000)
		return vms_error_set(-EPROTO, "gdbstub: \"%s\" names no vCPU", thread);
	*vcpu = (unsigned)(v - 1);
	return 0;
}

static int open_socket(const char *addr)
{
	const char *colon = strrchr(addr, ':');
	int fd = -1;

	if (addr[0] != '/' && colon) {
		struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM },
		                *res;
		char host[256];

		if ((size_t)(colon - addr) >= sizeof(host))
			return -ENAMETOOLONG;
		memcpy(host, addr, (size_t)(colon - addr));
		host[colon - addr] = '\0';
		if (getaddrinfo(host[0] ? host : "127.0.0.1", colon + 1, &hints, &res))
			return -ENOENT;
		for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
			fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
			if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen)) {
				(void)close(fd);
				fd = -errno;
			} else if (fd >= 0) {
				/* Every packet is one write, answered before the next:
				 * Nagle's algorithm would hold each behind the peer's
				 * delayed acknowledgement (40 ms). */
				int one = 1;

				(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
			}
		}
		freeaddrinfo(res);
		return fd;
	}
	{
		struct sockaddr_un sa = { .sun_family = AF_UNIX };

		if (strlen(addr) >= sizeof(sa.sun_path))
			return -ENAMETOOLONG;
		memcpy(sa.sun_path, addr, strlen(addr) + 1);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
			int e = -errno;

			(void)close(fd);
			return e;
		}
		return fd < 0 ? -errno : fd;
	}
}

int gdb_connect(struct gdb **out, const char *addr, int timeout_ms)
{
	struct gdb *g = calloc(1, sizeof(*g));
	char reply[512];
	int rc;

	*out = NULL;
	if (!g)
		return vms_error_set(-ENOMEM, "out of memory");
	g->ack = 1;
	g->timeout_ms = timeout_ms;
	g->fd = open_socket(addr);
	if (g->fd < 0) {
		rc = vms_error_set(g->fd, "cannot connect to the gdbstub at %s: %s", addr,
		                   strerror(-g->fd));
		free(g);
		return rc;
	}
	rc = gdb_request(g, "qSupported:swbreak+;hwbreak+", reply, sizeof(reply));
	/* QEMU stops the guest when a debugger connects and, unless this is
	 * its first debugger, says so at once with a stop reply of its own
	 * ("T02thread:01;"), ahead of any answer. With acks on, waiting for
	 * the ack passes over it; without, it is this packet: skip it. */
	if (!rc && (reply[0] == 'T' || reply[0] == 'S') && strlen(reply) >= 3 &&
	    hexval(reply[1]) >= 0 && hexval(reply[2]) >= 0)
		rc = read_packet(g, reply, sizeof(reply), now_ms() + g->timeout_ms);
	if (!rc && strstr(reply, "QStartNoAckMode+")) {
		rc = gdb_request(g, "QStartNoAckMode", reply, sizeof(reply));
		if (!rc && !strcmp(reply, "OK"))
			g->ack = 0;
	}
	if (!rc)
		rc = gdb_request(g, "?", reply, sizeof(reply));
	if (rc) {
		gdb_close(g);
		return rc;
	}
	*out = g;
	return 0;
}

void gdb_close(struct gdb *g)
{
	char reply[16];

	if (!g)
		return;
	if (g->fd >= 0) {
		/* Detach: the guest runs on without a debugger. */
		g->timeout_ms = 2000;
		(void)gdb_request(g, "D", reply, sizeof(reply));
		(void)close(g->fd);
	}
	free(g);
}
