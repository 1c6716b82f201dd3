/*
 * The report pages: survey diff, exposure, the phase-out plan with its
 * burn-down, progress, and the downloads. Each is the CLI's report built
 * by the same report/ function (report_diff, report_exposed,
 * plan_report_build, the asset listing), shown in the page's layout or
 * sent as the file the CLI would write.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan/plan.h"
#include "plan/prices.h"
#include "report/assets.h"
#include "report/diff.h"
#include "report/exposure.h"
#include "report/plan_actual.h"
#include "report/plan_doc.h"
#include "report/plan_report.h"
#include "report/plan_run.h"
#include "report/rdoc.h"
#include "serve/pages_int.h"
#include "store/query_pages.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/text.h"

/* A text report in the page: the CLI's words and alignment, escaped. */
static void pre(struct strbuf *o, const struct strbuf *text)
{
	strbuf_addstr(o, "<pre class=\"report\">");
	text_add_html(o, strbuf_str(text));
	strbuf_addstr(o, "</pre>\n");
}

/* ---- diff ------------------------------------------------------------------ */

enum vs_err pages_diff(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	struct store *st = rq->ctx->store;
	struct survey_info *list;
	size_t n;
	enum vs_err rc = store_pages_surveys(st, &list, &n, err);
	if (rc)
		return rc;
	/* Default: the newest survey against the one before it. */
	const char *from = page_arg(rq, "from"), *to = page_arg(rq, "to");
	struct survey_info a = {0}, b = {0};
	if (to)
		rc = store_survey_get(st, to, NULL, false, &b, err);
	else if (n)
		b = list[0];
	for (size_t i = 0; !rc && !from && i + 1 < n; i++)
		if (list[i].id == b.id)
			a = list[i + 1];
	if (!rc && from)
		rc = store_survey_get(st, from, NULL, false, &a, err);
	bool chinese = page_arg(rq, "chinese") != NULL;
	struct strbuf *o = &rs->body;
	if (!rc) {
		page_begin(rq, rs, T(rq, "Changes between surveys", "Ændringer mellem kortlægninger"), "diff");
		strbuf_addf(o, "<h1>%s</h1>\n", T(rq, "Changes between surveys", "Ændringer mellem kortlægninger"));
		strbuf_addf(o, "<form method=\"get\" action=\"/diff\" class=\"filters\">"
			       "<input type=\"hidden\" name=\"lang\" value=\"%s\">",
			    rq->danish ? "da" : "en");
		for (int k = 0; k < 2; k++) {
			const struct survey_info *cur = k ? &b : &a;
			strbuf_addf(o, "<label>%s <select name=\"%s\">", k ? T(rq, "to", "til") : T(rq, "From", "Fra"),
				    k ? "to" : "from");
			for (size_t i = 0; i < n; i++) {
				strbuf_addstr(o, "<option value=\"");
				text_add_html(o, list[i].name);
				strbuf_addstr(o, list[i].id == cur->id ? "\" selected>" : "\">");
				text_add_html(o, list[i].name);
				strbuf_addstr(o, "</option>");
			}
			strbuf_addstr(o, "</select></label> ");
		}
		strbuf_addf(o, "<label><input type=\"checkbox\" name=\"chinese\" value=\"yes\"%s> %s</label> "
			       "<button type=\"submit\">%s</button></form>\n",
			    chinese ? " checked" : "", T(rq, "Chinese only", "Kun kinesiske"),
			    T(rq, "Compare", "Sammenlign"));
		if (!a.id) {
			strbuf_addf(o, "<p>%s</p>\n", T(rq, "The store holds one survey: nothing to compare.",
							"Registret har én kortlægning: intet at sammenligne."));
		} else {
			struct diff_opts opts = {.chinese_only = chinese, .kind = -1, .danish = rq->danish,
						 .format = REPORT_TEXT, .generated = rq->ctx->generated};
			struct strbuf text = STRBUF_INIT;
			rc = report_diff(st, rq->ctx->kb, &a, &b, &opts, &text, err);
			if (!rc)
				pre(o, &text);
			strbuf_release(&text);
		}
		if (!rc)
			page_end(rq, rs);
	}
	free(list);
	return rc;
}

