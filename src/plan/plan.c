#include "plan/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/money.h"
#include "util/text.h"

bool plan_units_add(struct plan_units *l, const struct plan_unit *u)
{
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 16;
		struct plan_unit *nu = realloc(l->u, na * sizeof(*nu));
		if (!nu)
			return false;
		l->u = nu;
		l->alloc = na;
	}
	struct plan_unit c = *u;
	c.type = str_dup_or_null(u->type);
	c.department = str_dup_or_null(u->department);
	if (!c.type || (u->department && !c.department)) {
		free(c.type);
		free(c.department);
		return false;
	}
	l->u[l->n++] = c;
	return true;
}

void plan_units_release(struct plan_units *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->u[i].type);
		free(l->u[i].department);
	}
	free(l->u);
	memset(l, 0, sizeof(*l));
}

static bool parse_year_count(const char *s, int lo, int hi, int *out)
{
	long v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
		if (v > hi)
			return false;
	}
	if (v < lo)
		return false;
	*out = (int)v;
	return true;
}

bool plan_strategy_parse(const char *s, struct plan_strategy *out, char *why, size_t why_len)
{
	memset(out, 0, sizeof(*out));
	if (strcmp(s, "immediate") == 0) {
		out->kind = PLAN_IMMEDIATE;
		return true;
	}
	if (strcmp(s, "natural") == 0) {
		out->kind = PLAN_NATURAL;
		return true;
	}
	if (strncmp(s, "years:", 6) == 0) {
		out->kind = PLAN_YEARS;
		if (parse_year_count(s + 6, 1, PLAN_MAX_YEARS, &out->years))
			return true;
		snprintf(why, why_len, "years:N takes 1 to %d years", PLAN_MAX_YEARS);
		return false;
	}
	if (strncmp(s, "deadline:", 9) == 0) {
		out->kind = PLAN_DEADLINE;
		if (parse_year_count(s + 9, 1900, 2200, &out->deadline))
			return true;
		snprintf(why, why_len, "deadline:YEAR takes a year such as 2027");
		return false;
	}
	if (strncmp(s, "budget:", 7) == 0) {
		out->kind = PLAN_BUDGET;
		if (money_parse_kdkk(s + 7, strlen(s + 7), '.', &out->budget) && out->budget > 0)
			return true;
		snprintf(why, why_len, "budget:AMOUNT takes thousand DKK a year, e.g. budget:5000");
		return false;
	}
	snprintf(why, why_len,
		 "'%s' is not a strategy (immediate, natural, years:N, deadline:YEAR, budget:AMOUNT)",
		 s);
	return false;
}

void plan_strategy_name(const struct plan_strategy *s, char *buf, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	switch (s->kind) {
	case PLAN_IMMEDIATE:
		strbuf_addstr(&sb, "immediate");
		break;
	case PLAN_NATURAL:
		strbuf_addstr(&sb, "natural");
		break;
	case PLAN_YEARS:
		strbuf_addf(&sb, "years:%d", s->years);
		break;
	case PLAN_DEADLINE:
		strbuf_addf(&sb, "deadline:%d", s->deadline);
		break;
	case PLAN_BUDGET:
		strbuf_addstr(&sb, "budget:");
		money_format_kdkk(&sb, s->budget, false, 0);
		break;
	}
	/* A budget prints grouped (5,000); the name is the plain form users type. */
	size_t k = 0;
	for (const char *p = strbuf_str(&sb); *p && k + 1 < len; p++)
		if (*p != ',')
			buf[k++] = *p;
	if (len)
		buf[k] = 0;
	strbuf_release(&sb);
}

/* Batches of one line's units by end-of-life year, earliest first. */
struct cohorts {
	int *eol;
	int64_t *left;
	size_t n, next;
};

static enum vs_err take_units(struct plan_result *r, struct plan_line *pl, struct cohorts *co,
			      size_t year, int64_t k, struct vs_error *err)
{
	int y = r->from + (int)year;
	if (!money_add(pl->replaced[year], k, &pl->replaced[year]))
		return vs_fail(err, VS_ETOOBIG, "plan: too many units");
	while (k > 0 && co->next < co->n) {
		int64_t t = co->left[co->next] < k ? co->left[co->next] : k;
		int life_left = co->eol[co->next] - y;
		if (life_left > 0) {
			int64_t v;
			if (!money_mul(pl->unit_cost[PLAN_PURCHASE], t, &v) ||
			    !money_mul(v, life_left, &v) ||
			    !money_add(pl->residual_lost,
				       money_div(v, pl->lifespan, MONEY_HALF_UP), &pl->residual_lost))
				return vs_fail(err, VS_ETOOBIG, "plan: residual value overflows");
		}
		co->left[co->next] -= t;
		k -= t;
		if (co->left[co->next] == 0)
			co->next++;
	}
	return VS_OK;
}

