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
#define LX_OFFSETS(X)                                                                \
	X(TASK_TASKS, "task_struct", "tasks", NULL)                                  \
	X(TASK_PID, "task_struct", "pid", NULL)                                      \
	X(TASK_TGID, "task_struct", "tgid", NULL)                                    \
	X(TASK_COMM, "task_struct", "comm", NULL)                                    \
	X(TASK_REAL_PARENT, "task_struct", "real_parent", NULL)                      \
	X(TASK_MM, "task_struct", "mm", NULL)                                        \
	X(TASK_REAL_CRED, "task_struct", "real_cred", NULL)                          \
	X(TASK_FLAGS, "task_struct", "flags", NULL)                                  \
	X(TASK_STATE, "task_struct", "__state", "state")                             \
	X(TASK_EXIT_STATE, "task_struct", "exit_state", NULL)                        \
	X(TASK_START_BOOTTIME, "task_struct", "start_boottime", "real_start_time")   \
	X(TASK_SIGNAL, "task_struct", "signal", NULL)                                \
	X(TASK_THREAD_NODE, "task_struct", "thread_node", NULL)                      \
	X(TASK_THREAD_GROUP, "task_struct", "thread_group", NULL)                    \
	X(TASK_FILES, "task_struct", "files", NULL)                                  \
	X(TASK_WORKER_PRIVATE, "task_struct", "worker_private", "set_child_tid")     \
	X(KTHREAD_FULL_NAME, "kthread", "full_name", NULL)                           \
	X(KTHREAD_DATA, "kthread", "data", NULL)                                     \
	X(WORKER_DESC, "worker", "desc", NULL)                                       \
	X(WORKER_CURRENT_WORK, "worker", "current_work", NULL)                       \
	X(WORKER_POOL, "worker", "pool", NULL)                                       \
	X(WORKER_RESCUE_WQ, "worker", "rescue_wq", NULL)                             \
	X(WQ_NAME, "workqueue_struct", "name", NULL)                                 \
	X(SIGNAL_NR_THREADS, "signal_struct", "nr_threads", NULL)                    \
	X(SIGNAL_THREAD_HEAD, "signal_struct", "thread_head", NULL)                  \
	X(CRED_UID, "cred", "uid", NULL)                                             \
	X(CRED_GID, "cred", "gid", NULL)                                             \
	X(CRED_SUID, "cred", "suid", NULL)                                           \
	X(CRED_SGID, "cred", "sgid", NULL)                                           \
	X(CRED_EUID, "cred", "euid", NULL)                                           \
	X(CRED_EGID, "cred", "egid", NULL)                                           \
	X(CRED_FSUID, "cred", "fsuid", NULL)                                         \
	X(CRED_FSGID, "cred", "fsgid", NULL)                                         \
	X(MM_PGD, "mm_struct", "pgd", NULL)                                          \
	X(MM_ARG_START, "mm_struct", "arg_start", NULL)                              \
	X(MM_ARG_END, "mm_struct", "arg_end", NULL)                                  \
	X(MM_ENV_START, "mm_struct", "env_start", NULL)                              \
	X(MM_ENV_END, "mm_struct", "env_end", NULL)                                  \
	X(MM_EXE_FILE, "mm_struct", "exe_file", NULL)                                \
	X(NEW_UTS_SYSNAME, "new_utsname", "sysname", NULL)                           \
	X(NEW_UTS_NODENAME, "new_utsname", "nodename", NULL)                         \
	X(NEW_UTS_RELEASE, "new_utsname", "release", NULL)                           \
	X(NEW_UTS_VERSION, "new_utsname", "version", NULL)                           \
	X(NEW_UTS_MACHINE, "new_utsname", "machine", NULL)                           \
	X(UTS_NS_NAME, "uts_namespace", "name", NULL)                                \
	X(DENTRY_PARENT, "dentry", "d_parent", NULL)                                 \
	X(DENTRY_NAME, "dentry", "d_name.name", NULL)                                \
	X(DENTRY_NAME_LEN, "dentry", "d_name.len", NULL)                             \
	X(DENTRY_INODE, "dentry", "d_inode", NULL)                                   \
	X(DENTRY_OP, "dentry", "d_op", NULL)                                         \
	X(DENTRY_HASH_PPREV, "dentry", "d_hash.pprev", NULL)                         \
	X(DOPS_DNAME, "dentry_operations", "d_dname", NULL)                          \
	X(INODE_INO, "inode", "i_ino", NULL)                                         \
	X(INODE_SB, "inode", "i_sb", NULL)                                           \
	X(SB_DEV, "super_block", "s_dev", NULL)                                      \
	X(VFSMOUNT_ROOT, "vfsmount", "mnt_root", NULL)                               \
	X(MOUNT_MNT, "mount", "mnt", NULL)                                           \
	X(MOUNT_PARENT, "mount", "mnt_parent", NULL)                                 \
	X(MOUNT_MOUNTPOINT, "mount", "mnt_mountpoint", NULL)                         \
	X(FILE_PATH_MNT, "file", "f_path.mnt", NULL)                                 \
	X(FILE_PATH_DENTRY, "file", "f_path.dentry", NULL)                           \
	X(FILE_INODE, "file", "f_inode", NULL)                                       \
	X(MM_MT_ROOT, "mm_struct", "mm_mt.ma_root", NULL)                            \
	X(MM_MMAP, "mm_struct", "mmap", NULL)                                        \
	X(MM_START_BRK, "mm_struct", "start_brk", NULL)                              \
	X(MM_BRK, "mm_struct", "brk", NULL)                                          \
	X(MM_START_STACK, "mm_struct", "start_stack", NULL)                          \
	X(VMA_START, "vm_area_struct", "vm_start", NULL)                             \
	X(VMA_END, "vm_area_struct", "vm_end", NULL)                                 \
	X(VMA_MM, "vm_area_struct", "vm_mm", NULL)                                   \
	X(VMA_FLAGS, "vm_area_struct", "vm_flags", NULL)                             \
	X(VMA_PGOFF, "vm_area_struct", "vm_pgoff", NULL)                             \
	X(VMA_FILE, "vm_area_struct", "vm_file", NULL)                               \
	X(VMA_OPS, "vm_area_struct", "vm_ops", NULL)                                 \
	X(VMA_PRIVATE, "vm_area_struct", "vm_private_data", NULL)                    \
	X(VMA_NEXT, "vm_area_struct", "vm_next", NULL)                               \
	X(VMOPS_NAME, "vm_operations_struct", "name", NULL)                          \
	X(FILES_FDT, "files_struct", "fdt", NULL)                                    \
	X(FDTABLE_MAX_FDS, "fdtable", "max_fds", NULL)                               \
	X(FDTABLE_FD, "fdtable", "fd", NULL)                                         \
	X(PRB_DESC_COUNT_BITS, "printk_ringbuffer", "desc_ring.count_bits", NULL)    \
	X(PRB_DESCS, "printk_ringbuffer", "desc_ring.descs", NULL)                   \
	X(PRB_INFOS, "printk_ringbuffer", "desc_ring.infos", NULL)                   \
	X(PRB_HEAD_ID, "printk_ringbuffer", "desc_ring.head_id", NULL)               \
	X(PRB_TAIL_ID, "printk_ringbuffer", "desc_ring.tail_id", NULL)               \
	X(PRB_TEXT_SIZE_BITS, "printk_ringbuffer", "text_data_ring.size_bits", NULL) \
	X(PRB_TEXT_DATA, "printk_ringbuffer", "text_data_ring.data", NULL)           \
	X(SK_DADDR, "sock_common", "skc_daddr", NULL)                                \
	X(SK_RCV_SADDR, "sock_common", "skc_rcv_saddr", NULL)                        \
	X(SK_DPORT, "sock_common", "skc_dport", NULL)                                \
	X(SK_NUM, "sock_common", "skc_num", NULL)                                    \
	X(SK_FAMILY, "sock_common", "skc_family", NULL)                              \
	X(SK_STATE, "sock_common", "skc_state", NULL)                                \
	X(SK_NODE, "sock_common", "skc_node", NULL)                                  \
	X(SK_NULLS_NODE, "sock_common", "skc_nulls_node", NULL)                      \
	X(SK_V6_DADDR, "sock_common", "skc_v6_daddr", NULL)                          \
	X(SK_V6_RCV_SADDR, "sock_common", "skc_v6_rcv_saddr", NULL)                  \
	X(SK_REFCNT, "sock_common", "skc_refcnt", NULL)                              \
	X(SOCK_TYPE, "sock", "sk_type", NULL)                                        \
	X(SOCK_UID, "sock", "sk_uid", NULL)                                          \
	X(SOCK_SOCKET, "sock", "sk_socket", NULL)                                    \
	X(SOCKET_ALLOC_INODE, "socket_alloc", "vfs_inode", NULL)                     \
	X(HASHINFO_EHASH, "inet_hashinfo", "ehash", NULL)                            \
	X(HASHINFO_EHASH_MASK, "inet_hashinfo", "ehash_mask", NULL)                  \
	X(HASHINFO_LHASH2, "inet_hashinfo", "lhash2", NULL)                          \
	X(HASHINFO_LHASH2_MASK, "inet_hashinfo", "lhash2_mask", NULL)                \
	X(LHASH_HEAD, "inet_listen_hashbucket", "nulls_head", NULL)                  \
	X(UDP_TABLE_HASH, "udp_table", "hash", NULL)                                 \
	X(UDP_TABLE_MASK, "udp_table", "mask", NULL)                                 \
	X(NET_UNIX_BUCKETS, "net", "unx.table.buckets", NULL)                        \
	X(UNIX_SOCK_ADDR, "unix_sock", "addr", NULL)                                 \
	X(UNIX_ADDR_LEN, "unix_address", "len", NULL)                                \
	X(UNIX_ADDR_NAME, "unix_address", "name", NULL)                              \
	X(MODULE_LIST, "module", "list", NULL)                                       \
	X(MODULE_NAME, "module", "name", NULL)                                       \
	X(MODULE_STATE, "module", "state", NULL)                                     \
	X(MODULE_REFCNT, "module", "refcnt", NULL)                                   \
	X(MODULE_TAINTS, "module", "taints", NULL)                                   \
	X(MODULE_SOURCE_LIST, "module", "source_list", NULL)                         \
	X(MODULE_INIT, "module", "init", NULL)                                       \
	X(MODULE_EXIT, "module", "exit", NULL)                                       \
	X(MODULE_MEM, "module", "mem", NULL)                                         \
	X(MODULE_MEM_BASE, "module_memory", "base", NULL)                            \
	X(MODULE_MEM_SIZE, "module_memory", "size", NULL)                            \
	X(MODULE_CORE_BASE, "module", "core_layout.base", "module_core")             \
	X(MODULE_CORE_SIZE, "module", "core_layout.size", "core_size")               \
	X(MODULE_INIT_SIZE, "module", "init_layout.size", "init_size")               \
	X(MODULE_USE_SOURCE_LIST, "module_use", "source_list", NULL)                 \
	X(MODULE_USE_SOURCE, "module_use", "source", NULL)                           \
	X(TK_OFFS_REAL, "timekeeper", "offs_real", NULL)                             \
	X(TK_OFFS_BOOT, "timekeeper", "offs_boot", NULL)

enum lx_off {
#define LX_ENUM(id, s, path, alt) LX_##id,
	LX_OFFSETS(LX_ENUM)
#undef LX_ENUM
	LX_NOFFSETS
};

#define LX_OFF_MISSING INT64_MIN

#endif
