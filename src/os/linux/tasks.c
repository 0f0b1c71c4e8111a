// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Processes: the circular list through task_struct.tasks that starts at
 * init_task holds every thread-group leader; each group's threads hang off
 * signal_struct.thread_head through task_struct.thread_node (3.14 on), or,
 * on kernels before 6.7 that lack it, the circular task_struct.thread_group.
 *
 * Every pointer is the guest's. A walk stops at a pointer into unmapped
 * memory (-EFAULT naming the task before it), at a task seen before
 * (-ELOOP: a cycle that misses the head would otherwise never end) and
 * after more tasks than PID_MAX_LIMIT allows (-ELOOP). Fields that cannot
 * be read leave the task in the list, flagged partial. On a guest that
 * runs, a list that changed during the walk is -EAGAIN (lx_links).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/array.h"
#include "../../util/error.h"
#include "../../util/opts.h"
#include "linux.h"

#define MAX_TASKS    (4u << 20) /* PID_MAX_LIMIT */
#define MAX_ARGS     (2u << 20) /* bytes of cmdline or environment read */
#define PF_WQ_WORKER 0x00000020u
#define PF_KTHREAD   0x00200000u
#define USER_HZ_NS   10000000ull /* /proc's clock ticks: USER_HZ is 100 */

/* Task states (include/linux/sched.h), as /proc reports them. */
#define TASK_REPORT      0x7f
#define TASK_NOLOAD      0x400
#define TASK_IDLE        (0x2 | TASK_NOLOAD)
#define TASK_RTLOCK_WAIT 0x1000
#define TASK_FROZEN      0x8000

struct walk {
	struct vms_linux *lx;
	struct vms_linux_task *v;
	size_t n, cap;
	unsigned flags;
	struct lx_seen seen;
	struct lx_links links;
	int64_t o[LX_NOFFSETS];
};

static char state_letter(uint32_t state, uint32_t exit_state)
{
	static const char letters[] = "RSDTtXZPI";
	uint32_t s = (state | exit_state) & TASK_REPORT;
	unsigned fls = 0;

	if ((state & TASK_IDLE) == TASK_IDLE)
		s = TASK_REPORT + 1;
	if (state & (TASK_RTLOCK_WAIT | TASK_FROZEN))
		s = 0x2;
	while (s) {
		fls++;
		s >>= 1;
	}
	return letters[fls];
}

/* Bytes [start, end) of a process's memory, as much as is mapped. */
static int read_user(char **out, size_t *len, struct vms_linux *lx, uint64_t pt_root,
                     uint64_t start, uint64_t end)
{
	size_t want, got = 0;
	int rc;

	*out = NULL;
	*len = 0;
	if (end <= start)
		return 0;
	want = end - start > MAX_ARGS ? MAX_ARGS : (size_t)(end - start);
	*out = malloc(want + 1);
	if (!*out)
		return -ENOMEM;
	rc = vms_read_gva(*out, &got, lx->t, pt_root, start, want);
	(*out)[got] = '\0';
	*len = got;
	return rc == 0 && want == end - start ? 0 : -EFAULT;
}

static void read_mm(struct walk *w, struct vms_linux_task *t)
{
	uint64_t pgd, a0, a1, e0, e1;
	const int64_t *o = w->o;

	if (!t->mm)
		return;
	if (lx_u64(w->lx, t->mm + (uint64_t)o[LX_MM_PGD], &pgd) ||
	    vms_gva_to_gpa(&t->pt_root, w->lx->t, w->lx->k.pt_root, pgd)) {
		t->partial |= VMS_TASK_NO_MM | VMS_TASK_NO_ARGS | VMS_TASK_NO_ENV;
		return;
	}
	if (w->flags & VMS_TASKS_NO_ARGS)
		return;
	if (o[LX_MM_EXE_FILE] != LX_OFF_MISSING) {
		struct lx_file_info fi;
		uint64_t file;
		char path[4096 + 16];

		if (lx_u64(w->lx, t->mm + (uint64_t)o[LX_MM_EXE_FILE], &file) ||
		    (file && (lx_file_path(path, sizeof(path), &fi, w->lx, file) ||
		              !(t->exe = strdup(path)))))
			t->partial |= VMS_TASK_NO_EXE;
	}
	if (lx_u64(w->lx, t->mm + (uint64_t)o[LX_MM_ARG_START], &a0) ||
	    lx_u64(w->lx, t->mm + (uint64_t)o[LX_MM_ARG_END], &a1) ||
	    read_user(&t->cmdline, &t->cmdline_len, w->lx, t->pt_root, a0, a1))
		t->partial |= VMS_TASK_NO_ARGS;
	if (lx_u64(w->lx, t->mm + (uint64_t)o[LX_MM_ENV_START], &e0) ||
	    lx_u64(w->lx, t->mm + (uint64_t)o[LX_MM_ENV_END], &e1) ||
	    read_user(&t->environ, &t->environ_len, w->lx, t->pt_root, e0, e1))
		t->partial |= VMS_TASK_NO_ENV;
}

