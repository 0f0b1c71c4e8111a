// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ELF cores: the format of QEMU's dump-guest-memory, virsh dump (memory-only)
 * and the kernel's own /proc/vmcore. PT_LOAD headers give guest-physical
 * addresses in p_paddr; PT_NOTE holds the vCPUs ("CORE" NT_PRSTATUS notes and
 * QEMU's own "QEMU" CPU-state notes, one of each per vCPU, in vCPU order) and
 * VMCOREINFO when the guest published it.
 *
 * Every field is checked against the buffer before use: the file is input,
 * not a promise.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "../../util/bytes.h"

#define EM_386      3
#define EM_X86_64   62
#define ET_CORE     4
#define PT_LOAD     1
#define PT_NOTE     4
#define PN_XNUM     0xffff
#define NT_PRSTATUS 1

/* QEMU's QEMUCPUState (target/i386/arch_dump.c), version 1: 432 bytes, and
 * 440 since QEMU appended kernel_gs_base without changing the version. */
#define QEMU_NOTE_VERSION  1
#define QEMU_NOTE_MIN      432
#define QEMU_NOTE_SEGS     152 /* offset of cs; then ds es fs gs ss ldt tr gdt idt */
#define QEMU_NOTE_SEG_SIZE 24
#define QEMU_NOTE_CR       392
#define QEMU_NOTE_KGS      432

/* struct elf_prstatus: the registers start after pr_info, pr_cursig, the
 * signal sets, the pids and four timevals. */
#define PRSTATUS64_REGS 112
#define PRSTATUS64_SIZE 336
#define PRSTATUS32_REGS 72
#define PRSTATUS32_SIZE 144

struct elf_ctx {
	const uint8_t *buf;
	size_t len;
	int is64;
	uint16_t machine;
	struct vms__snap_layout *l;
	unsigned nprstatus, nqemu;
	size_t cap_vcpus;
};

static struct vms_x86_regs *vcpu_slot(struct elf_ctx *c, unsigned idx)
{
	struct vms_x86_regs *v;

	if (idx >= VMS_SNAP_MAX_VCPUS) {
		vms_error_set(-EPROTO, "more than %d vCPU notes", VMS_SNAP_MAX_VCPUS);
		return NULL;
	}
	if (idx >= c->cap_vcpus) {
		size_t cap = c->cap_vcpus ? c->cap_vcpus * 2 : 8;

		v = realloc(c->l->vcpus, cap * sizeof(*v));
		if (!v) {
			vms_error_set(-ENOMEM, "out of memory");
			return NULL;
		}
		memset(v + c->cap_vcpus, 0, (cap - c->cap_vcpus) * sizeof(*v));
		c->l->vcpus = v;
		c->cap_vcpus = cap;
	}
	if (idx >= c->l->nvcpus)
		c->l->nvcpus = idx + 1;
	return &c->l->vcpus[idx];
}

/* Where a register sits in a note: dst is its offset in struct
 * vms_x86_regs (8 bytes wide, or 2 for a selector), src its offset in the
 * note and width its size there. One decoder serves every layout. */
struct reg_field {
	uint16_t dst;
	uint16_t src;
	uint8_t width;
};

#define REG(name, off, w)                                       \
	{                                                       \
		offsetof(struct vms_x86_regs, name), (off), (w) \
	}
#define REG_FIELDS(t) (t), sizeof(t) / sizeof((t)[0])

/* x86-64 user_regs_struct, at PRSTATUS64_REGS in struct elf_prstatus. */
static const struct reg_field prstatus64_fields[] = {
	REG(r15, 0, 8),           REG(r14, 8, 8),           REG(r13, 16, 8),
	REG(r12, 24, 8),          REG(rbp, 32, 8),          REG(rbx, 40, 8),
	REG(r11, 48, 8),          REG(r10, 56, 8),          REG(r9, 64, 8),
	REG(r8, 72, 8),           REG(rax, 80, 8),          REG(rcx, 88, 8),
	REG(rdx, 96, 8),          REG(rsi, 104, 8),         REG(rdi, 112, 8),
	REG(rip, 128, 8),         REG(cs.selector, 136, 8), REG(rflags, 144, 8),
	REG(rsp, 152, 8),         REG(ss.selector, 160, 8), REG(fs_base, 168, 8),
	REG(gs_base, 176, 8),     REG(ds.selector, 184, 8), REG(es.selector, 192, 8),
	REG(fs.selector, 200, 8), REG(gs.selector, 208, 8),
};

/* i386 user_regs_struct, at PRSTATUS32_REGS. */
static const struct reg_field prstatus32_fields[] = {
	REG(rbx, 0, 4),          REG(rcx, 4, 4),          REG(rdx, 8, 4),
	REG(rsi, 12, 4),         REG(rdi, 16, 4),         REG(rbp, 20, 4),
	REG(rax, 24, 4),         REG(ds.selector, 28, 2), REG(es.selector, 32, 2),
	REG(fs.selector, 36, 2), REG(gs.selector, 40, 2), REG(rip, 48, 4),
	REG(cs.selector, 52, 2), REG(rflags, 56, 4),      REG(rsp, 60, 4),
	REG(ss.selector, 64, 2),
};

/* QEMUCPUState's general registers, from offset 8. */
static const struct reg_field qemu_gpr_fields[] = {
	REG(rax, 8, 8),   REG(rbx, 16, 8),  REG(rcx, 24, 8),     REG(rdx, 32, 8),  REG(rsi, 40, 8),
	REG(rdi, 48, 8),  REG(rsp, 56, 8),  REG(rbp, 64, 8),     REG(r8, 72, 8),   REG(r9, 80, 8),
	REG(r10, 88, 8),  REG(r11, 96, 8),  REG(r12, 104, 8),    REG(r13, 112, 8), REG(r14, 120, 8),
	REG(r15, 128, 8), REG(rip, 136, 8), REG(rflags, 144, 8),
};

static void decode_regs(struct vms_x86_regs *r, const uint8_t *src, const struct reg_field *f,
                        size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = src + f[i].src;
		uint64_t v = f[i].width == 8   ? vms_le64(p)
		             : f[i].width == 4 ? vms_le32(p)
		                               : vms_le16(p);
		char *dst = (char *)r + f[i].dst;

		if (f[i].dst >= offsetof(struct vms_x86_regs, cs) &&
		    f[i].dst < offsetof(struct vms_x86_regs, cr0)) {
			uint16_t sel = (uint16_t)v;

			memcpy(dst, &sel, sizeof(sel));
		} else {
			memcpy(dst, &v, sizeof(v));
		}
	}
}

