/*
 * Private to serve/: the route matcher, the form and cookie parser, the
 * users file and the session table. Each is a plain function of its inputs
 * (no libmicrohttpd), so the unit tests and fuzz targets call them directly.
 */
#ifndef VS_SERVE_SERVE_INT_H
#define VS_SERVE_SERVE_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "serve/route.h"
#include "util/err.h"

/* ---- routing (router.c) ---- */

#define SERVE_MAX_PARAMS 16     /* {name} captures plus form fields kept per request */
#define SERVE_MAX_PARAM_NAME 32
#define SERVE_MAX_PATH_SEGMENTS 16

struct serve_param {
	char name[SERVE_MAX_PARAM_NAME];
	char *value; /* heap */
};
struct serve_params {
	size_t n;
	struct serve_param p[SERVE_MAX_PARAMS];
};
void serve_params_release(struct serve_params *ps);
const char *serve_params_get(const struct serve_params *ps, const char *name);
/* false when full or out of memory. */
bool serve_params_add(struct serve_params *ps, const char *name, size_t name_len,
		      const char *value, size_t value_len);

/* The first route of the NULL-terminated tables whose method and pattern
 * match; its {name} captures go into caps. NULL when none matches, with
 * *path_known set when some route matched the path with another method
 * (405, not 404). */
const struct serve_route *serve_route_find(const struct serve_route *const *tables,
					   const char *method, const char *path,
					   struct serve_params *caps, bool *path_known);

/* ---- the login page (login.c) ---- */

/* GET /login: the form that POSTs user, password and next to /login (the
 * server itself checks it and sets the session cookie). */
enum vs_err serve_login_page(const struct serve_req *rq, struct serve_resp *rs,
			     struct vs_error *err);
/* Append s to out escaped for HTML text and attribute values. */
struct strbuf;
void serve_html_escape(struct strbuf *out, const char *s);

/* ---- forms and cookies (form.c) ---- */

/* application/x-www-form-urlencoded: name=value pairs joined by '&', '+'
 * a space, %XX a byte. Appends to ps; VS_EBADVAL for a bad escape, a NUL
 * byte or invalid UTF-8, VS_ETOOBIG past SERVE_MAX_PARAMS pairs. */
enum vs_err serve_form_parse(const char *body, size_t len, struct serve_params *ps,
			     struct vs_error *err);
/* The value of cookie `name` in a Cookie header ("a=1; b=2") copied into
 * out (NUL-terminated); false when absent or longer than out_size - 1. */
bool serve_cookie_get(const char *header, const char *name, char *out, size_t out_size);

/* ---- users file (users.c) ---- */

#define SERVE_MAX_NAME 64   /* bytes of a user name */
#define SERVE_TOKEN_HEX 64  /* a session, CSRF or API token: 32 random bytes in hex */

struct serve_user {
	char name[SERVE_MAX_NAME + 1];
	enum serve_role role;
	bool token;  /* an API token line (hash is BLAKE2b-256 hex), else a user (crypto_pwhash_str) */
	char *hash;
};
struct serve_users {
	struct serve_user *v;
	size_t n, alloc;
};

bool serve_role_parse(const char *s, enum serve_role *out);
const char *serve_role_name(enum serve_role r);
/* A user name: 1-64 of [A-Za-z0-9._@-]. */
bool serve_user_name_ok(const char *s, size_t len);

/* Parse a users file's text; `path` names it in messages (path:line). */
enum vs_err serve_users_parse(const char *text, size_t len, const char *path,
			      struct serve_users *out, struct vs_error *err);
enum vs_err serve_users_load(const char *path, struct serve_users *out, struct vs_error *err);
void serve_users_release(struct serve_users *u);
/* The user whose password this is, or NULL (also for an unknown name,
 * after the same work, so timing does not tell names apart). */
const struct serve_user *serve_users_login(const struct serve_users *u, const char *name,
					   const char *password);
/* The token line whose hash the bearer token has, or NULL. */
const struct serve_user *serve_users_token(const struct serve_users *u, const char *token);
/* Add or replace user `name` with a new password hash; the file (created
 * when missing) is rewritten whole under a temporary name and renamed. */
enum vs_err serve_users_add_user(const char *path, const char *name, enum serve_role role,
				 const char *password, struct vs_error *err);
/* Mint an API token for `name` with `role`: its hash goes into the file,
 * the token itself (SERVE_TOKEN_HEX + 1 bytes with "vs_" prefix) into
 * token_out, shown once. */
#define SERVE_API_TOKEN_SIZE (3 + SERVE_TOKEN_HEX + 1)
enum vs_err serve_users_add_token(const char *path, const char *name, enum serve_role role,
				  char token_out[SERVE_API_TOKEN_SIZE], struct vs_error *err);

/* ---- sessions (session.c) ---- */

struct serve_session {
	char token[SERVE_TOKEN_HEX + 1];
	char csrf[SERVE_TOKEN_HEX + 1];
	char user[SERVE_MAX_NAME + 1];
	enum serve_role role;
	time_t expires;
};
struct serve_sessions {
	pthread_mutex_t lock;
	struct serve_session *v;
	size_t n, alloc;
};
/* libsodium must be initialised (serve_crypto_init) before any of these. */
bool serve_crypto_init(void);
/* 32 random bytes as 64 hex digits. */
void serve_random_hex(char out[SERVE_TOKEN_HEX + 1]);
void serve_sessions_init(struct serve_sessions *s);
void serve_sessions_release(struct serve_sessions *s);
/* A new session for user; a copy in *out. false when out of memory. */
bool serve_sessions_create(struct serve_sessions *s, const char *user, enum serve_role role,
			   time_t now, struct serve_session *out);
/* Copy the live session whose token this is into *out. */
bool serve_sessions_find(struct serve_sessions *s, const char *token, time_t now,
			 struct serve_session *out);
void serve_sessions_drop(struct serve_sessions *s, const char *token);

#endif
