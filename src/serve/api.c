/*
 * JSON API v1. Every object is the one the CLI prints with --format json
 * for the same query (the same report/ function writes both): the API
 * wraps the CLI's lines in an array under a name, beside the survey it
 * answers from and, for the asset listing, the paging. openapi.c describes
 * every route here (a unit test holds the two together); the e2e test
 * tests/e2e/serve_api.sh compares each endpoint with the CLI.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "identify/identify.h"
#include "report/asset_detail.h"
#include "report/assets.h"
#include "report/diff.h"
#include "report/exposure.h"
#include "report/groups.h"
#include "report/plan_run.h"
#include "report/rdoc.h"
#include "report/surveys.h"
#include "serve/api.h"
#include "serve/serve_int.h"
#include "store/query_groups.h"
#include "store/query_serve.h"
#include "store/store.h"
#include "track/track.h"
#include "util/limits.h"
#include "util/money.h"
#include "util/strbuf.h"

void api_lines_array(struct strbuf *out, const char *lines)
{
	strbuf_addch(out, '[');
	bool first = true;
	for (const char *p = lines; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n) {
			if (!first)
				strbuf_addch(out, ',');
			strbuf_add(out, p, n);
			first = false;
		}
		p += n + (nl ? 1 : 0);
	}
	strbuf_addch(out, ']');
}

/* A yes-only filter as the CLI's flag: absent, or "true" / "1". */
static enum vs_err flag_arg(const struct serve_req *rq, const char *name, bool *out,
			    struct vs_error *err)
{
	const char *v = rq->arg(rq, name);
	*out = false;
	if (!v)
		return VS_OK;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) {
		*out = true;
		return VS_OK;
	}
	return vs_fail(err, VS_EBADVAL, "%s= is true (or absent)", name);
}

static enum vs_err int_arg(const struct serve_req *rq, const char *name, long long lo,
			   long long hi, long long *out, struct vs_error *err)
{
	const char *v = rq->arg(rq, name);
	if (!v)
		return VS_OK;
	char *end;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	if (errno || end == v || *end || x < lo || x > hi)
		return vs_fail(err, VS_EBADVAL, "%s= is a whole number from %lld to %lld", name, lo, hi);
	*out = x;
	return VS_OK;
}

static enum vs_err kind_arg(const struct serve_req *rq, int *kind, struct vs_error *err)
{
	const char *v = rq->arg(rq, "kind");
	*kind = -1;
	if (!v)
		return VS_OK;
	if (strcmp(v, "hardware") == 0)
		*kind = ASSET_HARDWARE;
	else if (strcmp(v, "software") == 0)
		*kind = ASSET_SOFTWARE;
	else
		return vs_fail(err, VS_EBADVAL, "kind= is hardware or software");
	return VS_OK;
}

/* survey=NAME, else the default survey, as every CLI command. */
static enum vs_err survey_arg(const struct serve_req *rq, const char *name,
			      struct survey_info *si, struct vs_error *err)
{
	const char *v = rq->arg(rq, name);
	if (v)
		return store_survey_get(rq->ctx->store, v, NULL, false, si, err);
	return store_survey_latest(rq->ctx->store, si, err);
}

static void survey_json(struct strbuf *out, const struct survey_info *si)
{
	strbuf_addstr(out, "{\"name\":");
	strbuf_add_json_str(out, si->name);
	strbuf_add_json_member(out, "date", si->date[0] ? si->date : NULL);
	strbuf_addch(out, '}');
}

static enum vs_err json_done(struct serve_resp *rs, struct vs_error *err)
{
	rs->content_type = "application/json";
	strbuf_addch(&rs->body, '\n');
	return rs->body.failed ? vs_fail(err, VS_ENOMEM, "out of memory") : VS_OK;
}

/* GET /api/v1/surveys: `surveys --format json`. */
static enum vs_err get_surveys(const struct serve_req *rq, struct serve_resp *rs,
			       struct vs_error *err)
{
	struct strbuf lines = STRBUF_INIT;
	enum vs_err rc = report_surveys(rq->ctx->store, REPORT_JSON, &lines, err);
	rs->cacheable = true; /* a sum over every asset of every survey */
	if (!rc) {
		strbuf_addstr(&rs->body, "{\"surveys\":");
		api_lines_array(&rs->body, strbuf_str(&lines));
		strbuf_addch(&rs->body, '}');
		rc = json_done(rs, err);
	}
	strbuf_release(&lines);
	return rc;
}

