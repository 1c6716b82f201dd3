/*
 * Survey-to-survey change: per type and department, and per type and
 * vendor where the vendor is known, the count before, after and the change
 * (the seeds' 412 -> 650 -> 795 cameras, now with where and whose); software
 * in sections of its own, per product. Text and CSV name both surveys, their
 * dates and the generation time first; CSV numbers are plain.
 */
#ifndef VS_REPORT_DIFF_H
#define VS_REPORT_DIFF_H

#include <stdbool.h>
#include <stdint.h>

#include "kb/kb.h"
#include "store/store.h"
#include "util/strbuf.h"

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON };

struct diff_opts {
	bool chinese_only;
	int kind; /* -1 any, else enum asset_kind */
	bool danish;
	enum report_format format;
	int64_t generated; /* the report's generation time (report/meta.h) */
};

enum vs_err report_diff(struct store *st, const struct kb *kb, const struct survey_info *a,
			const struct survey_info *b, const struct diff_opts *o,
			struct strbuf *out, struct vs_error *err);

#endif
