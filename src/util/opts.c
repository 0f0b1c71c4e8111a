// SPDX-License-Identifier: LGPL-2.1-or-later
/* The one check of sz-first structs (libbpf's OPTS_VALID, as one function):
 * callers built against an older header pass a shorter struct, callers built
 * against a newer one a longer struct whose new fields must be unused. */
#include <errno.h>
#include <string.h>

#include "error.h"
#include "opts.h"

int vms__opts_copy(void *dst, size_t dst_size, const void *src, const char *name)
{
	size_t sz;

	memset(dst, 0, dst_size);
	memcpy(dst, &dst_size, sizeof(dst_size));
	if (!src)
		return 0;
	memcpy(&sz, src, sizeof(sz));
	if (sz < sizeof(size_t))
		return vms_error_set(-EINVAL, "struct %s: sz is %zu; set it to sizeof(struct %s)",
		                     name, sz, name);
	for (size_t i = dst_size; i < sz; i++) {
		if (((const unsigned char *)src)[i])
			return vms_error_set(-EOPNOTSUPP,
			                     "struct %s: byte %zu is set, in fields this "
			                     "libvmscope does not know (it knows %zu bytes)",
			                     name, i, dst_size);
	}
	memcpy((char *)dst + sizeof(size_t), (const char *)src + sizeof(size_t),
	       (sz < dst_size ? sz : dst_size) - sizeof(size_t));
	return 0;
}

int vms__out_check(const void *out, const char *name)
{
	size_t sz;

	if (!out)
		return vms_error_set(-EINVAL, "%s: out is NULL", name);
	memcpy(&sz, out, sizeof(sz));
	if (sz < sizeof(size_t))
		return vms_error_set(-EINVAL, "struct %s: sz is %zu; set it to sizeof(struct %s)",
		                     name, sz, name);
	return 0;
}

void vms__out_copy(void *out, const void *src, size_t src_size)
{
	size_t sz;

	memcpy(&sz, out, sizeof(sz));
	memcpy((char *)out + sizeof(size_t), (const char *)src + sizeof(size_t),
	       (sz < src_size ? sz : src_size) - sizeof(size_t));
	if (sz > src_size)
		memset((char *)out + src_size, 0, sz - src_size);
}
