// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ksyms_build.h"

#include <stdlib.h>
#include <string.h>

struct out {
	uint8_t *buf;
	size_t cap, pos;
	int overflow;
};

static void put(struct out *o, const void *p, size_t n)
{
	if (o->pos + n > o->cap) {
		o->overflow = 1;
		return;
	}
	memcpy(o->buf + o->pos, p, n);
	o->pos += n;
}

static void put_le(struct out *o, uint64_t v, unsigned width)
{
	uint8_t b[8];

	for (unsigned i = 0; i < width; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	put(o, b, width);
}

/* The ALGN before every label: .balign 8, zero-filled. */
static void align(struct out *o)
{
	while (o->pos % 8 && !o->overflow)
		put_le(o, 0, 1);
}

struct codec {
	char tok[256][3];
	int pair[256][256]; /* token byte for a pair, or -1 */
};

/* Bytes the names use stand for themselves (the digits always, as in any
 * real kernel); each unused byte value takes the next most frequent pair. */
static void build_codec(struct codec *c, char **full, size_t n, int no_compress)
{
	static unsigned count[256][256];
	int used[256] = { 0 };

	memset(c, 0, sizeof(*c));
	memset(c->pair, -1, sizeof(c->pair));
	memset(count, 0, sizeof(count));
	for (int d = '0'; d <= '9'; d++)
		used[d] = 1;
	for (size_t i = 0; i < n; i++)
		for (const uint8_t *p = (const uint8_t *)full[i]; *p; p++) {
			used[*p] = 1;
			if (p[1])
				count[p[0]][p[1]]++;
		}
	for (int b = 0; b < 256; b++)
		if (used[b])
			c->tok[b][0] = (char)b;
	for (int b = 255; b >= 0 && !no_compress; b--) {
		unsigned best = 1, x = 0, y = 0;

		if (used[b])
			continue;
		for (int i = 1; i < 256; i++)
			for (int j = 1; j < 256; j++)
				if (count[i][j] > best && c->pair[i][j] < 0) {
					best = count[i][j];
					x = (unsigned)i;
					y = (unsigned)j;
				}
		if (best <= 1)
			break;
		c->pair[x][y] = b;
		c->tok[b][0] = (char)x;
		c->tok[b][1] = (char)y;
	}
}

static size_t encode(const struct codec *c, const char *s, uint8_t *out)
{
	size_t n = 0;

	for (const uint8_t *p = (const uint8_t *)s; *p;) {
		if (p[1] && c->pair[p[0]][p[1]] >= 0) {
			out[n++] = (uint8_t)c->pair[p[0]][p[1]];
			p += 2;
		} else {
			out[n++] = *p++;
		}
	}
	return n;
}

static void write_addrs(struct out *o, const struct ksb_sym *syms, size_t n,
                        const struct ksb_opts *opt)
{
	uint64_t base = 0;

	align(o);
	if (opt->addrs == KSB_ABSOLUTE) {
		for (size_t i = 0; i < n; i++)
			put_le(o, syms[i].addr, 8);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (!(opt->addrs == KSB_RELATIVE_PERCPU && syms[i].percpu)) {
			base = syms[i].addr;
			break;
		}
	for (size_t i = 0; i < n; i++) {
		int64_t v;

		if (opt->addrs == KSB_RELATIVE)
			v = (int64_t)(syms[i].addr - base);
		else if (syms[i].percpu)
			v = (int64_t)syms[i].addr;
		else
			v = (int64_t)(base - syms[i].addr - 1);
		put_le(o, (uint64_t)v, 4);
	}
	align(o);
	put_le(o, base, 8);
}

static void write_seqs(struct out *o, char **full, size_t n, unsigned width)
{
	size_t *order = malloc(n * sizeof(*order));

	align(o);
	if (!order) {
		o->overflow = 1;
		return;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	/* Insertion sort by name (without the type letter): small inputs. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(full[order[j - 1]] + 1, full[order[j]] + 1) > 0;
		     j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		uint8_t b[4];

		for (unsigned k = 0; k < width; k++)
			b[k] = (uint8_t)(order[i] >> (8 * (width - 1 - k)));
		if (width == 4) {
			/* The first form was a plain .long. */
			put_le(o, order[i], 4);
			continue;
		}
		put(o, b, width);
	}
	free(order);
}

int ksb_write(uint8_t *buf, size_t cap, size_t off, const struct ksb_sym *syms, size_t n,
              const struct ksb_opts *opt, struct ksb_layout *lay)
{
	struct out o = { buf, cap, off, 0 };
	struct codec *c = malloc(sizeof(*c));
	char **full = calloc(n, sizeof(*full));
	uint32_t *markers = calloc(n / 256 + 1, sizeof(*markers));
	unsigned mw = opt->marker_width ? opt->marker_width : 4;
	size_t names_at, tok_off[256], t;
	uint8_t enc[1024];
	int rc = -1;

	if (!c || !full || !markers)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(syms[i].name);

		full[i] = malloc(len + 2);
		if (!full[i])
			goto oom;
		full[i][0] = syms[i].type;
		memcpy(full[i] + 1, syms[i].name, len + 1);
	}
	build_codec(c, full, n, opt->no_compress);
	if (opt->order == KSB_ADDRS_FIRST)
		write_addrs(&o, syms, n, opt);
	align(&o);
	lay->num_syms = o.pos;
	put_le(&o, n, mw);
	align(&o);
	names_at = lay->names = o.pos;
	for (size_t i = 0; i < n; i++) {
		size_t len = encode(c, full[i], enc);

		if (i % 256 == 0)
			markers[i / 256] = (uint32_t)(o.pos - names_at);
		if (len > 0x7f) {
			put_le(&o, (len & 0x7f) | 0x80, 1);
			put_le(&o, len >> 7, 1);
		} else {
			put_le(&o, len, 1);
		}
		put(&o, enc, len);
	}
	align(&o);
	lay->markers = o.pos;
	for (size_t i = 0; i < (n + 255) / 256; i++)
		put_le(&o, markers[i], mw);
	if (opt->seqs == KSB_SEQS_BEFORE_TOKENS)
		write_seqs(&o, full, n, opt->seq_width ? opt->seq_width : 3);
	align(&o);
	lay->token_table = t = o.pos;
	for (int b = 0; b < 256; b++) {
		tok_off[b] = o.pos - t;
		put(&o, c->tok[b], strlen(c->tok[b]) + 1);
	}
	align(&o);
	lay->token_index = o.pos;
	for (int b = 0; b < 256; b++)
		put_le(&o, tok_off[b], 2);
	if (opt->order == KSB_ADDRS_LAST)
		write_addrs(&o, syms, n, opt);
	if (opt->seqs == KSB_SEQS_LAST)
		write_seqs(&o, full, n, opt->seq_width ? opt->seq_width : 3);
	lay->end = o.pos;
	rc = o.overflow ? -1 : 0;
oom:
	for (size_t i = 0; full && i < n; i++)
		free(full[i]);
	free(full);
	free(markers);
	free(c);
	return rc;
}
