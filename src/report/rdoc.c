#include "report/rdoc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "util/money.h"
#include "util/text.h"

void rdoc_init(struct rdoc *d, bool danish, const char *title)
{
	memset(d, 0, sizeof(*d));
	d->danish = danish;
	d->title = str_dup_or_null(title);
	if (title && !d->title)
		d->failed = true;
}

static void table_free(struct rdoc_table *t)
{
	free(t->id);
	free(t->title);
	for (size_t c = 0; c < t->n_cols; c++)
		free(t->header[c]);
	for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
		free(t->cells[i].text);
	free(t->cells);
	for (size_t i = 0; i < t->n_notes; i++)
		free(t->notes[i]);
	free(t->notes);
}

void rdoc_release(struct rdoc *d)
{
	for (size_t i = 0; i < d->n_tables; i++)
		table_free(&d->tables[i]);
	free(d->tables);
	for (size_t i = 0; i < d->n_series; i++) {
		free(d->series[i].name);
		free(d->series[i].units);
	}
	free(d->series);
	free(d->title);
	free(d->chart_title);
	free(d->money_chart_title);
	free(d->extra_json);
	free(d->meta_line);
	free(d->meta_json);
	free(d->headline);
	memset(d, 0, sizeof(*d));
}

void rdoc_set_meta(struct rdoc *d, const struct report_meta *m)
{
	struct strbuf line = STRBUF_INIT, json = STRBUF_INIT;
	report_meta_line(&line, m, d->danish);
	report_meta_json(&json, m);
	free(d->meta_line);
	free(d->meta_json);
	d->meta_line = d->meta_json = NULL;
	if (line.failed || json.failed) {
		d->failed = true;
		strbuf_release(&line);
		strbuf_release(&json);
		return;
	}
	d->meta_line = line.len ? strbuf_detach(&line) : NULL;
	d->meta_json = strbuf_detach(&json);
	d->generated = m->generated;
	strbuf_release(&line);
	if (!d->meta_json)
		d->failed = true;
}

void rdoc_set_headline(struct rdoc *d, const char *text)
{
	free(d->headline);
	d->headline = str_dup_or_null(text);
	if (text && !d->headline)
		d->failed = true;
}

struct rdoc_table *rdoc_add_table(struct rdoc *d, const char *id, const char *title, size_t n_cols)
{
	if (d->failed || n_cols == 0 || n_cols > TABLE_MAX_COLS) {
		d->failed = true;
		return NULL;
	}
	struct rdoc_table *nt = realloc(d->tables, (d->n_tables + 1) * sizeof(*nt));
	if (!nt) {
		d->failed = true;
		return NULL;
	}
	d->tables = nt;
	struct rdoc_table *t = &d->tables[d->n_tables];
	memset(t, 0, sizeof(*t));
	t->n_cols = n_cols;
	for (size_t c = 0; c < TABLE_MAX_COLS; c++)
		t->sum_from[c] = -1;
	t->id = str_dup_or_null(id);
	t->title = str_dup_or_null(title);
	d->n_tables++;
	if (!t->id || !t->title)
		d->failed = true;
	return t;
}

void rdoc_set_column(struct rdoc_table *t, size_t col, const char *header, enum rdoc_kind kind)
{
	if (!t || col >= t->n_cols)
		return;
	free(t->header[col]);
	t->header[col] = str_dup_or_null(header);
	t->kind[col] = kind;
}

struct rdoc_cell *rdoc_add_row(struct rdoc *d, struct rdoc_table *t)
{
	if (!t || d->failed)
		return NULL;
	if (t->n_rows == t->alloc_rows) {
		size_t na = t->alloc_rows ? t->alloc_rows * 2 : 16;
		struct rdoc_cell *nc = realloc(t->cells, na * t->n_cols * sizeof(*nc));
		if (!nc) {
			d->failed = true;
			return NULL;
		}
		t->cells = nc;
		t->alloc_rows = na;
	}
	struct rdoc_cell *row = &t->cells[t->n_rows * t->n_cols];
	for (size_t c = 0; c < t->n_cols; c++)
		row[c] = (struct rdoc_cell){NULL, 0, true, false};
	t->n_rows++;
	return row;
}

void rdoc_cell_text(struct rdoc *d, struct rdoc_cell *c, const char *s)
{
	if (!c)
		return;
	free(c->text);
	c->text = str_dup_or_null(s);
	c->empty = c->text == NULL;
	if (s && !c->text)
		d->failed = true;
}

