/*
 * The web server: libmicrohttpd's thread pool, the limits of util/limits.h,
 * authentication, and dispatch to the route tables of route.h.
 *
 * One request goes: headers complete (libmicrohttpd refuses a head that
 * does not fit VS_SERVE_CONN_MEMORY) -> a Content-Length above
 * VS_SERVE_MAX_BODY is answered 413 before the body is read -> the body is
 * gathered up to the limit -> the caller is identified (API token, session
 * cookie, else anonymous) -> the route is found -> role and, for a
 * cookie-authenticated POST, the CSRF token are checked -> the handler runs
 * on this thread's serve_ctx -> its response (or its error as JSON under
 * /api/, HTML elsewhere) goes out with the security headers.
 *
 * Slow clients: libmicrohttpd closes a connection idle for
 * VS_SERVE_IDLE_TIMEOUT seconds, but a client trickling one byte at a time
 * is never idle; a watchdog thread shuts down any connection that has not
 * sent a whole request (head and body) within VS_SERVE_REQUEST_DEADLINE
 * seconds of its start or of its previous answer.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kb/kb.h"
#include "policy/policy.h"
#include "serve/cache.h"
#include "serve/serve.h"
#include "serve/serve_int.h"
#include "serve/throttle.h"
#include "store/query_serve.h"
#include "store/store.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/strbuf.h"
#include "util/text.h"

#define SESSION_COOKIE "vs_session"

/* A connection as the watchdog sees it. */
struct conn {
	struct conn *prev, *next;
	int fd;
	time_t since; /* the connection's start or its last answer */
	bool busy;    /* a whole request is in: the handler's time is not the client's */
};

/* A store handle of one server thread. */
struct thread_ctx {
	struct thread_ctx *next;
	struct serve_ctx ctx;
	pthread_t thread;
	int64_t data_version; /* the handle's PRAGMA data_version when last looked at */
};

struct serve {
	struct MHD_Daemon *d;
	char *db;
	int64_t generated;
	struct kb *kb;
	struct policy *policy;
	struct serve_users users;
	bool have_users, loopback, tls;
	char *cert_pem, *key_pem;
	unsigned port;
	struct serve_sessions sessions;
	struct serve_throttle *throttle; /* failed logins (throttle.h) */

	pthread_mutex_t lock; /* threads and conns */
	struct thread_ctx *threads;
	struct conn conns; /* list head */
	/* Cacheable responses and the pages' fragments, one cache for all
	 * threads (cache.h): valid while the store generation is the one
	 * they were made in. */
	struct serve_cache *cache;

	pthread_t watchdog;
	bool watchdog_running;
	pthread_cond_t wake;
	bool stopping;
};

/* The request in progress on one connection. */
struct request {
	struct strbuf body;
	bool too_big;
	struct serve_params params;
	struct MHD_Connection *c;
};

static _Thread_local struct thread_ctx *this_thread;

const struct serve_route serve_own_routes[];

/* ---- per-thread store handles ---- */

static struct serve_ctx *thread_ctx(struct serve *srv, struct vs_error *err)
{
	if (this_thread)
		return &this_thread->ctx;
	struct thread_ctx *t = calloc(1, sizeof(*t));
	if (!t) {
		vs_fail(err, VS_ENOMEM, "out of memory");
		return NULL;
	}
	if (store_open(srv->db, STORE_OPEN_EXISTING, &t->ctx.store, err) ||
	    store_tune_reader(t->ctx.store, err)) {
		store_close(t->ctx.store);
		free(t);
		return NULL;
	}
	t->ctx.kb = srv->kb;
	t->ctx.policy = srv->policy;
	t->thread = pthread_self();
	struct vs_error ignored = {0};
	(void)store_data_version(t->ctx.store, &t->data_version, &ignored);
	pthread_mutex_lock(&srv->lock);
	t->next = srv->threads;
	srv->threads = t;
	pthread_mutex_unlock(&srv->lock);
	this_thread = t;
	return &t->ctx;
}

