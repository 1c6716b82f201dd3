/*
 * The register (filter, search, sort, page: the CLI's `assets` filters as
 * parameters) and the device page (its facts, the evidence chain behind
 * the verdict, what captures observed and when, and its phase-out status
 * with the form editors change it by).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/assets.h"
#include "report/groups.h"
#include "report/rdoc.h"
#include "serve/cache.h"
#include "serve/pages_int.h"
#include "store/query_groups.h"
#include "store/query_observation.h"
#include "store/query_pages.h"
#include "track/track.h"
#include "util/limits.h"
#include "util/money.h"
#include "util/text.h"


/* A whole decimal number in [lo, hi], nothing else. */
static bool parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* ---- register ------------------------------------------------------------ */

/* Sort keys by the listing's column (report_assets_table_init): -1 not sortable. */
static const struct {
	const char *key;
	enum pages_sort sort;
} sort_keys[] = {
	{"id", PAGES_SORT_ID},	       {"type", PAGES_SORT_TYPE},
	{"maker", PAGES_SORT_MAKER},   {"vendor", PAGES_SORT_VENDOR},
	{"model", PAGES_SORT_MODEL},   {"country", PAGES_SORT_COUNTRY},
	{NULL, PAGES_SORT_ID},	       {NULL, PAGES_SORT_ID},
	{"department", PAGES_SORT_DEPARTMENT}, {"count", PAGES_SORT_COUNT},
	{NULL, PAGES_SORT_ID},
};
#define N_SORT_KEYS (sizeof(sort_keys) / sizeof(sort_keys[0]))

struct reg_args {
	const char *survey, *kind, *chinese, *critical, *q, *sort, *dir;
	int64_t page;
};

static enum tri tri_arg(const char *v)
{
	if (v && strcmp(v, "yes") == 0)
		return TRI_YES;
	if (v && strcmp(v, "no") == 0)
		return TRI_NO;
	return TRI_UNKNOWN;
}

/* An href to the register with the filters, one of them changed; cursor
 * "after" or "before" (NULL: none) with the id of the row it starts from. */
static void reg_href(const struct serve_req *rq, struct strbuf *o, const struct reg_args *a,
		     const char *sort, const char *dir, int64_t page, const char *cursor, int64_t id)
{
	char pg[24], cur[24];
	snprintf(pg, sizeof(pg), "%" PRId64, page);
	snprintf(cur, sizeof(cur), "%" PRId64, id);
	page_href(o, rq, "/register", "survey", a->survey, "kind", a->kind, "chinese", a->chinese,
		  "critical", a->critical, "q", a->q, "sort", sort, "dir", dir,
		  cursor ? cursor : "after", cursor ? cur : NULL, "page", page > 1 ? pg : NULL, NULL);
}

static void option(struct strbuf *o, const char *value, const char *label, const char *current)
{
	strbuf_addf(o, "<option value=\"%s\"%s>%s</option>", value,
		    current && strcmp(current, value) == 0 ? " selected" : "", label);
}

static void tri_select(const struct serve_req *rq, struct strbuf *o, const char *name,
		       const char *label, const char *current)
{
	strbuf_addf(o, "<label>%s <select name=\"%s\">", label, name);
	option(o, "", T(rq, "any", "alle"), current ? current : "");
	option(o, "yes", T(rq, "yes", "ja"), current);
	option(o, "no", T(rq, "no", "nej"), current);
	strbuf_addstr(o, "</select></label> ");
}

