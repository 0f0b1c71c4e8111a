// SPDX-License-Identifier: LGPL-2.1-or-later
/* The live QEMU backend's pieces without a QEMU: the parsers of "info
 * mtree -f" and "info registers -a" on text as QEMU 7.2 prints it (and
 * broken copies), and the QMP client against a scripted server in a child
 * process: greeting, capabilities, events skipped, errors, a server that
 * goes away. The gdbstub client and the backend's events against a
 * scripted stub that speaks as QEMU 7.2's does (acks on, a stop reply of
 * its own when a debugger attaches). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <vmscope/vmscope.h>

#include "backends/qemu/gdb.h"
#include "backends/qemu/qemu.h"
#include "backends/qemu/qmp.h"

static const char mtree[] =
        "FlatView #0\r\n"
        " AS \"I/O\", root: io\r\n"
        " Root memory region: io\r\n"
        "  0000000000000000-0000000000000007 (prio 0, i/o): dma-chan\r\n"
        "\r\n"
        "FlatView #1\r\n"
        " AS \"memory\", root: system\r\n"
        " AS \"cpu-memory-0\", root: system\r\n"
        " Root memory region: system\r\n"
        "  0000000000000000-00000000000c2fff (prio 0, ram): ram0\r\n"
        "  00000000000c3000-00000000000e7fff (prio 0, rom): ram0 @00000000000c3000\r\n"
        "  0000000000100000-000000007fffffff (prio 0, ram): ram0 @0000000000100000 KVM\r\n"
        "  00000000b0000000-00000000bfffffff (prio 0, i/o): pcie-mmcfg-mmio\r\n"
        "  00000000fee00000-00000000feefffff (prio 4096, i/o): apic-msi\r\n"
        "  00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios\r\n"
        "  0000000100000000-000000017fffffff (prio 0, ram): ram0 @0000000080000000\r\n"
        "\r\n"
        "FlatView #2\r\n"
        " AS \"ich9-ahci\", root: bus master container\r\n"
        "  0000000000000000-00000000000c2fff (prio 0, ram): other\r\n";

static void test_mtree(void **state)
{
	struct qemu_region *r;
	size_t n;
	char bad[sizeof(mtree)];

	(void)state;
	assert_int_equal(qemu_parse_mtree(&r, &n, mtree), 0);
	assert_int_equal(n, 5);
	assert_int_equal(r[0].start, 0);
	assert_int_equal(r[0].size, 0xc3000);
	assert_string_equal(r[0].name, "ram0");
	assert_int_equal(r[1].rom, 1);
	assert_int_equal(r[1].offset, 0xc3000);
	assert_int_equal(r[2].size, 0x7ff00000);
	assert_string_equal(r[3].name, "pc.bios");
	assert_int_equal(r[4].start, 0x100000000ull);
	assert_int_equal(r[4].offset, 0x80000000ull);
	free(r);

	/* No view of "memory"; a region line that does not parse. */
	assert_int_equal(qemu_parse_mtree(&r, &n, "FlatView #0\n AS \"I/O\", root: io\n"), -EPROTO);
	memcpy(bad, mtree, sizeof(mtree));
	memcpy(strstr(bad, "0000000000100000-"), "00000000001000zz-", 17);
	assert_int_equal(qemu_parse_mtree(&r, &n, bad), -EPROTO);
	assert_non_null(strstr(vms_error_last(), "line 12"));
	memcpy(bad, mtree, sizeof(mtree));
	memcpy(strstr(bad, "0000000100000000-000000017fffffff"),
	       "0000000200000000-000000017fffffff", 33);
	assert_int_equal(qemu_parse_mtree(&r, &n, bad), -EPROTO); /* end before start */
}