/* ---- the cache of aggregates ---- */

static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	(void)kind;
	struct strbuf *sb = cls;
	strbuf_addch(sb, '&');
	strbuf_addstr(sb, k);
	strbuf_addch(sb, '=');
	strbuf_addstr(sb, v ? v : "");
	return MHD_YES;
}

/* "GET /path&a=1&b=2 da": what a cacheable response depends on. */
static void cache_key(struct MHD_Connection *c, const char *url, bool danish, struct strbuf *sb)
{
	strbuf_addstr(sb, url);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, key_arg, sb);
	strbuf_addstr(sb, danish ? " da" : " en");
}

/* ---- the slow-client watchdog ---- */

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct serve *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct conn *k = calloc(1, sizeof(*k));
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!k || !ci) {
			free(k);
			*socket_context = NULL;
			return;
		}
		k->fd = ci->connect_fd;
		k->since = time(NULL);
		pthread_mutex_lock(&srv->lock);
		k->next = srv->conns.next;
		k->prev = &srv->conns;
		srv->conns.next->prev = k;
		srv->conns.next = k;
		pthread_mutex_unlock(&srv->lock);
		*socket_context = k;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
		struct conn *k = *socket_context;
		pthread_mutex_lock(&srv->lock);
		k->prev->next = k->next;
		k->next->prev = k->prev;
		pthread_mutex_unlock(&srv->lock);
		free(k);
		*socket_context = NULL;
	}
}

static struct conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

static void conn_mark(struct serve *srv, struct MHD_Connection *c, bool busy)
{
	struct conn *k = conn_of(c);
	if (!k)
		return;
	pthread_mutex_lock(&srv->lock);
	k->busy = busy;
	k->since = time(NULL);
	pthread_mutex_unlock(&srv->lock);
}

static void *watchdog(void *arg)
{
	struct serve *srv = arg;
	pthread_mutex_lock(&srv->lock);
	while (!srv->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&srv->wake, &srv->lock, &ts);
		time_t now = time(NULL);
		/* shutdown(2), not close: the descriptor stays libmicrohttpd's,
		 * which sees the connection end and cleans up (NOTIFY_CLOSED
		 * takes the lock, so the fd is still this connection's). */
		for (struct conn *k = srv->conns.next; k != &srv->conns; k = k->next)
			if (!k->busy && now - k->since > VS_SERVE_REQUEST_DEADLINE)
				shutdown(k->fd, SHUT_RDWR);
	}
	pthread_mutex_unlock(&srv->lock);
	return NULL;
}

/* ---- responses ---- */

static bool is_api(const char *url)
{
	return strncmp(url, "/api/", 5) == 0;
}

static const char *status_text(unsigned status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Content Too Large";
	case 429: return "Too Many Requests";
	case 415: return "Unsupported Media Type";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Error";
	}
}

/* The body of an error: {"error":{"status":N,"message":"…"}} for the API,
 * a small page for a browser. */
static void error_body(struct serve_resp *rs, bool api, unsigned status, const char *msg)
{
	strbuf_reset(&rs->body);
	rs->status = status;
	rs->location = NULL;
	rs->filename = NULL;
	if (api) {
		rs->content_type = "application/json";
		strbuf_addf(&rs->body, "{\"error\":{\"status\":%u,\"message\":", status);
		strbuf_add_json_str(&rs->body, msg);
		strbuf_addstr(&rs->body, "}}\n");
	} else {
		rs->content_type = "text/html; charset=utf-8";
		strbuf_addf(&rs->body, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
				       "<title>%u %s</title></head><body><h1>%u %s</h1><p>",
			    status, status_text(status), status, status_text(status));
		text_add_html(&rs->body, msg);
		strbuf_addstr(&rs->body, "</p>");
		if (status == 401)
			strbuf_addstr(&rs->body, "<p><a href=\"/login\">Log in</a></p>");
		strbuf_addstr(&rs->body, "</body></html>\n");
	}
}

