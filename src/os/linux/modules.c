// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Loaded modules: the list through module.list whose head is the symbol
 * "modules", each shown as kernel/module/procfs.c's m_show() does: name,
 * size (6.4 on: the sum of mem[].size; before: core_layout + init_layout,
 * the latter zero once init is done), refcount (refcnt - MODULE_REF_BASE),
 * the modules that use it (source_list), state, core text base, and taint
 * flags. Walks are bounded like the task list's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/array.h"
#include "../../util/error.h"
#include "linux.h"

#define MAX_MODULES 65536
#define MAX_USERS   1024

/* kernel/panic.c's taint_flags that apply to modules, by bit. */
static const char module_taints[] = {
	[0] = 'P',  [1] = 'F',  [10] = 'C', [12] = 'O',
	[13] = 'E', [15] = 'K', [17] = 'T', [18] = 'N',
};

static void format_flags(struct vms_linux_module *m)
{
	size_t n = 0;

	if (!m->taints)
		return;
	m->flags[n++] = '(';
	for (unsigned bit = 0; bit < sizeof(module_taints); bit++)
		if ((m->taints >> bit & 1) && module_taints[bit] && n < sizeof(m->flags) - 3)
			m->flags[n++] = module_taints[bit];
	if (m->state == VMS_MODULE_GOING)
		m->flags[n++] = '-';
	else if (m->state == VMS_MODULE_COMING)
		m->flags[n++] = '+';
	m->flags[n++] = ')';
	m->flags[n] = '\0';
}

static int mod_size(uint64_t *size, uint64_t *base, struct vms_linux *lx, uint64_t mod)
{
	int64_t mem, mbase, msize, core, csize, isize;
	uint64_t elem;
	uint32_t nelems, v;

	*size = 0;
	if (!lx_off(&mem, lx, LX_MODULE_MEM) && !lx_off(&mbase, lx, LX_MODULE_MEM_BASE) &&
	    !lx_off(&msize, lx, LX_MODULE_MEM_SIZE) &&
	    !lx_array(&nelems, &elem, lx, "module", "mem")) {
		for (uint32_t i = 0; i < nelems && i < 16; i++) {
			if (lx_u32(lx, mod + (uint64_t)mem + i * elem + (uint64_t)msize, &v))
				return -EFAULT;
			*size += v;
		}
		/* mem[MOD_TEXT] is the first. */
		return lx_u64(lx, mod + (uint64_t)mem + (uint64_t)mbase, base) ? -EFAULT : 0;
	}
	if (lx_off(&core, lx, LX_MODULE_CORE_BASE) || lx_off(&csize, lx, LX_MODULE_CORE_SIZE) ||
	    lx_off(&isize, lx, LX_MODULE_INIT_SIZE))
		return -ENOENT;
	if (lx_u64(lx, mod + (uint64_t)core, base) || lx_u32(lx, mod + (uint64_t)csize, &v))
		return -EFAULT;
	*size = v;
	if (lx_u32(lx, mod + (uint64_t)isize, &v))
		return -EFAULT;
	*size += v;
	return 0;
}

/* The modules that use this one: names and commas, as /proc/modules. */
static int users(struct vms_linux_module *m, struct vms_linux *lx, const int64_t *o)
{
	uint64_t head = m->module + (uint64_t)o[LX_MODULE_SOURCE_LIST], node, src, init, exitfn;
	size_t len = 0;
	unsigned n = 0;

	m->users[0] = '\0';
	if (lx_u64(lx, head, &node))
		return -EFAULT;
	while (node != head) {
		char name[57];
		size_t got;

		if (++n > MAX_USERS ||
		    lx_u64(lx,
		           node - (uint64_t)o[LX_MODULE_USE_SOURCE_LIST] +
		                   (uint64_t)o[LX_MODULE_USE_SOURCE],
		           &src) ||
		    vms_linux_read(name, &got, lx, src + (uint64_t)o[LX_MODULE_NAME], 56))
			return n > MAX_USERS ? -ELOOP : -EFAULT;
		name[56] = '\0';
		len += (size_t)snprintf(m->users + len,
		                        len < sizeof(m->users) ? sizeof(m->users) - len : 0, "%s,",
		                        name);
		if (len >= sizeof(m->users))
			len = sizeof(m->users) - 1;
		if (lx_u64(lx, node, &node))
			return -EFAULT;
	}
	if (!lx_u64(lx, m->module + (uint64_t)o[LX_MODULE_INIT], &init) &&
	    !lx_u64(lx, m->module + (uint64_t)o[LX_MODULE_EXIT], &exitfn) && init && !exitfn &&
	    len + 13 < sizeof(m->users)) {
		memcpy(m->users + len, "[permanent],", 13);
		len += 12;
	}
	if (len == 0)
		memcpy(m->users, "-", 2);
	return 0;
}

