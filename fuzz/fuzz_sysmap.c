// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the System.map reader on hostile text; every symbol
 * it accepts must be found again by name and by address. */
#include <stdint.h>
#include <stdlib.h>

#include "os/linux/symfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ksyms *ks;

	if (sysmap_parse(&ks, (const char *)data, size))
		return 0;
	for (uint32_t i = 0; i < ks->n && i < 256; i++) {
		uint32_t j;

		if (ksyms_lookup(&j, ks, ksyms_name(ks, i)) || ksyms_at(&j, ks, ks->addr[i]) ||
		    ks->addr[j] != ks->addr[i])
			abort();
	}
	ksyms_free(ks);
	return 0;
}
