/*
 * The pages of `vendorscope serve` (issue 13, item 4): the route table, the
 * layout every page shares, the politician's overview and the login form.
 * The register and device pages are in pages_register.c, the reports and
 * downloads in pages_reports.c, the style sheet and script in
 * pages_static.c.
 *
 * A page takes its numbers from the functions the CLI uses for the same
 * answer (store_assets_grouped, plan_run, report/), never from a second
 * implementation, so a page and `vendorscope assets|plan|diff` agree.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <time.h>

#include "kb/kb.h"
#include "plan/plan.h"
#include "plan/prices.h"
#include "report/groups.h"
#include "report/plan_actual.h"
#include "report/plan_doc.h"
#include "report/plan_run.h"
#include "report/meta.h"
#include "serve/pages.h"
#include "serve/cache.h"
#include "serve/pages_int.h"
#include "store/query_groups.h"
#include "store/query_pages.h"
#include "util/limits.h"
#include "util/money.h"
#include "util/text.h"

/* Read pages are SERVE_ANONYMOUS: open on loopback, behind a login
 * elsewhere (the server decides, route.h). */
const struct serve_route serve_page_routes[] = {
	{"GET", "/", SERVE_ANONYMOUS, pages_overview, false},
	{"GET", "/register", SERVE_ANONYMOUS, pages_register, false},
	{"GET", "/assets/{id}", SERVE_ANONYMOUS, pages_asset, false},
	{"POST", "/assets/{id}/status", SERVE_EDITOR, pages_status_post, false},
	{"GET", "/diff", SERVE_ANONYMOUS, pages_diff, false},
	{"GET", "/exposure", SERVE_ANONYMOUS, pages_exposure, false},
	{"GET", "/plan", SERVE_ANONYMOUS, pages_plan, false},
	{"GET", "/progress", SERVE_ANONYMOUS, pages_progress, false},
	{"GET", "/downloads", SERVE_ANONYMOUS, pages_downloads, false},
	{"GET", "/downloads/assets.csv", SERVE_ANONYMOUS, pages_download_assets_csv, false},
	{"GET", "/downloads/assets.xlsx", SERVE_ANONYMOUS, pages_download_assets_xlsx, false},
	{"GET", "/downloads/plan.html", SERVE_ANONYMOUS, pages_download_plan_html, false},
	{"GET", "/downloads/plan.xlsx", SERVE_ANONYMOUS, pages_download_plan_xlsx, false},
	{"GET", "/static/vs.css", SERVE_ANONYMOUS, pages_css, true},
	{"GET", "/static/vs.js", SERVE_ANONYMOUS, pages_js, true},
	{NULL, NULL, SERVE_ANONYMOUS, NULL, false},
};

/* ---- layout ------------------------------------------------------------- */

static const struct {
	const char *key, *path, *en, *da;
} nav[] = {
	{"overview", "/", "Overview", "Oversigt"},
	{"register", "/register", "Register", "Register"},
	{"diff", "/diff", "Changes", "Ændringer"},
	{"exposure", "/exposure", "Exposure", "Eksponering"},
	{"plan", "/plan", "Plan", "Plan"},
	{"progress", "/progress", "Progress", "Fremdrift"},
	{"downloads", "/downloads", "Downloads", "Downloads"},
};

/* Percent-encode a query value: everything but unreserved characters. */
static void url_value(struct strbuf *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			strbuf_addch(o, (char)*p);
		} else {
			strbuf_addch(o, '%');
			strbuf_addch(o, hex[*p >> 4]);
			strbuf_addch(o, hex[*p & 15]);
		}
	}
}

