// SPDX-License-Identifier: LGPL-2.1-or-later
/* x86 translation on synthetic page tables: every mode and page size, the
 * edges of the address space, every way a walk can fail, the translation
 * cache and its flushes, and the reads built on it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <vmscope/vmscope.h>

#include "elfcore.h"
#include "synthmem.h"
#include "testutil.h"

#define MEM (16u << 20)

struct fixture {
	struct synthmem *m;
	struct vms_target *t;
	uint64_t root;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->m = synthmem_new(MEM);
	assert_int_equal(synthmem_open(&f->t, f->m), 0);
	f->root = synthmem_page(f->m);
	/* Data pages hold a pattern that says where they are. */
	for (uint64_t a = 0; a < 8u << 20; a++)
		f->m->mem[a] = elfcore_byte(a);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	vms_target_close(f->t);
	synthmem_free(f->m);
	free(f);
	return 0;
}

static void assert_error_mentions(const char *needle)
{
	if (!strstr(vms_error_last(), needle))
		fail_msg("error '%s' does not mention '%s'", vms_error_last(), needle);
}

static uint64_t translate_ok(struct fixture *f, uint64_t gva, uint64_t want_size, unsigned steps)
{
	struct vms_translation tr = { .sz = sizeof(tr) };

	if (vms_translate_gva(&tr, f->t, f->root, gva))
		fail_msg("0x%llx: %s", (unsigned long long)gva, vms_error_last());
	assert_int_equal(tr.page_size, want_size);
	assert_int_equal(tr.nsteps, steps);
	if (steps)
		assert_true(tr.steps[steps - 1].leaf);
	return tr.gpa;
}

static void test_unknown_mode(void **state)
{
	struct fixture *f = *state;
	struct vms_translation tr = { .sz = sizeof(tr) };
	uint8_t b;

	assert_int_equal(vms_x86_target_paging_mode(f->t), VMS_X86_PAGING_UNKNOWN);
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x1000), -EINVAL);
	assert_error_mentions("paging mode is unknown");
	assert_int_equal(vms_read_u8_gva(&b, f->t, f->root, 0x1000), -EINVAL);
	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_UNKNOWN), -EINVAL);
	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_NONE), 0);
	assert_int_equal(translate_ok(f, 0x1234, 0x1000, 0), 0x1234);
	assert_int_equal(vms_read_u8_gva(&b, f->t, f->root, 0x1234), 0);
	assert_int_equal(b, elfcore_byte(0x1234));
}

static void test_ia32e_4level(void **state)
{
	struct fixture *f = *state;
	struct vms_translation tr = { .sz = sizeof(tr) };

	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_IA32E_4), 0);
	pt_map_ia32e(f->m, f->root, 4, 0x7f0000001000ull, 0x5000, 0x1000, SM_RW | SM_US, 0);
	pt_map_ia32e(f->m, f->root, 4, 0xffff888000200000ull, 0x200000, 0x200000, SM_RW | SM_G, 0);
	pt_map_ia32e(f->m, f->root, 4, 0xffffffff80000000ull, 0, 0x40000000, SM_XD, 0);
	/* The top of the canonical space, and large pages at the last slot
	 * of their tables. */
	pt_map_ia32e(f->m, f->root, 4, 0xfffffffffffff000ull, 0x7000, 0x1000, 0, 0);
	pt_map_ia32e(f->m, f->root, 4, 0xffff88803fe00000ull, 0x400000, 0x200000, 0, 0);
	pt_map_ia32e(f->m, f->root, 4, 0x00007fffc0000000ull, 0x40000000, 0x40000000, 0, 0);

	assert_int_equal(translate_ok(f, 0x7f0000001abcull, 0x1000, 4), 0x5abc);
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x7f0000001abcull), 0);
	assert_int_equal(tr.flags & (VMS_PAGE_WRITE | VMS_PAGE_USER | VMS_PAGE_NX),
	                 VMS_PAGE_WRITE | VMS_PAGE_USER);
	assert_int_equal(tr.steps[0].level, 4);
	assert_int_equal(tr.steps[0].entry_gpa, f->root + ((0x7f0000001abcull >> 39) & 511) * 8);
	assert_int_equal(tr.steps[3].level, 1);
	assert_int_equal(tr.steps[3].entry & 0xfffff000, 0x5000);

	assert_int_equal(translate_ok(f, 0xffff888000212345ull, 0x200000, 3), 0x212345);
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0xffff888000212345ull), 0);
	assert_true(tr.flags & VMS_PAGE_GLOBAL);
	assert_false(tr.flags & VMS_PAGE_USER); /* the leaf lacks US */
	assert_int_equal(translate_ok(f, 0xffffffff81234567ull, 0x40000000, 2), 0x1234567);
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0xffffffff81234567ull), 0);
	assert_true(tr.flags & VMS_PAGE_NX);
	assert_false(tr.flags & VMS_PAGE_WRITE);
	assert_int_equal(translate_ok(f, 0xffffffffffffffffull, 0x1000, 4), 0x7fff);
	assert_int_equal(translate_ok(f, 0xffff88803fffffffull, 0x200000, 3), 0x5fffff);
	assert_int_equal(translate_ok(f, 0x00007fffffffffffull, 0x40000000, 2), 0x7fffffff);
	/* PCID bits in CR3 do not matter. */
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root | 0x123, 0x7f0000001000ull), 0);
	assert_int_equal(tr.gpa, 0x5000);
}

