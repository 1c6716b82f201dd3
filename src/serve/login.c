/*
 * The login form's route (drawn by the pages, pages_login) and the HTML
 * escaper of the server's own error pages.
 */
#include <string.h>

#include "serve/pages.h"
#include "serve/serve_int.h"
#include "util/strbuf.h"

void serve_html_escape(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		case '\'': strbuf_addstr(out, "&#39;"); break;
		default: strbuf_addch(out, *s);
		}
	}
}

/* The form is the pages' (pages.c), in their layout and style sheet; the
 * route stays the server's, which knows it as the one page open to all. */
enum vs_err serve_login_page(const struct serve_req *rq, struct serve_resp *rs,
			     struct vs_error *err)
{
	return pages_login(rq, rs, err);
}