static const char registers[] =
        "CPU#0\r\n"
        "RAX=000000000001ad40 RBX=0000000000000000 RCX=0000000000000000 RDX=4000000000000000\r\n"
        "RSI=0000000000000083 RDI=0000000000007f74 RBP=ffffffffb1e1aa40 RSP=ffffffffb1e03e98\r\n"
        "R8 =0000000000000000 R9 =0000000000000007 R10=00000000fffffffb R11=0000000000000001\r\n"
        "R12=0000000000000000 R13=0000000000000000 R14=0000000000000000 R15=0000000000014790\r\n"
        "RIP=ffffffffb0e17a0b RFL=00000246 [---Z-P-] CPL=0 II=0 A20=1 SMM=0 HLT=1\r\n"
        "ES =0000 0000000000000000 00000000 00000000\r\n"
        "CS =0010 0000000000000000 ffffffff 00af9b00 DPL=0 CS64 [-RA]\r\n"
        "SS =0018 0000000000000000 ffffffff 00cf9300 DPL=0 DS   [-WA]\r\n"
        "DS =0000 0000000000000000 00000000 00000000\r\n"
        "FS =0000 00007f0000001000 00000000 00000000\r\n"
        "GS =0000 ffff8e3b9f400000 00000000 00000000\r\n"
        "LDT=0000 0000000000000000 00000000 00008200 DPL=0 LDT\r\n"
        "TR =0040 fffffe0000003000 00004087 00008900 DPL=0 TSS64-avl\r\n"
        "GDT=     fffffe0000001000 0000007f\r\n"
        "IDT=     fffffe0000000000 00000fff\r\n"
        "CR0=80050033 CR2=00000000005eaed0 CR3=000000000290e000 CR4=000006b0\r\n"
        "DR0=0000000000000000 DR1=0000000000000000 DR2=0000000000000000 DR3=0000000000000000 \r\n"
        "EFER=0000000000000d01\r\n"
        "FCW=037f FSW=0000 [ST=0] FTW=00 MXCSR=00001f80\r\n"
        "\r\n"
        "CPU#1\r\n"
        "RAX=0000000000000001\r\n"
        "CR0=80050033 CR2=0000000000000000 CR3=0000000011e10000 CR4=000006a0\r\n";

static void test_registers(void **state)
{
	struct vms_x86_regs *r;
	unsigned n;

	(void)state;
	assert_int_equal(qemu_parse_registers(&r, &n, registers), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].valid, VMS_X86_REGS_GPR | VMS_X86_REGS_CONTROL | VMS_X86_REGS_EFER |
	                                     VMS_X86_REGS_SEGMENTS | VMS_X86_REGS_SELECTORS |
	                                     VMS_X86_REGS_FSGS_BASE | VMS_X86_REGS_DTABLES);
	assert_int_equal(r[0].r8, 0);
	assert_int_equal(r[0].r9, 7);
	assert_int_equal(r[0].rflags, 0x246);
	assert_int_equal(r[0].rip, 0xffffffffb0e17a0bull);
	assert_int_equal(r[0].cr3, 0x290e000);
	assert_int_equal(r[0].efer, 0xd01);
	assert_int_equal(r[0].cs.selector, 0x10);
	assert_int_equal(r[0].cs.flags, 0xaf9b00);
	assert_int_equal(r[0].fs_base, 0x7f0000001000ull);
	assert_int_equal(r[0].gs_base, 0xffff8e3b9f400000ull);
	assert_int_equal(r[0].tr.limit, 0x4087);
	assert_int_equal(r[0].gdtr.base, 0xfffffe0000001000ull);
	assert_int_equal(r[0].idtr.limit, 0xfff);
	assert_int_equal(vms_x86_paging_mode(&r[0]), VMS_X86_PAGING_IA32E_4);
	/* CPU 1 printed only part: only what was all there is valid. */
	assert_int_equal(r[1].valid, VMS_X86_REGS_CONTROL);
	assert_int_equal(r[1].cr3, 0x11e10000);
	free(r);
	assert_int_equal(qemu_parse_registers(&r, &n, "RAX=0\n"), -EPROTO);
	assert_int_equal(qemu_parse_registers(&r, &n, "CPU#0\nCR3=11111111111111111\n"), 0);
	assert_int_equal(r[0].valid, 0); /* 17 digits: not a value */
	free(r);
}

/* A scripted QMP server: after the greeting, each request line gets the
 * next reply (lines separated by '|'), then the server exits. */
