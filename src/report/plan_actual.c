/*
 * Plan versus actual (plan_actual.h): the status history replayed asset by
 * asset (track_units_move, the rules track/ validated it by), grouped, and
 * set beside a plan's figures in tables, a burn-down and JSON.
 */
#include "report/plan_actual.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/plan_report.h"
#include "store/query_status.h"
#include "track/track.h"
#include "util/money.h"
#include "util/text.h"

#define TR(d, en, da) ((d)->danish ? (da) : (en))
/* Units in service when replaying without the row's count. */
#define PLENTY (INT64_MAX / 4)

/* ---- loading ------------------------------------------------------------ */

struct load {
	struct plan_actual *a;
	const char *types, *departments;
	int64_t asset;                 /* the asset being replayed */
	int64_t units[TRACK_N_STATES]; /* its units per state (in service: plenty) */
};

static bool same(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

static struct plan_actual_group *group(struct plan_actual_group **g, size_t *n, const char *dept,
				       int year)
{
	for (size_t i = 0; i < *n; i++)
		if ((*g)[i].year == year && same((*g)[i].dept, dept))
			return &(*g)[i];
	struct plan_actual_group *ng = realloc(*g, (*n + 1) * sizeof(*ng));
	if (!ng)
		return NULL;
	*g = ng;
	struct plan_actual_group *x = &ng[*n];
	memset(x, 0, sizeof(*x));
	x->year = year;
	if (dept && !(x->dept = str_dup_or_null(dept)))
		return NULL;
	(*n)++;
	return x;
}

static enum vs_err add_row(const struct status_row *row, void *ctx, struct vs_error *err)
{
	struct load *l = ctx;
	enum track_state s;
	/* The plan's scope, as plan_units_from_store reads it. */
	if (row->chinese != 1 || !row->state || !track_state_parse(row->state, &s) ||
	    !plan_report_listed(l->types, row->type ? row->type : "unknown") ||
	    !plan_report_listed(l->departments, row->department))
		return VS_OK;
	if (row->asset_id != l->asset) {
		memset(l->units, 0, sizeof(l->units));
		/* The count is not needed: a move takes from in service last,
		 * after the states history itself filled. */
		l->units[TRACK_IN_SERVICE] = PLENTY;
		l->asset = row->asset_id;
	}
	int64_t done = l->units[TRACK_REPLACED] + l->units[TRACK_DECOMMISSIONED];
	int64_t exempt = l->units[TRACK_EXEMPT];
	track_units_move(l->units, s, row->units);
	done = l->units[TRACK_REPLACED] + l->units[TRACK_DECOMMISSIONED] - done;
	exempt = l->units[TRACK_EXEMPT] - exempt;
	int64_t cost = row->cost > 0 ? row->cost : 0;
	int year = 0;
	for (int i = 0; i < 4 && row->date && row->date[i] >= '0' && row->date[i] <= '9'; i++)
		year = year * 10 + (row->date[i] - '0');
	const char *dept = row->department ? row->department : "?";
	struct plan_actual *a = l->a;
	struct plan_actual_group *gd = group(&a->by_dept, &a->n_dept, dept, 0);
	struct plan_actual_group *gy = gd ? group(&a->by_year, &a->n_year, NULL, year) : NULL;
	if (!gy)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	gd->units += done, gy->units += done, a->units += done;
	gd->exempt += exempt, gy->exempt += exempt, a->exempt += exempt;
	if (!money_add(gd->cost, cost, &gd->cost) || !money_add(gy->cost, cost, &gy->cost) ||
	    !money_add(a->cost, cost, &a->cost))
		return vs_fail(err, VS_ETOOBIG, "the recorded costs overflow");
	a->n_changes++;
	return VS_OK;
}

static int by_year_cmp(const void *x, const void *y)
{
	const struct plan_actual_group *a = x, *b = y;
	return (a->year > b->year) - (a->year < b->year);
}

enum vs_err plan_actual_load(struct store *st, int64_t survey_id, const char *types,
			     const char *departments, struct plan_actual *out,
			     struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	struct load l = {.a = out, .types = types, .departments = departments, .asset = -1};
	enum vs_err rc = store_status_foreach_survey(st, survey_id, add_row, &l, err);
	if (rc) {
		plan_actual_release(out);
		return rc;
	}
	if (out->n_year)
		qsort(out->by_year, out->n_year, sizeof(*out->by_year), by_year_cmp);
	return VS_OK;
}

void plan_actual_release(struct plan_actual *a)
{
	for (size_t i = 0; i < a->n_dept; i++)
		free(a->by_dept[i].dept);
	free(a->by_dept);
	free(a->by_year);
	memset(a, 0, sizeof(*a));
}

/* ---- plan beside actual ------------------------------------------------- */

struct pva_row {
	const char *key;             /* department, or a budget line's key */
	const struct budget_line *bl;
	int64_t p_units, a_units, exempt, p_cost, a_cost;
};

struct pva_year {
	int year;
	int64_t p_units, a_units, p_cost, a_cost;
};

struct pva {
	struct pva_row *dept, *line;
	size_t n_dept, n_line;
	struct pva_year *year;
	size_t n_year;
	int b0;                   /* burn-down: first year (before the plan) */
	size_t nb;
	int64_t *bu_plan, *bu_act, *bm_plan, *bm_act;
	size_t n_act;             /* actual points: years b0 .. b0 + n_act - 1 */
	bool failed;
};

static void pva_release(struct pva *p)
{
	free(p->dept);
	free(p->line);
	free(p->year);
	free(p->bu_plan);
	free(p->bu_act);
	free(p->bm_plan);
	free(p->bm_act);
	memset(p, 0, sizeof(*p));
}

static struct pva_row *row_of(struct pva_row **rows, size_t *n, const char *key, bool *failed)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*rows)[i].key, key) == 0)
			return &(*rows)[i];
	struct pva_row *nr = realloc(*rows, (*n + 1) * sizeof(*nr));
	if (!nr) {
		*failed = true;
		return NULL;
	}
	*rows = nr;
	memset(&nr[*n], 0, sizeof(nr[*n]));
	nr[*n].key = key;
	return &nr[(*n)++];
}

