// SPDX-License-Identifier: LGPL-2.1-or-later
/* The JSON writer every vmscope command prints with (see jsonw.h). It keeps
 * one count per open object or array so that callers never print a comma:
 * the first member or element goes without a separator, the others after
 * one. Nesting deeper than JSONW_MAX_DEPTH is a bug in the caller; the
 * writer then stops counting but still writes. */
#include <inttypes.h>
#include <string.h>

#include "jsonw.h"

void jsonw_init(struct jsonw *w, FILE *f)
{
	*w = (struct jsonw){ .f = f };
}

/* Before a value: the separator its container wants, unless a name has
 * just been written (the name took the separator). */
static void value_begin(struct jsonw *w)
{
	if (w->named) {
		w->named = false;
		return;
	}
	if (!w->depth || w->depth > JSONW_MAX_DEPTH)
		return;
	if (w->level[w->depth - 1].lines)
		(void)fputs(w->level[w->depth - 1].count ? ",\n" : "\n", w->f);
	else if (w->level[w->depth - 1].count)
		(void)fputs(", ", w->f);
	w->level[w->depth - 1].count++;
}

/* After a value: one at the top level ends its line. */
static void value_end(struct jsonw *w)
{
	if (!w->depth)
		(void)fputc('\n', w->f);
}

static void push(struct jsonw *w, char open, bool lines)
{
	value_begin(w);
	(void)fputc(open, w->f);
	if (w->depth < JSONW_MAX_DEPTH) {
		w->level[w->depth].count = 0;
		w->level[w->depth].lines = lines;
	}
	w->depth++;
}

static void pop(struct jsonw *w, char close)
{
	if (w->depth)
		w->depth--;
	(void)fputc(close, w->f);
	value_end(w);
}

void jsonw_start_object(struct jsonw *w)
{
	push(w, '{', false);
}

void jsonw_end_object(struct jsonw *w)
{
	pop(w, '}');
}

void jsonw_start_array(struct jsonw *w)
{
	push(w, '[', false);
}

void jsonw_start_array_lines(struct jsonw *w)
{
	push(w, '[', true);
}

void jsonw_end_array(struct jsonw *w)
{
	pop(w, ']');
}

void jsonw_string_part(struct jsonw *w, const char *s, size_t n)
{
	for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)s + n;
	     p++) {
		if (*p == '"' || *p == '\\')
			(void)fprintf(w->f, "\\%c", *p);
		else if (*p == '\n')
			(void)fputs("\\n", w->f);
		else if (*p < 0x20 || *p >= 0x7f)
			(void)fprintf(w->f, "\\u%04x", *p);
		else
			(void)fputc(*p, w->f);
	}
}

void jsonw_name(struct jsonw *w, const char *name)
{
	w->named = false;
	value_begin(w);
	(void)fputc('"', w->f);
	jsonw_string_part(w, name, strlen(name));
	(void)fputs("\": ", w->f);
	w->named = true;
}

void jsonw_string_begin(struct jsonw *w)
{
	value_begin(w);
	(void)fputc('"', w->f);
}

void jsonw_string_end(struct jsonw *w)
{
	(void)fputc('"', w->f);
	value_end(w);
}

void jsonw_string_n(struct jsonw *w, const char *s, size_t n)
{
	jsonw_string_begin(w);
	jsonw_string_part(w, s, n);
	jsonw_string_end(w);
}

void jsonw_string(struct jsonw *w, const char *s)
{
	if (s)
		jsonw_string_n(w, s, strlen(s));
	else
		jsonw_null(w);
}

/* A scalar: its text, with the separator before and the line end after. */
static void scalar(struct jsonw *w, const char *text)
{
	value_begin(w);
	(void)fputs(text, w->f);
	value_end(w);
}

void jsonw_hex(struct jsonw *w, uint64_t v)
{
	char text[24];

	(void)snprintf(text, sizeof(text), "\"0x%" PRIx64 "\"", v);
	scalar(w, text);
}

void jsonw_uint(struct jsonw *w, uint64_t v)
{
	char text[24];

	(void)snprintf(text, sizeof(text), "%" PRIu64, v);
	scalar(w, text);
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	char text[24];

	(void)snprintf(text, sizeof(text), "%" PRId64, v);
	scalar(w, text);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	scalar(w, v ? "true" : "false");
}

void jsonw_null(struct jsonw *w)
{
	scalar(w, "null");
}
