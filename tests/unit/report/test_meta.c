/*
 * What every report says about itself: the survey, its date, the
 * generation time (report/meta.h), in both languages and as JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/meta.h"

static void line_en_da(void **state)
{
	(void)state;
	struct report_meta m = {.survey = "kk-2025", .survey_date = "2025", .generated = 1767225600};
	struct strbuf sb = STRBUF_INIT;
	report_meta_line(&sb, &m, false);
	assert_string_equal(strbuf_str(&sb), "Survey kk-2025 (2025); generated 2026-01-01 00:00 UTC");
	strbuf_reset(&sb);
	report_meta_line(&sb, &m, true);
	assert_string_equal(strbuf_str(&sb), "Kortlægning kk-2025 (2025); dannet 2026-01-01 00:00 UTC");
	strbuf_release(&sb);
}

static void two_surveys_and_no_date(void **state)
{
	(void)state;
	struct report_meta m = {.survey = "a", .survey_date = "2022-05-12", .survey_b = "b",
				.survey_b_date = "", .generated = 0};
	struct strbuf sb = STRBUF_INIT;
	report_meta_line(&sb, &m, false);
	assert_string_equal(strbuf_str(&sb),
			    "Surveys a (2022-05-12) and b (no date); generated 1970-01-01 00:00 UTC");
	strbuf_release(&sb);
}

static void json_members(void **state)
{
	(void)state;
	struct report_meta m = {.survey = "kk \"25\"", .survey_date = NULL, .generated = 1767225659};
	struct strbuf sb = STRBUF_INIT;
	report_meta_json(&sb, &m);
	assert_string_equal(strbuf_str(&sb), "\"survey\":{\"name\":\"kk \\\"25\\\"\",\"date\":null},"
					     "\"generated\":\"2026-01-01T00:00:59Z\"");
	strbuf_release(&sb);
}

static void no_survey_no_line(void **state)
{
	(void)state;
	struct report_meta m = {0};
	struct strbuf sb = STRBUF_INIT;
	report_meta_line(&sb, &m, false);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(line_en_da),
		cmocka_unit_test(two_surveys_and_no_date),
		cmocka_unit_test(json_members),
		cmocka_unit_test(no_survey_no_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
