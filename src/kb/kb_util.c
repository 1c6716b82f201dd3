/*
 * The small machinery under the knowledge base: a string arena and a hash
 * map keyed by byte strings. (Dates, the TSV reader and whole-file reads are
 * in util/, shared with policy/.)
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
	if (n && s)
		memcpy(r, s, n);
	else if (n)
		memset(r, 0, n);
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