static unsigned status_of(enum vs_err code)
{
	switch (code) {
	case VS_ENOTFOUND: return 404;
	case VS_EBADVAL:
	case VS_EUSAGE:
	case VS_ETRUNC: return 400;
	case VS_EPERM: return 403;
	case VS_ETOOBIG: return 413;
	default: return 500;
	}
}

static enum MHD_Result respond(struct serve *srv, struct MHD_Connection *c, struct serve_resp *rs,
			    const char *set_cookie)
{
	if (rs->body.failed)
		error_body(rs, rs->content_type && strncmp(rs->content_type, "application/json", 16) == 0,
			   500, "out of memory");
	size_t len = rs->body.len;
	char *body = strbuf_detach(&rs->body);
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body ? body : "",
								 body ? MHD_RESPMEM_MUST_FREE
								      : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type",
				rs->content_type ? rs->content_type : "text/html; charset=utf-8");
	/* No inline script, nothing from elsewhere, never in a frame. */
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; style-src 'self'; "
				"img-src 'self' data:; object-src 'none'; base-uri 'none'; "
				"form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (srv->tls)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (rs->location)
		MHD_add_response_header(r, "Location", rs->location);
	if (rs->retry_after) {
		char ra[16];
		snprintf(ra, sizeof(ra), "%u", rs->retry_after);
		MHD_add_response_header(r, "Retry-After", ra);
	}
	if (rs->filename) {
		/* The name is the handler's; keep it to a safe alphabet anyway. */
		char cd[300];
		size_t o = (size_t)snprintf(cd, sizeof(cd), "attachment; filename=\"");
		for (const char *p = rs->filename; *p && o < sizeof(cd) - 2; p++)
			cd[o++] = (isalnum((unsigned char)*p) || strchr("._-", *p)) ? *p : '_';
		cd[o++] = '"';
		cd[o] = 0;
		MHD_add_response_header(r, "Content-Disposition", cd);
	}
	if (set_cookie)
		MHD_add_response_header(r, "Set-Cookie", set_cookie);
	enum MHD_Result ok = MHD_queue_response(c, rs->status ? rs->status : 200, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result send_error(struct serve *srv, struct MHD_Connection *c, const char *url,
				  unsigned status, const char *msg)
{
	struct serve_resp rs = {.status = status};
	strbuf_init(&rs.body);
	error_body(&rs, is_api(url), status, msg);
	enum MHD_Result ok = respond(srv, c, &rs, NULL);
	strbuf_release(&rs.body);
	return ok;
}

/* ---- a request ---- */

static const char *req_arg(const struct serve_req *rq, const char *name)
{
	struct request *r = rq->impl;
	const char *v = serve_params_get(&r->params, name);
	if (!v)
		v = MHD_lookup_connection_value(r->c, MHD_GET_ARGUMENT_KIND, name);
	return v;
}

static bool wants_danish(struct MHD_Connection *c)
{
	const char *lang = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
	if (lang)
		return strcmp(lang, "da") == 0;
	const char *al = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
	/* The first language the browser names decides (a q-less list is in
	 * the user's order; nobody sends da;q=0.1 first). */
	return al && (strncmp(al, "da", 2) == 0) && (al[2] == 0 || al[2] == '-' || al[2] == ',' ||
						     al[2] == ';');
}

struct caller {
	enum serve_role role;
	char user[SERVE_MAX_NAME + 1];
	char csrf[SERVE_TOKEN_HEX + 1];
	char session[SERVE_TOKEN_HEX + 1];
	bool by_cookie, by_token, bad_token;
};

static void identify(struct serve *srv, struct MHD_Connection *c, struct caller *who)
{
	memset(who, 0, sizeof(*who));
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	if (auth && ascii_casecmp(auth, "") != 0) {
		if (strncmp(auth, "Bearer ", 7) == 0 && srv->have_users) {
			const struct serve_user *u = serve_users_token(&srv->users, auth + 7);
			if (u) {
				who->role = u->role;
				snprintf(who->user, sizeof(who->user), "%s", u->name);
				who->by_token = true;
				return;
			}
		}
		who->bad_token = true; /* a wrong token is refused, not taken as anonymous */
		return;
	}
	const char *cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie");
	struct serve_session s;
	if (serve_cookie_get(cookie, SESSION_COOKIE, who->session, sizeof(who->session)) &&
	    serve_sessions_find(&srv->sessions, who->session, time(NULL), &s)) {
		who->role = s.role;
		memcpy(who->user, s.user, sizeof(who->user));
		memcpy(who->csrf, s.csrf, sizeof(who->csrf));
		who->by_cookie = true;
	} else {
		who->session[0] = 0;
	}
}

/* A cookie-authenticated POST carries the session's CSRF token. */
static bool csrf_ok(const struct caller *who, const struct request *r)
{
	if (!who->by_cookie)
		return true;
	const char *t = serve_params_get(&r->params, "csrf");
	if (!t)
		t = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND, "X-CSRF-Token");
	return t && strlen(t) == SERVE_TOKEN_HEX &&
	       sodium_memcmp(t, who->csrf, SERVE_TOKEN_HEX) == 0;
}