static void test_ia32e_faults(void **state)
{
	struct fixture *f = *state;
	struct vms_translation tr = { .sz = sizeof(tr) };
	uint64_t pde, pml4e;

	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_IA32E_4), 0);
	pde = pt_map_ia32e(f->m, f->root, 4, 0xffff888000200000ull, 0x200000, 0x200000, SM_RW, 0);
	pt_map_ia32e(f->m, f->root, 4, 0x400000, 0x3000, 0x1000, SM_RW, 0);

	/* Not present at each level. */
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x0000100000000000ull), -EFAULT);
	assert_int_equal(tr.nsteps, 1);
	assert_error_mentions("PML4E is not present");
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x40000000), -EFAULT);
	assert_int_equal(tr.nsteps, 2);
	assert_error_mentions("PDPTE is not present");
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x600000), -EFAULT);
	assert_int_equal(tr.nsteps, 3);
	assert_error_mentions("PDE is not present");
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x401000), -EFAULT);
	assert_int_equal(tr.nsteps, 4);
	assert_error_mentions("PTE is not present");

	/* Reserved bits: a large page's low address bits, PS in a PML4E. */
	synthmem_w64(f->m, pde, synthmem_r64(f->m, pde) | (1ull << 13));
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0xffff888000200000ull), -EFAULT);
	assert_error_mentions("PDE maps a large page with reserved bits set");
	pml4e = f->root + ((0x400000ull >> 39) & 511) * 8;
	synthmem_w64(f->m, pml4e, synthmem_r64(f->m, pml4e) | SM_PS);
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x400000), -EFAULT);
	assert_error_mentions("PML4E has the reserved PS bit set");

	/* Non-canonical: nothing is read. */
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x0000800000000000ull), -EFAULT);
	assert_int_equal(tr.nsteps, 0);
	assert_error_mentions("not canonical for 4-level");

	/* A table pointing outside the target's memory. */
	synthmem_w64(f->m, pml4e, 0x7ff00000000ull | SM_P | SM_RW);
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x400000), -EFAULT);
	assert_error_mentions("PDPTE at gpa 0x7ff00000000 is not in the target's memory");
}

static uint64_t sext48(uint64_t v)
{
	return (uint64_t)((int64_t)(v << 16) >> 16);
}

static void test_self_reference(void **state)
{
	struct fixture *f = *state;
	uint64_t gva = sext48((510ull << 39) | (510ull << 30) | (510ull << 21) | (510ull << 12));
	uint8_t page[0x1000];

	/* The recursive slot: PML4[510] points at the PML4 itself, so the walk
	 * for this address visits the root four times and ends on it. */
	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_IA32E_4), 0);
	synthmem_w64(f->m, f->root + 510 * 8, f->root | SM_P | SM_RW);
	assert_int_equal(translate_ok(f, gva + 0x18, 0x1000, 4), f->root + 0x18);
	assert_int_equal(vms_read_gva(page, NULL, f->t, f->root, gva, sizeof(page)), 0);
	assert_memory_equal(page, f->m->mem + f->root, sizeof(page));
}

