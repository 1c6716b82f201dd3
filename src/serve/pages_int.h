/*
 * Private to the pages (pages*.c): the layout every page shares, links
 * that keep the language, and the survey a page is about.
 *
 * Every page is a full HTML document that works without JavaScript, uses
 * only /static/vs.css and /static/vs.js (no inline style or script, so the
 * server's Content-Security-Policy can be default-src 'self'), and escapes
 * every string that did not come from this file (text_add_html).
 */
#ifndef VS_SERVE_PAGES_INT_H
#define VS_SERVE_PAGES_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "serve/route.h"
#include "store/store.h"
#include "util/strbuf.h"

/* The word in the page's language. */
#define T(rq, en, da) ((rq)->danish ? (da) : (en))

#define PAGES_HTML "text/html; charset=utf-8"

/* The head, the navigation (current: the nav key of this page, "" none)
 * and the opening of <main>; page_end closes them. */
void page_begin(const struct serve_req *rq, struct serve_resp *rs, const char *title,
		const char *current);
void page_end(const struct serve_req *rq, struct serve_resp *rs);

/* An href value: path, then the pairs (name, value; a NULL value is left
 * out; the list ends with a NULL name), then lang. Escaped for an attribute. */
void page_href(struct strbuf *o, const struct serve_req *rq, const char *path, ...);

/* A parameter, or NULL when absent or empty. */
const char *page_arg(const struct serve_req *rq, const char *name);

/* Every survey, newest first (store_pages_surveys), from the shared cache
 * while the store is unchanged; *list is the caller's to free. */
enum vs_err page_surveys(const struct serve_req *rq, struct survey_info **list, size_t *n,
			 struct vs_error *err);
/* The survey ?survey= names, else the default one (store_survey_latest). */
enum vs_err page_survey(const struct serve_req *rq, struct survey_info *si, struct vs_error *err);

/* <p class="meta">Survey kk-2025 (2025); generated …</p> */
void page_meta(const struct serve_req *rq, struct strbuf *o, const struct survey_info *a,
	       const struct survey_info *b);

/* A GET form choosing the survey (and keeping the language). */
enum vs_err page_survey_form(const struct serve_req *rq, struct strbuf *o, const char *action,
			     const struct survey_info *si, struct vs_error *err);

/* "41.931" / "41,931"; "179.421,6" / "179,421.6" (thousand DKK). */
void page_int(const struct serve_req *rq, struct strbuf *o, int64_t v);
void page_kdkk(const struct serve_req *rq, struct strbuf *o, int64_t money);

struct price_catalogue;
/* The shipped catalogue named (report_plan_prices_path: a name, never a
 * path; the plan pages pass ?prices=), NULL: the one `plan` costs with
 * when given no --prices (the overview's, always). */
enum vs_err page_prices_path(const char *name, char *buf, size_t len, struct vs_error *err);
/* That catalogue, read for the request: a few kilobytes. */
enum vs_err page_prices(const char *name, struct price_catalogue *cat, struct vs_error *err);
/* The request's date, YYYY-MM-DD (UTC), from the context's report time. */
void page_today(const struct serve_req *rq, char buf[11]);

/* Handlers, one file each group. */
enum vs_err pages_overview(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err);
enum vs_err pages_register(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err);
enum vs_err pages_asset(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err);
enum vs_err pages_status_post(const struct serve_req *rq, struct serve_resp *rs,
			      struct vs_error *err);
enum vs_err pages_diff(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err);
enum vs_err pages_exposure(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err);
enum vs_err pages_plan(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err);
enum vs_err pages_progress(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err);
enum vs_err pages_downloads(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err);
enum vs_err pages_download_assets_csv(const struct serve_req *rq, struct serve_resp *rs,
				      struct vs_error *err);
enum vs_err pages_download_assets_xlsx(const struct serve_req *rq, struct serve_resp *rs,
				       struct vs_error *err);
enum vs_err pages_download_plan_html(const struct serve_req *rq, struct serve_resp *rs,
				     struct vs_error *err);
enum vs_err pages_download_plan_xlsx(const struct serve_req *rq, struct serve_resp *rs,
				     struct vs_error *err);
enum vs_err pages_css(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err);
enum vs_err pages_js(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err);

#endif
