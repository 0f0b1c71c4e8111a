/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef VMSCOPE_LINUX_H
#define VMSCOPE_LINUX_H

#include <vmscope/memory.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A Linux guest's kernel, understood from its own memory: where it is (the
 * KASLR slide and physical load address), its symbols (kallsyms) and its
 * types (BTF). No profile is needed; vms_linux_open finds everything.
 */

struct vms_linux;

struct vms_linux_opts {
	size_t sz; /**< sizeof(struct vms_linux_opts) */
	/** When memory holds several kernels that all check out (stale
	 * copies from earlier boots), the guest-physical address of the
	 * _text of the one to use. 0: decide, or fail listing them. */
	uint64_t kernel_gpa;
	/** Symbols from this System.map instead of the guest's kallsyms: for
	 * kernels built without CONFIG_KALLSYMS_ALL, or a guest whose tables
	 * are not to be trusted. Read during vms_linux_open. NULL: none. */
	const char *system_map;
	/** Types from this Volatility 3 ISF (.json or .json.xz) instead of
	 * the guest's BTF, and its symbols too unless system_map is given.
	 * Its linux_banner, when it has one, must be the guest's. Read during
	 * vms_linux_open. NULL: none. */
	const char *isf;
};

/**
 * Find the kernel of the Linux guest in t. With vCPU state it follows
 * CR3; without it (raw images, LiME) it scans guest-physical memory for the
 * kernel's symbol table and keeps the candidates whose page tables and
 * symbols agree. Fills *out (free with vms_linux_close; t must outlive it).
 * -ENOENT when no kernel is found, -EEXIST when several are and none is
 * chosen (the message lists them), -EINVAL for bad options.
 */
VMS_API int vms_linux_open(struct vms_linux **out, struct vms_target *t,
                           const struct vms_linux_opts *opts);
VMS_API void vms_linux_close(struct vms_linux *lx);

/**
 * Find the kernel again, with the options it was opened with: after the
 * guest rebooted (vms_target_generation changed), when its KASLR offsets
 * and perhaps its kernel are new. On a live guest the kernel is found
 * through the vCPUs only (the previous boot's kernel may still lie in
 * RAM): -EAGAIN while no vCPU runs a 64-bit kernel yet (still booting).
 * On failure lx keeps what it had.
 */
VMS_API int vms_linux_refresh(struct vms_linux *lx);

/** Where the kernel is and how it was found. */
struct vms_linux_kernel {
	size_t sz;            /**< sizeof(struct vms_linux_kernel), set by the caller */
	uint64_t text_gva;    /**< _text, KASLR applied */
	uint64_t text_gpa;    /**< guest-physical address of _text */
	int64_t kaslr_slide;  /**< text_gva - 0xffffffff81000000 (the link address) */
	uint64_t phys_base;   /**< the kernel's phys_base: __pa(x) = x - 0xffffffff80000000 +
	                         phys_base */
	uint64_t pt_root;     /**< the kernel's own page tables (init_top_pgt) */
	size_t nsyms;         /**< kallsyms entries */
	const char *found_by; /**< "vcpu N" or "scan"; borrowed */
	unsigned candidates;  /**< kernels found in memory that checked out */
	const char *symbols;  /**< where the symbols come from: "kallsyms", "System.map", "ISF" */
	const char *types;    /**< where the types come from: "BTF" or "ISF" */
	/** The dump's VMCOREINFO (a hint, never trusted): 1 when its
	 * KERNELOFFSET and phys_base agree with what was found, -1 when they
	 * do not (what was found wins), 0 when there is none. */
	int vmcoreinfo;
};

/** Fill *out for lx (set out->sz first). -EINVAL without sz. */
VMS_API int vms_linux_kernel(struct vms_linux_kernel *out, const struct vms_linux *lx);

/** The target lx reads; borrowed. */
VMS_API struct vms_target *vms_linux_target(const struct vms_linux *lx);

/** One kernel symbol, as /proc/kallsyms shows it. name is borrowed from lx. */
struct vms_ksym {
	size_t sz; /**< sizeof(struct vms_ksym), set by the caller */
	uint64_t addr;
	char type; /**< the nm-style letter: T t D d R r B b A W V ... */
	const char *name;
};

/** The number of kallsyms entries. */
VMS_API size_t vms_linux_sym_count(const struct vms_linux *lx);

/** Entry idx, in the kernel's order (by address). -ERANGE past the end. */
VMS_API int vms_linux_sym_get(struct vms_ksym *out, const struct vms_linux *lx, size_t idx);

/** The symbol called name (the lowest-addressed, when several share it, as
 * the kernel's kallsyms_lookup_name). -ENOENT if none. */
