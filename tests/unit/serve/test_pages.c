/*
 * The pages called as the server calls them (route.h), on the example
 * store (examples/kk-2025: both surveys imported as `import` does), in
 * both languages: the overview's headline is Oracle 1's 41,931 Chinese
 * units and Oracle 2's 179,421.6 thousand DKK, every page is a document
 * with no inline script or style, an outside string (a maker named
 * <script>) is text, and a viewer cannot change a status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "ingest/ingest.h"
#include "kb/kb.h"
#include "plan/plan.h"
#include "plan/prices.h"
#include "policy/policy.h"
#include "report/plan_report.h"
#include "serve/cache.h"
#include "serve/pages.h"
#include "serve/route.h"
#include "store/query_pages.h"
#include "store/query_serve.h"
#include "store/query_surveys.h"
#include "util/money.h"

#define GOLDEN_EPOCH 1767225600 /* 2026-01-01 00:00 UTC */

static struct kb *kb;
static struct policy *pol;
static struct price_catalogue cat;
static struct store *st;
static char dir[64], db[96];
static int64_t xss_asset, hik_asset;

static void import(const char *path, const char *survey, const char *date)
{
	struct ingest_opts o = {.survey = survey, .date = date};
	struct ingest_stats stats;
	struct vs_error err = {0};
	if (ingest_file(st, kb, pol, path, &o, &stats, &err))
		fail_msg("import %s: %s", path, err.msg);
}

struct first_ctx {
	const char *maker;
	int64_t id;
};

static bool first_by_maker(const struct asset *a, void *vctx)
{
	struct first_ctx *c = vctx;
	if (a->maker && strcmp(a->maker, c->maker) == 0 && !c->id)
		c->id = a->id;
	return true;
}

static int64_t asset_by_maker(const char *maker)
{
	struct first_ctx c = {maker, 0};
	struct asset_filter f = {.kind = -1};
	struct vs_error err = {0};
	assert_int_equal(store_assets_foreach(st, &f, first_by_maker, &c, &err), VS_OK);
	assert_true(c.id > 0);
	return c.id;
}

/* The server's shared cache, as the server uses it: the generation read
 * from the store handle before each request (cache.h). */
static struct serve_cache *cache;
static int64_t seen_version;

