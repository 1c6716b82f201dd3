/*
 * What the server takes from the pages beyond serve_page_routes: the login
 * form, which stays on the server's own route (the one page open without a
 * login on any address) but is drawn in the pages' layout.
 */
#ifndef VS_SERVE_PAGES_H
#define VS_SERVE_PAGES_H

#include "serve/route.h"

/* GET /login: user, password and next (a path of this site), POSTed to
 * /login, which the server checks; ?failed=1 says the last try failed. */
enum vs_err pages_login(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err);

#endif
