#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/date.h"

static void validates_partial_dates(void **state)
{
	(void)state;
	assert_true(date_valid("2025"));
	assert_true(date_valid("2022-05"));
	assert_true(date_valid("2024-02-29"));
	assert_false(date_valid("2023-02-29"));
	assert_false(date_valid("2025-13"));
	assert_false(date_valid("2025-1-1"));
	assert_false(date_valid("25"));
	assert_false(date_valid(NULL));
}

static void normalizes_day_first_dates(void **state)
{
	(void)state;
	char out[11];
	assert_true(date_normalize("17-01-2019", out));
	assert_string_equal(out, "2019-01-17");
	assert_true(date_normalize("4.4.2020", out));
	assert_string_equal(out, "2020-04-04");
	assert_true(date_normalize("04/04/2020", out));
	assert_string_equal(out, "2020-04-04");
	assert_true(date_normalize("2021-06", out));
	assert_string_equal(out, "2021-06");
	assert_false(date_normalize("31-02-2020", out));
	assert_false(date_normalize("04-04.2020", out)); /* mixed separators */
	assert_false(date_normalize("2020-04-04x", out));
	assert_false(date_normalize("04-04-20", out));   /* two-digit year: which century? */
	assert_false(date_normalize("", out));
	assert_false(date_normalize("04-04-20201", out));
	uint32_t day = 0;
	assert_true(date_normalize_day("4.4.2020", out, &day));
	assert_int_equal(day, 20200404);
	assert_true(date_normalize_day("2021-06", out, &day));
	assert_int_equal(day, 20210601);
	assert_false(date_normalize_day("2021-06-31", out, &day));
}

/* The store's time stamps: UTC, to the second, years 1970-9999 only. */
static void stamps_utc_seconds(void **state)
{
	(void)state;
	char out[21];
	assert_true(date_utc_stamp(0, out));
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	assert_true(date_utc_stamp(1767225600 + 86399, out));
	assert_string_equal(out, "2026-01-01T23:59:59Z");
	assert_true(date_utc_stamp(253402300799LL, out));
	assert_string_equal(out, "9999-12-31T23:59:59Z");
	assert_false(date_utc_stamp(253402300800LL, out));
	assert_string_equal(out, "");
	assert_false(date_utc_stamp(-1, out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(validates_partial_dates),
		cmocka_unit_test(normalizes_day_first_dates),
		cmocka_unit_test(stamps_utc_seconds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
