#include "report/plan_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/round.h"
#include "util/money.h"
#include "util/text.h"

/* ---- units in scope --------------------------------------------------- */

bool plan_report_listed(const char *list, const char *s)
{
	if (!list)
		return true;
	if (!s)
		return false;
	size_t n = strlen(s);
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && memcmp(p, s, n) == 0)
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

struct load_ctx {
	const char *types, *departments;
	struct plan_units *out;
	bool oom;
};

static int year_of(const char *date)
{
	/* "2019" or "2019-05-01": the year is what a lifespan counts from. */
	if (!date)
		return 0;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (date[i] < '0' || date[i] > '9')
			return 0;
		y = y * 10 + (date[i] - '0');
	}
	return (date[4] == 0 || date[4] == '-') && y >= 1900 && y <= 2200 ? y : 0;
}

static bool load_one(const struct asset *a, void *vctx)
{
	struct load_ctx *ctx = vctx;
	if (a->kind != ASSET_HARDWARE || a->chinese != TRI_YES)
		return true;
	const char *type = a->type ? a->type : "unknown";
	if (!plan_report_listed(ctx->types, type) ||
	    !plan_report_listed(ctx->departments, a->department))
		return true;
	struct plan_unit u = {0};
	u.type = (char *)type;
	u.department = a->department;
	u.count = a->count.value;
	u.low = a->count.low >= 0 ? a->count.low : a->count.value;
	/* "150+": a low bound and no high one; a plain count has neither. */
	u.high = a->count.high >= 0 ? a->count.high
		 : (a->count.estimated && a->count.low >= 0) ? -1
							      : a->count.value;
	u.estimated = a->count.estimated;
	u.acquired = year_of(a->acquired);
	u.lifespan = a->lifespan_years > 0 ? a->lifespan_years : 0;
	u.critical = a->critical == TRI_YES ? 1 : a->critical == TRI_NO ? 0 : -1;
	if (!plan_units_add(ctx->out, &u)) {
		ctx->oom = true;
		return false;
	}
	return true;
}

/* Each name in a filter list must name something, or a typo hides units. */
static enum vs_err check_filter(const char *list, const char *what, const struct plan_units *u,
				bool dept, struct vs_error *err)
{
	if (!list)
		return VS_OK;
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool found = false;
		for (size_t i = 0; i < u->n && !found; i++) {
			const char *v = dept ? u->u[i].department : u->u[i].type;
			found = v && strlen(v) == len && memcmp(v, p, len) == 0;
		}
		if (!found)
			return vs_fail(err, VS_EUSAGE, "no Chinese hardware of %s '%.*s' in the survey",
				       what, (int)len, p);
		if (!e)
			break;
		p = e + 1;
	}
	return VS_OK;
}

enum vs_err plan_units_from_store(struct store *st, int64_t survey_id, const char *types,
				  const char *departments, struct plan_units *out,
				  struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	struct asset_filter f = {survey_id, ASSET_HARDWARE, true};
	struct load_ctx ctx = {types, departments, out, false};
	enum vs_err rc = store_assets_foreach(st, &f, load_one, &ctx, err);
	if (!rc && ctx.oom)
		rc = vs_fail(err, VS_ENOMEM, "out of memory reading assets");
	if (!rc)
		rc = check_filter(types, "type", out, false, err);
	if (!rc)
		rc = check_filter(departments, "department", out, true, err);
	if (rc)
		plan_units_release(out);
	return rc;
}

/* ---- words ------------------------------------------------------------ */

#define TR(d, en, da) ((d)->danish ? (da) : (en))

static const char *type_label(const struct rdoc *d, const struct price_item *p)
{
	return d->danish ? p->label_da : p->label_en;
}

static int price_level(const struct plan_result *r)
{
	int y = 0;
	for (size_t i = 0; i < r->n_lines; i++)
		if (r->lines[i].price->price_level > y)
			y = r->lines[i].price->price_level;
	return y;
}

/* "cameras" when every unit in scope is a camera (as ØK59 words it). */
static bool all_cameras(const struct plan_result *r)
{
	for (size_t i = 0; i < r->n_lines; i++) {
		const char *t = r->lines[i].unit->type;
		size_t n = strlen(t);
		if (n < 7 || strcmp(t + n - 7, "_camera") != 0)
			return false;
	}
	return r->n_lines > 0;
}

static void fmt_money(const struct rdoc *d, struct strbuf *sb, int64_t v)
{
	money_format_kdkk(sb, v, d->danish, 0);
}

static void fmt_count(const struct rdoc *d, struct strbuf *sb, int64_t v)
{
	fmt_int_grouped(sb, v, d->danish);
}

/* "200-300" or "150+" */
static void fmt_range(const struct rdoc *d, struct strbuf *sb, int64_t lo, int64_t hi,
		      bool money)
{
	if (money)
		fmt_money(d, sb, lo);
	else
		fmt_count(d, sb, lo);
	if (hi < 0) {
		strbuf_addch(sb, '+');
		return;
	}
	strbuf_addch(sb, '-');
	if (money)
		fmt_money(d, sb, hi);
	else
		fmt_count(d, sb, hi);
}

/* ---- one rounding per report -------------------------------------------- */

/*
 * Whole units that add up to a given total: num[i] / den each rounds to its
 * floor, and the units the floors leave short of `target` go to the largest
 * remainders (a tie to the later entry, as round.h prefers a later year).
 * A report's other tables are fitted to the total its yearly tables show
 * (round.h), so no two tables of one report print different totals
 * (179,421.6 in one and 179,422 in the next). target is normally floor or
 * ceil of the exact sum; anything else is still met, one unit at a time.
 */
static void apportion(const int64_t *num, size_t n, int64_t den, int64_t target, int64_t *out)
{
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		out[i] = money_div(num[i], den, MONEY_FLOOR);
		sum += out[i];
	}
	if (n == 0)
		return;
	bool used[ROUND_MAX_ROWS > PLAN_MAX_YEARS ? ROUND_MAX_ROWS : PLAN_MAX_YEARS] = {false};
	size_t cap = sizeof(used) / sizeof(used[0]);
	while (sum < target) {
		size_t best = SIZE_MAX;
		int64_t best_rem = -1;
		for (size_t i = 0; i < n; i++) {
			int64_t rem = num[i] - out[i] * den;
			if ((i < cap && used[i]) || rem < best_rem)
				continue;
			best = i, best_rem = rem;
		}
		if (best == SIZE_MAX) { /* every entry had its unit: start a new round */
			memset(used, 0, sizeof(used));
			continue;
		}
		if (best < cap)
			used[best] = true;
		out[best]++;
		sum++;
	}
	while (sum > target) {
		size_t best = SIZE_MAX;
		int64_t best_rem = INT64_MAX;
		for (size_t i = 0; i < n; i++) {
			int64_t rem = num[i] - out[i] * den;
			if (out[i] > 0 && rem <= best_rem)
				best = i, best_rem = rem;
		}
		if (best == SIZE_MAX)
			break;
		out[best]--;
		sum--;
	}
}