void page_href(struct strbuf *o, const struct serve_req *rq, const char *path, ...)
{
	struct strbuf u = STRBUF_INIT;
	strbuf_addstr(&u, path);
	char sep = '?';
	va_list ap;
	va_start(ap, path);
	for (const char *k; (k = va_arg(ap, const char *));) {
		const char *v = va_arg(ap, const char *);
		if (!v)
			continue;
		strbuf_addch(&u, sep);
		sep = '&';
		strbuf_addstr(&u, k);
		strbuf_addch(&u, '=');
		url_value(&u, v);
	}
	va_end(ap);
	strbuf_addch(&u, sep);
	strbuf_addstr(&u, rq->danish ? "lang=da" : "lang=en");
	text_add_html(o, strbuf_str(&u));
	strbuf_release(&u);
}

const char *page_arg(const struct serve_req *rq, const char *name)
{
	const char *v = rq->arg ? rq->arg(rq, name) : NULL;
	return v && *v ? v : NULL;
}

void page_begin(const struct serve_req *rq, struct serve_resp *rs, const char *title,
		const char *current)
{
	struct strbuf *o = &rs->body;
	rs->status = 200;
	rs->content_type = PAGES_HTML;
	/* Not rs->cacheable: the server answers a kept response to anyone who
	 * asks the same URL, and the header names the user and carries the
	 * logout form's token. The overview keeps its costly part itself. */
	strbuf_addf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
		    rq->danish ? "da" : "en");
	text_add_html(o, title);
	strbuf_addstr(o, " &#8211; vendorscope</title>\n"
			 "<link rel=\"icon\" href=\"data:,\">\n" /* no /favicon.ico request, no 404 */
			 "<link rel=\"stylesheet\" href=\"/static/vs.css\">\n"
			 "<script src=\"/static/vs.js\" defer></script>\n</head>\n<body>\n"
			 "<header><nav><span class=\"brand\">vendorscope</span><ul>\n");
	for (size_t i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
		strbuf_addstr(o, "<li><a href=\"");
		page_href(o, rq, nav[i].path, NULL);
		strbuf_addstr(o, strcmp(current, nav[i].key) == 0 ? "\" aria-current=\"page\">" : "\">");
		strbuf_addstr(o, T(rq, nav[i].en, nav[i].da));
		strbuf_addstr(o, "</a></li>\n");
	}
	strbuf_addstr(o, "</ul><div class=\"who\">");
	/* The other language, on this page with its parameters. */
	struct serve_req other = *rq;
	other.danish = !rq->danish;
	strbuf_addstr(o, "<a href=\"");
	page_href(o, &other, rq->path ? rq->path : "/", "survey", page_arg(rq, "survey"), "kind",
		  page_arg(rq, "kind"), "chinese", page_arg(rq, "chinese"), "critical",
		  page_arg(rq, "critical"), "q", page_arg(rq, "q"), "sort", page_arg(rq, "sort"), "dir",
		  page_arg(rq, "dir"), "after", page_arg(rq, "after"), "before", page_arg(rq, "before"),
		  "page", page_arg(rq, "page"), "by", page_arg(rq, "by"), "from",
		  page_arg(rq, "from"), "to", page_arg(rq, "to"), "strategy", page_arg(rq, "strategy"),
		  "compare", page_arg(rq, "compare"), "prices", page_arg(rq, "prices"), NULL);
	strbuf_addstr(o, rq->danish ? "\" hreflang=\"en\" lang=\"en\">English</a> "
				    : "\" hreflang=\"da\" lang=\"da\">Dansk</a> ");
	if (rq->user && *rq->user) {
		strbuf_addstr(o, "<span class=\"user\">");
		text_add_html(o, rq->user);
		strbuf_addf(o, "</span> <form method=\"post\" action=\"/logout?lang=%s\" class=\"inline\">"
			       "<input type=\"hidden\" name=\"csrf\" value=\"",
			    rq->danish ? "da" : "en");
		text_add_html(o, rq->csrf);
		strbuf_addf(o, "\"><button type=\"submit\">%s</button></form>",
			    T(rq, "Log out", "Log ud"));
	} else {
		/* Back to this page after the login, in this language. */
		struct strbuf next = STRBUF_INIT;
		strbuf_addf(&next, "%s?lang=%s", rq->path ? rq->path : "/", rq->danish ? "da" : "en");
		strbuf_addstr(o, "<a href=\"");
		page_href(o, rq, "/login", "next", strbuf_str(&next), NULL);
		strbuf_release(&next);
		strbuf_addf(o, "\">%s</a>", T(rq, "Log in", "Log ind"));
	}
	strbuf_addstr(o, "</div></nav></header>\n<main>\n");
}

