// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Sockets, found where /proc/net finds them: TCP in tcp_hashinfo (the
 * established hash, chained through skc_nulls_node, whose chains end in an
 * odd "nulls" marker, and the listening hash lhash2, chained the same way
 * since 5.19), UDP in udp_table's buckets (chained through skc_node), and
 * UNIX sockets in init_net's unix table. A socket's inode is the one of
 * its struct socket_alloc, the way sock_i_ino() finds it; the processes
 * holding it are those with a descriptor naming "socket:[inode]". Tables
 * are bounded in size, chains in length, and a chain that comes back to a
 * socket it saw is -ELOOP.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/array.h"
#include "../../util/error.h"
#include "linux.h"

#define MAX_BUCKETS    (1u << 24)
#define MAX_SOCKETS    (1u << 20)
#define UNIX_HASH_SIZE 256
#define SO_ACCEPTCON   0x10000
#define TCP_LISTEN     10

struct net_walk {
	struct vms_linux *lx;
	int64_t o[LX_NOFFSETS];
	struct vms_linux_socket *v;
	size_t n, cap;
	struct lx_seen seen;
};

static int add(struct net_walk *w, uint64_t sk, int proto)
{
	const int64_t *o = w->o;
	struct vms_linux_socket *s;
	uint64_t socket = 0;
	uint16_t v16;
	uint8_t v8;
	size_t got;
	int rc = lx_seen_add(&w->seen, sk);

	if (rc)
		return rc < 0 ? -ENOMEM
		              : vms_error_set(-ELOOP, "socket chain comes back to %#" PRIx64, sk);
	if (w->n >= MAX_SOCKETS)
		return vms_error_set(-ELOOP, "more than %u sockets", MAX_SOCKETS);
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 32;
		struct vms_linux_socket *nv = realloc(w->v, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		w->v = nv;
		w->cap = cap;
	}
	s = &w->v[w->n];
	memset(s, 0, sizeof(*s));
	s->proto = proto;
	s->sock = sk;
	if (vms_linux_read(&s->family, &got, w->lx, sk + (uint64_t)o[LX_SK_FAMILY], 2) ||
	    vms_linux_read(&s->state, &got, w->lx, sk + (uint64_t)o[LX_SK_STATE], 1) ||
	    vms_linux_read(&s->type, &got, w->lx, sk + (uint64_t)o[LX_SOCK_TYPE], 2) ||
	    lx_u32(w->lx, sk + (uint64_t)o[LX_SOCK_UID], &s->uid) ||
	    lx_u64(w->lx, sk + (uint64_t)o[LX_SOCK_SOCKET], &socket))
		return vms_error_set(-EFAULT, "socket at %#" PRIx64 " is not readable", sk);
	if (socket)
		(void)lx_u64(w->lx,
		             socket + (uint64_t)o[LX_SOCKET_ALLOC_INODE] +
		                     (uint64_t)o[LX_INODE_INO],
		             &s->ino);
	if (proto != VMS_SOCK_UNIX) {
		int v6 = s->family == 10;

		(void)vms_linux_read(s->local, &got, w->lx,
		                     sk + (uint64_t)o[v6 ? LX_SK_V6_RCV_SADDR : LX_SK_RCV_SADDR],
		                     v6 ? 16 : 4);
		(void)vms_linux_read(s->remote, &got, w->lx,
		                     sk + (uint64_t)o[v6 ? LX_SK_V6_DADDR : LX_SK_DADDR],
		                     v6 ? 16 : 4);
		if (!vms_linux_read(&v16, &got, w->lx, sk + (uint64_t)o[LX_SK_NUM], 2))
			s->lport = v16;
		if (!vms_linux_read(&v16, &got, w->lx, sk + (uint64_t)o[LX_SK_DPORT], 2))
			s->rport = (uint16_t)(v16 >> 8 | v16 << 8);
	} else {
		uint64_t addr;
		uint32_t len;

		(void)lx_u32(w->lx, sk + (uint64_t)o[LX_SK_REFCNT], &s->refcnt);
		/* As unix_seq_show() reports it, from sk_state. */
		if (socket)
			s->state = s->state == 1 ? 3 : 1; /* SS_CONNECTED : SS_UNCONNECTED */
		else
			s->state = s->state == 1 ? 2 : 4; /* SS_CONNECTING : SS_DISCONNECTING */
		if (!vms_linux_read(&v8, &got, w->lx, sk + (uint64_t)o[LX_SK_STATE], 1) &&
		    v8 == TCP_LISTEN)
			s->flags = SO_ACCEPTCON;
		if (!lx_u64(w->lx, sk + (uint64_t)o[LX_UNIX_SOCK_ADDR], &addr) && addr &&
		    !lx_u32(w->lx, addr + (uint64_t)o[LX_UNIX_ADDR_LEN], &len) && len > 2) {
			/* sockaddr_un: sun_family (2 bytes), then the name. */
			size_t n = len - 2 < sizeof(s->path) - 2 ? len - 2 : sizeof(s->path) - 2;

			if (!vms_linux_read(s->path, &got, w->lx,
			                    addr + (uint64_t)o[LX_UNIX_ADDR_NAME] + 2, n)) {
				/* As unix_seq_show(): a path loses its NUL; an
				 * abstract name shows each NUL as '@'. */
				if (s->path[0]) {
					s->path[n] = '\0';
				} else {
					for (size_t k = 0; k < n; k++)
						s->path[k] = s->path[k] ? s->path[k] : '@';
					s->path[n] = '\0';
				}
			}
		}
	}
	w->n++;
	return 0;
}

