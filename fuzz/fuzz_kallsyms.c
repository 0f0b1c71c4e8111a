// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the kallsyms decoder on hostile kernel memory. The
 * input is the window the decoder searches, so every table, count, length,
 * marker and offset is the fuzzer's; what decodes is then looked up. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/linux/kallsyms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The decoder assumes its window starts 8-aligned, as pages do. */
	uint8_t *buf = malloc(size ? size : 1);
	struct ksyms *ks;
	uint32_t idx;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (ksyms_find(&ks, buf, size, 0, 0) == 0) {
		for (uint32_t i = 0; i < ks->n; i += 1 + ks->n / 64) {
			if (ksyms_lookup(&idx, ks, ksyms_name(ks, i)) ||
			    ks->addr[idx] > ks->addr[i])
				abort();
			if (ksyms_at(&idx, ks, ks->addr[i]) || ks->addr[idx] != ks->addr[i])
				abort();
		}
		ksyms_free(ks);
	}
	free(buf);
	return 0;
}
