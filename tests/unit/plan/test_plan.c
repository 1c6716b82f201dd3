#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "plan/plan.h"
#include "util/money.h"

#define KDKK(x) ((int64_t)(x) * MONEY_KDKK)

/* Oracle 1: the 2025 inventory (seed 001 Tabel 1) as plan units. */
static void kk2025(struct plan_units *l, bool cameras_only)
{
	static const struct {
		const char *type, *dept;
		int64_t n, lo, hi;
	} rows[] = {
		{"drone", "TMF", 5, 5, 5},
		{"video_conference_console", "ØKF", 108, 108, 108},
		{"surveillance_camera", "ØKF", 100, 100, 100},
		{"surveillance_camera", "SOF", 281, 281, 281},
		{"surveillance_camera", "SUF", 7, 7, 7},
		{"surveillance_camera", "KFF", 37, 37, 37},
		{"surveillance_camera", "BUF", 300, 200, 300},
		{"surveillance_camera", "BIF", 70, 70, 70},
		{"traffic_camera", "TMF", 13, 13, 13},
		{"traffic_camera", "TMF", 18, 18, 18},
		{"laptop_pc", "ØKF", 3246, 3246, 3246},
		{"laptop_pc", "SOF", 9, 9, 9},
		{"desktop_pc", "ØKF", 344, 344, 344},
		{"pedagogical_pc", "BUF", 37323, 37323, 37323},
		{"router", "SOF", 70, 70, 70},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (cameras_only && !strstr(rows[i].type, "camera"))
			continue;
		struct plan_unit u = {(char *)rows[i].type, (char *)rows[i].dept, rows[i].n,
				      rows[i].lo, rows[i].hi, rows[i].lo != rows[i].hi, 0, 0, -1};
		assert_true(plan_units_add(l, &u));
	}
}

static void load(const char *name, struct price_catalogue *c)
{
	char path[512];
	struct vs_error err = {0};
	snprintf(path, sizeof(path), "%s/data/prices/%s", VS_TEST_SRCDIR, name);
	assert_int_equal(prices_load(path, c, &err), VS_OK);
}

static struct plan_strategy strat(const char *s)
{
	struct plan_strategy st;
	char why[200];
	assert_true(plan_strategy_parse(s, &st, why, sizeof(why)));
	return st;
}

static void immediate_is_table2(void **state)
{
	(void)state;
	struct plan_units u = {0};
	struct price_catalogue c;
	struct plan_result r;
	struct vs_error err = {0};
	kk2025(&u, false);
	load("kk-2025-hardware.csv", &c);
	struct plan_strategy s = strat("immediate");
	assert_int_equal(plan_run(&u, &c, &s, 2025, &r, &err), VS_OK);
	assert_int_equal(r.total_all, KDKK(1794216) / 10); /* 179,421.6 */
	assert_int_equal(r.total[PLAN_PURCHASE], r.total_all);
	assert_int_equal(r.total_units, 41931);
	assert_int_equal(r.n_years, 1);
	assert_int_equal(r.last_year, 2025);
	assert_int_equal(r.remaining[0], 0);
	assert_int_equal(plan_line_total(&r, 12, PLAN_PURCHASE), KDKK(11696) / 10);
	assert_int_equal(r.n_assumed, u.n);
	/* Evenly spread ages: ØKF's 3,246 laptops are 650 + 4 × 649 reaching end of
	 * life in 2025..2029, so replacing them all in 2025 loses 4 × 649 ×
	 * (1+2+3+4) / 5 of value; SOF's 9 are 2+2+2+2+1. */
	assert_int_equal(r.lines[10].residual_lost, KDKK(4) * 649 * 10 / 5);
	assert_int_equal(r.lines[11].residual_lost, KDKK(4) * (0 * 2 + 1 * 2 + 2 * 2 + 3 * 2 + 4 * 1) / 5);
	plan_result_release(&r);
	prices_release(&c);
	plan_units_release(&u);
}

static void years2_is_ok59(void **state)
{
	(void)state;
	struct plan_units u = {0};
	struct price_catalogue c;
	struct plan_result r;
	struct vs_error err = {0};
	kk2025(&u, true);
	load("kk-2026-cameras.csv", &c);
	struct plan_strategy s = strat("years:2");
	assert_int_equal(plan_run(&u, &c, &s, 2026, &r, &err), VS_OK);
	assert_int_equal(r.total_units, 826);
	assert_int_equal(r.total[PLAN_PURCHASE], KDKK(12855));
	assert_int_equal(r.total[PLAN_WORK], KDKK(4285));
	assert_int_equal(r.total_all, KDKK(17140));
	assert_int_equal(r.den, 2);
	assert_int_equal(r.n_years, 2);
	assert_int_equal(r.last_year, 2027);
	assert_int_equal(r.remaining[0], 413);
	/* Each line's yearly cost is half its total, exactly. */
	assert_int_equal(plan_cost_num(&r, 1, 0, PLAN_PURCHASE), KDKK(4215)); /* SOF / 2 */
	/* Same schedule through deadline:2027. */
	struct plan_result d;
	s = strat("deadline:2027");
	assert_int_equal(plan_run(&u, &c, &s, 2026, &d, &err), VS_OK);
	assert_int_equal(d.n_years, 2);
	assert_int_equal(d.residual_lost, r.residual_lost);
	plan_result_release(&d);
	s = strat("deadline:2025");
	assert_int_equal(plan_run(&u, &c, &s, 2026, &d, &err), VS_EUSAGE);
	plan_result_release(&r);
	prices_release(&c);
	plan_units_release(&u);
}