void rdoc_cell_num(struct rdoc_cell *c, int64_t v)
{
	if (!c)
		return;
	c->v = v;
	c->empty = false;
}

void rdoc_add_note(struct rdoc *d, struct rdoc_table *t, const char *fmt, ...)
{
	if (!t || d->failed)
		return;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	char **nn = realloc(t->notes, (t->n_notes + 1) * sizeof(*nn));
	if (nn)
		t->notes = nn;
	if (!nn || sb.failed) {
		strbuf_release(&sb);
		d->failed = true;
		return;
	}
	t->notes[t->n_notes++] = strbuf_detach(&sb);
}

void rdoc_add_series(struct rdoc *d, const char *name, int first_year, const int64_t *units,
		     size_t n)
{
	rdoc_add_series_ex(d, name, first_year, units, n, false, false);
}

void rdoc_add_series_ex(struct rdoc *d, const char *name, int first_year, const int64_t *units,
			size_t n, bool money, bool extra)
{
	if (d->failed)
		return;
	struct rdoc_series *ns = realloc(d->series, (d->n_series + 1) * sizeof(*ns));
	if (!ns) {
		d->failed = true;
		return;
	}
	d->series = ns;
	struct rdoc_series *s = &d->series[d->n_series];
	s->name = str_dup_or_null(name);
	s->units = malloc((n ? n : 1) * sizeof(int64_t));
	s->first_year = first_year;
	s->n = n;
	s->money = money;
	s->extra = extra;
	d->n_series++;
	if (!s->name || !s->units) {
		d->failed = true;
		return;
	}
	memcpy(s->units, units, n * sizeof(int64_t));
}

static const struct rdoc_cell *cell_at(const struct rdoc_table *t, size_t r, size_t c)
{
	return &t->cells[r * t->n_cols + c];
}

void rdoc_money_plain(struct strbuf *out, int64_t v, char dec)
{
	struct strbuf g = STRBUF_INIT;
	money_format_kdkk(&g, v, false, 0);
	for (const char *p = strbuf_str(&g); *p; p++)
		if (*p == '.')
			strbuf_addch(out, dec);
		else if (*p != ',')
			strbuf_addch(out, *p);
	strbuf_release(&g);
}

void rdoc_cell_format(const struct rdoc *d, const struct rdoc_table *t, size_t row, size_t col,
		      struct strbuf *out, bool grouped)
{
	const struct rdoc_cell *c = cell_at(t, row, col);
	if (c->empty)
		return;
	switch (t->kind[col]) {
	case RD_TEXT:
		strbuf_addstr(out, c->text ? c->text : "");
		return;
	case RD_COUNT:
		if (grouped)
			fmt_int_grouped(out, c->v, d->danish);
		else
			strbuf_addf(out, "%lld", (long long)c->v);
		return;
	case RD_MONEY:
		if (grouped)
			money_format_kdkk(out, c->v, d->danish, 0);
		else
			rdoc_money_plain(out, c->v, d->danish ? ',' : '.');
		return;
	case RD_YEAR:
		strbuf_addf(out, "%lld", (long long)c->v);
		return;
	}
}

static void to_table(const struct rdoc *d, const struct rdoc_table *t, struct table *out,
		     bool grouped, bool marks)
{
	table_init(out, t->n_cols);
	for (size_t c = 0; c < t->n_cols; c++)
		table_set_column(out, c, t->header[c] ? t->header[c] : "", t->kind[c] != RD_TEXT);
	const char *cells[TABLE_MAX_COLS];
	struct strbuf sb[TABLE_MAX_COLS];
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t c = 0; c < t->n_cols; c++) {
			strbuf_init(&sb[c]);
			rdoc_cell_format(d, t, r, c, &sb[c], grouped);
			if (marks && cell_at(t, r, c)->mark)
				strbuf_addch(&sb[c], '*');
			cells[c] = strbuf_str(&sb[c]);
		}
		table_add_row(out, cells, t->n_cols);
		for (size_t c = 0; c < t->n_cols; c++)
			strbuf_release(&sb[c]);
	}
}

