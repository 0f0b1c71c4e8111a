// SPDX-License-Identifier: LGPL-2.1-or-later
/* Typed reads of guest memory: fixed-size integers, pointers of the guest's
 * width, and bounded C strings. */
#include <errno.h>
#include <string.h>

#include <vmscope/memory.h>

#include "../../util/error.h"

static int typed_gpa(void *out, size_t size, struct vms_target *t, uint64_t gpa, const char *fn)
{
	size_t n;

	if (!out)
		return vms_error_set(-EINVAL, "%s: out is NULL", fn);
	memset(out, 0, size);
	return vms_read_gpa(out, &n, t, gpa, size);
}

static int typed_gva(void *out, size_t size, struct vms_target *t, uint64_t pt_root, uint64_t gva,
                     const char *fn)
{
	size_t n;

	if (!out)
		return vms_error_set(-EINVAL, "%s: out is NULL", fn);
	memset(out, 0, size);
	return vms_read_gva(out, &n, t, pt_root, gva, size);
}

int vms_read_u8_gpa(uint8_t *out, struct vms_target *t, uint64_t gpa)
{
	return typed_gpa(out, sizeof(*out), t, gpa, __func__);
}

int vms_read_u16_gpa(uint16_t *out, struct vms_target *t, uint64_t gpa)
{
	return typed_gpa(out, sizeof(*out), t, gpa, __func__);
}

int vms_read_u32_gpa(uint32_t *out, struct vms_target *t, uint64_t gpa)
{
	return typed_gpa(out, sizeof(*out), t, gpa, __func__);
}

int vms_read_u64_gpa(uint64_t *out, struct vms_target *t, uint64_t gpa)
{
	return typed_gpa(out, sizeof(*out), t, gpa, __func__);
}

int vms_read_u8_gva(uint8_t *out, struct vms_target *t, uint64_t pt_root, uint64_t gva)
{
	return typed_gva(out, sizeof(*out), t, pt_root, gva, __func__);
}

int vms_read_u16_gva(uint16_t *out, struct vms_target *t, uint64_t pt_root, uint64_t gva)
{
	return typed_gva(out, sizeof(*out), t, pt_root, gva, __func__);
}

int vms_read_u32_gva(uint32_t *out, struct vms_target *t, uint64_t pt_root, uint64_t gva)
{
	return typed_gva(out, sizeof(*out), t, pt_root, gva, __func__);
}

int vms_read_u64_gva(uint64_t *out, struct vms_target *t, uint64_t pt_root, uint64_t gva)
{
	return typed_gva(out, sizeof(*out), t, pt_root, gva, __func__);
}

int vms_read_ptr_gva(uint64_t *out, struct vms_target *t, uint64_t pt_root, uint64_t gva)
{
	enum vms_x86_paging_mode mode = vms_x86_target_paging_mode(t);
	uint32_t v32;
	int ret;

	if (!out)
		return vms_error_set(-EINVAL, "vms_read_ptr_gva: out is NULL");
	if (mode == VMS_X86_PAGING_IA32E_4 || mode == VMS_X86_PAGING_IA32E_5 ||
	    mode == VMS_X86_PAGING_UNKNOWN)
		return vms_read_u64_gva(out, t, pt_root, gva);
	ret = vms_read_u32_gva(&v32, t, pt_root, gva);
	*out = v32;
	return ret;
}

int vms_read_str_gva(char *buf, size_t size, size_t *len, struct vms_target *t, uint64_t pt_root,
                     uint64_t gva)
{
	size_t done = 0;
	int found = 0, ret = 0;

	if (len)
		*len = 0;
	if (!buf || !size || !t)
		return vms_error_set(-EINVAL, "vms_read_str_gva: bad argument");
	/* A page at a time: a string may end just before unmapped memory. */
	while (done < size - 1 && !found && !ret) {
		uint64_t at = gva + done;
		size_t n = 0x1000 - (at & 0xfff), got;
		const char *nul;

		if (n > size - 1 - done)
			n = size - 1 - done;
		ret = vms_read_gva(buf + done, &got, t, pt_root, at, n);
		nul = memchr(buf + done, '\0', got);
		found = nul != NULL;
		done = found ? (size_t)(nul - buf) : done + got;
	}
	buf[done] = '\0';
	if (len)
		*len = done;
	if (found)
		return 0;
	if (ret)
		return ret;
	return vms_error_set(-E2BIG, "no string terminator in %zu bytes at gva 0x%llx", size - 1,
	                     (unsigned long long)gva);
}
