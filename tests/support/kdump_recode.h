/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Re-encode a plain (not flattened) kdump-compressed file with another
 * compression: every page is decompressed (zlib, lzo, snappy or raw) and
 * compressed again with lzo or snappy (kept raw where that does not shrink
 * it, as makedumpfile does). Test data for the kdump reader, written with
 * the compressors' own libraries and none of vmscope's code. */
#ifndef VMS_TEST_KDUMP_RECODE_H
#define VMS_TEST_KDUMP_RECODE_H

#define KDUMP_RECODE_LZO    0x2
#define KDUMP_RECODE_SNAPPY 0x4

/* 0, or -1 with a message on stderr. */
int kdump_recode(const char *in, const char *out, int method);

#endif
