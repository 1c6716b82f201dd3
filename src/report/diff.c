#include "report/diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/groups.h"
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

static void fmt_count(struct strbuf *sb, int64_t v, bool est, bool danish)
{
	strbuf_reset(sb);
	fmt_int_grouped(sb, v, danish);
	if (est)
		strbuf_addch(sb, '*');
}

static void fmt_change(struct strbuf *sb, int64_t d, bool danish)
{
	strbuf_reset(sb);
	if (d > 0)
		strbuf_addch(sb, '+');
	fmt_int_grouped(sb, d, danish);
}

static void render(const struct kb *kb, const struct diff *d, const char *second,
		   const struct survey_info *a, const struct survey_info *b,
		   const struct diff_opts *o, struct strbuf *out)
{
	bool da = o->danish;
	if (o->format == REPORT_JSON) {
		for (size_t i = 0; i < d->n; i++) {
			const struct diff_row *r = &d->rows[i];
			strbuf_addstr(out, "{\"type\":");
			if (r->key[0])
				strbuf_add_json_str(out, r->key[0]);
			else
				strbuf_addstr(out, "null");
			strbuf_addf(out, ",\"%s\":", second);
			if (r->key[1])
				strbuf_add_json_str(out, r->key[1]);
			else
				strbuf_addstr(out, "null");
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
	struct table t;
	table_init(&t, 5);
	bool vendor = strcmp(second, "vendor") == 0;
	table_set_column(&t, 0, o->format == REPORT_CSV ? "type" : da ? "Type" : "Type", false);
	table_set_column(&t, 1,
			 o->format == REPORT_CSV ? second
			 : vendor		 ? (da ? "Producent" : "Vendor")
						 : (da ? "Forvaltning" : "Department"),
			 false);
	table_set_column(&t, 2, a->name, true);
	table_set_column(&t, 3, b->name, true);
	table_set_column(&t, 4, o->format == REPORT_CSV ? "change" : da ? "Ændring" : "Change", true);
	struct strbuf c[3] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
	bool any_est = false;
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_row *r = &d->rows[i];
		bool text = o->format == REPORT_TEXT;
		fmt_count(&c[0], r->before, text && r->est_before, text && da);
		fmt_count(&c[1], r->after, text && r->est_after, text && da);
		if (text)
			fmt_change(&c[2], r->after - r->before, da);
		else {
			strbuf_reset(&c[2]);
			strbuf_addf(&c[2], "%lld", (long long)(r->after - r->before));
		}
		any_est |= r->est_before || r->est_after;
		const char *first = text && i && same(r->key[0], d->rows[i - 1].key[0])
					    ? NULL
					    : (text ? report_type_label(kb, r->key[0], da) : r->key[0]);
		const char *sec = r->key[1] ? r->key[1] : text ? (da ? "(ukendt)" : "(unknown)") : NULL;
		const char *cells[5] = {first ? first : (text ? NULL : ""), sec, strbuf_str(&c[0]),
					strbuf_str(&c[1]), strbuf_str(&c[2])};
		if (text && !first && !r->key[0])
			cells[0] = NULL;
		if (!text && !r->key[0])
			cells[0] = NULL;
		table_add_row(&t, cells, 5);
	}
	if (o->format == REPORT_CSV)
		table_render_csv(&t, out, ',');
	else
		table_render_text(&t, out);
	if (o->format == REPORT_TEXT && any_est)
		strbuf_addstr(out, da ? "*Estimeret antal\n" : "*Estimated count\n");
	for (int k = 0; k < 3; k++)
		strbuf_release(&c[k]);
	table_release(&t);
}

static enum vs_err one_view(struct store *st, const struct kb *kb, const struct survey_info *a,
			    const struct survey_info *b, enum group_field second,
			    const struct diff_opts *o, struct strbuf *out, struct vs_error *err)
{
	enum group_field fields[2] = {GF_TYPE, second};
	struct group_result ra, rb;
	struct asset_filter fa = {.survey_id = a->id, .kind = o->kind, .chinese_only = o->chinese_only};
	struct asset_filter fb = fa;
	fb.survey_id = b->id;
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
	} else {
		rank_kb = kb;
		if (d.n > 1)
			qsort(d.rows, d.n, sizeof(d.rows[0]), by_type_rank);
		render(kb, &d, group_field_name(second), a, b, o, out);
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
	enum vs_err rc = one_view(st, kb, a, b, GF_DEPARTMENT, o, out, err);
	if (rc)
		return rc;
	if (o->format == REPORT_TEXT)
		strbuf_addstr(out, o->danish ? "\nEfter producent\n" : "\nBy vendor\n");
	else if (o->format == REPORT_CSV)
		strbuf_addstr(out, "\r\n");
	return one_view(st, kb, a, b, GF_VENDOR, o, out, err);
}