static int setup(void **state)
{
	(void)state;
	struct vs_error err = {0};
	char p[512];
	snprintf(p, sizeof(p), "%s/data/prices/kk-2025-hardware.csv", VS_TEST_SRCDIR);
	if (kb_load(VS_TEST_DATADIR, &kb, &err) || policy_load(VS_TEST_DATADIR, &pol, &err) ||
	    prices_load(p, &cat, &err)) {
		fprintf(stderr, "loading: %s\n", err.msg);
		return -1;
	}
	snprintf(dir, sizeof(dir), "/tmp/vs-test-pages-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(db, sizeof(db), "%s/kk.db", dir);
	unlink(db);
	if (store_open(db, STORE_CREATE, &st, &err)) {
		fprintf(stderr, "store: %s\n", err.msg);
		return -1;
	}
	/* A hostile maker in an old survey of its own, so the example's two
	 * surveys stay the newest. */
	char xss[128];
	snprintf(xss, sizeof(xss), "%s/xss.csv", dir);
	FILE *f = fopen(xss, "w");
	fputs("Type;Producent;Model;Forvaltning;Antal\n"
	      "Router;<script>alert(1)</script>;\"<b>x</b>\";SOF;1\n", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/examples/kk-2025/camera-survey-2022.csv", VS_TEST_SRCDIR);
	import(xss, "old <i>survey</i>", "2019");
	import(p, "kk-2022", "2022-05-12");
	snprintf(p, sizeof(p), "%s/examples/kk-2025/inventory-2025.csv", VS_TEST_SRCDIR);
	import(p, "kk-2025", "2025");
	xss_asset = asset_by_maker("<script>alert(1)</script>");
	hik_asset = asset_by_maker("HIKvision");
	cache = serve_cache_new();
	return cache ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	serve_cache_free(cache);
	store_close(st);
	char extra[128];
	unlink(db);
	snprintf(extra, sizeof(extra), "%s-wal", db);
	unlink(extra);
	snprintf(extra, sizeof(extra), "%s-shm", db);
	unlink(extra);
	snprintf(extra, sizeof(extra), "%s/xss.csv", dir);
	unlink(extra);
	rmdir(dir);
	prices_release(&cat);
	kb_free(kb);
	policy_free(pol);
	return 0;
}

/* ---- a request as the server hands it over --------------------------------- */

#define MAX_ARGS 8
struct args {
	const char *k[MAX_ARGS], *v[MAX_ARGS];
	size_t n;
};

static const char *get_arg(const struct serve_req *rq, const char *name)
{
	const struct args *a = rq->impl;
	for (size_t i = 0; a && i < a->n; i++)
		if (strcmp(a->k[i], name) == 0)
			return a->v[i];
	return NULL;
}

static struct serve_ctx ctx;

/* Call the page route for method and path (the pattern's {id} filled
 * from the path) with "k=v" arguments, NULL-terminated. */
static enum vs_err call(const char *method, const char *path, bool danish, enum serve_role role,
			struct serve_resp *rs, struct vs_error *err, ...)
{
	ctx = (struct serve_ctx){st, kb, pol, GOLDEN_EPOCH, cache,
				 serve_cache_gen(cache, st, &seen_version)};
	struct args a = {0};
	static char idbuf[32];
	const struct serve_route *route = NULL;
	for (const struct serve_route *r = serve_page_routes; r->pattern && !route; r++) {
		if (strcmp(r->method, method) != 0)
			continue;
		const char *brace = strstr(r->pattern, "{id}");
		if (!brace) {
			if (strcmp(r->pattern, path) == 0)
				route = r;
			continue;
		}
		size_t pre = (size_t)(brace - r->pattern);
		const char *tail = brace + 4;
		if (strncmp(path, r->pattern, pre) != 0)
			continue;
		const char *id = path + pre, *end = id + strspn(id, "0123456789");
		if (end == id || strcmp(end, tail) != 0)
			continue;
		snprintf(idbuf, sizeof(idbuf), "%.*s", (int)(end - id), id);
		a.k[a.n] = "id", a.v[a.n++] = idbuf;
		route = r;
	}
	assert_non_null(route);
	va_list ap;
	va_start(ap, err);
	static char kv[MAX_ARGS][256];
	for (const char *s; (s = va_arg(ap, const char *)) && a.n < MAX_ARGS;) {
		snprintf(kv[a.n], sizeof(kv[a.n]), "%s", s);
		char *eq = strchr(kv[a.n], '=');
		assert_non_null(eq);
		*eq = 0;
		a.k[a.n] = kv[a.n], a.v[a.n] = eq + 1;
		a.n++;
	}
	va_end(ap);
	struct serve_req rq = {.method = method, .path = path, .arg = get_arg, .impl = &a,
			       .danish = danish, .role = role,
			       .user = role == SERVE_ANONYMOUS ? "" : "ann <&>",
			       .csrf = role == SERVE_ANONYMOUS ? "" : "tok\"en", .ctx = &ctx};
	memset(rs, 0, sizeof(*rs));
	rs->status = 200;
	strbuf_init(&rs->body);
	/* The server refuses a role below the route's before calling it. */
	if (role < route->needs)
		return vs_fail(err, VS_EPERM, "needs a higher role");
	return route->handler(&rq, rs, err);
}

static const char *body(const struct serve_resp *rs)
{
	return strbuf_str(&rs->body);
}

/* A page: a document in its language, with no inline script or style a
 * CSP of default-src 'self' would block, and its answer. */
static void page_ok(const struct serve_resp *rs, bool danish)
{
	const char *b = body(rs);
	assert_int_equal(rs->status, 200);
	assert_string_equal(rs->content_type, "text/html; charset=utf-8");
	assert_true(strncmp(b, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(b, danish ? "<html lang=\"da\">" : "<html lang=\"en\">"));
	assert_non_null(strstr(b, "</html>\n"));
	assert_null(strstr(b, "<style"));
	assert_null(strstr(b, " style="));
	assert_null(strstr(b, " on"  "click="));
	/* The one script is the embedded file. */
	const char *s = strstr(b, "<script");
	assert_non_null(s);
	assert_true(strncmp(s, "<script src=\"/static/vs.js\" defer></script>", 43) == 0);
	assert_null(strstr(s + 1, "<script"));
}

static void headline(bool danish, const char *units, const char *cost)
{
	struct serve_resp rs;
	struct vs_error err = {0};
	assert_int_equal(call("GET", "/", danish, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	page_ok(&rs, danish);
	const char *dump = getenv("VS_PAGES_DUMP");
	if (dump) {
		char p[256];
		snprintf(p, sizeof(p), "%s/overview-%s.html", dump, danish ? "da" : "en");
		FILE *f = fopen(p, "w");
		if (f) {
			fputs(body(&rs), f);
			fclose(f);
		}
	}
	char want[128];
	snprintf(want, sizeof(want), "id=\"chinese-units\">%s</span>", units);
	assert_non_null(strstr(body(&rs), want));
	snprintf(want, sizeof(want), "id=\"cost\">%s</span>", cost);
	assert_non_null(strstr(body(&rs), want));
	assert_non_null(strstr(body(&rs), "id=\"survey\">kk-2025 <small>2025</small>"));
	assert_false(rs.cacheable); /* the server would give it to anyone */
	/* What is new since kk-2022: the BUF cameras among them. */
	assert_non_null(strstr(body(&rs), danish ? "Nyt siden forrige kortlægning" : "New since the previous survey"));
	strbuf_release(&rs.body);
}

static void overview_danish(void **state)
{
	(void)state;
	headline(true, "41.931", "179.421,6");
}

static void overview_english(void **state)
{
	(void)state;
	headline(false, "41,931", "179,421.6");
}

/* The overview's figures are the CLI's: `surveys` counts the same Chinese
 * units, `plan --strategy immediate` costs them the same to the øre. */
static void overview_agrees_with_cli(void **state)
{
	(void)state;
	struct vs_error err = {0};
	struct survey_info si;
	assert_int_equal(store_survey_latest(st, &si, &err), VS_OK);
	struct plan_units units;
	assert_int_equal(plan_units_from_store(st, si.id, NULL, NULL, &units, &err), VS_OK);
	struct plan_strategy now = {.kind = PLAN_IMMEDIATE};
	struct plan_result res;
	assert_int_equal(plan_run(&units, &cat, &now, 2025, &res, &err), VS_OK);
	struct strbuf want = STRBUF_INIT;
	money_format_kdkk(&want, res.total_all, true, 0);
	assert_string_equal(strbuf_str(&want), "179.421,6");
	assert_int_equal(res.total_units, 41931);
	plan_result_release(&res);
	plan_units_release(&units);
	strbuf_release(&want);
}

static const char *const pages[] = {"/", "/register", "/diff", "/exposure", "/plan",
				    "/progress", "/downloads"};

static void every_page_both_languages(void **state)
{
	(void)state;
	char asset[32];
	snprintf(asset, sizeof(asset), "/assets/%lld", (long long)hik_asset);
	for (int danish = 0; danish < 2; danish++) {
		for (size_t i = 0; i <= sizeof(pages) / sizeof(pages[0]); i++) {
			const char *path = i < sizeof(pages) / sizeof(pages[0]) ? pages[i] : asset;
			struct serve_resp rs;
			struct vs_error err = {0};
			enum vs_err rc = call("GET", path, danish, SERVE_VIEWER, &rs, &err, NULL);
			if (rc)
				fail_msg("%s: %s", path, err.msg);
			page_ok(&rs, danish);
			strbuf_release(&rs.body);
		}
	}
}

/* The login form: the server's route, the pages' layout; next only as a
 * path of this site. */
static void login_form(void **state)
{
	(void)state;
	for (int danish = 0; danish < 2; danish++) {
		struct args a = {{"next", "failed"}, {"/register?q=<x>", "1"}, 2};
		ctx = (struct serve_ctx){st, kb, pol, GOLDEN_EPOCH, NULL, 0};
		struct serve_req rq = {.method = "GET", .path = "/login", .arg = get_arg, .impl = &a,
				       .danish = danish, .user = "", .csrf = "", .ctx = &ctx};
		struct serve_resp rs = {.status = 200};
		struct vs_error err = {0};
		strbuf_init(&rs.body);
		assert_int_equal(pages_login(&rq, &rs, &err), VS_OK);
		page_ok(&rs, danish);
		assert_non_null(strstr(body(&rs), "name=\"next\" value=\"/register?q=&lt;x&gt;\""));
		assert_non_null(strstr(body(&rs), "role=\"alert\""));
		strbuf_release(&rs.body);
		a.v[0] = "//evil.example/";
		strbuf_init(&rs.body);
		assert_int_equal(pages_login(&rq, &rs, &err), VS_OK);
		assert_null(strstr(body(&rs), "evil"));
		strbuf_release(&rs.body);
	}
}

static void static_files(void **state)
{
	(void)state;
	struct serve_resp rs;
	struct vs_error err = {0};
	assert_int_equal(call("GET", "/static/vs.css", false, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	assert_string_equal(rs.content_type, "text/css; charset=utf-8");
	assert_non_null(strstr(body(&rs), "table{"));
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/static/vs.js", false, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	assert_string_equal(rs.content_type, "text/javascript; charset=utf-8");
	assert_non_null(strstr(body(&rs), "table.sortable"));
	strbuf_release(&rs.body);
}

/* The hostile maker, model and survey name are text wherever they show. */
static void outside_strings_are_text(void **state)
{
	(void)state;
	char asset[32];
	snprintf(asset, sizeof(asset), "/assets/%lld", (long long)xss_asset);
	struct serve_resp rs;
	struct vs_error err = {0};
	const char *where[][2] = {{"/register", "survey=old <i>survey</i>"},
				  {asset, "x=y"},
				  {"/register", "q=<script>"}};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(call("GET", where[i][0], true, SERVE_EDITOR, &rs, &err, where[i][1], NULL),
				 VS_OK);
		page_ok(&rs, true);
		const char *b = body(&rs);
		assert_null(strstr(b, "<script>alert"));
		assert_null(strstr(b, "<i>survey"));
		assert_null(strstr(b, "<b>x"));
		assert_null(strstr(b, "ann <&>"));
		assert_null(strstr(b, "tok\"en"));
		assert_non_null(strstr(b, "ann &lt;&amp;&gt;"));
		if (i < 2)
			assert_non_null(strstr(b, "&lt;script&gt;alert(1)&lt;/script&gt;"));
		strbuf_release(&rs.body);
	}
	/* The editor's form carries the session's CSRF token, escaped. */
	assert_int_equal(call("GET", asset, false, SERVE_EDITOR, &rs, &err, NULL), VS_OK);
	assert_false(rs.cacheable); /* it names its user and token */
	assert_non_null(strstr(body(&rs), "name=\"csrf\" value=\"tok&quot;en\""));
	strbuf_release(&rs.body);
}

static void viewer_cannot_write(void **state)
{
	(void)state;
	char path[48];
	snprintf(path, sizeof(path), "/assets/%lld/status", (long long)hik_asset);
	struct serve_resp rs;
	struct vs_error err = {0};
	assert_int_equal(call("POST", path, false, SERVE_VIEWER, &rs, &err, "state=replaced", NULL),
			 VS_EPERM);
	strbuf_release(&rs.body);
	/* No form for a viewer either. */
	snprintf(path, sizeof(path), "/assets/%lld", (long long)hik_asset);
	assert_int_equal(call("GET", path, false, SERVE_VIEWER, &rs, &err, NULL), VS_OK);
	assert_null(strstr(body(&rs), "status-form"));
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", path, false, SERVE_EDITOR, &rs, &err, NULL), VS_OK);
	assert_non_null(strstr(body(&rs), "status-form"));
	strbuf_release(&rs.body);
}

static void register_filters_sort_pages(void **state)
{
	(void)state;
	struct serve_resp rs;
	struct vs_error err = {0};
	assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	assert_non_null(strstr(body(&rs), "id=\"row-count\">Rows 1&#8211;15 of 15</p>"));
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err, "q=hikv", NULL), VS_OK);
	assert_non_null(strstr(body(&rs), "Rows 1&#8211;1 of 1</p>"));
	/* The other language keeps the search; the login comes back here. */
	assert_non_null(strstr(body(&rs), "href=\"/register?q=hikv&amp;lang=da\" hreflang=\"da\""));
	assert_non_null(strstr(body(&rs), "href=\"/login?next=%2Fregister%3Flang%3Den&amp;lang=en\""));
	strbuf_release(&rs.body);
	/* Largest count first: the pedagogical PCs. */
	assert_int_equal(call("GET", "/register", true, SERVE_ANONYMOUS, &rs, &err, "sort=count",
			      "dir=desc", NULL), VS_OK);
	const char *b = body(&rs), *first = strstr(b, "<tbody>");
	assert_non_null(first);
	assert_non_null(strstr(first, "37.323"));
	assert_true(strstr(first, "37.323") < strstr(first, "3.246"));
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err, "page=2", NULL), VS_OK);
	assert_non_null(strstr(body(&rs), "Rows 0&#8211;0 of 15</p>"));
	assert_non_null(strstr(body(&rs), "rel=\"prev\""));
	assert_null(strstr(body(&rs), "rel=\"next\""));
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err, "sort=nope", NULL),
			 VS_EBADVAL);
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err,
			      "by=type,department", "chinese=yes", NULL), VS_OK);
	assert_non_null(strstr(body(&rs), "37,323"));
	strbuf_release(&rs.body);
}