static void test_ia32e_5level(void **state)
{
	struct fixture *f = *state;
	struct vms_translation tr = { .sz = sizeof(tr) };

	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_IA32E_5), 0);
	pt_map_ia32e(f->m, f->root, 5, 0xff11223344556000ull, 0x6000, 0x1000, SM_RW, 0);
	pt_map_ia32e(f->m, f->root, 5, 0x00ff000000000000ull, 0x200000, 0x200000, SM_RW, 0);
	pt_map_ia32e(f->m, f->root, 5, 0xfffffffffffff000ull, 0x7000, 0x1000, 0, 0);
	assert_int_equal(translate_ok(f, 0xff11223344556789ull, 0x1000, 5), 0x6789);
	assert_int_equal(translate_ok(f, 0x00ff000000012345ull, 0x200000, 4), 0x212345);
	assert_int_equal(translate_ok(f, 0xffffffffffffff00ull, 0x1000, 5), 0x7f00);
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x0100000000000000ull), -EFAULT);
	assert_error_mentions("not canonical for 5-level");
	/* The same 56-bit address is not canonical with 4 levels. */
	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_IA32E_4), 0);
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x00ff000000012345ull), -EFAULT);
}

static void test_pae(void **state)
{
	struct fixture *f = *state;
	struct vms_translation tr = { .sz = sizeof(tr) };
	/* A PDPT need only be 32-byte aligned. */
	uint64_t pdpt = f->root + 0x40;
	uint64_t root = f->root;

	f->root = pdpt;
	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_PAE), 0);
	pt_map_pae(f->m, pdpt, 0xc0001000, 0x3000, 0x1000, SM_RW | SM_XD);
	pt_map_pae(f->m, pdpt, 0xc0400000, 0x600000, 0x200000, SM_RW | SM_US);
	pt_map_pae(f->m, pdpt, 0x00001000, 0x4000, 0x1000, SM_RW | SM_US);
	assert_int_equal(translate_ok(f, 0xc0001fff, 0x1000, 3), 0x3fff);
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0xc0001000), 0);
	assert_true(tr.flags & VMS_PAGE_NX);
	assert_int_equal(tr.steps[0].entry_gpa, pdpt + 3 * 8);
	assert_int_equal(translate_ok(f, 0xc04abcde, 0x200000, 2), 0x6abcde);
	assert_int_equal(translate_ok(f, 0x1010, 0x1000, 3), 0x4010);
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x40000000), -EFAULT);
	assert_error_mentions("PDPTE is not present");
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x100000000ull), -EFAULT);
	assert_error_mentions("beyond 32 bits");
	synthmem_w64(f->m, pdpt, synthmem_r64(f->m, pdpt) | SM_RW);
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x1000), -EFAULT);
	assert_error_mentions("PDPTE has reserved bits set");
	f->root = root;
}

static void test_legacy32(void **state)
{
	struct fixture *f = *state;
	struct vms_translation tr = { .sz = sizeof(tr) };
	uint64_t pde;

	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_LEGACY32), 0);
	pt_map_legacy(f->m, f->root, 0xc0001000, 0x2000, 0x1000, SM_RW);
	pt_map_legacy(f->m, f->root, 0xfffff000, 0x3000, 0x1000, SM_RW);
	pde = pt_map_legacy(f->m, f->root, 0xc0800000, 0x400000, 0x400000, SM_RW);
	/* PSE-36: a 4 MiB page above 4 GiB. */
	pt_map_legacy(f->m, f->root, 0xc0c00000, 0x1ffc00000ull, 0x400000, 0);
	assert_int_equal(translate_ok(f, 0xc0001234, 0x1000, 2), 0x2234);
	assert_int_equal(translate_ok(f, 0xffffffff, 0x1000, 2), 0x3fff);
	assert_int_equal(translate_ok(f, 0xc0912345, 0x400000, 1), 0x512345);
	assert_int_equal(translate_ok(f, 0xc0c00010, 0x400000, 1), 0x1ffc00010ull);
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x00400000), -EFAULT);
	assert_error_mentions("PDE is not present");
	synthmem_w32(f->m, pde, (uint32_t)(synthmem_r64(f->m, pde) | (1u << 21)));
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0xc0800000), -EFAULT);
	assert_error_mentions("reserved bits");
}