static void reg_form(const struct serve_req *rq, struct strbuf *o, const struct reg_args *a,
		     const struct survey_info *si)
{
	strbuf_addstr(o, "<form method=\"get\" action=\"/register\" class=\"filters\" role=\"search\">");
	strbuf_addf(o, "<input type=\"hidden\" name=\"lang\" value=\"%s\">", rq->danish ? "da" : "en");
	strbuf_addstr(o, "<input type=\"hidden\" name=\"survey\" value=\"");
	text_add_html(o, si->name);
	strbuf_addf(o, "\"><label>%s <input type=\"search\" name=\"q\" value=\"", T(rq, "Search", "Søg"));
	text_add_html(o, a->q);
	strbuf_addf(o, "\"></label> <label>%s <select name=\"kind\">", T(rq, "Kind", "Art"));
	option(o, "", T(rq, "any", "alle"), a->kind ? a->kind : "");
	option(o, "hardware", "hardware", a->kind);
	option(o, "software", "software", a->kind);
	strbuf_addstr(o, "</select></label> ");
	tri_select(rq, o, "chinese", T(rq, "Chinese", "Kinesisk"), a->chinese);
	tri_select(rq, o, "critical", T(rq, "Critical", "Kritisk"), a->critical);
	strbuf_addf(o, "<button type=\"submit\">%s</button></form>\n", T(rq, "Filter", "Filtrér"));
}

struct reg_rows {
	const struct serve_req *rq;
	struct table t;
	int64_t first_id, last_id; /* the page's first and last rows: the links' cursors */
};

static bool reg_row(const struct asset *a, void *vctx)
{
	struct reg_rows *r = vctx;
	if (!r->t.n_rows)
		r->first_id = a->id;
	r->last_id = a->id;
	report_assets_table_add(r->rq->ctx->kb, &r->t, a, r->rq->danish, NULL);
	return !r->t.failed;
}

/* The register grouped (?by=type,department): the CLI's `assets --by`. */
static enum vs_err reg_grouped(const struct serve_req *rq, struct strbuf *o,
			       const struct survey_info *si, const struct reg_args *a,
			       const char *by, struct vs_error *err)
{
	enum group_field fields[GROUP_MAX_FIELDS];
	size_t n;
	char why[256];
	if (!group_fields_parse(by, fields, &n, why, sizeof(why)))
		return vs_fail(err, VS_EBADVAL, "by: %s", why);
	struct asset_filter f = {.survey_id = si->id, .kind = -1,
				 .chinese_only = tri_arg(a->chinese) == TRI_YES};
	if (a->kind)
		f.kind = strcmp(a->kind, "software") == 0 ? ASSET_SOFTWARE : ASSET_HARDWARE;
	struct group_result res;
	enum vs_err rc = store_assets_grouped(rq->ctx->store, &f, fields, n, &res, err);
	if (rc)
		return rc;
	report_groups_sort(rq->ctx->kb, fields, n, &res);
	struct rdoc d;
	rdoc_init(&d, rq->danish, NULL);
	report_groups_rdoc(rq->ctx->kb, fields, n, &res, &d);
	if (d.failed)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	else
		rdoc_render_tables_html(&d, o); /* the page has its heading */
	rdoc_release(&d);
	group_result_release(&res);
	return rc;
}

