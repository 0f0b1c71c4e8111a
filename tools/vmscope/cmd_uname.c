// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope uname: the guest kernel's names, boot time and CPUs, and where
 * vmscope found the kernel (KASLR slide, physical load address). */
#include <inttypes.h>
#include <time.h>

#include "cli.h"

static const char *vmcoreinfo_word(int v)
{
	return v > 0 ? "agrees" : v < 0 ? "disagrees" : "absent";
}

static void print_json(struct cli_ctx *c, const struct vms_linux_uname *u,
                       const struct vms_linux_kernel *k)
{
	cli_object_begin(c, NULL);
	cli_json_str(c, "sysname", u->sysname);
	cli_json_str(c, "nodename", u->nodename);
	cli_json_str(c, "release", u->release);
	cli_json_str(c, "version", u->version);
	cli_json_str(c, "machine", u->machine);
	cli_json_str(c, "cpus_list", u->cpus_list);
	cli_json_str(c, "found_by", k->found_by);
	cli_json_str(c, "symbols_from", k->symbols);
	cli_json_str(c, "types_from", k->types);
	cli_json_int(c, "boot_time_ns", u->boot_time_ns);
	cli_json_int(c, "btime", u->boot_time_ns / 1000000000);
	cli_json_uint(c, "cpus_online", u->cpus_online);
	cli_json_hex(c, "text_gva", k->text_gva);
	cli_json_hex(c, "text_gpa", k->text_gpa);
	cli_json_hex(c, "kaslr_slide", (uint64_t)k->kaslr_slide);
	cli_json_hex(c, "phys_base", k->phys_base);
	cli_json_hex(c, "pt_root", k->pt_root);
	cli_json_uint(c, "symbols", k->nsyms);
	cli_json_uint(c, "candidates", k->candidates);
	cli_json_str(c, "vmcoreinfo", vmcoreinfo_word(k->vmcoreinfo));
	cli_json_bool(c, "partial", u->partial);
	cli_object_end(c);
}

static void print_text(const struct vms_linux_uname *u, const struct vms_linux_kernel *k)
{
	time_t boot = (time_t)(u->boot_time_ns / 1000000000);
	struct tm tm;
	char when[32] = "unknown";

	if (!u->partial && gmtime_r(&boot, &tm))
		(void)strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	printf("%s %s %s %s %s\n", u->sysname, u->nodename, u->release, u->version, u->machine);
	printf("booted   %s\n", when);
	printf("cpus     %u online (%s)\n", u->cpus_online, u->cpus_list);
	printf("kernel   _text 0x%" PRIx64 " at gpa 0x%" PRIx64 ", KASLR slide 0x%" PRIx64
	       ", phys_base %s0x%" PRIx64 "\n",
	       k->text_gva, k->text_gpa, (uint64_t)k->kaslr_slide,
	       (int64_t)k->phys_base < 0 ? "-" : "",
	       (int64_t)k->phys_base < 0 ? -k->phys_base : k->phys_base);
	printf("found    by %s, page tables at gpa 0x%" PRIx64 ", %zu symbols; VMCOREINFO %s\n",
	       k->found_by, k->pt_root, k->nsyms, vmcoreinfo_word(k->vmcoreinfo));
	printf("from     symbols: %s, types: %s\n", k->symbols, k->types);
}

static int run(struct cli_ctx *c)
{
	struct vms_linux_kernel k = { .sz = sizeof(k) };
	struct vms_linux_uname u = { .sz = sizeof(u) };
	int ret = vms_linux_uname(&u, c->lx);

	if (ret)
		return ret;
	cli_kernel(&k, c);
	if (c->json)
		print_json(c, &u, &k);
	else
		print_text(&u, &k);
	return EXIT_OK;
}

const struct cli_cmd cmd_uname = {
	.name = "uname",
	.summary = "the guest kernel: release, version, host name, boot time, CPUs, KASLR",
	.usage = "vmscope uname TARGET [--json]",
	.help = "The guest kernel's names as uname -a prints them, its boot time and online "
	        "CPUs, and where vmscope found it: _text, the KASLR slide, phys_base, the page "
	        "tables, and where its symbols and types came from.",
	.flags = CLI_TARGET | CLI_JSON | CLI_LINUX,
	CLI_ARGS(1, 1, "uname takes a TARGET"),
	.run = run,
};
