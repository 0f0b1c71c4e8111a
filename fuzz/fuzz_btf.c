// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the BTF parser on hostile blobs, then every query on
 * every type it accepted: sizes, resolution, rendering and member paths. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/linux/btf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "a", "lo", "mem[1].size", "x.y", "mem[0]", "[0]" };
	struct btf *b;
	char str[96];

	if (btf_parse(&b, data, size))
		return 0;
	for (uint32_t id = 1; id <= btf_count(b) && id < 4096; id++) {
		struct btf_member_at m;
		struct btf_type t;
		uint64_t sz;

		(void)btf_size(&sz, b, id);
		(void)btf_resolve(b, id);
		if (btf_type_str(str, sizeof(str), b, id) >= sizeof(str))
			abort();
		if (btf_type(&t, b, id))
			abort();
		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
			(void)btf_member(&m, b, id, paths[i]);
		if (t.name_off && btf_find(&m.type, b, btf_name(b, t.name_off), t.kind) == 0 &&
		    btf_type(&t, b, m.type))
			abort();
	}
	btf_free(b);
	return 0;
}
