/*
 * What every report says about itself: the survey it comes from, that
 * survey's date, and when the report was made. An answer without its survey
 * and date cannot be compared with last year's (DESIGN.md, "One register").
 *
 * The generation time is given by the caller (cli/ reads the clock, or
 * SOURCE_DATE_EPOCH for reproducible output), so the library never reads
 * the clock or the environment itself.
 */
#ifndef VS_REPORT_META_H
#define VS_REPORT_META_H

#include <stdbool.h>
#include <stdint.h>

#include "util/strbuf.h"

struct report_meta {
	const char *survey;      /* name; NULL: no survey line at all */
	const char *survey_date; /* as stored ("2025", "2022-05-12"); NULL or "": not known */
	const char *survey_b;    /* a second survey (diff), else NULL */
	const char *survey_b_date;
	int64_t generated;       /* seconds since the epoch, UTC */
};

/* "2026-12-06 02:50 UTC" */
void report_meta_time(struct strbuf *out, int64_t t);
/* "2026-12-06T02:50:00Z" (JSON) */
void report_meta_time_iso(struct strbuf *out, int64_t t);
/*
 * One line, no newline: "Survey kk-2025 (2025); generated 2026-12-06 02:50 UTC",
 * Danish "Kortlægning kk-2025 (2025); dannet 2026-12-06 02:50 UTC"; for a diff
 * "Surveys kk-2022 (2022-05-12) and kk-2025 (2025); ...".
 */
void report_meta_line(struct strbuf *out, const struct report_meta *m, bool danish);
/* JSON members, no braces: "survey":{"name":..,"date":..},"generated":"..". */
void report_meta_json(struct strbuf *out, const struct report_meta *m);

#endif
