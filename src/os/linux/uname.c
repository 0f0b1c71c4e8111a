// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * uname and boot facts. The names are init_uts_ns.name (the host's UTS
 * namespace). Boot time is what getboottime64() computes for /proc/stat's
 * btime: the timekeeper's offs_real - offs_boot. The timekeeper sits in
 * tk_core, an anonymous struct whose first member is a seqcount, so its
 * offset there is that seqcount's size rounded up to 8 (the timekeeper's
 * alignment). CPUs are the bits of __cpu_online_mask below nr_cpu_ids.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../../util/error.h"
#include "../../util/opts.h"
#include "linux.h"

#define MAX_CPUS 8192

static int read_name(struct vms_linux *lx, uint64_t uts, enum lx_off id, char out[65])
{
	int64_t off;
	size_t got;
	int rc = lx_off(&off, lx, id);

	if (rc)
		return rc;
	rc = vms_linux_read(out, &got, lx, uts + (uint64_t)off, 65);
	out[64] = '\0';
	return rc;
}

static int boot_time(int64_t *out, struct vms_linux *lx)
{
	uint64_t tk = lx_sym(lx, "tk_core"), seq_size, real, boot;
	int64_t o_real, o_boot;

	/* The typedef, or (ISF types have no typedefs) the struct it names. */
	if (!tk || lx_off(&o_real, lx, LX_TK_OFFS_REAL) || lx_off(&o_boot, lx, LX_TK_OFFS_BOOT) ||
	    (vms_linux_type_size(&seq_size, lx, "seqcount_raw_spinlock_t") &&
	     vms_linux_type_size(&seq_size, lx, "struct seqcount_raw_spinlock")))
		return -ENOENT;
	tk += (seq_size + 7) & ~7ull;
	if (lx_u64(lx, tk + (uint64_t)o_real, &real) || lx_u64(lx, tk + (uint64_t)o_boot, &boot))
		return -EFAULT;
	*out = (int64_t)real - (int64_t)boot;
	return 0;
}

static int cpus(struct vms_linux_uname *u, struct vms_linux *lx)
{
	uint64_t mask = lx_sym(lx, "__cpu_online_mask"), ids = lx_sym(lx, "nr_cpu_ids"), word = 0;
	uint32_t n;
	size_t len = 0;
	int run = -1;

	if (!mask || !ids || lx_u32(lx, ids, &n) || n == 0 || n > MAX_CPUS)
		return -ENOENT;
	for (uint32_t cpu = 0; cpu <= n; cpu++) {
		int on = 0;

		if (cpu < n) {
			if (cpu % 64 == 0 && lx_u64(lx, mask + cpu / 8, &word))
				return -EFAULT;
			on = (int)((word >> (cpu % 64)) & 1);
		}
		if (on) {
			u->cpus_online++;
			if (run < 0)
				run = (int)cpu;
			continue;
		}
		if (run >= 0 && len < sizeof(u->cpus_list)) {
			len += (size_t)snprintf(u->cpus_list + len, sizeof(u->cpus_list) - len,
			                        (int)cpu - 1 > run ? "%s%d-%u" : "%s%d",
			                        len ? "," : "", run, cpu - 1);
			run = -1;
		}
	}
	return 0;
}

static int uname_fill(struct vms_linux_uname *out, struct vms_linux *lx)
{
	uint64_t uts = lx_sym(lx, "init_uts_ns");
	int64_t name;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!uts)
		return vms_error_set(-ENOENT, "no kernel symbol init_uts_ns");
	rc = lx_off(&name, lx, LX_UTS_NS_NAME);
	if (rc)
		return rc;
	uts += (uint64_t)name;
	if ((rc = read_name(lx, uts, LX_NEW_UTS_SYSNAME, out->sysname)) ||
	    (rc = read_name(lx, uts, LX_NEW_UTS_NODENAME, out->nodename)) ||
	    (rc = read_name(lx, uts, LX_NEW_UTS_RELEASE, out->release)) ||
	    (rc = read_name(lx, uts, LX_NEW_UTS_VERSION, out->version)) ||
	    (rc = read_name(lx, uts, LX_NEW_UTS_MACHINE, out->machine)))
		return rc;
	if (boot_time(&out->boot_time_ns, lx))
		out->partial = 1;
	if (cpus(out, lx))
		out->partial = 1;
	return 0;
}

int vms_linux_uname(struct vms_linux_uname *out, struct vms_linux *lx)
{
	struct vms_linux_uname u = { .sz = sizeof(u) };
	int rc = vms__out_check(out, "vms_linux_uname");

	if (rc)
		return rc;
	rc = uname_fill(&u, lx);
	vms__out_copy(out, &u, sizeof(u));
	return rc;
}