enum vs_err pages_register(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	struct survey_info si;
	enum vs_err rc = page_survey(rq, &si, err);
	if (rc)
		return rc;
	struct reg_args a = {
		.survey = si.name,
		.kind = page_arg(rq, "kind"),
		.chinese = page_arg(rq, "chinese"),
		.critical = page_arg(rq, "critical"),
		.q = page_arg(rq, "q"),
		.sort = page_arg(rq, "sort"),
		.dir = page_arg(rq, "dir"),
		.page = 1,
	};
	if (a.kind && strcmp(a.kind, "hardware") != 0 && strcmp(a.kind, "software") != 0)
		return vs_fail(err, VS_EBADVAL, "kind is hardware or software");
	if ((a.chinese && tri_arg(a.chinese) == TRI_UNKNOWN) ||
	    (a.critical && tri_arg(a.critical) == TRI_UNKNOWN))
		return vs_fail(err, VS_EBADVAL, "chinese and critical are yes or no");
	if (a.q && strlen(a.q) > VS_SERVE_MAX_QUERY)
		return vs_fail(err, VS_EBADVAL, "the search is longer than %d bytes", VS_SERVE_MAX_QUERY);
	if (a.dir && strcmp(a.dir, "asc") != 0 && strcmp(a.dir, "desc") != 0)
		return vs_fail(err, VS_EBADVAL, "dir is asc or desc");
	const char *pg = page_arg(rq, "page");
	if (pg && !parse_i64(pg, 1, INT64_MAX / VS_PAGES_PAGE_SIZE, &a.page))
		return vs_fail(err, VS_EBADVAL, "page is a number from 1");
	/* The links page by keyset (after= / before= the id of the row the
	 * page starts from; page= then only numbers the rows): a page costs
	 * the same however deep, where an OFFSET read and joined every row it
	 * skipped. page= alone still pages by OFFSET, for a typed URL. */
	int64_t after = 0, before = 0;
	const char *af = page_arg(rq, "after"), *bf = page_arg(rq, "before");
	if ((af && !parse_i64(af, 1, INT64_MAX, &after)) || (bf && !parse_i64(bf, 1, INT64_MAX, &before)))
		return vs_fail(err, VS_EBADVAL, "after and before are asset ids");
	if (af && bf)
		return vs_fail(err, VS_EBADVAL, "after or before, not both");
	struct pages_query q = {
		.survey_id = si.id,
		.kind = a.kind ? (strcmp(a.kind, "software") == 0 ? ASSET_SOFTWARE : ASSET_HARDWARE) : -1,
		.chinese = tri_arg(a.chinese),
		.critical = tri_arg(a.critical),
		.search = a.q,
		.sort = PAGES_SORT_ID,
		.desc = a.dir && strcmp(a.dir, "desc") == 0,
		.offset = after || before ? 0 : (a.page - 1) * VS_PAGES_PAGE_SIZE,
		.after_id = after,
		.before_id = before,
		.limit = VS_PAGES_PAGE_SIZE,
		.count_cap = VS_PAGES_COUNT_CAP,
	};
	if (a.sort) {
		size_t k = 0;
		while (k < N_SORT_KEYS && !(sort_keys[k].key && strcmp(sort_keys[k].key, a.sort) == 0))
			k++;
		if (k == N_SORT_KEYS)
			return vs_fail(err, VS_EBADVAL, "cannot sort by that");
		q.sort = sort_keys[k].sort;
	}

	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "Register", "Register"), "register");
	strbuf_addstr(o, "<h1>");
	strbuf_addstr(o, T(rq, "Register of survey ", "Register for kortlægning "));
	text_add_html(o, si.name);
	strbuf_addstr(o, "</h1>\n");
	page_meta(rq, o, &si, NULL);
	if ((rc = page_survey_form(rq, o, "/register", &si, err)))
		return rc;
	reg_form(rq, o, &a, &si);
	const char *by = page_arg(rq, "by");
	if (by) {
		rc = reg_grouped(rq, o, &si, &a, by, err);
		if (!rc)
			page_end(rq, rs);
		return rc;
	}

	struct reg_rows rows = {.rq = rq};
	report_assets_table_init(&rows.t, rq->danish, false);
	struct pages_result res;
	/* The count of matching rows (up to the cap) is most of a page's
	 * time and the same on every page of the filter: kept in the shared
	 * cache per filter and store generation. */
	struct strbuf ckey = STRBUF_INIT, cval = STRBUF_INIT;
	strbuf_addf(&ckey, "register-count %lld %d %d %d ", (long long)q.survey_id, q.kind,
		    (int)q.chinese, (int)q.critical);
	strbuf_addstr(&ckey, q.search ? q.search : "");
	struct serve_cache *cache = rq->ctx->cache;
	if (cache && !ckey.failed && serve_cache_get(cache, strbuf_str(&ckey), rq->ctx->gen, &cval, NULL)) {
		char *end;
		errno = 0;
		long long n = strtoll(strbuf_str(&cval), &end, 10);
		q.count_known = !errno && !*end && n >= 0;
		q.known_total = n;
	}
	rc = store_pages_assets(rq->ctx->store, &q, reg_row, &rows, &res, err);
	int64_t total = res.total;
	if (!rc && cache && !q.count_known && !ckey.failed) {
		char num[24];
		int len = snprintf(num, sizeof(num), "%lld", (long long)total);
		serve_cache_put(cache, strbuf_str(&ckey), rq->ctx->gen, num, (size_t)len, NULL);
	}
	strbuf_release(&ckey);
	strbuf_release(&cval);
	if (!rc && rows.t.failed)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	if (rc) {
		table_release(&rows.t);
		return rc;
	}
	int64_t shown = (int64_t)rows.t.n_rows;
	/* A cursor's page is numbered from the page= its link carried; read
	 * back to the start (nothing more before it), it is the first. */
	bool back = before && !res.cursor_lost;
	if (res.cursor_lost || (back && !res.more))
		a.page = 1;
	else if (back && a.page < 2)
		a.page = 2;
	int64_t start = (a.page - 1) * VS_PAGES_PAGE_SIZE;
	int64_t first = shown ? start + 1 : 0, last = shown ? start + shown : 0;
	strbuf_addf(o, "<p class=\"count\" id=\"row-count\">%s ", T(rq, "Rows", "Rækker"));
	page_int(rq, o, first);
	strbuf_addstr(o, "&#8211;");
	page_int(rq, o, last);
	if (total > VS_PAGES_COUNT_CAP) {
		strbuf_addf(o, " %s ", T(rq, "of more than", "af mere end"));
		page_int(rq, o, VS_PAGES_COUNT_CAP);
	} else {
		strbuf_addf(o, " %s ", T(rq, "of", "af"));
		page_int(rq, o, total);
	}
	strbuf_addstr(o, "</p>\n<div class=\"t\"><table id=\"register\"><thead><tr>");
	const char *cur_key = a.sort ? a.sort : "id";
	bool desc = q.desc;
	for (size_t c = 0; c < rows.t.n_cols; c++) {
		const char *key = c < N_SORT_KEYS ? sort_keys[c].key : NULL;
		strbuf_addstr(o, rows.t.right[c] ? "<th class=\"n\"" : "<th");
		if (key && strcmp(key, cur_key) == 0)
			strbuf_addstr(o, desc ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"");
		strbuf_addch(o, '>');
		if (key) {
			/* A click on the sorted column turns its direction. */
			bool next_desc = strcmp(key, cur_key) == 0 && !desc;
			strbuf_addstr(o, "<a href=\"");
			reg_href(rq, o, &a, key, next_desc ? "desc" : NULL, 1, NULL, 0);
			strbuf_addstr(o, "\">");
			text_add_html(o, rows.t.header[c]);
			strbuf_addstr(o, "</a>");
		} else {
			text_add_html(o, rows.t.header[c]);
		}
		strbuf_addstr(o, "</th>");
	}
	strbuf_addstr(o, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < rows.t.n_rows; r++) {
		char *const *cells = &rows.t.cells[r * rows.t.n_cols];
		strbuf_addstr(o, "<tr>");
		for (size_t c = 0; c < rows.t.n_cols; c++) {
			strbuf_addstr(o, rows.t.right[c] ? "<td class=\"n\">" : "<td>");
			if (c == 0) {
				strbuf_addstr(o, "<a href=\"");
				struct strbuf path = STRBUF_INIT;
				strbuf_addf(&path, "/assets/%s", cells[0] ? cells[0] : "0");
				page_href(o, rq, strbuf_str(&path), NULL);
				strbuf_release(&path);
				strbuf_addstr(o, "\">");
				text_add_html(o, cells[c]);
				strbuf_addstr(o, "</a>");
			} else {
				text_add_html(o, cells[c]);
			}
			strbuf_addstr(o, "</td>");
		}
		strbuf_addstr(o, "</tr>\n");
	}
	strbuf_addstr(o, "</tbody></table></div>\n<nav class=\"pages\">");
	/* Read forwards, res.more says whether a next page exists; read
	 * back from a cursor, it says whether a previous one does, and the
	 * cursor's row follows the page. */
	if (back ? res.more : (a.page > 1 || (after && !res.cursor_lost))) {
		strbuf_addstr(o, "<a rel=\"prev\" href=\"");
		if (shown)
			reg_href(rq, o, &a, a.sort, a.dir, a.page - 1, "before", rows.first_id);
		else /* past the end: the page before by number */
			reg_href(rq, o, &a, a.sort, a.dir, a.page - 1, NULL, 0);
		strbuf_addf(o, "\">%s</a> ", T(rq, "&#8592; Previous", "&#8592; Forrige"));
	}
	if (shown && (back || res.more)) {
		strbuf_addstr(o, "<a rel=\"next\" href=\"");
		reg_href(rq, o, &a, a.sort, a.dir, a.page + 1, "after", rows.last_id);
		strbuf_addf(o, "\">%s</a>", T(rq, "Next &#8594;", "Næste &#8594;"));
	}
	strbuf_addstr(o, "</nav>\n");
	table_release(&rows.t);
	page_end(rq, rs);
	return VS_OK;
}