static int crit_rank(int critical)
{
	return critical == 1 ? 0 : critical == -1 ? 1 : 2; /* yes, not known, no */
}

/* Budget order: critical first, then more exposed, then nearer end of life, then input order. */
static bool before(const struct plan_result *r, const struct cohorts *co, size_t a, size_t b)
{
	const struct plan_line *x = &r->lines[a], *y = &r->lines[b];
	int ca = crit_rank(x->unit->critical), cb = crit_rank(y->unit->critical);
	if (ca != cb)
		return ca < cb;
	if (x->price->exposure != y->price->exposure)
		return x->price->exposure > y->price->exposure;
	int ea = co[a].n ? co[a].eol[0] : 0, eb = co[b].n ? co[b].eol[0] : 0;
	if (ea != eb)
		return ea < eb;
	return a < b;
}

static enum vs_err schedule(struct plan_result *r, struct cohorts *co, struct vs_error *err)
{
	const struct plan_strategy *s = &r->strategy;
	enum vs_err rc = VS_OK;
	switch (s->kind) {
	case PLAN_IMMEDIATE:
		r->n_years = 1;
		for (size_t i = 0; i < r->n_lines && !rc; i++)
			rc = take_units(r, &r->lines[i], &co[i], 0, r->lines[i].unit->count, err);
		return rc;
	case PLAN_NATURAL:
		r->n_years = 1;
		for (size_t i = 0; i < r->n_lines && !rc; i++)
			for (size_t c = 0; c < co[i].n && !rc; c++) {
				int y = co[i].eol[c] < r->from ? r->from : co[i].eol[c];
				size_t yi = (size_t)(y - r->from);
				if (yi >= PLAN_MAX_YEARS)
					return vs_fail(err, VS_ETOOBIG,
						       "plan: a unit lives past %d years from %d",
						       PLAN_MAX_YEARS, r->from);
				if (yi + 1 > r->n_years)
					r->n_years = yi + 1;
				rc = take_units(r, &r->lines[i], &co[i], yi, co[i].left[c], err);
			}
		return rc;
	case PLAN_YEARS:
	case PLAN_DEADLINE: {
		int n = s->kind == PLAN_YEARS ? s->years : s->deadline - r->from + 1;
		if (n < 1)
			return vs_fail(err, VS_EUSAGE, "plan: deadline %d is before the first year %d",
				       s->deadline, r->from);
		if (n > PLAN_MAX_YEARS)
			return vs_fail(err, VS_ETOOBIG, "plan: more than %d years", PLAN_MAX_YEARS);
		r->n_years = (size_t)n;
		r->den = n;
		/* Whole units per year: each line's count / N, and the lines' odd
		 * units placed round-robin (one line's leftovers start in the year
		 * after the previous line's ended) so the yearly unit totals differ
		 * by at most one, as the yearly money does. */
		size_t off = 0;
		for (size_t i = 0; i < r->n_lines && !rc; i++) {
			int64_t cnt = r->lines[i].unit->count, base = cnt / n;
			size_t extra = (size_t)(cnt % n);
			for (size_t y = 0; y < (size_t)n && !rc; y++) {
				bool gets = (y + (size_t)n - off) % (size_t)n < extra;
				rc = take_units(r, &r->lines[i], &co[i], y, base + (gets ? 1 : 0), err);
			}
			off = (off + extra) % (size_t)n;
		}
		return rc;
	}
	case PLAN_BUDGET: {
		/* Insertion sort: a stable order with a comparator that needs context. */
		for (size_t i = 0; i < r->n_lines; i++) {
			size_t j = i;
			r->order[i] = i;
			while (j > 0 && before(r, co, r->order[j], r->order[j - 1])) {
				size_t t = r->order[j];
				r->order[j] = r->order[j - 1];
				r->order[j - 1] = t;
				j--;
			}
		}
		int64_t *left = calloc(r->n_lines ? r->n_lines : 1, sizeof(int64_t));
		if (!left)
			return vs_fail(err, VS_ENOMEM, "plan: out of memory");
		int64_t todo = 0;
		for (size_t i = 0; i < r->n_lines; i++) {
			left[i] = r->lines[i].unit->count;
			todo += left[i];
		}
		size_t y = 0;
		r->n_years = 1;
		while (todo > 0 && !rc) {
			if (y >= PLAN_MAX_YEARS) {
				rc = vs_fail(err, VS_ETOOBIG,
					     "plan: the budget does not replace every unit within %d years",
					     PLAN_MAX_YEARS);
				break;
			}
			int64_t money = s->budget, bought = 0;
			for (size_t k = 0; k < r->n_lines && !rc; k++) {
				size_t i = r->order[k];
				if (left[i] == 0)
					continue;
				int64_t c = 0;
				for (int cc = 0; cc < PLAN_N_CATS; cc++)
					c += r->lines[i].unit_cost[cc]; /* checked when the line was priced */
				int64_t n = c == 0 ? left[i] : money / c;
				if (n > left[i])
					n = left[i];
				if (n > 0) {
					rc = take_units(r, &r->lines[i], &co[i], y, n, err);
					money -= n * c;
					left[i] -= n;
					todo -= n;
					bought += n;
				}
				/* Strict order: no unit further down the list is bought while
				 * one above it waits for money. */
				if (left[i] > 0) {
					if (bought == 0 && !rc) {
						struct strbuf a = STRBUF_INIT;
						money_format_kdkk(&a, s->budget, false, 0);
						rc = vs_fail(err, VS_EUSAGE,
							     "plan: a budget of %s thousand DKK a year "
							     "does not buy one %s",
							     strbuf_str(&a), r->lines[i].unit->type);
						strbuf_release(&a);
					}
					break;
				}
			}
			y++;
			r->n_years = y;
		}
		free(left);
		return rc;
	}
	}
	return vs_fail(err, VS_EUSAGE, "plan: unknown strategy");
}

