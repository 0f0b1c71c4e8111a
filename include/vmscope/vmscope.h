/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The umbrella header: everything a vmscope user needs. */
#ifndef VMSCOPE_H
#define VMSCOPE_H

#include <vmscope/common.h>
#include <vmscope/x86.h>
#include <vmscope/target.h>
#include <vmscope/memory.h>
#include <vmscope/linux.h>
#include <vmscope/events.h>
#include <vmscope/trace.h>

#endif
