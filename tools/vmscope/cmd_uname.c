// SPDX-License-Identifier: LGPL-2.1-or-later
/* vmscope uname: the guest kernel's names, boot time and CPUs, and where
 * vmscope found the kernel (KASLR slide, physical load address). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"

static const char usage_line[] = "vmscope uname TARGET [--json]";

static const char *vmcoreinfo_word(int v)
{
	return v > 0 ? "agrees" : v < 0 ? "disagrees" : "absent";
}

static void print_json(const struct vms_linux_uname *u, const struct vms_linux_kernel *k)
{
	const struct {
		const char *key, *val;
	} names[] = { { "sysname", u->sysname },   { "nodename", u->nodename },
		      { "release", u->release },   { "version", u->version },
		      { "machine", u->machine },   { "cpus_list", u->cpus_list },
		      { "found_by", k->found_by }, { "symbols_from", k->symbols },
		      { "types_from", k->types } };

	printf("{");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		printf("%s\"%s\": ", i ? ", " : "", names[i].key);
		json_str(stdout, names[i].val);
	}
	printf(", \"boot_time_ns\": %" PRId64 ", \"btime\": %" PRId64 ", \"cpus_online\": %u",
	       u->boot_time_ns, u->boot_time_ns / 1000000000, u->cpus_online);
	printf(", \"text_gva\": ");
	json_hex(stdout, k->text_gva);
	printf(", \"text_gpa\": ");
	json_hex(stdout, k->text_gpa);
	printf(", \"kaslr_slide\": ");
	json_hex(stdout, (uint64_t)k->kaslr_slide);
	printf(", \"phys_base\": ");
	json_hex(stdout, k->phys_base);
	printf(", \"pt_root\": ");
	json_hex(stdout, k->pt_root);
	printf(", \"symbols\": %zu, \"candidates\": %u, \"vmcoreinfo\": \"%s\", \"partial\": %s}\n",
	       k->nsyms, k->candidates, vmcoreinfo_word(k->vmcoreinfo),
	       u->partial ? "true" : "false");
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

int cmd_uname(int argc, char **argv)
{
	struct vms_linux_kernel k = { .sz = sizeof(k) };
	struct vms_linux_uname u = { .sz = sizeof(u) };
	struct cli_linux c;
	int ret;

	if (cli_linux_begin(&c, argc, argv, usage_line, NULL, 0, "uname takes a TARGET"))
		return c.exit_code;
	ret = vms_linux_uname(&u, c.lx);
	if (!ret) {
		vms_linux_kernel(&k, c.lx);
		if (c.json)
			print_json(&u, &k);
		else
			print_text(&u, &k);
	}
	return cli_linux_end(&c, ret);
}
