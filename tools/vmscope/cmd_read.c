// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope read: bytes of guest-physical memory, or of guest-virtual memory
 * through a page-table root, as a hex dump, raw, or JSON. Streams in chunks,
 * so a long read costs no memory in proportion to its length. */
#include <inttypes.h>

#include "cli.h"

enum out_kind {
	OUT_HEX,
	OUT_RAW,
	OUT_JSON
};

struct read_opts {
	const char *gpa, *gva;
	uint64_t len;
	int out; /* enum out_kind */
	uint64_t addr;
};

static const struct read_opts defaults = { .len = 256, .out = OUT_HEX };

static const struct cli_opt options[] = {
	CLI_STRING(struct read_opts, gpa, "gpa", "ADDR", "read guest-physical memory from ADDR"),
	CLI_STRING(struct read_opts, gva, "gva", "ADDR",
	           "read guest-virtual memory from ADDR, through vCPU 0's page tables unless "
	           "--cr3 or --pid says whose"),
	CLI_LENGTH(struct read_opts, len, "len", "N", "read N bytes (default 256)"),
	CLI_SWITCH(struct read_opts, out, "hex", OUT_HEX, "print a hex dump (the default)"),
	CLI_SWITCH(struct read_opts, out, "raw", OUT_RAW, "write the bytes as they are"),
	{ .name = "json",
	  .short_name = 'j',
	  .help = "print JSON: the bytes as hex, how many were read and why no more",
	  .set = cli_set_int,
	  .off = offsetof(struct read_opts, out),
	  .val = OUT_JSON },
};

static void hex_line(uint64_t addr, const uint8_t *b, size_t n)
{
	printf("%016llx ", (unsigned long long)addr);
	for (size_t i = 0; i < 16; i++) {
		if (i == 8)
			printf(" ");
		if (i < n)
			printf(" %02x", b[i]);
		else
			printf("   ");
	}
	printf("  |");
	for (size_t i = 0; i < n; i++)
		printf("%c", b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.');
	printf("|\n");
}

/* Bytes as hex digits, a part of a JSON string. */
static void json_hex_bytes(struct cli_ctx *c, const uint8_t *b, size_t n)
{
	char digits[2 * 64 + 1];

	for (size_t i = 0; i < n; i += 64) {
		size_t m = n - i < 64 ? n - i : 64;

		for (size_t j = 0; j < m; j++)
			(void)snprintf(digits + 2 * j, 3, "%02x", b[i + j]);
		jsonw_string_part(&c->jw, digits, 2 * m);
	}
}

static int check(struct cli_ctx *c)
{
	struct read_opts *o = c->opts;

	if (!!o->gpa == !!o->gva)
		return cli_usage(c, "give one of --gpa and --gva");
	if ((c->cr3 || c->pid) && !o->gva)
		return cli_usage(c, "--cr3 and --pid go with --gva");
	if (cli_parse_addr(&o->addr, o->gpa ? o->gpa : o->gva, o->gpa ? "--gpa" : "--gva"))
		return EXIT_USAGE;
	c->json = o->out == OUT_JSON;
	return 0;
}

static int run(struct cli_ctx *c)
{
	static uint8_t buf[1 << 16];
	const struct read_opts *o = c->opts;
	uint64_t root = 0, done = 0;
	int ret = 0;

	if (o->gva && cli_pt_root(&root, c))
		return EXIT_FAIL;
	cli_object_begin(c, NULL);
	cli_json_str(c, "space", o->gpa ? "gpa" : "gva");
	cli_json_hex(c, "address", o->addr);
	if (o->gva)
		cli_json_hex(c, "cr3", root);
	cli_json_uint(c, "length", o->len);
	if (c->json) {
		jsonw_name(&c->jw, "bytes");
		jsonw_string_begin(&c->jw);
	}
	while (done < o->len) {
		size_t n = o->len - done < sizeof(buf) ? (size_t)(o->len - done) : sizeof(buf);
		size_t got = 0;

		ret = o->gpa ? vms_read_gpa(buf, &got, c->t, o->addr + done, n)
		             : vms_read_gva(buf, &got, c->t, root, o->addr + done, n);
		if (o->out == OUT_RAW)
			(void)fwrite(buf, 1, got, stdout);
		for (size_t i = 0; o->out == OUT_HEX && i < got; i += 16)
			hex_line(o->addr + done + i, buf + i, got - i < 16 ? got - i : 16);
		if (o->out == OUT_JSON)
			json_hex_bytes(c, buf, got);
		done += got;
		if (ret)
			break;
	}
	if (c->json)
		jsonw_string_end(&c->jw);
	cli_json_uint(c, "read", done);
	cli_json_str(c, "error", ret ? vms_error_last() : NULL);
	cli_object_end(c);
	return ret;
}

const struct cli_cmd cmd_read = {
	.name = "read",
	.summary = "read guest-physical or guest-virtual memory",
	.usage = "vmscope read TARGET (--gpa ADDR | --gva ADDR [--cr3 ROOT | --pid PID]) [--len N] "
	         "[--hex|--raw|--json]",
	.help = "ADDR and ROOT are hex, with or without 0x; N is decimal or 0x-hex. Without --cr3 "
	        "or --pid (a process's address space), --gva uses vCPU 0's CR3, or with no vCPU "
	        "state the Linux kernel's own page tables.",
	.flags = CLI_TARGET | CLI_PT_ROOT,
	CLI_OPTIONS(options),
	CLI_OPTS_INIT(defaults),
	CLI_ARGS(1, 1, "read takes one TARGET"),
	.check = check,
	.run = run,
};
