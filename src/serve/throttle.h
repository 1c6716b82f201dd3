/*
 * Failed logins, counted per user name and per client address before the
 * password is hashed (each Argon2id verification costs a server thread
 * tens of milliseconds and 64 MiB): a generic cell rate algorithm per key,
 * in a fixed table (bounded memory however many names and addresses an
 * attacker tries). Limits in util/limits.h (VS_SERVE_LOGIN_*).
 *
 * Thread-safe. Time is the caller's, in milliseconds of a monotonic clock,
 * so the tests need not sleep.
 */
#ifndef VS_SERVE_THROTTLE_H
#define VS_SERVE_THROTTLE_H

#include <stdint.h>
#include <sys/socket.h>

struct serve_throttle;

/* NULL: out of memory. */
struct serve_throttle *serve_throttle_new(void);
void serve_throttle_free(struct serve_throttle *t);

/* A login of user (may be NULL) from addr (may be NULL) is about to be
 * tried: 0 and the try is counted against both keys, or the seconds until
 * both allow one (Retry-After) and nothing is counted. Counting before the
 * hash, not after a failure, holds however many threads try at once. */
unsigned serve_throttle_take(struct serve_throttle *t, const char *user,
			     const struct sockaddr *addr, int64_t now_ms);

/* The login succeeded: the user name's count is forgotten and the try
 * given back to the address. */
void serve_throttle_succeeded(struct serve_throttle *t, const char *user,
			      const struct sockaddr *addr, int64_t now_ms);

#endif