/* ---- device page ----------------------------------------------------------- */

static void fact(struct strbuf *o, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	strbuf_addstr(o, "<dt>");
	text_add_html(o, label);
	strbuf_addstr(o, "</dt><dd>");
	text_add_html(o, value);
	strbuf_addstr(o, "</dd>\n");
}

struct obs_ctx {
	struct strbuf *o;
	size_t n;
};

static void obs_row(const struct observation_row *r, void *vctx)
{
	struct obs_ctx *c = vctx;
	struct strbuf *o = c->o;
	c->n++;
	strbuf_addstr(o, "<tr><td>");
	text_add_html(o, r->method);
	strbuf_addstr(o, "</td><td>");
	text_add_html(o, r->field);
	strbuf_addstr(o, "</td><td>");
	text_add_html(o, r->value);
	strbuf_addf(o, "</td><td class=\"n\">%.2f</td><td>", r->confidence);
	text_add_html(o, r->first_seen);
	strbuf_addstr(o, "</td><td>");
	text_add_html(o, r->last_seen);
	strbuf_addstr(o, "</td></tr>\n");
}

static enum vs_err asset_observations(const struct serve_req *rq, struct strbuf *o, int64_t id,
				      struct vs_error *err)
{
	struct strbuf rows = STRBUF_INIT;
	struct obs_ctx c = {&rows, 0};
	struct seen_info seen;
	enum vs_err rc = store_observations_of(rq->ctx->store, id, &seen, obs_row, &c, err);
	if (!rc) {
		strbuf_addf(o, "<h2>%s</h2>\n", T(rq, "Observations", "Observationer"));
		if (seen.known) {
			strbuf_addf(o, "<p id=\"seen\">%s <time>", T(rq, "On the network from", "På nettet fra"));
			text_add_html(o, seen.first_seen);
			strbuf_addf(o, "</time> %s <time>", T(rq, "to", "til"));
			text_add_html(o, seen.last_seen);
			strbuf_addf(o, "</time> (%" PRIu64 " %s)</p>\n", seen.packets, T(rq, "packets", "pakker"));
		}
		if (c.n)
			strbuf_addf(o, "<div class=\"t\"><table class=\"sortable\" id=\"observations\"><thead><tr>"
				       "<th>%s</th><th>%s</th><th>%s</th><th class=\"n\">%s</th><th>%s</th>"
				       "<th>%s</th></tr></thead>\n<tbody>\n%s</tbody></table></div>\n",
				    T(rq, "Method", "Metode"), T(rq, "Field", "Felt"), T(rq, "Value", "Værdi"),
				    T(rq, "Confidence", "Sikkerhed"), T(rq, "First seen", "Først set"),
				    T(rq, "Last seen", "Sidst set"), strbuf_str(&rows));
		else
			strbuf_addf(o, "<p>%s</p>\n",
				    T(rq, "No capture or scan observed this asset; its facts come from the "
					  "source named above.",
				      "Ingen opsamling eller skanning har set dette aktiv; oplysningerne "
				      "kommer fra kilden ovenfor."));
	}
	strbuf_release(&rows);
	return rc;
}

