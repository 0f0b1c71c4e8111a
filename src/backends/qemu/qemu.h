/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The qemu: backend's state, shared by its memory and control part
 * (qemu.c), its reads from QEMU's process (procmem.c) and its events
 * (debug.c). */
#ifndef VMS_QEMU_QEMU_H
#define VMS_QEMU_QEMU_H

#include <vmscope/sys/backend.h>

#define MAX_FILES 16

/* A piece of guest RAM: bytes [off, off + size) of backend file. */
struct piece {
	uint64_t gpa, size, off;
	unsigned file;
};

/* A breakpoint or watchpoint set through the gdbstub. */
struct qemu_point {
	enum vms_event_kind kind;
	uint64_t gva;
	unsigned len;
};

/* Events: QEMU's gdbstub, attached on first use. */
struct qemu_debug {
	char addr[256];  /* the stub's address; "" until known */
	char dir[64];    /* the private directory of a stub we started, or "" */
	struct gdb *gdb; /* NULL until attached */
	int running;     /* continued under the stub: a stop reply is due */
	int stepping;    /* that run is a single step */
	int kvm;         /* accelerated: some kinds write guest memory */
	int kvm_known;   /* kvm was asked */
	int intr[2];     /* self-pipe of vms_event_interrupt */
	int intr_pending;
	uint64_t resets; /* QMP RESET events seen when the last wait began */
	/* The last event was a breakpoint on vCPU break_vcpu at break_rip:
	 * the stub would stop there again at once, so the vCPU steps off it
	 * before the guest runs on (gdb does the same). */
	int step_over;
	unsigned break_vcpu;
	uint64_t break_rip;
	/* A hit that came in while halting the guest for a command: the
	 * next wait returns it, if its point is still there. */
	int have_pending, pending_stepped;
	struct vms_event pending;
	int pending_watch;
	uint64_t pending_watch_addr;
	struct qemu_point *points;
	size_t npoints, cap;
};

struct qemu {
	struct qmp *q;
	struct {
		char name[64];
		const uint8_t *map; /* NULL: read from QEMU's process at hva */
		size_t size;
		uint64_t hva;
	} files[MAX_FILES];
	const struct vms_target_opts *opts;
	int pid; /* QEMU's, once RAM has to be read from it */
	unsigned nfiles, nvcpus;
	struct piece *pieces;
	size_t npieces;
	struct vms_mem_range *ranges;
	size_t nranges;
	int paused_by_us;
	char format[96];
	struct qemu_debug dbg;
};

/* What a user whose RAM is in no shared file is told to do instead. */
#define FAST_PATH                                                                                  \
	"start QEMU with its RAM in a shared file: -object memory-backend-file,id=ram0,size=SIZE," \
	"mem-path=/dev/shm/NAME,share=on -machine memory-backend=ram0"

/* Whether the guest runs now (QMP query-status). */
int qemu_running(struct qemu *s, int *yes);

/* procmem.c: RAM that is in no shared file, in QEMU's process (pid). */
/* Find backend file f's block in QEMU's memory: files[f].hva. -ENOENT. */
int qemu_procmem_locate(struct qemu *s, unsigned f);
/* n bytes at addr in QEMU's process: 0, or -1 with errno. */
int qemu_procmem_read(int pid, void *buf, uint64_t addr, size_t n);

/* debug.c */
extern const struct vms_event_ops qemu_event_ops;
/* Set up from the target string's options ("gdb=HOST:PORT") at open. */
int qemu_debug_init(struct qemu *s, const char *gdb_addr);
/* Detach (the guest runs on), and remove what was set up. */
void qemu_debug_close(struct qemu *s);
/* A stopped vCPU's registers from the stub; -EAGAIN when no stub holds
 * the guest stopped (then ask the monitor). */
int qemu_debug_regs(struct qemu *s, struct vms_x86_regs *out, unsigned vcpu);

#endif