static void seg_from_qemu(struct vms_x86_segment *s, const uint8_t *p)
{
	s->selector = (uint16_t)vms_le32(p);
	s->limit = vms_le32(p + 4);
	s->flags = vms_le32(p + 8);
	s->base = vms_le64(p + 16);
}

/* Long mode: QEMU writes an x86-64 core exactly when CPU 0 has EFER.LMA set
 * (cpu_get_dump_info), and a 64-bit code segment implies it too. The note
 * has no EFER, so only LME and LMA are known. */
static void derive_efer(const struct elf_ctx *c, struct vms_x86_regs *r)
{
	if (r->valid & VMS_X86_REGS_EFER)
		return;
	if (c->machine == EM_X86_64 || (r->cs.flags & VMS_X86_SEG_L))
		r->efer = VMS_X86_EFER_LME | VMS_X86_EFER_LMA;
	else
		r->efer = 0;
	r->valid |= VMS_X86_REGS_EFER_DERIVED;
}

static int note_qemu(struct elf_ctx *c, const uint8_t *d, uint32_t dsz)
{
	struct vms_x86_regs *r;
	uint32_t size;
	struct vms_x86_segment *segs[10];

	if (dsz < 8)
		return vms_error_set(-EPROTO, "QEMU CPU note %u is %u bytes, too short", c->nqemu,
		                     dsz);
	size = vms_le32(d + 4);
	if (vms_le32(d) != QEMU_NOTE_VERSION || size < QEMU_NOTE_MIN || size > dsz)
		return vms_error_set(-EPROTO,
		                     "QEMU CPU note %u: version %u, size %u in %u bytes (expected "
		                     "version 1, at least %u bytes)",
		                     c->nqemu, vms_le32(d), size, dsz, QEMU_NOTE_MIN);
	r = vcpu_slot(c, c->nqemu++);
	if (!r)
		return -EPROTO;
	decode_regs(r, d, REG_FIELDS(qemu_gpr_fields));
	segs[0] = &r->cs;
	segs[1] = &r->ds;
	segs[2] = &r->es;
	segs[3] = &r->fs;
	segs[4] = &r->gs;
	segs[5] = &r->ss;
	segs[6] = &r->ldtr;
	segs[7] = &r->tr;
	segs[8] = &r->gdtr;
	segs[9] = &r->idtr;
	for (size_t i = 0; i < 10; i++)
		seg_from_qemu(segs[i], d + QEMU_NOTE_SEGS + QEMU_NOTE_SEG_SIZE * i);
	r->cr0 = vms_le64(d + QEMU_NOTE_CR);
	r->cr2 = vms_le64(d + QEMU_NOTE_CR + 16);
	r->cr3 = vms_le64(d + QEMU_NOTE_CR + 24);
	r->cr4 = vms_le64(d + QEMU_NOTE_CR + 32);
	r->fs_base = r->fs.base;
	r->gs_base = r->gs.base;
	r->valid |= VMS_X86_REGS_GPR | VMS_X86_REGS_SEGMENTS | VMS_X86_REGS_SELECTORS |
	            VMS_X86_REGS_DTABLES | VMS_X86_REGS_CONTROL | VMS_X86_REGS_FSGS_BASE;
	if (size >= QEMU_NOTE_KGS + 8) {
		r->kernel_gs_base = vms_le64(d + QEMU_NOTE_KGS);
		r->valid |= VMS_X86_REGS_KERNEL_GS_BASE;
	}
	derive_efer(c, r);
	return 0;
}