static void natural_loses_nothing_and_ends_with_the_longest_life(void **state)
{
	(void)state;
	struct plan_units u = {0};
	struct price_catalogue c;
	struct plan_result r;
	struct vs_error err = {0};
	kk2025(&u, false);
	load("kk-2025-hardware.csv", &c);
	struct plan_strategy s = strat("natural");
	assert_int_equal(plan_run(&u, &c, &s, 2025, &r, &err), VS_OK);
	assert_int_equal(r.residual_lost, 0);
	assert_int_equal(r.total_all, KDKK(1794216) / 10);
	assert_int_equal(r.n_years, 15);     /* traffic cameras live 15 years */
	assert_int_equal(r.last_year, 2039);
	/* PCs (5 y) are gone after 2029: what remains are cameras, consoles, routers. */
	/* Left after 2029: the batches reaching end of life in 2030 or later.
	 * Each row splits into L batches, the first (count mod L) one unit
	 * larger: cameras 50+140+2+17+150+35, traffic 8+10, consoles 30, routers 20. */
	assert_int_equal(r.remaining[4], 394 + 18 + 30 + 20);
	for (size_t y = 1; y < r.n_years; y++)
		assert_true(r.remaining[y] <= r.remaining[y - 1]);
	plan_result_release(&r);
	/* A known acquisition year: replaced at acquired + lifespan. */
	struct plan_units one = {0};
	struct plan_unit x = {"router", "SOF", 4, 4, 4, false, 2020, 0, 1};
	assert_true(plan_units_add(&one, &x));
	assert_int_equal(plan_run(&one, &c, &s, 2025, &r, &err), VS_OK);
	assert_int_equal(r.last_year, 2027);
	assert_int_equal(r.lines[0].replaced[2], 4);
	plan_result_release(&r);
	s = strat("immediate");
	assert_int_equal(plan_run(&one, &c, &s, 2025, &r, &err), VS_OK);
	/* 2 of 7 years left: 4 × 12.5 × 2 / 7 = 14.28571 (to the øre: 14.28571). */
	assert_int_equal(r.residual_lost, money_div(KDKK(50) * 2, 7, MONEY_HALF_UP));
	plan_result_release(&r);
	plan_units_release(&one);
	prices_release(&c);
	plan_units_release(&u);
}

static void budget_buys_critical_and_exposed_first(void **state)
{
	(void)state;
	struct plan_units u = {0};
	struct price_catalogue c;
	struct plan_result r;
	struct vs_error err = {0};
	load("kk-2025-hardware.csv", &c);
	struct plan_unit a = {"laptop_pc", "ØKF", 10, 10, 10, false, 0, 0, 0};
	struct plan_unit b = {"router", "SOF", 3, 3, 3, false, 0, 0, 1};
	struct plan_unit d = {"drone", "TMF", 2, 2, 2, false, 0, 0, 0};
	assert_true(plan_units_add(&u, &a));
	assert_true(plan_units_add(&u, &d));
	assert_true(plan_units_add(&u, &b));
	struct plan_strategy s = strat("budget:40");
	assert_int_equal(plan_run(&u, &c, &s, 2025, &r, &err), VS_OK);
	/* Critical routers first, then laptops (exposure 5) before drones (4). */
	assert_int_equal(r.order[0], 2);
	assert_int_equal(r.order[1], 0);
	assert_int_equal(r.order[2], 1);
	/* 2025: 3 routers (37.5); 2026: 10 laptops (40); 2027: 2 drones. */
	assert_int_equal(r.lines[2].replaced[0], 3);
	assert_int_equal(r.lines[0].replaced[0], 0);
	assert_int_equal(r.lines[0].replaced[1], 10);
	assert_int_equal(r.lines[1].replaced[2], 2);
	assert_int_equal(r.last_year, 2027);
	assert_int_equal(r.remaining[0], 12);
	plan_result_release(&r);
	s = strat("budget:9");
	assert_int_equal(plan_run(&u, &c, &s, 2025, &r, &err), VS_EUSAGE);
	assert_non_null(strstr(err.msg, "router"));
	prices_release(&c);
	plan_units_release(&u);
}

static void names_a_missing_price(void **state)
{
	(void)state;
	struct plan_units u = {0};
	struct price_catalogue c;
	struct plan_result r;
	struct vs_error err = {0};
	kk2025(&u, false);
	load("kk-2026-cameras.csv", &c);
	struct plan_strategy s = strat("immediate");
	assert_int_equal(plan_run(&u, &c, &s, 2026, &r, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "kk-2026-cameras.csv: no price for type 'drone'"));
	prices_release(&c);
	plan_units_release(&u);
}

static void parses_strategies(void **state)
{
	(void)state;
	struct plan_strategy s;
	char why[200], name[64];
	static const char *ok[] = {"immediate", "natural", "years:2", "deadline:2030", "budget:5000",
				   "budget:12.5"};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_true(plan_strategy_parse(ok[i], &s, why, sizeof(why)));
		plan_strategy_name(&s, name, sizeof(name));
		assert_string_equal(name, ok[i]);
	}
	static const char *bad[] = {"", "years:0", "years:x", "years:101", "deadline:20", "budget:0",
				    "budget:1,5", "later"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(plan_strategy_parse(bad[i], &s, why, sizeof(why)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(immediate_is_table2),
		cmocka_unit_test(years2_is_ok59),
		cmocka_unit_test(natural_loses_nothing_and_ends_with_the_longest_life),
		cmocka_unit_test(budget_buys_critical_and_exposed_first),
		cmocka_unit_test(names_a_missing_price),
		cmocka_unit_test(parses_strategies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
