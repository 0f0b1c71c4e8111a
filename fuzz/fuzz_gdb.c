// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: what a gdbstub sends, decoded (escapes, run lengths)
 * and read as a stop reply. Decoding never writes past its buffer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backends/qemu/gdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[512];
	struct gdb_stop stop;

	if (gdb_decode(out, sizeof(out), (const char *)data, size) == 0) {
		if (strlen(out) >= sizeof(out))
			abort();
		if (gdb_parse_stop(&stop, out) == 0 && strlen(stop.thread) >= sizeof(stop.thread))
			abort();
	}
	return 0;
}