void page_end(const struct serve_req *rq, struct serve_resp *rs)
{
	strbuf_addf(&rs->body, "</main>\n<footer>%s</footer>\n</body>\n</html>\n",
		    T(rq, "vendorscope: Chinese hardware and software, its exposure and its phase-out",
		      "vendorscope: kinesisk hardware og software, eksponering og udfasning"));
}

enum vs_err page_surveys(const struct serve_req *rq, struct survey_info **list, size_t *n,
			 struct vs_error *err)
{
	/* Every page names its survey and offers the others: on PostgreSQL
	 * a round trip each, so the list is kept in the shared cache for the
	 * store generation, as the structs themselves. */
	static const char key[] = "pages: surveys";
	struct serve_cache *cache = rq->ctx->cache;
	struct strbuf v = STRBUF_INIT;
	if (cache && serve_cache_get(cache, key, rq->ctx->gen, &v, NULL) && !v.failed &&
	    v.len % sizeof(**list) == 0 && (*list = malloc(v.len ? v.len : 1))) {
		memcpy(*list, v.buf, v.len);
		*n = v.len / sizeof(**list);
		strbuf_release(&v);
		return VS_OK;
	}
	strbuf_release(&v);
	enum vs_err rc = store_pages_surveys(rq->ctx->store, list, n, err);
	if (!rc && cache)
		serve_cache_put(cache, key, rq->ctx->gen, (const char *)*list, *n * sizeof(**list), NULL);
	return rc;
}

enum vs_err page_survey(const struct serve_req *rq, struct survey_info *si, struct vs_error *err)
{
	const char *name = page_arg(rq, "survey");
	struct survey_info *list;
	size_t n;
	enum vs_err rc = page_surveys(rq, &list, &n, err);
	if (rc)
		return rc;
	/* The list's first is store_survey_latest's; the messages are the store's. */
	size_t i = 0;
	while (name && i < n && strcmp(list[i].name, name) != 0)
		i++;
	if (i < n)
		*si = list[i];
	else if (name)
		rc = vs_fail(err, VS_ENOTFOUND, "no survey named '%s'", name);
	else
		rc = vs_fail(err, VS_ENOTFOUND, "the store holds no survey yet (import something first)");
	free(list);
	return rc;
}

void page_meta(const struct serve_req *rq, struct strbuf *o, const struct survey_info *a,
	       const struct survey_info *b)
{
	struct report_meta m = {.survey = a->name, .survey_date = a->date,
				.generated = rq->ctx->generated};
	if (b) {
		m.survey_b = b->name;
		m.survey_b_date = b->date;
	}
	struct strbuf line = STRBUF_INIT;
	report_meta_line(&line, &m, rq->danish);
	strbuf_addstr(o, "<p class=\"meta\">");
	text_add_html(o, strbuf_str(&line));
	strbuf_addstr(o, "</p>\n");
	strbuf_release(&line);
}

enum vs_err page_survey_form(const struct serve_req *rq, struct strbuf *o, const char *action,
			     const struct survey_info *si, struct vs_error *err)
{
	struct survey_info *list;
	size_t n;
	enum vs_err rc = page_surveys(rq, &list, &n, err);
	if (rc)
		return rc;
	strbuf_addstr(o, "<form method=\"get\" action=\"");
	text_add_html(o, action);
	strbuf_addf(o, "\" class=\"filters\"><label>%s <select name=\"survey\">",
		    T(rq, "Survey", "Kortlægning"));
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(o, "<option value=\"");
		text_add_html(o, list[i].name);
		strbuf_addstr(o, list[i].id == si->id ? "\" selected>" : "\">");
		text_add_html(o, list[i].name);
		if (list[i].date[0]) {
			strbuf_addstr(o, " (");
			text_add_html(o, list[i].date);
			strbuf_addch(o, ')');
		}
		strbuf_addstr(o, "</option>");
	}
	strbuf_addf(o, "</select></label> <input type=\"hidden\" name=\"lang\" value=\"%s\">"
		       "<button type=\"submit\">%s</button></form>\n",
		    rq->danish ? "da" : "en", T(rq, "Show", "Vis"));
	free(list);
	return VS_OK;
}