static pid_t serve(const char *path, const char *const *replies, size_t n)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int ls = socket(AF_UNIX, SOCK_STREAM, 0);
	pid_t pid;

	assert_true(ls >= 0);
	strcpy(sa.sun_path, path);
	(void)unlink(path);
	assert_int_equal(bind(ls, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(ls, 1), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static const char greeting[] =
		        "{\"QMP\": {\"version\": {}, \"capabilities\": []}}\r\n";
		int c = accept(ls, NULL, NULL);
		char ch, out[4096];

		alarm(30); /* never outlive a failed test */
		if (c < 0 || write(c, greeting, sizeof(greeting) - 1) < 0)
			_exit(1);
		for (size_t i = 0; i < n; i++) {
			size_t k = 0;

			if (!strcmp(replies[i], "~")) { /* QEMU exits a moment later */
				sleep(1);
				_exit(0);
			}
			do { /* one request line */
				if (read(c, &ch, 1) != 1)
					_exit(0);
			} while (ch != '\n');
			for (const char *p = replies[i]; *p && k < sizeof(out) - 2; p++)
				out[k++] = *p == '|' ? '\n' : *p;
			out[k++] = '\r';
			out[k++] = '\n';
			if (write(c, out, k) < 0)
				_exit(1);
		}
		_exit(0);
	}
	(void)close(ls);
	return pid;
}

static void test_qmp(void **state)
{
	static const char *const script[] = {
		"{\"return\": {}}",
		("{\"event\": \"STOP\", \"timestamp\": {}}|{\"return\": {\"status\": \"paused\", "
		 "\"running\": false}}"),
		"{\"error\": {\"class\": \"GenericError\", \"desc\": \"no such thing\"}}",
		"{\"return\": \"line one\\r\\nline \\\"two\\\"\\r\\n\"}",
	};
	char path[64], *ret;
	struct qmp *q;
	int st;
	pid_t pid;

	(void)state;
	(void)snprintf(path, sizeof(path), "/tmp/vms-test-qmp-%d", (int)getpid());
	pid = serve(path, script, 4);
	assert_int_equal(qmp_connect(&q, path), 0);
	assert_int_equal(qmp_execute(q, "query-status", NULL, &ret), 0);
	assert_string_equal(ret, "{\"status\": \"paused\", \"running\": false}");
	free(ret);
	assert_int_equal(qmp_execute(q, "qom-get", "{\"path\": \"/x\"}", &ret), -EIO);
	assert_null(ret);
	assert_non_null(strstr(vms_error_last(), "qom-get: no such thing"));
	assert_int_equal(qmp_hmp(q, "info mtree -f", &ret), 0);
	assert_string_equal(ret, "line one\r\nline \"two\"\r\n");
	free(ret);
	/* The server is gone. */
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(qmp_execute(q, "cont", NULL, NULL), -EPIPE);
	assert_non_null(strstr(vms_error_last(), "closed"));
	qmp_close(q);

	/* A socket nobody listens on; no socket at all. */
	{
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);

		strcpy(sa.sun_path, path);
		(void)unlink(path);
		assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
		(void)close(fd);
	}
	assert_int_equal(qmp_connect(&q, path), -ECONNREFUSED);
	(void)unlink(path);
	assert_int_equal(qmp_connect(&q, path), -ENOENT);
	assert_non_null(strstr(vms_error_last(), path));
}

/* The gdbstub side of a session, in a child: read a packet (acking it
 * while acks are on), send a reply (its checksum computed, or broken on
 * request). */
static int rsp_read(int c, char *buf, size_t size, int ack)
{
	size_t n = 0;
	char ch;

	do {
		if (read(c, &ch, 1) != 1)
			return -1;
	} while (ch != '$');
	while (read(c, &ch, 1) == 1 && ch != '#')
		if (n + 1 < size)
			buf[n++] = ch;
	buf[n] = '\0';
	if (read(c, &ch, 1) != 1 || read(c, &ch, 1) != 1)
		return -1;
	return ack && write(c, "+", 1) != 1 ? -1 : 0;
}

