/*
 * Money as fixed point: an int64_t count of øre (1/100 DKK). Budgets are
 * printed in thousand DKK, so one thousand DKK is MONEY_KDKK = 100,000 units.
 *
 * Why not double: the seeds' tables must add up to the digit (1,169.6 +
 * ... = 179,421.6) and every row and column of a budget must sum exactly;
 * binary fractions cannot hold 3.4 or 0.1. Every operation here is exact or
 * says how it rounds, and every one reports overflow instead of wrapping
 * (int64 øre holds ±92 million million DKK, so overflow means bad input).
 */
#ifndef VS_UTIL_MONEY_H
#define VS_UTIL_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

#define MONEY_KDKK 100000LL /* units (øre) in one thousand DKK */
#define MONEY_DECIMALS 5    /* decimals of a thousand-DKK amount one unit needs */

/* a + b; false (and *out untouched) on overflow. */
bool money_add(int64_t a, int64_t b, int64_t *out);
/* a - b; false on overflow. */
bool money_sub(int64_t a, int64_t b, int64_t *out);
/* amount × count (a unit price times a number of units); false on overflow. */
bool money_mul(int64_t amount, int64_t count, int64_t *out);

enum money_round {
	MONEY_FLOOR,     /* toward minus infinity */
	MONEY_HALF_UP,   /* nearest, halves away from zero (as spreadsheets ROUND) */
	MONEY_HALF_EVEN, /* nearest, halves to the even neighbour */
};
/* a / d rounded as asked; d > 0. Exact (no intermediate overflow). */
int64_t money_div(int64_t a, int64_t d, enum money_round r);

/*
 * Split total into n parts that differ by at most one unit and sum to total
 * exactly (the first total mod n parts get the extra unit). n > 0.
 */
void money_split(int64_t total, size_t n, int64_t *parts);

/*
 * Append an amount in thousand DKK with the decimals it needs and no more
 * (50, 1,169.6, 179,421.6, 0.12345), grouped in thousands: English
 * "179,421.6", Danish "179.421,6". min_decimals forces at least that many
 * (a column printed with one decimal throughout).
 */
void money_format_kdkk(struct strbuf *out, int64_t amount, bool danish, int min_decimals);

/*
 * Parse a thousand-DKK amount as price files write it: digits, an optional
 * decimal separator `dec` ('.' or ',') and up to MONEY_DECIMALS decimals, an
 * optional leading '-'. No grouping separators (a price file states
 * `decimal` once so "3,4" cannot be misread as 34). False on anything else
 * or overflow.
 */
bool money_parse_kdkk(const char *s, size_t n, char dec, int64_t *out);

/* Number of decimals a thousand-DKK amount needs (0 for 50, 1 for 1,169.6). */
int money_decimals_needed(int64_t amount);

#endif
