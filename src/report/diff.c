#include "report/diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/groups.h"
#include "report/meta.h"
#include "report/table.h"
#include "store/query_groups.h"
#include "util/text.h"

struct diff_row {
	const char *key[2]; /* borrowed from the group results */
	int64_t before, after;
	bool est_before, est_after;
	size_t seq; /* order of first sight, for a stable sort */
};

struct diff {
	struct diff_row *rows;
	size_t n, alloc;
};

static bool same(const char *x, const char *y)
{
	return x == y || (x && y && strcmp(x, y) == 0);
}

static bool add(struct diff *d, const struct group_row *g, bool after)
{
	for (size_t i = 0; i < d->n; i++) {
		struct diff_row *r = &d->rows[i];
		if (same(r->key[0], g->value[0]) && same(r->key[1], g->value[1])) {
			*(after ? &r->after : &r->before) += g->count;
			*(after ? &r->est_after : &r->est_before) |= g->estimated;
			return true;
		}
	}
	if (d->n == d->alloc) {
		size_t na = d->alloc ? d->alloc * 2 : 32;
		struct diff_row *p = realloc(d->rows, na * sizeof(*p));
		if (!p)
			return false;
		d->rows = p;
		d->alloc = na;
	}
	struct diff_row *r = &d->rows[d->n++];
	memset(r, 0, sizeof(*r));
	r->seq = d->n - 1;
	r->key[0] = g->value[0];
	r->key[1] = g->value[1];
	*(after ? &r->after : &r->before) = g->count;
	*(after ? &r->est_after : &r->est_before) = g->estimated;
	return true;
}

static const struct kb *rank_kb;

