/*
 * Controlled rounding: round a budget to whole units so that every row and
 * every column still sums to its own rounded total.
 *
 * A yearly plan has two tables that share their columns (the years): cost
 * category × year (ØK59 Tabel 2: purchase, work) and budget line × year
 * (Tabel 3: ØU 1118, SOC 3425, ...). Rounding cells one by one breaks the
 * sums (6,427.5 + 2,142.5 rounds to 6,428 + 2,143 = 8,571, not 8,570).
 * Instead each cell goes to its floor or its ceiling, each row total,
 * column total and the grand total likewise, and everything adds up.
 *
 * Why it always exists: the chain source → A rows → A cells → years →
 * B cells → B rows → sink is a flow network whose bounds (floor, ceiling)
 * are integers; the exact values are a feasible fractional flow, so an
 * integral one exists (flow integrality). We find the one of least cost by
 * a min-cost circulation. The cost makes the choice predictable:
 *   1. cells round to the nearer whole unit where the sums allow (the total
 *      distance from the exact values is minimal, to 1/1024 of a unit);
 *   2. among equally near choices, a cell rounds up in a later year rather
 *      than an earlier one (money is not shown as spent before the exact
 *      plan spends it), and the rows listed first keep that preference
 *      when the totals force one row to round up early.
 * With ØK59 that gives purchase 6,427 + 6,428 and work 2,143 + 2,142.
 */
#ifndef VS_PLAN_ROUND_H
#define VS_PLAN_ROUND_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define ROUND_MAX_ROWS 256
#define ROUND_MAX_COLS 100

/*
 * a: na × nc numerators (row-major), b: nb × nc; every value is x / den of
 * the rounding unit (den > 0, values >= 0). Each column of a must sum to
 * the same as that column of b. Writes whole units to ra (na × nc) and
 * rb (nb × nc). VS_EUSAGE for inconsistent input, VS_ETOOBIG beyond the
 * limits, VS_ENOMEM.
 */
enum vs_err round_tables(size_t nc, size_t na, const int64_t *a, size_t nb, const int64_t *b,
			 int64_t den, int64_t *ra, int64_t *rb, struct vs_error *err);

#endif
