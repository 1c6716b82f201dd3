/*
 * The login throttle (throttle.h). Each key keeps one number, its
 * theoretical arrival time (GCRA, as ITU-T I.371 meters cells): a try is
 * allowed when tat - now <= (burst - 1) * interval, and moves tat to
 * max(tat, now) + interval. A slot whose tat has passed holds no
 * information and is free. Keys are SipHash-2-4 (libsodium's shorthash)
 * of the kind and the name or address under a key drawn at start, so a
 * client cannot aim names at one slot; a key finds its slot among
 * VS_SERVE_THROTTLE_PROBE, and when all are taken the one nearest to its
 * full allowance is forgotten.
 */
#include "serve/throttle.h"

#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"

struct slot {
	uint64_t key; /* 0: free */
	int64_t tat;  /* ms */
};

struct serve_throttle {
	pthread_mutex_t lock;
	unsigned char hkey[crypto_shorthash_KEYBYTES];
	struct slot s[VS_SERVE_THROTTLE_SLOTS];
};

struct rate {
	int64_t burst, interval;
};

static const struct rate user_rate = {VS_SERVE_LOGIN_USER_BURST, VS_SERVE_LOGIN_USER_INTERVAL_MS};
static const struct rate addr_rate = {VS_SERVE_LOGIN_ADDR_BURST, VS_SERVE_LOGIN_ADDR_INTERVAL_MS};

struct serve_throttle *serve_throttle_new(void)
{
	struct serve_throttle *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	if (sodium_init() < 0 || pthread_mutex_init(&t->lock, NULL) != 0) {
		free(t);
		return NULL;
	}
	crypto_shorthash_keygen(t->hkey);
	return t;
}

void serve_throttle_free(struct serve_throttle *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static uint64_t hash(const struct serve_throttle *t, char kind, const void *p, size_t n)
{
	unsigned char buf[1 + 256], out[crypto_shorthash_BYTES];
	if (n > sizeof(buf) - 1)
		n = sizeof(buf) - 1; /* names are shorter (SERVE_MAX_NAME); a longer one is still one key */
	buf[0] = (unsigned char)kind;
	memcpy(buf + 1, p, n);
	crypto_shorthash(out, buf, n + 1, t->hkey);
	uint64_t h;
	memcpy(&h, out, sizeof(h));
	return h ? h : 1;
}

/* The key of a client: an IPv4 address, or an IPv6 client's /64 (one
 * subscriber's prefix: a client changes the rest at will); 0 when none. */
static uint64_t addr_key(const struct serve_throttle *t, const struct sockaddr *sa)
{
	if (sa && sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		return hash(t, '4', &in->sin_addr, 4);
	}
	if (sa && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
			return hash(t, '4', in6->sin6_addr.s6_addr + 12, 4);
		return hash(t, '6', in6->sin6_addr.s6_addr, 8);
	}
	return 0;
}

static uint64_t user_key(const struct serve_throttle *t, const char *user)
{
	return user ? hash(t, 'u', user, strlen(user)) : 0;
}

/* The slot of key: its own, else a free one, else the one nearest to its
 * full allowance (smallest tat), cleared. With the lock held. */
static struct slot *find(struct serve_throttle *t, uint64_t key, int64_t now, bool create)
{
	struct slot *victim = NULL;
	for (size_t i = 0; i < VS_SERVE_THROTTLE_PROBE; i++) {
		struct slot *s = &t->s[(key + i) % VS_SERVE_THROTTLE_SLOTS];
		if (s->key == key)
			return s;
		if (!s->key || s->tat <= now) {
			if (!victim || victim->key)
				victim = s; /* a free slot beats any taken one */
		} else if (!victim || (victim->key && s->tat < victim->tat)) {
			victim = s;
		}
	}
	if (!create)
		return NULL;
	victim->key = key;
	victim->tat = now;
	return victim;
}

/* ms until key may try again (0: now). */
static int64_t wait_of(const struct slot *s, const struct rate *r, int64_t now)
{
	if (!s)
		return 0;
	int64_t over = s->tat - now - (r->burst - 1) * r->interval;
	return over > 0 ? over : 0;
}

static void charge(struct slot *s, const struct rate *r, int64_t now)
{
	s->tat = (s->tat > now ? s->tat : now) + r->interval;
}

unsigned serve_throttle_take(struct serve_throttle *t, const char *user,
			     const struct sockaddr *addr, int64_t now_ms)
{
	uint64_t uk = user_key(t, user), ak = addr_key(t, addr);
	pthread_mutex_lock(&t->lock);
	struct slot *us = uk ? find(t, uk, now_ms, false) : NULL;
	struct slot *as = ak ? find(t, ak, now_ms, false) : NULL;
	int64_t wu = wait_of(us, &user_rate, now_ms), wa = wait_of(as, &addr_rate, now_ms);
	int64_t wait = wu > wa ? wu : wa;
	if (!wait) {
		if (uk)
			charge(find(t, uk, now_ms, true), &user_rate, now_ms);
		if (ak)
			charge(find(t, ak, now_ms, true), &addr_rate, now_ms);
	}
	pthread_mutex_unlock(&t->lock);
	/* Whole seconds, rounded up: a client retrying at once is refused again. */
	return wait ? (unsigned)((wait + 999) / 1000) : 0;
}

void serve_throttle_succeeded(struct serve_throttle *t, const char *user,
			      const struct sockaddr *addr, int64_t now_ms)
{
	uint64_t uk = user_key(t, user), ak = addr_key(t, addr);
	pthread_mutex_lock(&t->lock);
	struct slot *s = uk ? find(t, uk, now_ms, false) : NULL;
	if (s)
		s->key = 0;
	if ((s = ak ? find(t, ak, now_ms, false) : NULL))
		s->tat -= addr_rate.interval;
	pthread_mutex_unlock(&t->lock);
}
