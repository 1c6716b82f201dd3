#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "plan/prices.h"
#include "util/money.h"

#define K(x) ((int64_t)((x) * 10) * MONEY_KDKK / 10)

static void loads_table2_prices(void **state)
{
	(void)state;
	struct price_catalogue c;
	struct vs_error err = {0};
	assert_int_equal(prices_load(VS_TEST_SRCDIR "/data/prices/kk-2025-hardware.csv", &c, &err),
			 VS_OK);
	assert_int_equal(c.n_items, 8);
	static const char *types[] = {"drone", "video_conference_console", "surveillance_camera",
				      "traffic_camera", "laptop_pc", "desktop_pc",
				      "pedagogical_pc", "router"};
	static const int64_t tenth[] = {100, 200, 150, 300, 40, 34, 40, 125};
	for (size_t i = 0; i < 8; i++) {
		assert_string_equal(c.items[i].type, types[i]);
		assert_int_equal(c.items[i].purchase, tenth[i] * MONEY_KDKK / 10);
		assert_int_equal(c.items[i].work, 0);
		assert_int_equal(c.items[i].price_level, 2025);
	}
	assert_string_equal(c.items[5].label_en, "Desktop PC");
	assert_string_equal(c.items[5].label_da, "Stationær PC");
	assert_int_equal(c.items[4].lifespan, 5);
	assert_int_equal(c.n_extras, 0);
	prices_release(&c);
}

static void loads_danish_dialect_and_budget_lines(void **state)
{
	(void)state;
	struct price_catalogue c;
	struct vs_error err = {0};
	assert_int_equal(prices_load(VS_TEST_SRCDIR "/data/prices/kk-2026-cameras.csv", &c, &err),
			 VS_OK);
	assert_int_equal(c.n_items, 2);
	assert_int_equal(prices_item(&c, "traffic_camera")->purchase, K(30));
	assert_int_equal(prices_item(&c, "traffic_camera")->work, K(10));
	assert_int_equal(prices_item(&c, "surveillance_camera")->work, K(5));
	assert_int_equal(c.n_lines, 7);
	const struct budget_line *bl = prices_budget_line(&c, "KFF");
	assert_non_null(bl);
	assert_string_equal(bl->committee, "KFU");
	assert_string_equal(bl->account, "1060");
	assert_string_equal(bl->name, "Kultur og Fritid – Service");
	assert_null(prices_budget_line(&c, "XYZ"));
	prices_release(&c);
}

static void parses_quotes_extras_and_decimal_comma(void **state)
{
	(void)state;
	const char *text = "# comment\n\ndecimal;,\r\n"
			   "price;router;\"Router; \"\"home\"\"\";Router;12,5;0,25;7;2025;3;src\n"
			   "extra;disposal;*;Disposal;Bortskaffelse;0,1;guess\n"
			   "extra;pc_setup;router;Set-up;Klargøring;1;guess\n";
	struct price_catalogue c;
	struct vs_error err = {0};
	assert_int_equal(prices_parse("t.csv", text, strlen(text), &c, &err), VS_OK);
	assert_string_equal(c.items[0].label_en, "Router; \"home\"");
	assert_int_equal(c.items[0].purchase, K(12.5));
	assert_int_equal(c.items[0].work, 25000);
	int64_t x;
	assert_true(prices_extras_per_unit(&c, "router", &x));
	assert_int_equal(x, K(1.1));
	assert_true(prices_extras_per_unit(&c, "drone", &x));
	assert_int_equal(x, K(0.1));
	prices_release(&c);
}

static void expect_error(const char *text, const char *where, const char *why)
{
	struct price_catalogue c;
	struct vs_error err = {0};
	assert_int_equal(prices_parse("bad.csv", text, strlen(text), &c, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, where));
	if (!strstr(err.msg, why))
		fail_msg("'%s' lacks '%s'", err.msg, why);
	assert_int_equal(c.n_items, 0);
}

static void reports_file_and_line(void **state)
{
	(void)state;
	expect_error("price,a,b,c,1,0,5,2025,1,s\n", "bad.csv:1:", "decimal");
	expect_error("decimal,.\n# x\nprice,a,b,c,3,4,0,5,2025,1,s\n", "bad.csv:3:", "10 fields");
	expect_error("decimal,.\nprice,a,b,c,\"3,4\",0,5,2025,1,s\n", "bad.csv:2:", "decimal");
	expect_error("decimal;,\nprice;a;b;c;3.4;0;5;2025;1;s\n", "bad.csv:2:", "decimal");
	expect_error("decimal,.\nprice,a,b,c,1,0,0,2025,1,s\n", "bad.csv:2:", "lifespan");
	expect_error("decimal,.\nprice,a,b,c,1,0,5,2025,1,\n", "bad.csv:2:", "source");
	expect_error("decimal,.\nprice,a,b,c,1,0,5,2025,1,s\nprice,a,b,c,1,0,5,2025,1,s\n",
		     "bad.csv:3:", "twice");
	expect_error("decimal,.\nprice,a,\"b\nc\",c,1,0,5,2025,1,s\nbogus\n", "bad.csv:4:", "price, extra");
	expect_error("decimal,.\nprice,a,\"b\"x,c,1,0,5,2025,1,s\n", "bad.csv:2:", "closing quote");
	expect_error("decimal,.\nprice,a,\"b,c,1,0,5,2025,1,s\n", "bad.csv:2:", "not closed");
	expect_error("decimal,.\nextra,disposal,drone,D,D,1,s\n", "bad.csv:2:", "does not price");
	expect_error("decimal,.\nbudget,ØKF,ØU,1118,,s\n", "bad.csv:2:", "empty");
	expect_error("decimal,.\n\xff\n", "bad.csv", "UTF-8");
	expect_error("", "bad.csv", "empty");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_table2_prices),
		cmocka_unit_test(loads_danish_dialect_and_budget_lines),
		cmocka_unit_test(parses_quotes_extras_and_decimal_comma),
		cmocka_unit_test(reports_file_and_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
