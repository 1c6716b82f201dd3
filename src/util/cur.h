/*
 * Bounds-checked byte cursor: every parser of outside input reads through it.
 *
 * Invariant: off <= len, so `len - off` never underflows and no pointer past
 * the buffer is ever formed. Errors are sticky: after the first short read
 * every accessor returns 0 (or an empty slice) and `bad` stays set, so a
 * parser reads a whole header and checks `c.bad` once at the end.
 */
#ifndef VS_UTIL_CUR_H
#define VS_UTIL_CUR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cur {
	const uint8_t *p;
	size_t len, off;
	bool bad;
};

/* A borrowed run of bytes inside some buffer; never NUL-terminated. */
struct slice {
	const uint8_t *p;
	size_t len;
};

static inline struct cur cur_make(const void *p, size_t len)
{
	struct cur c = {.p = p, .len = p ? len : 0, .off = 0, .bad = false};
	return c;
}

static inline size_t cur_left(const struct cur *c)
{
	return c->len - c->off;
}

static inline bool cur_eof(const struct cur *c)
{
	return c->off == c->len;
}

static inline bool cur_need(struct cur *c, size_t n)
{
	if (c->bad || n > c->len - c->off) {
		c->bad = true;
		return false;
	}
	return true;
}

static inline void cur_skip(struct cur *c, size_t n)
{
	if (cur_need(c, n))
		c->off += n;
}

static inline uint8_t cur_u8(struct cur *c)
{
	if (!cur_need(c, 1))
		return 0;
	return c->p[c->off++];
}

/* Look at the next byte without consuming it; -1 at the end or after an error. */
static inline int cur_peek(const struct cur *c)
{
	if (c->bad || c->off >= c->len)
		return -1;
	return c->p[c->off];
}

static inline uint16_t cur_be16(struct cur *c)
{
	if (!cur_need(c, 2))
		return 0;
	const uint8_t *q = c->p + c->off;
	c->off += 2;
	return (uint16_t)((unsigned)q[0] << 8 | q[1]);
}

static inline uint16_t cur_le16(struct cur *c)
{
	if (!cur_need(c, 2))
		return 0;
	const uint8_t *q = c->p + c->off;
	c->off += 2;
	return (uint16_t)((unsigned)q[1] << 8 | q[0]);
}

static inline uint32_t cur_be32(struct cur *c)
{
	if (!cur_need(c, 4))
		return 0;
	const uint8_t *q = c->p + c->off;
	c->off += 4;
	return (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
}

static inline uint32_t cur_le32(struct cur *c)
{
	if (!cur_need(c, 4))
		return 0;
	const uint8_t *q = c->p + c->off;
	c->off += 4;
	return (uint32_t)q[3] << 24 | (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0];
}

static inline void cur_copy(struct cur *c, void *dst, size_t n)
{
	if (!cur_need(c, n)) {
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, c->p + c->off, n);
	c->off += n;
}

/* Borrow the next n bytes as a slice. */
static inline struct slice cur_bytes(struct cur *c, size_t n)
{
	struct slice s = {NULL, 0};
	if (!cur_need(c, n))
		return s;
	s.p = c->p + c->off;
	s.len = n;
	c->off += n;
	return s;
}

/* A sub-cursor over the next n bytes (a TLV body); the parent moves past them. */
static inline struct cur cur_sub(struct cur *c, size_t n)
{
	struct slice s = cur_bytes(c, n);
	struct cur sub = cur_make(s.p, s.len);
	sub.bad = c->bad;
	return sub;
}

/* The rest of the buffer as a slice; the cursor ends at the end. */
static inline struct slice cur_rest(struct cur *c)
{
	return cur_bytes(c, cur_left(c));
}

/*
 * Bytes up to (not including) `delim`; the delimiter is consumed. Without a
 * delimiter the rest is returned and *found is false.
 */
static inline struct slice cur_until(struct cur *c, uint8_t delim, bool *found)
{
	struct slice s = {NULL, 0};
	*found = false;
	if (c->bad)
		return s;
	const uint8_t *start = c->p + c->off;
	const uint8_t *hit = memchr(start, delim, c->len - c->off);
	size_t n = hit ? (size_t)(hit - start) : c->len - c->off;
	s.p = start;
	s.len = n;
	c->off += n;
	if (hit) {
		c->off += 1;
		*found = true;
	}
	return s;
}

static inline bool slice_eq(struct slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len == n && (n == 0 || memcmp(s.p, lit, n) == 0);
}

static inline struct slice slice_from(const char *s)
{
	struct slice r = {(const uint8_t *)s, s ? strlen(s) : 0};
	return r;
}

#endif