/* A kernel string (a kthread's full_name, a worker's desc). */
static int read_kstr(struct vms_linux *lx, uint64_t gva, char *buf, size_t size)
{
	size_t len;

	return vms_read_str_gva(buf, size, &len, lx->t, lx->k.pt_root, gva) < 0 ? -EFAULT : 0;
}

/* /proc's proc_task_name(): get_kthread_comm() or wq_worker_comm(). What
 * cannot be read leaves the name as comm. */
static void read_name(struct walk *w, struct vms_linux_task *t, uint32_t flags)
{
	const int64_t *o = w->o;
	uint64_t kthread, p, work, pool, wq;
	char desc[32], wq_name[32];
	size_t off;

	memcpy(t->name, t->comm, sizeof(t->comm));
	if (!(flags & (PF_KTHREAD | PF_WQ_WORKER)) || o[LX_TASK_WORKER_PRIVATE] == LX_OFF_MISSING ||
	    lx_u64(w->lx, t->task + (uint64_t)o[LX_TASK_WORKER_PRIVATE], &kthread) || !kthread)
		return;
	if (flags & PF_WQ_WORKER) {
		if (o[LX_KTHREAD_DATA] == LX_OFF_MISSING || o[LX_WORKER_DESC] == LX_OFF_MISSING ||
		    lx_u64(w->lx, kthread + (uint64_t)o[LX_KTHREAD_DATA], &p))
			return;
		/* Rescuers: since 6.10 /proc names them by their workqueue,
		 * whose name their 16-byte comm cuts short. */
		if (!strncmp(t->comm, "kworker/R-", 10) &&
		    o[LX_WORKER_RESCUE_WQ] != LX_OFF_MISSING && o[LX_WQ_NAME] != LX_OFF_MISSING &&
		    !lx_u64(w->lx, p + (uint64_t)o[LX_WORKER_RESCUE_WQ], &wq) && wq &&
		    !read_kstr(w->lx, wq + (uint64_t)o[LX_WQ_NAME], wq_name, sizeof(wq_name)))
			(void)snprintf(t->name, sizeof(t->name), "kworker/R-%s", wq_name);
		if (lx_u64(w->lx, p + (uint64_t)o[LX_WORKER_POOL], &pool) || !pool ||
		    lx_u64(w->lx, p + (uint64_t)o[LX_WORKER_CURRENT_WORK], &work) ||
		    read_kstr(w->lx, p + (uint64_t)o[LX_WORKER_DESC], desc, sizeof(desc)) ||
		    !desc[0])
			return;
		off = strlen(t->name);
		(void)snprintf(t->name + off, sizeof(t->name) - off, "%c%s", work ? '+' : '-',
		               desc);
		return;
	}
	if (o[LX_KTHREAD_FULL_NAME] != LX_OFF_MISSING &&
	    !lx_u64(w->lx, kthread + (uint64_t)o[LX_KTHREAD_FULL_NAME], &p) && p &&
	    read_kstr(w->lx, p, t->name, sizeof(t->name)))
		memcpy(t->name, t->comm, sizeof(t->comm));
}