/* A chain of sockets from first, linked at link_off; it ends at NULL, or
 * at an odd "nulls" value when nulls is set. */
static int chain(struct net_walk *w, uint64_t first, int64_t link_off, int nulls, int proto)
{
	uint64_t node = first;
	int rc;

	for (unsigned k = 0; node && !(nulls && (node & 1)); k++) {
		if (k > MAX_SOCKETS)
			return vms_error_set(-ELOOP, "a socket chain never ends");
		rc = add(w, node - (uint64_t)link_off, proto);
		if (rc)
			return rc;
		if (lx_u64(w->lx, node, &node))
			return vms_error_set(-EFAULT, "socket chain: %#" PRIx64 " is not readable",
			                     node);
	}
	return 0;
}

static int buckets(struct net_walk *w, uint64_t table, uint64_t count, uint64_t stride,
                   uint64_t head_off, int64_t link_off, int nulls, int proto)
{
	if (count > MAX_BUCKETS)
		return vms_error_set(-EINVAL, "a socket hash table claims %" PRIu64 " buckets",
		                     count);
	for (uint64_t i = 0; i < count; i++) {
		uint64_t first;
		int rc;

		if (lx_u64(w->lx, table + i * stride + head_off, &first))
			return vms_error_set(-EFAULT,
			                     "socket hash bucket %" PRIu64 " is not readable", i);
		rc = chain(w, first, link_off, nulls, proto);
		if (rc)
			return rc;
	}
	return 0;
}

static int tcp(struct net_walk *w)
{
	const int64_t *o = w->o;
	uint64_t hi = lx_sym(w->lx, "tcp_hashinfo"), ehash, lhash2, lstride;
	uint32_t emask, lmask;
	int rc;

	if (!hi)
		return vms_error_set(-ENOENT, "no kernel symbol tcp_hashinfo");
	if (lx_u64(w->lx, hi + (uint64_t)o[LX_HASHINFO_EHASH], &ehash) ||
	    lx_u32(w->lx, hi + (uint64_t)o[LX_HASHINFO_EHASH_MASK], &emask) ||
	    lx_u64(w->lx, hi + (uint64_t)o[LX_HASHINFO_LHASH2], &lhash2) ||
	    lx_u32(w->lx, hi + (uint64_t)o[LX_HASHINFO_LHASH2_MASK], &lmask))
		return vms_error_set(-EFAULT, "tcp_hashinfo is not readable");
	if ((rc = vms_linux_type_size(&lstride, w->lx, "inet_listen_hashbucket")))
		return rc;
	/* Listening sockets first, as /proc/net/tcp lists them. */
	rc = buckets(w, lhash2, (uint64_t)lmask + 1, lstride, (uint64_t)o[LX_LHASH_HEAD],
	             o[LX_SK_NULLS_NODE], 1, VMS_SOCK_TCP);
	if (!rc)
		rc = buckets(w, ehash, (uint64_t)emask + 1, 8, 0, o[LX_SK_NULLS_NODE], 1,
		             VMS_SOCK_TCP);
	return rc;
}

