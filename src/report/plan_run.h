/*
 * A phase-out plan from the store to a report document, one way for
 * `vendorscope plan`/`report` and for GET /api/v1/plan: the strategies
 * parsed, the units of the survey read, each strategy run and the tables
 * built. The caller renders the document (text, CSV, JSON, HTML, XLSX).
 */
#ifndef VS_REPORT_PLAN_RUN_H
#define VS_REPORT_PLAN_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan/plan.h"
#include "report/rdoc.h"
#include "store/store.h"

#include "report/plan_doc.h"

#define REPORT_PLAN_MAX_STRATEGIES PLAN_DOC_MAX_STRATEGIES

/* "immediate" or "natural,years:3": into out[], *n of them. VS_EUSAGE
 * (the reason in err) for a bad one or more than the maximum. */
enum vs_err report_plan_strategies(const char *list, struct plan_strategy *out, size_t *n,
				   struct vs_error *err);

/* The shipped catalogue DATA/prices/NAME.csv (kb_data_dir()); NAME is
 * [A-Za-z0-9._-] and does not start with '.', so a client of the API can
 * name a catalogue but never a path. false when the name or the file is not. */
bool report_plan_prices_path(const char *name, char *buf, size_t len);
#define REPORT_PLAN_DEFAULT_PRICES "kk-2025-hardware"

struct report_plan_opts {
	const struct plan_strategy *strategies;
	size_t n_strategies;
	bool compare;       /* strategies side by side (else n_strategies is 1) */
	const char *survey; /* NULL: the default survey */
	const char *prices; /* catalogue file */
	const char *types, *departments; /* comma lists or NULL */
	int from;           /* first plan year, 0: the catalogue's price level */
	bool danish;
	int64_t generated;  /* the meta line's generation time */
};

/* Build the plan report into doc (rdoc_init'ed by the caller, with the
 * language it wants). VS_ENOTFOUND for an unknown survey, VS_EUSAGE for a
 * filter naming nothing in scope, the catalogue's error for a bad file. */
enum vs_err report_plan_doc(struct store *st, const struct report_plan_opts *o, struct rdoc *doc,
			    struct vs_error *err);

#endif
