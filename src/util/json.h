/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A pull parser for JSON (RFC 8259) text in memory: the caller walks
 * objects and arrays member by member and reads the values it wants; what
 * it does not want is skipped, checked all the same. No tree is built, so
 * a 100 MB document costs no memory beyond its text. Every error records
 * the byte offset and what was expected, and sticks: once a call fails,
 * every later one fails with the same error.
 */
#ifndef VMS_UTIL_JSON_H
#define VMS_UTIL_JSON_H

#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 256 /* nesting a skipped value may have */

enum json_kind {
	JSON_BAD,
	JSON_OBJECT,
	JSON_ARRAY,
	JSON_STRING,
	JSON_NUMBER,
	JSON_BOOL,
	JSON_NULL
};

struct json {
	const char *base, *p, *end;
	int rc;
	char err[160];
};

void json_init(struct json *j, const char *text, size_t len);

/* The kind of the next value (after white space); JSON_BAD at the end or
 * on an error. */
enum json_kind json_peek(struct json *j);

/* Walk an object: call with *i = 0 before the first member; each call
 * reads the next member's key (decoded, NUL-terminated, into key) and
 * leaves j at its value, which the caller must read or skip. 1: a member;
 * 0: the object ended; < 0: an error (a key longer than ksize - 1 is one). */
int json_member(struct json *j, size_t *i, char *key, size_t ksize);

/* Walk an array the same way: 1 at each element, 0 at its end. */
int json_element(struct json *j, size_t *i);

/* A string, decoded into buf (NUL-terminated; -E2BIG if it does not fit,
 * and then len is the length it needs). Escapes and \uXXXX (with
 * surrogate pairs) become UTF-8; \u0000 is refused. */
int json_string(struct json *j, char *buf, size_t size, size_t *len);

/* Numbers: integers only, in range (-ERANGE), no fraction or exponent. */
int json_u64(struct json *j, uint64_t *v);
int json_i64(struct json *j, int64_t *v);
int json_bool(struct json *j, int *v);

/* Skip one value of any kind, checking it. */
int json_skip(struct json *j);

/* Fail at the current position: "at byte N: msg". Returns -EINVAL. */
int json_fail(struct json *j, const char *msg);

/* Byte offset of the current position. */
size_t json_offset(const struct json *j);

#endif