/* ---- strategy names in the report's language ---------------------------- */

static void strategy_label(const struct rdoc *d, const struct plan_strategy *s, char *buf,
			   size_t len)
{
	struct strbuf b = STRBUF_INIT;
	switch (s->kind) {
	case PLAN_IMMEDIATE:
		snprintf(buf, len, "%s", TR(d, "Immediate", "Straks"));
		break;
	case PLAN_NATURAL:
		snprintf(buf, len, "%s", TR(d, "At end of life", "Ved endt levetid"));
		break;
	case PLAN_YEARS:
		snprintf(buf, len, TR(d, "Over %d years", "Over %d år"), s->years);
		break;
	case PLAN_DEADLINE:
		snprintf(buf, len, TR(d, "By %d", "Senest %d"), s->deadline);
		break;
	case PLAN_BUDGET:
		money_format_kdkk(&b, s->budget, d->danish, 0);
		snprintf(buf, len, TR(d, "Budget %s thousand DKK a year", "Budget %s t. kr. om året"),
			 strbuf_str(&b));
		break;
	}
	strbuf_release(&b);
}

/* ---- groups ----------------------------------------------------------- */

/* Distinct keys in order of first appearance: types, departments, budget lines. */
struct keys {
	const char *k[ROUND_MAX_ROWS];
	size_t n;
};

static size_t key_index(struct keys *ks, const char *k, bool add)
{
	for (size_t i = 0; i < ks->n; i++)
		if (strcmp(ks->k[i], k) == 0)
			return i;
	if (!add || ks->n == ROUND_MAX_ROWS)
		return SIZE_MAX;
	ks->k[ks->n] = k;
	return ks->n++;
}

static const char *dept_of(const struct plan_line *l)
{
	return l->unit->department ? l->unit->department : "?";
}

/* The budget line a unit's department pays from; departments without one
 * stand for themselves. */
static const char *line_key(const struct price_catalogue *cat, const struct plan_line *l,
			    const struct budget_line **bl)
{
	*bl = prices_budget_line(cat, dept_of(l));
	return *bl ? (*bl)->department : dept_of(l);
}

/* Sum of a range bound over lines (high -1 anywhere makes it unbounded). */
struct range {
	int64_t lo, hi;
	bool est;
};

static void range_add(struct range *r, const struct plan_line *l, int64_t per_unit)
{
	r->lo += l->unit->low * per_unit;
	if (r->hi >= 0)
		r->hi = l->unit->high < 0 ? -1 : r->hi + l->unit->high * per_unit;
	r->est |= l->unit->estimated;
}

static int64_t unit_total(const struct plan_line *l)
{
	return l->unit_cost[PLAN_PURCHASE] + l->unit_cost[PLAN_WORK] + l->unit_cost[PLAN_EXTRA];
}

/* ---- yearly tables (controlled rounding) ------------------------------ */

struct yearly {
	struct keys lines;
	const struct budget_line *bl[ROUND_MAX_ROWS];
	int cats[PLAN_N_CATS];
	size_t n_cats;
	size_t ny;
	int64_t *a, *b, *ra, *rb; /* lines × years, cats × years; rounded in whole thousands */
};

static void yearly_release(struct yearly *y)
{
	free(y->a);
	free(y->b);
	free(y->ra);
	free(y->rb);
}

static enum vs_err yearly_build(const struct plan_result *r, const struct price_catalogue *cat,
				struct yearly *y, struct vs_error *err)
{
	memset(y, 0, sizeof(*y));
	y->ny = r->n_years;
	for (size_t i = 0; i < r->n_lines; i++) {
		const struct budget_line *bl;
		size_t k = key_index(&y->lines, line_key(cat, &r->lines[i], &bl), true);
		if (k == SIZE_MAX)
			return vs_fail(err, VS_ETOOBIG, "more than %d budget lines", ROUND_MAX_ROWS);
		y->bl[k] = bl;
	}
	/* Purchase always; work and other costs when there are any. */
	for (int c = 0; c < PLAN_N_CATS; c++)
		if (c == PLAN_PURCHASE || r->total[c] != 0)
			y->cats[y->n_cats++] = c;
	size_t nl = y->lines.n ? y->lines.n : 1, ny = y->ny;
	y->a = calloc(nl * ny, sizeof(int64_t));
	y->b = calloc(y->n_cats * ny, sizeof(int64_t));
	y->ra = calloc(nl * ny, sizeof(int64_t));
	y->rb = calloc(y->n_cats * ny, sizeof(int64_t));
	if (!y->a || !y->b || !y->ra || !y->rb)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	for (size_t i = 0; i < r->n_lines; i++) {
		const struct budget_line *bl;
		size_t k = key_index(&y->lines, line_key(cat, &r->lines[i], &bl), false);
		for (size_t t = 0; t < ny; t++)
			for (size_t c = 0; c < y->n_cats; c++) {
				int64_t v = plan_cost_num(r, i, t, (enum plan_cat)y->cats[c]);
				/* Sums stay below the plan total × den, checked in plan_run. */
				y->a[k * ny + t] += v;
				y->b[c * ny + t] += v;
			}
	}
	if (y->lines.n == 0)
		return VS_OK;
	return round_tables(ny, y->lines.n, y->a, y->n_cats, y->b, r->den * MONEY_KDKK, y->ra,
			    y->rb, err);
}

/* Year columns: every year when they fit, else the first ten and one
 * column for the rest (a table has at most TABLE_MAX_COLS columns). */
#define YEAR_COLS_MAX 11
struct ycols {
	size_t n;                  /* columns */
	size_t first[YEAR_COLS_MAX + 1], last[YEAR_COLS_MAX + 1]; /* plan-year index range */
};

static void ycols_make(size_t ny, struct ycols *yc)
{
	yc->n = ny <= YEAR_COLS_MAX ? ny : YEAR_COLS_MAX;
	for (size_t i = 0; i < yc->n; i++)
		yc->first[i] = yc->last[i] = i;
	if (ny > YEAR_COLS_MAX)
		yc->last[YEAR_COLS_MAX - 1] = ny - 1;
}

static void ycol_header(const struct plan_result *r, const struct ycols *yc, size_t c, char *buf,
			size_t len)
{
	if (yc->first[c] == yc->last[c])
		snprintf(buf, len, "%d", r->from + (int)yc->first[c]);
	else
		snprintf(buf, len, "%d-%d", r->from + (int)yc->first[c], r->from + (int)yc->last[c]);
}

