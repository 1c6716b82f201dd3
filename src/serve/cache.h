/*
 * The server's one cache, shared by all its threads: whole responses of
 * cacheable GETs (serve.c) and fragments a page computes from the store
 * (the overview's figures, pages.c), each under a string key and valid
 * for one store generation. The generation moves on when any thread's
 * store handle sees a commit (PRAGMA data_version, by this server or
 * another process) and after every write through the server.
 *
 * A fragment that is slow to compute is claimed: the first thread to miss
 * computes it, the others asking for the same key and generation wait for
 * its answer instead of computing it again (a million-row overview is
 * seconds of CPU; two threads doing it at once is twice the stall).
 */
#ifndef VS_SERVE_CACHE_H
#define VS_SERVE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

struct store;
struct serve_cache;

struct serve_cache *serve_cache_new(void);
void serve_cache_free(struct serve_cache *c);

/* The generation a request on handle st sees. *seen is the handle's data
 * version when last looked at (its owner's, one per handle): a change
 * means someone committed, and everything cached is older than that. */
uint64_t serve_cache_gen(struct serve_cache *c, struct store *st, int64_t *seen);
/* A write through the server: what is cached may show the old state. */
void serve_cache_bump(struct serve_cache *c);

/* Append the body kept for key at gen to out (and its content type to
 * *ct when ct is not NULL); false when none is kept. */
bool serve_cache_get(struct serve_cache *c, const char *key, uint64_t gen, struct strbuf *out,
		     const char **ct);
/* Keep body (len bytes; ct a string literal or NULL) for key at gen, and
 * end a claim on key. A body over VS_SERVE_CACHE_ENTRY is not kept. */
void serve_cache_put(struct serve_cache *c, const char *key, uint64_t gen, const char *body,
		     size_t len, const char *ct);

/* serve_cache_get, and on a miss make this thread the one that computes
 * key at gen: true when out has the answer (kept already, or computed
 * meanwhile by the thread this one waited for); false when the caller
 * must compute it and then call serve_cache_put or serve_cache_drop. */
bool serve_cache_claim(struct serve_cache *c, const char *key, uint64_t gen, struct strbuf *out);
/* End a claim without an answer (the computation failed): a waiter
 * computes it itself. */
void serve_cache_drop(struct serve_cache *c, const char *key);

#endif