static int note_prstatus(struct elf_ctx *c, const uint8_t *d, uint32_t dsz)
{
	struct vms_x86_regs *r;
	int wide = c->machine == EM_X86_64;
	uint32_t need = wide ? PRSTATUS64_SIZE : PRSTATUS32_SIZE;

	if (dsz < need)
		return vms_error_set(-EPROTO, "NT_PRSTATUS note %u is %u bytes, expected %u",
		                     c->nprstatus, dsz, need);
	r = vcpu_slot(c, c->nprstatus++);
	if (!r)
		return -EPROTO;
	/* A QEMU note for this vCPU, if any, is more complete; it comes after
	 * all the prstatus notes, so it simply overwrites. */
	if (wide) {
		decode_regs(r, d + PRSTATUS64_REGS, REG_FIELDS(prstatus64_fields));
		r->valid |= VMS_X86_REGS_FSGS_BASE;
	} else {
		decode_regs(r, d + PRSTATUS32_REGS, REG_FIELDS(prstatus32_fields));
	}
	r->valid |= VMS_X86_REGS_GPR;
	return 0;
}

static int note_name_is(const uint8_t *name, uint32_t namesz, const char *want)
{
	size_t n = strlen(want);

	/* namesz counts the terminating NUL; some writers omit it. */
	return (namesz == n + 1 || namesz == n) && memcmp(name, want, n) == 0;
}

static int parse_notes(struct elf_ctx *c, uint64_t off, uint64_t size, unsigned phidx)
{
	const uint8_t *p = c->buf + off;
	uint64_t pos = 0;
	int ret;

	/* Each note takes at least 12 bytes, so this ends within size / 12 steps. */
	while (size - pos >= 12) {
		uint32_t namesz = vms_le32(p + pos);
		uint32_t descsz = vms_le32(p + pos + 4);
		uint32_t type = vms_le32(p + pos + 8);
		uint64_t name_off = pos + 12;
		uint64_t desc_off = name_off + (((uint64_t)namesz + 3) & ~3ull);
		uint64_t next = desc_off + (((uint64_t)descsz + 3) & ~3ull);
		uint64_t at = off + pos;

		if (desc_off > size || !vms_in_bounds(desc_off, descsz, size))
			return vms_error_set(-EPROTO,
			                     "program header %u: note at offset 0x%llx (name %u, "
			                     "data %u bytes) runs past the end of its segment",
			                     phidx, (unsigned long long)at, namesz, descsz);
		if (note_name_is(p + name_off, namesz, "CORE") && type == NT_PRSTATUS)
			ret = note_prstatus(c, p + desc_off, descsz);
		else if (note_name_is(p + name_off, namesz, "QEMU") && type == 0)
			ret = note_qemu(c, p + desc_off, descsz);
		else if (note_name_is(p + name_off, namesz, "VMCOREINFO")) {
			c->l->vmcoreinfo = p + desc_off;
			c->l->vmcoreinfo_len = descsz;
			ret = 0;
		} else
			ret = 0;
		if (ret)
			return ret;
		if (next > size)
			break; /* the last note's padding may be cut off */
		pos = next;
	}
	return 0;
}