static int64_t ycol_sum(const int64_t *row, const struct ycols *yc, size_t c)
{
	int64_t s = 0;
	for (size_t t = yc->first[c]; t <= yc->last[c]; t++)
		s += row[t];
	return s * MONEY_KDKK;
}

/* ---- the tables ------------------------------------------------------- */

static void notes_common(struct rdoc *d, struct rdoc_table *t, const struct plan_result *r,
			 const struct price_catalogue *cat)
{
	struct strbuf sb = STRBUF_INIT;
	/* What the amounts leave out: the costs the seeds name as missing. */
	static const struct {
		const char *key, *en, *da;
	} missing[] = {
		{"project_management", "project management", "projektledelse"},
		{"pc_setup", "set-up of new PCs", "klargøring af nye PC'er"},
		{"disposal", "cleaning and disposal of the old units", "rengøring og bortskaffelse"},
		{"staff_downtime", "staff downtime", "nedetid for medarbejdere"},
	};
	bool first = true;
	if (r->total[PLAN_WORK] == 0) {
		strbuf_addstr(&sb, TR(d, "replacement work", "udskiftningsarbejde"));
		first = false;
	}
	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		bool set = false;
		for (size_t k = 0; k < cat->n_extras; k++)
			set |= strcmp(cat->extras[k].key, missing[i].key) == 0;
		/* Setting up new PCs is a cost only where PCs are replaced. */
		bool pcs = false;
		for (size_t k = 0; k < r->n_lines; k++) {
			const char *ty = r->lines[k].unit->type;
			size_t n = strlen(ty);
			pcs |= n >= 3 && strcmp(ty + n - 3, "_pc") == 0;
		}
		if (set || (strcmp(missing[i].key, "pc_setup") == 0 && !pcs))
			continue;
		if (!first)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, TR(d, missing[i].en, missing[i].da));
		first = false;
	}
	if (!first)
		rdoc_add_note(d, t, "%s: %s.", TR(d, "Not included", "Ikke medregnet"), strbuf_str(&sb));
	strbuf_reset(&sb);
	/* An estimate resting on assumed ages: whole thousands, not øre. */
	fmt_money(d, &sb, money_div(r->residual_lost, MONEY_KDKK, MONEY_HALF_UP) * MONEY_KDKK);
	rdoc_add_note(d, t, "%s: %s %s %s",
		      TR(d, "Residual value lost by replacing before end of life (straight-line)",
			 "Tabt restværdi ved udskiftning før endt levetid (lineær afskrivning)"),
		      TR(d, "about", "ca."), strbuf_str(&sb), TR(d, "thousand DKK.", "t. kr."));
	/* Lifespans used, per type in catalogue order. */
	strbuf_reset(&sb);
	struct keys types = {{0}, 0};
	for (size_t i = 0; i < r->n_lines; i++)
		key_index(&types, r->lines[i].unit->type, true);
	for (size_t k = 0; k < cat->n_items; k++) {
		size_t at = key_index(&types, cat->items[k].type, false);
		if (at == SIZE_MAX)
			continue;
		int life = 0;
		for (size_t i = 0; i < r->n_lines; i++)
			if (strcmp(r->lines[i].unit->type, cat->items[k].type) == 0 && !life)
				life = r->lines[i].lifespan;
		strbuf_addf(&sb, "%s%s %d", sb.len ? ", " : "", type_label(d, &cat->items[k]), life);
	}
	rdoc_add_note(d, t, "%s: %s.", TR(d, "Lifespans (years)", "Levetider (år)"), strbuf_str(&sb));
	if (r->n_assumed)
		rdoc_add_note(d, t,
			      d->danish ? "Anskaffelsesår ukendt for %zu af %zu rækker: deres enheder "
					  "antages jævnt fordelt i alder over levetiden, så 1/levetid "
					  "af dem når endt levetid hvert år fra %d."
					: "Acquisition year not known for %zu of %zu rows: their units "
					  "are assumed evenly spread in age over the lifespan, so "
					  "1/lifespan of them reach end of life each year from %d.",
			      r->n_assumed, r->n_lines, r->from);
	strbuf_release(&sb);
}

/* Seed 001 Tabel 2: per type, count × unit price. */
static void table_immediate(struct rdoc *d, const struct plan_result *r,
			    const struct price_catalogue *cat)
{
	bool work = r->total[PLAN_WORK] != 0, extra = r->total[PLAN_EXTRA] != 0;
	size_t nc = 4 + work + extra;
	char title[256];
	snprintf(title, sizeof(title),
		 TR(d, "Table 2: Estimated cost of replacing Chinese hardware now (%d prices, thousand DKK)",
		    "Tabel 2: Estimat på omkostninger ved udskiftning af kinesisk hardware p.d.d. (%d), t. kr."),
		 price_level(r));
	struct rdoc_table *t = rdoc_add_table(d, TR(d, "Table 2", "Tabel 2"), title, nc);
	if (!t)
		return;
	size_t c = 0;
	rdoc_set_column(t, c++, TR(d, "Product", "Produkt"), RD_TEXT);
	rdoc_set_column(t, c++, TR(d, "Count", "Antal"), RD_COUNT);
	rdoc_set_column(t, c++, TR(d, "Unit price", "Stk. pris"), RD_MONEY);
	if (work)
		rdoc_set_column(t, c++, TR(d, "Work per unit", "Udskiftning pr. stk."), RD_MONEY);
	if (extra)
		rdoc_set_column(t, c++, TR(d, "Other per unit", "Øvrige pr. stk."), RD_MONEY);
	rdoc_set_column(t, c++, TR(d, "Total", "I alt"), RD_MONEY);
	struct strbuf est = STRBUF_INIT;
	for (size_t k = 0; k < cat->n_items; k++) {
		const struct price_item *p = &cat->items[k];
		int64_t n = 0, total = 0;
		struct range cr = {0, 0, false}, mr = {0, 0, false};
		bool any = false;
		for (size_t i = 0; i < r->n_lines; i++) {
			const struct plan_line *l = &r->lines[i];
			if (l->price != p)
				continue;
			any = true;
			n += l->unit->count;
			total += unit_total(l) * l->unit->count;
			range_add(&cr, l, 1);
			range_add(&mr, l, unit_total(l));
		}
		if (!any)
			continue;
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			break;
		c = 0;
		rdoc_cell_text(d, &row[c++], type_label(d, p));
		rdoc_cell_num(&row[c], n);
		row[c++].mark = cr.est;
		rdoc_cell_num(&row[c++], p->purchase);
		if (work)
			rdoc_cell_num(&row[c++], p->work);
		if (extra) {
			int64_t x = 0;
			prices_extras_per_unit(cat, p->type, &x);
			rdoc_cell_num(&row[c++], x);
		}
		rdoc_cell_num(&row[c++], total);
		if (cr.est) {
			strbuf_addf(&est, "%s%s ", est.len ? "; " : "", type_label(d, p));
			fmt_range(d, &est, cr.lo, cr.hi, false);
			strbuf_addf(&est, " %s, %s ", TR(d, "units", "stk."), TR(d, "total", "i alt"));
			fmt_range(d, &est, mr.lo, mr.hi, true);
		}
	}
	struct rdoc_cell *row = rdoc_add_row(d, t);
	if (row) {
		rdoc_cell_text(d, &row[0], TR(d, "Total", "I alt"));
		rdoc_cell_num(&row[nc - 1], r->total_all);
		t->total_row = true;
	}
	if (est.len)
		rdoc_add_note(d, t, "*%s: %s.", TR(d, "Estimated", "Estimeret"), strbuf_str(&est));
	strbuf_release(&est);
	notes_common(d, t, r, cat);
}