struct ids {
	int64_t id[512];
	size_t n;
};

static bool collect(const struct asset *a, void *vctx)
{
	struct ids *c = vctx;
	if (c->n < sizeof(c->id) / sizeof(c->id[0]))
		c->id[c->n++] = a->id;
	return true;
}

/* The register's search and the API's find the same assets. */
static void search_agrees_with_api(void **state)
{
	(void)state;
	const char *words[] = {"hik", "ØKF", "lenovo", "50%", "_", "router", "<script>"};
	struct vs_error err = {0};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct ids api = {0}, page = {0};
		struct store_asset_query aq = {.f = {.kind = -1}, .search = words[i]};
		assert_int_equal(store_assets_query(st, &aq, collect, &api, NULL, &err), VS_OK);
		struct pages_query pq = {.kind = -1, .chinese = TRI_UNKNOWN, .critical = TRI_UNKNOWN,
					 .search = words[i], .limit = 64};
		struct pages_result res;
		assert_int_equal(store_pages_assets(st, &pq, collect, &page, &res, &err), VS_OK);
		assert_int_equal(api.n, page.n);
		assert_int_equal(res.total, (int64_t)page.n);
		for (size_t k = 0; k < api.n; k++)
			assert_int_equal(api.id[k], page.id[k]);
	}
}

