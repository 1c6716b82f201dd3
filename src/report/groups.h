/*
 * Inventory tables from grouped counts: Table 1 of the seeds is the assets
 * grouped by type and department, printed as type, total, department,
 * count, with estimated counts marked and explained under the table.
 */
#ifndef VS_REPORT_GROUPS_H
#define VS_REPORT_GROUPS_H

#include <stdbool.h>

#include "kb/kb.h"
#include "report/meta.h"
#include "report/rdoc.h"
#include "report/table.h"
#include "store/query_groups.h"
#include "util/strbuf.h"

/* Human words for one language. */
struct report_lang {
	bool danish;
};

/* Label of a type key in the language (the key itself when kb does not know it). */
const char *report_type_label(const struct kb *kb, const char *key, bool danish);

/* How an estimated count was given: "200-300", "150+", "about 277". */
void report_count_range(struct strbuf *out, int64_t value, int64_t low, int64_t high,
			bool danish);

/*
 * Sort rows for reading: by the knowledge base's type order when the first
 * field is the type (unknown types last), otherwise as first seen.
 */
void report_groups_sort(const struct kb *kb, const enum group_field *fields, size_t n_fields,
			struct group_result *res);

/*
 * Text table. With fields {type, department} the Table 1 shape (type,
 * total, department, count); otherwise one column per field and a count.
 * Estimated counts carry a '*' and a line in notes.
 */
void report_groups_text(const struct kb *kb, const enum group_field *fields, size_t n_fields,
			const struct group_result *res, bool danish, const struct report_meta *meta,
			struct strbuf *out);

/* The same table in a report document (HTML, XLSX), with a total row. */
void report_groups_rdoc(const struct kb *kb, const enum group_field *fields, size_t n_fields,
			const struct group_result *res, struct rdoc *d);

/* Machine forms: CSV (fields, count, count_low, count_high, estimated, and
 * survey, survey_date, generated on every row) and one JSON object per line
 * with the first keys. */
void report_groups_csv(const enum group_field *fields, size_t n_fields,
		       const struct group_result *res, const struct report_meta *meta,
		       struct strbuf *out);
void report_groups_json(const enum group_field *fields, size_t n_fields,
			const struct group_result *res, struct strbuf *out);

#endif
