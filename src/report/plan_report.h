/*
 * Phase-out plan reports: the units in scope read from the store, and the
 * seeds' tables built from plan results — Table 2 of the report to the
 * Finance Committee (immediate replacement), tables 1-3 of budget note ØK59
 * (cost per department, activities per year, expenditure per budget line),
 * the yearly burn-down and a side-by-side comparison of strategies.
 */
#ifndef VS_REPORT_PLAN_REPORT_H
#define VS_REPORT_PLAN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan/plan.h"
#include "report/rdoc.h"
#include "store/store.h"

/*
 * The units in scope: hardware assets with chinese = yes in the survey,
 * optionally only the comma-separated types / departments given (NULL: all).
 * Fails with VS_EUSAGE when a filter names nothing in scope.
 */
enum vs_err plan_units_from_store(struct store *st, int64_t survey_id, const char *types,
				  const char *departments, struct plan_units *out,
				  struct vs_error *err);

/* True when the comma-separated list names s (NULL list: everything):
 * the --types and --departments filters. */
bool plan_report_listed(const char *list, const char *s);

/*
 * Build the report of one plan (n == 1, compare false) or the comparison of
 * n plans of the same units (compare true) into d (rdoc_init'ed by the caller).
 */
enum vs_err plan_report_build(struct rdoc *d, const struct plan_result *r, size_t n,
			      bool compare, const struct price_catalogue *cat, struct vs_error *err);

/* The report's title in its language: "Udfasning af kinesisk hardware:
 * kk-2025 (Straks, Over 2 år)". */
void plan_report_title(struct rdoc *d, const char *survey, const struct plan_strategy *s,
		       size_t n);

#endif
