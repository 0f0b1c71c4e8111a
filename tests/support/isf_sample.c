// SPDX-License-Identifier: LGPL-2.1-or-later
#include "isf_sample.h"

/* An ISF as dwarf2json writes one (keys in its order, anonymous members
 * named unnamed_field_*), for:
 *   struct task {
 *       int pid;                                    0
 *       union { long a; struct { unsigned lo:3, hi:5; }; };   8
 *       struct task *parent;                        16
 *       char comm[16];                              24
 *       struct mm **mms[2];                         40  (struct mm undefined)
 *       void (*fn)(void);                           56
 *       enum state st;                              64
 *   } size 72 */
const char isf_sample[] =
        "{\"metadata\": {\"format\": \"6.2.0\"},\n"
        "\"base_types\": {\"int\": {\"endian\": \"little\", \"kind\": \"int\", \"signed\": "
        "true, \"size\": 4}, \"long int\": {\"kind\": \"int\", \"signed\": true, \"size\": 8}, "
        "\"unsigned int\": {\"kind\": \"int\", \"signed\": false, \"size\": 4}, \"char\": "
        "{\"kind\": \"char\", \"signed\": true, \"size\": 1}, \"void\": {\"kind\": \"void\", "
        "\"size\": 0, \"signed\": false}},\n"
        "\"user_types\": {\"task\": {\"kind\": \"struct\", \"size\": 72, \"fields\": {"
        "\"pid\": {\"offset\": 0, \"type\": {\"kind\": \"base\", \"name\": \"int\"}}, "
        "\"unnamed_field_8\": {\"anonymous\": true, \"offset\": 8, \"type\": {\"kind\": "
        "\"union\", \"name\": \"unnamed_1\"}}, "
        "\"parent\": {\"offset\": 16, \"type\": {\"kind\": \"pointer\", \"subtype\": "
        "{\"kind\": \"struct\", \"name\": \"task\"}}}, "
        "\"comm\": {\"offset\": 24, \"type\": {\"count\": 16, \"kind\": \"array\", "
        "\"subtype\": {\"kind\": \"base\", \"name\": \"char\"}}}, "
        "\"mms\": {\"offset\": 40, \"type\": {\"kind\": \"array\", \"count\": 2, "
        "\"subtype\": {\"kind\": \"pointer\", \"subtype\": {\"kind\": \"pointer\", "
        "\"subtype\": {\"kind\": \"struct\", \"name\": \"mm\"}}}}}, "
        "\"fn\": {\"offset\": 56, \"type\": {\"kind\": \"pointer\", \"subtype\": "
        "{\"kind\": \"function\"}}}, "
        "\"st\": {\"offset\": 64, \"type\": {\"kind\": \"enum\", \"name\": \"state\"}}}},\n"
        "\"unnamed_1\": {\"kind\": \"union\", \"size\": 8, \"fields\": {"
        "\"a\": {\"offset\": 0, \"type\": {\"kind\": \"base\", \"name\": \"long int\"}}, "
        "\"unnamed_field_0\": {\"anonymous\": true, \"offset\": 0, \"type\": {\"kind\": "
        "\"struct\", \"name\": \"unnamed_2\"}}}},\n"
        "\"unnamed_2\": {\"kind\": \"struct\", \"size\": 4, \"fields\": {"
        "\"lo\": {\"offset\": 0, \"type\": {\"kind\": \"bitfield\", \"bit_length\": 3, "
        "\"bit_position\": 0, \"type\": {\"kind\": \"base\", \"name\": \"unsigned int\"}}}, "
        "\"hi\": {\"offset\": 0, \"type\": {\"kind\": \"bitfield\", \"bit_length\": 5, "
        "\"bit_position\": 3, \"type\": {\"kind\": \"base\", \"name\": \"unsigned int\"}}}}}},\n"
        "\"enums\": {\"state\": {\"base\": \"int\", \"size\": 4, \"constants\": {\"RUNNING\": 0, "
        "\"DEAD\": -1}}, \"wide\": {\"size\": 8, \"constants\": {\"BIG\": 4294967296}}},\n"
        "\"symbols\": {\"init_task\": {\"address\": 18446744071601037888, \"type\": {\"kind\": "
        "\"struct\", \"name\": \"task\"}}, \"linux_banner\": {\"address\": "
        "18446744071594491904, \"constant_data\": \"TGludXggdmVyc2lvbiA2LjEK\"}}}\n";