static struct pva_year *year_of(struct pva *p, int year)
{
	for (size_t i = 0; i < p->n_year; i++)
		if (p->year[i].year == year)
			return &p->year[i];
	struct pva_year *ny = realloc(p->year, (p->n_year + 1) * sizeof(*ny));
	if (!ny) {
		p->failed = true;
		return NULL;
	}
	p->year = ny;
	size_t at = p->n_year;
	while (at > 0 && ny[at - 1].year > year)
		at--;
	memmove(&ny[at + 1], &ny[at], (p->n_year - at) * sizeof(*ny));
	memset(&ny[at], 0, sizeof(*ny));
	ny[at].year = year;
	p->n_year++;
	return &ny[at];
}

/* The budget line a department pays from (the plan's Table 3 key). */
static const char *line_key(const struct price_catalogue *cat, const char *dept,
			    const struct budget_line **bl)
{
	*bl = cat ? prices_budget_line(cat, dept) : NULL;
	return *bl ? (*bl)->department : dept;
}

static int64_t line_cost(const struct plan_result *r, size_t i)
{
	int64_t t = 0;
	for (int c = 0; c < PLAN_N_CATS; c++)
		t += plan_line_total(r, i, (enum plan_cat)c);
	return t;
}

static void pva_build(const struct plan_result *r, const struct price_catalogue *cat,
		      const struct plan_actual *a, int this_year, struct pva *p)
{
	memset(p, 0, sizeof(*p));
	const struct budget_line *bl;
	/* The plan's figures. */
	for (size_t i = 0; i < r->n_lines; i++) {
		const struct plan_line *ln = &r->lines[i];
		const char *dept = ln->unit->department ? ln->unit->department : "?";
		int64_t cost = line_cost(r, i);
		struct pva_row *d = row_of(&p->dept, &p->n_dept, dept, &p->failed);
		struct pva_row *l = row_of(&p->line, &p->n_line, line_key(cat, dept, &bl), &p->failed);
		if (!d || !l)
			return;
		l->bl = bl;
		d->p_units += ln->unit->count, d->p_cost += cost;
		l->p_units += ln->unit->count, l->p_cost += cost;
	}
	int64_t *num = calloc(r->n_years ? r->n_years : 1, sizeof(int64_t));
	if (!num) {
		p->failed = true;
		return;
	}
	for (size_t y = 0; y < r->n_years; y++) {
		struct pva_year *py = year_of(p, r->from + (int)y);
		if (!py)
			break;
		for (size_t i = 0; i < r->n_lines; i++) {
			py->p_units += r->lines[i].replaced[y];
			for (int c = 0; c < PLAN_N_CATS; c++)
				num[y] += plan_cost_num(r, i, y, (enum plan_cat)c);
		}
		py->p_cost = money_div(num[y], r->den, MONEY_HALF_EVEN);
	}
	/* What was recorded. */
	for (size_t i = 0; i < a->n_dept && !p->failed; i++) {
		const struct plan_actual_group *g = &a->by_dept[i];
		struct pva_row *d = row_of(&p->dept, &p->n_dept, g->dept, &p->failed);
		struct pva_row *l = row_of(&p->line, &p->n_line, line_key(cat, g->dept, &bl), &p->failed);
		if (!d || !l)
			break;
		l->bl = bl;
		d->a_units += g->units, d->exempt += g->exempt, d->a_cost += g->cost;
		l->a_units += g->units, l->exempt += g->exempt, l->a_cost += g->cost;
	}
	for (size_t i = 0; i < a->n_year && !p->failed; i++) {
		struct pva_year *py = year_of(p, a->by_year[i].year);
		if (py)
			py->a_units += a->by_year[i].units, py->a_cost += a->by_year[i].cost;
	}
	/* Burn-down: from the year before the plan to its last year, or the
	 * last year with a change when later. Changes before the plan count in
	 * its first point. */
	p->b0 = r->from - 1;
	int b1 = r->from + (int)r->n_years - 1;
	if (a->n_year && a->by_year[a->n_year - 1].year > b1)
		b1 = a->by_year[a->n_year - 1].year;
	p->nb = (size_t)(b1 - p->b0 + 1);
	p->bu_plan = calloc(p->nb, sizeof(int64_t));
	p->bu_act = calloc(p->nb, sizeof(int64_t));
	p->bm_plan = calloc(p->nb, sizeof(int64_t));
	p->bm_act = calloc(p->nb, sizeof(int64_t));
	if (!p->bu_plan || !p->bu_act || !p->bm_plan || !p->bm_act || p->failed) {
		p->failed = true;
		free(num);
		return;
	}
	int64_t cum_num = 0, done = 0, spent = 0;
	size_t k_act = 0;
	for (size_t k = 0; k < p->nb; k++) {
		int year = p->b0 + (int)k;
		if (k >= 1 && k - 1 < r->n_years)
			cum_num += num[k - 1];
		p->bu_plan[k] = k == 0 ? r->total_units
				       : r->remaining[k - 1 < r->n_years ? k - 1 : r->n_years - 1];
		p->bm_plan[k] = r->total_all - money_div(cum_num, r->den, MONEY_HALF_EVEN);
		for (; k_act < a->n_year && a->by_year[k_act].year <= year; k_act++) {
			done += a->by_year[k_act].units;
			spent += a->by_year[k_act].cost;
		}
		p->bu_act[k] = r->total_units - done;
		p->bm_act[k] = r->total_all - spent;
		if (year <= this_year)
			p->n_act = k + 1;
	}
	free(num);
}

