// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope dmesg: the guest's kernel log from its printk ring buffer, one
 * line per line of text with the record's time, as dmesg prints it. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

/* A record's text lines each get its time, as dmesg prints them. */
static void print_lines(const struct vms_linux_log *l)
{
	const char *p = l->text, *end = l->text + l->len;

	do {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		printf("[%5" PRIu64 ".%06" PRIu64 "] %.*s\n", l->ts_nsec / 1000000000,
		       l->ts_nsec % 1000000000 / 1000, (int)n, p);
		p += n + 1;
	} while (p < end);
}

static void log_row(struct cli_ctx *c, const struct vms_linux_log *l)
{
	if (!c->json) {
		print_lines(l);
		return;
	}
	cli_row_begin(c);
	cli_json_uint(c, "seq", l->seq);
	cli_json_uint(c, "ts_nsec", l->ts_nsec);
	cli_json_uint(c, "level", l->level);
	cli_json_uint(c, "facility", l->facility);
	cli_json_uint(c, "caller_id", l->caller_id);
	cli_json_str(c, "text", l->text);
	cli_row_end(c);
}

static int run(struct cli_ctx *c)
{
	struct vms_linux_log *l;
	size_t n;
	int ret = vms_linux_dmesg(&l, &n, c->lx);

	if (ret)
		return ret;
	cli_rows_begin(c);
	for (size_t i = 0; i < n; i++)
		log_row(c, &l[i]);
	cli_rows_end(c);
	vms_linux_dmesg_free(l);
	return EXIT_OK;
}

const struct cli_cmd cmd_dmesg = {
	.name = "dmesg",
	.summary = "the guest's kernel log, from its printk ring buffer",
	.usage = "vmscope dmesg TARGET [--json]",
	.help = "The records of the guest's printk ring buffer: each line of "
	        "text after the record's time in seconds since boot, as dmesg prints them; "
	        "with --json one object a record, with its sequence number, level, facility and "
	        "caller.",
	.flags = CLI_TARGET | CLI_JSON | CLI_LINUX,
	CLI_ARGS(1, 1, "dmesg takes a TARGET"),
	.run = run,
};
