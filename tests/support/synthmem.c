// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <vmscope/sys/backend.h>

#include "synthmem.h"

static struct synthmem *opening;

struct synthmem *synthmem_new(uint64_t size)
{
	struct synthmem *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->mem = calloc(1, size);
	if (!m->mem) {
		free(m);
		return NULL;
	}
	m->size = size;
	m->next = size;
	return m;
}

void synthmem_free(struct synthmem *m)
{
	if (m)
		free(m->mem);
	free(m);
}

uint64_t synthmem_page(struct synthmem *m)
{
	m->next -= 0x1000;
	memset(m->mem + m->next, 0, 0x1000);
	return m->next;
}

void synthmem_w16(struct synthmem *m, uint64_t gpa, uint16_t v)
{
	memcpy(m->mem + gpa, &v, 2);
}

void synthmem_w32(struct synthmem *m, uint64_t gpa, uint32_t v)
{
	memcpy(m->mem + gpa, &v, 4);
}

void synthmem_w64(struct synthmem *m, uint64_t gpa, uint64_t v)
{
	memcpy(m->mem + gpa, &v, 8);
}

uint64_t synthmem_r64(struct synthmem *m, uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, m->mem + gpa, 8);
	return v;
}

struct sm_priv {
	struct synthmem *m;
	struct vms_mem_range range;
};

static int sm_open(void **priv, struct vms_backend_info *info, const char *arg,
                   const struct vms_target_opts *opts)
{
	struct sm_priv *p = calloc(1, sizeof(*p));

	(void)arg;
	(void)opts;
	if (!p)
		return -ENOMEM;
	p->m = opening;
	p->range = (struct vms_mem_range){ 0, opening->size };
	info->format = "synthetic memory";
	info->ranges = &p->range;
	info->nranges = 1;
	info->nvcpus = opening->nvcpus;
	if (opening->vmcoreinfo) {
		info->vmcoreinfo = opening->vmcoreinfo;
		info->vmcoreinfo_len = strlen(opening->vmcoreinfo);
	}
	*priv = p;
	return 0;
}

static void sm_close(void *priv)
{
	free(priv);
}

static int sm_read(void *priv, void *buf, size_t *nread, uint64_t gpa, size_t len)
{
	struct sm_priv *p = priv;
	size_t n = gpa >= p->m->size ? 0 : (p->m->size - gpa < len ? p->m->size - gpa : len);

	if (p->m->on_read)
		p->m->on_read(p->m, gpa, len, p->m->on_read_arg);
	if (n)
		memcpy(buf, p->m->mem + gpa, n);
	*nread = n;
	return n == len ? 0
	                : vms_error_set(-EFAULT, "synthetic: 0x%llx is not memory",
	                                (unsigned long long)(gpa + n));
}

static int sm_write(void *priv, const void *buf, size_t *nwritten, uint64_t gpa, size_t len)
{
	struct sm_priv *p = priv;
	size_t n = gpa >= p->m->size ? 0 : (p->m->size - gpa < len ? p->m->size - gpa : len);

	if (n)
		memcpy(p->m->mem + gpa, buf, n);
	*nwritten = n;
	return n == len ? 0
	                : vms_error_set(-EFAULT, "synthetic: 0x%llx is not memory",
	                                (unsigned long long)(gpa + n));
}

static int sm_map(void *priv, const void **out, uint64_t gpa, size_t len)
{
	struct sm_priv *p = priv;

	if (gpa >= p->m->size || p->m->size - gpa < len)
		return vms_error_set(-EFAULT, "synthetic: cannot map 0x%llx",
		                     (unsigned long long)gpa);
	*out = p->m->mem + gpa;
	return 0;
}

static int sm_regs(void *priv, struct vms_x86_regs *out, unsigned vcpu)
{
	struct sm_priv *p = priv;

	if (vcpu >= p->m->nvcpus)
		return vms_error_set(-EINVAL, "synthetic: no vCPU %u", vcpu);
	*out = p->m->vcpu;
	return 0;
}

static const struct vms_backend_ops synthmem_backend = {
	.name = "synthetic",
	.caps = VMS_CAP_READ | VMS_CAP_WRITE | VMS_CAP_MAP | VMS_CAP_REGS,
	.get_regs = sm_regs,
	.open = sm_open,
	.close = sm_close,
	.read_gpa = sm_read,
	.write_gpa = sm_write,
	.map_gpa = sm_map,
};

