/*
 * The server's pieces that take outside input, without a socket: route
 * matching, forms and cookies, the users file, passwords and API tokens,
 * sessions; and the invariants of the route tables (every write needs an
 * editor, every API route is in the OpenAPI document).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve/api.h"
#include "serve/serve.h"
#include "serve/serve_int.h"

static enum vs_err h_a(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *e)
{
	(void)rq, (void)rs, (void)e;
	return VS_OK;
}
static enum vs_err h_b(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *e)
{
	(void)rq, (void)rs, (void)e;
	return VS_OK;
}

static const struct serve_route t1[] = {
	{"GET", "/api/v1/assets", SERVE_ANONYMOUS, h_a, false},
	{"GET", "/api/v1/assets/{id}", SERVE_ANONYMOUS, h_b, false},
	{"POST", "/api/v1/assets/{id}/status", SERVE_EDITOR, h_a, false},
	{0},
};
static const struct serve_route t2[] = {
	{"GET", "/assets/{id}", SERVE_ANONYMOUS, h_b, false},
	{0},
};
static const struct serve_route *const tables[] = {t1, t2, NULL};

static void routes_match(void **state)
{
	(void)state;
	struct serve_params caps = {0};
	bool known;
	const struct serve_route *r = serve_route_find(tables, "GET", "/api/v1/assets", &caps, &known);
	assert_ptr_equal(r, &t1[0]);
	assert_int_equal(caps.n, 0);
	r = serve_route_find(tables, "GET", "/api/v1/assets/42", &caps, &known);
	assert_ptr_equal(r, &t1[1]);
	assert_string_equal(serve_params_get(&caps, "id"), "42");
	serve_params_release(&caps);
	r = serve_route_find(tables, "POST", "/api/v1/assets/7/status", &caps, &known);
	assert_ptr_equal(r, &t1[2]);
	assert_string_equal(serve_params_get(&caps, "id"), "7");
	serve_params_release(&caps);
	/* HEAD is GET without the body. */
	assert_ptr_equal(serve_route_find(tables, "HEAD", "/assets/1", &caps, &known), &t2[0]);
	serve_params_release(&caps);
	/* The second table is searched too. */
	r = serve_route_find(tables, "GET", "/assets/x", &caps, &known);
	assert_ptr_equal(r, &t2[0]);
	serve_params_release(&caps);
}

static void routes_refuse(void **state)
{
	(void)state;
	struct serve_params caps = {0};
	bool known;
	/* A known path with another method: 405, and nothing captured. */
	assert_null(serve_route_find(tables, "POST", "/api/v1/assets/42", &caps, &known));
	assert_true(known);
	assert_int_equal(caps.n, 0);
	static const char *const no[] = {"/api/v1/assets/", "/api/v1/assets/1/", "/api/v1/asset",
					 "/api/v1/assets/1/status/x", "/api/v1/assets//status",
					 "/", "", "/api/v1/assetsX"};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		assert_null(serve_route_find(tables, "GET", no[i], &caps, &known));
		assert_int_equal(caps.n, 0);
	}
	assert_null(serve_route_find(tables, "GET", "/nothing", &caps, &known));
	assert_false(known);
}

static void form_fields(void **state)
{
	(void)state;
	struct serve_params ps = {0};
	struct vs_error err = {0};
	const char body[] = "user=ann+b&password=%C3%A6%26%3D&&empty=&novalue&csrf=ab";
	assert_int_equal(serve_form_parse(body, strlen(body), &ps, &err), VS_OK);
	assert_string_equal(serve_params_get(&ps, "user"), "ann b");
	assert_string_equal(serve_params_get(&ps, "password"), "\xc3\xa6&=");
	assert_string_equal(serve_params_get(&ps, "empty"), "");
	assert_string_equal(serve_params_get(&ps, "novalue"), "");
	assert_string_equal(serve_params_get(&ps, "csrf"), "ab");
	serve_params_release(&ps);
	static const char *const bad[] = {"a=%", "a=%4", "a=%zz", "a=%00", "%00=1", "a=%ff%fe"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		vs_error_clear(&err);
		assert_int_equal(serve_form_parse(bad[i], strlen(bad[i]), &ps, &err), VS_EBADVAL);
		serve_params_release(&ps);
	}
	/* More fields than are kept: refused, not truncated. */
	char many[400] = "";
	for (int i = 0; i < SERVE_MAX_PARAMS + 1; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "f%d=1&", i);
	vs_error_clear(&err);
	assert_int_equal(serve_form_parse(many, strlen(many), &ps, &err), VS_ETOOBIG);
	serve_params_release(&ps);
}