/* ØK59 Tabel 1: per department, count, purchase, work, total. */
static void table_departments(struct rdoc *d, const struct plan_result *r, const struct yearly *y)
{
	bool extra = r->total[PLAN_EXTRA] != 0;
	size_t nc = 5 + extra;
	char title[256];
	snprintf(title, sizeof(title),
		 TR(d, "Table 1: Cost of replacing Chinese %s per department (thousand DKK, %d prices)",
		    "Tabel 1: Udgifter til udskiftning af kinesiske %s pr. forvaltning (1.000 kr., %d p/l)"),
		 all_cameras(r) ? TR(d, "cameras", "kameraer") : TR(d, "units", "enheder"),
		 price_level(r));
	struct rdoc_table *t = rdoc_add_table(d, TR(d, "Table 1", "Tabel 1"), title, nc);
	if (!t)
		return;
	size_t c = 0;
	rdoc_set_column(t, c++, TR(d, "Department", "Forvaltning"), RD_TEXT);
	rdoc_set_column(t, c++, TR(d, "Count", "Antal"), RD_COUNT);
	rdoc_set_column(t, c++, TR(d, "Purchase", "Indkøb"), RD_MONEY);
	rdoc_set_column(t, c++, TR(d, "Replacement work", "Udskiftning"), RD_MONEY);
	if (extra)
		rdoc_set_column(t, c++, TR(d, "Other", "Øvrige"), RD_MONEY);
	rdoc_set_column(t, c, TR(d, "Total", "I alt"), RD_MONEY);
	t->sum_from[c] = 2;
	struct keys depts = {{0}, 0};
	for (size_t i = 0; i < r->n_lines; i++)
		key_index(&depts, dept_of(&r->lines[i]), true);
	/* In whole thousands fitted to the yearly tables' category totals, so
	 * this table's total is theirs (one rounding per report). */
	int64_t exact[PLAN_N_CATS][ROUND_MAX_ROWS], shown[PLAN_N_CATS][ROUND_MAX_ROWS];
	int64_t cat_total[PLAN_N_CATS] = {0};
	memset(exact, 0, sizeof(exact));
	for (size_t i = 0; i < r->n_lines; i++) {
		size_t k = key_index(&depts, dept_of(&r->lines[i]), false);
		for (int cc = 0; cc < PLAN_N_CATS; cc++)
			exact[cc][k] += plan_line_total(r, i, (enum plan_cat)cc);
	}
	for (size_t k = 0; k < y->n_cats; k++)
		for (size_t t2 = 0; t2 < y->ny; t2++)
			cat_total[y->cats[k]] += y->rb[k * y->ny + t2];
	bool rounded = false;
	for (int cc = 0; cc < PLAN_N_CATS; cc++) {
		apportion(exact[cc], depts.n, MONEY_KDKK, cat_total[cc], shown[cc]);
		for (size_t k = 0; k < depts.n; k++)
			rounded |= shown[cc][k] * MONEY_KDKK != exact[cc][k];
	}
	struct strbuf est = STRBUF_INIT;
	for (size_t k = 0; k < depts.n; k++) {
		int64_t n = 0;
		struct range cr = {0, 0, false}, pr = {0, 0, false}, tr = {0, 0, false};
		for (size_t i = 0; i < r->n_lines; i++) {
			const struct plan_line *l = &r->lines[i];
			if (strcmp(dept_of(l), depts.k[k]) != 0)
				continue;
			n += l->unit->count;
			range_add(&cr, l, 1);
			range_add(&pr, l, l->unit_cost[PLAN_PURCHASE]);
			range_add(&tr, l, unit_total(l));
		}
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			break;
		c = 0;
		rdoc_cell_text(d, &row[c++], depts.k[k]);
		rdoc_cell_num(&row[c], n);
		row[c++].mark = cr.est;
		int64_t all = 0;
		for (int cc = 0; cc < PLAN_N_CATS; cc++) {
			if (cc == PLAN_EXTRA && !extra)
				continue;
			rdoc_cell_num(&row[c++], shown[cc][k] * MONEY_KDKK);
			all += shown[cc][k] * MONEY_KDKK;
		}
		rdoc_cell_num(&row[c], all);
		if (cr.est) {
			strbuf_addf(&est, "%s%s ", est.len ? "; " : "", depts.k[k]);
			fmt_range(d, &est, cr.lo, cr.hi, false);
			strbuf_addf(&est, " %s, %s ", TR(d, "units", "stk."), TR(d, "purchase", "indkøb"));
			fmt_range(d, &est, pr.lo, pr.hi, true);
			strbuf_addf(&est, ", %s ", TR(d, "total", "i alt"));
			fmt_range(d, &est, tr.lo, tr.hi, true);
		}
	}
	struct rdoc_cell *row = rdoc_add_row(d, t);
	if (row) {
		c = 0;
		int64_t all = 0;
		rdoc_cell_text(d, &row[c++], TR(d, "Total", "I alt"));
		rdoc_cell_num(&row[c++], r->total_units);
		for (int cc = 0; cc < PLAN_N_CATS; cc++) {
			if (cc == PLAN_EXTRA && !extra)
				continue;
			rdoc_cell_num(&row[c++], cat_total[cc] * MONEY_KDKK);
			all += cat_total[cc] * MONEY_KDKK;
		}
		rdoc_cell_num(&row[c], all);
		t->total_row = true;
	}
	if (est.len)
		rdoc_add_note(d, t, "*%s: %s.", TR(d, "Estimated", "Estimeret"), strbuf_str(&est));
	if (rounded)
		rdoc_add_note(d, t, "%s",
			      TR(d, "Whole thousands, adding up to the totals of Tables 2 and 3.",
				 "Hele tusinder, der summer til totalerne i tabel 2 og 3."));
	strbuf_release(&est);
}

