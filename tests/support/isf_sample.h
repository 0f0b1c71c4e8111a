/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A small Volatility ISF in dwarf2json's shape, for the ISF reader's unit
 * test and its fuzzer's seed. */
#ifndef VMS_TEST_ISF_SAMPLE_H
#define VMS_TEST_ISF_SAMPLE_H

extern const char isf_sample[];

#endif