/* The id in a link's after= or before=: the first row's of the page. */
static int64_t link_cursor(const char *b, const char *rel, const char *name)
{
	char pat[32];
	snprintf(pat, sizeof(pat), "rel=\"%s\" href=\"", rel);
	const char *l = strstr(b, pat);
	if (!l)
		return 0;
	const char *end = strchr(l + strlen(pat), '"');
	snprintf(pat, sizeof(pat), "%s=", name);
	const char *c = strstr(l, pat);
	return c && c < end ? strtoll(c + strlen(pat), NULL, 10) : -1;
}

/* The ids of a register page's rows, in order. */
static void page_ids(const char *b, struct ids *out)
{
	out->n = 0;
	for (const char *p = strstr(b, "<tbody>"); p && (p = strstr(p, "<a href=\"/assets/"));) {
		p += strlen("<a href=\"/assets/");
		out->id[out->n++] = strtoll(p, NULL, 10);
	}
}

/* The HTML register's Next and Previous links carry keyset cursors: 250
 * rows of a survey of their own, in three pages forwards by the links and
 * back again, numbered as the OFFSET pages were, and the same rows as the
 * page= URLs give. Runs last: it adds a survey. */
static void register_links_page_by_keyset(void **state)
{
	(void)state;
	struct vs_error err = {0};
	struct survey_info si;
	assert_int_equal(store_survey_get(st, "many", "2000", true, &si, &err), VS_OK);
	assert_int_equal(store_begin(st, &err), VS_OK);
	for (int i = 0; i < 250; i++) {
		struct asset a;
		asset_init(&a);
		char model[16];
		snprintf(model, sizeof(model), "M%d", i % 7);
		str_set(&a.type, "pc");
		if (i % 3)
			str_set(&a.maker, i % 3 == 1 ? "Acme" : "Zeta");
		if (i % 5)
			str_set(&a.model, model);
		a.count.value = a.count.low = a.count.high = 1 + i % 4;
		assert_int_equal(store_asset_insert(st, si.id, 0, &a, &err), VS_OK);
		asset_release(&a);
	}
	assert_int_equal(store_commit(st, &err), VS_OK);
	const char *sorts[][2] = {{"sort=id", "dir=asc"}, {"sort=id", "dir=desc"},
				  {"sort=maker", "dir=asc"}, {"sort=model", "dir=desc"},
				  {"sort=count", "dir=asc"}};
	for (size_t k = 0; k < sizeof(sorts) / sizeof(sorts[0]); k++) {
		struct serve_resp rs;
		struct ids offset[3], keyset[3], again;
		char arg[40], pg[16];
		for (int p = 0; p < 3; p++) {
			snprintf(pg, sizeof(pg), "page=%d", p + 1);
			assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err,
					      "survey=many", sorts[k][0], sorts[k][1], pg, NULL), VS_OK);
			page_ids(body(&rs), &offset[p]);
			strbuf_release(&rs.body);
		}
		assert_int_equal(offset[0].n, 100);
		assert_int_equal(offset[2].n, 50);
		/* Forwards by the Next links. */
		int64_t cursor = 0;
		const char *counts[] = {"Rows 1&#8211;100 of 250", "Rows 101&#8211;200 of 250",
					"Rows 201&#8211;250 of 250"};
		for (int p = 0; p < 3; p++) {
			snprintf(arg, sizeof(arg), "after=%lld", (long long)cursor);
			snprintf(pg, sizeof(pg), "page=%d", p + 1);
			assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err,
					      "survey=many", sorts[k][0], sorts[k][1], pg,
					      cursor ? arg : "q=", NULL), VS_OK);
			const char *b = body(&rs);
			page_ids(b, &keyset[p]);
			assert_int_equal(keyset[p].n, offset[p].n);
			assert_memory_equal(keyset[p].id, offset[p].id, offset[p].n * sizeof(int64_t));
			assert_non_null(strstr(b, counts[p]));
			cursor = link_cursor(b, "next", "after");
			assert_int_equal(cursor, p < 2 ? keyset[p].id[99] : 0);
			if (p > 0)
				assert_int_equal(link_cursor(b, "prev", "before"), keyset[p].id[0]);
			else
				assert_null(strstr(b, "rel=\"prev\""));
			strbuf_release(&rs.body);
		}
		/* Back by the Previous links from the last page. */
		cursor = keyset[2].id[0];
		for (int p = 1; p >= 0; p--) {
			snprintf(arg, sizeof(arg), "before=%lld", (long long)cursor);
			snprintf(pg, sizeof(pg), "page=%d", p + 1);
			assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err,
					      "survey=many", sorts[k][0], sorts[k][1], pg, arg, NULL), VS_OK);
			const char *b = body(&rs);
			page_ids(b, &again);
			assert_int_equal(again.n, 100);
			assert_memory_equal(again.id, offset[p].id, 100 * sizeof(int64_t));
			assert_non_null(strstr(b, counts[p]));
			assert_int_equal(link_cursor(b, "next", "after"), again.id[99]);
			cursor = link_cursor(b, "prev", "before");
			assert_int_equal(cursor, p ? again.id[0] : 0);
			strbuf_release(&rs.body);
		}
	}
	struct serve_resp rs;
	assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err, "after=1",
			      "before=2", NULL), VS_EBADVAL);
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err, "after=x", NULL),
			 VS_EBADVAL);
	strbuf_release(&rs.body);
}