void rdoc_render_text(const struct rdoc *d, struct strbuf *out)
{
	if (d->failed) {
		strbuf_addstr(out, "(report incomplete: out of memory)\n");
		return;
	}
	bool head = false;
	if (d->title) {
		strbuf_addf(out, "%s\n", d->title);
		head = true;
	}
	if (d->meta_line) {
		strbuf_addf(out, "%s\n", d->meta_line);
		head = true;
	}
	if (d->headline)
		strbuf_addf(out, "%s%s\n", head ? "\n" : "", d->headline);
	head |= d->headline != NULL;
	for (size_t i = 0; i < d->n_tables; i++) {
		const struct rdoc_table *t = &d->tables[i];
		if (i || head)
			strbuf_addch(out, '\n');
		text_add_escaped(out, t->title, strlen(t->title), TEXT_KEEP_NONE);
		strbuf_addch(out, '\n');
		struct table tt;
		to_table(d, t, &tt, true, true);
		table_render_text(&tt, out);
		table_release(&tt);
		if (t->n_notes)
			strbuf_addch(out, '\n');
		for (size_t k = 0; k < t->n_notes; k++) {
			text_add_escaped(out, t->notes[k], strlen(t->notes[k]), TEXT_KEEP_NONE);
			strbuf_addch(out, '\n');
		}
	}
}

void rdoc_render_csv(const struct rdoc *d, struct strbuf *out)
{
	if (d->failed) {
		strbuf_addstr(out, "(report incomplete: out of memory)\n");
		return;
	}
	char sep = d->danish ? ';' : ',';
	struct table one;
	const char *head[] = {d->title, d->meta_line, d->headline};
	bool any_head = false;
	for (size_t k = 0; k < sizeof(head) / sizeof(head[0]); k++) {
		if (!head[k])
			continue;
		table_init(&one, 1);
		table_set_column(&one, 0, head[k], false);
		table_render_csv(&one, out, sep);
		table_release(&one);
		any_head = true;
	}
	for (size_t i = 0; i < d->n_tables; i++) {
		const struct rdoc_table *t = &d->tables[i];
		if (i || any_head)
			strbuf_addstr(out, "\r\n");
		/* The title, then the table, then its notes: each a one-field record. */
		table_init(&one, 1);
		table_set_column(&one, 0, t->title, false);
		table_render_csv(&one, out, sep);
		table_release(&one);
		struct table tt;
		to_table(d, t, &tt, false, false);
		table_render_csv(&tt, out, sep);
		table_release(&tt);
		for (size_t k = 0; k < t->n_notes; k++) {
			table_init(&one, 1);
			table_set_column(&one, 0, t->notes[k], false);
			table_render_csv(&one, out, sep);
			table_release(&one);
		}
	}
}

static const char *kind_name(enum rdoc_kind k)
{
	switch (k) {
	case RD_TEXT:
		return "text";
	case RD_COUNT:
		return "count";
	case RD_MONEY:
		return "thousand_dkk";
	case RD_YEAR:
		return "year";
	}
	return "text";
}

