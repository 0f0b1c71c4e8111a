// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A QMP client (docs/interop/qmp-spec.rst in QEMU): one JSON object per
 * line each way. The server greets with {"QMP": ...}; after
 * qmp_capabilities each {"execute": ...} gets one {"return": ...} or
 * {"error": {"class", "desc"}}, with asynchronous {"event": ...} lines in
 * between, which are skipped. Every wait is bounded by a timeout, and a
 * QEMU that exits gives -EPIPE, never a hang.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <vmscope/sys/backend.h>

#include "../../util/json.h"
#include "qmp.h"

struct qmp {
	int fd;
	char *buf;
	size_t len, cap;
	uint64_t resets, shutdowns; /* RESET and SHUTDOWN events seen */
};

/* The next line (without its newline) into *line, *n bytes; consume it
 * with consume(). */
static int read_line(struct qmp *q, const char **line, size_t *n)
{
	for (;;) {
		char *nl = q->len ? memchr(q->buf, '\n', q->len) : NULL;
		struct pollfd p = { .fd = q->fd, .events = POLLIN };
		ssize_t got;
		int rc;

		if (nl) {
			*line = q->buf;
			*n = (size_t)(nl - q->buf);
			return 0;
		}
		if (q->len == q->cap) {
			size_t cap = q->cap ? 2 * q->cap : 65536;
			char *b;

			if (cap > QMP_LINE_MAX)
				return vms_error_set(-E2BIG, "QMP: a reply longer than %u bytes",
				                     QMP_LINE_MAX);
			b = realloc(q->buf, cap);
			if (!b)
				return vms_error_set(-ENOMEM, "out of memory");
			q->buf = b;
			q->cap = cap;
		}
		rc = poll(&p, 1, QMP_TIMEOUT_MS);
		if (rc == 0)
			return vms_error_set(-ETIMEDOUT, "QMP: no reply from QEMU in %d s",
			                     QMP_TIMEOUT_MS / 1000);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return vms_error_set(-errno, "QMP: poll: %s", strerror(errno));
		got = read(q->fd, q->buf + q->len, q->cap - q->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got == 0 || (got < 0 && errno == ECONNRESET))
			return vms_error_set(-EPIPE,
			                     "QMP: QEMU closed the connection (did it exit?)");
		if (got < 0)
			return vms_error_set(-errno, "QMP: read: %s", strerror(errno));
		q->len += (size_t)got;
	}
}

static void consume(struct qmp *q, size_t n)
{
	if (!q->buf || n >= q->len)
		return;
	memmove(q->buf, q->buf + n + 1, q->len - n - 1);
	q->len -= n + 1;
}

