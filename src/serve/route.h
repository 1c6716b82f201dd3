/*
 * What a page or an API endpoint of `vendorscope serve` sees and returns.
 *
 * The server (serve.c) parses the request, authenticates it, checks the
 * CSRF token of a form and the size limits, and calls one handler from the
 * route table with a per-thread context: a handler never sees
 * libmicrohttpd, so pages and endpoints are plain functions that unit tests
 * call directly. A handler fills the response or returns an error; the
 * server turns the error into the status and JSON (or HTML) body that
 * vs_err means (VS_ENOTFOUND 404, VS_EBADVAL/VS_EUSAGE 400, VS_EPERM 403).
 */
#ifndef VS_SERVE_ROUTE_H
#define VS_SERVE_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/strbuf.h"

struct store;
struct kb;
struct policy;

enum serve_role { SERVE_ANONYMOUS, SERVE_VIEWER, SERVE_EDITOR, SERVE_ADMIN };

/* One per server thread: its own store handle (a handle belongs to one
 * thread), the knowledge base and policy shared read-only by all threads. */
struct serve_ctx {
	struct store *store;
	const struct kb *kb;
	const struct policy *policy;
	int64_t generated; /* report time for the meta line (SOURCE_DATE_EPOCH or now) */
	/* The server's cache shared by all threads (serve/cache.h) and the
	 * store generation of the request in progress; NULL: nothing kept. */
	struct serve_cache *cache;
	uint64_t gen;
};

struct serve_req {
	const char *method; /* "GET", "POST" */
	const char *path;   /* decoded, without the query string */
	/* A query-string or form parameter (the server decodes both), or NULL. */
	const char *(*arg)(const struct serve_req *rq, const char *name);
	void *impl;         /* the server's, for arg() */
	bool danish;        /* ?lang=, else Accept-Language, else English */
	enum serve_role role;
	const char *user;   /* "" when anonymous */
	const char *csrf;   /* the session's token, for forms a page writes */
	struct serve_ctx *ctx;
	/* The request body as sent (a JSON status change; a form's fields are
	 * in arg() as well), and its Content-Type; NULL, 0 and "" without one. */
	const char *body;
	size_t body_len;
	const char *content_type;
};

struct serve_resp {
	unsigned status;          /* 200 unless the handler says otherwise */
	const char *content_type; /* a string literal; "text/html; charset=utf-8" … */
	const char *location;     /* redirect target (303 after a form), or NULL */
	const char *filename;     /* Content-Disposition attachment name, or NULL */
	unsigned retry_after;     /* seconds for a Retry-After header (a 429), 0: none */
	struct strbuf body;
	/* Set by a handler whose 200 body depends on nothing but the URL (path
	 * and query), the language and the store, never on who asks (no user
	 * name, no CSRF token): the server keeps it and answers the same GET
	 * from memory until the store changes (any commit, by this server or
	 * another process). For the aggregates of a million-row survey. */
	bool cacheable;
};

typedef enum vs_err (*serve_handler)(const struct serve_req *rq, struct serve_resp *rs,
				     struct vs_error *err);

struct serve_route {
	const char *method;
	const char *pattern;    /* "/assets/{id}": {name} matches one segment, read with arg() */
	enum serve_role needs;  /* least role; SERVE_ANONYMOUS pages are open on loopback only */
	serve_handler handler;
	/* The handler reads nothing of the store (the health check, the static
	 * files): the server skips the store generation check, which on
	 * PostgreSQL is a round trip, and its cache. */
	bool no_store;
};

/*
 * Paths the pages (pages*.c) and the server agree on:
 *   GET  /login                 the login form; it POSTs user, password and
 *                               csrf (when the server gave the request one)
 *                               to /login, which the server handles; after
 *                               a login the server redirects to ?next= (a
 *                               path of this site) or /.
 *   POST /logout                the server's; pages show it as a form with csrf.
 *   POST /assets/{id}/status    the page route (needs SERVE_EDITOR) for the
 *                               device page's status form: state, date,
 *                               cost (thousand DKK, '.' or ','), units, note,
 *                               reason, csrf. The server checks csrf before
 *                               calling the handler, which records the change
 *                               through track/ (the same call as
 *                               POST /api/v1/assets/{id}/status) and answers
 *                               303 to /assets/{id}.
 *   GET  /static/vs.css, /static/vs.js   embedded; the only style and script
 *                               a page uses, so the server's CSP can be
 *                               default-src 'self' (no inline style or script).
 * Every internal link carries lang=da|en, so the language holds across pages.
 */

/* The JSON API (api.c) and the HTML pages (pages.c), NULL-terminated. */
extern const struct serve_route serve_api_routes[];
extern const struct serve_route serve_page_routes[];

#endif