void rdoc_render_json(const struct rdoc *d, struct strbuf *out)
{
	strbuf_addstr(out, "{\"title\":");
	strbuf_add_json_str(out, d->title ? d->title : "");
	if (d->meta_json)
		strbuf_addf(out, ",%s", d->meta_json);
	strbuf_addstr(out, ",\"headline\":");
	strbuf_add_json_str_or_null(out, d->headline);
	strbuf_addf(out, ",\"lang\":\"%s\",\"complete\":%s,\"tables\":[", d->danish ? "da" : "en",
		    d->failed ? "false" : "true");
	for (size_t i = 0; i < d->n_tables && !d->failed; i++) {
		const struct rdoc_table *t = &d->tables[i];
		strbuf_addstr(out, i ? ",{\"id\":" : "{\"id\":");
		strbuf_add_json_str(out, t->id);
		strbuf_addstr(out, ",\"title\":");
		strbuf_add_json_str(out, t->title);
		strbuf_addstr(out, ",\"columns\":[");
		for (size_t c = 0; c < t->n_cols; c++) {
			strbuf_addstr(out, c ? ",{\"name\":" : "{\"name\":");
			strbuf_add_json_str(out, t->header[c] ? t->header[c] : "");
			strbuf_addf(out, ",\"kind\":\"%s\"}", kind_name(t->kind[c]));
		}
		strbuf_addf(out, "],\"total_row\":%s,\"rows\":[", t->total_row ? "true" : "false");
		for (size_t r = 0; r < t->n_rows; r++) {
			strbuf_addstr(out, r ? ",[" : "[");
			for (size_t c = 0; c < t->n_cols; c++) {
				const struct rdoc_cell *x = cell_at(t, r, c);
				if (c)
					strbuf_addch(out, ',');
				if (x->empty)
					strbuf_addstr(out, "null");
				else if (t->kind[c] == RD_TEXT)
					strbuf_add_json_str(out, x->text);
				else if (t->kind[c] == RD_MONEY)
					rdoc_money_plain(out, x->v, '.'); /* exact decimal text is a JSON number */
				else
					strbuf_addf(out, "%lld", (long long)x->v);
			}
			strbuf_addch(out, ']');
		}
		strbuf_addstr(out, "],\"estimated\":[");
		bool first = true;
		for (size_t r = 0; r < t->n_rows; r++)
			for (size_t c = 0; c < t->n_cols; c++)
				if (cell_at(t, r, c)->mark) {
					strbuf_addf(out, "%s[%zu,%zu]", first ? "" : ",", r, c);
					first = false;
				}
		strbuf_addstr(out, "],\"notes\":[");
		for (size_t k = 0; k < t->n_notes; k++) {
			if (k)
				strbuf_addch(out, ',');
			strbuf_add_json_str(out, t->notes[k]);
		}
		strbuf_addstr(out, "]}");
	}
	strbuf_addstr(out, "],\"burndown\":[");
	bool any = false;
	for (size_t i = 0; i < d->n_series && !d->failed; i++) {
		const struct rdoc_series *s = &d->series[i];
		if (s->extra)
			continue;
		strbuf_addstr(out, any ? ",{\"strategy\":" : "{\"strategy\":");
		any = true;
		strbuf_add_json_str(out, s->name);
		strbuf_addf(out, ",\"first_year\":%d,\"units\":[", s->first_year);
		for (size_t k = 0; k < s->n; k++)
			strbuf_addf(out, "%s%lld", k ? "," : "", (long long)s->units[k]);
		strbuf_addstr(out, "]}");
	}
	strbuf_addch(out, ']');
	if (d->extra_json && !d->failed)
		strbuf_addstr(out, d->extra_json);
	strbuf_addstr(out, "}\n");
}

/* Line colours for up to eight strategies; distinguishable in grey print too. */
static const char *const chart_colour[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
					   "#9467bd", "#8c564b", "#17becf", "#7f7f7f"};

/* The chart of the series whose money flag is `money`, titled title. */
static void svg_chart(const struct rdoc *d, struct strbuf *out, bool money, const char *title)
{
	size_t first = d->n_series;
	for (size_t i = 0; i < d->n_series; i++)
		if (d->series[i].money == money) {
			first = i;
			break;
		}
	if (first == d->n_series)
		return;
	/* Integer geometry: the chart needs no floating point. */
	/* R leaves room for the legend: strategy names in words ("Budget 20.000 t. kr. om året"). */
	const long W = 860, H = 360, L = 70, R = 300, T = 30, B = 40;
	int y0 = d->series[first].first_year, y1 = y0 + 1;
	int64_t top = 1;
	for (size_t i = 0; i < d->n_series; i++) {
		const struct rdoc_series *s = &d->series[i];
		if (s->money != money)
			continue;
		if (s->first_year < y0)
			y0 = s->first_year;
		if (s->first_year + (int)s->n - 1 > y1)
			y1 = s->first_year + (int)s->n - 1;
		for (size_t k = 0; k < s->n; k++)
			if (s->units[k] > top)
				top = s->units[k];
	}
	long pw = W - L - R, ph = H - T - B, span = y1 - y0;
#define XP(year) (L + (long)((year) - y0) * pw / span)
#define YP(v) (T + ph - (long)((v) * ph / top))
	strbuf_addf(out,
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%ld\" height=\"%ld\" "
		    "viewBox=\"0 0 %ld %ld\" role=\"img\" aria-label=\"",
		    W, H, W, H);
	text_add_html(out, title);
	strbuf_addstr(out, "\">\n<title>");
	text_add_html(out, title);
	strbuf_addstr(out, "</title>\n");
	strbuf_addf(out,
		    "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" stroke=\"#000\"/>\n"
		    "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" stroke=\"#000\"/>\n",
		    L, T, L, T + ph, L, T + ph, L + pw, T + ph);
	for (int k = 0; k <= 4; k++) {
		int64_t v = top * k / 4;
		struct strbuf n = STRBUF_INIT;
		fmt_int_grouped(&n, v, d->danish);
		strbuf_addf(out, "<text x=\"%ld\" y=\"%ld\" font-size=\"11\" text-anchor=\"end\">%s</text>\n",
			    L - 6, YP(v) + 4, strbuf_str(&n));
		strbuf_release(&n);
	}
	int step = span > 12 ? (span + 11) / 12 : 1;
	for (int y = y0; y <= y1; y += step)
		strbuf_addf(out, "<text x=\"%ld\" y=\"%ld\" font-size=\"11\" text-anchor=\"middle\">%d</text>\n",
			    XP(y), T + ph + 16, y);
	for (size_t j = 0, i = 0; j < d->n_series; j++) {
		const struct rdoc_series *s = &d->series[j];
		if (s->money != money)
			continue;
		const char *col = chart_colour[i % (sizeof(chart_colour) / sizeof(chart_colour[0]))];
		strbuf_addf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", col);
		for (size_t k = 0; k < s->n; k++)
			strbuf_addf(out, "%s%ld,%ld", k ? " " : "", XP(s->first_year + (int)k),
				    YP(s->units[k]));
		strbuf_addstr(out, "\"/>\n");
		long ly = T + 14 + (long)i * 18;
		strbuf_addf(out,
			    "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" stroke=\"%s\" stroke-width=\"2\"/>"
			    "<text x=\"%ld\" y=\"%ld\" font-size=\"12\">",
			    L + pw + 12, ly, L + pw + 32, ly, col, L + pw + 38, ly + 4);
		text_add_html(out, s->name);
		strbuf_addstr(out, "</text>\n");
		i++;
	}
#undef XP
#undef YP
	strbuf_addstr(out, "</svg>\n");
}

