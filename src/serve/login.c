/*
 * The login form. Minimal on purpose: the pages (wt-pages) may restyle it;
 * what matters here is that it works without JavaScript, posts to /login
 * and carries the page to return to, escaped.
 */
#include <string.h>

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

enum vs_err serve_login_page(const struct serve_req *rq, struct serve_resp *rs,
			     struct vs_error *err)
{
	(void)err;
	bool da = rq->danish;
	const char *next = rq->arg(rq, "next");
	const char *failed = rq->arg(rq, "failed");
	struct strbuf *b = &rs->body;
	rs->content_type = "text/html; charset=utf-8";
	strbuf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width\">"
		       "<title>vendorscope: %s</title></head><body>\n<main><h1>%s</h1>\n",
		    da ? "da" : "en", da ? "log ind" : "log in", da ? "Log ind" : "Log in");
	if (failed)
		strbuf_addf(b, "<p role=\"alert\">%s</p>\n",
			    da ? "Forkert brugernavn eller adgangskode." : "Wrong user name or password.");
	strbuf_addstr(b, "<form method=\"post\" action=\"/login\">\n");
	strbuf_addf(b, "<p><label>%s <input name=\"user\" autocomplete=\"username\" required></label></p>\n",
		    da ? "Bruger" : "User");
	strbuf_addf(b, "<p><label>%s <input name=\"password\" type=\"password\" "
		       "autocomplete=\"current-password\" required></label></p>\n",
		    da ? "Adgangskode" : "Password");
	if (next && next[0] == '/') {
		strbuf_addstr(b, "<input type=\"hidden\" name=\"next\" value=\"");
		serve_html_escape(b, next);
		strbuf_addstr(b, "\">\n");
	}
	strbuf_addf(b, "<p><button type=\"submit\">%s</button></p>\n</form></main></body></html>\n",
		    da ? "Log ind" : "Log in");
	return VS_OK;
}