/* Login without a session has no CSRF token to check: a form from another
 * site is refused by its Origin instead (browsers send it on every POST). */
static bool same_origin(struct MHD_Connection *c)
{
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	if (!origin)
		return true; /* not a browser, or a browser that says nothing: no ambient credentials to abuse */
	const char *p = strstr(origin, "://");
	return host && p && strcmp(p + 3, host) == 0;
}

static void session_cookie(const struct serve *srv, const char *value, bool expire, char *out,
			   size_t size)
{
	snprintf(out, size, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s%s", value,
		 srv->tls ? "; Secure" : "", expire ? "; Max-Age=0" : "");
}

static enum MHD_Result do_login(struct serve *srv, struct request *r)
{
	const char *name = serve_params_get(&r->params, "user");
	const char *pass = serve_params_get(&r->params, "password");
	const char *next = serve_params_get(&r->params, "next");
	if (!same_origin(r->c))
		return send_error(srv, r->c, "/login", 403, "a login form from another site");
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *addr = ci ? ci->client_addr : NULL;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int64_t now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	struct serve_resp rs = {.status = 303};
	strbuf_init(&rs.body);
	unsigned wait = srv->have_users && name && pass
				? serve_throttle_take(srv->throttle, name, addr, now_ms)
				: 0;
	if (wait) {
		error_body(&rs, false, 429, "too many failed logins for this user or from this address; "
					    "try again later");
		rs.retry_after = wait;
		enum MHD_Result ok = respond(srv, r->c, &rs, NULL);
		strbuf_release(&rs.body);
		return ok;
	}
	const struct serve_user *u = srv->have_users && name && pass
					     ? serve_users_login(&srv->users, name, pass)
					     : NULL;
	if (u)
		serve_throttle_succeeded(srv->throttle, name, addr, now_ms);
	char cookie[256];
	struct serve_session s;
	enum MHD_Result ok;
	if (!u) {
		rs.location = "/login?failed=1";
		ok = respond(srv, r->c, &rs, NULL);
	} else if (!serve_sessions_create(&srv->sessions, u->name, u->role, time(NULL), &s)) {
		ok = send_error(srv, r->c, "/login", 500, "out of memory");
	} else {
		/* Only a local path: never an open redirect to another site. */
		rs.location = next && next[0] == '/' && next[1] != '/' && next[1] != '\\' &&
					      !strpbrk(next, "\r\n")
				      ? next
				      : "/";
		session_cookie(srv, s.token, false, cookie, sizeof(cookie));
		ok = respond(srv, r->c, &rs, cookie);
	}
	strbuf_release(&rs.body);
	return ok;
}