VMS_API int vms_linux_sym_lookup(struct vms_ksym *out, const struct vms_linux *lx,
                                 const char *name);

/** The symbol that addr falls in: the nearest at or below it, and
 * addr's offset from it. -ENOENT below the first symbol. */
VMS_API int vms_linux_sym_at(struct vms_ksym *out, uint64_t *offset, const struct vms_linux *lx,
                             uint64_t addr);

/** Read len bytes of kernel virtual memory through the kernel's page
 * tables. As vms_read_gva. */
VMS_API int vms_linux_read(void *buf, size_t *nread, struct vms_linux *lx, uint64_t gva,
                           size_t len);

/** What uname(2) reports, and when the kernel booted and on how many CPUs. */
struct vms_linux_uname {
	size_t sz; /**< sizeof(struct vms_linux_uname), set by the caller */
	char sysname[65], nodename[65], release[65], version[65], machine[65];
	int64_t boot_time_ns; /**< wall-clock time of boot, ns since the epoch (/proc/stat btime) */
	unsigned cpus_online; /**< CPUs in cpu_online_mask */
	char cpus_list[64];   /**< as /sys/devices/system/cpu/online: "0-1" */
	unsigned partial;     /**< 1: boot time or CPUs could not be read */
};

/** The kernel's init_uts_ns names (the host namespace), boot time (from
 * the timekeeper's offsets) and online CPUs. Needs BTF. */
VMS_API int vms_linux_uname(struct vms_linux_uname *out, struct vms_linux *lx);

/*
 * Processes and threads, from the kernel's task list (init_task.tasks),
 * with the fields /proc shows. Needs the kernel's types (BTF).
 */

/** Set in vms_linux_task.partial: a field could not be read (a pointer
 * into unmapped memory, a swapped-out page); the rest of the task is
 * good. */
enum vms_task_partial {
	VMS_TASK_NO_CRED = 1u << 0,
	VMS_TASK_NO_PARENT = 1u << 1,
	VMS_TASK_NO_MM = 1u << 2,   /**< mm or its page tables unreadable */
	VMS_TASK_NO_ARGS = 1u << 3, /**< cmdline cut short or unreadable */
	VMS_TASK_NO_ENV = 1u << 4,  /**< environment cut short or unreadable */
	VMS_TASK_NO_SIGNAL = 1u << 5,
	VMS_TASK_NO_EXE = 1u << 6, /**< exe_file unreadable */
};

struct vms_linux_task {
	uint64_t task; /**< gva of its task_struct */
	int32_t pid, tgid, ppid;
	uint32_t uid, euid, suid, fsuid, gid, egid, sgid, fsgid;
	char comm[17];
	/** The name /proc shows (status "Name:", stat): comm, or a kernel
	 * thread's full name, or a workqueue worker's comm with "+desc" or
	 * "-desc" for the work it runs or last ran. */
	char name[64];
	char state; /**< as /proc: R S D T t X Z P I */
	int kthread;
	uint32_t nthreads;
	uint64_t start_ns; /**< start_boottime: ns since boot, suspend included */
	uint64_t mm;       /**< gva of its mm_struct; 0 for kernel threads */
	uint64_t pt_root;  /**< gpa of its page tables (mm->pgd); 0 without mm */
	char *cmdline;     /**< the bytes of /proc/PID/cmdline (NUL-separated) */
	size_t cmdline_len;
	char *environ; /**< the bytes of /proc/PID/environ */
	size_t environ_len;
	char *exe;        /**< the executable's path, as readlink(/proc/PID/exe); NULL without mm */
	uint32_t partial; /**< enum vms_task_partial */
};

enum vms_tasks_flags {
	VMS_TASKS_THREADS = 1u << 0, /**< every thread, not only thread-group leaders */
	VMS_TASKS_NO_ARGS = 1u << 1, /**< skip cmdline and environment */
};

/**
 * The processes (thread-group leaders, as /proc lists them; pid 0, the
 * idle task, is the list's head and not listed) in task-list order, or
 * every thread with VMS_TASKS_THREADS. *out is freed with
 * vms_linux_tasks_free. A list that loops without coming back to its head,
 * or longer than any kernel allows, is -ELOOP; a next pointer into
 * unmapped memory is -EFAULT (the message names the task before it).
 */
VMS_API int vms_linux_tasks(struct vms_linux_task **out, size_t *count, struct vms_linux *lx,
                            unsigned flags);
VMS_API void vms_linux_tasks_free(struct vms_linux_task *tasks);