static const char *const state_names[] = {"in_service", "ordered", "replaced", "decommissioned",
					  "exempt"};
static const char *const state_en[] = {"in service", "replacement ordered", "replaced",
				       "decommissioned", "exempt"};
static const char *const state_da[] = {"i drift", "udskiftning bestilt", "udskiftet",
				       "udfaset", "undtaget"};

static void status_form(const struct serve_req *rq, struct strbuf *o, int64_t id)
{
	char today[11];
	page_today(rq, today);
	/* The language in the action: the server reads lang from the query. */
	strbuf_addf(o, "<form method=\"post\" action=\"/assets/%" PRId64 "/status?lang=%s\" "
		       "class=\"status\" id=\"status-form\">\n<input type=\"hidden\" name=\"csrf\" "
		       "value=\"", id, rq->danish ? "da" : "en");
	text_add_html(o, rq->csrf);
	strbuf_addf(o, "\">\n<label>%s <select name=\"state\">", T(rq, "New status", "Ny status"));
	for (size_t i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++)
		strbuf_addf(o, "<option value=\"%s\">%s</option>", state_names[i],
			    rq->danish ? state_da[i] : state_en[i]);
	strbuf_addf(o, "</select></label>\n<label>%s <input type=\"date\" name=\"date\" value=\"%s\"></label>\n"
		       "<label>%s <input name=\"units\" inputmode=\"numeric\" size=\"6\"></label>\n"
		       "<label>%s <input name=\"cost\" inputmode=\"decimal\" size=\"10\"></label>\n"
		       "<label>%s <input name=\"reason\" size=\"30\"></label>\n"
		       "<label>%s <input name=\"note\" size=\"40\"></label>\n"
		       "<button type=\"submit\">%s</button>\n</form>\n",
		    T(rq, "Date", "Dato"), today,
		    T(rq, "Units (empty: all)", "Enheder (tom: alle)"),
		    T(rq, "Actual cost (thousand DKK)", "Faktisk udgift (t.kr.)"),
		    T(rq, "Reason (exempt)", "Begrundelse (undtaget)"), T(rq, "Note", "Note"),
		    T(rq, "Record", "Registrér"));
}

