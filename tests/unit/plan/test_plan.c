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
	/* A second row of the type: the message counts every unit of it (issue
	 * 15 point 9: it gave the first row's 5). */
	struct plan_unit more = {(char *)"drone", (char *)"KFF", 4, 4, 4, false, 0, 0, -1};
	assert_true(plan_units_add(&u, &more));
	load("kk-2026-cameras.csv", &c);
	struct plan_strategy s = strat("immediate");
	assert_int_equal(plan_run(&u, &c, &s, 2026, &r, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "kk-2026-cameras.csv: no price for type 'drone' (9 units in scope)"));
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

static uint64_t rng = 0x853C49E6748FEA9Bull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int64_t spent(const struct plan_result *r, size_t y)
{
	int64_t s = 0;
	for (size_t i = 0; i < r->n_lines; i++)
		for (int c = 0; c < PLAN_N_CATS; c++)
			s += plan_cost_num(r, i, y, (enum plan_cat)c);
	return s;
}

/*
 * Property: for random inventories (known and unknown acquisition years,
 * own lifespans, critical or not) every strategy replaces each unit exactly
 * once, the remaining count never rises and reaches 0 in last_year, natural
 * loses no residual value and immediate loses the most, years:N keeps the
 * yearly unit totals within one of each other, and budget:A never spends
 * more than A in a year.
 */
static void random_inventories_keep_the_invariants(void **state)
{
	(void)state;
	struct price_catalogue c;
	load("kk-2025-hardware.csv", &c);
	static const char *depts[] = {"ØKF", "SOF", "SUF", "KFF", "BUF", "BIF", "TMF"};
	for (int round = 0; round < 150; round++) {
		struct plan_units u = {0};
		size_t n = 1 + next() % 12;
		for (size_t i = 0; i < n; i++) {
			int64_t cnt = (int64_t)(next() % (round % 3 ? 400 : 40000));
			struct plan_unit x = {c.items[next() % c.n_items].type,
					      (char *)depts[next() % 7], cnt, cnt, cnt, false,
					      next() % 2 ? 2010 + (int)(next() % 20) : 0,
					      next() % 3 ? 0 : 1 + (int)(next() % 12),
					      (int)(next() % 3) - 1};
			assert_true(plan_units_add(&u, &x));
		}
		/* The budget finishes within PLAN_MAX_YEARS: at most 12 rows of 400
		 * (or 40,000) units at 30 is 144 (14,400) thousand a year over 100 years. */
		const char *names[] = {"immediate", "natural", "years:3", "deadline:2030",
				       round % 3 ? "budget:900" : "budget:200000"};
		int64_t residual[5];
		for (size_t k = 0; k < 5; k++) {
			struct plan_result r;
			struct vs_error err = {0};
			struct plan_strategy s = strat(names[k]);
			if (plan_run(&u, &c, &s, 2026, &r, &err))
				fail_msg("%s: %s", names[k], err.msg);
			int64_t total = 0;
			for (size_t i = 0; i < r.n_lines; i++) {
				int64_t sum = 0;
				for (size_t y = 0; y < r.n_years; y++)
					sum += r.lines[i].replaced[y];
				assert_int_equal(sum, u.u[i].count);
				total += sum;
			}
			assert_int_equal(total, r.total_units);
			int64_t prev = r.total_units;
			for (size_t y = 0; y < r.n_years; y++) {
				assert_true(r.remaining[y] <= prev);
				prev = r.remaining[y];
			}
			assert_int_equal(prev, 0);
			if (r.total_units)
				assert_true(r.last_year >= 2026 && r.last_year < 2026 + (int)r.n_years &&
					    r.remaining[r.last_year - 2026] == 0 &&
					    (r.last_year == 2026 || r.remaining[r.last_year - 2027] > 0));
			if (s.kind == PLAN_YEARS || s.kind == PLAN_DEADLINE) {
				int64_t lo = INT64_MAX, hi = 0;
				for (size_t y = 0; y < r.n_years; y++) {
					int64_t done = 0;
					for (size_t i = 0; i < r.n_lines; i++)
						done += r.lines[i].replaced[y];
					lo = done < lo ? done : lo;
					hi = done > hi ? done : hi;
				}
				assert_true(hi - lo <= 1);
				/* Money: each year is exactly total / N. */
				for (size_t y = 0; y < r.n_years; y++)
					assert_int_equal(spent(&r, y), r.total_all);
				assert_int_equal(r.den, (int64_t)r.n_years);
			}
			if (s.kind == PLAN_BUDGET)
				for (size_t y = 0; y < r.n_years; y++)
					assert_true(spent(&r, y) <= s.budget);
			residual[k] = r.residual_lost;
			plan_result_release(&r);
		}
		assert_int_equal(residual[1], 0);
		for (size_t k = 2; k < 5; k++)
			assert_true(residual[0] >= residual[k]);
		plan_units_release(&u);
	}
	prices_release(&c);
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
		cmocka_unit_test(random_inventories_keep_the_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
