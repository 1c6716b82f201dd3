/* count_parse: every form import.h promises, and every refusal with its reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "import/import.h"

static void expect(const char *text, int64_t value, int64_t low, int64_t high, bool estimated)
{
	struct count c = {-7, -7, -7, false};
	const char *why = "unset";
	if (!count_parse(text, &c, &why))
		fail_msg("\"%s\" refused: %s", text, why);
	if (c.value != value || c.low != low || c.high != high || c.estimated != estimated)
		fail_msg("\"%s\": value %lld low %lld high %lld est %d; expected %lld %lld %lld %d", text,
			 (long long)c.value, (long long)c.low, (long long)c.high, c.estimated,
			 (long long)value, (long long)low, (long long)high, estimated);
	assert_null(why);
}

static void refuse(const char *text, const char *reason_start)
{
	struct count c = {-7, -7, -7, false};
	const char *why = NULL;
	if (count_parse(text, &c, &why))
		fail_msg("\"%s\" accepted as %lld", text, (long long)c.value);
	assert_non_null(why);
	if (strncmp(why, reason_start, strlen(reason_start)) != 0)
		fail_msg("\"%s\": reason \"%s\", expected \"%s…\"", text, why, reason_start);
	/* A refused count leaves the output alone. */
	assert_int_equal(c.value, -7);
}

static void exact_counts(void **state)
{
	(void)state;
	expect("300", 300, 300, 300, false);
	expect("0", 0, 0, 0, false);
	expect(" 7 ", 7, 7, 7, false);
	expect("\xC2\xA0" "42\xC2\xA0", 42, 42, 42, false); /* NBSP from Excel */
	expect("100000000", 100000000, 100000000, 100000000, false);
	expect("007", 7, 7, 7, false);
	/* The digits-only shortcut's edges: eight digits, then the long way. */
	expect("99999999", 99999999, 99999999, 99999999, false);
	refuse("100000001", "more than");
	refuse("1\x01", "not a count");
}

static void thousands_separators(void **state)
{
	(void)state;
	expect("3.246", 3246, 3246, 3246, false);
	expect("3,246", 3246, 3246, 3246, false);
	expect("37.323", 37323, 37323, 37323, false);
	expect("1.234.567", 1234567, 1234567, 1234567, false);
	expect("1,234,567", 1234567, 1234567, 1234567, false);
	expect("100.000.000", 100000000, 100000000, 100000000, false);
}

static void approximate_counts(void **state)
{
	(void)state;
	expect("~277", 277, 277, 277, true);
	expect("~ 277", 277, 277, 277, true);
	expect("ca. 650", 650, 650, 650, true);
	expect("ca.650", 650, 650, 650, true);
	expect("Ca. 650", 650, 650, 650, true);
	expect("ca 650", 650, 650, 650, true);
	expect("cirka 650", 650, 650, 650, true);
	expect("circa 650", 650, 650, 650, true);
	expect("approx. 40", 40, 40, 40, true);
	expect("approx 40", 40, 40, 40, true);
	expect("approximately 40", 40, 40, 40, true);
	expect("about 40", 40, 40, 40, true);
	expect("omkring 40", 40, 40, 40, true);
	expect("ca. 3.246", 3246, 3246, 3246, true);
}

static void ranges_count_at_the_upper_end(void **state)
{
	(void)state;
	expect("200-300", 300, 200, 300, true);
	expect("200\xE2\x80\x93" "300", 300, 200, 300, true); /* en dash */
	expect("200\xE2\x80\x94" "300", 300, 200, 300, true); /* em dash */
	expect("200 - 300", 300, 200, 300, true);
	expect("200 \xE2\x80\x93 300", 300, 200, 300, true);
	expect("300-300", 300, 300, 300, true);
	expect("ca. 200-300", 300, 200, 300, true);
	expect("1.000-2.000", 2000, 1000, 2000, true);
}

static void open_ended_counts(void **state)
{
	(void)state;
	expect("150+", 150, 150, -1, true);
	expect("150 +", 150, 150, -1, true);
	expect("0+", 0, 0, -1, true);
	expect("~150+", 150, 150, -1, true);
}

static void refusals(void **state)
{
	(void)state;
	refuse("", "empty");
	refuse("   ", "empty");
	refuse(NULL, "empty");
	refuse("-5", "negative");
	refuse("- 5", "negative");
	refuse("\xE2\x88\x92" "5", "negative"); /* U+2212 minus sign */
	refuse("\xE2\x80\x93" "5", "negative");
	refuse("3.5", "fractional");
	refuse("3,5", "fractional");
	refuse("3,50", "fractional");
	refuse("3.2460", "fractional");
	refuse("0.500", "fractional");
	refuse("1234.567", "fractional");
	refuse("1.234,5", "fractional");
	refuse("1.234,567", "fractional");
	refuse("1.23.456", "fractional");
	refuse("100000001", "more than 100000000");
	refuse("100.000.001", "more than 100000000");
	refuse("99999999999999999999999", "more than 100000000");
	refuse("1-99999999999999999999", "more than 100000000");
	refuse("300-200", "the range's low end is above its high end");
	refuse("abc", "not a count");
	refuse("300 stk", "not a count");
	refuse("12abc", "not a count");
	refuse("cat 5", "not a count");
	refuse("ca650", "not a count");
	refuse("~", "not a count");
	refuse("ca.", "not a count");
	refuse("200-", "not a count");
	refuse("200--300", "not a count");
	refuse("+5", "not a count");
	refuse("5++", "not a count");
	refuse("150+300", "not a count");
	refuse("1 2", "not a count");
	refuse("300.", "not a count");
	refuse(".300", "not a count");
}

static void reason_pointer_may_be_null(void **state)
{
	(void)state;
	struct count c;
	assert_false(count_parse("x", &c, NULL));
	assert_true(count_parse("5", &c, NULL));
	assert_int_equal(c.value, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_counts),
		cmocka_unit_test(thousands_separators),
		cmocka_unit_test(approximate_counts),
		cmocka_unit_test(ranges_count_at_the_upper_end),
		cmocka_unit_test(open_ended_counts),
		cmocka_unit_test(refusals),
		cmocka_unit_test(reason_pointer_may_be_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
