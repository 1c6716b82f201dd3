#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kb/kb.h"
#include "plan/prices.h"
#include "report/meta.h"
#include "report/plan_doc.h"
#include "report/plan_report.h"
#include "report/plan_run.h"

enum vs_err report_plan_strategies(const char *list, struct plan_strategy *out, size_t *n,
				   struct vs_error *err)
{
	*n = 0;
	char item[64], why[256];
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len >= sizeof(item))
			return vs_fail(err, VS_EUSAGE, "strategy too long");
		memcpy(item, p, len);
		item[len] = 0;
		if (*n == REPORT_PLAN_MAX_STRATEGIES)
			return vs_fail(err, VS_EUSAGE, "at most %d strategies", REPORT_PLAN_MAX_STRATEGIES);
		if (!plan_strategy_parse(item, &out[*n], why, sizeof(why)))
			return vs_fail(err, VS_EUSAGE, "%s", why);
		(*n)++;
		if (!e)
			break;
		p = e + 1;
	}
	if (*n == 0)
		return vs_fail(err, VS_EUSAGE, "no strategy given");
	return VS_OK;
}

bool report_plan_prices_path(const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);
	if (n == 0 || n > 64 || name[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	char dir[4096];
	if (!kb_data_dir(dir, sizeof(dir)))
		return false;
	int w = snprintf(buf, len, "%s/prices/%s.csv", dir, name);
	return w > 0 && (size_t)w < len && access(buf, R_OK) == 0;
}

enum vs_err report_plan_doc(struct store *st, const struct report_plan_opts *o, struct rdoc *doc,
			    struct vs_error *err)
{
	struct price_catalogue cat;
	enum vs_err rc = prices_load(o->prices, &cat, err);
	if (rc)
		return rc;
	struct plan_doc_opts po = {.survey = o->survey, .strategies = o->strategies,
				   .n = o->n_strategies, .compare = o->compare, .from = o->from,
				   .types = o->types, .departments = o->departments,
				   .generated = o->generated};
	rc = plan_doc_build(st, &cat, &po, doc, err);
	prices_release(&cat);
	return rc;
}