static void read_cred(struct walk *w, struct vms_linux_task *t, uint64_t cred)
{
	static const enum lx_off ids[] = { LX_CRED_UID, LX_CRED_EUID, LX_CRED_SUID, LX_CRED_FSUID,
		                           LX_CRED_GID, LX_CRED_EGID, LX_CRED_SGID, LX_CRED_FSGID };
	uint32_t *dst[] = { &t->uid, &t->euid, &t->suid, &t->fsuid,
		            &t->gid, &t->egid, &t->sgid, &t->fsgid };

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (lx_u32(w->lx, cred + (uint64_t)w->o[ids[i]], dst[i]))
			t->partial |= VMS_TASK_NO_CRED;
}

/* Read one task; -EFAULT only when the task_struct itself is unreadable. */
static int read_task(struct walk *w, uint64_t task)
{
	struct vms_linux_task *t;
	const int64_t *o = w->o;
	uint64_t parent, cred, signal;
	uint32_t state = 0, exit_state = 0, flags = 0, v;
	size_t got;

	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 256;
		struct vms_linux_task *n = realloc(w->v, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		w->v = n;
		w->cap = cap;
	}
	t = &w->v[w->n];
	memset(t, 0, sizeof(*t));
	t->task = task;
	if (lx_u32(w->lx, task + (uint64_t)o[LX_TASK_PID], &v))
		return vms_error_set(-EFAULT, "task_struct at %#" PRIx64 " is not readable", task);
	t->pid = (int32_t)v;
	(void)lx_u32(w->lx, task + (uint64_t)o[LX_TASK_TGID], &v);
	t->tgid = (int32_t)v;
	(void)vms_linux_read(t->comm, &got, w->lx, task + (uint64_t)o[LX_TASK_COMM], 16);
	t->comm[16] = '\0';
	(void)lx_u32(w->lx, task + (uint64_t)o[LX_TASK_STATE], &state);
	(void)lx_u32(w->lx, task + (uint64_t)o[LX_TASK_EXIT_STATE], &exit_state);
	t->state = state_letter(state, exit_state);
	(void)lx_u32(w->lx, task + (uint64_t)o[LX_TASK_FLAGS], &flags);
	t->kthread = !!(flags & PF_KTHREAD);
	read_name(w, t, flags);
	(void)lx_u64(w->lx, task + (uint64_t)o[LX_TASK_START_BOOTTIME], &t->start_ns);
	if (lx_u64(w->lx, task + (uint64_t)o[LX_TASK_REAL_PARENT], &parent) ||
	    lx_u32(w->lx, parent + (uint64_t)o[LX_TASK_TGID], &v))
		t->partial |= VMS_TASK_NO_PARENT;
	else
		t->ppid = parent == task ? 0 : (int32_t)v;
	/* The idle tasks' parent is init_task itself: pid 0. */
	if (t->pid == 0)
		t->ppid = 0;
	if (lx_u64(w->lx, task + (uint64_t)o[LX_TASK_REAL_CRED], &cred))
		t->partial |= VMS_TASK_NO_CRED;
	else
		read_cred(w, t, cred);
	if (lx_u64(w->lx, task + (uint64_t)o[LX_TASK_SIGNAL], &signal) ||
	    lx_u32(w->lx, signal + (uint64_t)o[LX_SIGNAL_NR_THREADS], &t->nthreads))
		t->partial |= VMS_TASK_NO_SIGNAL;
	if (lx_u64(w->lx, task + (uint64_t)o[LX_TASK_MM], &t->mm))
		t->partial |= VMS_TASK_NO_MM;
	if (t->kthread)
		t->mm = 0;
	read_mm(w, t);
	w->n++;
	return 0;
}

/* Walk the circular list whose head is at head, entries linked at
 * link_off in each task; read each task but skip. */