/* ---- tables ------------------------------------------------------------- */

static void line_label(const struct rdoc *d, const struct pva_row *l, struct strbuf *sb)
{
	if (l->bl)
		strbuf_addf(sb, "%s - %s", l->bl->account, l->bl->name);
	else
		strbuf_addf(sb, "%s %s", l->key,
			    TR(d, "(no budget line in the price file)", "(ingen bevilling i prisfilen)"));
}

static void table_depts(struct rdoc *d, const struct pva *p)
{
	struct rdoc_table *t = rdoc_add_table(
		d, TR(d, "Actual by department", "Faktisk pr. forvaltning"),
		TR(d, "Plan versus actual per department (units; thousand DKK)",
		   "Plan mod faktisk pr. forvaltning (enheder; 1.000 kr.)"),
		7);
	if (!t)
		return;
	rdoc_set_column(t, 0, TR(d, "Department", "Forvaltning"), RD_TEXT);
	rdoc_set_column(t, 1, TR(d, "Planned units", "Planlagte enheder"), RD_COUNT);
	rdoc_set_column(t, 2, TR(d, "Replaced", "Udskiftet"), RD_COUNT);
	rdoc_set_column(t, 3, TR(d, "Exempt", "Undtaget"), RD_COUNT);
	rdoc_set_column(t, 4, TR(d, "Remaining", "Tilbage"), RD_COUNT);
	rdoc_set_column(t, 5, TR(d, "Planned cost", "Planlagt udgift"), RD_MONEY);
	rdoc_set_column(t, 6, TR(d, "Spent", "Brugt"), RD_MONEY);
	int64_t tot[6] = {0};
	for (size_t i = 0; i <= p->n_dept; i++) {
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			return;
		int64_t v[6];
		if (i < p->n_dept) {
			const struct pva_row *x = &p->dept[i];
			int64_t v0[6] = {x->p_units, x->a_units, x->exempt, x->p_units - x->a_units,
					 x->p_cost, x->a_cost};
			memcpy(v, v0, sizeof(v));
			rdoc_cell_text(d, &row[0], x->key);
			for (int c = 0; c < 6; c++)
				tot[c] += v[c];
		} else {
			memcpy(v, tot, sizeof(v));
			rdoc_cell_text(d, &row[0], TR(d, "Total", "I alt"));
			t->total_row = true;
		}
		for (int c = 0; c < 6; c++)
			rdoc_cell_num(&row[1 + c], v[c]);
	}
	rdoc_add_note(d, t, "%s",
		      TR(d, "Replaced counts the units recorded replaced or decommissioned "
			    "(vendorscope status); spent is the cost recorded with every change.",
			 "Udskiftet tæller enheder registreret som udskiftet eller udfaset "
			 "(vendorscope status); brugt er udgiften registreret ved hver ændring."));
}

