// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdlib.h>
#include <string.h>

#include "elfcore.h"

struct buf {
	uint8_t *p;
	size_t len, cap;
};

static int put(struct buf *b, const void *data, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		uint8_t *p;

		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	if (data)
		memcpy(b->p + b->len, data, n);
	else
		memset(b->p + b->len, 0, n);
	b->len += n;
	return 0;
}

static void w16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}
static void w32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}
static void w64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static int note(struct buf *b, const char *name, uint32_t type, const uint8_t *desc, uint32_t dsz)
{
	uint8_t hdr[12];
	uint32_t nsz = (uint32_t)strlen(name) + 1;

	w32(hdr, nsz);
	w32(hdr + 4, dsz);
	w32(hdr + 8, type);
	if (put(b, hdr, 12) || put(b, name, nsz) || put(b, NULL, (4 - nsz % 4) % 4) ||
	    put(b, desc, dsz) || put(b, NULL, (4 - dsz % 4) % 4))
		return -1;
	return 0;
}

/* x86-64 struct elf_prstatus: registers (user_regs_struct) at 112. */
static void prstatus64(uint8_t *d, const struct vms_x86_regs *r, unsigned id)
{
	uint64_t g[27] = { r->r15,         r->r14,         r->r13,        r->r12,
		           r->rbp,         r->rbx,         r->r11,        r->r10,
		           r->r9,          r->r8,          r->rax,        r->rcx,
		           r->rdx,         r->rsi,         r->rdi,        0,
		           r->rip,         r->cs.selector, r->rflags,     r->rsp,
		           r->ss.selector, r->fs_base,     r->gs_base,    r->ds.selector,
		           r->es.selector, r->fs.selector, r->gs.selector };

	memset(d, 0, 336);
	w32(d + 32, id + 1);
	for (int i = 0; i < 27; i++)
		w64(d + 112 + 8 * i, g[i]);
}

/* i386 struct elf_prstatus: registers at 72, 32-bit, selectors as u16+pad. */
static void prstatus32(uint8_t *d, const struct vms_x86_regs *r, unsigned id)
{
	uint8_t *g = d + 72;

	memset(d, 0, 144);
	w32(d + 24, id + 1);
	w32(g + 0, (uint32_t)r->rbx);
	w32(g + 4, (uint32_t)r->rcx);
	w32(g + 8, (uint32_t)r->rdx);
	w32(g + 12, (uint32_t)r->rsi);
	w32(g + 16, (uint32_t)r->rdi);
	w32(g + 20, (uint32_t)r->rbp);
	w32(g + 24, (uint32_t)r->rax);
	w16(g + 28, r->ds.selector);
	w16(g + 32, r->es.selector);
	w16(g + 36, r->fs.selector);
	w16(g + 40, r->gs.selector);
	w32(g + 48, (uint32_t)r->rip);
	w16(g + 52, r->cs.selector);
	w32(g + 56, (uint32_t)r->rflags);
	w32(g + 60, (uint32_t)r->rsp);
	w16(g + 64, r->ss.selector);
}

/* QEMUCPUState, version 1, as target/i386/arch_dump.c defines it. */
static void qemu_state(uint8_t *d, const struct vms_x86_regs *r, uint32_t size)
{
	uint64_t g[18] = {
		r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi, r->rsp, r->rbp, r->r8,
		r->r9,  r->r10, r->r11, r->r12, r->r13, r->r14, r->r15, r->rip, r->rflags
	};
	const struct vms_x86_segment *segs[10] = { &r->cs, &r->ds,   &r->es, &r->fs,   &r->gs,
		                                   &r->ss, &r->ldtr, &r->tr, &r->gdtr, &r->idtr };

	memset(d, 0, size);
	w32(d, 1);
	w32(d + 4, size);
	for (int i = 0; i < 18; i++)
		w64(d + 8 + 8 * i, g[i]);
	for (int i = 0; i < 10; i++) {
		uint8_t *s = d + 152 + 24 * i;

		w32(s, segs[i]->selector);
		w32(s + 4, segs[i]->limit);
		w32(s + 8, segs[i]->flags);
		w64(s + 16, segs[i]->base);
	}
	w64(d + 392, r->cr0);
	w64(d + 392 + 16, r->cr2);
	w64(d + 392 + 24, r->cr3);
	w64(d + 392 + 32, r->cr4);
	if (size >= 440)
		w64(d + 432, r->kernel_gs_base);
}