static void test_cache_and_flush(void **state)
{
	struct fixture *f = *state;
	struct vms_translation tr = { .sz = sizeof(tr) };
	uint64_t pte, gpa, other = synthmem_page(f->m);

	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_IA32E_4), 0);
	pte = pt_map_ia32e(f->m, f->root, 4, 0x10000, 0x5000, 0x1000, SM_RW, 0);
	assert_int_equal(vms_gva_to_gpa(&gpa, f->t, f->root, 0x10010), 0);
	assert_int_equal(gpa, 0x5010);
	/* The guest remaps the page: the cache still answers the old way... */
	synthmem_w64(f->m, pte, 0x9000 | SM_P | SM_RW);
	assert_int_equal(vms_gva_to_gpa(&gpa, f->t, f->root, 0x10010), 0);
	assert_int_equal(gpa, 0x5010);
	/* ...while a walk sees the new entry. */
	assert_int_equal(vms_translate_gva(&tr, f->t, f->root, 0x10010), 0);
	assert_int_equal(tr.gpa, 0x9010);
	/* Flushing another root changes nothing; flushing this one does. */
	vms_flush_translations(f->t, other);
	assert_int_equal(vms_gva_to_gpa(&gpa, f->t, f->root, 0x10010), 0);
	assert_int_equal(gpa, 0x5010);
	vms_flush_translations(f->t, f->root | 0x5); /* PCID bits ignored */
	assert_int_equal(vms_gva_to_gpa(&gpa, f->t, f->root, 0x10010), 0);
	assert_int_equal(gpa, 0x9010);
	synthmem_w64(f->m, pte, 0xa000 | SM_P | SM_RW);
	vms_flush_translations(f->t, VMS_ALL_ROOTS);
	assert_int_equal(vms_gva_to_gpa(&gpa, f->t, f->root, 0x10010), 0);
	assert_int_equal(gpa, 0xa010);
	/* A page that is not mapped is not cached either. */
	assert_int_equal(vms_gva_to_gpa(&gpa, f->t, f->root, 0x20000), -EFAULT);
	pt_map_ia32e(f->m, f->root, 4, 0x20000, 0xb000, 0x1000, SM_RW, 0);
	assert_int_equal(vms_gva_to_gpa(&gpa, f->t, f->root, 0x20000), 0);
	assert_int_equal(gpa, 0xb000);
	/* Changing the mode flushes. */
	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_IA32E_4), 0);
	synthmem_w64(f->m, pte, 0xc000 | SM_P | SM_RW);
	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_IA32E_4), 0);
	assert_int_equal(vms_gva_to_gpa(&gpa, f->t, f->root, 0x10000), 0);
	assert_int_equal(gpa, 0xc000);
}

static void test_reads(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[0x3000];
	uint64_t v64, ptr;
	uint32_t v32;
	uint16_t v16;
	char str[64];
	size_t n, len;

	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_IA32E_4), 0);
	/* Two virtually adjacent pages far apart physically, then a hole. */
	pt_map_ia32e(f->m, f->root, 4, 0x7000000000ull, 0x30000, 0x1000, SM_RW, 0);
	pt_map_ia32e(f->m, f->root, 4, 0x7000001000ull, 0x10000, 0x1000, SM_RW, 0);
	assert_int_equal(vms_read_gva(buf, &n, f->t, f->root, 0x7000000ff0ull, 0x20), 0);
	assert_int_equal(n, 0x20);
	assert_int_equal(buf[0], elfcore_byte(0x30ff0));
	assert_int_equal(buf[0x10], elfcore_byte(0x10000));
	assert_int_equal(vms_read_gva(buf, &n, f->t, f->root, 0x7000001ff0ull, 0x20), -EFAULT);
	assert_int_equal(n, 0x10);
	assert_error_mentions("gva 0x7000002000");

	assert_int_equal(vms_read_u16_gva(&v16, f->t, f->root, 0x7000000ffeull), 0);
	assert_int_equal(v16, elfcore_byte(0x30ffe) | elfcore_byte(0x30fff) << 8);
	assert_int_equal(vms_read_u32_gpa(&v32, f->t, 0x100), 0);
	assert_memory_equal(&v32, f->m->mem + 0x100, 4);
	assert_int_equal(vms_read_u64_gva(&v64, f->t, f->root, 0x7000000ffcull), 0);
	assert_int_equal(v64 & 0xffffffff, (uint64_t)elfcore_byte(0x30ffc) |
	                                           (uint64_t)elfcore_byte(0x30ffd) << 8 |
	                                           (uint64_t)elfcore_byte(0x30ffe) << 16 |
	                                           (uint64_t)elfcore_byte(0x30fff) << 24);
	assert_int_equal(vms_read_ptr_gva(&ptr, f->t, f->root, 0x7000000ffcull), 0);
	assert_int_equal(ptr, v64);
	assert_int_equal(vms_read_u64_gpa(&v64, f->t, MEM - 4), -EFAULT);

	/* Strings: terminated, too long, and running into the hole. */
	memcpy(f->m->mem + 0x30ffa, "hello", 6);
	assert_int_equal(vms_read_str_gva(str, sizeof(str), &len, f->t, f->root, 0x7000000ffaull),
	                 0);
	assert_string_equal(str, "hello");
	assert_int_equal(len, 5);
	assert_int_equal(vms_read_str_gva(str, 4, &len, f->t, f->root, 0x7000000ffaull), -E2BIG);
	assert_string_equal(str, "hel");
	memset(f->m->mem + 0x10ff0, 'x', 0x10);
	assert_int_equal(vms_read_str_gva(str, sizeof(str), &len, f->t, f->root, 0x7000001ff0ull),
	                 -EFAULT);
	assert_int_equal(len, 16);
	assert_string_equal(str, "xxxxxxxxxxxxxxxx");

	/* Pointers are 4 bytes wide outside IA-32e. */
	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_NONE), 0);
	assert_int_equal(vms_read_ptr_gva(&ptr, f->t, 0, 0x100), 0);
	assert_int_equal(ptr, v32);
}