static enum MHD_Result do_logout(struct serve *srv, struct request *r, const struct caller *who)
{
	if (who->by_cookie) {
		if (!csrf_ok(who, r))
			return send_error(srv, r->c, "/logout", 403, "missing or wrong CSRF token");
		serve_sessions_drop(&srv->sessions, who->session);
	}
	struct serve_resp rs = {.status = 303, .location = "/login"};
	strbuf_init(&rs.body);
	char cookie[256];
	session_cookie(srv, "", true, cookie, sizeof(cookie));
	enum MHD_Result ok = respond(srv, r->c, &rs, cookie);
	strbuf_release(&rs.body);
	return ok;
}

static const struct serve_route *const route_tables[] = {
	serve_api_routes, serve_own_routes, serve_page_routes, NULL,
};

static bool form_body(struct MHD_Connection *c)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	return ct && strncmp(ct, "application/x-www-form-urlencoded", 33) == 0;
}

static enum MHD_Result answer(struct serve *srv, struct request *r, const char *url,
			      const char *method)
{
	struct MHD_Connection *c = r->c;
	struct vs_error err = {0};
	if (r->too_big)
		return send_error(srv, c, url, 413, "the request body is larger than the limit");
	if (r->body.failed)
		return send_error(srv, c, url, 500, "out of memory");
	if (r->body.len && form_body(c) &&
	    serve_form_parse(r->body.buf, r->body.len, &r->params, &err))
		return send_error(srv, c, url, status_of(err.code), err.msg);

	struct caller who;
	identify(srv, c, &who);
	if (who.bad_token)
		return send_error(srv, c, url, 401, "unknown API token");
	bool post = strcmp(method, "POST") == 0;
	if (post && strcmp(url, "/login") == 0)
		return do_login(srv, r);
	if (post && strcmp(url, "/logout") == 0)
		return do_logout(srv, r, &who);

	bool path_known;
	struct serve_params caps = {0};
	const struct serve_route *route = serve_route_find(route_tables, method, url, &caps,
							   &path_known);
	if (!route)
		return send_error(srv, c, url, path_known ? 405 : 404,
				  path_known ? "method not allowed here" : "no such page");
	/* Captures join the form fields, ahead of them (a field cannot pose
	 * as the {id} of the path: serve_params_get returns the first). */
	struct serve_params merged = caps;
	for (size_t i = 0; i < r->params.n && merged.n < SERVE_MAX_PARAMS; i++)
		merged.p[merged.n++] = r->params.p[i];
	r->params.n = 0;
	r->params = merged;

	bool open = route->needs == SERVE_ANONYMOUS && srv->loopback;
	bool is_login_page = route->needs == SERVE_ANONYMOUS && route->handler == serve_login_page;
	/* The style sheet and script the login form itself loads: public, as
	 * the form is (they hold nothing from the store). */
	bool is_static = !post && route->needs == SERVE_ANONYMOUS &&
			 strncmp(url, "/static/", 8) == 0;
	if (!open && !is_login_page && !is_static) {
		enum serve_role need = route->needs > SERVE_VIEWER ? route->needs : SERVE_VIEWER;
		if (who.role == SERVE_ANONYMOUS)
			return send_error(srv, c, url, 401, "log in, or send an API token");
		if (who.role < need)
			return send_error(srv, c, url, 403, "your role may not do this");
	}
	if (post && who.role == SERVE_ANONYMOUS && !is_login_page)
		return send_error(srv, c, url, 401, "a write needs a login or an API token");
	if (post && !csrf_ok(&who, r))
		return send_error(srv, c, url, 403, "missing or wrong CSRF token");

	struct serve_ctx *ctx = thread_ctx(srv, &err);
	if (!ctx)
		return send_error(srv, c, url, 503, "the store cannot be opened");
	ctx->generated = srv->generated ? srv->generated : (int64_t)time(NULL);
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	struct serve_req rq = {
		.method = method, .path = url, .arg = req_arg, .impl = r,
		.danish = wants_danish(c), .role = who.role, .user = who.user,
		.csrf = who.csrf, .ctx = ctx, .body = r->body.len ? r->body.buf : NULL,
		.body_len = r->body.len, .content_type = ct ? ct : "",
	};
	struct serve_resp rs = {.status = 200};
	strbuf_init(&rs.body);
	bool get = !post && strcmp(method, "DELETE") != 0 && strcmp(method, "PUT") != 0;
	/* Every request that reads the store takes the generation: a page
	 * caches fragments (the overview's figures) even when its whole answer
	 * names its user. */
	bool cached = get && !route->no_store;
	uint64_t gen = route->no_store
			       ? 0
			       : serve_cache_gen(srv->cache, ctx->store, &this_thread->data_version);
	ctx->cache = route->no_store ? NULL : srv->cache;
	ctx->gen = gen;
	struct strbuf key = STRBUF_INIT;
	if (cached)
		cache_key(c, url, rq.danish, &key);
	enum vs_err rc = VS_OK;
	if (!cached || key.failed ||
	    !serve_cache_get(srv->cache, strbuf_str(&key), gen, &rs.body, &rs.content_type)) {
		strbuf_reset(&rs.body);
		rc = route->handler(&rq, &rs, &err);
		if (!rc && cached && rs.cacheable && (rs.status == 0 || rs.status == 200) &&
		    !rs.location && !rs.filename && !key.failed && !rs.body.failed)
			serve_cache_put(srv->cache, strbuf_str(&key), gen, rs.body.buf, rs.body.len,
					rs.content_type);
		if (!rc && !get)
			serve_cache_bump(srv->cache); /* a write: what is cached may show the old state */
	}
	strbuf_release(&key);
	enum MHD_Result ok;
	if (rc) {
		unsigned st = status_of(rc);
		/* A store or I/O failure's text may name files: not the client's business. */
		ok = send_error(srv, c, url, st, st >= 500 ? vs_strerror(rc) : err.msg);
	} else {
		ok = respond(srv, c, &rs, NULL);
	}
	strbuf_release(&rs.body);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct serve *srv = cls;
	(void)version;
	struct request *r = *con_cls;
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return MHD_NO;
		strbuf_init(&r->body);
		r->c = c;
		*con_cls = r;
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > VS_SERVE_MAX_BODY)
			/* Answered before the body is read: the connection closes. */
			return send_error(srv, c, url, 413, "the request body is larger than the limit");
		return MHD_YES;
	}
	if (*upload_size) {
		if (!r->too_big && r->body.len + *upload_size <= VS_SERVE_MAX_BODY)
			strbuf_add(&r->body, upload, *upload_size);
		else
			r->too_big = true;
		/* A chunked body past the limit is read and dropped to its end
		 * (libmicrohttpd cannot answer mid-body); the request deadline
		 * bounds how long that may take. */
		*upload_size = 0;
		return MHD_YES;
	}
	/* From here the time is the handler's, not the client's. */
	conn_mark(srv, c, true);
	return answer(srv, r, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode code)
{
	struct serve *srv = cls;
	(void)code;
	struct request *r = *con_cls;
	if (r) {
		strbuf_release(&r->body);
		serve_params_release(&r->params);
		free(r);
		*con_cls = NULL;
	}
	conn_mark(srv, c, false);
}

