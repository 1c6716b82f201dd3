/*
 * The small machinery under the knowledge base: a string arena, a hash map
 * keyed by byte strings, date parsing, and the TSV reader every kb file goes
 * through (format: data/README.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kb/kb_int.h"
#include "util/limits.h"
#include "util/text.h"

/* ---- arena ---- */

/* Strings are many and small (~100k for the registry); one malloc each would
 * double the load time and the free time. */
#define KB_ARENA_BLOCK (64 * 1024)

struct kb_arena_block {
	struct kb_arena_block *next;
	size_t used, size;
	char data[];
};

char *kb_arena_strndup(struct kb_arena *a, const void *s, size_t n)
{
	if (n >= SIZE_MAX / 2)
		return NULL;
	struct kb_arena_block *b = a->head;
	if (!b || b->size - b->used < n + 1) {
		size_t size = n + 1 > KB_ARENA_BLOCK ? n + 1 : KB_ARENA_BLOCK;
		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = size;
		/* A block too big for the standard size goes second so the current
		 * block keeps filling. */
		if (a->head && size > KB_ARENA_BLOCK) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	char *r = b->data + b->used;
	if (n)
		memcpy(r, s, n);
	r[n] = '\0';
	b->used += n + 1;
	return r;
}

void kb_arena_release(struct kb_arena *a)
{
	struct kb_arena_block *b = a->head;
	while (b) {
		struct kb_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

/* ---- hash map ---- */

static uint64_t kb_hash(const char *s, size_t n)
{
	/* FNV-1a: short keys, no adversary (the data files are ours). */
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3u;
	}
	return h;
}

static struct kb_map_slot *kb_map_find(const struct kb_map *m, const char *key, size_t len,
				       uint64_t h)
{
	if (!m->cap)
		return NULL;
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct kb_map_slot *s = &m->slots[i];
		if (!s->key)
			return s;
		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
			return s;
	}
}

static bool kb_map_grow(struct kb_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	if (cap > SIZE_MAX / sizeof(struct kb_map_slot))
		return false;
	struct kb_map_slot *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return false;
	struct kb_map old = *m;
	m->slots = slots;
	m->cap = cap;
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.slots[i].key)
			continue;
		*kb_map_find(m, old.slots[i].key, old.slots[i].len, old.slots[i].hash) = old.slots[i];
	}
	free(old.slots);
	return true;
}

bool kb_map_put(struct kb_map *m, const char *key, size_t len, size_t val, bool *had, size_t *old)
{
	if (had)
		*had = false;
	/* Keep the load at most one half so probes stay short. */
	if ((m->n + 1) * 2 > m->cap && !kb_map_grow(m))
		return false;
	uint64_t h = kb_hash(key, len);
	struct kb_map_slot *s = kb_map_find(m, key, len, h);
	if (s->key) {
		if (had)
			*had = true;
		if (old)
			*old = s->val;
		return true;
	}
	s->key = key;
	s->len = len;
	s->hash = h;
	s->val = val;
	m->n++;
	return true;
}

void kb_map_set(struct kb_map *m, const char *key, size_t len, size_t val)
{
	struct kb_map_slot *s = kb_map_find(m, key, len, kb_hash(key, len));
	if (s && s->key)
		s->val = val;
}

bool kb_map_get(const struct kb_map *m, const char *key, size_t len, size_t *val)
{
	struct kb_map_slot *s = kb_map_find(m, key, len, kb_hash(key, len));
	if (!s || !s->key)
		return false;
	*val = s->val;
	return true;
}

void kb_map_release(struct kb_map *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}

/* ---- dates ---- */

static bool digits(const char *s, size_t n, unsigned *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return true;
}

bool kb_date_parse(const char *s, size_t n, uint32_t *day)
{
	unsigned y, m = 1, d = 1;
	if (n != 4 && n != 7 && n != 10)
		return false;
	if (!digits(s, 4, &y) || y < 1000)
		return false;
	if (n >= 7 && (s[4] != '-' || !digits(s + 5, 2, &m) || m < 1 || m > 12))
		return false;
	if (n == 10) {
		static const unsigned mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		if (s[7] != '-' || !digits(s + 8, 2, &d) || d < 1 || d > mdays[m - 1] ||
		    (m == 2 && d == 29 && !leap))
			return false;
	}
	*day = (uint32_t)(y * 10000 + m * 100 + d);
	return true;
}

bool kb_date_valid(const char *date)
{
	uint32_t d;
	return date && kb_date_parse(date, strlen(date), &d);
}

/* ---- TSV ---- */

