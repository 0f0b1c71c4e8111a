// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: what a gdbstub sends, decoded (escapes, run lengths)
 * and read as a stop reply (and the vCPU its thread names) and as a
 * registers reply. Decoding never writes past its buffer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backends/qemu/gdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[2048];
	uint64_t regs[GDB_NREGS];
	struct gdb_stop stop;
	unsigned vcpu;

	if (gdb_decode(out, sizeof(out), (const char *)data, size) == 0) {
		if (strlen(out) >= sizeof(out))
			abort();
		if (gdb_parse_stop(&stop, out) == 0) {
			if (strlen(stop.thread) >= sizeof(stop.thread))
				abort();
			if (gdb_vcpu_of(stop.thread, &vcpu) == 0 && vcpu >= 0x10000)
				abort();
		}
		(void)gdb_parse_registers(regs, GDB_NREGS, out);
	}
	return 0;
}
