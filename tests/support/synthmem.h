/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Synthetic guest-physical memory [0, size) that tests write page tables
 * into, served to vmscope by a test backend. The page-table builders encode
 * the SDM's formats independently of vmscope's walker. */
#ifndef VMS_TEST_SYNTHMEM_H
#define VMS_TEST_SYNTHMEM_H

#include <stdint.h>
#include <vmscope/vmscope.h>

struct sm_events;

struct synthmem {
	uint8_t *mem;
	uint64_t size;
	uint64_t next; /* bump allocator for tables, from the top down */
	/* vCPU state the target reports, when nvcpus is 1; none when 0. */
	unsigned nvcpus;
	struct vms_x86_regs vcpu;
	/* VMCOREINFO text the target reports, or NULL. */
	const char *vmcoreinfo;
	/* Called before each read the target makes (a test changes memory
	 * there, as a running guest would), if set. */
	void (*on_read)(struct synthmem *m, uint64_t gpa, size_t len, void *arg);
	void *on_read_arg;
	/* Scripted events: when set, the target is a live guest with events
	 * and pause/resume. */
	struct sm_events *events;
};

/* A live guest's events, scripted: each wait returns the next event of
 * script (a break or step gets the vCPU's registers with rip = addr),
 * after on_wait had its say; when the script is done, waits time out
 * (-ETIMEDOUT) or, without a timeout, the guest is gone (-EPIPE). The
 * points set and every add and remove are recorded. */
#define SM_MAX_POINTS 32
#define SM_MAX_LOG    64
struct sm_point {
	enum vms_event_kind kind;
	uint64_t gva;
	unsigned len;
};
struct sm_events {
	const struct vms_event *script;
	size_t n, next;
	void (*on_wait)(struct synthmem *m, size_t index, void *arg);
	void *on_wait_arg;
	struct sm_point points[SM_MAX_POINTS];
	size_t npoints;
	struct sm_log {
		int add; /* 1 add, 0 remove */
		struct sm_point p;
	} log[SM_MAX_LOG];
	size_t nlog;
	int interrupted;
	int sw_writes_memory; /* VMS_EVENT_BREAK_SW writes guest memory */
	int paused;
	unsigned waits, resumes;
};

struct synthmem *synthmem_new(uint64_t size);
void synthmem_free(struct synthmem *m);
/* A target over m (with m->vcpu if m->nvcpus; else set the paging mode yourself). */
int synthmem_open(struct vms_target **t, struct synthmem *m);
/* A zeroed, page-aligned page. */
uint64_t synthmem_page(struct synthmem *m);
void synthmem_w16(struct synthmem *m, uint64_t gpa, uint16_t v);
void synthmem_w32(struct synthmem *m, uint64_t gpa, uint32_t v);
void synthmem_w64(struct synthmem *m, uint64_t gpa, uint64_t v);
uint64_t synthmem_r64(struct synthmem *m, uint64_t gpa);

/* Entry bits. */
#define SM_P  (1ull << 0)
#define SM_RW (1ull << 1)
#define SM_US (1ull << 2)
#define SM_PS (1ull << 7)
#define SM_G  (1ull << 8)
#define SM_XD (1ull << 63)

/* Map [gva, gva + size) to gpa with a leaf of the given size (4 KiB, 2 MiB,
 * 1 GiB; 4 MiB in legacy mode) and leaf flags (P is added). Intermediate
 * entries get P|RW|US plus inter_flags. Returns the gpa of the leaf entry. */
uint64_t pt_map_ia32e(struct synthmem *m, uint64_t root, unsigned levels, uint64_t gva,
                      uint64_t gpa, uint64_t size, uint64_t flags, uint64_t inter_flags);
uint64_t pt_map_pae(struct synthmem *m, uint64_t pdpt, uint64_t gva, uint64_t gpa, uint64_t size,
                    uint64_t flags);
uint64_t pt_map_legacy(struct synthmem *m, uint64_t pd, uint64_t gva, uint64_t gpa, uint64_t size,
                       uint64_t flags);

#endif