static void table_years(struct rdoc *d, const struct pva *p)
{
	struct rdoc_table *t = rdoc_add_table(
		d, TR(d, "Actual by year", "Faktisk pr. år"),
		TR(d, "Plan versus actual per year (units; thousand DKK)",
		   "Plan mod faktisk pr. år (enheder; 1.000 kr.)"),
		5);
	if (!t)
		return;
	rdoc_set_column(t, 0, TR(d, "Year", "År"), RD_YEAR);
	rdoc_set_column(t, 1, TR(d, "Planned units", "Planlagte enheder"), RD_COUNT);
	rdoc_set_column(t, 2, TR(d, "Replaced", "Udskiftet"), RD_COUNT);
	rdoc_set_column(t, 3, TR(d, "Planned cost", "Planlagt udgift"), RD_MONEY);
	rdoc_set_column(t, 4, TR(d, "Spent", "Brugt"), RD_MONEY);
	int64_t tot[4] = {0};
	for (size_t i = 0; i <= p->n_year; i++) {
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			return;
		int64_t v[4];
		if (i < p->n_year) {
			const struct pva_year *y = &p->year[i];
			int64_t v0[4] = {y->p_units, y->a_units, y->p_cost, y->a_cost};
			memcpy(v, v0, sizeof(v));
			rdoc_cell_num(&row[0], y->year);
			for (int c = 0; c < 4; c++)
				tot[c] += v[c];
		} else {
			memcpy(v, tot, sizeof(v));
			t->total_row = true; /* the year cell stays empty */
		}
		for (int c = 0; c < 4; c++)
			rdoc_cell_num(&row[1 + c], v[c]);
	}
	rdoc_add_note(d, t, "%s",
		      TR(d, "A change counts in the year of its date. Planned cost per year is "
			    "rounded to the øre.",
			 "En ændring tæller i året for dens dato. Planlagt udgift pr. år er "
			 "afrundet til øre."));
}