/* ---- exposure -------------------------------------------------------------- */

enum vs_err pages_exposure(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	struct survey_info si;
	enum vs_err rc = page_survey(rq, &si, err);
	if (rc)
		return rc;
	struct strbuf *o = &rs->body, text = STRBUF_INIT;
	size_t n = 0;
	rc = report_exposed(rq->ctx->store, rq->ctx->kb, rq->ctx->policy, si.id, false, &text, &n, err);
	if (!rc) {
		page_begin(rq, rs, T(rq, "Exposure", "Eksponering"), "exposure");
		strbuf_addf(o, "<h1>%s</h1>\n", T(rq, "Devices that talked to China or a Chinese vendor's cloud",
						  "Enheder der talte med Kina eller en kinesisk producents sky"));
		page_meta(rq, o, &si, NULL);
		rc = page_survey_form(rq, o, "/exposure", &si, err);
	}
	if (!rc) {
		strbuf_addf(o, "<p id=\"exposed-count\">");
		page_int(rq, o, (int64_t)n);
		strbuf_addf(o, " %s</p>\n", T(rq, "devices (captures and scans of this survey)",
					       "enheder (opsamlinger og skanninger i denne kortlægning)"));
		if (n)
			pre(o, &text);
		page_end(rq, rs);
	}
	strbuf_release(&text);
	return rc;
}

/* ---- plan -------------------------------------------------------------------- */

#define PAGES_DEFAULT_COMPARE "immediate,natural,years:2"

/*
 * The plan report `vendorscope report --plan S` (one strategy, with plan
 * versus actual) or `--compare S1,S2,…` builds, into d (rdoc_init'ed by
 * the caller): report_plan_doc, as the CLI and GET /api/v1/plan, with the
 * shipped catalogue ?prices= names (default kk-2025-hardware).
 */
static enum vs_err plan_doc(const struct serve_req *rq, const struct survey_info *si,
			    const char *list, bool compare, struct rdoc *d, struct vs_error *err)
{
	struct plan_strategy sts[REPORT_PLAN_MAX_STRATEGIES];
	size_t n_st = 0;
	enum vs_err rc = report_plan_strategies(list, sts, &n_st, err);
	if (rc)
		return rc;
	char path[PATH_MAX];
	if ((rc = page_prices_path(page_arg(rq, "prices"), path, sizeof(path), err)))
		return rc;
	struct report_plan_opts o = {.strategies = sts, .n_strategies = n_st, .compare = compare,
				     .survey = si->name, .prices = path, .danish = rq->danish,
				     .generated = rq->ctx->generated};
	return report_plan_doc(rq->ctx->store, &o, d, err);
}

/* ?strategy=S: one plan; else ?compare=LIST (default immediate, natural, years:2). */
static const char *plan_list(const struct serve_req *rq, bool *compare)
{
	const char *one = page_arg(rq, "strategy");
	*compare = !one;
	if (one)
		return one;
	const char *list = page_arg(rq, "compare");
	return list ? list : PAGES_DEFAULT_COMPARE;
}

/* The request's survey and strategies and their plan report, into d
 * (initialised here in the request's language, whatever happens: the
 * caller releases it). */
static enum vs_err plan_of_request(const struct serve_req *rq, struct survey_info *si,
				   const char **list, struct rdoc *d, struct vs_error *err)
{
	rdoc_init(d, rq->danish, NULL);
	enum vs_err rc = page_survey(rq, si, err);
	if (rc)
		return rc;
	bool compare;
	*list = plan_list(rq, &compare);
	rc = plan_doc(rq, si, *list, compare, d, err);
	if (!rc && d->failed)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	return rc;
}

