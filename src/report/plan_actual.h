/*
 * Plan versus actual: what the status history (track/) says was replaced
 * and spent, beside what a plan (plan/) scheduled.
 *
 * Actual units are units that left service: replaced or decommissioned
 * (a correction back to in_service counts them back). Exempt units are
 * listed apart: they stay, on purpose. Actual money is the cost recorded
 * on every change, in the year of the change's date (an order's cost in
 * the year it was ordered). Only changes to rows in the plan's scope
 * count: Chinese hardware of the plan's types and departments.
 *
 * Grouped per department, per year of the change and per budget line
 * (the department's line in the price catalogue, as the plan's Table 3),
 * each beside the plan's own figure; and a burn-down: units still in
 * place and money not yet spent at the end of each year, planned (from
 * the plan) and actual (the plan's total less what was recorded up to the
 * end of that year; years after this_year have no actual figure).
 *
 * A survey without status changes gets nothing: plan_actual_add adds no
 * table, series or JSON member, so a plan report from a store nobody
 * tracked is byte for byte what it was before tracking existed.
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

/* Recorded figures of one department or year. */
struct plan_actual_group {
	char *dept;       /* department ("?" not known); NULL in per-year groups */
	int year;         /* 0 in per-department groups */
	int64_t units;    /* left service: replaced + decommissioned */
	int64_t exempt;
	int64_t cost;     /* øre */
};

struct plan_actual {
	int64_t n_changes;           /* status rows counted */
	int64_t units, exempt, cost; /* totals */
	struct plan_actual_group *by_dept, *by_year; /* by_year sorted by year */
	size_t n_dept, n_year;
};

/*
 * Read the survey's history and group it: the changes of Chinese hardware
 * rows whose type and department the plan's filters name (types and
 * departments as plan_units_from_store takes them; NULL: all).
 */
enum vs_err plan_actual_load(struct store *st, int64_t survey_id, const char *types,
			     const char *departments, struct plan_actual *out,
			     struct vs_error *err);
void plan_actual_release(struct plan_actual *a);

/*
 * Add the plan-versus-actual tables (per department, per year, per budget
 * line, burn-down), the burn-down series (the actual units line in the
 * plan's chart; planned and actual money in a second chart) and the JSON
 * member "plan_vs_actual" (below) to d, for plan r. Nothing when
 * a->n_changes is 0.
 */
enum vs_err plan_actual_add(struct rdoc *d, const struct plan_result *r,
			    const struct price_catalogue *cat, const struct plan_actual *a,
			    int this_year, struct vs_error *err);

/*
 * The JSON object the plan report carries as "plan_vs_actual" and the API
 * and pages use:
 *   {"changes":N,"units":U,"exempt":E,"cost":C,
 *    "by_department":[{"department","planned_units","units","exempt",
 *                      "planned_cost","cost"}…],
 *    "by_year":[{"year","planned_units","units","planned_cost","cost"}…],
 *    "by_budget_line":[{"account","name","committee","departments",
 *                       "planned_cost","cost"}…],
 *    "burndown":{"years":[…],"planned_units":[…],"actual_units":[…],
 *                "planned_money":[…],"actual_money":[…]}}
 * Money in thousand DKK as exact decimal numbers; actual burn-down entries
 * after this_year are null. Appends to out (check out->failed).
 */
void plan_actual_append_json(const struct plan_actual *a, const struct plan_result *r,
			     const struct price_catalogue *cat, int this_year, struct strbuf *out);

/* The burn-down charts alone as an HTML fragment (inline SVG, every text
 * escaped, no script), for the pages' plan comparison: the plan's units
 * line with the actual one, and the money lines. */
void plan_actual_burndown_html(const struct plan_actual *a, const struct plan_result *r,
			       int this_year, bool danish, struct strbuf *out);

/* For the API: load the actuals of survey_id for plan r (made with the
 * filters types and departments) and append the JSON above
 * ({"changes":0,…} when there are none). */
enum vs_err report_plan_actual_json(struct store *st, int64_t survey_id, const char *types,
				    const char *departments, const struct plan_result *r,
				    const struct price_catalogue *cat, int this_year,
				    struct strbuf *out, struct vs_error *err);

#endif