static void table_lines(struct rdoc *d, const struct pva *p)
{
	struct rdoc_table *t = rdoc_add_table(
		d, TR(d, "Actual by budget line", "Faktisk pr. bevilling"),
		TR(d, "Plan versus actual per budget line (thousand DKK)",
		   "Plan mod faktisk pr. bevilling (1.000 kr.)"),
		5);
	if (!t)
		return;
	rdoc_set_column(t, 0, TR(d, "Committee", "Udvalg"), RD_TEXT);
	rdoc_set_column(t, 1, TR(d, "Budget line", "Bevilling"), RD_TEXT);
	rdoc_set_column(t, 2, TR(d, "Planned cost", "Planlagt udgift"), RD_MONEY);
	rdoc_set_column(t, 3, TR(d, "Spent", "Brugt"), RD_MONEY);
	rdoc_set_column(t, 4, TR(d, "Not yet spent", "Endnu ikke brugt"), RD_MONEY);
	int64_t tp = 0, ta = 0;
	for (size_t i = 0; i <= p->n_line; i++) {
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			return;
		int64_t pc = tp, ac = ta;
		if (i < p->n_line) {
			const struct pva_row *l = &p->line[i];
			struct strbuf sb = STRBUF_INIT;
			line_label(d, l, &sb);
			rdoc_cell_text(d, &row[0], l->bl ? l->bl->committee : NULL);
			rdoc_cell_text(d, &row[1], strbuf_str(&sb));
			strbuf_release(&sb);
			pc = l->p_cost, ac = l->a_cost;
			tp += pc, ta += ac;
		} else {
			rdoc_cell_text(d, &row[0], TR(d, "Total", "I alt"));
			t->total_row = true;
		}
		rdoc_cell_num(&row[2], pc);
		rdoc_cell_num(&row[3], ac);
		rdoc_cell_num(&row[4], pc - ac);
	}
}

static void table_burndown(struct rdoc *d, const struct pva *p)
{
	struct rdoc_table *t = rdoc_add_table(
		d, TR(d, "Burn-down", "Nedbrænding"),
		TR(d, "Burn-down: units in place and money not yet spent at the end of each "
		      "year, planned and actual",
		   "Nedbrænding: enheder tilbage og midler endnu ikke brugt ved udgangen af "
		   "hvert år, planlagt og faktisk"),
		5);
	if (!t)
		return;
	rdoc_set_column(t, 0, TR(d, "Year", "År"), RD_YEAR);
	rdoc_set_column(t, 1, TR(d, "Units, planned", "Enheder, planlagt"), RD_COUNT);
	rdoc_set_column(t, 2, TR(d, "Units, actual", "Enheder, faktisk"), RD_COUNT);
	rdoc_set_column(t, 3, TR(d, "Money, planned", "Midler, planlagt"), RD_MONEY);
	rdoc_set_column(t, 4, TR(d, "Money, actual", "Midler, faktisk"), RD_MONEY);
	for (size_t k = 0; k < p->nb; k++) {
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			return;
		rdoc_cell_num(&row[0], p->b0 + (int)k);
		rdoc_cell_num(&row[1], p->bu_plan[k]);
		rdoc_cell_num(&row[3], p->bm_plan[k]);
		if (k < p->n_act) {
			rdoc_cell_num(&row[2], p->bu_act[k]);
			rdoc_cell_num(&row[4], p->bm_act[k]);
		}
	}
	rdoc_add_note(d, t,
		      TR(d, "The first row is the start of the plan; changes dated before it count "
			    "there. Actual figures run to %d, the year of the report (so far).",
			 "Første række er planens start; ændringer dateret før den tæller der. "
			 "Faktiske tal går til %d, rapportens år (indtil videre)."),
		      p->b0 + (int)(p->n_act ? p->n_act - 1 : 0));
}

