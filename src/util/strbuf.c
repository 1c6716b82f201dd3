#include "util/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	sb->failed = false;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

bool strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (sb->failed)
		return false;
	if (extra > VS_MAX_STRBUF || sb->len + extra + 1 > VS_MAX_STRBUF)
		goto fail;
	size_t need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return true;
	size_t n = sb->alloc ? sb->alloc : 64;
	while (n < need)
		n *= 2;
	char *p = realloc(sb->buf, n);
	if (!p)
		goto fail;
	sb->buf = p;
	sb->alloc = n;
	return true;
fail:
	free(sb->buf);
	strbuf_init(sb);
	sb->failed = true;
	return false;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!strbuf_grow(sb, len))
		return;
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

static void add_unsigned(struct strbuf *sb, unsigned long long v)
{
	char d[24];
	size_t i = sizeof(d);
	do
		d[--i] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	strbuf_add(sb, d + i, sizeof(d) - i);
}

static void add_signed(struct strbuf *sb, long long v)
{
	if (v < 0) {
		strbuf_addch(sb, '-');
		add_unsigned(sb, 0ULL - (unsigned long long)v);
	} else {
		add_unsigned(sb, (unsigned long long)v);
	}
}

/*
 * The formats most lines use, written without printf: %s, %.*s, %d, %u,
 * %ld, %lu, %lld, %llu, %zu and %%, as printf writes them. false, having
 * written part of the text, for anything else (a flag, a width, another
 * conversion, a NULL string): the caller truncates and lets vsnprintf do
 * it all. glibc's vsnprintf cost some 2,000 instructions a line, and a
 * capture writes tens of thousands of evidence lines.
 */
static bool add_simple_format(struct strbuf *sb, const char *fmt, va_list *ap)
{
	const char *p = fmt;
	for (;;) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			strbuf_addstr(sb, p);
			return true;
		}
		strbuf_add(sb, p, (size_t)(pct - p));
		p = pct + 1;
		if (*p == '%') {
			strbuf_addch(sb, '%');
			p++;
		} else if (*p == 's') {
			const char *v = va_arg(*ap, const char *);
			if (!v)
				return false;
			strbuf_addstr(sb, v);
			p++;
		} else if (p[0] == '.' && p[1] == '*' && p[2] == 's') {
			int prec = va_arg(*ap, int);
			const char *v = va_arg(*ap, const char *);
			if (!v || prec < 0)
				return false;
			const char *nul = memchr(v, '\0', (size_t)prec);
			strbuf_add(sb, v, nul ? (size_t)(nul - v) : (size_t)prec);
			p += 3;
		} else if (*p == 'd') {
			add_signed(sb, va_arg(*ap, int));
			p++;
		} else if (*p == 'u') {
			add_unsigned(sb, va_arg(*ap, unsigned));
			p++;
		} else if (p[0] == 'z' && p[1] == 'u') {
			add_unsigned(sb, va_arg(*ap, size_t));
			p += 2;
		} else if (p[0] == 'l' && (p[1] == 'd' || p[1] == 'u')) {
			if (p[1] == 'd')
				add_signed(sb, va_arg(*ap, long));
			else
				add_unsigned(sb, va_arg(*ap, unsigned long));
			p += 2;
		} else if (p[0] == 'l' && p[1] == 'l' && (p[2] == 'd' || p[2] == 'u')) {
			if (p[2] == 'd')
				add_signed(sb, va_arg(*ap, long long));
			else
				add_unsigned(sb, va_arg(*ap, unsigned long long));
			p += 3;
		} else {
			return false;
		}
	}
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	if (sb->failed)
		return;
	size_t start = sb->len;
	va_list simple;
	va_copy(simple, ap);
	bool done = add_simple_format(sb, fmt, &simple);
	va_end(simple);
	if (done || sb->failed)
		return;
	sb->len = start;
	if (sb->buf)
		sb->buf[start] = '\0';

	/* Formatted straight into the room there is (at least 64 bytes): most
	 * texts fit, and measuring first cost every line a second pass
	 * (evidence lines are formatted once per device or row). */
	if (!strbuf_grow(sb, 63))
		return;
	va_list cp;
	va_copy(cp, ap);
	size_t room = sb->alloc - sb->len;
	int n = vsnprintf(sb->buf + sb->len, room, fmt, cp);
	va_end(cp);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		if (!strbuf_grow(sb, (size_t)n))
			return;
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

/* Length of the valid UTF-8 sequence at s (max n bytes), or 0 if invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	uint32_t min, cp;
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0) {
		len = 2, min = 0x80, cp = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, min = 0x800, cp = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, min = 0x10000, cp = c & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* 1: a byte JSON takes as it is (printable ASCII but '"' and '\\'). */
static const unsigned char json_plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 10 */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 20 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 30 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 50 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, /* 70 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 80 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 90 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* a0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* b0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* c0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* d0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* e0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* f0 */
};

void strbuf_add_json_str(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	/* Plain text, the usual case, in one copy between its quotes. */
	size_t plain = 0;
	while (plain < n && json_plain[p[plain]])
		plain++;
	if (plain == n) {
		if (!strbuf_grow(sb, n + 2))
			return;
		char *o = sb->buf + sb->len;
		o[0] = '"';
		memcpy(o + 1, s, n);
		o[n + 1] = '"';
		o[n + 2] = '\0';
		sb->len += n + 2;
		return;
	}
	strbuf_addch(sb, '"');
	for (size_t i = 0; i < n;) {
		/* Printable ASCII goes in as one run: most text is nothing else,
		 * and a call per byte showed in profiles of large outputs. */
		size_t run = i;
		while (run < n && json_plain[p[run]])
			run++;
		if (run > i) {
			strbuf_add(sb, p + i, run - i);
			i = run;
			continue;
		}
		unsigned c = p[i];
		if (c == '"' || c == '\\') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, (char)c);
			i++;
		} else if (c < 0x20 || c == 0x7F) {
			switch (c) {
			case '\n': strbuf_addstr(sb, "\\n"); break;
			case '\r': strbuf_addstr(sb, "\\r"); break;
			case '\t': strbuf_addstr(sb, "\\t"); break;
			default: strbuf_addf(sb, "\\u%04x", c); break;
			}
			i++;
		} else {
			size_t len = utf8_seq_len(p + i, n - i);
			if (len == 0) {
				strbuf_addstr(sb, "\\ufffd");
				i++;
			} else {
				strbuf_add(sb, p + i, len);
				i += len;
			}
		}
	}
	strbuf_addch(sb, '"');
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *strbuf_detach(struct strbuf *sb)
{
	char *r = sb->buf;
	if (!r)
		r = calloc(1, 1);
	strbuf_init(sb);
	return r;
}

void strbuf_add_json_str_or_null(struct strbuf *sb, const char *s)
{
	if (s)
		strbuf_add_json_str(sb, s);
	else
		strbuf_addstr(sb, "null");
}

void strbuf_add_json_member(struct strbuf *sb, const char *key, const char *value)
{
	strbuf_addch(sb, ',');
	strbuf_add_json_str(sb, key);
	strbuf_addch(sb, ':');
	strbuf_add_json_str_or_null(sb, value);
}