/** The page-table root (gpa) of the process or thread pid, for
 * vms_read_gva and vms_translate_gva. -ENOENT if there is no such task,
 * -EINVAL for a kernel thread (it has no user address space). */
VMS_API int vms_linux_pid_pt_root(uint64_t *pt_root, struct vms_linux *lx, int32_t pid);

/** The task a vCPU runs. */
struct vms_linux_current {
	size_t sz;     /**< sizeof(struct vms_linux_current), set by the caller */
	uint64_t task; /**< gva of its task_struct */
	int32_t pid;   /**< the thread's id */
	int32_t tgid;  /**< its process's */
	char comm[17];
	int cpu; /**< the kernel's number for the vCPU; -1 if it keeps no table */
};

/**
 * The task running on the vCPU whose registers are regs (at a breakpoint,
 * say): the per-CPU current task (current_task; pcpu_hot.current_task
 * from 6.2) at the vCPU's per-CPU base, which is GS base in the kernel
 * and the swapped-out kernel_gs_base in user mode. The base must be one
 * of the kernel's own per-CPU offsets (__per_cpu_offset), which also
 * gives the CPU number. -EINVAL when regs lack the GS bases, -ENOENT when
 * neither base is a per-CPU area, -EFAULT for an unreadable task.
 */
VMS_API int vms_linux_current(struct vms_linux_current *out, struct vms_linux *lx,
                              const struct vms_x86_regs *regs);

/*
 * A process's memory areas, as /proc/PID/maps shows them: from the maple
 * tree (6.1 on) or the vm_next list (before).
 */
struct vms_linux_vma {
	uint64_t start, end; /**< [start, end) */
	uint64_t vm_flags;
	char perms[5];   /**< "r-xp" */
	uint64_t offset; /**< file offset in bytes; 0 for anonymous memory */
	uint32_t dev_major, dev_minor;
	uint64_t ino;
	char *name;       /**< the file's path, "[heap]", "[stack]", "[vdso]", ... or "" */
	uint64_t vma;     /**< gva of its vm_area_struct */
	uint32_t partial; /**< nonzero: the name or file could not be read */
};

/** The memory areas of process pid, in address order; *out is freed with
 * vms_linux_maps_free. -ENOENT for no such process, -EINVAL for a kernel
 * thread; a corrupt tree or list is -EINVAL/-ELOOP naming what is wrong. */
VMS_API int vms_linux_maps(struct vms_linux_vma **out, size_t *count, struct vms_linux *lx,
                           int32_t pid);
VMS_API void vms_linux_maps_free(struct vms_linux_vma *vmas);

/*
 * A process's open files, as /proc/PID/fd shows them.
 */
struct vms_linux_fd {
	int32_t fd;
	uint64_t file; /**< gva of its struct file */
	char *path; /**< as readlink(/proc/PID/fd/N): "/dev/null", "socket:[6209]", "pipe:[12]" */
	uint32_t dev_major, dev_minor;
	uint64_t ino;
	uint32_t partial; /**< nonzero: the path could not be read */
};

/** The open files of process pid, by descriptor. *out is freed with
 * vms_linux_files_free. A table larger than the kernel allows (NR_OPEN)
 * is -E2BIG; no such process -ENOENT; a kernel thread has none (0). */
VMS_API int vms_linux_files(struct vms_linux_fd **out, size_t *count, struct vms_linux *lx,
                            int32_t pid);
VMS_API void vms_linux_files_free(struct vms_linux_fd *fds);

/*
 * Sockets: TCP and UDP over IPv4 and IPv6 (from the kernel's hash tables),
 * and UNIX sockets of the initial network namespace, with the processes
 * that hold them open.
 */
enum vms_socket_proto {
	VMS_SOCK_TCP,
	VMS_SOCK_UDP,
	VMS_SOCK_UNIX,
};

struct vms_linux_socket {
	int proto;       /**< enum vms_socket_proto */
	uint16_t family; /**< AF_INET 2, AF_INET6 10, AF_UNIX 1 */
	uint8_t state;   /**< TCP_* as /proc/net/tcp's st; for UNIX the socket's SS_* state */
	uint16_t type;   /**< SOCK_STREAM 1, SOCK_DGRAM 2, ... */
	uint8_t local[16], remote[16]; /**< IPv4 in the first 4 bytes; network order */
	uint16_t lport, rport;         /**< host order */
	uint32_t uid;
	uint64_t ino;
	uint64_t sock;    /**< gva of its struct sock */
	uint32_t flags;   /**< UNIX: __SO_ACCEPTCON (0x10000) when listening */
	uint32_t refcnt;  /**< UNIX: as /proc/net/unix's RefCount */
	char path[110];   /**< UNIX: the bound name; "@name" for the abstract namespace */
	char owners[128]; /**< "pid/comm" of each process holding it, comma-separated */
};