enum vs_err plan_run(const struct plan_units *units, const struct price_catalogue *cat,
		     const struct plan_strategy *s, int from, struct plan_result *out,
		     struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	out->strategy = *s;
	out->from = from;
	out->den = 1;
	if (from < 1900 || from > 2200)
		return vs_fail(err, VS_EUSAGE, "plan: %d is not a plan year", from);
	enum vs_err rc = VS_OK;
	size_t n = units->n;
	struct cohorts *co = calloc(n ? n : 1, sizeof(*co));
	out->lines = calloc(n ? n : 1, sizeof(*out->lines));
	out->order = calloc(n ? n : 1, sizeof(size_t));
	out->n_lines = n;
	if (!co || !out->lines || !out->order) {
		rc = vs_fail(err, VS_ENOMEM, "plan: out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const struct plan_unit *u = &units->u[i];
		struct plan_line *pl = &out->lines[i];
		pl->unit = u;
		out->order[i] = i;
		pl->price = prices_item(cat, u->type);
		if (!pl->price) {
			/* Every unit of the type, not the first row's: the units are
			 * one row per department and acquisition year. */
			long long total = 0;
			for (size_t k = 0; k < n; k++)
				if (units->u[k].type && u->type && strcmp(units->u[k].type, u->type) == 0 &&
				    units->u[k].count > 0 &&
				    total <= VS_MAX_COUNT)
					total += units->u[k].count;
			rc = vs_fail(err, VS_EBADVAL,
				     "%s: no price for type '%s' (%lld units in scope); add a price "
				     "row or leave the type out with --types",
				     cat->path ? cat->path : "prices", u->type, total);
			goto out;
		}
		if (u->count < 0 || u->count > VS_MAX_COUNT || u->low < 0 || u->low > VS_MAX_COUNT ||
		    u->high < -1 || u->high > VS_MAX_COUNT) {
			rc = vs_fail(err, VS_ETOOBIG, "plan: %lld units of %s", (long long)u->count,
				     u->type);
			goto out;
		}
		pl->lifespan = u->lifespan > 0 ? u->lifespan : pl->price->lifespan;
		if (pl->lifespan > PLAN_MAX_YEARS)
			pl->lifespan = PLAN_MAX_YEARS;
		pl->unit_cost[PLAN_PURCHASE] = pl->price->purchase;
		pl->unit_cost[PLAN_WORK] = pl->price->work;
		if (!prices_extras_per_unit(cat, u->type, &pl->unit_cost[PLAN_EXTRA])) {
			rc = vs_fail(err, VS_ETOOBIG, "plan: extra costs for %s overflow", u->type);
			goto out;
		}
		pl->replaced = calloc(PLAN_MAX_YEARS, sizeof(int64_t));
		if (!pl->replaced) {
			rc = vs_fail(err, VS_ENOMEM, "plan: out of memory");
			goto out;
		}
		/* Totals, checked once here so every later product is known to fit:
		 * a unit's whole cost, and that cost times the count, the low and
		 * the high bound (the reports sum those into cost ranges). */
		int64_t all = 0, unit_all = 0, bound = u->count;
		if (u->low > bound)
			bound = u->low;
		if (u->high > bound)
			bound = u->high;
		for (int c = 0; c < PLAN_N_CATS; c++)
			if (!money_add(unit_all, pl->unit_cost[c], &unit_all)) {
				rc = vs_fail(err, VS_ETOOBIG, "plan: the unit cost of %s overflows",
					     u->type);
				goto out;
			}
		if (!money_mul(unit_all, bound, &bound) ||
		    !money_add(out->range_high, bound, &out->range_high) ||
		    out->range_high > PLAN_MAX_MONEY) {
			rc = vs_fail(err, VS_ETOOBIG, "plan: the cost of %s overflows", u->type);
			goto out;
		}
		for (int c = 0; c < PLAN_N_CATS; c++) {
			int64_t v;
			if (!money_mul(pl->unit_cost[c], u->count, &v) ||
			    !money_add(out->total[c], v, &out->total[c]) || !money_add(all, v, &all) ||
			    !money_mul(v, PLAN_MAX_YEARS, &v)) {
				rc = vs_fail(err, VS_ETOOBIG, "plan: the cost of %s overflows", u->type);
				goto out;
			}
		}
		if (!money_add(out->total_all, all, &out->total_all) ||
		    !money_add(out->total_units, u->count, &out->total_units)) {
			rc = vs_fail(err, VS_ETOOBIG, "plan: the total overflows");
			goto out;
		}
		/* End-of-life batches. */
		struct cohorts *c = &co[i];
		bool assumed = u->acquired <= 0;
		c->n = assumed ? (size_t)pl->lifespan : 1;
		c->eol = calloc(c->n, sizeof(int));
		c->left = calloc(c->n, sizeof(int64_t));
		if (!c->eol || !c->left) {
			rc = vs_fail(err, VS_ENOMEM, "plan: out of memory");
			goto out;
		}
		if (assumed) {
			pl->assumed_ages = true;
			out->n_assumed++;
			money_split(u->count, c->n, c->left);
			for (size_t k = 0; k < c->n; k++)
				c->eol[k] = from + (int)k;
		} else {
			c->eol[0] = u->acquired + pl->lifespan;
			c->left[0] = u->count;
		}
	}
	rc = schedule(out, co, err);
	if (rc)
		goto out;
	out->remaining = calloc(out->n_years, sizeof(int64_t));
	if (!out->remaining) {
		rc = vs_fail(err, VS_ENOMEM, "plan: out of memory");
		goto out;
	}
	int64_t left = out->total_units;
	for (size_t y = 0; y < out->n_years; y++) {
		for (size_t i = 0; i < n; i++)
			left -= out->lines[i].replaced[y];
		out->remaining[y] = left;
		if (left == 0 && out->last_year == 0 && out->total_units > 0)
			out->last_year = out->from + (int)y;
	}
	for (size_t i = 0; i < n; i++)
		if (!money_add(out->residual_lost, out->lines[i].residual_lost, &out->residual_lost)) {
			rc = vs_fail(err, VS_ETOOBIG, "plan: residual value overflows");
			goto out;
		}
out:
	if (co)
		for (size_t i = 0; i < n; i++) {
			free(co[i].eol);
			free(co[i].left);
		}
	free(co);
	if (rc)
		plan_result_release(out);
	return rc;
}

void plan_result_release(struct plan_result *r)
{
	for (size_t i = 0; r->lines && i < r->n_lines; i++)
		free(r->lines[i].replaced);
	free(r->lines);
	free(r->order);
	free(r->remaining);
	memset(r, 0, sizeof(*r));
}

int64_t plan_cost_num(const struct plan_result *r, size_t line, size_t year, enum plan_cat c)
{
	const struct plan_line *pl = &r->lines[line];
	/* Both products were checked to fit in plan_run. */
	if (r->den > 1)
		return pl->unit_cost[c] * pl->unit->count;
	return pl->unit_cost[c] * pl->replaced[year];
}

int64_t plan_line_total(const struct plan_result *r, size_t line, enum plan_cat c)
{
	return r->lines[line].unit_cost[c] * r->lines[line].unit->count;
}