static void cookies(void **state)
{
	(void)state;
	char v[65];
	assert_true(serve_cookie_get("a=1; vs_session=abc; b=2", "vs_session", v, sizeof(v)));
	assert_string_equal(v, "abc");
	assert_true(serve_cookie_get("vs_session=x", "vs_session", v, sizeof(v)));
	assert_string_equal(v, "x");
	assert_false(serve_cookie_get("xvs_session=abc", "vs_session", v, sizeof(v)));
	assert_false(serve_cookie_get("vs_sessionx=abc", "vs_session", v, sizeof(v)));
	assert_false(serve_cookie_get(NULL, "vs_session", v, sizeof(v)));
	char small[4];
	assert_false(serve_cookie_get("vs_session=abcdef", "vs_session", small, sizeof(small)));
}

#define HASH_T "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void users_parse(void **state)
{
	(void)state;
	struct serve_users u;
	struct vs_error err = {0};
	const char good[] = "# users\n\n"
			    "user ann editor $argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA\r\n"
			    "token ci\tviewer " HASH_T "\n";
	assert_int_equal(serve_users_parse(good, strlen(good), "u", &u, &err), VS_OK);
	assert_int_equal(u.n, 2);
	assert_string_equal(u.v[0].name, "ann");
	assert_int_equal(u.v[0].role, SERVE_EDITOR);
	assert_false(u.v[0].token);
	assert_true(u.v[1].token);
	assert_int_equal(u.v[1].role, SERVE_VIEWER);
	serve_users_release(&u);
	static const char *const bad[] = {
		"user ann boss $argon2id$x\n",           /* no such role */
		"user ann anonymous $argon2id$x\n",      /* not a role one can have */
		"user an:n editor $argon2id$x\n",        /* name alphabet */
		"user ann editor plaintext\n",           /* not a hash */
		"user ann editor $argon2id$x extra\n",   /* a fifth field */
		"token ci viewer 0123\n",                /* short */
		"token ci viewer " HASH_T "0\n",         /* long */
		"admin ann editor $argon2id$x\n",        /* kind */
		"user ann\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[300];
		snprintf(text, sizeof(text), "# first\n%s", bad[i]);
		vs_error_clear(&err);
		assert_int_equal(serve_users_parse(text, strlen(text), "f", &u, &err), VS_EBADVAL);
		assert_non_null(strstr(err.msg, "f:2:"));
	}
	const char nul[] = "user ann editor $argon2id$x\0y\n";
	vs_error_clear(&err);
	assert_int_equal(serve_users_parse(nul, sizeof(nul) - 1, "f", &u, &err), VS_EBADVAL);
}

static void users_passwords_and_tokens(void **state)
{
	(void)state;
	assert_true(serve_crypto_init());
	char path[] = "/tmp/vs-users-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path); /* created by the first add, mode 0600 */
	struct vs_error err = {0};
	assert_int_equal(serve_users_add_user(path, "ann", SERVE_EDITOR, "old", &err), VS_OK);
	assert_int_equal(serve_users_add_user(path, "bo", SERVE_VIEWER, "bo's", &err), VS_OK);
	/* Again: ann's line is replaced, not doubled. */
	assert_int_equal(serve_users_add_user(path, "ann", SERVE_ADMIN, "s3cret pass", &err), VS_OK);
	char tok[SERVE_API_TOKEN_SIZE];
	assert_int_equal(serve_users_add_token(path, "ci", SERVE_EDITOR, tok, &err), VS_OK);
	assert_int_equal(strlen(tok), 3 + SERVE_TOKEN_HEX);
	assert_int_equal(serve_users_add_user(path, "bad name", SERVE_VIEWER, "x", &err), VS_EUSAGE);

	struct serve_users u;
	vs_error_clear(&err);
	assert_int_equal(serve_users_load(path, &u, &err), VS_OK);
	assert_int_equal(u.n, 3);
	FILE *f = fopen(path, "r");
	char text[4096] = "";
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	assert_null(strstr(text, "s3cret")); /* hashes only */
	assert_null(strstr(text, tok + 3));
	const struct serve_user *who = serve_users_login(&u, "ann", "s3cret pass");
	assert_non_null(who);
	assert_int_equal(who->role, SERVE_ADMIN);
	assert_null(serve_users_login(&u, "ann", "old"));
	assert_null(serve_users_login(&u, "ann", ""));
	assert_null(serve_users_login(&u, "nobody", "s3cret pass"));
	who = serve_users_token(&u, tok);
	assert_non_null(who);
	assert_string_equal(who->name, "ci");
	assert_int_equal(who->role, SERVE_EDITOR);
	tok[5] ^= 1;
	assert_null(serve_users_token(&u, tok));
	assert_null(serve_users_token(&u, ""));
	serve_users_release(&u);
	unlink(path);
}

