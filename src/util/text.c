#include "util/text.h"

#include <stdlib.h>
#include <string.h>

bool utf8_valid(const uint8_t *s, size_t n, size_t *bad_offset)
{
	size_t i = 0;
	while (i < n) {
		/* ASCII eight bytes at a time: the data files are nearly all ASCII
		 * and every line of them is checked. */
		uint64_t w;
		while (n - i >= 8 && (memcpy(&w, s + i, 8), (w & 0x8080808080808080ULL) == 0))
			i += 8;
		if (i == n)
			break;
		unsigned c = s[i];
		size_t len;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else {
			goto bad;
		}
		if (len > n - i)
			goto bad;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += len;
	}
	return true;
bad:
	if (bad_offset)
		*bad_offset = i;
	return false;
}

/* Windows-1252 0x80..0x9F; 0 marks the five undefined positions. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static void add_utf8(struct strbuf *out, uint32_t cp)
{
	char b[3];
	if (cp < 0x80) {
		strbuf_addch(out, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(out, b, 2);
	} else {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(out, b, 3);
	}
}

void cp1252_to_utf8(struct strbuf *out, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];
		if (c >= 0x80 && c < 0xA0)
			add_utf8(out, cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD);
		else
			add_utf8(out, c);
	}
}

int ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = (unsigned char)*a, cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca += 32;
		if (cb >= 'A' && cb <= 'Z')
			cb += 32;
		if (ca != cb || ca == 0)
			return ca - cb;
	}
}

char *str_ndup(const void *s, size_t n)
{
	char *r = malloc(n + 1);
	if (!r)
		return NULL;
	if (n)
		memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

char *str_dup_or_null(const char *s)
{
	return s ? str_ndup(s, strlen(s)) : NULL;
}

static bool is_space_at(const unsigned char *s, size_t n, size_t i, size_t *w)
{
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' || s[i] == '\v' || s[i] == '\f') {
		*w = 1;
		return true;
	}
	if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) {
		*w = 2;
		return true;
	}
	return false;
}

char *str_trim_dup(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t b = 0, e = n, w;
	while (b < e && is_space_at(s, e, b, &w))
		b += w;
	while (e > b) {
		if (s[e - 1] == 0xA0 && e - 1 > b && s[e - 2] == 0xC2) {
			e -= 2;
			continue;
		}
		if (!is_space_at(s, e, e - 1, &w))
			break;
		e--;
	}
	return str_ndup(s + b, e - b);
}

static bool is_fold_separator(unsigned c)
{
	return c == ' ' || c == '\t' || c == ',' || c == '.' || c == '-' || c == '_' || c == '/' ||
	       c == '(' || c == ')' || c == '"' || c == '\'' || c == '\r' || c == '\n' || c == '&' ||
	       c == '+' || c == ':' || c == ';';
}

void name_fold(struct strbuf *out, const char *str)
{
	/* The folded text is never longer than the input: room for it once,
	 * then written in place (a call per byte was most of loading the IEEE
	 * registry, which folds every organisation's name). */
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	if (!strbuf_grow(out, n))
		return;
	char *o = out->buf + out->len;
	const char *begin = o;
	bool pending_space = false;
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];
		if (is_fold_separator(c)) {
			pending_space = o > begin;
			continue;
		}
		if (pending_space) {
			*o++ = ' ';
			pending_space = false;
		}
		if (c >= 'A' && c <= 'Z') {
			*o++ = (char)(c + 32);
		} else if (c == 0xC3 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9E && s[i + 1] != 0x97) {
			/* Latin-1 capitals À..Þ (except ×) are 0x20 below their small forms. */
			*o++ = (char)c;
			*o++ = (char)(s[i + 1] + 0x20);
			i++;
		} else {
			*o++ = (char)c;
		}
	}
	*o = '\0';
	out->len = (size_t)(o - out->buf);
}

void fmt_int_grouped(struct strbuf *out, long long v, bool danish)
{
	char digits[32];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	int n = 0;
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		strbuf_addch(out, '-');
	for (int i = n - 1; i >= 0; i--) {
		strbuf_addch(out, digits[i]);
		if (i > 0 && i % 3 == 0)
			strbuf_addch(out, danish ? '.' : ',');
	}
}

bool text_has_ctl(const void *p, size_t n)
{
	/* Eight bytes at a time: a word with no byte below 0x20 and no 0x7F
	 * holds no control byte ("has less than" and "has zero" of Bit
	 * Twiddling Hacks, both exact as a whole); a word that might goes
	 * through text_is_ctl byte by byte. */
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	const unsigned char *s = p;
	size_t i = 0;
	while (n - i >= 8) {
		uint64_t w, d;
		memcpy(&w, s + i, 8);
		d = w ^ (ones * 0x7F);
		if ((((w - ones * 0x20) & ~w) | ((d - ones) & ~d)) & highs)
			break;
		i += 8;
	}
	for (; i < n; i++)
		if (text_is_ctl(s[i]))
			return true;
	return false;
}

void str_ctl_replace(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++)
		if (text_is_ctl(*p))
			*p = '?';
}

/* Bytes of the escape text_add_escaped writes at s[i] (0: none), C1 as the
 * two-byte UTF-8 sequence C2 80..9F. */
static size_t escape_len(const unsigned char *s, size_t n, size_t i, unsigned keep)
{
	unsigned char c = s[i];
	if (c == '\n')
		return keep & TEXT_KEEP_LF ? 0 : 1;
	if (c == '\t')
		return keep & TEXT_KEEP_TAB ? 0 : 1;
	if (c == '\r')
		return keep & TEXT_KEEP_CR ? 0 : 1;
	if (c < 0x20 || c == 0x7F)
		return 1;
	if (c == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
		return 2;
	return 0;
}

bool text_needs_escape(const char *s, size_t n, unsigned keep)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++)
		if (escape_len(u, n, i, keep))
			return true;
	return false;
}

void text_add_escaped(struct strbuf *out, const char *s, size_t n, unsigned keep)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = escape_len(u, n, i, keep);
		if (!k)
			continue;
		strbuf_add(out, s + from, i - from);
		if (k == 2)
			strbuf_addf(out, "\\u%04x", (unsigned)u[i + 1]);
		else if (u[i] == '\n')
			strbuf_addstr(out, "\\n");
		else if (u[i] == '\t')
			strbuf_addstr(out, "\\t");
		else if (u[i] == '\r')
			strbuf_addstr(out, "\\r");
		else
			strbuf_addf(out, "\\x%02x", (unsigned)u[i]);
		i += k - 1;
		from = i + 1;
	}
	strbuf_add(out, s + from, n - from);
}

/* Escape for HTML text and attribute values (both contexts are quoted). */
void text_add_html(struct strbuf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			strbuf_addstr(out, "&amp;");
			break;
		case '<':
			strbuf_addstr(out, "&lt;");
			break;
		case '>':
			strbuf_addstr(out, "&gt;");
			break;
		case '"':
			strbuf_addstr(out, "&quot;");
			break;
		case '\'':
			strbuf_addstr(out, "&#39;");
			break;
		default:
			strbuf_addch(out, *s);
		}
	}
}
