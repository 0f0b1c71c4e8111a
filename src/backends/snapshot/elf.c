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
	struct vms_snap_layout *l;
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
	static const size_t gpr_order[] = {
		offsetof(struct vms_x86_regs, rax), offsetof(struct vms_x86_regs, rbx),
		offsetof(struct vms_x86_regs, rcx), offsetof(struct vms_x86_regs, rdx),
		offsetof(struct vms_x86_regs, rsi), offsetof(struct vms_x86_regs, rdi),
		offsetof(struct vms_x86_regs, rsp), offsetof(struct vms_x86_regs, rbp),
		offsetof(struct vms_x86_regs, r8),  offsetof(struct vms_x86_regs, r9),
		offsetof(struct vms_x86_regs, r10), offsetof(struct vms_x86_regs, r11),
		offsetof(struct vms_x86_regs, r12), offsetof(struct vms_x86_regs, r13),
		offsetof(struct vms_x86_regs, r14), offsetof(struct vms_x86_regs, r15),
		offsetof(struct vms_x86_regs, rip), offsetof(struct vms_x86_regs, rflags),
	};
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
	for (size_t i = 0; i < sizeof(gpr_order) / sizeof(gpr_order[0]); i++)
		memcpy((char *)r + gpr_order[i], d + 8 + 8 * i, 8);
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
	r->valid |= VMS_X86_REGS_GPR | VMS_X86_REGS_SEGMENTS | VMS_X86_REGS_DTABLES |
	            VMS_X86_REGS_CONTROL | VMS_X86_REGS_FSGS_BASE;
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
		const uint8_t *g = d + PRSTATUS64_REGS;

		r->r15 = vms_le64(g + 0);
		r->r14 = vms_le64(g + 8);
		r->r13 = vms_le64(g + 16);
		r->r12 = vms_le64(g + 24);
		r->rbp = vms_le64(g + 32);
		r->rbx = vms_le64(g + 40);
		r->r11 = vms_le64(g + 48);
		r->r10 = vms_le64(g + 56);
		r->r9 = vms_le64(g + 64);
		r->r8 = vms_le64(g + 72);
		r->rax = vms_le64(g + 80);
		r->rcx = vms_le64(g + 88);
		r->rdx = vms_le64(g + 96);
		r->rsi = vms_le64(g + 104);
		r->rdi = vms_le64(g + 112);
		r->rip = vms_le64(g + 128);
		r->cs.selector = (uint16_t)vms_le64(g + 136);
		r->rflags = vms_le64(g + 144);
		r->rsp = vms_le64(g + 152);
		r->ss.selector = (uint16_t)vms_le64(g + 160);
		r->fs_base = vms_le64(g + 168);
		r->gs_base = vms_le64(g + 176);
		r->ds.selector = (uint16_t)vms_le64(g + 184);
		r->es.selector = (uint16_t)vms_le64(g + 192);
		r->fs.selector = (uint16_t)vms_le64(g + 200);
		r->gs.selector = (uint16_t)vms_le64(g + 208);
		r->valid |= VMS_X86_REGS_FSGS_BASE;
	} else {
		const uint8_t *g = d + PRSTATUS32_REGS;

		r->rbx = vms_le32(g + 0);
		r->rcx = vms_le32(g + 4);
		r->rdx = vms_le32(g + 8);
		r->rsi = vms_le32(g + 12);
		r->rdi = vms_le32(g + 16);
		r->rbp = vms_le32(g + 20);
		r->rax = vms_le32(g + 24);
		r->ds.selector = vms_le16(g + 28);
		r->es.selector = vms_le16(g + 32);
		r->fs.selector = vms_le16(g + 36);
		r->gs.selector = vms_le16(g + 40);
		r->rip = vms_le32(g + 48);
		r->cs.selector = vms_le16(g + 52);
		r->rflags = vms_le32(g + 56);
		r->rsp = vms_le32(g + 60);
		r->ss.selector = vms_le16(g + 64);
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

int vms_elf_core_parse(struct vms_snap_layout *out, const uint8_t *buf, size_t len)
{
	struct elf_ctx c = { .buf = buf, .len = len, .l = out };
	struct vms_snap_range *ranges = NULL;
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
			        (struct vms_snap_range){ ph.paddr, ph.filesz, ph.offset };
	}
	if (nloads > 1 && nzero == nloads) {
		ret = vms_error_set(-EPROTO, "the ELF core gives no physical addresses (every "
		                             "PT_LOAD has p_paddr 0)");
		goto fail;
	}
	if (c.nqemu && c.nprstatus && c.nqemu != c.nprstatus) {
		ret = vms_error_set(-EPROTO, "%u NT_PRSTATUS notes but %u QEMU CPU notes",
		                    c.nprstatus, c.nqemu);
		goto fail;
	}
	for (unsigned i = 0; i < out->nvcpus; i++) {
		if (!(out->vcpus[i].valid & VMS_X86_REGS_CONTROL))
			derive_efer(&c, &out->vcpus[i]);
	}
	ret = vms_snap_layout_set_ranges(out, ranges, nranges, "program header");
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
	vms_snap_layout_free(out);
	return ret;
}