struct page {
	const struct kb *kb;
	struct strbuf *out;
	size_t n;
	int64_t last_id;
};

static bool page_asset(const struct asset *a, void *ctx)
{
	struct page *p = ctx;
	if (p->n++)
		strbuf_addch(p->out, ',');
	size_t at = p->out->len;
	report_asset_json(p->kb, a, p->out);
	if (p->out->len > at && p->out->buf[p->out->len - 1] == '\n')
		p->out->buf[--p->out->len] = 0;
	p->last_id = a->id;
	return !p->out->failed;
}

static enum vs_err list_groups(const struct serve_req *rq, struct serve_resp *rs,
			       const struct asset_filter *f, const char *by, struct vs_error *err)
{
	enum group_field fields[GROUP_MAX_FIELDS];
	size_t n;
	char why[256];
	if (!group_fields_parse(by, fields, &n, why, sizeof(why)))
		return vs_fail(err, VS_EBADVAL, "by=: %s", why);
	struct group_result res;
	enum vs_err rc = store_assets_grouped(rq->ctx->store, f, fields, n, &res, err);
	if (rc)
		return rc;
	report_groups_sort(rq->ctx->kb, fields, n, &res);
	struct strbuf lines = STRBUF_INIT;
	report_groups_json(fields, n, &res, &lines);
	group_result_release(&res);
	strbuf_addstr(&rs->body, ",\"by\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(&rs->body, ',');
		strbuf_add_json_str(&rs->body, group_field_name(fields[i]));
	}
	strbuf_addstr(&rs->body, "],\"groups\":");
	api_lines_array(&rs->body, strbuf_str(&lines));
	strbuf_release(&lines);
	return VS_OK;
}

/* GET /api/v1/assets: `assets --format json` with the same filters; by=
 * as `assets --by F --format json`, exposed=true as `assets --exposed
 * --format json`. The listing is paged by a keyset cursor: the response's
 * paging.next goes into after= for the next page (null: the last page). */
static enum vs_err get_assets(const struct serve_req *rq, struct serve_resp *rs,
			      struct vs_error *err)
{
	struct store_asset_query q = {.f = {.kind = -1}};
	bool exposed;
	long long limit = VS_SERVE_DEFAULT_PAGE, after = 0;
	enum vs_err rc = kind_arg(rq, &q.f.kind, err);
	if (!rc)
		rc = flag_arg(rq, "chinese", &q.f.chinese_only, err);
	if (!rc)
		rc = flag_arg(rq, "critical", &q.critical_only, err);
	if (!rc)
		rc = flag_arg(rq, "exposed", &exposed, err);
	if (!rc)
		rc = int_arg(rq, "limit", 1, VS_SERVE_MAX_PAGE, &limit, err);
	if (!rc)
		rc = int_arg(rq, "after", 0, LLONG_MAX, &after, err);
	if (rc)
		return rc;
	q.search = rq->arg(rq, "q");
	const char *by = rq->arg(rq, "by");
	if (q.search && strlen(q.search) > VS_SERVE_MAX_QUERY)
		return vs_fail(err, VS_EBADVAL, "q= is at most %d bytes", VS_SERVE_MAX_QUERY);
	if ((q.critical_only || q.search) && (by || exposed))
		return vs_fail(err, VS_EBADVAL, "critical= and q= list assets; they take no by= "
						"or exposed=");
	if (exposed && (by || q.f.chinese_only || q.f.kind == ASSET_SOFTWARE))
		return vs_fail(err, VS_EBADVAL, "exposed= takes no by=, chinese= or kind=software");
	struct survey_info si;
	rc = survey_arg(rq, "survey", &si, err);
	if (rc)
		return rc;
	q.f.survey_id = si.id;
	strbuf_addstr(&rs->body, "{\"survey\":");
	survey_json(&rs->body, &si);
	/* Groups and exposure read the whole survey: kept until the store
	 * changes. A page of the listing reads its own rows only. */
	rs->cacheable = by || exposed;
	if (by) {
		rc = list_groups(rq, rs, &q.f, by, err);
	} else if (exposed) {
		struct strbuf lines = STRBUF_INIT;
		size_t n;
		rc = report_exposed(rq->ctx->store, rq->ctx->kb, rq->ctx->policy, si.id, true, &lines,
				    &n, err);
		strbuf_addstr(&rs->body, ",\"exposed\":");
		api_lines_array(&rs->body, strbuf_str(&lines));
		strbuf_release(&lines);
	} else {
		q.limit = (size_t)limit;
		q.after_id = after;
		struct page p = {rq->ctx->kb, &rs->body, 0, 0};
		bool more;
		strbuf_addstr(&rs->body, ",\"assets\":[");
		rc = store_assets_query(rq->ctx->store, &q, page_asset, &p, &more, err);
		strbuf_addf(&rs->body, "],\"paging\":{\"limit\":%lld,\"after\":%lld,\"next\":", limit,
			    after);
		if (more)
			strbuf_addf(&rs->body, "\"%lld\"}", (long long)p.last_id);
		else
			strbuf_addstr(&rs->body, "null}");
	}
	if (rc)
		return rc;
	strbuf_addch(&rs->body, '}');
	return json_done(rs, err);
}

