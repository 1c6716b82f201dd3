/*
 * `vendorscope surveys`: the surveys a store holds and their sources, and
 * the lines that say what a removal or a re-import took away. Names and
 * paths come from users and files: text output shows their control
 * characters as '?', JSON escapes them, CSV defuses formulas (table.h).
 */
#ifndef VS_REPORT_SURVEYS_H
#define VS_REPORT_SURVEYS_H

#include "report/diff.h"
#include "store/query_surveys.h"
#include "store/store.h"
#include "util/strbuf.h"

/* One line per survey, newest first, the default one marked: name, date,
 * sources, hardware units (Chinese, unknown), programs (Chinese), created. */
enum vs_err report_surveys(struct store *st, enum report_format fmt, struct strbuf *out,
			   struct vs_error *err);

/* One line per source of the survey: id, kind, format, name, hash (text:
 * its first 12 digits), rows, added. */
enum vs_err report_sources(struct store *st, const struct survey_info *si,
			   enum report_format fmt, struct strbuf *out, struct vs_error *err);

/* After an import, capture or scan: "replaced source 'X' (N rows) imported
 * T\n" (and how many more, if several went); nothing when total->sources is 0. */
void report_replaced(const struct store_removed *total, const struct source_info *first,
		     struct strbuf *out);

/* "removed source #ID 'X' from survey 'S': N rows, A assets, U units\n" */
void report_removed_source(const char *survey, const struct store_removed *total,
			   const struct source_info *src, struct strbuf *out);

/* "removed survey 'S': K sources, N rows, A assets, U units\n" */
void report_removed_survey(const char *survey, const struct store_removed *total,
			   struct strbuf *out);

#endif
