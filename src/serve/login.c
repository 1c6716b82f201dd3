/*
 * The login form's route (drawn by the pages, pages_login).
 */
#include <string.h>

#include "serve/pages.h"
#include "serve/serve_int.h"

/* The form is the pages' (pages.c), in their layout and style sheet; the
 * route stays the server's, which knows it as the one page open to all. */
enum vs_err serve_login_page(const struct serve_req *rq, struct serve_resp *rs,
			     struct vs_error *err)
{
	return pages_login(rq, rs, err);
}
