#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/money.h"

static const char *fmt(int64_t v, bool da, int mind)
{
	static char buf[64];
	struct strbuf sb = STRBUF_INIT;
	money_format_kdkk(&sb, v, da, mind);
	snprintf(buf, sizeof(buf), "%s", strbuf_str(&sb));
	strbuf_release(&sb);
	return buf;
}

static int64_t parse(const char *s, char dec)
{
	int64_t v = -1;
	assert_true(money_parse_kdkk(s, strlen(s), dec, &v));
	return v;
}

static void formats_as_the_seeds_print(void **state)
{
	(void)state;
	assert_string_equal(fmt(50 * MONEY_KDKK, false, 0), "50");
	assert_string_equal(fmt(11696 * MONEY_KDKK / 10, false, 0), "1,169.6");
	assert_string_equal(fmt(11696 * MONEY_KDKK / 10, true, 0), "1.169,6");
	assert_string_equal(fmt(1794216 * MONEY_KDKK / 10, false, 0), "179,421.6");
	assert_string_equal(fmt(1794216 * MONEY_KDKK / 10, true, 0), "179.421,6");
	assert_string_equal(fmt(1794216 * MONEY_KDKK / 10, true, 2), "179.421,60");
	assert_string_equal(fmt(0, false, 0), "0");
	assert_string_equal(fmt(1, false, 0), "0.00001");
	assert_string_equal(fmt(-125 * MONEY_KDKK / 10, true, 0), "-12,5");
	assert_string_equal(fmt(INT64_MIN, false, 0), "-92,233,720,368,547.75808");
	assert_string_equal(fmt(INT64_MAX, true, 0), "92.233.720.368.547,75807");
	assert_string_equal(fmt(999 * MONEY_KDKK, false, 0), "999");
	assert_string_equal(fmt(1000 * MONEY_KDKK, false, 0), "1,000");
}

static void parses_price_file_amounts(void **state)
{
	(void)state;
	assert_int_equal(parse("3.4", '.'), 340000);
	assert_int_equal(parse("3,4", ','), 340000);
	assert_int_equal(parse("12.5", '.'), 1250000);
	assert_int_equal(parse("10", '.'), 1000000);
	assert_int_equal(parse("0.00001", '.'), 1);
	assert_int_equal(parse("-2", '.'), -200000);
	int64_t v = 7;
	assert_false(money_parse_kdkk("3,4", 3, '.', &v)); /* wrong convention: refused, not 34 */
	assert_false(money_parse_kdkk("3.", 2, '.', &v));
	assert_false(money_parse_kdkk(".5", 2, '.', &v));
	assert_false(money_parse_kdkk("", 0, '.', &v));
	assert_false(money_parse_kdkk("1.000001", 8, '.', &v));
	assert_false(money_parse_kdkk("1 000", 5, '.', &v));
	assert_false(money_parse_kdkk("99999999999999999", 17, '.', &v));
	assert_false(money_parse_kdkk("-", 1, '.', &v));
	assert_int_equal(v, 7); /* untouched on failure */
}

static void arithmetic_reports_overflow(void **state)
{
	(void)state;
	int64_t r = 0;
	assert_true(money_add(2, 3, &r));
	assert_int_equal(r, 5);
	assert_false(money_add(INT64_MAX, 1, &r));
	assert_false(money_sub(INT64_MIN, 1, &r));
	assert_true(money_mul(340000, 344, &r));
	assert_int_equal(r, 116960000); /* 344 × 3.4 = 1,169.6 exactly */
	assert_false(money_mul(INT64_MAX / 2, 3, &r));
	assert_false(money_mul(INT64_MIN, -1, &r));
}

static void division_rounds_as_stated(void **state)
{
	(void)state;
	assert_int_equal(money_div(7, 2, MONEY_FLOOR), 3);
	assert_int_equal(money_div(-7, 2, MONEY_FLOOR), -4);
	assert_int_equal(money_div(7, 2, MONEY_HALF_UP), 4);
	assert_int_equal(money_div(-7, 2, MONEY_HALF_UP), -4);
	assert_int_equal(money_div(5, 2, MONEY_HALF_EVEN), 2);
	assert_int_equal(money_div(7, 2, MONEY_HALF_EVEN), 4);
	assert_int_equal(money_div(-5, 2, MONEY_HALF_EVEN), -2);
	assert_int_equal(money_div(8, 3, MONEY_HALF_UP), 3);
	assert_int_equal(money_div(7, 3, MONEY_HALF_EVEN), 2);
	assert_int_equal(money_div(INT64_MAX, INT64_MAX, MONEY_HALF_UP), 1);
	assert_int_equal(money_div(INT64_MIN, INT64_MAX, MONEY_FLOOR), -2);
}

/* Property: any split sums exactly and its parts differ by at most one. */
static void random_splits_sum_exactly(void **state)
{
	(void)state;
	uint64_t x = 0x9E3779B97F4A7C15ull;
	int64_t parts[97];
	for (int round = 0; round < 20000; round++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int64_t total = (int64_t)(x >> 4) % (INT64_MAX / 2);
		if (round % 3 == 0)
			total = -total;
		if (round % 5 == 0)
			total %= 1000;
		size_t n = 1 + (size_t)(x % 97);
		money_split(total, n, parts);
		int64_t sum = 0, lo = parts[0], hi = parts[0];
		for (size_t i = 0; i < n; i++) {
			assert_true(money_add(sum, parts[i], &sum));
			lo = parts[i] < lo ? parts[i] : lo;
			hi = parts[i] > hi ? parts[i] : hi;
		}
		assert_int_equal(sum, total);
		assert_true(hi - lo <= 1);
		/* Format then parse is the identity. */
		struct strbuf sb = STRBUF_INIT;
		money_format_kdkk(&sb, parts[0], false, 0);
		char plain[64];
		size_t k = 0;
		for (const char *p = strbuf_str(&sb); *p && k + 1 < sizeof(plain); p++)
			if (*p != ',')
				plain[k++] = *p;
		plain[k] = 0;
		int64_t back;
		assert_true(money_parse_kdkk(plain, k, '.', &back));
		assert_int_equal(back, parts[0]);
		strbuf_release(&sb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_as_the_seeds_print),
		cmocka_unit_test(parses_price_file_amounts),
		cmocka_unit_test(arithmetic_reports_overflow),
		cmocka_unit_test(division_rounds_as_stated),
		cmocka_unit_test(random_splits_sum_exactly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