/* The survey list the pages keep in the shared cache follows the store: a
 * survey another process adds is offered, and found, at the next request. */
static void survey_list_follows_the_store(void **state)
{
	(void)state;
	struct serve_resp rs;
	struct vs_error err = {0};
	assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	assert_null(strstr(body(&rs), "<option value=\"late\""));
	strbuf_release(&rs.body);
	struct store *other;
	struct survey_info si;
	assert_int_equal(store_open(db, STORE_OPEN_EXISTING, &other, &err), VS_OK);
	assert_int_equal(store_survey_get(other, "late", "1999", true, &si, &err), VS_OK);
	store_close(other);
	assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	assert_non_null(strstr(body(&rs), "<option value=\"late\">late (1999)</option>"));
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/register", false, SERVE_ANONYMOUS, &rs, &err, "survey=late", NULL),
			 VS_OK);
	assert_non_null(strstr(body(&rs), "Rows 0&#8211;0 of 0"));
	strbuf_release(&rs.body);
}

static void downloads(void **state)
{
	(void)state;
	struct serve_resp rs;
	struct vs_error err = {0};
	assert_int_equal(call("GET", "/downloads/assets.csv", false, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	assert_string_equal(rs.filename, "assets.csv");
	assert_true(strncmp(body(&rs), "Id,Type,Maker", 13) == 0);
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/downloads/assets.xlsx", false, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	assert_true(rs.body.len > 100 && memcmp(rs.body.buf, "PK", 2) == 0);
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/downloads/plan.html", true, SERVE_ANONYMOUS, &rs, &err,
			      "strategy=immediate", NULL), VS_OK);
	assert_non_null(strstr(body(&rs), "179.421,6"));
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/downloads/plan.xlsx", true, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	assert_true(rs.body.len > 100 && memcmp(rs.body.buf, "PK", 2) == 0);
	strbuf_release(&rs.body);
}