static const enum lx_off needed[] = {
	LX_MODULE_LIST,       LX_MODULE_NAME,   LX_MODULE_STATE,
	LX_MODULE_REFCNT,     LX_MODULE_TAINTS, LX_MODULE_SOURCE_LIST,
	LX_MODULE_INIT,       LX_MODULE_EXIT,   LX_MODULE_USE_SOURCE_LIST,
	LX_MODULE_USE_SOURCE,
};

static int read_module(struct vms_linux_module *m, struct vms_linux *lx, const int64_t *o,
                       uint64_t mod)
{
	uint32_t v;
	size_t got;

	memset(m, 0, sizeof(*m));
	m->module = mod;
	if (vms_linux_read(m->name, &got, lx, mod + (uint64_t)o[LX_MODULE_NAME], 56))
		return vms_error_set(-EFAULT, "struct module at %#" PRIx64 " is not readable", mod);
	m->name[56] = '\0';
	if (lx_u32(lx, mod + (uint64_t)o[LX_MODULE_STATE], &v))
		m->partial = 1;
	m->state = (int)v;
	if (lx_u32(lx, mod + (uint64_t)o[LX_MODULE_REFCNT], &v))
		m->partial = 1;
	m->refcount = (int32_t)v - 1;
	if (lx_u64(lx, mod + (uint64_t)o[LX_MODULE_TAINTS], &m->taints))
		m->partial = 1;
	if (mod_size(&m->size, &m->base, lx, mod) || users(m, lx, o))
		m->partial = 1;
	format_flags(m);
	return 0;
}

int vms_linux_modules(struct vms_linux_module **out, size_t *count, struct vms_linux *lx)
{
	uint64_t head = lx_sym(lx, "modules"), node, prev;
	struct vms_linux_module *v = NULL;
	struct lx_seen seen = { 0 };
	struct lx_links links;
	int64_t o[LX_NOFFSETS];
	size_t n = 0, cap = 0;
	int rc = 0;

	*out = NULL;
	*count = 0;
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		rc = lx_off(&o[needed[i]], lx, needed[i]);
		if (rc)
			return rc;
	}
	if (!head)
		return vms_error_set(-ENOENT, "no kernel symbol modules");
	if (lx_u64(lx, head, &node))
		return vms_error_set(-EFAULT,
		                     "the modules list head at %#" PRIx64 " is not readable", head);
	prev = head;
	lx_links_init(&links, lx);
	rc = lx_links_add(&links, head, node);
	while (!rc && node != head) {
		uint64_t mod = node - (uint64_t)o[LX_MODULE_LIST];

		if (n >= MAX_MODULES || (rc = lx_seen_add(&seen, mod)) != 0) {
			rc = rc < 0 ? -ENOMEM
			            : vms_error_set(-ELOOP,
			                            "modules list: comes back to %#" PRIx64
			                            " without returning to its head",
			                            mod);
			break;
		}
		if (n == cap) {
			struct vms_linux_module *nv;

			cap = cap ? 2 * cap : 64;
			nv = realloc(v, cap * sizeof(*nv));
			if (!nv) {
				rc = -ENOMEM;
				break;
			}
			v = nv;
		}
		rc = read_module(&v[n], lx, o, mod);
		if (rc) {
			rc = vms_error_set(-EFAULT,
			                   "modules list: the entry after %#" PRIx64
			                   " points to %#" PRIx64 ", which is not readable",
			                   prev, node);
			break;
		}
		n++;
		prev = node;
		if (lx_u64(lx, prev, &node)) {
			rc = vms_error_set(-EFAULT,
			                   "modules list: the next pointer at %#" PRIx64
			                   " is not readable",
			                   prev);
			break;
		}
		rc = lx_links_add(&links, prev, node);
	}
	rc = lx_links_check(&links, lx, rc, "the modules list");
	lx_links_free(&links);
	lx_seen_free(&seen);
	if (rc) {
		free(v);
		return rc == -ENOMEM ? vms_error_set(-ENOMEM, "out of memory") : rc;
	}
	return vms__array_out((void **)out, count, v, n, sizeof(*v), NULL);
}

void vms_linux_modules_free(struct vms_linux_module *modules)
{
	vms__array_free(modules, NULL);
}