void page_int(const struct serve_req *rq, struct strbuf *o, int64_t v)
{
	fmt_int_grouped(o, v, rq->danish);
}

void page_kdkk(const struct serve_req *rq, struct strbuf *o, int64_t money)
{
	money_format_kdkk(o, money, rq->danish, 0);
}

/* ---- overview ------------------------------------------------------------ */

/* Units per type of one survey, added up from grouped counts. */
struct type_total {
	const char *type; /* borrowed from a group_result */
	int64_t units, chinese, prev_units, prev_chinese;
};

struct overview {
	struct group_result cur, prev; /* hardware by type, department, chinese / type, chinese */
	struct type_total *types;
	size_t n_types;
	int64_t units, chinese, unknown;
	int64_t prev_units_total, prev_chinese_total;
};

static struct type_total *type_slot(struct overview *ov, const char *type)
{
	for (size_t i = 0; i < ov->n_types; i++)
		if ((ov->types[i].type == NULL) == (type == NULL) &&
		    (!type || strcmp(ov->types[i].type, type) == 0))
			return &ov->types[i];
	struct type_total *p = realloc(ov->types, (ov->n_types + 1) * sizeof(*p));
	if (!p)
		return NULL;
	ov->types = p;
	p = &ov->types[ov->n_types++];
	memset(p, 0, sizeof(*p));
	p->type = type;
	return p;
}

static bool is_yes(const char *v)
{
	return v && strcmp(v, "yes") == 0;
}

/*
 * Two grouped queries (the CLI's `assets --by type,department,chinese` of
 * this survey and `--by type,chinese` of the one before), aggregated in
 * SQL: the overview reads no asset row in C, whatever the store's size.
 */
static enum vs_err overview_load(struct store *st, const struct kb *kb, int64_t survey,
				 int64_t prev, struct overview *ov, struct vs_error *err)
{
	memset(ov, 0, sizeof(*ov));
	static const enum group_field cur_fields[] = {GF_TYPE, GF_DEPARTMENT, GF_CHINESE};
	static const enum group_field prev_fields[] = {GF_TYPE, GF_CHINESE};
	struct asset_filter f = {.survey_id = survey, .kind = ASSET_HARDWARE};
	enum vs_err rc = store_assets_grouped(st, &f, cur_fields, 3, &ov->cur, err);
	if (rc)
		return rc;
	report_groups_sort(kb, cur_fields, 3, &ov->cur); /* the knowledge base's type order */
	if (prev) {
		f.survey_id = prev;
		rc = store_assets_grouped(st, &f, prev_fields, 2, &ov->prev, err);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < ov->cur.n; i++) {
		const struct group_row *g = &ov->cur.rows[i];
		struct type_total *t = type_slot(ov, g->value[0]);
		if (!t)
			return vs_fail(err, VS_ENOMEM, "out of memory");
		t->units += g->count;
		ov->units += g->count;
		if (is_yes(g->value[2])) {
			t->chinese += g->count;
			ov->chinese += g->count;
		} else if (!g->value[2]) {
			ov->unknown += g->count;
		}
	}
	for (size_t i = 0; i < ov->prev.n; i++) {
		const struct group_row *g = &ov->prev.rows[i];
		struct type_total *t = type_slot(ov, g->value[0]);
		if (!t)
			return vs_fail(err, VS_ENOMEM, "out of memory");
		t->prev_units += g->count;
		ov->prev_units_total += g->count;
		if (is_yes(g->value[1])) {
			t->prev_chinese += g->count;
			ov->prev_chinese_total += g->count;
		}
	}
	return VS_OK;
}

