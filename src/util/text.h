/* Text helpers shared by the parsers and the reports. */
#ifndef VS_UTIL_TEXT_H
#define VS_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* True when the n bytes at s are well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const uint8_t *s, size_t n, size_t *bad_offset);

/* Append Windows-1252 bytes converted to UTF-8 (undefined 0x81,0x8D,0x8F,0x90,0x9D become U+FFFD). */
void cp1252_to_utf8(struct strbuf *out, const uint8_t *s, size_t n);

/* ASCII-only case-insensitive compare; bytes >= 0x80 compare exactly. */
int ascii_casecmp(const char *a, const char *b);

/* Duplicate n bytes as a NUL-terminated heap string; NULL on allocation failure. */
char *str_ndup(const void *s, size_t n);

/* Duplicate s, or NULL for NULL. */
char *str_dup_or_null(const char *s);

/* Copy of s without leading/trailing ASCII white space (incl. NBSP U+00A0). */
char *str_trim_dup(const char *s, size_t n);

/*
 * Fold a name for matching: lower-case ASCII, Danish/Latin-1 letters folded to
 * lower case, runs of space and punctuation ( ,.-_/()"' ) collapsed to one
 * space, trimmed. "HIKVISION  Digital-Technology Co.,Ltd." and
 * "hikvision digital technology co ltd" fold to the same key.
 */
void name_fold(struct strbuf *out, const char *s);

/* A control byte no name holds: C0 but TAB, LF, CR; and DEL. */
/* The value of one hexadecimal digit (either case); -1 for anything else. */
static inline int text_hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline bool text_is_ctl(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

/* Whether any of the n bytes at p is a text_is_ctl byte. */
bool text_has_ctl(const void *p, size_t n);

/* Replace every text_is_ctl byte of s with '?', in place (input sanitising:
 * imported names never carry a terminal escape into the store). */
void str_ctl_replace(char *s);

/* Which of LF, TAB, CR text_add_escaped leaves as they are. */
enum text_keep {
	TEXT_KEEP_NONE = 0,
	TEXT_KEEP_LF = 1,
	TEXT_KEEP_TAB = 2,
	TEXT_KEEP_CR = 4,
	TEXT_KEEP_BREAKS = 7, /* all three: inside a quoted CSV field */
};

/*
 * Append s for a terminal or a text report: C0 control bytes, DEL and the
 * C1 controls (U+0080-U+009F, which some terminals obey as CSI and OSC)
 * become visible escapes (\x1b, \u009b); LF, CR and TAB become \n, \r,
 * \t unless `keep` names them. Everything else, invalid UTF-8 included, is
 * copied as it is.
 */
void text_add_escaped(struct strbuf *out, const char *s, size_t n, unsigned keep);
/* True when s holds anything text_add_escaped would change. */
bool text_needs_escape(const char *s, size_t n, unsigned keep);

/* Append s for HTML text or a quoted attribute value: & < > " ' as
 * entities, everything else as it is (NULL appends nothing). */
void text_add_html(struct strbuf *out, const char *s);

/* Append an integer with thousands separators: 37,323 (en) or 37.323 (da). */
void fmt_int_grouped(struct strbuf *out, long long v, bool danish);

#endif