static void rsp_send(int c, const char *body, int bad_sum)
{
	unsigned sum = 0;
	char out[600];
	int n;

	for (const char *p = body; *p; p++)
		sum += (uint8_t)*p;
	n = snprintf(out, sizeof(out), "$%s#%02x", body, (sum + (unsigned)bad_sum) & 0xff);
	if (write(c, out, (size_t)n) != n)
		_exit(1);
}

static void gdb_server(int c)
{
	char req[512], ch;

	/* qSupported: the first reply's checksum is broken; the client asks again. */
	if (rsp_read(c, req, sizeof(req), 1) || strncmp(req, "qSupported", 10))
		_exit(2);
	rsp_send(c, "PacketSize=4000;QStartNoAckMode+", 1);
	if (read(c, &ch, 1) != 1 || ch != '-')
		_exit(3);
	rsp_send(c, "PacketSize=4000;QStartNoAckMode+", 0);
	if (read(c, &ch, 1) != 1 || ch != '+')
		_exit(4);
	if (rsp_read(c, req, sizeof(req), 1) || strcmp(req, "QStartNoAckMode"))
		_exit(5);
	rsp_send(c, "OK", 0);
	if (read(c, &ch, 1) != 1 || ch != '+') /* the last ack */
		_exit(6);
	/* From here on, no acks either way. */
	if (rsp_read(c, req, sizeof(req), 0) || strcmp(req, "?"))
		_exit(7);
	rsp_send(c, "T05thread:p01.01;", 0);
	if (rsp_read(c, req, sizeof(req), 0) || strcmp(req, "Z0,ffffffff81000010,1"))
		_exit(8);
	rsp_send(c, "OK", 0);
	if (rsp_read(c, req, sizeof(req), 0) || strcmp(req, "c"))
		_exit(9);
	rsp_send(c, "O48690a", 0); /* console output: skipped */
	rsp_send(c, "T05thread:p01.02;swbreak:;", 0);
	if (rsp_read(c, req, sizeof(req), 0) || strcmp(req, "g"))
		_exit(10);
	/* 256 zeros in run lengths, then rip 0xffffffff81000010 with two escaped
	 * bytes ('}' then 'F' is 'f'). */
	rsp_send(c, "0*~0*~0*X10000081}Ffff}Ffff", 0);
	if (rsp_read(c, req, sizeof(req), 0) || strcmp(req, "Z9,ffffffff81000010,1"))
		_exit(11);
	rsp_send(c, "", 0);
	if (rsp_read(c, req, sizeof(req), 0) || strcmp(req, "Z2,ffff888000001000,8"))
		_exit(12);
	rsp_send(c, "E22", 0);
	if (rsp_read(c, req, sizeof(req), 0) || strcmp(req, "D"))
		_exit(13);
	rsp_send(c, "OK", 0);
	_exit(0);
}

