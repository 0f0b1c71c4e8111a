// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope dmesg: the guest's kernel log from its printk ring buffer, one
 * line per line of text with the record's time, as dmesg prints it. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_line[] = "vmscope dmesg TARGET [--json]";

static void print_text(const struct vms_linux_log *l)
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

int cmd_dmesg(int argc, char **argv)
{
	struct vms_linux_log *l;
	struct cli_linux c;
	size_t n;
	int ret;

	if (cli_linux_begin(&c, argc, argv, usage_line, NULL, 0, "dmesg takes a TARGET"))
		return c.exit_code;
	ret = vms_linux_dmesg(&l, &n, c.lx);
	if (!ret && c.json) {
		printf("[");
		for (size_t i = 0; i < n; i++) {
			printf("%s\n{\"seq\": %" PRIu64 ", \"ts_nsec\": %" PRIu64
			       ", \"level\": %u, \"facility\": %u, \"caller_id\": %u, \"text\": ",
			       i ? "," : "", l[i].seq, l[i].ts_nsec, l[i].level, l[i].facility,
			       l[i].caller_id);
			json_str(stdout, l[i].text);
			printf("}");
		}
		printf("]\n");
	} else if (!ret) {
		for (size_t i = 0; i < n; i++)
			print_text(&l[i]);
	}
	if (!ret)
		vms_linux_dmesg_free(l);
	return cli_linux_end(&c, ret);
}
