/*
 * The whole plan report for one store, as `plan` and `report --plan` print
 * it and the web's plan endpoint and pages return it: the survey, the
 * units in scope, each strategy run, the tables (plan_report.h) and, for
 * one plan, plan versus actual (plan_actual.h). The CLI and the server
 * both call this, so their outputs cannot disagree.
 */
#ifndef VS_REPORT_PLAN_DOC_H
#define VS_REPORT_PLAN_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan/plan.h"
#include "plan/prices.h"
#include "report/rdoc.h"
#include "util/err.h"

struct store;

#define PLAN_DOC_MAX_STRATEGIES 8

struct plan_doc_opts {
	const char *survey;                 /* NULL: the default survey */
	const struct plan_strategy *strategies;
	size_t n;                           /* 1..PLAN_DOC_MAX_STRATEGIES */
	bool compare;                       /* side by side (no plan versus actual) */
	int from;                           /* first plan year; 0: the catalogue's price level */
	const char *types, *departments;    /* comma-separated filters, NULL: all */
	int64_t generated;                  /* report time (meta line); its UTC year
					     * ends the actual burn-down line */
};

/* Fill d (rdoc_init'ed by the caller in its language). Errors as
 * plan_units_from_store, plan_run and store_survey_get give them. */
enum vs_err plan_doc_build(struct store *st, const struct price_catalogue *cat,
			   const struct plan_doc_opts *o, struct rdoc *d, struct vs_error *err);

/* The first plan year o->from stands for: o->from, else the newest price
 * level in cat. */
int plan_doc_from(const struct price_catalogue *cat, int from);

/* The UTC year of a time in seconds since 1970. */
int plan_doc_year(int64_t t);

#endif