static int sm_pause(void *priv)
{
	struct sm_priv *p = priv;

	p->m->events->paused = 1;
	return 0;
}

static int sm_resume(void *priv)
{
	struct sm_priv *p = priv;

	p->m->events->paused = 0;
	p->m->events->resumes++;
	return 0;
}

static int sm_run_state(void *priv, enum vms_run_state *out)
{
	struct sm_priv *p = priv;

	*out = p->m->events->paused ? VMS_RUN_PAUSED : VMS_RUN_RUNNING;
	return 0;
}

static int sm_find_point(struct sm_events *e, enum vms_event_kind kind, uint64_t gva, unsigned len)
{
	for (size_t i = 0; i < e->npoints; i++)
		if (e->points[i].kind == kind && e->points[i].gva == gva && e->points[i].len == len)
			return (int)i;
	return -1;
}

static void sm_log(struct sm_events *e, int add, enum vms_event_kind kind, uint64_t gva,
                   unsigned len)
{
	if (e->nlog < SM_MAX_LOG)
		e->log[e->nlog++] = (struct sm_log){ add, { kind, gva, len } };
}

static int sm_ev_add(void *priv, enum vms_event_kind kind, uint64_t gva, unsigned len)
{
	struct sm_events *e = ((struct sm_priv *)priv)->m->events;

	if (sm_find_point(e, kind, gva, len) >= 0)
		return vms_error_set(-EEXIST, "synthetic: that point is set already");
	if (e->npoints == SM_MAX_POINTS)
		return vms_error_set(-ENOSPC, "synthetic: no room for another point");
	e->points[e->npoints++] = (struct sm_point){ kind, gva, len };
	sm_log(e, 1, kind, gva, len);
	return 0;
}

static int sm_ev_remove(void *priv, enum vms_event_kind kind, uint64_t gva, unsigned len)
{
	struct sm_events *e = ((struct sm_priv *)priv)->m->events;
	int i = sm_find_point(e, kind, gva, len);

	if (i < 0)
		return vms_error_set(-ENOENT, "synthetic: no such point");
	e->points[i] = e->points[--e->npoints];
	sm_log(e, 0, kind, gva, len);
	return 0;
}

static int sm_ev_wait(void *priv, struct vms_event *ev, int timeout_ms)
{
	struct synthmem *m = ((struct sm_priv *)priv)->m;
	struct sm_events *e = m->events;

	memset(ev, 0, sizeof(*ev));
	e->waits++;
	if (e->interrupted) {
		e->interrupted = 0;
		return vms_error_set(-EINTR, "synthetic: interrupted");
	}
	if (e->next >= e->n)
		return timeout_ms >= 0 ? vms_error_set(-ETIMEDOUT, "synthetic: no more events")
		                       : vms_error_set(-EPIPE, "synthetic: the guest is gone");
	if (e->on_wait)
		e->on_wait(m, e->next, e->on_wait_arg);
	*ev = e->script[e->next++];
	if (ev->kind != VMS_EVENT_RESET && !ev->regs.valid) {
		ev->regs = m->vcpu;
		if (ev->kind == VMS_EVENT_BREAK || ev->kind == VMS_EVENT_BREAK_SW ||
		    ev->kind == VMS_EVENT_STEP)
			ev->regs.rip = ev->addr;
	}
	return 0;
}

static int sm_ev_step(void *priv, struct vms_event *ev, unsigned vcpu, int timeout_ms)
{
	int rc = sm_ev_wait(priv, ev, timeout_ms);

	if (!rc && ev->vcpu != vcpu)
		return vms_error_set(-EPROTO, "synthetic: the script's step is for another vCPU");
	return rc;
}

static int sm_ev_interrupt(void *priv)
{
	((struct sm_priv *)priv)->m->events->interrupted = 1;
	return 0;
}

static int sm_ev_changes_memory(void *priv, enum vms_event_kind kind)
{
	return kind == VMS_EVENT_BREAK_SW && ((struct sm_priv *)priv)->m->events->sw_writes_memory;
}

static const struct vms_event_ops sm_event_ops = {
	.add = sm_ev_add,
	.remove = sm_ev_remove,
	.wait = sm_ev_wait,
	.step = sm_ev_step,
	.interrupt = sm_ev_interrupt,
	.changes_memory = sm_ev_changes_memory,
};