static void not_found(void **state)
{
	(void)state;
	struct serve_resp rs;
	struct vs_error err = {0};
	assert_int_equal(call("GET", "/assets/99999999", false, SERVE_ANONYMOUS, &rs, &err, NULL),
			 VS_ENOTFOUND);
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/", false, SERVE_ANONYMOUS, &rs, &err, "survey=nosuch", NULL),
			 VS_ENOTFOUND);
	strbuf_release(&rs.body);
}

/* An editor's status change through the device page's form shows on the
 * device page, in plan versus actual and on the overview; a bad one is
 * refused with the reason. */
static void editor_status_change_shows(void **state)
{
	(void)state;
	char path[48], page[48];
	snprintf(path, sizeof(path), "/assets/%lld/status", (long long)hik_asset);
	snprintf(page, sizeof(page), "/assets/%lld", (long long)hik_asset);
	struct serve_resp rs;
	struct vs_error err = {0};
	assert_int_equal(call("POST", path, true, SERVE_EDITOR, &rs, &err, "state=nonsense", NULL),
			 VS_EBADVAL);
	strbuf_release(&rs.body);
	assert_int_equal(call("POST", path, true, SERVE_EDITOR, &rs, &err, "state=replaced",
			      "date=2025-12-01", "cost=812,4", "note=<b>done</b>", NULL), VS_OK);
	assert_int_equal(rs.status, 303);
	assert_non_null(rs.location);
	assert_true(strncmp(rs.location, page, strlen(page)) == 0);
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", page, true, SERVE_VIEWER, &rs, &err, NULL), VS_OK);
	assert_non_null(strstr(body(&rs), "<td>2025-12-01</td><td>udskiftet</td><td class=\"n\">13</td>"
					  "<td class=\"n\">812,4</td><td>ann &lt;&amp;&gt;</td>"
					  "<td>&lt;b&gt;done&lt;/b&gt;</td>"));
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/progress", true, SERVE_VIEWER, &rs, &err, NULL), VS_OK);
	page_ok(&rs, true);
	assert_non_null(strstr(body(&rs), "id=\"actual-units\">13</span>"));
	assert_non_null(strstr(body(&rs), "id=\"actual-cost\">812,4</span>"));
	assert_null(strstr(body(&rs), "progress-none"));
	assert_non_null(strstr(body(&rs), "<svg"));
	strbuf_release(&rs.body);
	assert_int_equal(call("GET", "/", false, SERVE_VIEWER, &rs, &err, NULL), VS_OK);
	assert_non_null(strstr(body(&rs), "id=\"progress\">13</span>"));
	strbuf_release(&rs.body);
}

