/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* An in-memory backend for tests: guest-physical ranges over a buffer whose
 * byte at gpa is elfcore_byte(gpa), chosen capabilities, chosen vCPUs. */
#ifndef VMS_TEST_FAKE_BACKEND_H
#define VMS_TEST_FAKE_BACKEND_H

#include <vmscope/sys/backend.h>

struct fake_config {
	struct vms_mem_range ranges[8];
	size_t nranges;
	uint32_t caps;
	unsigned nvcpus;
	struct vms_x86_regs regs[4];
	int fail_open; /* open returns this (negative) */
};

/* The backend reads the configuration given here when it opens. */
void fake_backend_configure(const struct fake_config *cfg);
extern const struct vms_backend_ops fake_backend;

#endif