/* ØK59 Tabel 2: activities × years. */
static void table_activities(struct rdoc *d, const struct plan_result *r, const struct yearly *y)
{
	struct ycols yc;
	ycols_make(y->ny, &yc);
	size_t nc = 2 + yc.n;
	char title[256], h[32];
	snprintf(title, sizeof(title),
		 TR(d, "Table 2: Activities per year (thousand DKK, %d prices)",
		    "Tabel 2: Oversigt over aktiviteter pr. år (1.000 kr., %d p/l)"),
		 price_level(r));
	struct rdoc_table *t = rdoc_add_table(d, TR(d, "Table 2", "Tabel 2"), title, nc);
	if (!t)
		return;
	rdoc_set_column(t, 0, TR(d, "Activity", "Aktivitet"), RD_TEXT);
	for (size_t c = 0; c < yc.n; c++) {
		ycol_header(r, &yc, c, h, sizeof(h));
		rdoc_set_column(t, 1 + c, h, RD_MONEY);
	}
	rdoc_set_column(t, nc - 1, TR(d, "Total", "I alt"), RD_MONEY);
	t->sum_from[nc - 1] = 1;
	bool cams = all_cameras(r);
	struct strbuf n = STRBUF_INIT;
	fmt_count(d, &n, r->total_units);
	int64_t col_total[YEAR_COLS_MAX] = {0}, all = 0;
	for (size_t k = 0; k < y->n_cats; k++) {
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			break;
		char label[160];
		switch (y->cats[k]) {
		case PLAN_PURCHASE:
			snprintf(label, sizeof(label), TR(d, "Purchase of %s non-Chinese %s", "Indkøb af %s ikke-kinesiske %s"),
				 strbuf_str(&n), cams ? TR(d, "cameras", "kameraer") : TR(d, "units", "enheder"));
			break;
		case PLAN_WORK:
			snprintf(label, sizeof(label), TR(d, "Replacement of %s Chinese %s", "Udskiftning af %s kinesiske %s"),
				 strbuf_str(&n), cams ? TR(d, "cameras", "kameraer") : TR(d, "units", "enheder"));
			break;
		default:
			snprintf(label, sizeof(label), "%s", TR(d, "Other costs", "Øvrige udgifter"));
		}
		rdoc_cell_text(d, &row[0], label);
		int64_t rt = 0;
		for (size_t c = 0; c < yc.n; c++) {
			int64_t v = ycol_sum(&y->rb[k * y->ny], &yc, c);
			rdoc_cell_num(&row[1 + c], v);
			col_total[c] += v;
			rt += v;
		}
		rdoc_cell_num(&row[nc - 1], rt);
		all += rt;
	}
	strbuf_release(&n);
	struct rdoc_cell *row = rdoc_add_row(d, t);
	if (row) {
		rdoc_cell_text(d, &row[0], TR(d, "Total (net)", "Udgifter i alt (netto)"));
		for (size_t c = 0; c < yc.n; c++)
			rdoc_cell_num(&row[1 + c], col_total[c]);
		rdoc_cell_num(&row[nc - 1], all);
		t->total_row = true;
	}
	if (r->den > 1 || all != r->total_all)
		rdoc_add_note(d, t, "%s",
			      TR(d, "Whole thousands, rounded so that every row and column adds up "
				    "(controlled rounding); a half goes to the later year where the totals allow.",
				 "Hele tusinder, afrundet så alle rækker og søjler summer (kontrolleret "
				 "afrunding); en halv går til det senere år, hvor summerne tillader det."));
}

/* ØK59 Tabel 3: budget lines × years. */
static void table_lines(struct rdoc *d, const struct plan_result *r, const struct yearly *y)
{
	struct ycols yc;
	ycols_make(y->ny, &yc);
	size_t nc = 3 + yc.n;
	char title[256], h[32];
	snprintf(title, sizeof(title),
		 TR(d, "Table 3: Expenditure per budget line (thousand DKK, %d prices)",
		    "Tabel 3: Udgifter til service pr. bevilling (1.000 kr., %d p/l)"),
		 price_level(r));
	struct rdoc_table *t = rdoc_add_table(d, TR(d, "Table 3", "Tabel 3"), title, nc);
	if (!t)
		return;
	rdoc_set_column(t, 0, TR(d, "Committee", "Udvalg"), RD_TEXT);
	rdoc_set_column(t, 1, TR(d, "Budget line", "Bevilling"), RD_TEXT);
	for (size_t c = 0; c < yc.n; c++) {
		ycol_header(r, &yc, c, h, sizeof(h));
		rdoc_set_column(t, 2 + c, h, RD_MONEY);
	}
	rdoc_set_column(t, nc - 1, TR(d, "Total", "I alt"), RD_MONEY);
	t->sum_from[nc - 1] = 2;
	int64_t col_total[YEAR_COLS_MAX] = {0}, all = 0;
	for (size_t k = 0; k < y->lines.n; k++) {
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			break;
		const struct budget_line *bl = y->bl[k];
		if (bl) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s - %s", bl->account, bl->name);
			rdoc_cell_text(d, &row[0], bl->committee);
			rdoc_cell_text(d, &row[1], strbuf_str(&sb));
			strbuf_release(&sb);
		} else {
			rdoc_cell_text(d, &row[0], y->lines.k[k]);
			rdoc_cell_text(d, &row[1], TR(d, "(no budget line in the price file)",
						       "(ingen bevilling i prisfilen)"));
		}
		int64_t rt = 0;
		for (size_t c = 0; c < yc.n; c++) {
			int64_t v = ycol_sum(&y->ra[k * y->ny], &yc, c);
			rdoc_cell_num(&row[2 + c], v);
			col_total[c] += v;
			rt += v;
		}
		rdoc_cell_num(&row[nc - 1], rt);
		all += rt;
	}
	struct rdoc_cell *row = rdoc_add_row(d, t);
	if (row) {
		rdoc_cell_text(d, &row[0], TR(d, "Total", "I alt"));
		for (size_t c = 0; c < yc.n; c++)
			rdoc_cell_num(&row[2 + c], col_total[c]);
		rdoc_cell_num(&row[nc - 1], all);
		t->total_row = true;
	}
}