static int walk_list(struct walk *w, uint64_t head, int64_t link_off, const char *what,
                     uint64_t skip)
{
	uint64_t prev_task = head - (uint64_t)link_off, next;
	int rc;

	if (lx_u64(w->lx, head, &next))
		return vms_error_set(-EFAULT, "%s: list head at %#" PRIx64 " is not readable", what,
		                     head);
	if (lx_links_add(&w->links, head, next))
		return vms_error_set(-ENOMEM, "out of memory");
	while (next != head) {
		uint64_t at;

		uint64_t task = next - (uint64_t)link_off;

		if (task == skip)
			goto next;
		if (w->seen.n >= MAX_TASKS)
			return vms_error_set(-ELOOP,
			                     "%s: more than %u tasks; the list must be corrupt",
			                     what, MAX_TASKS);
		rc = lx_seen_add(&w->seen, task);
		if (rc < 0)
			return vms_error_set(-ENOMEM, "out of memory");
		if (rc > 0)
			return vms_error_set(-ELOOP,
			                     "%s: the list comes back to the task at %#" PRIx64
			                     " without returning to its head",
			                     what, task);
		rc = read_task(w, task);
		if (rc == -EFAULT)
			return vms_error_set(-EFAULT,
			                     "%s: the task after %#" PRIx64 " is at %#" PRIx64
			                     ", which is not readable",
			                     what, prev_task, task);
		if (rc)
			return rc;
next:
		at = next;
		if (lx_u64(w->lx, at, &next))
			return vms_error_set(-EFAULT,
			                     "%s: the next pointer of the task at %#" PRIx64
			                     " is not readable",
			                     what, task);
		if (lx_links_add(&w->links, at, next))
			return vms_error_set(-ENOMEM, "out of memory");
		prev_task = task;
	}
	return 0;
}

static int walk_threads(struct walk *w, size_t leader)
{
	uint64_t task = w->v[leader].task, signal;
	const int64_t *o = w->o;

	if (o[LX_SIGNAL_THREAD_HEAD] != LX_OFF_MISSING &&
	    o[LX_TASK_THREAD_NODE] != LX_OFF_MISSING) {
		if (lx_u64(w->lx, task + (uint64_t)o[LX_TASK_SIGNAL], &signal))
			return 0;
		/* The leader is on the list too; it is listed already. */
		return walk_list(w, signal + (uint64_t)o[LX_SIGNAL_THREAD_HEAD],
		                 o[LX_TASK_THREAD_NODE], "thread list", task);
	}
	if (o[LX_TASK_THREAD_GROUP] == LX_OFF_MISSING)
		return vms_error_set(-ENOENT, "kernel offset task_struct.thread_node (or "
		                              "thread_group) not found in the kernel's types");
	/* thread_group links the group's tasks in a ring through the leader;
	 * the leader was seen, so the ring is walked from its entry. */
	return walk_list(w, task + (uint64_t)o[LX_TASK_THREAD_GROUP], o[LX_TASK_THREAD_GROUP],
	                 "thread group", 0);
}

static const enum lx_off needed[] = {
	LX_TASK_TASKS,
	LX_TASK_PID,
	LX_TASK_TGID,
	LX_TASK_COMM,
	LX_TASK_REAL_PARENT,
	LX_TASK_MM,
	LX_TASK_REAL_CRED,
	LX_TASK_FLAGS,
	LX_TASK_STATE,
	LX_TASK_EXIT_STATE,
	LX_TASK_START_BOOTTIME,
	LX_TASK_SIGNAL,
	LX_SIGNAL_NR_THREADS,
	LX_CRED_UID,
	LX_CRED_GID,
	LX_CRED_SUID,
	LX_CRED_SGID,
	LX_CRED_EUID,
	LX_CRED_EGID,
	LX_CRED_FSUID,
	LX_CRED_FSGID,
	LX_MM_PGD,
	LX_MM_ARG_START,
	LX_MM_ARG_END,
	LX_MM_ENV_START,
	LX_MM_ENV_END,
};

/* What the n tasks at v own. */
static void tasks_clear(void *elems, size_t n)
{
	struct vms_linux_task *v = elems;

	for (size_t i = 0; v && i < n; i++) {
		free(v[i].cmdline);
		free(v[i].environ);
		free(v[i].exe);
	}
}

