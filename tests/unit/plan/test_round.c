#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "plan/round.h"
#include "util/money.h"

/* ØK59: seven budget lines and two cost categories over 2026-2027. */
static void reproduces_ok59_tables_2_and_3(void **state)
{
	(void)state;
	static const int64_t line_total[7] = {2000, 5620, 140, 740, 6000, 1400, 1240};
	int64_t a[7 * 2], b[2 * 2], ra[7 * 2], rb[2 * 2];
	for (size_t i = 0; i < 7; i++)
		a[i * 2] = a[i * 2 + 1] = line_total[i] * MONEY_KDKK;
	b[0] = b[1] = 12855 * MONEY_KDKK; /* purchase */
	b[2] = b[3] = 4285 * MONEY_KDKK;  /* work */
	struct vs_error err = {0};
	/* Each cell is total / 2: numerator total, denominator 2 thousand DKK. */
	assert_int_equal(round_tables(2, 7, a, 2, b, 2 * MONEY_KDKK, ra, rb, &err), VS_OK);
	for (size_t i = 0; i < 7; i++) {
		assert_int_equal(ra[i * 2], line_total[i] / 2);
		assert_int_equal(ra[i * 2 + 1], line_total[i] / 2);
	}
	assert_int_equal(rb[0], 6427);
	assert_int_equal(rb[1], 6428);
	assert_int_equal(rb[2], 2143);
	assert_int_equal(rb[3], 2142);
}

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int64_t fl(int64_t x, int64_t d)
{
	return money_div(x, d, MONEY_FLOOR);
}

static void check_margin(int64_t exact_num, int64_t den, int64_t rounded)
{
	int64_t f = fl(exact_num, den);
	if (f * den == exact_num)
		assert_int_equal(rounded, f);
	else
		assert_true(rounded == f || rounded == f + 1);
}

/*
 * Property: for random tables sharing their columns, every cell, row total,
 * column total and the grand total is the floor or ceiling of its exact
 * value, every row and column adds up, and both tables agree on each year.
 */
static void random_tables_round_consistently(void **state)
{
	(void)state;
	enum { MAXR = 9, MAXC = 12 };
	int64_t a[MAXR * MAXC], b[MAXR * MAXC], ra[MAXR * MAXC], rb[MAXR * MAXC];
	for (int round = 0; round < 400; round++) {
		size_t nc = 1 + next() % MAXC, na = 1 + next() % MAXR, nb = 1 + next() % MAXR;
		int64_t den = 1 + (int64_t)(next() % 1000);
		if (round % 4 == 0)
			den = (int64_t)nc * MONEY_KDKK;
		/* b is random; a splits each column of b into na random parts. */
		for (size_t k = 0; k < nb; k++)
			for (size_t j = 0; j < nc; j++)
				b[k * nc + j] = (int64_t)(next() % (round % 2 ? 50000 : 5000000));
		for (size_t j = 0; j < nc; j++) {
			int64_t col = 0;
			for (size_t k = 0; k < nb; k++)
				col += b[k * nc + j];
			for (size_t i = 0; i < na; i++) {
				int64_t part = i + 1 == na ? col : (int64_t)(next() % (uint64_t)(col + 1));
				a[i * nc + j] = part;
				col -= part;
			}
		}
		struct vs_error err = {0};
		assert_int_equal(round_tables(nc, na, a, nb, b, den, ra, rb, &err), VS_OK);
		int64_t grand = 0, grand_r = 0;
		for (size_t j = 0; j < nc; j++) {
			int64_t ca = 0, cra = 0, crb = 0;
			for (size_t i = 0; i < na; i++) {
				check_margin(a[i * nc + j], den, ra[i * nc + j]);
				ca += a[i * nc + j];
				cra += ra[i * nc + j];
			}
			for (size_t k = 0; k < nb; k++) {
				check_margin(b[k * nc + j], den, rb[k * nc + j]);
				crb += rb[k * nc + j];
			}
			assert_int_equal(cra, crb);
			check_margin(ca, den, cra);
			grand += ca;
			grand_r += cra;
		}
		check_margin(grand, den, grand_r);
		for (size_t i = 0; i < na; i++) {
			int64_t r = 0, rr = 0;
			for (size_t j = 0; j < nc; j++) {
				r += a[i * nc + j];
				rr += ra[i * nc + j];
			}
			check_margin(r, den, rr);
		}
		for (size_t k = 0; k < nb; k++) {
			int64_t r = 0, rr = 0;
			for (size_t j = 0; j < nc; j++) {
				r += b[k * nc + j];
				rr += rb[k * nc + j];
			}
			check_margin(r, den, rr);
		}
	}
}

/* Equal exact years stay as equal as whole units allow (differ by <= 1). */
static void even_years_stay_even(void **state)
{
	(void)state;
	int64_t a[3 * 7], b[1 * 7], ra[3 * 7], rb[7];
	static const int64_t tot[3] = {1000, 2001, 3004};
	int64_t all = 0;
	for (size_t i = 0; i < 3; i++) {
		all += tot[i];
		for (size_t j = 0; j < 7; j++)
			a[i * 7 + j] = tot[i];
	}
	for (size_t j = 0; j < 7; j++)
		b[j] = all;
	struct vs_error err = {0};
	assert_int_equal(round_tables(7, 3, a, 1, b, 7, ra, rb, &err), VS_OK);
	int64_t lo = rb[0], hi = rb[0], sum = 0;
	for (size_t j = 0; j < 7; j++) {
		lo = rb[j] < lo ? rb[j] : lo;
		hi = rb[j] > hi ? rb[j] : hi;
		sum += rb[j];
	}
	assert_true(hi - lo <= 1);
	assert_int_equal(sum, 6005); /* 6005 / 7 a year is not whole; the sum still is */
	assert_int_equal(lo, 857);
}

static void refuses_inconsistent_tables(void **state)
{
	(void)state;
	int64_t a[2] = {5, 5}, b[2] = {5, 6}, ra[2], rb[2];
	struct vs_error err = {0};
	assert_int_equal(round_tables(2, 1, a, 1, b, 10, ra, rb, &err), VS_EUSAGE);
	int64_t neg[2] = {-5, 5};
	assert_int_equal(round_tables(2, 1, neg, 1, neg, 10, ra, rb, &err), VS_EUSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reproduces_ok59_tables_2_and_3),
		cmocka_unit_test(random_tables_round_consistently),
		cmocka_unit_test(even_years_stay_even),
		cmocka_unit_test(refuses_inconsistent_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