static void overview_release(struct overview *ov)
{
	group_result_release(&ov->cur);
	group_result_release(&ov->prev);
	free(ov->types);
}

enum vs_err page_prices_path(const char *name, char *buf, size_t len, struct vs_error *err)
{
	if (!name)
		name = REPORT_PLAN_DEFAULT_PRICES;
	if (!report_plan_prices_path(name, buf, len))
		return vs_fail(err, VS_ENOTFOUND, "no price catalogue named '%s'", name);
	return VS_OK;
}

enum vs_err page_prices(const char *name, struct price_catalogue *cat, struct vs_error *err)
{
	char path[PATH_MAX];
	enum vs_err rc = page_prices_path(name, path, sizeof(path), err);
	return rc ? rc : prices_load(path, cat, err);
}

void page_today(const struct serve_req *rq, char buf[11])
{
	time_t t = (time_t)rq->ctx->generated;
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, 11, "%Y-%m-%d", &tm))
		buf[0] = 0;
}


/*
 * Replacing every Chinese unit now (`plan --strategy immediate`), costed
 * from the same grouped rows: type and department are what a price and a
 * budget line depend on, so the total is the CLI's to the øre (a unit
 * test holds the two side by side).
 */
static enum vs_err overview_cost(const struct price_catalogue *cat, const struct overview *ov,
				 int64_t *cost, struct vs_error *err)
{
	struct plan_units units = {0};
	enum vs_err rc = VS_OK;
	for (size_t i = 0; i < ov->cur.n && !rc; i++) {
		const struct group_row *g = &ov->cur.rows[i];
		if (!is_yes(g->value[2]))
			continue;
		struct plan_unit u = {
			.type = g->value[0] ? g->value[0] : (char *)"unknown",
			.department = g->value[1],
			.count = g->count,
			.low = g->low,
			.high = g->high,
			.estimated = g->estimated,
			.critical = -1,
		};
		if (!plan_units_add(&units, &u))
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
	}
	struct plan_strategy now = {.kind = PLAN_IMMEDIATE};
	struct plan_result res;
	if (!rc) {
		rc = plan_run(&units, cat, &now, plan_doc_from(cat, 0), &res, err);
		if (!rc) {
			*cost = res.total_all;
			plan_result_release(&res);
		}
	}
	plan_units_release(&units);
	return rc;
}

static void signed_int(const struct serve_req *rq, struct strbuf *o, int64_t v)
{
	if (v > 0)
		strbuf_addch(o, '+');
	else if (v < 0)
		strbuf_addstr(o, "&#8722;");
	page_int(rq, o, v < 0 ? -v : v);
}

static void type_cell(const struct serve_req *rq, struct strbuf *o, const char *type)
{
	strbuf_addstr(o, "<td>");
	text_add_html(o, type ? report_type_label(rq->ctx->kb, type, rq->danish)
			      : T(rq, "(unknown)", "(ukendt)"));
	strbuf_addstr(o, "</td>");
}

static void num_cell(const struct serve_req *rq, struct strbuf *o, int64_t v)
{
	strbuf_addstr(o, "<td class=\"n\">");
	page_int(rq, o, v);
	strbuf_addstr(o, "</td>");
}

