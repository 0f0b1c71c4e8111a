// SPDX-License-Identifier: LGPL-2.1-or-later
/* A pull parser for JSON text (json.h). Every loop advances through the
 * text or fails, so no input makes it run longer than its length. */
#include "json.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void json_init(struct json *j, const char *text, size_t len)
{
	memset(j, 0, sizeof(*j));
	j->base = j->p = text;
	j->end = text + len;
}

size_t json_offset(const struct json *j)
{
	return (size_t)(j->p - j->base);
}

int json_fail(struct json *j, const char *msg)
{
	if (!j->rc) {
		j->rc = -EINVAL;
		(void)snprintf(j->err, sizeof(j->err), "at byte %zu: %s", json_offset(j), msg);
	}
	return j->rc;
}

static void ws(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* The next byte after white space, or 0 at the end. */
static char next(struct json *j)
{
	ws(j);
	return j->p < j->end ? *j->p : 0;
}

enum json_kind json_peek(struct json *j)
{
	if (j->rc)
		return JSON_BAD;
	switch (next(j)) {
	case '{':
		return JSON_OBJECT;
	case '[':
		return JSON_ARRAY;
	case '"':
		return JSON_STRING;
	case 't':
	case 'f':
		return JSON_BOOL;
	case 'n':
		return JSON_NULL;
	case '-':
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9':
		return JSON_NUMBER;
	default:
		return JSON_BAD;
	}
}

static int hex4(const char *p, uint32_t *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		uint32_t d = c >= '0' && c <= '9'   ? (uint32_t)(c - '0')
		             : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
		             : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10)
		                                    : 16;
		if (d > 15)
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

static size_t utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* One escape after the backslash at *p: its code point, p moved past it. */
static int escape(struct json *j, const char **pp, uint32_t *cp)
{
	const char *p = *pp + 1;
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;
	uint32_t lo;

	if (p >= j->end)
		return json_fail(j, "string ends in an escape");
	if (*p != 'u') {
		e = *p ? strchr(from, *p) : NULL;
		if (!e)
			return json_fail(j, "unknown escape in a string");
		*cp = (uint8_t)to[e - from];
		*pp = p + 1;
		return 0;
	}
	if (j->end - p < 5 || hex4(p + 1, cp))
		return json_fail(j, "bad \\u escape in a string");
	p += 5;
	if (*cp >= 0xd800 && *cp < 0xdc00) {
		if (j->end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, &lo) ||
		    lo < 0xdc00 || lo >= 0xe000)
			return json_fail(j, "unpaired surrogate in a string");
		*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
		p += 6;
	} else if (*cp >= 0xdc00 && *cp < 0xe000) {
		return json_fail(j, "unpaired surrogate in a string");
	}
	if (*cp == 0)
		return json_fail(j, "\\u0000 in a string");
	*pp = p;
	return 0;
}

int json_string(struct json *j, char *buf, size_t size, size_t *len)
{
	const char *p;
	size_t n = 0;

	if (j->rc)
		return j->rc;
	if (next(j) != '"')
		return json_fail(j, "expected a string");
	for (p = j->p + 1; p < j->end && *p != '"';) {
		char tmp[4];
		size_t k = 1;

		if ((uint8_t)*p < 0x20)
			return json_fail(j, "control character in a string");
		if (*p == '\\') {
			uint32_t cp = 0;

			if (escape(j, &p, &cp))
				return j->rc;
			k = utf8(tmp, cp);
		} else {
			tmp[0] = *p++;
		}
		if (buf && n + k < size)
			memcpy(buf + n, tmp, k);
		n += k;
	}
	if (p >= j->end)
		return json_fail(j, "unterminated string");
	j->p = p + 1;
	if (len)
		*len = n;
	if (buf && size)
		buf[n < size ? n : size - 1] = '\0';
	return buf && n >= size ? -E2BIG : 0;
}

static int literal(struct json *j, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return json_fail(j, "expected a value");
	j->p += n;
	return 0;
}

/* Check a number's grammar; *integer says it had no fraction or exponent. */
static int number(struct json *j, int *integer)
{
	const char *p = j->p;

	*integer = 1;
	if (p < j->end && *p == '-')
		p++;
	if (p >= j->end || *p < '0' || *p > '9')
		return json_fail(j, "expected a digit");
	if (*p == '0')
		p++;
	else
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	if (p < j->end && *p == '.') {
		*integer = 0;
		if (++p >= j->end || *p < '0' || *p > '9')
			return json_fail(j, "expected a digit after '.'");
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < j->end && (*p == 'e' || *p == 'E')) {
		*integer = 0;
		if (++p < j->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= j->end || *p < '0' || *p > '9')
			return json_fail(j, "expected a digit in an exponent");
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	}
	j->p = p;
	return 0;
}