static const char *state_word(const struct serve_req *rq, enum track_state s)
{
	return (unsigned)s < TRACK_N_STATES ? T(rq, state_en[s], state_da[s]) : "?";
}

static enum vs_err asset_status(const struct serve_req *rq, struct strbuf *o, int64_t id,
				struct vs_error *err)
{
	struct track_history h = {0};
	enum vs_err rc = track_history_get(rq->ctx->store, id, &h, err);
	if (rc)
		return rc;
	strbuf_addf(o, "<ul class=\"states\" id=\"units-by-state\">");
	for (int s = 0; s < TRACK_N_STATES; s++) {
		if (!h.units[s])
			continue;
		strbuf_addstr(o, "<li>");
		text_add_html(o, state_word(rq, (enum track_state)s));
		strbuf_addstr(o, ": ");
		page_int(rq, o, h.units[s]);
		strbuf_addstr(o, "</li>");
	}
	strbuf_addstr(o, "</ul>\n");
	if (h.n) {
		strbuf_addf(o, "<div class=\"t\"><table id=\"status-history\"><thead><tr><th>%s</th><th>%s</th>"
			       "<th class=\"n\">%s</th><th class=\"n\">%s</th><th>%s</th><th>%s</th>"
			       "</tr></thead>\n<tbody>\n",
			    T(rq, "Date", "Dato"), T(rq, "Status", "Status"), T(rq, "Units", "Enheder"),
			    T(rq, "Cost (thousand DKK)", "Udgift (t.kr.)"), T(rq, "By", "Af"),
			    T(rq, "Note", "Note"));
		for (size_t i = 0; i < h.n; i++) {
			const struct track_entry *e = &h.e[i];
			strbuf_addstr(o, "<tr><td>");
			text_add_html(o, e->date);
			strbuf_addstr(o, "</td><td>");
			text_add_html(o, state_word(rq, e->state));
			strbuf_addstr(o, "</td><td class=\"n\">");
			page_int(rq, o, e->units);
			strbuf_addstr(o, "</td><td class=\"n\">");
			if (e->cost >= 0)
				page_kdkk(rq, o, e->cost);
			strbuf_addstr(o, "</td><td>");
			text_add_html(o, e->user);
			strbuf_addstr(o, "</td><td>");
			text_add_html(o, e->reason);
			if (e->reason && e->note)
				strbuf_addstr(o, "; ");
			text_add_html(o, e->note);
			strbuf_addstr(o, "</td></tr>\n");
		}
		strbuf_addstr(o, "</tbody></table></div>\n");
	}
	track_history_release(&h);
	return VS_OK;
}

