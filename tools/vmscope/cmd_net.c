// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope net: the guest's TCP, UDP and UNIX sockets with their addresses,
 * ports, states and the processes holding them. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const tcp_states[] = {
	"?",     "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",    "TIME_WAIT",
	"CLOSE", "CLOSE_WAIT",  "LAST_ACK", "LISTEN",   "CLOSING",   "NEW_SYN_RECV",
};

static const char *proto_name(const struct vms_linux_socket *s)
{
	if (s->proto == VMS_SOCK_UNIX)
		return "unix";
	if (s->proto == VMS_SOCK_TCP)
		return s->family == 10 ? "tcp6" : "tcp";
	return s->family == 10 ? "udp6" : "udp";
}

/* An address and port as text, and as /proc/net/{tcp,udp}{,6} prints them. */
static void endpoint(char *text, size_t tsize, char *proc, size_t psize, const uint8_t *a,
                     uint16_t port, int v6)
{
	char ip[INET6_ADDRSTRLEN];
	uint32_t w[4];

	(void)inet_ntop(v6 ? AF_INET6 : AF_INET, a, ip, sizeof(ip));
	(void)snprintf(text, tsize, v6 ? "[%s]:%u" : "%s:%u", ip, port);
	memcpy(w, a, sizeof(w));
	if (v6)
		(void)snprintf(proc, psize, "%08X%08X%08X%08X:%04X", w[0], w[1], w[2], w[3], port);
	else
		(void)snprintf(proc, psize, "%08X:%04X", w[0], port);
}

static void socket_row(struct cli_ctx *c, const struct vms_linux_socket *s)
{
	char lt[64], lp[48], rt[64], rp[48];
	int unix_ = s->proto == VMS_SOCK_UNIX;
	const char *state = unix_                               ? (s->flags ? "LISTEN" : "")
	                    : s->state < ARRAY_SIZE(tcp_states) ? tcp_states[s->state]
	                                                        : "?";

	endpoint(lt, sizeof(lt), lp, sizeof(lp), s->local, s->lport, s->family == 10);
	endpoint(rt, sizeof(rt), rp, sizeof(rp), s->remote, s->rport, s->family == 10);
	cli_row_begin(c);
	cli_str(c, "proto", "%-5s", proto_name(s));
	/* A UNIX socket's path stands where an address would. */
	cli_text(c, " %-45s %-45s %-11s", unix_ ? (s->path[0] ? s->path : "-") : lt,
	         unix_ ? "" : rt, state);
	cli_json_uint(c, "state", s->state);
	cli_json_uint(c, "type", s->type);
	cli_uint(c, "uid", " %5u", s->uid);
	cli_uint(c, "inode", " %8" PRIu64, s->ino);
	if (unix_) {
		cli_json_uint(c, "flags", s->flags);
		cli_json_uint(c, "refcnt", s->refcnt);
		cli_json_str(c, "path", s->path);
	} else {
		cli_json_str(c, "local", lt);
		cli_json_str(c, "remote", rt);
		cli_json_str(c, "local_proc", lp);
		cli_json_str(c, "remote_proc", rp);
	}
	cli_str(c, "owners", " %s", s->owners);
	cli_json_hex(c, "sock", s->sock);
	cli_row_end(c);
}

static int run(struct cli_ctx *c)
{
	struct vms_linux_socket *s;
	size_t n;
	int ret;

	CLI_RETRY(ret, vms_linux_sockets(&s, &n, c->lx));
	if (ret)
		return ret;
	cli_text(c, "%-5s %-45s %-45s %-11s %5s %8s %s\n", "PROTO", "LOCAL", "REMOTE", "STATE",
	         "UID", "INODE", "PROCESSES");
	cli_rows_begin(c);
	for (size_t i = 0; i < n; i++)
		socket_row(c, &s[i]);
	cli_rows_end(c);
	vms_linux_sockets_free(s);
	return EXIT_OK;
}

const struct cli_cmd cmd_net = {
	.name = "net",
	.summary = "the guest's TCP, UDP and UNIX sockets and the processes holding them",
	.usage = "vmscope net TARGET [--json]",
	.help = "One line per socket: its protocol, local and remote address (a UNIX socket's "
	        "path), state, owner's uid, inode, and the processes that hold it (as "
	        "pid/comm).",
	.flags = CLI_TARGET | CLI_JSON | CLI_LINUX,
	CLI_ARGS(1, 1, "net takes a TARGET"),
	.run = run,
};