/* The overview's figures come from the cache all server threads share:
 * what one thread put there for this generation is what another answers
 * (no second computation). A planted fragment shows it is read. */
static void overview_from_the_shared_cache(void **state)
{
	(void)state;
	struct vs_error err = {0};
	struct survey_info si, prev;
	assert_int_equal(store_survey_get(st, "kk-2025", NULL, false, &si, &err), VS_OK);
	assert_int_equal(store_survey_get(st, "kk-2022", NULL, false, &prev, &err), VS_OK);
	char key[96];
	snprintf(key, sizeof(key), "overview %lld %lld da", (long long)si.id, (long long)prev.id);
	uint64_t gen = serve_cache_gen(cache, st, &seen_version);
	const char planted[] = "<p id=\"planted\">from another thread</p>\n";
	serve_cache_put(cache, key, gen, planted, sizeof(planted) - 1, NULL);
	struct serve_resp rs;
	assert_int_equal(call("GET", "/", true, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	assert_non_null(strstr(body(&rs), planted));
	strbuf_release(&rs.body);
	/* Another generation (a commit, a write): computed again. */
	serve_cache_bump(cache);
	assert_int_equal(call("GET", "/", true, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	assert_null(strstr(body(&rs), planted));
	assert_non_null(strstr(body(&rs), "id=\"chinese-units\">41.931</span>"));
	strbuf_release(&rs.body);
}

/* The overview kept in the shared cache follows the store: a commit by another
 * connection (another process importing) shows at the next request, and
 * so does a write through the page's own handle. Runs last: it adds units. */
static void overview_follows_the_store(void **state)
{
	(void)state;
	headline(true, "41.931", "179.421,6");
	headline(true, "41.931", "179.421,6"); /* from the kept copy */
	struct store *other;
	struct vs_error err = {0};
	struct survey_info si;
	assert_int_equal(store_open(db, STORE_OPEN_EXISTING, &other, &err), VS_OK);
	assert_int_equal(store_survey_get(other, "kk-2025", NULL, false, &si, &err), VS_OK);
	struct asset a;
	asset_init(&a);
	str_set(&a.type, "drone");
	str_set(&a.department, "TMF");
	a.count.value = a.count.low = a.count.high = 1;
	a.chinese = TRI_YES;
	assert_int_equal(store_asset_insert(other, si.id, 0, &a, &err), VS_OK);
	store_close(other);
	/* A drone is priced: the cost moves too (ØK59's drone line). */
	struct serve_resp rs;
	assert_int_equal(call("GET", "/", true, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	assert_non_null(strstr(body(&rs), "id=\"chinese-units\">41.932</span>"));
	assert_null(strstr(body(&rs), "id=\"cost\">179.421,6</span>"));
	strbuf_release(&rs.body);
	a.id = 0;
	assert_int_equal(store_asset_insert(st, si.id, 0, &a, &err), VS_OK);
	assert_int_equal(call("GET", "/", true, SERVE_ANONYMOUS, &rs, &err, NULL), VS_OK);
	assert_non_null(strstr(body(&rs), "id=\"chinese-units\">41.933</span>"));
	strbuf_release(&rs.body);
	asset_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(overview_danish),
		cmocka_unit_test(overview_english),
		cmocka_unit_test(overview_agrees_with_cli),
		cmocka_unit_test(every_page_both_languages),
		cmocka_unit_test(login_form),
		cmocka_unit_test(static_files),
		cmocka_unit_test(outside_strings_are_text),
		cmocka_unit_test(viewer_cannot_write),
		cmocka_unit_test(register_filters_sort_pages),
		cmocka_unit_test(search_agrees_with_api),
		cmocka_unit_test(downloads),
		cmocka_unit_test(not_found),
		cmocka_unit_test(editor_status_change_shows),
		cmocka_unit_test(overview_from_the_shared_cache),
		cmocka_unit_test(overview_follows_the_store),
		cmocka_unit_test(register_links_page_by_keyset),
		cmocka_unit_test(survey_list_follows_the_store),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
