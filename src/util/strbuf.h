/*
 * Growable, always NUL-terminated byte buffer (after git's strbuf), capped at
 * VS_MAX_STRBUF. On allocation failure the buffer frees itself and stays
 * empty with `failed` set, so a writer can append freely and check once.
 */
#ifndef VS_UTIL_STRBUF_H
#define VS_UTIL_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len, alloc;
	bool failed;
};

#define STRBUF_INIT {NULL, 0, 0, false}

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
bool strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Append s as a JSON string literal, quotes included; invalid UTF-8 becomes U+FFFD. */
void strbuf_add_json_str(struct strbuf *sb, const char *s);
/* A JSON string, or null for NULL. */
void strbuf_add_json_str_or_null(struct strbuf *sb, const char *s);
/* ,"key":value — a member after the first of a JSON object; NULL is null. */
void strbuf_add_json_member(struct strbuf *sb, const char *key, const char *value);
/* The contents, never NULL ("" when empty). */
const char *strbuf_str(const struct strbuf *sb);
/* Hand the heap string to the caller (who frees it); the buffer is reset. */
char *strbuf_detach(struct strbuf *sb);

#endif