enum vs_err pages_plan(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	struct survey_info si;
	const char *list;
	struct rdoc d;
	enum vs_err rc = plan_of_request(rq, &si, &list, &d, err);
	if (!rc) {
		struct strbuf *o = &rs->body;
		page_begin(rq, rs, T(rq, "Phase-out plan", "Udfasningsplan"), "plan");
		strbuf_addf(o, "<form method=\"get\" action=\"/plan\" class=\"filters\">"
			       "<input type=\"hidden\" name=\"lang\" value=\"%s\">"
			       "<input type=\"hidden\" name=\"survey\" value=\"",
			    rq->danish ? "da" : "en");
		text_add_html(o, si.name);
		strbuf_addf(o, "\"><label>%s <input name=\"compare\" value=\"", T(rq, "Strategies", "Strategier"));
		text_add_html(o, list);
		strbuf_addf(o, "\" size=\"40\"></label> <button type=\"submit\">%s</button> "
			       "<small>immediate, natural, years:N, deadline:YEAR, budget:AMOUNT</small></form>\n",
			    T(rq, "Compare", "Sammenlign"));
		rdoc_render_html_body(&d, o);
		page_end(rq, rs);
	}
	rdoc_release(&d);
	return rc;
}

/* ---- progress ---------------------------------------------------------------- */

#define PAGES_DEFAULT_PROGRESS "immediate"

static void figure(const struct serve_req *rq, struct strbuf *o, const char *id, const char *label,
		   int64_t done, int64_t planned, bool money)
{
	strbuf_addf(o, "<div class=\"figure\"><span class=\"label\">%s</span><span class=\"value\" "
		       "id=\"%s\">", label, id);
	if (money)
		page_kdkk(rq, o, done);
	else
		page_int(rq, o, done);
	strbuf_addf(o, "</span><span class=\"label\">%s ", T(rq, "of", "af"));
	if (money)
		page_kdkk(rq, o, planned);
	else
		page_int(rq, o, planned);
	strbuf_addf(o, "%s</span></div>\n", T(rq, " planned", " planlagt"));
}

/*
 * Plan versus actual for one plan (?strategy=, default immediate, as the
 * overview's cost): what the status history says left service and was
 * spent, per department, year and budget line, and the burn-down with the
 * planned and the actual line (report/plan_actual.c, as `plan` prints it).
 */
enum vs_err pages_progress(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	struct survey_info si;
	enum vs_err rc = page_survey(rq, &si, err);
	if (rc)
		return rc;
	const char *strategy = page_arg(rq, "strategy");
	if (!strategy)
		strategy = PAGES_DEFAULT_PROGRESS;
	struct plan_strategy ps;
	char why[256];
	if (!plan_strategy_parse(strategy, &ps, why, sizeof(why)))
		return vs_fail(err, VS_EBADVAL, "%s", why);
	struct price_catalogue cat;
	if ((rc = page_prices(page_arg(rq, "prices"), &cat, err)))
		return rc;
	struct plan_units units = {0};
	struct plan_result r;
	struct plan_actual a = {0};
	bool ran = false;
	struct rdoc d;
	rdoc_init(&d, rq->danish, NULL);
	rc = plan_units_from_store(rq->ctx->store, si.id, NULL, NULL, &units, err);
	if (!rc)
		rc = plan_run(&units, &cat, &ps, plan_doc_from(&cat, 0), &r, err);
	ran = !rc;
	if (!rc)
		rc = plan_actual_load(rq->ctx->store, si.id, NULL, NULL, &a, err);
	int this_year = plan_doc_year(rq->ctx->generated);
	if (!rc)
		rc = plan_actual_add(&d, &r, &cat, &a, this_year, err);
	struct strbuf *o = &rs->body;
	if (!rc) {
		page_begin(rq, rs, T(rq, "Phase-out progress", "Fremdrift i udfasningen"), "progress");
		strbuf_addf(o, "<h1>%s</h1>\n", T(rq, "Phase-out progress: plan versus actual",
						  "Fremdrift i udfasningen: plan mod faktisk"));
		page_meta(rq, o, &si, NULL);
		rc = page_survey_form(rq, o, "/progress", &si, err);
	}
	if (!rc) {
		strbuf_addf(o, "<form method=\"get\" action=\"/progress\" class=\"filters\">"
			       "<input type=\"hidden\" name=\"lang\" value=\"%s\">"
			       "<input type=\"hidden\" name=\"survey\" value=\"",
			    rq->danish ? "da" : "en");
		text_add_html(o, si.name);
		strbuf_addf(o, "\"><label>%s <input name=\"strategy\" value=\"", T(rq, "Plan", "Plan"));
		text_add_html(o, strategy);
		strbuf_addf(o, "\" size=\"16\"></label> <button type=\"submit\">%s</button></form>\n",
			    T(rq, "Show", "Vis"));
		strbuf_addstr(o, "<section class=\"figures\" id=\"actual\">\n");
		figure(rq, o, "actual-units", T(rq, "Units out of service", "Enheder ude af drift"),
		       a.units, r.total_units, false);
		figure(rq, o, "actual-cost", T(rq, "Spent (thousand DKK)", "Brugt (t.kr.)"), a.cost,
		       r.total_all, true);
		strbuf_addf(o, "<p class=\"note\">%s ", T(rq, "Status changes recorded:",
							 "Registrerede statusændringer:"));
		page_int(rq, o, a.n_changes);
		strbuf_addstr(o, T(rq, "; exempt units: ", "; undtagne enheder: "));
		page_int(rq, o, a.exempt);
		strbuf_addstr(o, ".</p>\n</section>\n");
		if (a.n_changes) {
			plan_actual_burndown_html(&a, &r, this_year, rq->danish, o);
			rdoc_render_tables_html(&d, o);
		} else {
			strbuf_addf(o, "<p id=\"progress-none\">%s</p>\n",
				    T(rq, "No status change is recorded for this survey yet: an editor "
					  "records one on a device's page.",
				      "Der er endnu ingen statusændringer for denne kortlægning: en "
				      "redaktør registrerer dem på en enheds side."));
		}
		page_end(rq, rs);
	}
	rdoc_release(&d);
	plan_actual_release(&a);
	if (ran)
		plan_result_release(&r);
	plan_units_release(&units);
	prices_release(&cat);
	return rc;
}

