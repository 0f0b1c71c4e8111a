// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope read: bytes of guest-physical memory, or of guest-virtual memory
 * through a page-table root, as a hex dump, raw, or JSON. Streams in chunks,
 * so a long read costs no memory in proportion to its length. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_line[] =
        "vmscope read TARGET (--gpa ADDR | --gva ADDR [--cr3 ROOT | --pid PID]) [--len N] [--hex|--raw|--json]";

enum out_kind {
	OUT_HEX,
	OUT_RAW,
	OUT_JSON
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

int cmd_read(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "gpa", required_argument, NULL, 'p' },
		{ "gva", required_argument, NULL, 'v' },
		{ "cr3", required_argument, NULL, 'c' },
		{ "pid", required_argument, NULL, 'P' },
		{ "len", required_argument, NULL, 'l' },
		{ "hex", no_argument, NULL, 'x' },
		{ "raw", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_KERNEL_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const char *gpa_arg = NULL, *gva_arg = NULL, *cr3_arg = NULL, *pid_arg = NULL;
	enum out_kind out = OUT_HEX;
	uint64_t addr, len = 256, root = 0, done = 0;
	struct vms_target *t;
	static uint8_t buf[1 << 16];
	int c, ret = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			gpa_arg = optarg;
			break;
		case 'v':
			gva_arg = optarg;
			break;
		case 'c':
			cr3_arg = optarg;
			break;
		case 'P':
			pid_arg = optarg;
			break;
		case 'l':
			if (cli_parse_len(&len, optarg))
				return EXIT_USAGE;
			break;
		case 'x':
			out = OUT_HEX;
			break;
		case 'r':
			out = OUT_RAW;
			break;
		case 'j':
			out = OUT_JSON;
			break;
		case 'h':
			printf("usage: %s\n\nADDR and ROOT are hex, with or without 0x; N is decimal "
			       "or 0x-hex (default 256).\nWithout --cr3 or --pid (a process's address space), --gva uses vCPU 0's CR3, or with no\nvCPU state the Linux kernel's own page tables.\n" CLI_KERNEL_HELP,
			       usage_line);
			return EXIT_OK;
		default:
			if (cli_kernel_opt(c, optarg))
				break;
			return cli_usage(usage_line, "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage(usage_line, "read takes one TARGET");
	if (!!gpa_arg == !!gva_arg)
		return cli_usage(usage_line, "give one of --gpa and --gva");
	if ((cr3_arg || pid_arg) && !gva_arg)
		return cli_usage(usage_line, "--cr3 and --pid go with --gva");
	if (cli_parse_addr(&addr, gpa_arg ? gpa_arg : gva_arg, gpa_arg ? "--gpa" : "--gva"))
		return EXIT_USAGE;
	if (cli_open(&t, argv[optind]))
		return EXIT_FAIL;
	if (gva_arg && cli_pt_root(&root, t, cr3_arg, pid_arg)) {
		vms_target_close(t);
		return EXIT_FAIL;
	}
	if (out == OUT_JSON) {
		printf("{\"space\": \"%s\", \"address\": ", gpa_arg ? "gpa" : "gva");
		json_hex(stdout, addr);
		if (gva_arg) {
			printf(", \"cr3\": ");
			json_hex(stdout, root);
		}
		printf(", \"length\": %llu, \"bytes\": \"", (unsigned long long)len);
	}
	while (done < len) {
		size_t n = len - done < sizeof(buf) ? (size_t)(len - done) : sizeof(buf), got = 0;

		ret = gpa_arg ? vms_read_gpa(buf, &got, t, addr + done, n)
		              : vms_read_gva(buf, &got, t, root, addr + done, n);
		if (out == OUT_RAW)
			(void)fwrite(buf, 1, got, stdout);
		for (size_t i = 0; out == OUT_HEX && i < got; i += 16)
			hex_line(addr + done + i, buf + i, got - i < 16 ? got - i : 16);
		for (size_t i = 0; out == OUT_JSON && i < got; i++)
			printf("%02x", buf[i]);
		done += got;
		if (ret)
			break;
	}
	if (out == OUT_JSON) {
		printf("\", \"read\": %llu, \"error\": ", (unsigned long long)done);
		if (ret)
			json_str(stdout, vms_error_last());
		else
			printf("null");
		printf("}\n");
	}
	if (ret)
		ret = cli_fail(ret, NULL);
	vms_target_close(t);
	return ret;
}