/* ---- start and stop ---- */

static bool parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len, bool *v6)
{
	const char *colon = strrchr(s, ':');
	if (!colon)
		return false;
	char host[64];
	const char *h = s;
	size_t hl = (size_t)(colon - s);
	if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']')
		h++, hl -= 2;
	if (hl == 0 || hl >= sizeof(host))
		return false;
	memcpy(host, h, hl);
	host[hl] = 0;
	char *end;
	errno = 0;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || port > 65535)
		return false;
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*len = sizeof(*a4);
		*v6 = false;
		return true;
	}
	if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a6);
		*v6 = true;
		return true;
	}
	return false;
}

static bool is_loopback(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
	return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}

static enum vs_err read_pem(const char *path, char **out, struct vs_error *err)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	enum vs_err rc = file_read_all(path, 1024 * 1024, &buf, &len, err);
	if (rc)
		return rc;
	char *s = realloc(buf, len + 1);
	if (!s) {
		free(buf);
		return vs_fail(err, VS_ENOMEM, "out of memory");
	}
	s[len] = 0;
	*out = s;
	return VS_OK;
}

enum vs_err serve_start(const struct serve_config *cfg, struct serve **out, struct vs_error *err)
{
	*out = NULL;
	struct sockaddr_storage ss;
	socklen_t sslen;
	bool v6;
	if (!parse_listen(cfg->listen, &ss, &sslen, &v6))
		return vs_fail(err, VS_EUSAGE, "--listen %s: expected ADDR:PORT with a numeric "
					       "address (127.0.0.1:8080, [::1]:8080)", cfg->listen);
	if (!cfg->tls_cert != !cfg->tls_key)
		return vs_fail(err, VS_EUSAGE, "--tls-cert and --tls-key go together");
	bool loopback = is_loopback(&ss);
	if (!loopback && (!cfg->tls_cert || !cfg->users))
		return vs_fail(err, VS_EUSAGE, "%s is not a loopback address: serving it needs "
					       "--tls-cert, --tls-key and --users", cfg->listen);
	if (cfg->tls_cert && !MHD_is_feature_supported(MHD_FEATURE_TLS))
		return vs_fail(err, VS_EUSAGE, "this libmicrohttpd was built without TLS");
	if (!serve_crypto_init())
		return vs_fail(err, VS_EIO, "libsodium could not be initialised");