/* After the notes: the two kinds of vCPU note must agree in number, and
 * every vCPU gets what can be known of its EFER. */
static int finish_vcpus(struct elf_ctx *c)
{
	if (c->nqemu && c->nprstatus && c->nqemu != c->nprstatus)
		return vms_error_set(-EPROTO, "%u NT_PRSTATUS notes but %u QEMU CPU notes",
		                     c->nprstatus, c->nqemu);
	for (unsigned i = 0; i < c->l->nvcpus; i++) {
		if (!(c->l->vcpus[i].valid & VMS_X86_REGS_CONTROL))
			derive_efer(c, &c->l->vcpus[i]);
	}
	return 0;
}

int vms__elf_notes_parse(struct vms__snap_layout *l, const uint8_t *notes, size_t len, int x86_64)
{
	struct elf_ctx c = { .buf = notes, .len = len, .l = l };
	int ret;

	c.machine = x86_64 ? EM_X86_64 : EM_386;
	ret = parse_notes(&c, 0, len, 0);
	return ret ? ret : finish_vcpus(&c);
}

/* The fields of an ELF header and program header that matter here, read for
 * either class. */
struct phdr {
	uint32_t type;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

static void read_phdr(const struct elf_ctx *c, const uint8_t *p, struct phdr *ph)
{
	ph->type = vms_le32(p);
	if (c->is64) {
		ph->offset = vms_le64(p + 8);
		ph->vaddr = vms_le64(p + 16);
		ph->paddr = vms_le64(p + 24);
		ph->filesz = vms_le64(p + 32);
		ph->memsz = vms_le64(p + 40);
	} else {
		ph->offset = vms_le32(p + 4);
		ph->vaddr = vms_le32(p + 8);
		ph->paddr = vms_le32(p + 12);
		ph->filesz = vms_le32(p + 16);
		ph->memsz = vms_le32(p + 20);
	}
}

/* e_phnum, or for PN_XNUM the real count from section header 0's sh_info. */
static int phdr_count(const struct elf_ctx *c, uint64_t *out)
{
	const uint8_t *b = c->buf;
	uint64_t phnum = vms_le16(b + (c->is64 ? 56 : 44));
	uint64_t shoff = c->is64 ? vms_le64(b + 40) : vms_le32(b + 32);
	uint16_t shentsize = vms_le16(b + (c->is64 ? 58 : 46));
	uint16_t want = c->is64 ? 64 : 40;

	if (phnum == PN_XNUM) {
		if (shentsize != want || !vms_in_bounds(shoff, want, c->len))
			return vms_error_set(-EPROTO,
			                     "e_phnum is PN_XNUM but section header 0 (offset "
			                     "0x%llx, entry size %u) is not in the file",
			                     (unsigned long long)shoff, shentsize);
		phnum = vms_le32(b + shoff + (c->is64 ? 44 : 28));
	}
	*out = phnum;
	return 0;
}

int vms__elf_core_parse(struct vms__snap_layout *out, const uint8_t *buf, size_t len)
{
	struct elf_ctx c = { .buf = buf, .len = len, .l = out };
	struct vms__snap_range *ranges = NULL;
	uint64_t phoff, phnum = 0, nranges = 0, nloads = 0, nzero = 0;
	uint16_t phentsize, type;
	int paging = 0, ret;

	memset(out, 0, sizeof(*out));
	if (len < 16 || memcmp(buf, "\177ELF", 4) != 0)
		return vms_error_set(-ENOEXEC, "not an ELF file");
	if (buf[4] != 1 && buf[4] != 2)
		return vms_error_set(-EPROTO, "ELF class %u is neither 32- nor 64-bit", buf[4]);
	c.is64 = buf[4] == 2;
	if (buf[5] != 1)
		return vms_error_set(-EPROTO,
		                     "big-endian ELF (EI_DATA %u); x86 dumps are little-endian",
		                     buf[5]);
	if (len < (c.is64 ? 64u : 52u))
		return vms_error_set(
		        -EPROTO, "truncated: the file (%zu bytes) ends inside the ELF header", len);
	type = vms_le16(buf + 16);
	c.machine = vms_le16(buf + 18);
	if (type != ET_CORE)
		return vms_error_set(-ENOEXEC, "an ELF file but not a core dump (e_type %u)", type);
	if (c.machine != EM_X86_64 && c.machine != EM_386)
		return vms_error_set(-EPROTO, "an ELF core of machine %u; vmscope reads x86 guests",
		                     c.machine);
	phoff = c.is64 ? vms_le64(buf + 32) : vms_le32(buf + 28);
	phentsize = vms_le16(buf + (c.is64 ? 54 : 42));
	if (phentsize != (c.is64 ? 56 : 32))
		return vms_error_set(-EPROTO, "e_phentsize is %u, expected %u", phentsize,
		                     c.is64 ? 56 : 32);
	ret = phdr_count(&c, &phnum);
	if (ret)
		return ret;
	if (!phnum)
		return vms_error_set(-EPROTO, "the ELF core has no program headers");
	if (phnum > (len / phentsize) || !vms_in_bounds(phoff, phnum * phentsize, len))
		return vms_error_set(
		        -EPROTO,
		        "truncated: %llu program headers at offset 0x%llx do not fit in "
		        "the file (%zu bytes)",
		        (unsigned long long)phnum, (unsigned long long)phoff, len);
	ranges = calloc(phnum, sizeof(*ranges));
	if (!ranges)
		return vms_error_set(-ENOMEM, "out of memory");
	for (uint64_t i = 0; i < phnum; i++) {
		struct phdr ph;

		read_phdr(&c, buf + phoff + i * phentsize, &ph);
		if (ph.type != PT_LOAD && ph.type != PT_NOTE)
			continue;
		if (!vms_in_bounds(ph.offset, ph.filesz, len)) {
			ret = vms_error_set(
			        -EPROTO,
			        "truncated: program header %llu's data [0x%llx, +0x%llx) "
			        "runs past the end of the file (%zu bytes)",
			        (unsigned long long)i, (unsigned long long)ph.offset,
			        (unsigned long long)ph.filesz, len);
			goto fail;
		}
		if (ph.type == PT_NOTE) {
			ret = parse_notes(&c, ph.offset, ph.filesz, (unsigned)i);
			if (ret)
				goto fail;
			continue;
		}
		if (ph.filesz > ph.memsz || ph.paddr + ph.memsz < ph.paddr) {
			ret = vms_error_set(-EPROTO,
			                    "program header %llu: file size 0x%llx, memory size "
			                    "0x%llx at paddr 0x%llx is impossible",
			                    (unsigned long long)i, (unsigned long long)ph.filesz,
			                    (unsigned long long)ph.memsz,
			                    (unsigned long long)ph.paddr);
			goto fail;
		}
		nloads++;
		nzero += ph.paddr == 0;
		paging |= ph.vaddr != ph.paddr;
		/* Bytes past p_filesz are not in the dump (QEMU writes none for
		 * MMIO a paging dump maps); they are not offered as zeros. */
		if (ph.filesz)
			ranges[nranges++] =
			        (struct vms__snap_range){ ph.paddr, ph.filesz, ph.offset };
	}
	if (nloads > 1 && nzero == nloads) {
		ret = vms_error_set(-EPROTO, "the ELF core gives no physical addresses (every "
		                             "PT_LOAD has p_paddr 0)");
		goto fail;
	}
	ret = finish_vcpus(&c);
	if (ret)
		goto fail;
	ret = vms__snap_layout_set_ranges(out, ranges, nranges, "program header");
	ranges = NULL;
	if (ret)
		goto fail;
	(void)snprintf(out->format, sizeof(out->format), "ELF core%s, %s",
	               c.nqemu ? (paging ? " (QEMU dump-guest-memory, with paging)"
	                                 : " (QEMU dump-guest-memory)")
	                       : "",
	               c.machine == EM_X86_64 ? "x86-64" : "i386");
	return 0;
fail:
	free(ranges);
	vms__snap_layout_free(out);
	return ret;
}
