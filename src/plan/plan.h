/*
 * Phase-out strategies: pure functions from the units in scope and a price
 * catalogue to a schedule (units replaced per year) and its cost. No I/O;
 * report/ turns a result into the seeds' tables.
 *
 * Assumptions a result states (report/ prints them):
 *  - A unit's natural end of life is its acquisition year + lifespan (the
 *    unit's own lifespan, else the catalogue's). When the acquisition year
 *    is not known, the units of that row are assumed evenly spread in age,
 *    as a fleet renewed steadily is: 1/L of them reach end of life in each of
 *    the next L years, starting with the first plan year.
 *  - Residual value lost by replacing a unit before its end of life is
 *    straight-line: unit purchase price × years of life left / lifespan
 *    (today's price stands in for the unknown original price), rounded to
 *    the øre per batch.
 *  - Early replacement under years:N, deadline:Y and budget:A takes the
 *    units nearest their end of life first, so the residual lost is the
 *    least that schedule allows.
 */
#ifndef VS_PLAN_PLAN_H
#define VS_PLAN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan/prices.h"
#include "plan/round.h"
#include "util/err.h"

#define PLAN_MAX_YEARS ROUND_MAX_COLS
/* The largest cost a plan accepts (about 90 million million DKK): far above
 * any real budget, and low enough that every sum and rounding a report does
 * has 10 bits of headroom in int64. */
#define PLAN_MAX_MONEY (INT64_MAX / 1024)

/* One row of units in scope (an asset or an aggregate of assets). */
struct plan_unit {
	char *type;
	char *department;     /* NULL: not known */
	int64_t count;        /* the figure budgets use */
	int64_t low, high;    /* range; high -1 = unbounded ("150+") */
	bool estimated;
	int acquired;         /* year; 0 = not known */
	int lifespan;         /* years; 0 = the catalogue's */
	int critical;         /* 1 yes, 0 no, -1 not known */
};

struct plan_units {
	struct plan_unit *u;
	size_t n, alloc;
};

/* Append a copy; false on allocation failure. */
bool plan_units_add(struct plan_units *l, const struct plan_unit *u);
void plan_units_release(struct plan_units *l);

enum plan_kind { PLAN_IMMEDIATE, PLAN_YEARS, PLAN_DEADLINE, PLAN_NATURAL, PLAN_BUDGET };

struct plan_strategy {
	enum plan_kind kind;
	int years;      /* years:N */
	int deadline;   /* deadline:YEAR (last year of replacement, inclusive) */
	int64_t budget; /* budget:AMOUNT per year, money units */
};

/* "immediate", "natural", "years:2", "deadline:2027", "budget:5000" (thousand
 * DKK a year, '.' decimals). False with a reason on anything else. */
bool plan_strategy_parse(const char *s, struct plan_strategy *out, char *why, size_t why_len);
/* The strategy as it was written (years:2). */
void plan_strategy_name(const struct plan_strategy *s, char *buf, size_t len);

enum plan_cat { PLAN_PURCHASE, PLAN_WORK, PLAN_EXTRA, PLAN_N_CATS };

struct plan_line {
	const struct plan_unit *unit;
	const struct price_item *price;
	int lifespan;             /* the one used */
	bool assumed_ages;        /* acquisition year not known: evenly spread ages */
	int64_t unit_cost[PLAN_N_CATS];
	int64_t *replaced;        /* units replaced per plan year */
	int64_t residual_lost;    /* money units */
};

struct plan_result {
	struct plan_strategy strategy;
	int from;                 /* first plan year */
	size_t n_years;
	/* Yearly costs are numerators over den: years:N and deadline:Y spread
	 * each row's cost evenly over the years (as ØK59 does), which is exact
	 * only as a fraction. den is 1 for the other strategies. */
	int64_t den;
	struct plan_line *lines;  /* one per unit, same order */
	size_t n_lines;
	size_t *order;            /* budget: lines in the order money goes to them */
	int64_t *remaining;       /* units still in place at the end of each year */
	int64_t total_units;
	int64_t total[PLAN_N_CATS];
	int64_t total_all;
	int64_t residual_lost;
	/* Sum over lines of a unit's cost times the largest of count, low and
	 * high: a bound on every cost range a report adds up (checked). */
	int64_t range_high;
	int last_year;            /* the year the last unit leaves; 0: nothing in scope */
	size_t n_assumed;         /* lines with assumed ages */
};

/*
 * Run strategy s from year `from` over units priced by cat. Fails with
 * VS_EBADVAL when a type has no price (the message names it), VS_EUSAGE for
 * a deadline before `from` or a budget below one unit's cost, VS_ETOOBIG
 * when the plan would take more than PLAN_MAX_YEARS or overflow.
 */
enum vs_err plan_run(const struct plan_units *units, const struct price_catalogue *cat,
		     const struct plan_strategy *s, int from, struct plan_result *out,
		     struct vs_error *err);
void plan_result_release(struct plan_result *r);

/* Cost of one line in one plan year and category, as a numerator over r->den. */
int64_t plan_cost_num(const struct plan_result *r, size_t line, size_t year, enum plan_cat c);
/* Whole-plan cost of a line in a category (exact money units). */
int64_t plan_line_total(const struct plan_result *r, size_t line, enum plan_cat c);

#endif