void rdoc_render_charts_html(const struct rdoc *d, struct strbuf *out)
{
	for (int money = 0; money < 2; money++) {
		const char *title = money ? d->money_chart_title : d->chart_title;
		bool any = false;
		for (size_t i = 0; i < d->n_series; i++)
			any |= d->series[i].money == (money != 0);
		if (!any)
			continue;
		strbuf_addstr(out, "<h2>");
		text_add_html(out, title);
		strbuf_addstr(out, "</h2>\n");
		svg_chart(d, out, money != 0, title);
	}
}

void rdoc_render_html(const struct rdoc *d, struct strbuf *out)
{
	strbuf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
		    d->danish ? "da" : "en");
	text_add_html(out, d->title);
	/* Sized for a 1280 px screen: compact cells, headers that wrap, numbers
	 * that do not; a table still too wide scrolls inside its own box rather
	 * than widening the page. */
	strbuf_addstr(out, "</title>\n<style>\nbody{font-family:sans-serif;margin:1.5em;max-width:1200px}"
			   "div.t{overflow-x:auto;max-width:100%}"
			   "table{border-collapse:collapse;margin:.5em 0;font-size:.9em}"
			   "td,th{border:1px solid #999;padding:.2em .4em}"
			   "th{vertical-align:bottom;max-width:9em}"
			   "td.n,th.n{text-align:right}td.n{white-space:nowrap}"
			   "tr.total td{font-weight:bold}"
			   "p.meta{color:#444;margin-top:-.5em}"
			   "div.headline{font-size:1.2em;border-left:4px solid #1f77b4;"
			   "padding:.3em .8em;margin:1em 0;background:#f3f7fb}"
			   "svg{max-width:100%;height:auto}"
			   "p.note{font-size:.9em;color:#333}\n</style>\n</head>\n<body>\n");
	rdoc_render_html_body(d, out);
	strbuf_addstr(out, "</body>\n</html>\n");
}

void rdoc_render_html_body(const struct rdoc *d, struct strbuf *out)
{
	strbuf_addstr(out, "<h1>");
	text_add_html(out, d->title);
	strbuf_addstr(out, "</h1>\n");
	if (d->meta_line) {
		strbuf_addstr(out, "<p class=\"meta\">");
		text_add_html(out, d->meta_line);
		strbuf_addstr(out, "</p>\n");
	}
	if (d->headline && !d->failed) {
		/* Danish writes "83 %": the sign must not wrap away from its number. */
		struct strbuf h = STRBUF_INIT;
		text_add_html(&h, d->headline);
		strbuf_addstr(out, "<div class=\"headline\"><p>");
		for (const char *p = strbuf_str(&h); *p; p++)
			if (p[0] == ' ' && p[1] == '%')
				strbuf_addstr(out, "&#160;");
			else
				strbuf_addch(out, *p);
		strbuf_addstr(out, "</p></div>\n");
		strbuf_release(&h);
	}
	if (d->failed) {
		strbuf_addstr(out, "<p>(report incomplete: out of memory)</p>\n");
		return;
	}
	rdoc_render_charts_html(d, out);
	rdoc_render_tables_html(d, out);
}