static void sessions(void **state)
{
	(void)state;
	assert_true(serve_crypto_init());
	struct serve_sessions s;
	serve_sessions_init(&s);
	struct serve_session a, b, got;
	assert_true(serve_sessions_create(&s, "ann", SERVE_EDITOR, 1000, &a));
	assert_true(serve_sessions_create(&s, "bo", SERVE_VIEWER, 1000, &b));
	assert_int_equal(strlen(a.token), SERVE_TOKEN_HEX);
	assert_string_not_equal(a.token, b.token);
	assert_string_not_equal(a.token, a.csrf);
	assert_true(serve_sessions_find(&s, a.token, 1001, &got));
	assert_string_equal(got.user, "ann");
	assert_string_equal(got.csrf, a.csrf);
	/* Expired, unknown, cut short: nothing. */
	assert_false(serve_sessions_find(&s, a.token, a.expires, &got));
	assert_false(serve_sessions_find(&s, "00", 1001, &got));
	char cut[SERVE_TOKEN_HEX];
	memcpy(cut, a.token, sizeof(cut) - 1);
	cut[sizeof(cut) - 1] = 0;
	assert_false(serve_sessions_find(&s, cut, 1001, &got));
	serve_sessions_drop(&s, b.token);
	assert_false(serve_sessions_find(&s, b.token, 1001, &got));
	serve_sessions_release(&s);
}

/* What may be done without a login is only reading: every route that is
 * not a GET needs an editor at least. */
static void writes_need_an_editor(void **state)
{
	(void)state;
	const struct serve_route *const all[] = {serve_api_routes, serve_own_routes,
						 serve_page_routes};
	for (size_t t = 0; t < 3; t++)
		for (const struct serve_route *r = all[t]; r->pattern; r++)
			if (strcmp(r->method, "GET") != 0) {
				print_message("%s %s\n", r->method, r->pattern);
				assert_true(r->needs >= SERVE_EDITOR);
			}
}

/* The OpenAPI document is valid JSON and names every /api/ route with its
 * method, and no path that is not a route. */
static void openapi_covers_routes(void **state)
{
	(void)state;
	json_error_t je;
	json_t *doc = json_loads(serve_openapi_json, 0, &je);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
	json_t *paths = json_object_get(doc, "paths");
	assert_non_null(paths);
	const struct serve_route *const all[] = {serve_api_routes, serve_own_routes};
	size_t n_api = 0;
	for (size_t t = 0; t < 2; t++)
		for (const struct serve_route *r = all[t]; r->pattern; r++) {
			if (strncmp(r->pattern, "/api/", 5) != 0)
				continue;
			n_api++;
			char method[8];
			size_t i = 0;
			for (; r->method[i] && i < sizeof(method) - 1; i++)
				method[i] = (char)(r->method[i] | 0x20);
			method[i] = 0;
			json_t *p = json_object_get(paths, r->pattern);
			if (!p || !json_object_get(p, method))
				fail_msg("%s %s is not in openapi.json", r->method, r->pattern);
		}
	size_t n_doc = 0;
	const char *key;
	json_t *v;
	json_object_foreach(paths, key, v) n_doc += json_object_size(v);
	assert_int_equal(n_doc, n_api);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(routes_match),
		cmocka_unit_test(routes_refuse),
		cmocka_unit_test(form_fields),
		cmocka_unit_test(cookies),
		cmocka_unit_test(users_parse),
		cmocka_unit_test(users_passwords_and_tokens),
		cmocka_unit_test(sessions),
		cmocka_unit_test(writes_need_an_editor),
		cmocka_unit_test(openapi_covers_routes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