int elfcore_build(uint8_t **out, size_t *len, const struct elfcore_spec *s)
{
	struct buf notes = { 0 }, b = { 0 };
	int is64 = !s->is32;
	size_t ehsz = is64 ? 64 : 52, phsz = is64 ? 56 : 32;
	size_t nph = 1 + s->nranges, data_off, off;
	uint16_t machine = s->machine ? s->machine : 62;
	uint32_t qsize = s->qemu_note_size ? s->qemu_note_size : 440;
	uint64_t range_off[ELFCORE_MAX_RANGES];
	uint8_t desc[512];

	if (!s->no_prstatus_notes) {
		for (unsigned i = 0; i < s->nvcpus; i++) {
			if (machine == 62)
				prstatus64(desc, &s->regs[i], i);
			else
				prstatus32(desc, &s->regs[i], i);
			if (note(&notes, "CORE", 1, desc, machine == 62 ? 336 : 144))
				goto fail;
		}
	}
	if (!s->no_qemu_notes) {
		for (unsigned i = 0; i < s->nvcpus; i++) {
			qemu_state(desc, &s->regs[i], qsize);
			if (note(&notes, "QEMU", 0, desc, qsize))
				goto fail;
		}
	}
	if (s->vmcoreinfo && note(&notes, "VMCOREINFO", 0, (const uint8_t *)s->vmcoreinfo,
	                          (uint32_t)strlen(s->vmcoreinfo)))
		goto fail;

	/* ELF header, program headers, [section header 0 for PN_XNUM], notes, data. */
	if (put(&b, NULL, ehsz + nph * phsz + (s->xnum ? (is64 ? 64 : 40) : 0)))
		goto fail;
	{
		uint8_t *e = b.p;

		memcpy(e, "\177ELF", 4);
		e[4] = is64 ? 2 : 1;
		e[5] = 1;
		e[6] = 1;
		w16(e + 16, 4);
		w16(e + 18, machine);
		w32(e + 20, 1);
		if (is64) {
			w64(e + 32, ehsz);
			w16(e + 52, (uint16_t)ehsz);
			w16(e + 54, (uint16_t)phsz);
			w16(e + 56, s->xnum ? 0xffff : (uint16_t)nph);
			if (s->xnum) {
				size_t sh = ehsz + nph * phsz;

				w64(e + 40, sh);
				w16(e + 58, 64);
				w16(e + 60, 1);
				w32(e + sh + 44, (uint32_t)nph);
			}
		} else {
			w32(e + 28, (uint32_t)ehsz);
			w16(e + 40, (uint16_t)ehsz);
			w16(e + 42, (uint16_t)phsz);
			w16(e + 44, s->xnum ? 0xffff : (uint16_t)nph);
			if (s->xnum) {
				size_t sh = ehsz + nph * phsz;

				w32(e + 32, (uint32_t)sh);
				w16(e + 46, 40);
				w16(e + 48, 1);
				w32(e + sh + 28, (uint32_t)nph);
			}
		}
	}
	data_off = b.len;
	if (put(&b, notes.p, notes.len))
		goto fail;
	off = b.len;
	for (size_t i = 0; i < nph; i++) {
		uint8_t *ph = b.p + ehsz + i * phsz;
		uint64_t o = i ? off : data_off, sz = i ? s->ranges[i - 1].size : notes.len;

		if (i && s->ranges[i - 1].alias) {
			unsigned j = s->ranges[i - 1].alias - 1;

			o = range_off[j] + (s->ranges[i - 1].gpa - s->ranges[j].gpa);
		}
		if (i)
			range_off[i - 1] = o;
		uint64_t pa = i ? s->ranges[i - 1].gpa : 0;
		uint64_t va = i && s->ranges[i - 1].vaddr ? s->ranges[i - 1].vaddr : pa;
		uint64_t msz = i && s->ranges[i - 1].memsz ? s->ranges[i - 1].memsz : sz;

		if (is64) {
			w32(ph, i ? 1 : 4);
			w64(ph + 8, o);
			w64(ph + 16, va);
			w64(ph + 24, pa);
			w64(ph + 32, sz);
			w64(ph + 40, msz);
		} else {
			w32(ph, i ? 1 : 4);
			w32(ph + 4, (uint32_t)o);
			w32(ph + 8, (uint32_t)va);
			w32(ph + 12, (uint32_t)pa);
			w32(ph + 16, (uint32_t)sz);
			w32(ph + 20, (uint32_t)msz);
		}
		if (i && !s->ranges[i - 1].alias)
			off += sz;
	}
	for (size_t i = 0; i < s->nranges; i++) {
		size_t at = b.len;

		if (s->ranges[i].alias)
			continue;
		if (put(&b, NULL, s->ranges[i].size))
			goto fail;
		for (uint64_t a = 0; a < s->ranges[i].size; a++)
			b.p[at + a] = elfcore_byte(s->ranges[i].gpa + a);
	}
	free(notes.p);
	*out = b.p;
	*len = b.len;
	return 0;
fail:
	free(notes.p);
	free(b.p);
	return -1;
}

void elfcore_sample_regs(struct vms_x86_regs *r, unsigned vcpu)
{
	memset(r, 0, sizeof(*r));
	r->rax = 0x1111 + vcpu;
	r->rbx = 0x2222;
	r->rcx = 0x3333;
	r->rdx = 0x4444;
	r->rsi = 0x5555;
	r->rdi = 0x6666;
	r->rsp = 0xffffc90000003e98ull + vcpu * 0x4000;
	r->rbp = 0x7777;
	r->r8 = 8;
	r->r9 = 9;
	r->r10 = 10;
	r->r11 = 11;
	r->r12 = 12;
	r->r13 = 13;
	r->r14 = 14;
	r->r15 = 15;
	r->rip = 0xffffffff81e3a7ebull + vcpu;
	r->rflags = 0x246;
	r->cs = (struct vms_x86_segment){ 0, 0xffffffff, 0x00af9b00, 0x10 };
	r->ss = (struct vms_x86_segment){ 0, 0xffffffff, 0x00cf9300, 0x18 };
	r->gs = (struct vms_x86_segment){ 0xffff88801f400000ull + vcpu * 0x40000, 0xffffffff, 0,
		                          0 };
	r->gdtr = (struct vms_x86_segment){ 0xfffffe0000001000ull, 0x7f, 0, 0 };
	r->idtr = (struct vms_x86_segment){ 0xfffffe0000000000ull, 0xfff, 0, 0 };
	r->cr0 = 0x80050033;
	r->cr2 = 0x7f0000001000ull + vcpu;
	r->cr3 = 0x2a0c000 + 0x1000 * vcpu;
	r->cr4 = 0x3506f0;
	r->kernel_gs_base = 0x7f1234560000ull;
	r->fs_base = r->fs.base;
	r->gs_base = r->gs.base;
}