enum vs_err pages_asset(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	int64_t id;
	if (!parse_i64(page_arg(rq, "id"), 1, INT64_MAX, &id))
		return vs_fail(err, VS_ENOTFOUND, "no such asset");
	struct asset a;
	struct asset_origin origin;
	asset_init(&a);
	struct survey_info si;
	enum vs_err rc = store_asset_get(rq->ctx->store, id, &a, &origin, err);
	if (!rc)
		rc = store_pages_evidence(rq->ctx->store, id, &a, err);
	struct survey_info *list = NULL;
	size_t n = 0;
	if (!rc)
		rc = page_surveys(rq, &list, &n, err);
	if (!rc) {
		size_t i = 0;
		while (i < n && list[i].id != origin.survey_id)
			i++;
		if (i < n)
			si = list[i];
		else
			rc = vs_fail(err, VS_ENOTFOUND, "no such survey");
	}
	free(list);
	if (rc) {
		asset_release(&a);
		return rc;
	}
	struct strbuf *o = &rs->body, title = STRBUF_INIT, num = STRBUF_INIT;
	const struct kb *kb = rq->ctx->kb;
	const char *type = a.type ? report_type_label(kb, a.type, rq->danish) : a.type_raw;
	strbuf_addf(&title, "%s #%" PRId64, type ? type : T(rq, "Asset", "Aktiv"), id);
	page_begin(rq, rs, strbuf_str(&title), "register");
	strbuf_addstr(o, "<h1>");
	text_add_html(o, strbuf_str(&title));
	if (a.maker || a.vendor_name) {
		strbuf_addstr(o, ": ");
		text_add_html(o, a.vendor_name ? a.vendor_name : a.maker);
	}
	strbuf_addstr(o, "</h1>\n");
	page_meta(rq, o, &si, NULL);

	bool danish = rq->danish;
	strbuf_addf(o, "<h2>%s</h2>\n<dl class=\"facts\" id=\"facts\">\n", T(rq, "Facts", "Oplysninger"));
	fact(o, T(rq, "Kind", "Art"), a.kind == ASSET_SOFTWARE ? "software" : "hardware");
	fact(o, T(rq, "Type", "Type"), type);
	fact(o, T(rq, "Maker (as the source wrote it)", "Fabrikat (som kilden skrev det)"), a.maker);
	fact(o, T(rq, "Vendor", "Producent"), a.vendor_name);
	fact(o, T(rq, "Country", "Land"), a.country);
	fact(o, T(rq, "Chinese", "Kinesisk"), report_tri_word(a.chinese, danish));
	fact(o, T(rq, "Critical installation", "Kritisk installation"), report_tri_word(a.critical, danish));
	fact(o, T(rq, "Brand", "Mærke"), a.brand);
	fact(o, T(rq, "Model", "Model"), a.model);
	fact(o, T(rq, "Firmware", "Firmware"), a.firmware);
	fact(o, T(rq, "Serial number", "Serienummer"), a.serial);
	fact(o, "MAC", a.mac);
	fact(o, "IP", a.ip);
	fact(o, T(rq, "Host name", "Værtsnavn"), a.hostname);
	fact(o, T(rq, "Product", "Produkt"), a.product);
	fact(o, T(rq, "Publisher", "Udgiver"), a.publisher);
	fact(o, T(rq, "Version", "Version"), a.version);
	fact(o, T(rq, "Department", "Forvaltning"), a.department);
	fact(o, T(rq, "Site", "Lokation"), a.site);
	fact(o, T(rq, "Network zone", "Netzone"), a.zone);
	fact(o, T(rq, "Acquired", "Anskaffet"), a.acquired);
	if (a.count.estimated)
		report_count_range(&num, a.count.value, a.count.low, a.count.high, danish);
	else
		page_int(rq, &num, a.count.value);
	fact(o, T(rq, "Count", "Antal"), strbuf_str(&num));
	strbuf_reset(&num);
	strbuf_addf(&num, "%.2f", a.confidence);
	fact(o, T(rq, "Confidence", "Sikkerhed"), strbuf_str(&num));
	fact(o, T(rq, "Source", "Kilde"), a.source_line);
	strbuf_addstr(o, "</dl>\n");

	strbuf_addf(o, "<h2>%s</h2>\n<ol class=\"evidence\" id=\"evidence\">\n",
		    T(rq, "Evidence chain", "Beviskæde"));
	for (size_t i = 0; i < a.n_evidence; i++) {
		strbuf_reset(&num);
		report_evidence_line(&a.evidence[i], &num);
		strbuf_addstr(o, "<li>");
		text_add_html(o, strbuf_str(&num));
		strbuf_addstr(o, "</li>\n");
	}
	strbuf_addstr(o, "</ol>\n");
	rc = asset_observations(rq, o, id, err);

	if (!rc && a.kind == ASSET_HARDWARE) {
		strbuf_addf(o, "<h2>%s</h2>\n", T(rq, "Phase-out status", "Udfasningsstatus"));
		rc = asset_status(rq, o, id, err);
		if (!rc && rq->role >= SERVE_EDITOR)
			status_form(rq, o, id);
	}
	if (!rc)
		page_end(rq, rs);
	strbuf_release(&num);
	strbuf_release(&title);
	asset_release(&a);
	return rc;
}