static void test_writes(void **state)
{
	struct fixture *f = *state;
	static const uint8_t msg[32] = "written across a page boundary";
	uint64_t pte, gpa;
	uint8_t back[32];
	size_t n;

	assert_int_equal(vms_x86_target_set_paging_mode(f->t, VMS_X86_PAGING_IA32E_4), 0);
	pt_map_ia32e(f->m, f->root, 4, 0x7000000000ull, 0x30000, 0x1000, SM_RW, 0);
	pte = pt_map_ia32e(f->m, f->root, 4, 0x7000001000ull, 0x10000, 0x1000, SM_RW, 0);
	/* Across two virtually adjacent pages far apart physically. */
	assert_int_equal(vms_write_gva(&n, f->t, f->root, 0x7000000ff0ull, msg, sizeof(msg)), 0);
	assert_int_equal(n, sizeof(msg));
	assert_memory_equal(f->m->mem + 0x30ff0, msg, 16);
	assert_memory_equal(f->m->mem + 0x10000, msg + 16, 16);
	assert_int_equal(vms_read_gva(back, &n, f->t, f->root, 0x7000000ff0ull, sizeof(back)), 0);
	assert_memory_equal(back, msg, sizeof(msg));
	/* Into the hole after them: the bytes before it are written. */
	assert_int_equal(vms_write_gva(&n, f->t, f->root, 0x7000001ff8ull, msg, 16), -EFAULT);
	assert_int_equal(n, 8);
	assert_memory_equal(f->m->mem + 0x10ff8, msg, 8);
	/* Writing a page-table entry is seen at once: writes flush the cache. */
	assert_int_equal(vms_gva_to_gpa(&gpa, f->t, f->root, 0x7000001000ull), 0);
	assert_int_equal(gpa, 0x10000);
	assert_int_equal(vms_write_gpa(&n, f->t, pte, &(uint64_t){ 0x20000 | SM_P | SM_RW }, 8), 0);
	assert_int_equal(vms_gva_to_gpa(&gpa, f->t, f->root, 0x7000001000ull), 0);
	assert_int_equal(gpa, 0x20000);
	assert_int_equal(vms_write_gpa(&n, f->t, MEM - 4, msg, 8), -EFAULT);
	assert_int_equal(n, 4);
}

static void test_mode_from_vcpu(void **state)
{
	struct elfcore_spec spec = { .nranges = 1,
		                     .ranges = { { .gpa = 0, .size = 0x1000 } },
		                     .nvcpus = 1 };
	struct vms_target *t;
	uint8_t *core;
	size_t len;

	(void)state;
	elfcore_sample_regs(&spec.regs[0], 0);
	spec.regs[0].cr4 |= VMS_X86_CR4_LA57;
	assert_int_equal(elfcore_build(&core, &len, &spec), 0);
	assert_int_equal(testutil_open_bytes(&t, core, len, NULL), 0);
	assert_int_equal(vms_x86_target_paging_mode(t), VMS_X86_PAGING_IA32E_5);
	vms_target_close(t);
	free(core);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unknown_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ia32e_4level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ia32e_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_self_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ia32e_5level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pae, setup, teardown),
		cmocka_unit_test_setup_teardown(test_legacy32, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_and_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes, setup, teardown),
		cmocka_unit_test(test_mode_from_vcpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