static void table_burndown(struct rdoc *d, const struct plan_result *r,
			   const struct price_catalogue *cat)
{
	struct rdoc_table *t = rdoc_add_table(
		d, TR(d, "Remaining", "Tilbage"),
		TR(d, "Chinese units replaced and remaining per year",
		   "Kinesiske enheder udskiftet og tilbage pr. år"),
		3);
	if (!t)
		return;
	rdoc_set_column(t, 0, TR(d, "Year", "År"), RD_YEAR);
	rdoc_set_column(t, 1, TR(d, "Replaced", "Udskiftet"), RD_COUNT);
	rdoc_set_column(t, 2, TR(d, "Remaining", "Tilbage"), RD_COUNT);
	int64_t before = r->total_units;
	for (size_t y = 0; y < r->n_years; y++) {
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			return;
		rdoc_cell_num(&row[0], r->from + (int)y);
		rdoc_cell_num(&row[1], before - r->remaining[y]);
		rdoc_cell_num(&row[2], r->remaining[y]);
		before = r->remaining[y];
	}
	if (r->last_year)
		rdoc_add_note(d, t, TR(d, "The last Chinese unit leaves in %d.",
				       "Den sidste kinesiske enhed udskiftes i %d."),
			      r->last_year);
	notes_common(d, t, r, cat);
}

static const char *crit_word(const struct rdoc *d, int c)
{
	return c == 1 ? TR(d, "yes", "ja") : c == 0 ? TR(d, "no", "nej") : TR(d, "not known", "ukendt");
}

static void table_order(struct rdoc *d, const struct plan_result *r)
{
	struct strbuf b = STRBUF_INIT;
	fmt_money(d, &b, r->strategy.budget);
	char title[256];
	snprintf(title, sizeof(title),
		 TR(d, "Order of replacement under a budget of %s thousand DKK a year",
		    "Rækkefølge for udskiftning med et budget på %s t. kr. om året"),
		 strbuf_str(&b));
	strbuf_release(&b);
	struct rdoc_table *t = rdoc_add_table(d, TR(d, "Order", "Rækkefølge"), title, 8);
	if (!t)
		return;
	rdoc_set_column(t, 0, "#", RD_COUNT);
	rdoc_set_column(t, 1, TR(d, "Type", "Type"), RD_TEXT);
	rdoc_set_column(t, 2, TR(d, "Department", "Forvaltning"), RD_TEXT);
	rdoc_set_column(t, 3, TR(d, "Critical", "Kritisk"), RD_TEXT);
	rdoc_set_column(t, 4, TR(d, "Exposure", "Eksponering"), RD_COUNT);
	rdoc_set_column(t, 5, TR(d, "Count", "Antal"), RD_COUNT);
	rdoc_set_column(t, 6, TR(d, "Cost per unit", "Pris pr. stk."), RD_MONEY);
	rdoc_set_column(t, 7, TR(d, "Done in", "Færdig i"), RD_YEAR);
	for (size_t k = 0; k < r->n_lines; k++) {
		size_t i = r->order[k];
		const struct plan_line *l = &r->lines[i];
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			return;
		rdoc_cell_num(&row[0], (int64_t)k + 1);
		rdoc_cell_text(d, &row[1], type_label(d, l->price));
		rdoc_cell_text(d, &row[2], dept_of(l));
		rdoc_cell_text(d, &row[3], crit_word(d, l->unit->critical));
		rdoc_cell_num(&row[4], l->price->exposure);
		rdoc_cell_num(&row[5], l->unit->count);
		rdoc_cell_num(&row[6], unit_total(l));
		for (size_t y = r->n_years; y-- > 0;)
			if (l->replaced[y]) {
				rdoc_cell_num(&row[7], r->from + (int)y);
				break;
			}
	}
	rdoc_add_note(d, t, "%s",
		      TR(d, "Critical installations first, then the more exposed types (the price "
			    "file's exposure, 0-9), then the units nearest the end of their life. A "
			    "year's budget stops at the first unit that does not fit, so nothing "
			    "lower in the list is bought before what is above it.",
			 "Kritiske installationer først, derefter de mest eksponerede typer "
			 "(prisfilens eksponering, 0-9), derefter enhederne nærmest endt levetid. Et "
			 "års budget stopper ved den første enhed, der ikke er råd til, så intet "
			 "længere nede på listen købes før det, der står over det."));
}

static void add_series(struct rdoc *d, const struct plan_result *r)
{
	int64_t units[PLAN_MAX_YEARS + 1];
	units[0] = r->total_units;
	for (size_t y = 0; y < r->n_years; y++)
		units[y + 1] = r->remaining[y];
	char name[96];
	strategy_label(d, &r->strategy, name, sizeof(name));
	rdoc_add_series(d, name, r->from - 1, units, r->n_years + 1);
}

static enum vs_err table_compare(struct rdoc *d, const struct plan_result *r, size_t n)
{
	size_t ny = 0;
	for (size_t i = 0; i < n; i++)
		if (r[i].n_years > ny)
			ny = r[i].n_years;
	struct ycols yc;
	ycols_make(ny, &yc);
	size_t nc = 5 + yc.n;
	struct plan_result span = r[0];
	span.n_years = ny;
	struct rdoc_table *t = rdoc_add_table(
		d, TR(d, "Comparison", "Sammenligning"),
		TR(d, "Strategies compared (thousand DKK; years in whole thousands)",
		   "Strategier sammenlignet (t. kr.; år i hele tusinder)"),
		nc);
	if (!t)
		return VS_OK;
	rdoc_set_column(t, 0, TR(d, "Strategy", "Strategi"), RD_TEXT);
	rdoc_set_column(t, 1, TR(d, "Total", "I alt"), RD_MONEY);
	rdoc_set_column(t, 2, TR(d, "Residual value lost", "Tabt restværdi"), RD_MONEY);
	rdoc_set_column(t, 3, TR(d, "Last unit leaves", "Sidste enhed ud"), RD_YEAR);
	rdoc_set_column(t, 4, TR(d, "Units", "Enheder"), RD_COUNT);
	char h[32];
	for (size_t c = 0; c < yc.n; c++) {
		ycol_header(&span, &yc, c, h, sizeof(h));
		rdoc_set_column(t, 5 + c, h, RD_MONEY);
	}
	for (size_t i = 0; i < n; i++) {
		/* A year's cost, in whole thousands that add up to the rounded total. */
		/* Every strategy's years add up to the same rounded total, the
		 * one the Total column shows (the exact totals are equal). */
		int64_t num[PLAN_MAX_YEARS] = {0}, rounded[PLAN_MAX_YEARS] = {0};
		int64_t total = money_div(r[i].total_all, MONEY_KDKK, MONEY_HALF_UP);
		for (size_t y = 0; y < r[i].n_years; y++)
			for (size_t l = 0; l < r[i].n_lines; l++)
				for (int c = 0; c < PLAN_N_CATS; c++)
					num[y] += plan_cost_num(&r[i], l, y, (enum plan_cat)c);
		apportion(num, ny, r[i].den * MONEY_KDKK, total, rounded);
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			return VS_OK;
		char name[96];
		strategy_label(d, &r[i].strategy, name, sizeof(name));
		rdoc_cell_text(d, &row[0], name);
		rdoc_cell_num(&row[1], total * MONEY_KDKK);
		rdoc_cell_num(&row[2], money_div(r[i].residual_lost, MONEY_KDKK, MONEY_HALF_UP) *
					       MONEY_KDKK);
		if (r[i].last_year)
			rdoc_cell_num(&row[3], r[i].last_year);
		rdoc_cell_num(&row[4], r[i].total_units);
		for (size_t c = 0; c < yc.n; c++)
			rdoc_cell_num(&row[5 + c], ycol_sum(rounded, &yc, c));
	}
	/* The labels, and the option each stands for on the command line. */
	rdoc_add_note(d, t, "%s",
		      TR(d, "Immediate (immediate): everything in the first year; At end of life "
			    "(natural): each unit when its life ends; Over N years (years:N) and By YEAR "
			    "(deadline:YEAR): the cost spread evenly; Budget (budget:AMOUNT): a fixed sum "
			    "a year, the most critical and exposed first.",
			 "Straks (immediate): alt det første år; Ved endt levetid (natural): hver enhed "
			 "når dens levetid udløber; Over N år (years:N) og Senest ÅR (deadline:ÅR): "
			 "udgiften fordelt jævnt; Budget (budget:BELØB): et fast beløb om året, de mest "
			 "kritiske og eksponerede først."));
	return VS_OK;
}