/** Every socket, TCP then UDP then UNIX. *out is freed with
 * vms_linux_sockets_free. Hash
 * tables and chains are bounded; a chain that loops is -ELOOP. */
VMS_API int vms_linux_sockets(struct vms_linux_socket **out, size_t *count, struct vms_linux *lx);
VMS_API void vms_linux_sockets_free(struct vms_linux_socket *sockets);

/*
 * The kernel log, from the lockless printk ring buffer (5.10 on).
 */
struct vms_linux_log {
	uint64_t seq;
	uint64_t ts_nsec; /**< local clock at the time of the message */
	uint8_t level, facility;
	uint32_t caller_id;
	char *text; /**< the message, NUL-terminated (it may hold newlines) */
	size_t len;
};

/** Every record still in the ring, oldest first; *out is freed with
 * vms_linux_dmesg_free. Records being written or already overwritten are
 * skipped, as the kernel's readers skip them. */
VMS_API int vms_linux_dmesg(struct vms_linux_log **out, size_t *count, struct vms_linux *lx);
VMS_API void vms_linux_dmesg_free(struct vms_linux_log *log);

/*
 * Loaded modules, from the kernel's modules list, as /proc/modules shows
 * them.
 */
enum vms_module_state {
	VMS_MODULE_LIVE = 0,
	VMS_MODULE_COMING = 1,
	VMS_MODULE_GOING = 2,
	VMS_MODULE_UNFORMED = 3,
};

struct vms_linux_module {
	uint64_t module; /**< gva of its struct module */
	char name[57];
	uint64_t base; /**< its core text: what /proc/modules prints */
	uint64_t size; /**< bytes of memory, as /proc/modules counts them */
	int32_t refcount;
	int state;        /**< enum vms_module_state */
	char users[256];  /**< "ipip," (each user module and a comma), "[permanent],", or "-" */
	uint64_t taints;  /**< the taint bits */
	char flags[16];   /**< as /proc/modules: "(OE)", or "" */
	uint32_t partial; /**< nonzero: some field could not be read */
};

/** The loaded modules, in list order (newest first). *out is freed with
 * vms_linux_modules_free. A list that loops is -ELOOP; a pointer into
 * unmapped memory -EFAULT. */
VMS_API int vms_linux_modules(struct vms_linux_module **out, size_t *count, struct vms_linux *lx);
VMS_API void vms_linux_modules_free(struct vms_linux_module *modules);

/*
 * Types, from the kernel's own BTF (read on first use). A type is named as
 * in C ("task_struct", "struct file", "union bpf_attr", a typedef); a
 * member by path: names joined by '.', through anonymous structs and
 * unions, with [N] for array elements ("mem[0].base"). -ENOENT when the
 * kernel has no BTF or no such type or member; the message says which.
 */

/** A member of a struct or union. */
struct vms_linux_member {
	const char *name;    /**< borrowed from lx; "" for an anonymous member */
	char type[128];      /**< as C declares it: "struct mm_struct *", "char [16]" */
	uint64_t offset;     /**< bytes from the start of the outer type */
	uint32_t bit_offset; /**< bits past offset (bitfields) */
	uint32_t bit_size;   /**< 0 unless a bitfield */
	uint64_t size;       /**< bytes; 0 for bitfields and incomplete types */
};

/** The size of a type in bytes. */
VMS_API int vms_linux_type_size(uint64_t *size, struct vms_linux *lx, const char *type);

/** One member of a type, by path. */
VMS_API int vms_linux_member(struct vms_linux_member *out, struct vms_linux *lx, const char *type,
                             const char *path);

/** The direct members of a struct or union, in order; *out is freed with
 * vms_linux_members_free. */
VMS_API int vms_linux_type_members(struct vms_linux_member **out, size_t *count,
                                   struct vms_linux *lx, const char *type);
VMS_API void vms_linux_members_free(struct vms_linux_member *members);

/** Output for writers: write len bytes; 0 or a negative errno. */
typedef int (*vms_write_fn)(const void *buf, size_t len, void *payload);

/**
 * Write a Volatility 3 ISF (JSON) for the guest's kernel through fn, in
 * pieces: its types from BTF and its symbols from kallsyms, with link-time
 * addresses. -ENOENT without BTF; fn's error if it fails.
 */
VMS_API int vms_linux_isf_write(struct vms_linux *lx, vms_write_fn fn, void *payload);

#ifdef __cplusplus
}
#endif

#endif
