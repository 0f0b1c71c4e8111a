// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope net: the guest's TCP, UDP and UNIX sockets with their addresses,
 * ports, states and the processes holding them. */
#include <arpa/inet.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_line[] = "vmscope net TARGET [--json]";

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

static void print_one(const struct vms_linux_socket *s, int json, size_t i)
{
	char lt[64], lp[48], rt[64], rp[48];
	const char *state = s->proto == VMS_SOCK_UNIX ? ""
	                    : s->state < sizeof(tcp_states) / sizeof(tcp_states[0])
	                            ? tcp_states[s->state]
	                            : "?";

	endpoint(lt, sizeof(lt), lp, sizeof(lp), s->local, s->lport, s->family == 10);
	endpoint(rt, sizeof(rt), rp, sizeof(rp), s->remote, s->rport, s->family == 10);
	if (!json) {
		if (s->proto == VMS_SOCK_UNIX)
			printf("%-5s %-45s %-45s %-11s %5u %8" PRIu64 " %s\n", "unix",
			       s->path[0] ? s->path : "-", "", s->flags ? "LISTEN" : "", s->uid,
			       s->ino, s->owners);
		else
			printf("%-5s %-45s %-45s %-11s %5u %8" PRIu64 " %s\n", proto_name(s), lt,
			       rt, state, s->uid, s->ino, s->owners);
		return;
	}
	printf("%s\n{\"proto\": \"%s\", \"state\": %u, \"type\": %u, \"uid\": %u, \"inode\": %" PRIu64,
	       i ? "," : "", proto_name(s), s->state, s->type, s->uid, s->ino);
	if (s->proto == VMS_SOCK_UNIX) {
		printf(", \"flags\": %u, \"refcnt\": %u, \"path\": ", s->flags, s->refcnt);
		json_str(stdout, s->path);
	} else {
		printf(", \"local\": \"%s\", \"remote\": \"%s\", \"local_proc\": \"%s\", "
		       "\"remote_proc\": \"%s\"",
		       lt, rt, lp, rp);
	}
	printf(", \"owners\": ");
	json_str(stdout, s->owners);
	printf(", \"sock\": ");
	json_hex(stdout, s->sock);
	printf("}");
}

int cmd_net(int argc, char **argv)
{
	struct vms_linux_socket *s;
	struct cli_linux c;
	size_t n;
	int ret;

	if (cli_linux_begin(&c, argc, argv, usage_line, NULL, 0, "net takes a TARGET"))
		return c.exit_code;
	CLI_RETRY(ret, vms_linux_sockets(&s, &n, c.lx));
	if (!ret) {
		if (c.json)
			printf("[");
		else
			printf("%-5s %-45s %-45s %-11s %5s %8s %s\n", "PROTO", "LOCAL", "REMOTE",
			       "STATE", "UID", "INODE", "PROCESSES");
		for (size_t i = 0; i < n; i++)
			print_one(&s[i], c.json, i);
		if (c.json)
			printf("]\n");
		vms_linux_sockets_free(s);
	}
	return cli_linux_end(&c, ret);
}