int vms_linux_tasks(struct vms_linux_task **out, size_t *count, struct vms_linux *lx,
                    unsigned flags)
{
	struct walk w = { .lx = lx, .flags = flags };
	uint64_t init;
	int rc;

	*out = NULL;
	*count = 0;
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		rc = lx_off(&w.o[needed[i]], lx, needed[i]);
		if (rc)
			return rc;
	}
	w.o[LX_SIGNAL_THREAD_HEAD] = lx->off[LX_SIGNAL_THREAD_HEAD];
	w.o[LX_TASK_THREAD_NODE] = lx->off[LX_TASK_THREAD_NODE];
	w.o[LX_TASK_THREAD_GROUP] = lx->off[LX_TASK_THREAD_GROUP];
	for (int i = LX_TASK_WORKER_PRIVATE; i <= LX_WQ_NAME; i++)
		w.o[i] = lx->off[i];
	w.o[LX_MM_EXE_FILE] = lx->off[LX_MM_EXE_FILE];
	init = lx_sym(lx, "init_task");
	if (!init)
		return vms_error_set(-ENOENT, "no kernel symbol init_task");
	(void)lx_seen_add(&w.seen, init);
	lx_links_init(&w.links, lx);
	rc = walk_list(&w, init + (uint64_t)w.o[LX_TASK_TASKS], w.o[LX_TASK_TASKS], "task list", 0);
	for (size_t i = 0, leaders = w.n; !rc && (flags & VMS_TASKS_THREADS) && i < leaders; i++)
		if (w.v[i].nthreads > 1)
			rc = walk_threads(&w, i);
	rc = lx_links_check(&w.links, lx, rc, "the task list");
	lx_links_free(&w.links);
	lx_seen_free(&w.seen);
	if (rc) {
		vms__array_discard(w.v, w.n, tasks_clear);
		return rc;
	}
	return vms__array_out((void **)out, count, w.v, w.n, sizeof(*w.v), tasks_clear);
}

void vms_linux_tasks_free(struct vms_linux_task *tasks)
{
	vms__array_free(tasks, tasks_clear);
}

/* The task pid among every thread: a copy of its entry (without its
 * strings). -ENOENT if there is none. */
static int find_task(struct vms_linux_task *out, struct vms_linux *lx, int32_t pid)
{
	struct vms_linux_task *t;
	size_t n;
	int rc = vms_linux_tasks(&t, &n, lx, VMS_TASKS_THREADS | VMS_TASKS_NO_ARGS);

	if (rc)
		return rc;
	rc = vms_error_set(-ENOENT, "no task with pid %d", pid);
	for (size_t i = 0; i < n; i++)
		if (t[i].pid == pid) {
			*out = t[i];
			out->cmdline = out->environ = out->exe = NULL;
			rc = 0;
			break;
		}
	vms_linux_tasks_free(t);
	return rc;
}

int lx_find_task(uint64_t *task, uint64_t *mm, struct vms_linux *lx, int32_t pid)
{
	struct vms_linux_task t = { 0 };
	int rc = find_task(&t, lx, pid);

	if (!rc) {
		*task = t.task;
		*mm = t.mm;
	}
	return rc;
}

int vms_linux_pid_pt_root(uint64_t *pt_root, struct vms_linux *lx, int32_t pid)
{
	struct vms_linux_task t = { 0 };
	int rc = find_task(&t, lx, pid);

	if (rc)
		return rc;
	if (!t.pt_root)
		return vms_error_set(-EINVAL,
		                     "pid %d (%s) is a kernel thread: it has no user address "
		                     "space",
		                     pid, t.name);
	*pt_root = t.pt_root;
	return 0;
}

/* Where the per-CPU pointer to the running task lies in a per-CPU area:
 * the per-CPU variable current_task, or from 6.2 a member of pcpu_hot. */
static int current_task_offset(uint64_t *off, struct vms_linux *lx)
{
	struct vms_linux_member m;
	uint64_t at = lx_sym(lx, "current_task");

	if (at) {
		*off = at;
		return 0;
	}
	at = lx_sym(lx, "pcpu_hot");
	if (!at || vms_linux_member(&m, lx, "pcpu_hot", "current_task"))
		return vms_error_set(-ENOENT, "the kernel has neither current_task nor "
		                              "pcpu_hot.current_task");
	*off = at + m.offset;
	return 0;
}

