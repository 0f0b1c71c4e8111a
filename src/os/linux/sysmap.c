// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * System.map, as nm writes it ("ADDRESS TYPE NAME" lines): a symbol table
 * at link-time addresses, for kernels whose kallsyms is missing or not to
 * be trusted. Per-CPU variables get kallsyms' letter for them.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "../../util/error.h"
#include "symfile.h"

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

static int sysmap_line(struct ksyms *ks, const char *p, const char *end)
{
	uint64_t addr = 0;
	const char *name;
	int digits = 0;
	char type;

	for (; p < end && hexval(*p) >= 0; p++, digits++) {
		if (digits == 16)
			return -EINVAL;
		addr = addr << 4 | (uint64_t)hexval(*p);
	}
	if (!digits || end - p < 4 || p[0] != ' ' || p[2] != ' ')
		return -EINVAL;
	type = p[1];
	if (!((type >= 'a' && type <= 'z') || (type >= 'A' && type <= 'Z') || type == '?'))
		return -EINVAL;
	name = p + 3;
	for (p = name; p < end; p++)
		if ((uint8_t)*p <= ' ' || *p == 0x7f)
			return -EINVAL;
	return ksyms_add(ks, addr, type, name, (size_t)(end - name));
}

/* Per-CPU variables as kallsyms shows them: x86-64 links them from 0, and
 * scripts/kallsyms makes them absolute ('A'); System.map keeps nm's
 * letters. */
static int percpu_absolute(struct ksyms *ks)
{
	uint64_t start = ksyms_addr_of(ks, "__per_cpu_start"), end;
	uint32_t i;

	if (ksyms_lookup(&i, ks, "__per_cpu_start") || ksyms_lookup(&i, ks, "__per_cpu_end"))
		return 0;
	end = ks->addr[i];
	for (i = 0; i < ks->n && ks->addr[i] <= end; i++)
		if (ks->addr[i] >= start && end < 0xffffffff80000000ull)
			ks->names[ks->name_off[i]] = 'A';
	return 0;
}

int sysmap_parse(struct ksyms **out, const char *text, size_t len)
{
	struct ksyms *ks = ksyms_new();
	const char *p = text, *end = text + len;
	size_t line = 0;
	int rc = 0;

	*out = NULL;
	if (!ks)
		return vms_error_set(-ENOMEM, "out of memory");
	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		line++;
		if (eol > p && eol[-1] == '\r')
			eol--;
		if (eol > p)
			rc = sysmap_line(ks, p, eol);
		p = nl ? nl + 1 : end;
	}
	if (rc == -EINVAL)
		rc = vms_error_set(-EINVAL,
		                   "System.map: line %zu is not \"ADDRESS TYPE NAME\" "
		                   "(hex address, one-letter type)",
		                   line);
	else if (rc)
		rc = vms_error_set(rc, "System.map: %s at line %zu",
		                   rc == -E2BIG ? "too many symbols" : "out of memory", line);
	else if (ks->n == 0)
		rc = vms_error_set(-EINVAL, "System.map: no symbols");
	else if (ksyms_seal(ks) || percpu_absolute(ks))
		rc = vms_error_set(-ENOMEM, "out of memory");
	if (rc) {
		ksyms_free(ks);
		return rc;
	}
	*out = ks;
	return 0;
}