static int by_type_rank(const void *pa, const void *pb)
{
	const struct diff_row *a = pa, *b = pb;
	const struct kb_type *ta = a->key[0] ? kb_type_by_key(rank_kb, a->key[0]) : NULL;
	const struct kb_type *tb = b->key[0] ? kb_type_by_key(rank_kb, b->key[0]) : NULL;
	size_t ra = ta ? ta->order : (size_t)-1, rb = tb ? tb->order : (size_t)-1;
	if (ra != rb)
		return ra < rb ? -1 : 1;
	/* qsort is not stable: keep rows of one type in order of first sight. */
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Software: by product name, each product's rows in order of first sight. */
static int by_product(const void *pa, const void *pb)
{
	const struct diff_row *a = pa, *b = pb;
	int c = strcmp(a->key[0] ? a->key[0] : "", b->key[0] ? b->key[0] : "");
	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void fmt_count(struct strbuf *sb, int64_t v, bool est, bool danish)
{
	fmt_int_grouped(sb, v, danish);
	if (est)
		strbuf_addch(sb, '*');
}

static void fmt_change(struct strbuf *sb, int64_t d, bool danish)
{
	if (d > 0)
		strbuf_addch(sb, '+');
	fmt_int_grouped(sb, d, danish);
}

/* Which rows a view shows, and what its columns are called. */
struct view {
	int kind;                /* enum asset_kind */
	enum group_field first;  /* GF_TYPE for hardware, GF_PRODUCT for software */
	enum group_field second; /* GF_DEPARTMENT or GF_VENDOR */
};

static const char *view_title(const struct view *v, bool da)
{
	bool hw = v->kind == ASSET_HARDWARE, dept = v->second == GF_DEPARTMENT;
	if (hw)
		return dept ? (da ? "Hardware efter type og forvaltning" : "Hardware by type and department")
			    : (da ? "Hardware efter type og producent" : "Hardware by type and vendor");
	return dept ? (da ? "Software efter produkt og forvaltning" : "Software by product and department")
		    : (da ? "Software efter produkt og producent" : "Software by product and vendor");
}

static void render(const struct kb *kb, const struct diff *d, const struct view *v,
		   const struct survey_info *a, const struct survey_info *b,
		   const struct diff_opts *o, struct strbuf *out)
{
	bool da = o->danish, hw = v->kind == ASSET_HARDWARE;
	const char *first_name = group_field_name(v->first), *second = group_field_name(v->second);
	if (o->format == REPORT_JSON) {
		for (size_t i = 0; i < d->n; i++) {
			const struct diff_row *r = &d->rows[i];
			strbuf_addf(out, "{\"kind\":\"%s\",\"%s\":", hw ? "hardware" : "software",
				    first_name);
			strbuf_add_json_str_or_null(out, r->key[0]);
			strbuf_addf(out, ",\"%s\":", second);
			strbuf_add_json_str_or_null(out, r->key[1]);
			strbuf_addstr(out, ",\"survey_a\":");
			strbuf_add_json_str(out, a->name);
			strbuf_addstr(out, ",\"survey_b\":");
			strbuf_add_json_str(out, b->name);
			strbuf_addf(out, ",\"before\":%lld,\"after\":%lld,\"change\":%lld,"
					 "\"estimated\":%s}\n",
				    (long long)r->before, (long long)r->after,
				    (long long)(r->after - r->before),
				    r->est_before || r->est_after ? "true" : "false");
		}
		return;
	}
	bool text = o->format == REPORT_TEXT;
	struct table t;
	table_init(&t, 5);
	bool vendor = v->second == GF_VENDOR;
	table_set_column(&t, 0,
			 !text ? first_name
			 : hw  ? "Type"
			       : (da ? "Produkt" : "Product"),
			 false);
	table_set_column(&t, 1,
			 !text	 ? second
			 : vendor ? (da ? "Producent" : "Vendor")
				  : (da ? "Forvaltning" : "Department"),
			 false);
	table_set_column(&t, 2, a->name, true);
	table_set_column(&t, 3, b->name, true);
	table_set_column(&t, 4, !text ? "change" : da ? "Ændring" : "Change", true);
	struct strbuf c[3] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
	bool any_est = false;
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_row *r = &d->rows[i];
		for (int k = 0; k < 3; k++)
			strbuf_reset(&c[k]);
		if (text) {
			fmt_count(&c[0], r->before, r->est_before, da);
			fmt_count(&c[1], r->after, r->est_after, da);
			fmt_change(&c[2], r->after - r->before, da);
		} else {
			/* CSV numbers are plain, always: no grouping, no mark. */
			strbuf_addf(&c[0], "%lld", (long long)r->before);
			strbuf_addf(&c[1], "%lld", (long long)r->after);
			strbuf_addf(&c[2], "%lld", (long long)(r->after - r->before));
		}
		any_est |= r->est_before || r->est_after;
		const char *unknown = da ? "(ukendt)" : "(unknown)";
		const char *first;
		if (!text)
			first = r->key[0];
		else if (i && same(r->key[0], d->rows[i - 1].key[0]))
			first = NULL; /* the type is printed once, on its first row */
		else if (!r->key[0])
			first = unknown;
		else
			first = hw ? report_type_label(kb, r->key[0], da) : r->key[0];
		const char *sec = r->key[1] ? r->key[1] : text ? unknown : NULL;
		const char *cells[5] = {first, sec, strbuf_str(&c[0]), strbuf_str(&c[1]),
					strbuf_str(&c[2])};
		table_add_row(&t, cells, 5);
	}
	if (!text)
		table_render_csv(&t, out, ',');
	else
		table_render_text(&t, out);
	if (text && any_est)
		strbuf_addstr(out, da ? "*Estimeret antal\n" : "*Estimated count\n");
	for (int k = 0; k < 3; k++)
		strbuf_release(&c[k]);
	table_release(&t);
}

/* One view; *shown tells whether it had rows (an empty view prints nothing). */
static enum vs_err one_view(struct store *st, const struct kb *kb, const struct survey_info *a,
			    const struct survey_info *b, const struct view *v,
			    const struct diff_opts *o, bool *shown, struct strbuf *out,
			    struct vs_error *err)
{
	enum group_field fields[2] = {v->first, v->second};
	struct group_result ra, rb;
	struct asset_filter fa = {.survey_id = a->id, .kind = v->kind, .chinese_only = o->chinese_only};
	struct asset_filter fb = fa;
	fb.survey_id = b->id;
	*shown = false;
	enum vs_err rc = store_assets_grouped(st, &fa, fields, 2, &ra, err);
	if (rc)
		return rc;
	rc = store_assets_grouped(st, &fb, fields, 2, &rb, err);
	if (rc) {
		group_result_release(&ra);
		return rc;
	}
	struct diff d = {0};
	bool ok = true;
	for (size_t i = 0; i < ra.n && ok; i++)
		ok = add(&d, &ra.rows[i], false);
	for (size_t i = 0; i < rb.n && ok; i++)
		ok = add(&d, &rb.rows[i], true);
	if (!ok) {
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	} else if (d.n) {
		rank_kb = kb;
		if (d.n > 1)
			qsort(d.rows, d.n, sizeof(d.rows[0]),
			      v->first == GF_TYPE ? by_type_rank : by_product);
		if (o->format == REPORT_TEXT)
			strbuf_addf(out, "\n%s\n", view_title(v, o->danish));
		else if (o->format == REPORT_CSV)
			strbuf_addstr(out, "\r\n");
		render(kb, &d, v, a, b, o, out);
		*shown = true;
	}
	free(d.rows);
	group_result_release(&ra);
	group_result_release(&rb);
	return rc;
}

enum vs_err report_diff(struct store *st, const struct kb *kb, const struct survey_info *a,
			const struct survey_info *b, const struct diff_opts *o,
			struct strbuf *out, struct vs_error *err)
{
	/* Hardware and software each in their own section: software has no
	 * hardware type, and printed under the last one it read as a router. */
	static const struct view views[] = {
		{ASSET_HARDWARE, GF_TYPE, GF_DEPARTMENT},
		{ASSET_HARDWARE, GF_TYPE, GF_VENDOR},
		{ASSET_SOFTWARE, GF_PRODUCT, GF_DEPARTMENT},
		{ASSET_SOFTWARE, GF_PRODUCT, GF_VENDOR},
	};
	struct report_meta m = {a->name, a->date, b->name, b->date, o->generated};
	if (o->format != REPORT_JSON) {
		struct strbuf line = STRBUF_INIT;
		report_meta_line(&line, &m, o->danish);
		if (o->format == REPORT_CSV) {
			struct table one;
			table_init(&one, 1);
			table_set_column(&one, 0, strbuf_str(&line), false);
			table_render_csv(&one, out, ',');
			table_release(&one);
		} else {
			strbuf_addf(out, "%s\n", strbuf_str(&line));
		}
		strbuf_release(&line);
	}
	bool any = false;
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		if (o->kind >= 0 && o->kind != views[i].kind)
			continue;
		bool shown;
		enum vs_err rc = one_view(st, kb, a, b, &views[i], o, &shown, out, err);
		if (rc)
			return rc;
		any |= shown;
	}
	if (!any && o->format == REPORT_TEXT)
		strbuf_addstr(out, o->danish ? "\nIngen aktiver i de to kortlægninger.\n"
					     : "\nNo assets in either survey.\n");
	return VS_OK;
}