static int udp(struct net_walk *w)
{
	const int64_t *o = w->o;
	uint64_t table = lx_sym(w->lx, "udp_table"), hash, stride;
	uint32_t mask;
	int rc;

	if (!table)
		return vms_error_set(-ENOENT, "no kernel symbol udp_table");
	if (lx_u64(w->lx, table + (uint64_t)o[LX_UDP_TABLE_HASH], &hash) ||
	    lx_u32(w->lx, table + (uint64_t)o[LX_UDP_TABLE_MASK], &mask))
		return vms_error_set(-EFAULT, "udp_table is not readable");
	if ((rc = vms_linux_type_size(&stride, w->lx, "udp_hslot")))
		return rc;
	return buckets(w, hash, (uint64_t)mask + 1, stride, 0, o[LX_SK_NODE], 0, VMS_SOCK_UDP);
}

static int unix_socks(struct net_walk *w)
{
	uint64_t net = lx_sym(w->lx, "init_net"), table;

	if (!net)
		return vms_error_set(-ENOENT, "no kernel symbol init_net");
	if (lx_u64(w->lx, net + (uint64_t)w->o[LX_NET_UNIX_BUCKETS], &table))
		return vms_error_set(-EFAULT, "init_net's unix table is not readable");
	return buckets(w, table, UNIX_HASH_SIZE, 8, 0, w->o[LX_SK_NODE], 0, VMS_SOCK_UNIX);
}

/* Which processes hold each socket: their descriptors name its inode. */
static void owners(struct net_walk *w)
{
	struct vms_linux_task *t;
	size_t nt;

	if (vms_linux_tasks(&t, &nt, w->lx, VMS_TASKS_NO_ARGS))
		return;
	for (size_t i = 0; i < nt; i++) {
		struct vms_linux_fd *f;
		size_t nf;

		if (t[i].kthread || lx_task_files(&f, &nf, w->lx, t[i].task, t[i].pid))
			continue;
		for (size_t j = 0; j < nf; j++) {
			unsigned long long ino;
			char *end;

			if (strncmp(f[j].path, "socket:[", 8) != 0)
				continue;
			ino = strtoull(f[j].path + 8, &end, 10);
			if (*end != ']')
				continue;
			for (size_t k = 0; k < w->n; k++) {
				char one[40];
				size_t len = strlen(w->v[k].owners);

				if (w->v[k].ino != ino)
					continue;
				(void)snprintf(one, sizeof(one), "%s%d/%s", len ? "," : "",
				               t[i].pid, t[i].comm);
				if (!strstr(w->v[k].owners, one + (len ? 1 : 0)) &&
				    len + strlen(one) < sizeof(w->v[k].owners))
					memcpy(w->v[k].owners + len, one, strlen(one) + 1);
			}
		}
		vms_linux_files_free(f);
	}
	vms_linux_tasks_free(t);
}

static const enum lx_off needed[] = {
	LX_SK_DADDR,
	LX_SK_RCV_SADDR,
	LX_SK_DPORT,
	LX_SK_NUM,
	LX_SK_FAMILY,
	LX_SK_STATE,
	LX_SK_NODE,
	LX_SK_NULLS_NODE,
	LX_SK_V6_DADDR,
	LX_SK_V6_RCV_SADDR,
	LX_SK_REFCNT,
	LX_SOCK_TYPE,
	LX_SOCK_UID,
	LX_SOCK_SOCKET,
	LX_SOCKET_ALLOC_INODE,
	LX_INODE_INO,
	LX_HASHINFO_EHASH,
	LX_HASHINFO_EHASH_MASK,
	LX_HASHINFO_LHASH2,
	LX_HASHINFO_LHASH2_MASK,
	LX_LHASH_HEAD,
	LX_UDP_TABLE_HASH,
	LX_UDP_TABLE_MASK,
	LX_NET_UNIX_BUCKETS,
	LX_UNIX_SOCK_ADDR,
	LX_UNIX_ADDR_LEN,
	LX_UNIX_ADDR_NAME,
};

int vms_linux_sockets(struct vms_linux_socket **out, size_t *count, struct vms_linux *lx)
{
	struct net_walk w = { .lx = lx };
	int rc = 0;

	*out = NULL;
	*count = 0;
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]) && !rc; i++)
		rc = lx_off(&w.o[needed[i]], lx, needed[i]);
	if (!rc)
		rc = tcp(&w);
	if (!rc)
		rc = udp(&w);
	if (!rc)
		rc = unix_socks(&w);
	lx_seen_free(&w.seen);
	if (rc) {
		free(w.v);
		return rc == -ENOMEM ? vms_error_set(-ENOMEM, "out of memory") : rc;
	}
	owners(&w);
	return vms__array_out((void **)out, count, w.v, w.n, sizeof(*w.v), NULL);
}

void vms_linux_sockets_free(struct vms_linux_socket *sockets)
{
	vms__array_free(sockets, NULL);
}