static void test_gdb(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char path[64];
	struct gdb_stop stop;
	struct gdb *g;
	uint64_t rip = 0;
	int ls, st;
	pid_t pid;

	(void)state;
	(void)snprintf(path, sizeof(path), "/tmp/vms-test-gdb-%d", (int)getpid());
	(void)unlink(path);
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(sa.sun_path, path);
	assert_int_equal(bind(ls, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(ls, 1), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		gdb_server(accept(ls, NULL, NULL));
	(void)close(ls);
	assert_int_equal(gdb_connect(&g, path, 5000), 0);
	assert_int_equal(gdb_point(g, 1, GDB_SW_BREAK, 0xffffffff81000010ull, 1), 0);
	assert_int_equal(gdb_continue(g), 0);
	assert_int_equal(gdb_wait(g, &stop, 5000), 0);
	assert_int_equal(stop.signal, 5);
	assert_string_equal(stop.thread, "p01.02");
	assert_int_equal(gdb_read_register(g, 16, &rip), 0);
	assert_int_equal(rip, 0xffffffff81000010ull);
	assert_int_equal(gdb_point(g, 1, 9, 0xffffffff81000010ull, 1), -EOPNOTSUPP);
	assert_int_equal(gdb_point(g, 1, GDB_WATCH_WRITE, 0xffff888000001000ull, 8), -EIO);
	assert_non_null(strstr(vms_error_last(), "E22"));
	gdb_close(g);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	(void)unlink(path);
}

static void test_gdb_stop_replies(void **state)
{
	struct gdb_stop s;

	(void)state;
	assert_int_equal(gdb_parse_stop(&s, "T05watch:ffff888000001000;thread:p01.02;"), 0);
	assert_int_equal(s.watch, GDB_WATCH_WRITE);
	assert_int_equal(s.watch_addr, 0xffff888000001000ull);
	assert_string_equal(s.thread, "p01.02");
	assert_int_equal(gdb_parse_stop(&s, "T05awatch:10;thread:1"), 0);
	assert_int_equal(s.watch, GDB_WATCH_ACCESS);
	assert_int_equal(gdb_parse_stop(&s, "S02"), 0);
	assert_int_equal(s.signal, 2);
	assert_int_equal(gdb_parse_stop(&s, "W00"), 0);
	assert_int_equal(s.exited, 1);
	assert_int_equal(gdb_parse_stop(&s, "OK"), -EPROTO);
	assert_int_equal(gdb_parse_stop(&s, "T05rwatch:12345678901234567;"), -EPROTO);
	assert_int_equal(gdb_parse_stop(&s, "T05thread:0123456789012345678901234567890123;"),
	                 -EPROTO);
}

/* A 'g' reply of gdb's x86-64 core set: 17 64-bit, 7 32-bit, 9 64-bit
 * registers, each little-endian hex; the named ones set. */
static void regs_reply(char *out, uint64_t rip, uint64_t gs_base, uint64_t cr3)
{
	size_t n = 0;

	for (unsigned r = 0; r < 33; r++) {
		unsigned size = r >= 17 && r < 24 ? 4 : 8;
		uint64_t v = r == 16   ? rip
		             : r == 25 ? gs_base
		             : r == 29 ? cr3
		             : r == 0  ? 0x1234
		                       : 0;

		if (r == 18) /* cs */
			v = 0x10;
		for (unsigned i = 0; i < size; i++, v >>= 8)
			n += (size_t)sprintf(out + n, "%02x", (unsigned)(v & 0xff));
	}
}

/* The stub's script: each line is "REQUEST>REPLY" (REPLY may be empty:
 * no reply; "\x03" as REQUEST is the interrupt byte); "!" closes the
 * connection. */
static void stub_serve(int c, const char *const *script, size_t n)
{
	char req[512], ch;

	alarm(30);                       /* never outlive a failed test */
	rsp_send(c, "T02thread:01;", 0); /* QEMU's own stop reply on attach */
	for (size_t i = 0; i < n; i++) {
		const char *gt = strchr(script[i], '>');
		size_t k = (size_t)(gt - script[i]);

		if (!strcmp(script[i], "!"))
			break;
		if (!strcmp(script[i], "~")) { /* silent a while, then gone */
			sleep(3);
			continue;
		}
		if (script[i][0] == '\003') {
			do {
				if (read(c, &ch, 1) != 1)
					_exit(20);
			} while (ch == '+');
			if (ch != '\003')
				_exit(21);
		} else if (rsp_read(c, req, sizeof(req), 1) || strlen(req) != k ||
		           memcmp(req, script[i], k)) {
			(void)fprintf(stderr, "stub: step %zu wanted \"%.*s\", got \"%s\"\n", i,
			              (int)k, script[i], req);
			_exit(22);
		}
		if (gt[1])
			rsp_send(c, gt + 1, 0);
	}
	(void)close(c);
	_exit(0);
}

static pid_t stub_start(const char *path, const char *const *script, size_t n)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int ls = socket(AF_UNIX, SOCK_STREAM, 0);
	pid_t pid;

	assert_true(ls >= 0);
	(void)unlink(path);
	strcpy(sa.sun_path, path);
	assert_int_equal(bind(ls, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(ls, 1), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(30);
		stub_serve(accept(ls, NULL, NULL), script, n);
	}
	(void)close(ls);
	return pid;
}

static void test_events(void **state)
{
	static char regs_a[600], regs_w[600], regs_s[600];
	const char *const script[] = {
		"qSupported:swbreak+;hwbreak+>PacketSize=1000;qXfer:features:read+;vContSupported+",
		"?>T02thread:01;",
		"Z1,ffffffff81001000,1>OK",
		"Z2,ffff888000010000,8>OK",
		/* A hit on vCPU 1, with its registers. */
		"c>T05thread:02;",
		"g>", /* filled below */
		/* The next wait steps vCPU 1 off the breakpoint (again when a
		 * step left rip where it was), then all run until the
		 * watchpoint fires on vCPU 0. */
		"vCont;s:2>T05thread:02;",
		"g>", /* rip still at the breakpoint: the step did not run */
		"vCont;s:2>T05thread:02;",
		"g>", /* now past it */
		"c>T05watch:ffff888000010000;thread:01;",
		"g>",
		/* No stop: the wait times out with the guest running; removing
		 * a point stops it first; the last point detaches. */
		"c>",
		"\003>T02thread:01;",
		"z2,ffff888000010000,8>OK",
		"z1,ffffffff81001000,1>OK",
		"D>OK",
	};
	const char *qmp_script[] = {
		"{\"return\": {}}", "{\"return\": {\"enabled\": false, \"present\": true}}",
		"{\"return\": {\"enabled\": false, \"present\": true}}",
		"{\"return\": {}}", /* never asked: the server stays */
	};
	char gdb_path[64], qmp_path[64], lines[3][700];
	const char *s2[sizeof(script) / sizeof(script[0])];
	struct qemu s = { 0 };
	struct vms_event ev;
	pid_t stub, qmp;
	int st;

	(void)state;
	regs_reply(regs_a, 0xffffffff81001000ull, 0xffff88807fc00000ull, 0x1000);
	regs_reply(regs_w, 0xffffffff81001234ull, 0xffff88807fc00000ull, 0x2000);
	regs_reply(regs_s, 0xffffffff81001005ull, 0xffff88807fc00000ull, 0x1000);
	memcpy(s2, script, sizeof(script));
	(void)snprintf(lines[0], sizeof(lines[0]), "g>%s", regs_a);
	(void)snprintf(lines[1], sizeof(lines[1]), "g>%s", regs_w);
	(void)snprintf(lines[2], sizeof(lines[2]), "g>%s", regs_s);
	s2[5] = lines[0];
	s2[7] = lines[0];
	s2[9] = lines[2];
	s2[11] = lines[1];
	(void)snprintf(gdb_path, sizeof(gdb_path), "/tmp/vms-test-stub-%d", (int)getpid());
	(void)snprintf(qmp_path, sizeof(qmp_path), "/tmp/vms-test-qmp2-%d", (int)getpid());
	stub = stub_start(gdb_path, s2, sizeof(s2) / sizeof(s2[0]));
	qmp = serve(qmp_path, qmp_script, 4);
	s.nvcpus = 2;
	assert_int_equal(qemu_debug_init(&s, gdb_path), 0);
	assert_int_equal(qmp_connect(&s.q, qmp_path), 0);

	assert_int_equal(qemu_event_ops.changes_memory(&s, VMS_EVENT_BREAK_SW), 0);
	assert_int_equal(qemu_event_ops.add(&s, VMS_EVENT_BREAK, 0xffffffff81001000ull, 1), 0);
	assert_int_equal(qemu_event_ops.add(&s, VMS_EVENT_WATCH_WRITE, 0xffff888000010000ull, 8),
	                 0);
	assert_int_equal(qemu_event_ops.wait(&s, &ev, 5000), 0);
	assert_int_equal(ev.kind, VMS_EVENT_BREAK);
	assert_int_equal(ev.vcpu, 1);
	assert_int_equal(ev.addr, 0xffffffff81001000ull);
	assert_int_equal(ev.regs.rip, 0xffffffff81001000ull);
	assert_int_equal(ev.regs.rax, 0x1234);
	assert_int_equal(ev.regs.gs_base, 0xffff88807fc00000ull);
	assert_int_equal(ev.regs.cr3, 0x1000);
	assert_int_equal(ev.regs.cs.selector, 0x10);
	assert_true(ev.regs.valid & VMS_X86_REGS_FSGS_BASE);

	assert_int_equal(qemu_event_ops.wait(&s, &ev, 5000), 0);
	assert_int_equal(ev.kind, VMS_EVENT_WATCH_WRITE);
	assert_int_equal(ev.vcpu, 0);
	assert_int_equal(ev.addr, 0xffff888000010000ull);
	assert_int_equal(ev.regs.rip, 0xffffffff81001234ull);

	assert_int_equal(qemu_event_ops.wait(&s, &ev, 100), -ETIMEDOUT);
	assert_int_equal(qemu_event_ops.remove(&s, VMS_EVENT_WATCH_WRITE, 0xffff888000010000ull, 8),
	                 0);
	assert_int_equal(qemu_event_ops.remove(&s, VMS_EVENT_WATCH_WRITE, 0xffff888000010000ull, 8),
	                 -ENOENT);
	assert_int_equal(qemu_event_ops.remove(&s, VMS_EVENT_BREAK, 0xffffffff81001000ull, 1), 0);
	assert_int_equal(waitpid(stub, &st, 0), stub);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);

	/* A stub that goes away while the guest runs: the wait says so. */
	{
		const char *const gone[] = {
			"qSupported:swbreak+;hwbreak+>PacketSize=1000",
			"?>T02thread:01;",
			"Z1,ffffffff81002000,1>OK",
			"c>",
			"!",
		};
		const char *qmp2[] = { "{\"return\": {}}",
			               "{\"return\": {\"enabled\": false, \"present\": true}}",
			               "{\"return\": {}}" };

		qmp_close(s.q);
		(void)waitpid(qmp, &st, 0);
		qmp = serve(qmp_path, qmp2, 3);
		assert_int_equal(qmp_connect(&s.q, qmp_path), 0);
		stub = stub_start(gdb_path, gone, 5);
		assert_int_equal(qemu_event_ops.add(&s, VMS_EVENT_BREAK, 0xffffffff81002000ull, 1),
		                 0);
		assert_int_equal(qemu_event_ops.wait(&s, &ev, 5000), -EPIPE);
		assert_non_null(strstr(vms_error_last(), "closed"));
		assert_int_equal(waitpid(stub, &st, 0), stub);
	}
	/* QEMU exits and its QMP socket closes first, the stub still silent:
	 * the wait says the guest is gone all the same. */
	{
		const char *const silent[] = {
			"qSupported:swbreak+;hwbreak+>PacketSize=1000",
			"?>T02thread:01;",
			"Z1,ffffffff81002000,1>OK",
			"c>",
			"~",
		};
		/* Two answers, then QEMU exits. */
		const char *qmp3[] = { "{\"return\": {}}",
			               "{\"return\": {\"enabled\": false, \"present\": true}}",
			               "~" };

		qemu_debug_close(&s);
		qmp_close(s.q);
		(void)waitpid(qmp, &st, 0);
		qmp = serve(qmp_path, qmp3, 3);
		assert_int_equal(qmp_connect(&s.q, qmp_path), 0);
		stub = stub_start(gdb_path, silent, 5);
		assert_int_equal(qemu_debug_init(&s, gdb_path), 0);
		assert_int_equal(qemu_event_ops.add(&s, VMS_EVENT_BREAK, 0xffffffff81002000ull, 1),
		                 0);
		assert_int_equal(qemu_event_ops.wait(&s, &ev, 5000), -EPIPE);
		if (!strstr(vms_error_last(), "the guest is gone (QEMU closed its QMP"))
			fail_msg("%s", vms_error_last());
		assert_int_equal(waitpid(stub, &st, 0), stub);
	}
	qemu_debug_close(&s);
	qmp_close(s.q);
	(void)waitpid(qmp, &st, 0);
	(void)unlink(gdb_path);
	(void)unlink(qmp_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mtree),
		cmocka_unit_test(test_registers),
		cmocka_unit_test(test_qmp),
		cmocka_unit_test(test_gdb),
		cmocka_unit_test(test_gdb_stop_replies),
		cmocka_unit_test(test_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
