// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QEMU's monitor text, parsed: "info mtree -f" (hw/core/memory.c
 * mtree_print_flatview) and "info registers -a" (target/i386/cpu-dump.c
 * x86_cpu_dump_state). Both are text QEMU controls, read line by line
 * with every field checked; nothing outside a line is trusted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <vmscope/sys/backend.h>

#include "qmp.h"

static int hexnum(const char **p, const char *end, uint64_t *v)
{
	int digits = 0;

	*v = 0;
	for (; *p < end; (*p)++, digits++) {
		char c = **p;
		uint64_t d = c >= '0' && c <= '9'   ? (uint64_t)(c - '0')
		             : c >= 'a' && c <= 'f' ? (uint64_t)(c - 'a' + 10)
		             : c >= 'A' && c <= 'F' ? (uint64_t)(c - 'A' + 10)
		                                    : 16;
		if (d > 15)
			break;
		if (digits == 16)
			return -1;
		*v = *v << 4 | d;
	}
	return digits ? 0 : -1;
}

static int starts(const char **p, const char *end, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(end - *p) < n || memcmp(*p, s, n) != 0)
		return 0;
	*p += n;
	return 1;
}

/* "  START-END (prio P, KIND): NAME[ @OFFSET][ ...]" */
static int region_line(struct qemu_region *r, const char *p, const char *end)
{
	uint64_t last;
	const char *name;
	size_t len;

	memset(r, 0, sizeof(*r));
	while (p < end && *p == ' ')
		p++;
	if (hexnum(&p, end, &r->start) || !starts(&p, end, "-") || hexnum(&p, end, &last) ||
	    last < r->start || !starts(&p, end, " (prio "))
		return -1;
	if (p < end && *p == '-')
		p++;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (!starts(&p, end, ", "))
		return -1;
	if (starts(&p, end, "ram): "))
		r->rom = 0;
	else if (starts(&p, end, "rom): "))
		r->rom = 1;
	else
		return 1; /* i/o, ramd, romd: not memory vmscope reads */
	for (name = p; p < end && *p != ' '; p++)
		;
	len = (size_t)(p - name);
	if (!len || len >= sizeof(r->name))
		return -1;
	memcpy(r->name, name, len);
	if (starts(&p, end, " @") && hexnum(&p, end, &r->offset))
		return -1;
	r->size = last - r->start + 1;
	if (r->size == 0 || r->offset + r->size < r->offset)
		return -1;
	return 0;
}