/* Whole thousand DKK for the chart's scale. */
static void kdkk_series(const int64_t *v, size_t n, int64_t *out)
{
	for (size_t k = 0; k < n; k++)
		out[k] = money_div(v[k], MONEY_KDKK, MONEY_HALF_UP);
}

static void add_charts(struct rdoc *d, const struct pva *p, bool with_plan_units)
{
	int64_t *tmp = malloc(p->nb * sizeof(int64_t));
	if (!tmp) {
		d->failed = true;
		return;
	}
	const char *actual = TR(d, "Actual (recorded)", "Faktisk (registreret)");
	const char *planned = TR(d, "Plan", "Plan");
	if (with_plan_units)
		rdoc_add_series_ex(d, planned, p->b0, p->bu_plan, p->nb, false, true);
	if (p->n_act)
		rdoc_add_series_ex(d, actual, p->b0, p->bu_act, p->n_act, false, true);
	kdkk_series(p->bm_plan, p->nb, tmp);
	rdoc_add_series_ex(d, planned, p->b0, tmp, p->nb, true, true);
	if (p->n_act) {
		kdkk_series(p->bm_act, p->n_act, tmp);
		rdoc_add_series_ex(d, actual, p->b0, tmp, p->n_act, true, true);
	}
	free(tmp);
	free(d->money_chart_title);
	d->money_chart_title =
		str_dup_or_null(TR(d, "Money not yet spent at the end of each year (thousand DKK)",
				   "Midler endnu ikke brugt ved udgangen af hvert år (1.000 kr.)"));
	if (!d->money_chart_title)
		d->failed = true;
}

/* ---- JSON --------------------------------------------------------------- */

static void json_money(struct strbuf *out, const char *key, int64_t v)
{
	strbuf_addf(out, ",\"%s\":", key);
	rdoc_money_plain(out, v, '.');
}

static void json_series(struct strbuf *out, const char *key, const int64_t *v, size_t n,
			size_t n_real, bool money)
{
	strbuf_addf(out, ",\"%s\":[", key);
	for (size_t k = 0; k < n; k++) {
		if (k)
			strbuf_addch(out, ',');
		if (k >= n_real)
			strbuf_addstr(out, "null");
		else if (money)
			rdoc_money_plain(out, v[k], '.');
		else
			strbuf_addf(out, "%lld", (long long)v[k]);
	}
	strbuf_addch(out, ']');
}

static void pva_json(const struct plan_actual *a, const struct pva *p, struct strbuf *out)
{
	strbuf_addf(out, "{\"changes\":%lld,\"units\":%lld,\"exempt\":%lld", (long long)a->n_changes,
		    (long long)a->units, (long long)a->exempt);
	json_money(out, "cost", a->cost);
	strbuf_addstr(out, ",\"by_department\":[");
	for (size_t i = 0; i < p->n_dept; i++) {
		const struct pva_row *x = &p->dept[i];
		strbuf_addstr(out, i ? ",{\"department\":" : "{\"department\":");
		strbuf_add_json_str(out, x->key);
		strbuf_addf(out, ",\"planned_units\":%lld,\"units\":%lld,\"exempt\":%lld",
			    (long long)x->p_units, (long long)x->a_units, (long long)x->exempt);
		json_money(out, "planned_cost", x->p_cost);
		json_money(out, "cost", x->a_cost);
		strbuf_addch(out, '}');
	}
	strbuf_addstr(out, "],\"by_year\":[");
	for (size_t i = 0; i < p->n_year; i++) {
		const struct pva_year *y = &p->year[i];
		strbuf_addf(out, "%s{\"year\":%d,\"planned_units\":%lld,\"units\":%lld", i ? "," : "",
			    y->year, (long long)y->p_units, (long long)y->a_units);
		json_money(out, "planned_cost", y->p_cost);
		json_money(out, "cost", y->a_cost);
		strbuf_addch(out, '}');
	}
	strbuf_addstr(out, "],\"by_budget_line\":[");
	for (size_t i = 0; i < p->n_line; i++) {
		const struct pva_row *l = &p->line[i];
		strbuf_addstr(out, i ? ",{\"department\":" : "{\"department\":");
		strbuf_add_json_str(out, l->key);
		strbuf_add_json_member(out, "account", l->bl ? l->bl->account : NULL);
		strbuf_add_json_member(out, "name", l->bl ? l->bl->name : NULL);
		strbuf_add_json_member(out, "committee", l->bl ? l->bl->committee : NULL);
		json_money(out, "planned_cost", l->p_cost);
		json_money(out, "cost", l->a_cost);
		strbuf_addch(out, '}');
	}
	strbuf_addstr(out, "],\"burndown\":{\"years\":[");
	for (size_t k = 0; k < p->nb; k++)
		strbuf_addf(out, "%s%d", k ? "," : "", p->b0 + (int)k);
	strbuf_addch(out, ']');
	json_series(out, "planned_units", p->bu_plan, p->nb, p->nb, false);
	json_series(out, "actual_units", p->bu_act, p->nb, p->n_act, false);
	json_series(out, "planned_money", p->bm_plan, p->nb, p->nb, true);
	json_series(out, "actual_money", p->bm_act, p->nb, p->n_act, true);
	strbuf_addstr(out, "}}");
}