int json_u64(struct json *j, uint64_t *v)
{
	const char *start;
	int integer;

	if (j->rc)
		return j->rc;
	if (next(j) == '-')
		return json_fail(j, "expected a number that is not negative");
	start = j->p;
	if (number(j, &integer))
		return j->rc;
	if (!integer) {
		j->p = start;
		return json_fail(j, "expected an integer");
	}
	*v = 0;
	for (const char *p = start; p < j->p; p++) {
		uint64_t d = (uint64_t)(*p - '0');

		if (*v > (UINT64_MAX - d) / 10) {
			j->p = start;
			(void)json_fail(j, "integer out of range");
			j->rc = -ERANGE;
			return j->rc;
		}
		*v = *v * 10 + d;
	}
	return 0;
}

int json_i64(struct json *j, int64_t *v)
{
	uint64_t u = 0;
	int neg = next(j) == '-';

	if (j->rc)
		return j->rc;
	if (neg)
		j->p++;
	if (json_u64(j, &u))
		return j->rc;
	if (u > (uint64_t)INT64_MAX + (uint64_t)neg) {
		(void)json_fail(j, "integer out of range");
		j->rc = -ERANGE;
		return j->rc;
	}
	*v = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 0;
}

int json_bool(struct json *j, int *v)
{
	if (j->rc)
		return j->rc;
	if (next(j) == 't' && literal(j, "true") == 0) {
		*v = 1;
		return 0;
	}
	if (!j->rc && literal(j, "false") == 0) {
		*v = 0;
		return 0;
	}
	return json_fail(j, "expected true or false");
}

/* A key and its colon. */
static int read_key(struct json *j, char *buf, size_t size)
{
	int rc = json_string(j, buf, size, NULL);

	if (rc == -E2BIG)
		return json_fail(j, "object key too long");
	if (rc)
		return rc;
	if (next(j) != ':')
		return json_fail(j, "expected ':' after an object key");
	j->p++;
	return 0;
}

int json_member(struct json *j, size_t *i, char *key, size_t ksize)
{
	char c;

	if (j->rc)
		return j->rc;
	if (*i == 0) {
		if (next(j) != '{')
			return json_fail(j, "expected an object");
		j->p++;
		if (next(j) == '}') {
			j->p++;
			return 0;
		}
	} else {
		c = next(j);
		if (c == '}') {
			j->p++;
			return 0;
		}
		if (c != ',')
			return json_fail(j, "expected ',' or '}' in an object");
		j->p++;
	}
	if (read_key(j, key, ksize))
		return j->rc;
	(*i)++;
	return 1;
}

int json_element(struct json *j, size_t *i)
{
	char c;

	if (j->rc)
		return j->rc;
	if (*i == 0) {
		if (next(j) != '[')
			return json_fail(j, "expected an array");
		j->p++;
		if (next(j) == ']') {
			j->p++;
			return 0;
		}
	} else {
		c = next(j);
		if (c == ']') {
			j->p++;
			return 0;
		}
		if (c != ',')
			return json_fail(j, "expected ',' or ']' in an array");
		j->p++;
	}
	(*i)++;
	return 1;
}

static int scalar(struct json *j)
{
	int integer;

	switch (json_peek(j)) {
	case JSON_STRING:
		return json_string(j, NULL, 0, NULL);
	case JSON_NUMBER:
		return number(j, &integer);
	case JSON_BOOL:
		return literal(j, *j->p == 't' ? "true" : "false");
	case JSON_NULL:
		return literal(j, "null");
	default:
		return json_fail(j, "expected a value");
	}
}

int json_skip(struct json *j)
{
	char stack[JSON_MAX_DEPTH];
	size_t sp = 0;

	if (j->rc)
		return j->rc;
	for (;;) {
		char c = next(j);

		/* A value: open a container, or pass a scalar. */
		if (c == '{' || c == '[') {
			if (sp == sizeof(stack))
				return json_fail(j, "nested too deep");
			stack[sp++] = c == '{' ? '}' : ']';
			j->p++;
			if (next(j) == stack[sp - 1]) {
				j->p++;
				sp--;
			} else if (c == '{') {
				if (read_key(j, NULL, 0))
					return j->rc;
				continue;
			} else {
				continue;
			}
		} else if (scalar(j)) {
			return j->rc;
		}
		/* After a value: close containers, or go on to the next. */
		for (;;) {
			if (sp == 0)
				return 0;
			c = next(j);
			if (c == stack[sp - 1]) {
				j->p++;
				sp--;
				continue;
			}
			if (c != ',')
				return json_fail(j, stack[sp - 1] == '}'
				                            ? "expected ',' or '}' in an object"
				                            : "expected ',' or ']' in an array");
			j->p++;
			if (stack[sp - 1] == '}' && read_key(j, NULL, 0))
				return j->rc;
			break;
		}
	}
}