int qemu_parse_mtree(struct qemu_region **out, size_t *n, const char *text)
{
	const char *p = text, *end = text + strlen(text);
	struct qemu_region *v = NULL;
	int in_memory = 0, found = 0;
	size_t line = 0, count = 0;

	*out = NULL;
	*n = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
		struct qemu_region r;
		const char *q = p;
		int rc;

		line++;
		if (eol > p && eol[-1] == '\r')
			eol--;
		if (starts(&q, eol, "FlatView ")) {
			if (found && in_memory)
				break; /* the view of "memory" is complete */
			in_memory = 0;
		} else if (starts(&q, eol, " AS \"memory\"")) {
			in_memory = found = 1;
		} else if (in_memory && eol > p && p[0] == ' ' && p[1] == ' ') {
			rc = region_line(&r, p, eol);
			if (rc < 0) {
				free(v);
				return vms_error_set(
				        -EPROTO, "info mtree -f: line %zu does not parse", line);
			}
			if (rc == 0) {
				struct qemu_region *nv;

				if (count == QEMU_MAX_REGIONS) {
					free(v);
					return vms_error_set(-E2BIG,
					                     "info mtree -f: more than %u regions",
					                     QEMU_MAX_REGIONS);
				}
				nv = realloc(v, (count + 1) * sizeof(*nv));
				if (!nv) {
					free(v);
					return vms_error_set(-ENOMEM, "out of memory");
				}
				v = nv;
				v[count++] = r;
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (!found) {
		free(v);
		return vms_error_set(-EPROTO,
		                     "info mtree -f: no flat view of address space memory");
	}
	*out = v;
	*n = count;
	return 0;
}

/* A segment line: "FS =0000 BASE LIMIT FLAGS" (four hex fields), or a
 * descriptor table: "GDT=     BASE LIMIT". */
static int segment(struct vms_x86_segment *s, const char *p, const char *end, int table)
{
	uint64_t v[4];

	for (int i = 0; i < (table ? 2 : 4); i++) {
		while (p < end && *p == ' ')
			p++;
		if (hexnum(&p, end, &v[i]))
			return -1;
	}
	if (table) {
		s->base = v[0];
		s->limit = (uint32_t)v[1];
	} else {
		s->selector = (uint16_t)v[0];
		s->base = v[1];
		s->limit = (uint32_t)v[2];
		s->flags = (uint32_t)v[3];
	}
	return 0;
}

static const struct {
	const char *name;
	size_t off;
	uint32_t valid;
} gprs[] = {
#define R(n, f, v)                                     \
	{                                              \
		n, offsetof(struct vms_x86_regs, f), v \
	}
	R("RAX", rax, VMS_X86_REGS_GPR),     R("RBX", rbx, VMS_X86_REGS_GPR),
	R("RCX", rcx, VMS_X86_REGS_GPR),     R("RDX", rdx, VMS_X86_REGS_GPR),
	R("RSI", rsi, VMS_X86_REGS_GPR),     R("RDI", rdi, VMS_X86_REGS_GPR),
	R("RBP", rbp, VMS_X86_REGS_GPR),     R("RSP", rsp, VMS_X86_REGS_GPR),
	R("R8", r8, VMS_X86_REGS_GPR),       R("R9", r9, VMS_X86_REGS_GPR),
	R("R10", r10, VMS_X86_REGS_GPR),     R("R11", r11, VMS_X86_REGS_GPR),
	R("R12", r12, VMS_X86_REGS_GPR),     R("R13", r13, VMS_X86_REGS_GPR),
	R("R14", r14, VMS_X86_REGS_GPR),     R("R15", r15, VMS_X86_REGS_GPR),
	R("RIP", rip, VMS_X86_REGS_GPR),     R("RFL", rflags, VMS_X86_REGS_GPR),
	R("CR0", cr0, VMS_X86_REGS_CONTROL), R("CR2", cr2, VMS_X86_REGS_CONTROL),
	R("CR3", cr3, VMS_X86_REGS_CONTROL), R("CR4", cr4, VMS_X86_REGS_CONTROL),
	R("EFER", efer, VMS_X86_REGS_EFER),
#undef R
};

static const struct {
	const char *name;
	size_t off;
	int table;
} segs[] = {
#define S(n, f, t)                                     \
	{                                              \
		n, offsetof(struct vms_x86_regs, f), t \
	}
	S("ES", es, 0), S("CS", cs, 0),    S("SS", ss, 0), S("DS", ds, 0),    S("FS", fs, 0),
	S("GS", gs, 0), S("LDT", ldtr, 0), S("TR", tr, 0), S("GDT", gdtr, 1), S("IDT", idtr, 1),
#undef S
};

/* "NAME=HEX NAME=HEX ..." (names may be padded: "R8 =") into r. */
static void pairs(struct vms_x86_regs *r, uint32_t *seen, const char *p, const char *end)
{
	for (const char *eq = p; (eq = memchr(eq, '=', (size_t)(end - eq))); eq++) {
		const char *ne = eq, *ns, *v = eq + 1;
		uint64_t val;

		while (ne > p && ne[-1] == ' ')
			ne--;
		for (ns = ne; ns > p && ns[-1] != ' '; ns--)
			;
		if (hexnum(&v, end, &val))
			continue;
		for (size_t i = 0; i < sizeof(gprs) / sizeof(gprs[0]); i++)
			if (strlen(gprs[i].name) == (size_t)(ne - ns) &&
			    !memcmp(gprs[i].name, ns, (size_t)(ne - ns))) {
				memcpy((uint8_t *)r + gprs[i].off, &val, sizeof(val));
				seen[i / 32] |= 1u << (i % 32);
			}
	}
}

int qemu_parse_registers(struct vms_x86_regs **out, unsigned *n, const char *text)
{
	const char *p = text, *end = text + strlen(text);
	struct vms_x86_regs *v = NULL, *r = NULL;
	uint32_t seen[2] = { 0 }, segs_seen = 0;
	unsigned count = 0;

	*out = NULL;
	*n = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
		const char *q = p;

		if (eol > p && eol[-1] == '\r')
			eol--;
		if (starts(&q, eol, "CPU#")) {
			struct vms_x86_regs *nv;

			if (count == QEMU_MAX_VCPUS)
				break;
			nv = realloc(v, (count + 1) * sizeof(*nv));
			if (!nv) {
				free(v);
				return vms_error_set(-ENOMEM, "out of memory");
			}
			v = nv;
			r = &v[count++];
			memset(r, 0, sizeof(*r));
			memset(seen, 0, sizeof(seen));
			segs_seen = 0;
		} else if (r) {
			size_t i;

			for (i = 0; i < sizeof(segs) / sizeof(segs[0]); i++) {
				const char *s = p;

				if (starts(&s, eol, segs[i].name)) {
					while (s < eol && *s == ' ')
						s++;
					if (starts(&s, eol, "=") &&
					    segment((struct vms_x86_segment *)((uint8_t *)r +
					                                       segs[i].off),
					            s, eol, segs[i].table) == 0)
						segs_seen |= 1u << i;
					break;
				}
			}
			if (i == sizeof(segs) / sizeof(segs[0]))
				pairs(r, seen, p, eol);
			/* Only what was all there counts as known. */
			r->valid = 0;
			if ((seen[0] & 0x3ffffu) == 0x3ffffu)
				r->valid |= VMS_X86_REGS_GPR;
			if ((seen[0] >> 18 & 0xfu) == 0xfu)
				r->valid |= VMS_X86_REGS_CONTROL;
			if (seen[0] >> 22 & 1u)
				r->valid |= VMS_X86_REGS_EFER;
			if ((segs_seen & 0xffu) == 0xffu) {
				r->valid |= VMS_X86_REGS_SEGMENTS | VMS_X86_REGS_SELECTORS |
				            VMS_X86_REGS_FSGS_BASE;
				r->fs_base = r->fs.base;
				r->gs_base = r->gs.base;
			}
			if ((segs_seen & 0x300u) == 0x300u)
				r->valid |= VMS_X86_REGS_DTABLES;
		}
		p = nl ? nl + 1 : end;
	}
	if (!count) {
		free(v);
		return vms_error_set(-EPROTO, "info registers: no CPU#N section");
	}
	*out = v;
	*n = count;
	return 0;
}
