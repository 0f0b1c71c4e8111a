// SPDX-License-Identifier: LGPL-2.1-or-later
/* x86 paging modes, as the SDM (vol. 3, 4.1.1) derives them from CR0, CR4
 * and EFER. */
#include <vmscope/x86.h>

enum vms_x86_paging_mode vms_x86_paging_mode(const struct vms_x86_regs *regs)
{
	if (!regs || !(regs->valid & VMS_X86_REGS_CONTROL))
		return VMS_X86_PAGING_UNKNOWN;
	if (!(regs->cr0 & VMS_X86_CR0_PG))
		return VMS_X86_PAGING_NONE;
	if (!(regs->cr4 & VMS_X86_CR4_PAE))
		return VMS_X86_PAGING_LEGACY32;
	if (!(regs->valid & (VMS_X86_REGS_EFER | VMS_X86_REGS_EFER_DERIVED)))
		return VMS_X86_PAGING_UNKNOWN;
	if (!(regs->efer & VMS_X86_EFER_LMA))
		return VMS_X86_PAGING_PAE;
	return (regs->cr4 & VMS_X86_CR4_LA57) ? VMS_X86_PAGING_IA32E_5 : VMS_X86_PAGING_IA32E_4;
}

const char *vms_x86_paging_mode_name(enum vms_x86_paging_mode mode)
{
	switch (mode) {
	case VMS_X86_PAGING_NONE:
		return "none";
	case VMS_X86_PAGING_LEGACY32:
		return "legacy32";
	case VMS_X86_PAGING_PAE:
		return "pae";
	case VMS_X86_PAGING_IA32E_4:
		return "ia32e-4level";
	case VMS_X86_PAGING_IA32E_5:
		return "ia32e-5level";
	case VMS_X86_PAGING_UNKNOWN:
		break;
	}
	return "unknown";
}
