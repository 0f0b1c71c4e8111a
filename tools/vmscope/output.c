// SPDX-License-Identifier: LGPL-2.1-or-later
/* What vmscope commands print: rows described once, field by field, which
 * become JSON objects (through the JSON writer) with --json and text lines
 * without. Each call does its part for one of the two and nothing for the
 * other, so a command's description of a row reads as one list of fields
 * whichever is printed. */
#include <stdarg.h>

#include "cli.h"

void cli_rows_begin(struct cli_ctx *c)
{
	if (c->json)
		jsonw_start_array_lines(&c->jw);
}

void cli_rows_end(struct cli_ctx *c)
{
	if (c->json)
		jsonw_end_array(&c->jw);
}

void cli_row_begin(struct cli_ctx *c)
{
	if (c->json)
		jsonw_start_object(&c->jw);
	c->col = 0;
}

void cli_row_end(struct cli_ctx *c)
{
	if (c->json)
		jsonw_end_object(&c->jw);
	else
		putchar('\n');
	c->col = 0;
}

/* A member's name, when there is one: JSON only. */
static bool json_key(struct cli_ctx *c, const char *key)
{
	if (!c->json)
		return false;
	if (key)
		jsonw_name(&c->jw, key);
	return true;
}

void cli_object_begin(struct cli_ctx *c, const char *key)
{
	if (json_key(c, key))
		jsonw_start_object(&c->jw);
}

void cli_object_end(struct cli_ctx *c)
{
	if (c->json)
		jsonw_end_object(&c->jw);
}

void cli_array_begin(struct cli_ctx *c, const char *key)
{
	if (json_key(c, key))
		jsonw_start_array(&c->jw);
}

void cli_array_end(struct cli_ctx *c)
{
	if (c->json)
		jsonw_end_array(&c->jw);
}

void cli_text(struct cli_ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->json)
		return;
	va_start(ap, fmt);
	/* clang-analyzer 14 misreads va_start here, as in src/core/error.c. */
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	n = vprintf(fmt, ap);
	va_end(ap);
	if (n > 0)
		c->col += n;
}

void cli_pad(struct cli_ctx *c, int col)
{
	if (c->col < col)
		cli_text(c, "%*s", col - c->col, "");
}

void cli_json_str(struct cli_ctx *c, const char *key, const char *s)
{
	if (json_key(c, key))
		jsonw_string(&c->jw, s);
}

void cli_json_strn(struct cli_ctx *c, const char *key, const char *s, size_t n)
{
	if (json_key(c, key))
		jsonw_string_n(&c->jw, s, n);
}

void cli_json_char(struct cli_ctx *c, const char *key, char ch)
{
	if (json_key(c, key))
		jsonw_string_n(&c->jw, &ch, 1);
}

void cli_json_hex(struct cli_ctx *c, const char *key, uint64_t v)
{
	if (json_key(c, key))
		jsonw_hex(&c->jw, v);
}

void cli_json_uint(struct cli_ctx *c, const char *key, uint64_t v)
{
	if (json_key(c, key))
		jsonw_uint(&c->jw, v);
}

void cli_json_int(struct cli_ctx *c, const char *key, int64_t v)
{
	if (json_key(c, key))
		jsonw_int(&c->jw, v);
}

void cli_json_bool(struct cli_ctx *c, const char *key, bool v)
{
	if (json_key(c, key))
		jsonw_bool(&c->jw, v);
}

void cli_json_null(struct cli_ctx *c, const char *key)
{
	if (json_key(c, key))
		jsonw_null(&c->jw);
}

void cli_bool(struct cli_ctx *c, const char *key, const char *text, bool v)
{
	cli_json_bool(c, key, v);
	if (v)
		cli_text(c, "%s", text);
}