static int send_all(struct qmp *q, const char *s, size_t n)
{
	while (n) {
		ssize_t w = send(q->fd, s, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return vms_error_set(errno == EPIPE || errno == ECONNRESET ? -EPIPE
			                                                           : -errno,
			                     "QMP: QEMU closed the connection (did it exit?)");
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* What one line says: which top-level key it has, and where the value of
 * "return" is, or the error's description. */
struct reply {
	int greeting, event, error, ret;
	size_t ret_pos, ret_len;
	char desc[512];
	char event_name[32];
};

static int parse_reply(struct reply *r, const char *line, size_t n)
{
	struct json j;
	char key[32];
	size_t i = 0;

	memset(r, 0, sizeof(*r));
	json_init(&j, line, n);
	while (json_member(&j, &i, key, sizeof(key)) == 1) {
		if (!strcmp(key, "return")) {
			(void)json_peek(&j);
			r->ret = 1;
			r->ret_pos = json_offset(&j);
			if (json_skip(&j))
				break;
			r->ret_len = json_offset(&j) - r->ret_pos;
		} else if (!strcmp(key, "error")) {
			size_t k = 0;
			char ek[16];

			r->error = 1;
			while (json_member(&j, &k, ek, sizeof(ek)) == 1) {
				/* A description too long for desc is cut, not an error. */
				int e = !strcmp(ek, "desc")
				                ? json_string(&j, r->desc, sizeof(r->desc), NULL)
				                : json_skip(&j);

				if (e && j.rc)
					break;
			}
			if (j.rc)
				break;
		} else if (!strcmp(key, "event")) {
			r->event = 1;
			/* A name too long for the buffer is cut: none we count. */
			if (json_string(&j, r->event_name, sizeof(r->event_name), NULL) && j.rc)
				break;
		} else {
			r->greeting |= !strcmp(key, "QMP");
			if (json_skip(&j))
				break;
		}
	}
	if (j.rc)
		return vms_error_set(-EPROTO, "QMP: a reply that is not JSON (%s)", j.err);
	return 0;
}

static void note_event(struct qmp *q, const struct reply *r)
{
	if (!r->event)
		return;
	if (!strcmp(r->event_name, "RESET"))
		q->resets++;
	else if (!strcmp(r->event_name, "SHUTDOWN"))
		q->shutdowns++;
}

int qmp_events(struct qmp *q, uint64_t *resets, uint64_t *shutdowns)
{
	for (;;) {
		struct pollfd p = { .fd = q->fd, .events = POLLIN };
		char *nl = q->len ? memchr(q->buf, '\n', q->len) : NULL;
		const char *line;
		struct reply r;
		size_t n;
		int rc;

		if (!nl && poll(&p, 1, 0) <= 0)
			break; /* nothing more now */
		rc = read_line(q, &line, &n);
		if (rc)
			return rc;
		rc = parse_reply(&r, line, n);
		if (!rc)
			note_event(q, &r);
		consume(q, n);
		if (rc)
			return rc;
	}
	if (resets)
		*resets = q->resets;
	if (shutdowns)
		*shutdowns = q->shutdowns;
	return 0;
}

int qmp_fd(const struct qmp *q)
{
	return q->fd;
}

int qmp_execute(struct qmp *q, const char *command, const char *args, char **ret)
{
	char head[160];
	int rc;

	if (ret)
		*ret = NULL;
	(void)snprintf(head, sizeof(head), "{\"execute\": \"%s\"%s", command,
	               args ? ", \"arguments\": " : "}\n");
	rc = send_all(q, head, strlen(head));
	if (!rc && args)
		rc = send_all(q, args, strlen(args));
	if (!rc && args)
		rc = send_all(q, "}\n", 2);
	while (!rc) {
		struct reply r;
		const char *line = NULL;
		size_t n = 0;

		rc = read_line(q, &line, &n);
		if (rc)
			break;
		rc = parse_reply(&r, line, n);
		if (!rc)
			note_event(q, &r);
		if (!rc && r.error) {
			rc = vms_error_set(-EIO, "QMP %s: %s", command, r.desc);
		} else if (!rc && r.ret) {
			if (ret) {
				*ret = malloc(r.ret_len + 1);
				if (!*ret) {
					consume(q, n);
					return vms_error_set(-ENOMEM, "out of memory");
				}
				memcpy(*ret, line + r.ret_pos, r.ret_len);
				(*ret)[r.ret_len] = '\0';
			}
			consume(q, n);
			return 0;
		}
		consume(q, n);
	}
	return rc;
}

int qmp_string(char **out, const char *text)
{
	struct json j;
	size_t len = 0;

	*out = NULL;
	json_init(&j, text, strlen(text));
	if (json_string(&j, NULL, 0, &len))
		return vms_error_set(-EPROTO, "QMP: expected a string (%s)", j.err);
	*out = malloc(len + 1);
	if (!*out)
		return vms_error_set(-ENOMEM, "out of memory");
	json_init(&j, text, strlen(text));
	(void)json_string(&j, *out, len + 1, NULL);
	return 0;
}

int qmp_hmp(struct qmp *q, const char *command_line, char **out)
{
	char args[256], *ret;
	int rc;

	*out = NULL;
	if (snprintf(args, sizeof(args), "{\"command-line\": \"%s\"}", command_line) >=
	    (int)sizeof(args))
		return vms_error_set(-E2BIG, "QMP: monitor command too long");
	rc = qmp_execute(q, "human-monitor-command", args, &ret);
	if (rc)
		return rc;
	rc = qmp_string(out, ret);
	free(ret);
	return rc;
}

int qmp_connect(struct qmp **out, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct qmp *q;
	struct reply r;
	const char *line = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	if (strlen(path) >= sizeof(sa.sun_path))
		return vms_error_set(-ENAMETOOLONG, "QMP socket path %s is too long", path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	q = calloc(1, sizeof(*q));
	if (!q)
		return vms_error_set(-ENOMEM, "out of memory");
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (q->fd < 0 || connect(q->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		rc = vms_error_set(-errno, "cannot connect to QMP socket %s: %s", path,
		                   strerror(errno));
		qmp_close(q);
		return rc;
	}
	rc = read_line(q, &line, &n);
	if (!rc) {
		rc = parse_reply(&r, line, n);
		if (!rc && !r.greeting)
			rc = vms_error_set(-EPROTO, "%s does not greet as QMP does", path);
		consume(q, n);
	}
	if (!rc)
		rc = qmp_execute(q, "qmp_capabilities", NULL, NULL);
	if (rc) {
		qmp_close(q);
		return rc;
	}
	*out = q;
	return 0;
}

int qmp_peer_pid(struct qmp *q)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(q->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) || cred.pid <= 0)
		return vms_error_set(-ESRCH, "QMP: the socket does not say which process QEMU is");
	return cred.pid;
}

void qmp_close(struct qmp *q)
{
	if (!q)
		return;
	if (q->fd >= 0)
		(void)close(q->fd);
	free(q->buf);
	free(q);
}
