/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Every kernel structure offset vmscope uses, in one list. Each entry names
 * the struct and the member path as BTF (or an ISF) knows them, and a second
 * path for kernels where the member had another name. The list expands into
 * the enum lx_off and the table offsets.c resolves; a missing offset that
 * is needed is reported by its name, "task_struct.pid". */
#ifndef VMS_LINUX_OFFSETS_H
#define VMS_LINUX_OFFSETS_H

#include <stdint.h>

/* X(ID, struct, path, older path or NULL) */
#define LX_OFFSETS(X)                                                              \
	X(TASK_TASKS, "task_struct", "tasks", NULL)                                \
	X(TASK_PID, "task_struct", "pid", NULL)                                    \
	X(TASK_TGID, "task_struct", "tgid", NULL)                                  \
	X(TASK_COMM, "task_struct", "comm", NULL)                                  \
	X(TASK_REAL_PARENT, "task_struct", "real_parent", NULL)                    \
	X(TASK_MM, "task_struct", "mm", NULL)                                      \
	X(TASK_REAL_CRED, "task_struct", "real_cred", NULL)                        \
	X(TASK_FLAGS, "task_struct", "flags", NULL)                                \
	X(TASK_STATE, "task_struct", "__state", "state")                           \
	X(TASK_EXIT_STATE, "task_struct", "exit_state", NULL)                      \
	X(TASK_START_BOOTTIME, "task_struct", "start_boottime", "real_start_time") \
	X(TASK_SIGNAL, "task_struct", "signal", NULL)                              \
	X(TASK_THREAD_NODE, "task_struct", "thread_node", NULL)                    \
	X(TASK_THREAD_GROUP, "task_struct", "thread_group", NULL)                  \
	X(TASK_FILES, "task_struct", "files", NULL)                                \
	X(TASK_WORKER_PRIVATE, "task_struct", "worker_private", "set_child_tid")   \
	X(KTHREAD_FULL_NAME, "kthread", "full_name", NULL)                         \
	X(KTHREAD_DATA, "kthread", "data", NULL)                                   \
	X(WORKER_DESC, "worker", "desc", NULL)                                     \
	X(WORKER_CURRENT_WORK, "worker", "current_work", NULL)                     \
	X(WORKER_POOL, "worker", "pool", NULL)                                     \
	X(WORKER_RESCUE_WQ, "worker", "rescue_wq", NULL)                           \
	X(WQ_NAME, "workqueue_struct", "name", NULL)                               \
	X(SIGNAL_NR_THREADS, "signal_struct", "nr_threads", NULL)                  \
	X(SIGNAL_THREAD_HEAD, "signal_struct", "thread_head", NULL)                \
	X(CRED_UID, "cred", "uid", NULL)                                           \
	X(CRED_GID, "cred", "gid", NULL)                                           \
	X(CRED_SUID, "cred", "suid", NULL)                                         \
	X(CRED_SGID, "cred", "sgid", NULL)                                         \
	X(CRED_EUID, "cred", "euid", NULL)                                         \
	X(CRED_EGID, "cred", "egid", NULL)                                         \
	X(CRED_FSUID, "cred", "fsuid", NULL)                                       \
	X(CRED_FSGID, "cred", "fsgid", NULL)                                       \
	X(MM_PGD, "mm_struct", "pgd", NULL)                                        \
	X(MM_ARG_START, "mm_struct", "arg_start", NULL)                            \
	X(MM_ARG_END, "mm_struct", "arg_end", NULL)                                \
	X(MM_ENV_START, "mm_struct", "env_start", NULL)                            \
	X(MM_ENV_END, "mm_struct", "env_end", NULL)                                \
	X(MM_EXE_FILE, "mm_struct", "exe_file", NULL)                              \
	X(NEW_UTS_SYSNAME, "new_utsname", "sysname", NULL)                         \
	X(NEW_UTS_NODENAME, "new_utsname", "nodename", NULL)                       \
	X(NEW_UTS_RELEASE, "new_utsname", "release", NULL)                         \
	X(NEW_UTS_VERSION, "new_utsname", "version", NULL)                         \
	X(NEW_UTS_MACHINE, "new_utsname", "machine", NULL)                         \
	X(UTS_NS_NAME, "uts_namespace", "name", NULL)                              \
	X(MODULE_LIST, "module", "list", NULL)                                     \
	X(MODULE_NAME, "module", "name", NULL)                                     \
	X(MODULE_STATE, "module", "state", NULL)                                   \
	X(MODULE_REFCNT, "module", "refcnt", NULL)                                 \
	X(MODULE_TAINTS, "module", "taints", NULL)                                 \
	X(MODULE_SOURCE_LIST, "module", "source_list", NULL)                       \
	X(MODULE_INIT, "module", "init", NULL)                                     \
	X(MODULE_EXIT, "module", "exit", NULL)                                     \
	X(MODULE_MEM, "module", "mem", NULL)                                       \
	X(MODULE_MEM_BASE, "module_memory", "base", NULL)                          \
	X(MODULE_MEM_SIZE, "module_memory", "size", NULL)                          \
	X(MODULE_CORE_BASE, "module", "core_layout.base", "module_core")           \
	X(MODULE_CORE_SIZE, "module", "core_layout.size", "core_size")             \
	X(MODULE_INIT_SIZE, "module", "init_layout.size", "init_size")             \
	X(MODULE_USE_SOURCE_LIST, "module_use", "source_list", NULL)               \
	X(MODULE_USE_SOURCE, "module_use", "source", NULL)                         \
	X(TK_OFFS_REAL, "timekeeper", "offs_real", NULL)                           \
	X(TK_OFFS_BOOT, "timekeeper", "offs_boot", NULL)

enum lx_off {
#define LX_ENUM(id, s, path, alt) LX_##id,
	LX_OFFSETS(LX_ENUM)
#undef LX_ENUM
	LX_NOFFSETS
};

#define LX_OFF_MISSING INT64_MIN

#endif
