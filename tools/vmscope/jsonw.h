/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A JSON writer in the manner of bpftool's json_writer: the caller says
 * what comes (objects, arrays, names, values) and the writer places the
 * separators. Its layout is vmscope's: ", " between members and between
 * elements, ": " after a name; an array begun with jsonw_start_array_lines
 * puts each element on a line of its own ("[\n{...},\n{...}]"); a value at
 * the top level ends its line. */
#ifndef VMSCOPE_JSONW_H
#define VMSCOPE_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 16

/* The writer's state; set up with jsonw_init, read by no one else. */
struct jsonw {
	FILE *f;
	unsigned depth;
	bool named; /* a name was written: its value comes next */
	struct {
		unsigned count; /* members or elements so far */
		bool lines;     /* an array with an element a line */
	} level[JSONW_MAX_DEPTH];
};

void jsonw_init(struct jsonw *w, FILE *f);

void jsonw_start_object(struct jsonw *w);
void jsonw_end_object(struct jsonw *w);
void jsonw_start_array(struct jsonw *w);
void jsonw_start_array_lines(struct jsonw *w);
void jsonw_end_array(struct jsonw *w);
/* The name of an object's next member. */
void jsonw_name(struct jsonw *w, const char *name);

/* Strings are escaped as RFC 8259 asks, and every byte from 0x7f up as
 * \u00XX, so that guest bytes which are not UTF-8 come through: each is
 * one code point. NULL is null. */
void jsonw_string(struct jsonw *w, const char *s);
/* The first n bytes of s (which has no NUL among them). */
void jsonw_string_n(struct jsonw *w, const char *s, size_t n);
/* A string written in parts: begin, any number of parts, end. */
void jsonw_string_begin(struct jsonw *w);
void jsonw_string_part(struct jsonw *w, const char *s, size_t n);
void jsonw_string_end(struct jsonw *w);

/* A 64-bit address or register as the string "0x...", so that no JSON
 * reader rounds it. */
void jsonw_hex(struct jsonw *w, uint64_t v);
void jsonw_uint(struct jsonw *w, uint64_t v);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);

#endif