static void overview_figures(const struct serve_req *rq, struct strbuf *o,
			     const struct survey_info *si, const struct overview *ov)
{
	strbuf_addstr(o, "<section class=\"figures\" id=\"headline\">\n");
	strbuf_addf(o, "<div class=\"figure\"><span class=\"label\">%s</span><span class=\"value\" "
		       "id=\"units\">",
		    T(rq, "Hardware units", "Hardwareenheder"));
	page_int(rq, o, ov->units);
	strbuf_addf(o, "</span></div>\n<div class=\"figure key\"><span class=\"label\">%s</span>"
		       "<span class=\"value\" id=\"chinese-units\">",
		    T(rq, "Chinese units", "Kinesiske enheder"));
	page_int(rq, o, ov->chinese);
	strbuf_addstr(o, "</span></div>\n");
	strbuf_addf(o, "<div class=\"figure\"><span class=\"label\">%s</span><span class=\"value\" "
		       "id=\"cost\">",
		    T(rq, "Replacing them now (thousand DKK)", "Udskiftning nu (t.kr.)"));
	struct price_catalogue cat;
	struct vs_error cerr = {0};
	if (page_prices(NULL, &cat, &cerr)) {
		strbuf_addstr(o, "<span class=\"error\">");
		text_add_html(o, cerr.msg);
		strbuf_addstr(o, "</span>");
	} else {
		int64_t cost = 0;
		if (overview_cost(&cat, ov, &cost, &cerr)) {
			strbuf_addstr(o, "<span class=\"error\">");
			text_add_html(o, cerr.msg);
			strbuf_addstr(o, "</span>");
		} else {
			page_kdkk(rq, o, cost);
		}
		prices_release(&cat);
	}
	strbuf_addstr(o, "</span></div>\n");
	strbuf_addf(o, "<div class=\"figure\"><span class=\"label\">%s</span><span class=\"value\" "
		       "id=\"survey\">",
		    T(rq, "Newest survey", "Nyeste kortlægning"));
	text_add_html(o, si->name);
	if (si->date[0]) {
		strbuf_addstr(o, " <small>");
		text_add_html(o, si->date);
		strbuf_addstr(o, "</small>");
	}
	strbuf_addstr(o, "</span></div>\n");
	if (ov->unknown) {
		strbuf_addstr(o, "<p class=\"note\">");
		page_int(rq, o, ov->unknown);
		strbuf_addstr(o, T(rq, " units of unknown origin.", " enheder af ukendt oprindelse."));
		strbuf_addstr(o, "</p>\n");
	}
	/* Progress: what the status history says left service and was spent
	 * (report/plan_actual.c, over the changes, not the assets). */
	struct plan_actual act;
	struct vs_error aerr = {0};
	strbuf_addf(o, "<div class=\"figure\"><span class=\"label\">%s</span><span class=\"value\" "
		       "id=\"progress\">",
		    T(rq, "Replaced or decommissioned", "Udskiftet eller udfaset"));
	if (plan_actual_load(rq->ctx->store, si->id, NULL, NULL, &act, &aerr)) {
		strbuf_addstr(o, "<span class=\"error\">");
		text_add_html(o, aerr.msg);
		strbuf_addstr(o, "</span></span></div>\n");
	} else {
		page_int(rq, o, act.units);
		strbuf_addf(o, "</span><span class=\"label\">%s ", T(rq, "spent", "brugt"));
		page_kdkk(rq, o, act.cost);
		strbuf_addstr(o, T(rq, " thousand DKK", " t.kr."));
		strbuf_addstr(o, "</span></div>\n");
		plan_actual_release(&act);
	}
	strbuf_addf(o, "<p class=\"note\"><a href=\"");
	page_href(o, rq, "/progress", "survey", si->name, NULL);
	strbuf_addf(o, "\">%s</a></p>\n</section>\n",
		    T(rq, "Phase-out progress: units replaced and money spent against the plan",
		      "Fremdrift: enheder udskiftet og penge brugt mod planen"));
}

static enum vs_err overview_render(const struct serve_req *rq, const struct survey_info *si,
				   const struct survey_info *prev, struct strbuf *o,
				   struct vs_error *err)
{
	struct overview ov;
	enum vs_err rc = overview_load(rq->ctx->store, rq->ctx->kb, si->id, prev->id, &ov, err);
	if (rc) {
		overview_release(&ov);
		return rc;
	}
	overview_figures(rq, o, si, &ov);