/* ---- entry points ------------------------------------------------------- */

enum vs_err plan_actual_add(struct rdoc *d, const struct plan_result *r,
			    const struct price_catalogue *cat, const struct plan_actual *a,
			    int this_year, struct vs_error *err)
{
	if (a->n_changes == 0)
		return VS_OK;
	struct pva p;
	pva_build(r, cat, a, this_year, &p);
	if (!p.failed) {
		table_depts(d, &p);
		table_years(d, &p);
		table_lines(d, &p);
		table_burndown(d, &p);
		add_charts(d, &p, false);
		struct strbuf j = STRBUF_INIT;
		strbuf_addstr(&j, ",\"plan_vs_actual\":");
		pva_json(a, &p, &j);
		free(d->extra_json);
		d->extra_json = j.failed ? NULL : strbuf_detach(&j);
		if (j.failed)
			d->failed = true;
	}
	bool failed = p.failed || d->failed;
	pva_release(&p);
	return failed ? vs_fail(err, VS_ENOMEM, "out of memory building plan versus actual")
		      : VS_OK;
}

void plan_actual_append_json(const struct plan_actual *a, const struct plan_result *r,
			     const struct price_catalogue *cat, int this_year, struct strbuf *out)
{
	struct pva p;
	pva_build(r, cat, a, this_year, &p);
	if (p.failed)
		out->failed = true;
	else
		pva_json(a, &p, out);
	pva_release(&p);
}

void plan_actual_burndown_html(const struct plan_actual *a, const struct plan_result *r,
			       int this_year, bool danish, struct strbuf *out)
{
	struct rdoc d;
	rdoc_init(&d, danish, NULL);
	d.chart_title = str_dup_or_null(TR(&d, "Chinese units remaining at the end of each year",
					   "Kinesiske enheder tilbage ved udgangen af hvert år"));
	struct pva p;
	pva_build(r, NULL, a, this_year, &p);
	if (!p.failed && d.chart_title)
		add_charts(&d, &p, true);
	if (p.failed || d.failed || !d.chart_title)
		out->failed = true;
	else
		rdoc_render_charts_html(&d, out);
	pva_release(&p);
	rdoc_release(&d);
}

enum vs_err report_plan_actual_json(struct store *st, int64_t survey_id, const char *types,
				    const char *departments, const struct plan_result *r,
				    const struct price_catalogue *cat, int this_year,
				    struct strbuf *out, struct vs_error *err)
{
	struct plan_actual a;
	enum vs_err rc = plan_actual_load(st, survey_id, types, departments, &a, err);
	if (rc)
		return rc;
	plan_actual_append_json(&a, r, cat, this_year, out);
	plan_actual_release(&a);
	return out->failed ? vs_fail(err, VS_ENOMEM, "out of memory") : VS_OK;
}