static enum vs_err id_arg(const struct serve_req *rq, int64_t *id, struct vs_error *err)
{
	const char *v = rq->arg(rq, "id");
	char *end;
	errno = 0;
	long long x = v ? strtoll(v, &end, 10) : 0;
	if (!v || errno || *end || x <= 0)
		return vs_fail(err, VS_ENOTFOUND, "no such asset");
	*id = x;
	return VS_OK;
}

/* GET /api/v1/assets/{id}: `assets --id N --format json`. */
static enum vs_err get_asset(const struct serve_req *rq, struct serve_resp *rs,
			     struct vs_error *err)
{
	int64_t id;
	enum vs_err rc = id_arg(rq, &id, err);
	if (!rc)
		rc = report_asset_detail_json(rq->ctx->store, rq->ctx->kb, id, &rs->body, err);
	if (rc)
		return rc;
	rs->content_type = "application/json";
	return VS_OK;
}

/* GET /api/v1/diff?from=A&to=B: `diff A B --format json`. */
static enum vs_err get_diff(const struct serve_req *rq, struct serve_resp *rs,
			    struct vs_error *err)
{
	if (!rq->arg(rq, "from") || !rq->arg(rq, "to"))
		return vs_fail(err, VS_EBADVAL, "diff needs from= and to= (survey names)");
	struct diff_opts o = {.format = REPORT_JSON, .generated = rq->ctx->generated};
	struct survey_info a, b;
	enum vs_err rc = kind_arg(rq, &o.kind, err);
	if (!rc)
		rc = flag_arg(rq, "chinese", &o.chinese_only, err);
	if (!rc)
		rc = survey_arg(rq, "from", &a, err);
	if (!rc)
		rc = survey_arg(rq, "to", &b, err);
	if (rc)
		return rc;
	struct strbuf lines = STRBUF_INIT;
	rc = report_diff(rq->ctx->store, rq->ctx->kb, &a, &b, &o, &lines, err);
	rs->cacheable = true;
	if (!rc) {
		strbuf_addstr(&rs->body, "{\"from\":");
		survey_json(&rs->body, &a);
		strbuf_addstr(&rs->body, ",\"to\":");
		survey_json(&rs->body, &b);
		strbuf_addstr(&rs->body, ",\"rows\":");
		api_lines_array(&rs->body, strbuf_str(&lines));
		strbuf_addch(&rs->body, '}');
		rc = json_done(rs, err);
	}
	strbuf_release(&lines);
	return rc;
}

/* GET /api/v1/plan: `plan --strategy S --format json` (or --compare),
 * prices= naming a catalogue of the data directory, never a path. */
