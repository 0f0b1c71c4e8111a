// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the ISF reader (and the JSON parser under it) on
 * hostile text. Whatever it accepts must become BTF that the BTF parser
 * accepts in turn, and symbols that look up. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/linux/btf.h"
#include "os/linux/symfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "a", "lo", "hi", "comm[3]", "parent" };
	struct isf isf;
	struct btf *b;
	uint32_t j;

	if (isf_parse(&isf, (const char *)data, size))
		return 0;
	if (btf_parse(&b, isf.btf, isf.btf_len))
		abort(); /* the reader wrote BTF its own parser refuses */
	for (uint32_t id = 1; id <= btf_count(b) && id < 1024; id++) {
		struct btf_member_at m;

		for (size_t k = 0; k < sizeof(paths) / sizeof(paths[0]); k++)
			(void)btf_member(&m, b, id, paths[k]);
	}
	btf_free(b);
	for (uint32_t i = 0; i < isf.syms->n && i < 64; i++)
		if (ksyms_lookup(&j, isf.syms, ksyms_name(isf.syms, i)) ||
		    strcmp(ksyms_name(isf.syms, j), ksyms_name(isf.syms, i)))
			abort();
	isf_clear(&isf);
	return 0;
}
