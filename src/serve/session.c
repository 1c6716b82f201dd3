/*
 * Logged-in sessions, in memory (a restart logs everybody out): a random
 * token for the cookie and another for the CSRF field of every form. The
 * table is shared by the server's threads behind one mutex; it holds at
 * most VS_SERVE_MAX_SESSIONS, the one expiring first goes when full.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve_int.h"
#include "util/limits.h"

bool serve_crypto_init(void)
{
	return sodium_init() >= 0;
}

void serve_random_hex(char out[SERVE_TOKEN_HEX + 1])
{
	unsigned char b[SERVE_TOKEN_HEX / 2];
	randombytes_buf(b, sizeof(b));
	sodium_bin2hex(out, SERVE_TOKEN_HEX + 1, b, sizeof(b));
}

void serve_sessions_init(struct serve_sessions *s)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
}

void serve_sessions_release(struct serve_sessions *s)
{
	if (s->v)
		sodium_memzero(s->v, s->alloc * sizeof(*s->v));
	free(s->v);
	pthread_mutex_destroy(&s->lock);
}

static size_t find(const struct serve_sessions *s, const char *token)
{
	if (strlen(token) != SERVE_TOKEN_HEX)
		return SIZE_MAX;
	for (size_t i = 0; i < s->n; i++)
		if (sodium_memcmp(s->v[i].token, token, SERVE_TOKEN_HEX) == 0)
			return i;
	return SIZE_MAX;
}

static void drop_at(struct serve_sessions *s, size_t i)
{
	s->v[i] = s->v[--s->n];
	sodium_memzero(&s->v[s->n], sizeof(s->v[s->n]));
}

bool serve_sessions_create(struct serve_sessions *s, const char *user, enum serve_role role,
			   time_t now, struct serve_session *out)
{
	struct serve_session ns = {.role = role, .expires = now + VS_SERVE_SESSION_SECONDS};
	serve_random_hex(ns.token);
	serve_random_hex(ns.csrf);
	snprintf(ns.user, sizeof(ns.user), "%s", user);
	bool ok = true;
	pthread_mutex_lock(&s->lock);
	for (size_t i = s->n; i-- > 0;)
		if (s->v[i].expires <= now)
			drop_at(s, i);
	if (s->n == VS_SERVE_MAX_SESSIONS) {
		size_t oldest = 0;
		for (size_t i = 1; i < s->n; i++)
			if (s->v[i].expires < s->v[oldest].expires)
				oldest = i;
		drop_at(s, oldest);
	}
	if (s->n == s->alloc) {
		size_t na = s->alloc ? s->alloc * 2 : 64;
		struct serve_session *v = realloc(s->v, na * sizeof(*v));
		if (v)
			s->v = v, s->alloc = na;
		else
			ok = false;
	}
	if (ok)
		s->v[s->n++] = ns;
	pthread_mutex_unlock(&s->lock);
	*out = ns;
	return ok;
}

bool serve_sessions_find(struct serve_sessions *s, const char *token, time_t now,
			 struct serve_session *out)
{
	pthread_mutex_lock(&s->lock);
	size_t i = find(s, token);
	bool ok = i != SIZE_MAX && s->v[i].expires > now;
	if (ok)
		*out = s->v[i];
	pthread_mutex_unlock(&s->lock);
	return ok;
}

void serve_sessions_drop(struct serve_sessions *s, const char *token)
{
	pthread_mutex_lock(&s->lock);
	size_t i = find(s, token);
	if (i != SIZE_MAX)
		drop_at(s, i);
	pthread_mutex_unlock(&s->lock);
}