static enum vs_err get_plan(const struct serve_req *rq, struct serve_resp *rs,
			    struct vs_error *err)
{
	const char *strategy = rq->arg(rq, "strategy"), *compare = rq->arg(rq, "compare");
	const char *prices = rq->arg(rq, "prices"), *lang = rq->arg(rq, "lang");
	if (!strategy == !compare)
		return vs_fail(err, VS_EBADVAL, "plan needs strategy= or compare= (not both)");
	if (lang && strcmp(lang, "da") != 0 && strcmp(lang, "en") != 0)
		return vs_fail(err, VS_EBADVAL, "lang= is da or en");
	struct plan_strategy st[REPORT_PLAN_MAX_STRATEGIES];
	size_t n_st;
	enum vs_err rc = report_plan_strategies(compare ? compare : strategy, st, &n_st, err);
	if (rc)
		return rc; /* VS_EUSAGE: 400 */
	char path[4200];
	if (!report_plan_prices_path(prices ? prices : REPORT_PLAN_DEFAULT_PRICES, path, sizeof(path)))
		return vs_fail(err, VS_ENOTFOUND, "prices=: no catalogue of that name in the data "
						  "directory's prices/");
	long long from = 0;
	rc = int_arg(rq, "from", 1900, 2200, &from, err);
	if (rc)
		return rc;
	struct report_plan_opts o = {
		.strategies = st, .n_strategies = n_st, .compare = compare != NULL,
		.survey = rq->arg(rq, "survey"), .prices = path, .types = rq->arg(rq, "types"),
		.departments = rq->arg(rq, "departments"), .from = (int)from,
		.danish = lang && strcmp(lang, "da") == 0, .generated = rq->ctx->generated,
	};
	struct rdoc doc;
	rdoc_init(&doc, o.danish, NULL);
	rc = report_plan_doc(rq->ctx->store, &o, &doc, err);
	if (!rc) {
		rdoc_render_json(&doc, &rs->body);
		rs->content_type = "application/json";
		rs->cacheable = true; /* its "generated" is when it was computed */
	}
	rdoc_release(&doc);
	return rc;
}

/* GET /api/v1/check?q=MAKER MODEL[&date=]: `check "MAKER MODEL" --json`. */
static enum vs_err get_check(const struct serve_req *rq, struct serve_resp *rs,
			     struct vs_error *err)
{
	const char *text = rq->arg(rq, "q");
	if (!text || !*text)
		return vs_fail(err, VS_EBADVAL, "check needs q= (a product, e.g. \"Amcrest IP8M-2496E\")");
	if (strlen(text) > VS_SERVE_MAX_QUERY)
		return vs_fail(err, VS_EBADVAL, "q= is at most %d bytes", VS_SERVE_MAX_QUERY);
	struct asset a;
	asset_init(&a);
	enum vs_err rc = identify_purchase(rq->ctx->kb, rq->ctx->policy, text, rq->arg(rq, "date"),
					   &a, err);
	if (!rc) {
		report_asset_json(rq->ctx->kb, &a, &rs->body);
		rs->content_type = "application/json";
	}
	asset_release(&a);
	return rc;
}

/* GET /api/v1/assets/{id}/status: `status DB ID --format json`. */
static enum vs_err get_status(const struct serve_req *rq, struct serve_resp *rs,
			      struct vs_error *err)
{
	int64_t id;
	enum vs_err rc = id_arg(rq, &id, err);
	if (!rc)
		rc = track_history_json(rq->ctx->store, id, &rs->body, err);
	if (!rc)
		rc = json_done(rs, err);
	return rc;
}

/* The fields of a status change, from a JSON object or a form, as text. */
struct change_fields {
	json_t *root; /* owns the strings below when the body was JSON */
	const char *state, *date, *cost, *units, *note, *reason;
	char cost_buf[64], units_buf[32];
};