	struct serve *srv = calloc(1, sizeof(*srv));
	if (!srv)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	pthread_mutex_init(&srv->lock, NULL);
	pthread_cond_init(&srv->wake, NULL);
	serve_sessions_init(&srv->sessions);
	srv->conns.next = srv->conns.prev = &srv->conns;
	srv->loopback = loopback;
	srv->generated = cfg->generated;
	srv->db = strdup(cfg->db);
	srv->cache = serve_cache_new();
	srv->throttle = serve_throttle_new();
	enum vs_err rc = srv->db && srv->cache && srv->throttle ? VS_OK
							  : vs_fail(err, VS_ENOMEM, "out of memory");
	/* Open (and migrate) the store once here, so a wrong path fails now
	 * and no two threads migrate at once later. */
	struct store *probe = NULL;
	if (!rc)
		rc = store_open(cfg->db, STORE_OPEN_EXISTING, &probe, err);
	store_close(probe);
	if (!rc)
		rc = kb_load(cfg->data_dir, &srv->kb, err);
	if (!rc)
		rc = policy_load(cfg->data_dir, &srv->policy, err);
	if (!rc && cfg->users) {
		rc = serve_users_load(cfg->users, &srv->users, err);
		srv->have_users = !rc;
	}
	if (!rc && cfg->tls_cert) {
		rc = read_pem(cfg->tls_cert, &srv->cert_pem, err);
		if (!rc)
			rc = read_pem(cfg->tls_key, &srv->key_pem, err);
		srv->tls = !rc;
	}
	if (rc) {
		serve_stop(srv);
		return rc;
	}
	unsigned threads = cfg->threads;
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 1;
	}
	if (threads > VS_SERVE_MAX_THREADS)
		threads = VS_SERVE_MAX_THREADS;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_TURBO;
	if (v6)
		flags |= MHD_USE_IPv6;
	if (srv->tls)
		flags |= MHD_USE_TLS;
	struct MHD_OptionItem tls_opts[] = {
		{MHD_OPTION_HTTPS_MEM_CERT, 0, srv->cert_pem},
		{MHD_OPTION_HTTPS_MEM_KEY, 0, srv->key_pem},
		{MHD_OPTION_END, 0, NULL},
	};
	srv->d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)VS_SERVE_MAX_CONNS,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)VS_SERVE_IDLE_TIMEOUT,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)VS_SERVE_CONN_MEMORY,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
		MHD_OPTION_ARRAY, srv->tls ? tls_opts : tls_opts + 2,
		MHD_OPTION_END);
	if (!srv->d) {
		serve_stop(srv);
		return vs_fail(err, VS_EIO, "cannot listen on %s (in use, or not this host's "
					    "address%s)", cfg->listen, cfg->tls_cert ? ", or a bad certificate or key" : "");
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : 0;
	if (pthread_create(&srv->watchdog, NULL, watchdog, srv) == 0)
		srv->watchdog_running = true;
	*out = srv;
	return VS_OK;
}

