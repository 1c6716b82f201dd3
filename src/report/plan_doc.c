#include "report/plan_doc.h"

#include <string.h>
#include <time.h>

#include "report/meta.h"
#include "report/plan_actual.h"
#include "report/plan_report.h"
#include "store/store.h"

int plan_doc_from(const struct price_catalogue *cat, int from)
{
	if (from)
		return from;
	/* Plans start in the year the prices are in, unless told otherwise. */
	for (size_t i = 0; i < cat->n_items; i++)
		if (cat->items[i].price_level > from)
			from = cat->items[i].price_level;
	return from;
}

int plan_doc_year(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	return gmtime_r(&tt, &tm) ? tm.tm_year + 1900 : 1970;
}

enum vs_err plan_doc_build(struct store *st, const struct price_catalogue *cat,
			   const struct plan_doc_opts *o, struct rdoc *d, struct vs_error *err)
{
	if (o->n == 0 || o->n > PLAN_DOC_MAX_STRATEGIES)
		return vs_fail(err, VS_EUSAGE, "1 to %d strategies", PLAN_DOC_MAX_STRATEGIES);
	struct survey_info si;
	struct plan_units units = {0};
	struct plan_result res[PLAN_DOC_MAX_STRATEGIES];
	struct plan_actual pa = {0};
	size_t n_res = 0;
	int from = plan_doc_from(cat, o->from);
	enum vs_err rc = o->survey ? store_survey_get(st, o->survey, NULL, false, &si, err)
				   : store_survey_latest(st, &si, err);
	if (!rc)
		rc = plan_units_from_store(st, si.id, o->types, o->departments, &units, err);
	for (size_t i = 0; i < o->n && !rc; i++)
		if (!(rc = plan_run(&units, cat, &o->strategies[i], from, &res[i], err)))
			n_res++;
	if (rc)
		goto out;
	plan_report_title(d, si.name, o->strategies, o->n);
	struct report_meta meta = {.survey = si.name, .survey_date = si.date,
				   .generated = o->generated};
	rdoc_set_meta(d, &meta);
	rc = plan_report_build(d, res, n_res, o->compare, cat, err);
	/* Plan versus actual goes with one plan: a comparison has no one
	 * plan to set the actuals beside. */
	if (!rc && !o->compare)
		rc = plan_actual_load(st, si.id, o->types, o->departments, &pa, err);
	if (!rc && !o->compare)
		rc = plan_actual_add(d, &res[0], cat, &pa, plan_doc_year(o->generated), err);
out:
	plan_actual_release(&pa);
	for (size_t i = 0; i < n_res; i++)
		plan_result_release(&res[i]);
	plan_units_release(&units);
	return rc;
}
