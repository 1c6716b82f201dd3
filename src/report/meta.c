#include "report/meta.h"

#include <time.h>

static bool utc(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;
	return gmtime_r(&tt, tm) != NULL;
}

void report_meta_time(struct strbuf *out, int64_t t)
{
	struct tm tm;
	if (!utc(t, &tm)) {
		strbuf_addstr(out, "?");
		return;
	}
	strbuf_addf(out, "%04d-%02d-%02d %02d:%02d UTC", tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday, tm.tm_hour, tm.tm_min);
}

void report_meta_time_iso(struct strbuf *out, int64_t t)
{
	struct tm tm;
	if (!utc(t, &tm)) {
		strbuf_addstr(out, "?");
		return;
	}
	strbuf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void one_survey(struct strbuf *out, const char *name, const char *date, bool danish)
{
	strbuf_addstr(out, name);
	if (date && *date)
		strbuf_addf(out, " (%s)", date);
	else
		strbuf_addstr(out, danish ? " (uden dato)" : " (no date)");
}

void report_meta_line(struct strbuf *out, const struct report_meta *m, bool danish)
{
	if (!m || !m->survey)
		return;
	/* "Kortlægning" is the municipality's own word for a survey (seed 002). */
	if (m->survey_b) {
		strbuf_addstr(out, danish ? "Kortlægninger " : "Surveys ");
		one_survey(out, m->survey, m->survey_date, danish);
		strbuf_addstr(out, danish ? " og " : " and ");
		one_survey(out, m->survey_b, m->survey_b_date, danish);
	} else {
		strbuf_addstr(out, danish ? "Kortlægning " : "Survey ");
		one_survey(out, m->survey, m->survey_date, danish);
	}
	strbuf_addstr(out, danish ? "; dannet " : "; generated ");
	report_meta_time(out, m->generated);
}

static void json_survey(struct strbuf *out, const char *name, const char *date)
{
	strbuf_addstr(out, "{\"name\":");
	strbuf_add_json_str(out, name);
	strbuf_addstr(out, ",\"date\":");
	if (date && *date)
		strbuf_add_json_str(out, date);
	else
		strbuf_addstr(out, "null");
	strbuf_addch(out, '}');
}

void report_meta_json(struct strbuf *out, const struct report_meta *m)
{
	strbuf_addstr(out, "\"survey\":");
	if (m && m->survey)
		json_survey(out, m->survey, m->survey_date);
	else
		strbuf_addstr(out, "null");
	if (m && m->survey_b) {
		strbuf_addstr(out, ",\"survey_b\":");
		json_survey(out, m->survey_b, m->survey_b_date);
	}
	strbuf_addstr(out, ",\"generated\":\"");
	report_meta_time_iso(out, m ? m->generated : 0);
	strbuf_addch(out, '"');
}
