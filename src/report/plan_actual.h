/*
 * Plan versus actual: what the status history (track/) says was replaced
 * and spent, beside what a plan (plan/) scheduled.
 *
 * Actual units are units that left service: replaced or decommissioned
 * (exempt units are listed apart: they stay, on purpose). Actual money is
 * the cost recorded on every change (an order's cost counts in the year
 * it was ordered). Both are grouped per department, per year of the
 * change's date and per budget line (the department's line in the price
 * catalogue, as the plan's Table 3).
 *
 * The burn-down has two lines each for units and money: planned (units in
 * place / money not yet spent at the end of each plan year, from the plan)
 * and actual (the planned total less what the history recorded up to the
 * end of that year; years after today's year are left out of the actual
 * line).
 *
 * A survey without status changes gets nothing: plan_actual_add adds no
 * table and no series, so a plan report from a store nobody tracked is the
 * same as before tracking existed.
 */
#ifndef VS_REPORT_PLAN_ACTUAL_H
#define VS_REPORT_PLAN_ACTUAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan/plan.h"
#include "plan/prices.h"
#include "report/rdoc.h"
#include "util/err.h"
#include "util/strbuf.h"

struct store;

/* The actuals of one survey, grouped. Owned; plan_actual_release. */
struct plan_actual_group {
	char *key;        /* department, or budget line "account - name" */
	int year;         /* 0 in the per-department and per-line totals */
	int64_t units;    /* replaced + decommissioned */
	int64_t exempt;
	int64_t cost;     /* øre */
};

struct plan_actual {
	int64_t n_changes;             /* status rows in the survey */
	int64_t units, exempt, cost;   /* totals */
	struct plan_actual_group *by_dept, *by_year, *by_line;
	size_t n_dept, n_year, n_line;
	int first_year, last_year;     /* of the changes' dates; 0 when none */
};

/* Read and group the survey's history (units only of Chinese hardware
 * rows, the plan's scope). cat (may be NULL) maps departments to budget
 * lines. */
enum vs_err plan_actual_load(struct store *st, int64_t survey_id,
			     const struct price_catalogue *cat, struct plan_actual *out,
			     struct vs_error *err);
void plan_actual_release(struct plan_actual *a);

/*
 * Add the plan-versus-actual tables (per department, per year, per budget
 * line: planned units and money beside actual) and the burn-down series
 * (planned and actual units; planned and actual money) for plan r to d.
 * Adds nothing when a->n_changes is 0. this_year bounds the actual line.
 */
enum vs_err plan_actual_add(struct rdoc *d, const struct plan_result *r,
			    const struct price_catalogue *cat, const struct plan_actual *a,
			    int this_year, struct vs_error *err);

/*
 * The JSON object the API (GET /api/v1/plan, as `plan --format json`) and
 * the pages use: {"changes":N,"units":…,"cost":"…","by_department":[…],
 * "by_year":[…],"by_budget_line":[…],"burndown":{"years":[…],
 * "planned_units":[…],"actual_units":[…],"planned_money":[…],
 * "actual_money":[…]}}; money as thousand-DKK decimal strings; actual
 * entries after this_year are null.
 */
void plan_actual_append_json(const struct plan_actual *a, const struct plan_result *r,
			     const struct price_catalogue *cat, int this_year, struct strbuf *out);

/* The burn-down charts alone as an HTML fragment (inline SVG, every text
 * escaped, no script), for the pages' plan comparison. */
void plan_actual_burndown_html(const struct plan_actual *a, const struct plan_result *r,
			       int this_year, bool danish, struct strbuf *out);

/* One-call builder for the web: load the actuals of survey_id for plan r
 * and append the JSON above (an empty object's "changes":0 when none). */
enum vs_err report_plan_actual_json(struct store *st, int64_t survey_id,
				    const struct plan_result *r,
				    const struct price_catalogue *cat, int this_year,
				    struct strbuf *out, struct vs_error *err);

#endif
