// SPDX-License-Identifier: LGPL-2.1-or-later
/* Paging modes from control registers (SDM vol. 3, table 4-1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <vmscope/x86.h>

static void test_modes(void **state)
{
	static const struct {
		uint32_t valid;
		uint64_t cr0, cr4, efer;
		enum vms_x86_paging_mode want;
	} cases[] = {
		{ 0, 0x80000011, 0x20, 0x500, VMS_X86_PAGING_UNKNOWN },
		{ VMS_X86_REGS_CONTROL, 0x11, 0x20, 0, VMS_X86_PAGING_NONE },
		{ VMS_X86_REGS_CONTROL, 0x80000011, 0x10, 0, VMS_X86_PAGING_LEGACY32 },
		/* PAE set but EFER unknown: 3-level or 4-level cannot be told. */
		{ VMS_X86_REGS_CONTROL, 0x80000011, 0x20, 0, VMS_X86_PAGING_UNKNOWN },
		{ VMS_X86_REGS_CONTROL | VMS_X86_REGS_EFER, 0x80000011, 0x20, 0x800,
		  VMS_X86_PAGING_PAE },
		{ VMS_X86_REGS_CONTROL | VMS_X86_REGS_EFER, 0x80050033, 0x3506f0, 0xd01,
		  VMS_X86_PAGING_IA32E_4 },
		{ VMS_X86_REGS_CONTROL | VMS_X86_REGS_EFER_DERIVED, 0x80050033, 0x6b0, 0x500,
		  VMS_X86_PAGING_IA32E_4 },
		{ VMS_X86_REGS_CONTROL | VMS_X86_REGS_EFER, 0x80050033, 0x3516f0, 0xd01,
		  VMS_X86_PAGING_IA32E_5 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vms_x86_regs r = { .valid = cases[i].valid,
			                  .cr0 = cases[i].cr0,
			                  .cr4 = cases[i].cr4,
			                  .efer = cases[i].efer };

		assert_int_equal(vms_x86_paging_mode(&r), cases[i].want);
	}
	assert_int_equal(vms_x86_paging_mode(NULL), VMS_X86_PAGING_UNKNOWN);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(vms_x86_paging_mode_name(VMS_X86_PAGING_IA32E_4), "ia32e-4level");
	assert_string_equal(vms_x86_paging_mode_name(VMS_X86_PAGING_IA32E_5), "ia32e-5level");
	assert_string_equal(vms_x86_paging_mode_name(VMS_X86_PAGING_PAE), "pae");
	assert_string_equal(vms_x86_paging_mode_name(VMS_X86_PAGING_LEGACY32), "legacy32");
	assert_string_equal(vms_x86_paging_mode_name(VMS_X86_PAGING_NONE), "none");
	assert_string_equal(vms_x86_paging_mode_name((enum vms_x86_paging_mode)99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