unsigned serve_port(const struct serve *srv)
{
	return srv->port;
}

const char *serve_scheme(const struct serve *srv)
{
	return srv->tls ? "https" : "http";
}

void serve_stop(struct serve *srv)
{
	if (!srv)
		return;
	if (srv->watchdog_running) {
		pthread_mutex_lock(&srv->lock);
		srv->stopping = true;
		pthread_cond_signal(&srv->wake);
		pthread_mutex_unlock(&srv->lock);
		pthread_join(srv->watchdog, NULL);
	}
	/* Joins the pool threads after their requests: from here on no
	 * thread uses a store handle, so this one may close them all. */
	if (srv->d)
		MHD_stop_daemon(srv->d);
	serve_cache_free(srv->cache);
	serve_throttle_free(srv->throttle);
	for (struct thread_ctx *t = srv->threads, *next; t; t = next) {
		next = t->next;
		store_close(t->ctx.store);
		free(t);
	}
	serve_users_release(&srv->users);
	serve_sessions_release(&srv->sessions);
	policy_free(srv->policy);
	kb_free(srv->kb);
	free(srv->db);
	if (srv->key_pem)
		sodium_memzero(srv->key_pem, strlen(srv->key_pem));
	free(srv->key_pem);
	free(srv->cert_pem);
	pthread_cond_destroy(&srv->wake);
	pthread_mutex_destroy(&srv->lock);
	free(srv);
}

void serve_block_signals(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int serve_wait_signal(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	int sig = 0;
	while (sigwait(&set, &sig) != 0)
		;
	return sig;
}

/* ---- the server's own routes ---- */

/* The floor of bench/serve and a health check: a fixed 1 KiB body through
 * the same routing, headers and thread pool as every page, with no store
 * work, so a page's time over it is the page's own. */
static enum vs_err ping(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	(void)rq, (void)err;
	rs->content_type = "application/json";
	strbuf_addstr(&rs->body, "{\"ok\":true,\"pad\":\"");
	while (rs->body.len < 1024 - 3)
		strbuf_addch(&rs->body, '.');
	strbuf_addstr(&rs->body, "\"}\n");
	return VS_OK;
}

/* Who the caller is, and the session's CSRF token for a script that
 * POSTs with the session cookie (X-CSRF-Token). */
static enum vs_err session(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	(void)err;
	rs->content_type = "application/json";
	strbuf_addstr(&rs->body, "{\"user\":");
	strbuf_add_json_str_or_null(&rs->body, rq->user && *rq->user ? rq->user : NULL);
	strbuf_add_json_member(&rs->body, "role", serve_role_name(rq->role));
	strbuf_add_json_member(&rs->body, "csrf", rq->csrf && *rq->csrf ? rq->csrf : NULL);
	strbuf_addstr(&rs->body, "}\n");
	return VS_OK;
}

const struct serve_route serve_own_routes[] = {
	{"GET", "/api/v1/ping", SERVE_ANONYMOUS, ping, true},
	{"GET", "/api/v1/session", SERVE_ANONYMOUS, session, true},
	{"GET", "/login", SERVE_ANONYMOUS, serve_login_page, false},
	{0},
};