void rdoc_render_tables_html(const struct rdoc *d, struct strbuf *out)
{
	for (size_t i = 0; i < d->n_tables; i++) {
		const struct rdoc_table *t = &d->tables[i];
		strbuf_addstr(out, "<h2>");
		text_add_html(out, t->title);
		strbuf_addstr(out, "</h2>\n<div class=\"t\"><table>\n<tr>");
		for (size_t c = 0; c < t->n_cols; c++) {
			strbuf_addstr(out, t->kind[c] == RD_TEXT ? "<th>" : "<th class=\"n\">");
			text_add_html(out, t->header[c]);
			strbuf_addstr(out, "</th>");
		}
		strbuf_addstr(out, "</tr>\n");
		for (size_t r = 0; r < t->n_rows; r++) {
			bool total = t->total_row && r + 1 == t->n_rows;
			strbuf_addstr(out, total ? "<tr class=\"total\">" : "<tr>");
			for (size_t c = 0; c < t->n_cols; c++) {
				struct strbuf v = STRBUF_INIT;
				rdoc_cell_format(d, t, r, c, &v, true);
				if (cell_at(t, r, c)->mark)
					strbuf_addch(&v, '*');
				strbuf_addstr(out, t->kind[c] == RD_TEXT ? "<td>" : "<td class=\"n\">");
				text_add_html(out, strbuf_str(&v));
				strbuf_addstr(out, "</td>");
				strbuf_release(&v);
			}
			strbuf_addstr(out, "</tr>\n");
		}
		strbuf_addstr(out, "</table></div>\n");
		for (size_t k = 0; k < t->n_notes; k++) {
			strbuf_addstr(out, "<p class=\"note\">");
			text_add_html(out, t->notes[k]);
			strbuf_addstr(out, "</p>\n");
		}
	}
}

/*
 * XLSX stores numbers as IEEE doubles: the one place a money value becomes
 * floating point, at the very end. It goes through its exact decimal text,
 * so the cell holds the double nearest the printed amount.
 */
static double cell_double(const struct rdoc_table *t, size_t r, size_t c)
{
	const struct rdoc_cell *x = cell_at(t, r, c);
	if (t->kind[c] != RD_MONEY)
		return (double)x->v;
	struct strbuf sb = STRBUF_INIT;
	rdoc_money_plain(&sb, x->v, '.');
	double v = strtod(strbuf_str(&sb), NULL);
	strbuf_release(&sb);
	return v;
}

/* Number formats: decimals × bold (total row) × estimate mark. The mark is
 * part of the format ("#,##0\"*\""), so the cell keeps its numeric value
 * and a formula over it still adds up. */
struct xlsx_formats {
	lxw_format *money[MONEY_DECIMALS + 1][2][2];
	lxw_format *year, *bold, *wrap_bold, *meta;
};

static void xlsx_formats_make(lxw_workbook *wb, struct xlsx_formats *xf)
{
	static const char *const mf[] = {"#,##0", "#,##0.0", "#,##0.00", "#,##0.000", "#,##0.0000",
					 "#,##0.00000"};
	char buf[32];
	for (int k = 0; k <= MONEY_DECIMALS; k++)
		for (int b = 0; b < 2; b++)
			for (int m = 0; m < 2; m++) {
				lxw_format *f = workbook_add_format(wb);
				snprintf(buf, sizeof(buf), "%s%s", mf[k], m ? "\"*\"" : "");
				format_set_num_format(f, buf);
				if (b)
					format_set_bold(f);
				xf->money[k][b][m] = f;
			}
	xf->year = workbook_add_format(wb);
	format_set_num_format(xf->year, "0");
	xf->bold = workbook_add_format(wb);
	format_set_bold(xf->bold);
	xf->wrap_bold = workbook_add_format(wb);
	format_set_bold(xf->wrap_bold);
	format_set_text_wrap(xf->wrap_bold);
	format_set_align(xf->wrap_bold, LXW_ALIGN_VERTICAL_BOTTOM);
	xf->meta = workbook_add_format(wb);
	format_set_italic(xf->meta);
}