/* ---- headline and summary by type -------------------------------------- */

/* Types in running text ("pedagogical PCs are 83 %"); others use their label. */
static const struct {
	const char *type, *en, *da;
} type_plural[] = {
	{"drone", "drones", "droner"},
	{"video_conference_console", "video-conference consoles", "videokonferencekonsoller"},
	{"surveillance_camera", "surveillance cameras", "overvågningskameraer"},
	{"traffic_camera", "traffic cameras", "trafikkameraer"},
	{"laptop_pc", "laptop PCs", "bærbare PC'er"},
	{"desktop_pc", "desktop PCs", "stationære PC'er"},
	{"pedagogical_pc", "pedagogical PCs", "pædagogiske PC'er"},
	{"router", "routers", "routere"},
};

static const char *plural_of(const struct rdoc *d, const struct price_item *p)
{
	for (size_t i = 0; i < sizeof(type_plural) / sizeof(type_plural[0]); i++)
		if (strcmp(type_plural[i].type, p->type) == 0)
			return TR(d, type_plural[i].en, type_plural[i].da);
	return type_label(d, p);
}

/* "ca. 179 mio. kr." / "about DKK 179 million": whole millions from 100
 * million, one decimal below (seed 003 writes "17,1 mio. kr."), thousands
 * under one million. */
static void fmt_headline_money(const struct rdoc *d, struct strbuf *sb, int64_t v)
{
	const int64_t mio = MONEY_KDKK * 1000;
	strbuf_addstr(sb, TR(d, "about DKK ", "ca. "));
	if (v >= 100 * mio) {
		fmt_count(d, sb, money_div(v, mio, MONEY_HALF_UP));
		strbuf_addstr(sb, TR(d, " million", " mio. kr."));
	} else if (v >= mio) {
		int64_t tenths = money_div(v, mio / 10, MONEY_HALF_UP);
		fmt_count(d, sb, tenths / 10);
		if (tenths % 10)
			strbuf_addf(sb, "%c%d", d->danish ? ',' : '.', (int)(tenths % 10));
		strbuf_addstr(sb, TR(d, " million", " mio. kr."));
	} else {
		fmt_count(d, sb, money_div(v, MONEY_KDKK, MONEY_HALF_UP));
		strbuf_addstr(sb, TR(d, " thousand", " t. kr."));
	}
}

struct by_type {
	const struct price_item *p[ROUND_MAX_ROWS];
	int64_t units[ROUND_MAX_ROWS], exact[ROUND_MAX_ROWS], shown[ROUND_MAX_ROWS];
	int64_t pct[ROUND_MAX_ROWS];
	bool est[ROUND_MAX_ROWS];
	size_t order[ROUND_MAX_ROWS]; /* by cost, largest first */
	size_t n;
};

/*
 * Units and cost per type. `total` is the cost the report's other tables
 * show (exact, or in whole thousands); the types are fitted to it.
 */
static void by_type_make(const struct plan_result *r, const struct price_catalogue *cat,
			 int64_t total, bool whole, struct by_type *bt)
{
	memset(bt, 0, sizeof(*bt));
	for (size_t k = 0; k < cat->n_items && bt->n < ROUND_MAX_ROWS; k++) {
		const struct price_item *p = &cat->items[k];
		bool any = false;
		for (size_t i = 0; i < r->n_lines; i++) {
			const struct plan_line *l = &r->lines[i];
			if (l->price != p)
				continue;
			any = true;
			bt->units[bt->n] += l->unit->count;
			bt->exact[bt->n] += unit_total(l) * l->unit->count;
			bt->est[bt->n] |= l->unit->estimated;
		}
		if (any)
			bt->p[bt->n++] = p;
	}
	if (whole) {
		apportion(bt->exact, bt->n, MONEY_KDKK, money_div(total, MONEY_KDKK, MONEY_HALF_UP),
			  bt->shown);
		for (size_t i = 0; i < bt->n; i++)
			bt->shown[i] *= MONEY_KDKK;
	} else {
		memcpy(bt->shown, bt->exact, sizeof(bt->exact));
	}
	/* Whole per cent that add up to 100. */
	int64_t scaled[ROUND_MAX_ROWS];
	for (size_t i = 0; i < bt->n; i++)
		scaled[i] = bt->exact[i] * 100;
	if (total > 0)
		apportion(scaled, bt->n, r->total_all > 0 ? r->total_all : 1, 100, bt->pct);
	for (size_t i = 0; i < bt->n; i++)
		bt->order[i] = i;
	for (size_t i = 1; i < bt->n; i++) /* insertion sort: stable, n is small */
		for (size_t j = i; j > 0 && bt->exact[bt->order[j]] > bt->exact[bt->order[j - 1]]; j--) {
			size_t tmp = bt->order[j];
			bt->order[j] = bt->order[j - 1];
			bt->order[j - 1] = tmp;
		}
}