static const struct vms_backend_ops synthmem_live_backend = {
	.name = "synthetic-live",
	.caps = VMS_CAP_READ | VMS_CAP_WRITE | VMS_CAP_MAP | VMS_CAP_REGS | VMS_CAP_PAUSE |
	        VMS_CAP_EVENTS,
	.get_regs = sm_regs,
	.open = sm_open,
	.close = sm_close,
	.read_gpa = sm_read,
	.write_gpa = sm_write,
	.map_gpa = sm_map,
	.pause = sm_pause,
	.resume = sm_resume,
	.run_state = sm_run_state,
	.events = &sm_event_ops,
};

int synthmem_open(struct vms_target **t, struct synthmem *m)
{
	opening = m;
	return vms_target_open_backend(t, m->events ? &synthmem_live_backend : &synthmem_backend,
	                               "", NULL);
}

/* The entry at index idx of table, creating the next table if empty. */
static uint64_t next_table(struct synthmem *m, uint64_t entry_gpa, uint64_t inter_flags)
{
	uint64_t e = synthmem_r64(m, entry_gpa);

	if (!(e & SM_P)) {
		e = synthmem_page(m) | SM_P | SM_RW | SM_US | inter_flags;
		synthmem_w64(m, entry_gpa, e);
	}
	return e & 0x000ffffffffff000ull;
}

uint64_t pt_map_ia32e(struct synthmem *m, uint64_t root, unsigned levels, uint64_t gva,
                      uint64_t gpa, uint64_t size, uint64_t flags, uint64_t inter_flags)
{
	unsigned leaf_level = size == 0x40000000 ? 3 : size == 0x200000 ? 2 : 1;
	uint64_t table = root & 0x000ffffffffff000ull;

	for (unsigned level = levels;; level--) {
		unsigned shift = 12 + 9 * (level - 1);
		uint64_t entry = table + ((gva >> shift) & 511) * 8;

		if (level == leaf_level) {
			synthmem_w64(m, entry, gpa | flags | SM_P | (level > 1 ? SM_PS : 0));
			return entry;
		}
		table = next_table(m, entry, inter_flags);
	}
}

uint64_t pt_map_pae(struct synthmem *m, uint64_t pdpt, uint64_t gva, uint64_t gpa, uint64_t size,
                    uint64_t flags)
{
	uint64_t pdpte = pdpt + ((gva >> 30) & 3) * 8, pd, pt, entry;

	/* PAE PDPTEs have no RW/US bits: those are reserved there. */
	if (!(synthmem_r64(m, pdpte) & SM_P))
		synthmem_w64(m, pdpte, synthmem_page(m) | SM_P);
	pd = synthmem_r64(m, pdpte) & 0x000ffffffffff000ull;
	entry = pd + ((gva >> 21) & 511) * 8;
	if (size == 0x200000) {
		synthmem_w64(m, entry, gpa | flags | SM_P | SM_PS);
		return entry;
	}
	pt = next_table(m, entry, 0);
	entry = pt + ((gva >> 12) & 511) * 8;
	synthmem_w64(m, entry, gpa | flags | SM_P);
	return entry;
}

uint64_t pt_map_legacy(struct synthmem *m, uint64_t pd, uint64_t gva, uint64_t gpa, uint64_t size,
                       uint64_t flags)
{
	uint64_t pde = pd + (gva >> 22) * 4, pt, entry;
	uint32_t e;

	if (size == 0x400000) {
		/* PSE-36: physical bits 39:32 go in bits 20:13. */
		e = (uint32_t)((gpa & 0xffc00000) | (((gpa >> 32) & 0xff) << 13) | flags | SM_P |
		               SM_PS);
		synthmem_w32(m, pde, e);
		return pde;
	}
	memcpy(&e, m->mem + pde, 4);
	if (!(e & SM_P)) {
		e = (uint32_t)(synthmem_page(m) | SM_P | SM_RW | SM_US);
		synthmem_w32(m, pde, e);
	}
	pt = e & 0xfffff000u;
	entry = pt + ((gva >> 12) & 1023) * 4;
	synthmem_w32(m, entry, (uint32_t)(gpa | flags | SM_P));
	return entry;
}
