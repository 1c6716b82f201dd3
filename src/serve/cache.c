/*
 * The server's shared cache (cache.h): a fixed table of entries under one
 * mutex, least recently used out first, and a few claims of keys being
 * computed with a condition variable their waiters sleep on.
 */
#include "serve/cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/query_serve.h"
#include "util/limits.h"

struct entry {
	char *key;
	uint64_t hash, gen, used;
	const char *content_type; /* string literals */
	char *body;
	size_t len;
};

/* A key one thread is computing: VS_SERVE_CACHE_CLAIMS at once; a thread
 * that finds them all taken computes without one (as before claims). */
struct claim {
	char key[VS_SERVE_CACHE_CLAIM_KEY];
	uint64_t gen;
	bool busy;
};

struct serve_cache {
	pthread_mutex_t lock;
	pthread_cond_t done; /* a claim ended */
	struct entry e[VS_SERVE_CACHE_ENTRIES];
	struct claim claims[VS_SERVE_CACHE_CLAIMS];
	uint64_t gen, tick;
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct serve_cache *serve_cache_new(void)
{
	struct serve_cache *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->done, NULL);
	return c;
}

static void entry_free(struct entry *e)
{
	free(e->key);
	free(e->body);
	memset(e, 0, sizeof(*e));
}

void serve_cache_free(struct serve_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < VS_SERVE_CACHE_ENTRIES; i++)
		entry_free(&c->e[i]);
	pthread_cond_destroy(&c->done);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

uint64_t serve_cache_gen(struct serve_cache *c, struct store *st, int64_t *seen)
{
	int64_t v = 0;
	struct vs_error err = {0};
	/* An unreadable version counts as a change: better a recomputation
	 * than an answer from before a commit. */
	bool changed = store_data_version(st, &v, &err) != VS_OK || v != *seen;
	*seen = v;
	pthread_mutex_lock(&c->lock);
	if (changed)
		c->gen++;
	uint64_t g = c->gen;
	pthread_mutex_unlock(&c->lock);
	return g;
}

void serve_cache_bump(struct serve_cache *c)
{
	pthread_mutex_lock(&c->lock);
	c->gen++;
	pthread_mutex_unlock(&c->lock);
}

/* With the lock held. */
static bool get_locked(struct serve_cache *c, const char *key, uint64_t h, uint64_t gen,
		       struct strbuf *out, const char **ct)
{
	for (size_t i = 0; i < VS_SERVE_CACHE_ENTRIES; i++) {
		struct entry *e = &c->e[i];
		if (e->key && e->hash == h && e->gen == gen && strcmp(e->key, key) == 0) {
			strbuf_add(out, e->body, e->len);
			if (ct)
				*ct = e->content_type;
			e->used = ++c->tick;
			return !out->failed;
		}
	}
	return false;
}

bool serve_cache_get(struct serve_cache *c, const char *key, uint64_t gen, struct strbuf *out,
		     const char **ct)
{
	pthread_mutex_lock(&c->lock);
	bool hit = get_locked(c, key, fnv1a(key), gen, out, ct);
	pthread_mutex_unlock(&c->lock);
	return hit;
}

/* With the lock held: the claim on key, or NULL. */
static struct claim *claim_of(struct serve_cache *c, const char *key)
{
	for (size_t i = 0; i < VS_SERVE_CACHE_CLAIMS; i++)
		if (c->claims[i].busy && strcmp(c->claims[i].key, key) == 0)
			return &c->claims[i];
	return NULL;
}

static void unclaim_locked(struct serve_cache *c, const char *key)
{
	struct claim *k = claim_of(c, key);
	if (k) {
		k->busy = false;
		pthread_cond_broadcast(&c->done);
	}
}

void serve_cache_put(struct serve_cache *c, const char *key, uint64_t gen, const char *body,
		     size_t len, const char *ct)
{
	char *k = NULL, *b = NULL;
	if (len <= VS_SERVE_CACHE_ENTRY) {
		k = strdup(key);
		b = malloc(len + 1);
		if (b)
			memcpy(b, body ? body : "", len);
	}
	pthread_mutex_lock(&c->lock);
	if (k && b) {
		/* The slot: an empty one, else one of an old generation, else
		 * the one used longest ago. */
		struct entry *slot = NULL;
		for (size_t i = 0; i < VS_SERVE_CACHE_ENTRIES; i++) {
			struct entry *e = &c->e[i];
			if (!e->key || e->gen != c->gen) {
				slot = e;
				break;
			}
			if (!slot || e->used < slot->used)
				slot = e;
		}
		entry_free(slot);
		*slot = (struct entry){.key = k, .hash = fnv1a(key), .gen = gen, .used = ++c->tick,
				       .content_type = ct, .body = b, .len = len};
		k = b = NULL;
	}
	unclaim_locked(c, key);
	pthread_mutex_unlock(&c->lock);
	free(k);
	free(b);
}

void serve_cache_drop(struct serve_cache *c, const char *key)
{
	pthread_mutex_lock(&c->lock);
	unclaim_locked(c, key);
	pthread_mutex_unlock(&c->lock);
}

bool serve_cache_claim(struct serve_cache *c, const char *key, uint64_t gen, struct strbuf *out)
{
	uint64_t h = fnv1a(key);
	bool hit = false;
	pthread_mutex_lock(&c->lock);
	for (;;) {
		if ((hit = get_locked(c, key, h, gen, out, NULL)))
			break;
		struct claim *k = claim_of(c, key);
		if (k && k->gen == gen) {
			/* Another thread is computing this very answer: its
			 * result, or its failure, ends the wait. */
			pthread_cond_wait(&c->done, &c->lock);
			continue;
		}
		if (k) /* a claim of an older generation: this one supersedes it */
			k->gen = gen;
		else if (strlen(key) < VS_SERVE_CACHE_CLAIM_KEY)
			for (size_t i = 0; i < VS_SERVE_CACHE_CLAIMS && !k; i++)
				if (!c->claims[i].busy) {
					k = &c->claims[i];
					strcpy(k->key, key);
					k->gen = gen;
					k->busy = true;
				}
		break;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}