static void headline(struct rdoc *d, const struct plan_result *r, bool compare,
		     const struct by_type *bt, int64_t total)
{
	struct strbuf sb = STRBUF_INIT;
	int64_t crit = 0;
	for (size_t i = 0; i < r->n_lines; i++)
		if (r->lines[i].unit->critical == 1)
			crit += r->lines[i].unit->count;
	fmt_count(d, &sb, r->total_units);
	strbuf_addstr(&sb, TR(d, " Chinese units", " kinesiske enheder"));
	if (crit == r->total_units && crit > 0) {
		strbuf_addstr(&sb, TR(d, " in critical installations", " i kritiske installationer"));
	} else if (crit > 0) {
		strbuf_addstr(&sb, TR(d, ", ", ", heraf "));
		fmt_count(d, &sb, crit);
		strbuf_addstr(&sb, TR(d, " of them in critical installations", " i kritiske installationer"));
	}
	strbuf_addstr(&sb, TR(d, "; replacement ", "; udskiftning "));
	if (!compare && r->strategy.kind == PLAN_IMMEDIATE)
		strbuf_addstr(&sb, TR(d, "now ", "nu "));
	else if (!compare && r->last_year > r->from)
		strbuf_addf(&sb, "%s%d-%d ", TR(d, "in ", ""), r->from, r->last_year);
	else if (!compare && r->last_year)
		strbuf_addf(&sb, "%s%d ", TR(d, "in ", "i "), r->last_year);
	fmt_headline_money(d, &sb, total);
	if (bt->n > 1 && total > 0) {
		size_t top = bt->order[0];
		strbuf_addf(&sb, TR(d, ", of which %s %lld%%", "; heraf %s %lld %%"),
			    plural_of(d, bt->p[top]), (long long)bt->pct[top]);
	}
	strbuf_addch(&sb, '.');
	if (!sb.failed)
		rdoc_set_headline(d, strbuf_str(&sb));
	else
		d->failed = true;
	strbuf_release(&sb);
}

static void table_summary(struct rdoc *d, const struct by_type *bt, int64_t units, int64_t total,
			  bool ranges_below)
{
	struct rdoc_table *t = rdoc_add_table(
		d, TR(d, "Summary", "Overblik"),
		TR(d, "Chinese units and the cost of replacing them, by type (thousand DKK)",
		   "Kinesiske enheder og udgiften til at udskifte dem, efter type (t. kr.)"),
		4);
	if (!t)
		return;
	rdoc_set_column(t, 0, TR(d, "Type", "Type"), RD_TEXT);
	rdoc_set_column(t, 1, TR(d, "Count", "Antal"), RD_COUNT);
	rdoc_set_column(t, 2, TR(d, "Cost", "Udgift"), RD_MONEY);
	rdoc_set_column(t, 3, TR(d, "Share (%)", "Andel (%)"), RD_COUNT);
	bool est = false;
	for (size_t k = 0; k < bt->n; k++) {
		size_t i = bt->order[k];
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			return;
		rdoc_cell_text(d, &row[0], type_label(d, bt->p[i]));
		rdoc_cell_num(&row[1], bt->units[i]);
		row[1].mark = bt->est[i];
		est |= bt->est[i];
		rdoc_cell_num(&row[2], bt->shown[i]);
		rdoc_cell_num(&row[3], bt->pct[i]);
	}
	struct rdoc_cell *row = rdoc_add_row(d, t);
	if (row) {
		rdoc_cell_text(d, &row[0], TR(d, "Total", "I alt"));
		rdoc_cell_num(&row[1], units);
		rdoc_cell_num(&row[2], total);
		rdoc_cell_num(&row[3], total > 0 ? 100 : 0);
		t->total_row = true;
	}
	if (est && ranges_below)
		rdoc_add_note(d, t, "*%s", TR(d, "Estimated count; the ranges are under the tables below.",
					      "Estimeret antal; intervallerne står under tabellerne nedenfor."));
	else if (est)
		rdoc_add_note(d, t, "*%s", TR(d, "Estimated count.", "Estimeret antal."));
}

void plan_report_title(struct rdoc *d, const char *survey, const struct plan_strategy *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, TR(d, "Phasing out Chinese hardware: ", "Udfasning af kinesisk hardware: "));
	strbuf_addstr(&sb, survey);
	strbuf_addstr(&sb, " (");
	for (size_t i = 0; i < n; i++) {
		char name[96];
		strategy_label(d, &s[i], name, sizeof(name));
		strbuf_addf(&sb, "%s%s", i ? ", " : "", name);
	}
	strbuf_addch(&sb, ')');
	free(d->title);
	d->title = sb.failed ? NULL : strbuf_detach(&sb);
	if (!d->title)
		d->failed = true;
	strbuf_release(&sb);
}

enum vs_err plan_report_build(struct rdoc *d, const struct plan_result *r, size_t n,
			      bool compare, const struct price_catalogue *cat, struct vs_error *err)
{
	enum vs_err rc = VS_OK;
	free(d->chart_title);
	d->chart_title = str_dup_or_null(TR(d, "Chinese units remaining at the end of each year",
					    "Kinesiske enheder tilbage ved udgangen af hvert år"));
	if (!d->chart_title)
		d->failed = true;
	/* The headline and the summary by type come first, in the report's
	 * one rounding: exact for the immediate plan (the seed's Table 2),
	 * whole thousands (the yearly tables' total) otherwise. */
	struct by_type *bt = calloc(1, sizeof(*bt));
	if (!bt)
		return vs_fail(err, VS_ENOMEM, "out of memory building the report");
	if (compare || n == 0) {
		int64_t total = n ? money_div(r->total_all, MONEY_KDKK, MONEY_HALF_UP) * MONEY_KDKK : 0;
		if (n) {
			by_type_make(r, cat, total, true, bt);
			headline(d, r, true, bt, total);
			table_summary(d, bt, r->total_units, total, false);
		}
		rc = table_compare(d, r, n);
		for (size_t i = 0; i < n && !rc; i++)
			add_series(d, &r[i]);
	} else {
		add_series(d, r);
		if (r->strategy.kind == PLAN_IMMEDIATE) {
			by_type_make(r, cat, r->total_all, false, bt);
			headline(d, r, false, bt, r->total_all);
			table_summary(d, bt, r->total_units, r->total_all, true);
			table_immediate(d, r, cat);
		} else {
			struct yearly y;
			rc = yearly_build(r, cat, &y, err);
			if (!rc) {
				int64_t total = 0;
				for (size_t i = 0; i < y.n_cats * y.ny; i++)
					total += y.rb[i];
				total *= MONEY_KDKK;
				by_type_make(r, cat, total, true, bt);
				headline(d, r, false, bt, total);
				table_summary(d, bt, r->total_units, total, true);
				table_departments(d, r, &y);
				table_activities(d, r, &y);
				table_lines(d, r, &y);
				if (r->strategy.kind == PLAN_BUDGET)
					table_order(d, r);
				table_burndown(d, r, cat);
			}
			yearly_release(&y);
		}
	}
	free(bt);
	if (!rc && d->failed)
		rc = vs_fail(err, VS_ENOMEM, "out of memory building the report");
	return rc;
}