	strbuf_addf(o, "<h2>%s</h2>\n<div class=\"t\"><table class=\"sortable\" id=\"by-type\">"
		       "<thead><tr><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th></tr>"
		       "</thead>\n<tbody>\n",
		    T(rq, "By type", "Efter type"), T(rq, "Type", "Type"), T(rq, "Units", "Enheder"),
		    T(rq, "Chinese", "Kinesiske"));
	for (size_t i = 0; i < ov.n_types; i++) {
		const struct type_total *t = &ov.types[i];
		if (!t->units)
			continue;
		strbuf_addstr(o, "<tr>");
		type_cell(rq, o, t->type);
		num_cell(rq, o, t->units);
		num_cell(rq, o, t->chinese);
		strbuf_addstr(o, "</tr>\n");
	}
	strbuf_addf(o, "</tbody>\n<tfoot><tr class=\"total\"><td>%s</td>", T(rq, "Total", "I alt"));
	num_cell(rq, o, ov.units);
	num_cell(rq, o, ov.chinese);
	strbuf_addstr(o, "</tr></tfoot></table></div>\n");

	strbuf_addf(o, "<h2>%s</h2>\n", T(rq, "New since the previous survey", "Nyt siden forrige kortlægning"));
	if (!prev->id) {
		strbuf_addf(o, "<p>%s</p>\n", T(rq, "This is the first survey in the store.",
						"Dette er den første kortlægning i registret."));
	} else {
		strbuf_addstr(o, "<p>");
		strbuf_addstr(o, T(rq, "Chinese units against ", "Kinesiske enheder mod "));
		text_add_html(o, prev->name);
		if (prev->date[0]) {
			strbuf_addstr(o, " (");
			text_add_html(o, prev->date);
			strbuf_addch(o, ')');
		}
		strbuf_addstr(o, ": ");
		signed_int(rq, o, ov.chinese - ov.prev_chinese_total);
		strbuf_addstr(o, ". <a href=\"");
		page_href(o, rq, "/diff", "from", prev->name, "to", si->name, NULL);
		strbuf_addf(o, "\">%s</a></p>\n", T(rq, "All changes", "Alle ændringer"));
		strbuf_addf(o, "<div class=\"t\"><table class=\"sortable\" id=\"new\"><thead><tr><th>%s</th>"
			       "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
			       "</tr></thead>\n<tbody>\n",
			    T(rq, "Type", "Type"), T(rq, "Before", "Før"), T(rq, "Now", "Nu"),
			    T(rq, "Change", "Ændring"));
		for (size_t i = 0; i < ov.n_types; i++) {
			const struct type_total *t = &ov.types[i];
			if (t->chinese == t->prev_chinese)
				continue;
			strbuf_addstr(o, "<tr>");
			type_cell(rq, o, t->type);
			num_cell(rq, o, t->prev_chinese);
			num_cell(rq, o, t->chinese);
			strbuf_addstr(o, "<td class=\"n\">");
			signed_int(rq, o, t->chinese - t->prev_chinese);
			strbuf_addstr(o, "</td></tr>\n");
		}
		strbuf_addstr(o, "</tbody></table></div>\n");
	}
	overview_release(&ov);
	return VS_OK;
}

/*
 * The figures and tables of one survey's overview, kept in the server's
 * cache shared by all its threads (serve/cache.h) per language while the
 * store is unchanged (the generation moves with any commit, by this server
 * or another process). Aggregating a million-row survey takes seconds of
 * CPU (docs/benchmarks.md); answering from the cache takes a copy. One
 * thread computes it; the others asking meanwhile wait for that answer
 * rather than compute it too: with a thread per core, each computing it
 * once was the p99 of every page (each thread stalled seconds in turn).
 */
