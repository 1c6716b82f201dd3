/*
 * `vendorscope serve`: the web server (libmicrohttpd) in front of the
 * route tables of route.h.
 *
 * A pool of threads answers requests, each with its own store handle,
 * opened on the thread's first request (a SQLite handle belongs to one
 * thread). The knowledge base, the policy and the users file are loaded once
 * and shared read-only. Requests are bounded by the VS_SERVE_* limits of
 * util/limits.h: body size (413), header size (per-connection memory),
 * an idle timeout and a deadline for a whole request (slow clients).
 *
 * Who may do what: on a loopback address a route that needs
 * SERVE_ANONYMOUS is open to everyone (read-only); on any other address
 * the server refuses to start without TLS and a users file, and every route
 * needs a login. Writes always need an editor, logged in by a session
 * cookie (with the session's CSRF token in the form or in X-CSRF-Token) or
 * by an API token (Authorization: Bearer). The library never prints: the
 * caller says where the server listens.
 */
#ifndef VS_SERVE_SERVE_H
#define VS_SERVE_SERVE_H

#include <stdbool.h>
#include <stdint.h>

#include "serve/route.h"
#include "util/err.h"

struct serve_config {
	const char *db;         /* store path (or URL), opened once per thread */
	const char *listen;     /* "ADDR:PORT" ("[::1]:8080" for IPv6); port 0: any free port */
	const char *users;      /* users file, or NULL */
	const char *tls_cert, *tls_key; /* PEM files, both or neither */
	unsigned threads;       /* 0: the number of CPUs */
	const char *data_dir;   /* NULL: the default data directory (kb, policy) */
	int64_t generated;      /* fixed report time (SOURCE_DATE_EPOCH), 0: now per request */
};

struct serve;

/* Check the configuration, load kb, policy and users, bind and start
 * answering. VS_EUSAGE for a non-loopback address without TLS and users. */
enum vs_err serve_start(const struct serve_config *cfg, struct serve **out, struct vs_error *err);
/* The port the server listens on (the one chosen when 0 was asked). */
unsigned serve_port(const struct serve *srv);
/* "http" or "https". */
const char *serve_scheme(const struct serve *srv);
/* Stop accepting, finish the requests being answered, close every store
 * handle and free everything. */
void serve_stop(struct serve *srv);

/* Block SIGTERM, SIGINT and SIGPIPE in the calling thread (call before
 * serve_start, so the server's threads inherit it), and wait for SIGTERM
 * or SIGINT; returns the signal number. */
void serve_block_signals(void);
int serve_wait_signal(void);

/* The route tables the server dispatches, first match wins: the JSON API,
 * the server's own (login form, bench floor) and the pages. Exposed for
 * the OpenAPI test. */
extern const struct serve_route serve_own_routes[];

#endif