/* The status form's POST: the change goes through track/ as the API's and
 * the CLI's do, then back to the device page (303, so a reload does not
 * post again). */
enum vs_err pages_status_post(const struct serve_req *rq, struct serve_resp *rs,
			      struct vs_error *err)
{
	int64_t id;
	if (!parse_i64(page_arg(rq, "id"), 1, INT64_MAX, &id))
		return vs_fail(err, VS_ENOTFOUND, "no such asset");
	if (rq->role < SERVE_EDITOR)
		return vs_fail(err, VS_EPERM, "changing a status needs the editor role");
	struct track_change c = TRACK_CHANGE_INIT;
	c.asset_id = id;
	const char *state = page_arg(rq, "state");
	if (!state || !track_state_parse(state, &c.state))
		return vs_fail(err, VS_EBADVAL, "state is one of in_service, ordered, replaced, "
						"decommissioned, exempt");
	c.date = page_arg(rq, "date");
	const char *cost = page_arg(rq, "cost");
	if (cost && !money_parse_kdkk(cost, strlen(cost), strchr(cost, ',') ? ',' : '.', &c.cost))
		return vs_fail(err, VS_EBADVAL, "cost is thousand DKK, e.g. 812.4");
	const char *units = page_arg(rq, "units");
	if (units && !parse_i64(units, 1, VS_MAX_COUNT, &c.units))
		return vs_fail(err, VS_EBADVAL, "units is a whole number from 1");
	c.user = rq->user;
	c.note = page_arg(rq, "note");
	c.reason = page_arg(rq, "reason");
	enum vs_err rc = track_set(rq->ctx->store, &c, rq->ctx->generated, NULL, err);
	if (rc)
		return rc;
	/* The server sends the response from this thread right after the
	 * handler returns, before this thread runs another. */
	static _Thread_local char location[64];
	snprintf(location, sizeof(location), "/assets/%" PRId64 "?lang=%s", id,
		 rq->danish ? "da" : "en");
	rs->status = 303;
	rs->location = location;
	rs->content_type = PAGES_HTML;
	strbuf_addstr(&rs->body, "<!DOCTYPE html>\n<title>303</title><a href=\"");
	text_add_html(&rs->body, location);
	strbuf_addstr(&rs->body, "\">&#8594;</a>\n");
	return VS_OK;
}