static enum vs_err overview_cached(const struct serve_req *rq, const struct survey_info *si,
				   const struct survey_info *prev, struct strbuf *o,
				   struct vs_error *err)
{
	struct serve_cache *c = rq->ctx->cache;
	if (!c)
		return overview_render(rq, si, prev, o, err);
	char key[96];
	snprintf(key, sizeof(key), "overview %lld %lld %s", (long long)si->id, (long long)prev->id,
		 rq->danish ? "da" : "en");
	uint64_t gen = rq->ctx->gen;
	struct strbuf frag = STRBUF_INIT;
	if (serve_cache_claim(c, key, gen, &frag)) {
		strbuf_add(o, strbuf_str(&frag), frag.len);
		strbuf_release(&frag);
		return VS_OK;
	}
	strbuf_reset(&frag);
	/* The generation was taken before rendering: a commit meanwhile makes
	 * the next request render again rather than keep an answer older
	 * than it. */
	enum vs_err rc = overview_render(rq, si, prev, &frag, err);
	if (!rc && !frag.failed)
		serve_cache_put(c, key, gen, frag.buf, frag.len, NULL);
	else
		serve_cache_drop(c, key);
	if (!rc)
		strbuf_add(o, strbuf_str(&frag), frag.len);
	strbuf_release(&frag);
	return rc;
}

enum vs_err pages_overview(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	struct survey_info si, prev = {0};
	enum vs_err rc = page_survey(rq, &si, err);
	if (rc)
		return rc;
	struct survey_info *list;
	size_t n;
	rc = page_surveys(rq, &list, &n, err);
	if (rc)
		return rc;
	for (size_t i = 0; i + 1 < n; i++)
		if (list[i].id == si.id)
			prev = list[i + 1];
	free(list);
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "Overview", "Oversigt"), "overview");
	strbuf_addf(o, "<h1>%s ", T(rq, "Chinese hardware in survey", "Kinesisk hardware i kortlægning"));
	text_add_html(o, si.name);
	strbuf_addstr(o, "</h1>\n");
	page_meta(rq, o, &si, NULL);
	rc = page_survey_form(rq, o, "/", &si, err);
	if (!rc)
		rc = overview_cached(rq, &si, &prev, o, err);
	if (!rc)
		page_end(rq, rs);
	return rc;
}

/* ---- login ---------------------------------------------------------------- */

/* The form only: the server checks the password, makes the session and
 * redirects (route.h). ?failed=1 is the server's way back after a bad one. */
enum vs_err pages_login(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	(void)err;
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "Log in", "Log ind"), "");
	strbuf_addf(o, "<h1>%s</h1>\n", T(rq, "Log in", "Log ind"));
	if (page_arg(rq, "failed"))
		strbuf_addf(o, "<p class=\"error\" role=\"alert\">%s</p>\n",
			    T(rq, "Wrong user name or password.", "Forkert brugernavn eller adgangskode."));
	strbuf_addf(o, "<form method=\"post\" action=\"/login?lang=%s\" class=\"login\">\n",
		    rq->danish ? "da" : "en");
	if (rq->csrf && *rq->csrf) {
		strbuf_addstr(o, "<input type=\"hidden\" name=\"csrf\" value=\"");
		text_add_html(o, rq->csrf);
		strbuf_addstr(o, "\">\n");
	}
	const char *next = page_arg(rq, "next");
	/* Only a path of this site: never an open redirect to another host. */
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		next = rq->danish ? "/?lang=da" : "/?lang=en"; /* back in the same language */
	strbuf_addstr(o, "<input type=\"hidden\" name=\"next\" value=\"");
	text_add_html(o, next);
	strbuf_addf(o, "\">\n"
		       "<label>%s <input name=\"user\" autocomplete=\"username\" required></label>\n"
		       "<label>%s <input type=\"password\" name=\"password\" "
		       "autocomplete=\"current-password\" required></label>\n"
		       "<button type=\"submit\">%s</button>\n</form>\n",
		    T(rq, "User name", "Brugernavn"),
		    T(rq, "Password", "Adgangskode"), T(rq, "Log in", "Log ind"));
	page_end(rq, rs);
	return VS_OK;
}