/* One physical line without its LF (and a CR before it); false at the end. */
static bool tsv_line(struct kb_tsv *t, struct slice *line, struct vs_error *err, bool *bad)
{
	*bad = false;
	if (cur_eof(&t->c))
		return false;
	bool found;
	*line = cur_until(&t->c, '\n', &found);
	t->line++;
	if (line->len && line->p[line->len - 1] == '\r')
		line->len--;
	if (line->len > VS_MAX_KB_LINE) {
		vs_fail(err, VS_ETOOBIG, "%s:%zu: line longer than %d bytes (VS_MAX_KB_LINE)",
			t->name, t->line, VS_MAX_KB_LINE);
		*bad = true;
		return false;
	}
	const uint8_t *nul = memchr(line->p, 0, line->len);
	if (nul) {
		/* A NUL would end the cell early when it is used as a C string. */
		vs_fail(err, VS_EBADVAL, "%s:%zu: NUL byte (byte %zu)", t->name, t->line,
			(size_t)(nul - line->p) + 1);
		*bad = true;
		return false;
	}
	size_t at;
	if (!utf8_valid(line->p, line->len, &at)) {
		vs_fail(err, VS_EBADVAL, "%s:%zu: not UTF-8 (byte %zu)", t->name, t->line, at + 1);
		*bad = true;
		return false;
	}
	return true;
}

static bool tsv_skippable(struct slice line)
{
	return line.len == 0 || line.p[0] == '#';
}

static size_t tsv_split(struct slice line, struct slice *cells, size_t max)
{
	size_t n = 0;
	struct cur c = cur_make(line.p, line.len);
	for (;;) {
		bool found;
		struct slice s = cur_until(&c, '\t', &found);
		if (n < max)
			cells[n] = s;
		n++;
		if (!found)
			return n;
	}
}

enum vs_err kb_tsv_open(struct kb_tsv *t, const char *name, const uint8_t *data, size_t len,
			const char *const *cols, size_t ncols, struct vs_error *err)
{
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->c = cur_make(data, len);
	t->ncols = ncols;
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		cur_skip(&t->c, 3); /* the byte order mark a spreadsheet saves */
	struct slice line;
	bool bad;
	while (tsv_line(t, &line, err, &bad)) {
		if (tsv_skippable(line))
			continue;
		struct slice cell[KB_TSV_MAX_COLS];
		size_t n = tsv_split(line, cell, KB_TSV_MAX_COLS);
		bool ok = n == ncols;
		for (size_t i = 0; ok && i < ncols; i++)
			ok = slice_eq(cell[i], cols[i]);
		if (!ok) {
			struct strbuf want = STRBUF_INIT;
			for (size_t i = 0; i < ncols; i++)
				strbuf_addf(&want, "%s%s", i ? "\\t" : "", cols[i]);
			vs_fail(err, VS_EBADVAL, "%s:%zu: header is not \"%s\"", name, t->line,
				strbuf_str(&want));
			strbuf_release(&want);
			return VS_EBADVAL;
		}
		return VS_OK;
	}
	if (bad)
		return err->code;
	return vs_fail(err, VS_EBADVAL, "%s: no header line", name);
}

int kb_tsv_next(struct kb_tsv *t, struct vs_error *err)
{
	struct slice line;
	bool bad;
	while (tsv_line(t, &line, err, &bad)) {
		if (tsv_skippable(line))
			continue;
		size_t n = tsv_split(line, t->cell, t->ncols);
		if (n != t->ncols) {
			vs_fail(err, VS_EBADVAL, "%s:%zu: %zu columns, expected %zu", t->name, t->line,
				n, t->ncols);
			return -1;
		}
		return 1;
	}
	return bad ? -1 : 0;
}

/* ---- files ---- */

enum vs_err kb_read_file(const char *path, size_t max, uint8_t **buf, size_t *len,
			 struct vs_error *err)
{
	*buf = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		return vs_fail(err, e == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: %s", path, strerror(e));
	}
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		return vs_fail(err, VS_EIO, "%s: not a regular file", path);
	}
	if ((unsigned long long)sb.st_size > max) {
		fclose(f);
		return vs_fail(err, VS_ETOOBIG, "%s: larger than %zu bytes", path, max);
	}
	size_t n = (size_t)sb.st_size;
	uint8_t *p = malloc(n ? n : 1);
	if (!p) {
		fclose(f);
		return vs_fail(err, VS_ENOMEM, "%s: out of memory", path);
	}
	size_t got = fread(p, 1, n, f);
	bool failed = got != n || ferror(f);
	fclose(f);
	if (failed) {
		free(p);
		return vs_fail(err, VS_EIO, "%s: read failed", path);
	}
	*buf = p;
	*len = n;
	return VS_OK;
}