/* Which CPU's per-CPU area starts at base: its index in __per_cpu_offset
 * (-1 for a kernel without the table, a uniprocessor one); -ENOENT if it
 * is none of them. */
static int per_cpu_index(int *cpu, struct vms_linux *lx, uint64_t base)
{
	uint64_t table = lx_sym(lx, "__per_cpu_offset"), ids = lx_sym(lx, "nr_cpu_ids"), v;
	uint32_t n = 0;

	*cpu = -1;
	if (!table)
		return 0;
	/* nr_cpu_ids is a variable on SMP kernels; NR_CPUS bounds it. */
	if (!ids || lx_u32(lx, ids, &n) || n == 0 || n > 8192)
		n = 8192;
	for (uint32_t i = 0; i < n; i++) {
		if (lx_u64(lx, table + 8 * (uint64_t)i, &v))
			break;
		if (v == base) {
			*cpu = (int)i;
			return 0;
		}
	}
	return -ENOENT;
}

static int current_fill(struct vms_linux_current *out, struct vms_linux *lx,
                        const struct vms_x86_regs *regs)
{
	uint64_t base[2], off = 0, task = 0;
	int64_t o_pid, o_tgid, o_comm;
	int user, rc, found = 0;
	uint32_t v;
	size_t got;

	memset(out, 0, sizeof(*out));
	out->cpu = -1;
	if (!regs || !(regs->valid & VMS_X86_REGS_FSGS_BASE))
		return vms_error_set(-EINVAL, "the vCPU's GS base is not known");
	/* In user mode the kernel's GS base is the swapped-out one; early in
	 * a system call (before swapgs) CS says kernel and GS is still the
	 * user's: so both are tried, the likelier first. */
	user = (regs->valid & (VMS_X86_REGS_SELECTORS | VMS_X86_REGS_SEGMENTS)) &&
	       (regs->cs.selector & 3);
	base[0] = user ? regs->kernel_gs_base : regs->gs_base;
	base[1] = user ? regs->gs_base : regs->kernel_gs_base;
	if (!(regs->valid & VMS_X86_REGS_KERNEL_GS_BASE))
		base[1] = base[0];
	if ((rc = current_task_offset(&off, lx)) || (rc = lx_off(&o_pid, lx, LX_TASK_PID)) ||
	    (rc = lx_off(&o_tgid, lx, LX_TASK_TGID)) || (rc = lx_off(&o_comm, lx, LX_TASK_COMM)))
		return rc;
	for (int i = 0; i < 2 && !found; i++)
		found = base[i] >= 0xffff800000000000ull &&
		        per_cpu_index(&out->cpu, lx, base[i]) == 0 &&
		        !lx_u64(lx, base[i] + off, &task) && task >= 0xffff800000000000ull;
	if (!found)
		return vms_error_set(-ENOENT,
		                     "neither GS base (%#" PRIx64 ", %#" PRIx64
		                     ") is a per-CPU area of the kernel's",
		                     regs->gs_base, regs->kernel_gs_base);
	out->task = task;
	if (lx_u32(lx, task + (uint64_t)o_pid, &v))
		return vms_error_set(-EFAULT, "task_struct at %#" PRIx64 " is unreadable", task);
	out->pid = (int32_t)v;
	if (!lx_u32(lx, task + (uint64_t)o_tgid, &v))
		out->tgid = (int32_t)v;
	if (vms_linux_read(out->comm, &got, lx, task + (uint64_t)o_comm, 16))
		out->comm[0] = '\0';
	out->comm[16] = '\0';
	return 0;
}

int vms_linux_current(struct vms_linux_current *out, struct vms_linux *lx,
                      const struct vms_x86_regs *regs)
{
	struct vms_linux_current cur = { .sz = sizeof(cur) };
	int rc = vms__out_check(out, "vms_linux_current");

	if (rc)
		return rc;
	rc = current_fill(&cur, lx, regs);
	vms__out_copy(out, &cur, sizeof(cur));
	return rc;
}