/* ---- downloads ----------------------------------------------------------------- */

static void download_link(const struct serve_req *rq, struct strbuf *o, const char *path,
			  const struct survey_info *si, const char *label, const char *what)
{
	strbuf_addstr(o, "<li><a download href=\"");
	page_href(o, rq, path, "survey", si->name, NULL);
	strbuf_addf(o, "\">%s</a> &#8211; %s</li>\n", label, what);
}

enum vs_err pages_downloads(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err)
{
	struct survey_info si;
	enum vs_err rc = page_survey(rq, &si, err);
	if (rc)
		return rc;
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, T(rq, "Downloads", "Downloads"), "downloads");
	strbuf_addf(o, "<h1>%s</h1>\n", T(rq, "Downloads", "Downloads"));
	page_meta(rq, o, &si, NULL);
	if ((rc = page_survey_form(rq, o, "/downloads", &si, err)))
		return rc;
	strbuf_addstr(o, "<ul class=\"downloads\">\n");
	download_link(rq, o, "/downloads/assets.csv", &si, "CSV",
		      T(rq, "every asset of the survey (as assets --format csv)",
			"alle aktiver i kortlægningen (som assets --format csv)"));
	download_link(rq, o, "/downloads/assets.xlsx", &si, "XLSX",
		      T(rq, "the same as a workbook", "det samme som regneark"));
	download_link(rq, o, "/downloads/plan.html", &si, "HTML",
		      T(rq, "the plan report comparing strategies, with the burn-down chart",
			"planrapporten med strategierne side om side og nedbrændingskurven"));
	download_link(rq, o, "/downloads/plan.xlsx", &si, "XLSX",
		      T(rq, "the plan report as a workbook", "planrapporten som regneark"));
	strbuf_addstr(o, "</ul>\n");
	page_end(rq, rs);
	return VS_OK;
}

struct csv_rows {
	const struct serve_req *rq;
	const struct report_meta *meta;
	struct table t;
};

static bool csv_row(const struct asset *a, void *vctx)
{
	struct csv_rows *c = vctx;
	report_assets_table_add(c->rq->ctx->kb, &c->t, a, c->rq->danish, c->meta);
	return !c->t.failed;
}