static enum vs_err json_field(json_t *root, const char *name, const char **out, char *buf,
			      size_t size, struct vs_error *err)
{
	json_t *v = json_object_get(root, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return VS_OK;
	if (json_is_string(v)) {
		*out = json_string_value(v);
	} else if (buf && json_is_integer(v)) {
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		*out = buf;
	} else if (buf && json_is_real(v) && fabs(json_real_value(v)) < 1e12) {
		/* 812.4 as a double is 812.39999…: as many decimals as money
		 * keeps give back the number a person typed. */
		snprintf(buf, size, "%.*f", MONEY_DECIMALS, json_real_value(v));
		*out = buf;
	} else {
		return vs_fail(err, VS_EBADVAL, "\"%s\" is %s", name,
			       buf ? "a number or a string" : "a string");
	}
	return VS_OK;
}

static enum vs_err change_fields_read(const struct serve_req *rq, struct change_fields *f,
				      struct vs_error *err)
{
	memset(f, 0, sizeof(*f));
	if (strncmp(rq->content_type, "application/json", 16) != 0) {
		f->state = rq->arg(rq, "state");
		f->date = rq->arg(rq, "date");
		f->cost = rq->arg(rq, "cost");
		f->units = rq->arg(rq, "units");
		f->note = rq->arg(rq, "note");
		f->reason = rq->arg(rq, "reason");
		return VS_OK;
	}
	json_error_t je;
	f->root = rq->body ? json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
	if (!json_is_object(f->root))
		return vs_fail(err, VS_EBADVAL, "the body is not a JSON object");
	static const char *const known[] = {"state", "date", "cost", "units", "note", "reason"};
	const char *key;
	json_t *v;
	json_object_foreach(f->root, key, v) {
		size_t i = 0;
		while (i < 6 && strcmp(key, known[i]) != 0)
			i++;
		if (i == 6)
			return vs_fail(err, VS_EBADVAL, "unknown member \"%.64s\" (state, date, cost, "
							"units, note, reason)", key);
	}
	enum vs_err rc = json_field(f->root, "state", &f->state, NULL, 0, err);
	if (!rc)
		rc = json_field(f->root, "date", &f->date, NULL, 0, err);
	if (!rc)
		rc = json_field(f->root, "cost", &f->cost, f->cost_buf, sizeof(f->cost_buf), err);
	if (!rc)
		rc = json_field(f->root, "units", &f->units, f->units_buf, sizeof(f->units_buf), err);
	if (!rc)
		rc = json_field(f->root, "note", &f->note, NULL, 0, err);
	if (!rc)
		rc = json_field(f->root, "reason", &f->reason, NULL, 0, err);
	return rc;
}

/* POST /api/v1/assets/{id}/status: `status DB ID --set STATE [--date D
 * --cost K --units N --note T --reason T]`, the user being whoever is
 * logged in (or the API token's name), never a field of the request.
 * A JSON object or a form; 201 with the history as GET returns it. */
static enum vs_err post_status(const struct serve_req *rq, struct serve_resp *rs,
			       struct vs_error *err)
{
	int64_t id = 0;
	struct change_fields f = {0};
	enum vs_err rc = id_arg(rq, &id, err);
	if (!rc)
		rc = change_fields_read(rq, &f, err);
	/* The one parser of a change given as text (track.h), as the CSV of
	 * changes and the page's form use it; the user is the caller. */
	struct track_fields tf = {.asset = rq->arg(rq, "id"), .state = f.state, .date = f.date,
				  .cost = f.cost, .units = f.units, .user = rq->user,
				  .note = f.note, .reason = f.reason};
	struct track_change c = TRACK_CHANGE_INIT;
	if (!rc && !f.state)
		rc = vs_fail(err, VS_EBADVAL, "state is in_service, ordered, replaced, "
					      "decommissioned or exempt");
	if (!rc)
		rc = track_change_from_fields(&tf, '.', &c, err);
	if (!rc)
		rc = track_set(rq->ctx->store, &c, rq->ctx->generated, NULL, err);
	if (!rc)
		rc = track_history_json(rq->ctx->store, id, &rs->body, err);
	if (!rc) {
		rs->status = 201;
		rc = json_done(rs, err);
	}
	json_decref(f.root);
	return rc;
}

const struct serve_route serve_api_routes[] = {
	{"GET", "/api/v1/surveys", SERVE_ANONYMOUS, get_surveys, false},
	{"GET", "/api/v1/assets", SERVE_ANONYMOUS, get_assets, false},
	{"GET", "/api/v1/assets/{id}", SERVE_ANONYMOUS, get_asset, false},
	{"GET", "/api/v1/assets/{id}/status", SERVE_ANONYMOUS, get_status, false},
	{"POST", "/api/v1/assets/{id}/status", SERVE_EDITOR, post_status, false},
	{"GET", "/api/v1/diff", SERVE_ANONYMOUS, get_diff, false},
	{"GET", "/api/v1/plan", SERVE_ANONYMOUS, get_plan, false},
	{"GET", "/api/v1/check", SERVE_ANONYMOUS, get_check, false},
	{"GET", "/api/v1/openapi.json", SERVE_ANONYMOUS, serve_openapi, false},
	{0},
};