/* Rows above a table: title, survey line, headline (first sheet) or blank. */
#define XLSX_HEAD_ROW 3

static lxw_error xlsx_sheet(const struct rdoc *d, lxw_workbook *wb, const struct xlsx_formats *xf,
			    size_t i)
{
	const struct rdoc_table *t = &d->tables[i];
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->id);
	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	worksheet_write_string(ws, 0, 0, t->title, xf->bold);
	if (d->meta_line)
		worksheet_write_string(ws, 1, 0, d->meta_line, xf->meta);
	if (i == 0 && d->headline)
		worksheet_write_string(ws, 2, 0, d->headline, xf->bold);
	worksheet_set_column(ws, 0, 0, 36, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)(t->n_cols - 1), 14, NULL);
	const lxw_row_t head = XLSX_HEAD_ROW, first = XLSX_HEAD_ROW + 1;
	for (size_t c = 0; c < t->n_cols; c++)
		worksheet_write_string(ws, head, (lxw_col_t)c, t->header[c] ? t->header[c] : "",
				       xf->wrap_bold);
	/* Title, survey and header stay in view while the rows scroll. */
	worksheet_freeze_panes(ws, first, 0);
	for (size_t r = 0; r < t->n_rows; r++) {
		lxw_row_t row = first + (lxw_row_t)r;
		bool total = t->total_row && r + 1 == t->n_rows && r > 0;
		for (size_t c = 0; c < t->n_cols; c++) {
			const struct rdoc_cell *x = cell_at(t, r, c);
			lxw_col_t col = (lxw_col_t)c;
			if (x->empty)
				continue;
			if (t->kind[c] == RD_TEXT) {
				worksheet_write_string(ws, row, col, x->text, total ? xf->bold : NULL);
				continue;
			}
			int dec = t->kind[c] == RD_MONEY ? money_decimals_needed(x->v) : 0;
			lxw_format *f = t->kind[c] == RD_YEAR ? xf->year : xf->money[dec][total][x->mark];
			char formula[96], a[16], b[16];
			if (total) {
				lxw_rowcol_to_cell(a, first, col);
				lxw_rowcol_to_cell(b, row - 1, col);
				snprintf(formula, sizeof(formula), "=SUM(%s:%s)", a, b);
				worksheet_write_formula_num(ws, row, col, formula, f, cell_double(t, r, c));
			} else if (t->sum_from[c] >= 0 && (size_t)t->sum_from[c] < c) {
				lxw_rowcol_to_cell(a, row, (lxw_col_t)t->sum_from[c]);
				lxw_rowcol_to_cell(b, row, col - 1);
				snprintf(formula, sizeof(formula), "=SUM(%s:%s)", a, b);
				worksheet_write_formula_num(ws, row, col, formula, f, cell_double(t, r, c));
			} else {
				worksheet_write_number(ws, row, col, cell_double(t, r, c), f);
			}
		}
	}
	lxw_row_t nr = first + (lxw_row_t)t->n_rows + 1;
	for (size_t k = 0; k < t->n_notes; k++)
		worksheet_write_string(ws, nr + (lxw_row_t)k, 0, t->notes[k], NULL);
	return LXW_NO_ERROR;
}

enum vs_err rdoc_write_xlsx(const struct rdoc *d, const char *path, struct vs_error *err)
{
	if (d->failed)
		return vs_fail(err, VS_ENOMEM, "report incomplete: out of memory");
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return vs_fail(err, VS_EIO, "%s: cannot create the workbook", path);
	/* The creation time is the report's generation time (SOURCE_DATE_EPOCH
	 * when set), so the same input gives the same file. */
	lxw_doc_properties props = {0};
	props.title = d->title;
	props.comments = d->meta_line;
	props.created = (time_t)d->generated;
	workbook_set_properties(wb, &props);
	struct xlsx_formats xf;
	xlsx_formats_make(wb, &xf);
	lxw_error le = LXW_NO_ERROR;
	for (size_t i = 0; i < d->n_tables && le == LXW_NO_ERROR; i++)
		le = xlsx_sheet(d, wb, &xf, i);
	lxw_error ce = workbook_close(wb);
	if (le != LXW_NO_ERROR || ce != LXW_NO_ERROR)
		return vs_fail(err, VS_EIO, "%s: %s", path,
			       lxw_strerror(le != LXW_NO_ERROR ? le : ce));
	return VS_OK;
}