/* `assets --format csv` of the survey. */
enum vs_err pages_download_assets_csv(const struct serve_req *rq, struct serve_resp *rs,
				      struct vs_error *err)
{
	struct survey_info si;
	enum vs_err rc = page_survey(rq, &si, err);
	if (rc)
		return rc;
	struct report_meta meta = {.survey = si.name, .survey_date = si.date,
				   .generated = rq->ctx->generated};
	struct csv_rows c = {.rq = rq, .meta = &meta};
	report_assets_table_init(&c.t, rq->danish, true);
	struct asset_filter f = {.survey_id = si.id, .kind = -1};
	rc = store_assets_foreach(rq->ctx->store, &f, csv_row, &c, err);
	if (!rc && c.t.failed)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	if (!rc) {
		table_render_csv(&c.t, &rs->body, ',');
		rs->content_type = "text/csv; charset=utf-8";
		rs->filename = "assets.csv";
	}
	table_release(&c.t);
	return rc;
}

/* rdoc_write_xlsx writes a file: a private temporary one, read back whole. */
static enum vs_err xlsx_body(const struct rdoc *d, struct serve_resp *rs, const char *filename,
			     struct vs_error *err)
{
	char path[] = "/tmp/vendorscope-xlsx-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return vs_fail(err, VS_EIO, "cannot make a temporary file");
	close(fd);
	uint8_t *buf = NULL;
	size_t len = 0;
	enum vs_err rc = rdoc_write_xlsx(d, path, err);
	if (!rc)
		rc = file_read_all(path, VS_MAX_STRBUF, &buf, &len, err);
	unlink(path);
	if (!rc) {
		strbuf_add(&rs->body, buf, len);
		if (rs->body.failed)
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
		rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		rs->filename = filename;
	}
	free(buf);
	return rc;
}

struct doc_rows {
	const struct kb *kb;
	struct rdoc *d;
	struct rdoc_table *t;
};

static bool doc_row(const struct asset *a, void *vctx)
{
	struct doc_rows *c = vctx;
	report_assets_rdoc_add(c->kb, c->d, c->t, a);
	return !c->d->failed;
}

/* `assets --format xlsx`. */
enum vs_err pages_download_assets_xlsx(const struct serve_req *rq, struct serve_resp *rs,
				       struct vs_error *err)
{
	struct survey_info si;
	enum vs_err rc = page_survey(rq, &si, err);
	if (rc)
		return rc;
	struct strbuf title = STRBUF_INIT;
	strbuf_addf(&title, "%s %s", T(rq, "Assets of survey", "Aktiver i kortlægning"), si.name);
	struct rdoc d;
	rdoc_init(&d, rq->danish, strbuf_str(&title));
	strbuf_release(&title);
	struct report_meta meta = {.survey = si.name, .survey_date = si.date,
				   .generated = rq->ctx->generated};
	rdoc_set_meta(&d, &meta);
	struct doc_rows c = {rq->ctx->kb, &d, report_assets_rdoc_init(&d)};
	struct asset_filter f = {.survey_id = si.id, .kind = -1};
	rc = store_assets_foreach(rq->ctx->store, &f, doc_row, &c, err);
	if (!rc && d.failed)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	if (!rc)
		rc = xlsx_body(&d, rs, "assets.xlsx", err);
	rdoc_release(&d);
	return rc;
}

static enum vs_err plan_download(const struct serve_req *rq, struct serve_resp *rs, bool xlsx,
				 struct vs_error *err)
{
	struct survey_info si;
	const char *list;
	struct rdoc d;
	enum vs_err rc = plan_of_request(rq, &si, &list, &d, err);
	if (!rc && xlsx) {
		rc = xlsx_body(&d, rs, "plan.xlsx", err);
	} else if (!rc) {
		/* The report `report --format html` writes, as a file to keep. */
		rdoc_render_html(&d, &rs->body);
		rs->content_type = PAGES_HTML;
		rs->filename = "plan.html";
	}
	rdoc_release(&d);
	return rc;
}

enum vs_err pages_download_plan_html(const struct serve_req *rq, struct serve_resp *rs,
				     struct vs_error *err)
{
	return plan_download(rq, rs, false, err);
}

enum vs_err pages_download_plan_xlsx(const struct serve_req *rq, struct serve_resp *rs,
				     struct vs_error *err)
{
	return plan_download(rq, rs, true, err);
}
