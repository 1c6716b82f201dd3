/*
 * A report document: titled tables whose cells keep their values (counts,
 * money, years), footnotes, and burn-down series for a chart. Builders fill
 * one; renderers turn it into text, CSV, JSON, HTML (with an inline SVG
 * chart) or XLSX, so every format shows the same numbers.
 */
#ifndef VS_REPORT_RDOC_H
#define VS_REPORT_RDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/meta.h"
#include "report/table.h"
#include "util/err.h"
#include "util/strbuf.h"

enum rdoc_kind {
	RD_TEXT,
	RD_COUNT, /* whole units: 37,323 */
	RD_MONEY, /* money units (util/money.h), shown in thousand DKK */
	RD_YEAR,  /* 2026, never grouped */
};

struct rdoc_cell {
	char *text;   /* RD_TEXT columns; NULL = empty */
	int64_t v;    /* other kinds */
	bool empty;   /* no value (an empty total cell) */
	bool mark;    /* footnote mark '*' */
};

struct rdoc_table {
	char *id;     /* short name: the XLSX sheet ("Table 2") */
	char *title;
	size_t n_cols;
	char *header[TABLE_MAX_COLS];
	enum rdoc_kind kind[TABLE_MAX_COLS];
	/* A column whose value is the sum of columns [sum_from, col) in its row
	 * (a "Total" column): XLSX writes it as a formula. -1: not a sum. */
	int sum_from[TABLE_MAX_COLS];
	struct rdoc_cell *cells; /* n_rows × n_cols */
	size_t n_rows, alloc_rows;
	bool total_row; /* the last row sums the rows above (XLSX: formulas) */
	char **notes;
	size_t n_notes;
};

struct rdoc_series {
	char *name;
	int first_year;   /* the year of start[0]: before the plan begins */
	int64_t *units;   /* units in place at first_year, then the end of each year */
	size_t n;
	/* Money, in whole thousand DKK (a chart's scale needs no øre, and
	 * its integer geometry stays far from overflow), drawn in the second
	 * chart. */
	bool money;
	/* Not a strategy: drawn, but left out of JSON's "burndown" (plan
	 * versus actual writes its own member). */
	bool extra;
};

struct rdoc {
	bool danish;
	char *title;
	/* Which survey, of when, generated when (rdoc_set_meta): every format
	 * says it, so a printed or forwarded report still names its source. */
	char *meta_line;  /* "Survey kk-2025 (2025); generated ..." in the language */
	char *meta_json;  /* the same as JSON members */
	int64_t generated;
	/* The answer in a sentence or two, above the tables (NULL: none). */
	char *headline;
	struct rdoc_table *tables;
	size_t n_tables;
	struct rdoc_series *series;
	size_t n_series;
	char *chart_title;
	char *money_chart_title; /* the chart of money series; NULL: none */
	/* Members appended to the JSON object as they are (",\"k\":{...}"),
	 * written by a builder with strbuf's JSON helpers; NULL: none. */
	char *extra_json;
	bool failed; /* an allocation failed; rendering refuses */
};

void rdoc_init(struct rdoc *d, bool danish, const char *title);
void rdoc_release(struct rdoc *d);
/* Name the survey and the generation time (copied). */
void rdoc_set_meta(struct rdoc *d, const struct report_meta *m);
/* The headline block (copied); replaces any earlier one. */
void rdoc_set_headline(struct rdoc *d, const char *text);
/* New table; returns NULL (and sets d->failed) on allocation failure. */
struct rdoc_table *rdoc_add_table(struct rdoc *d, const char *id, const char *title, size_t n_cols);
void rdoc_set_column(struct rdoc_table *t, size_t col, const char *header, enum rdoc_kind kind);
/* Append an empty row and return its cells (n_cols of them, all empty). */
struct rdoc_cell *rdoc_add_row(struct rdoc *d, struct rdoc_table *t);
void rdoc_cell_text(struct rdoc *d, struct rdoc_cell *c, const char *s);
void rdoc_cell_num(struct rdoc_cell *c, int64_t v);
void rdoc_add_note(struct rdoc *d, struct rdoc_table *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void rdoc_add_series(struct rdoc *d, const char *name, int first_year, const int64_t *units,
		     size_t n);
/* rdoc_add_series with the flags above. */
void rdoc_add_series_ex(struct rdoc *d, const char *name, int first_year, const int64_t *units,
			size_t n, bool money, bool extra);
/* The charts alone (each under an <h2>), inline SVG with every text
 * escaped and no script: what the HTML report shows above its tables, for
 * pages that embed it. Nothing when d has no series. */
void rdoc_render_charts_html(const struct rdoc *d, struct strbuf *out);

/* A cell as text in the document's language: "179.421,6", "37.323". */
void rdoc_cell_format(const struct rdoc *d, const struct rdoc_table *t, size_t row, size_t col,
		      struct strbuf *out, bool grouped);

/* Money units as a plain thousand-DKK number: no grouping, dec as the
 * decimal separator ("179421.6"); exact, so JSON writes it as a number. */
void rdoc_money_plain(struct strbuf *out, int64_t v, char dec);

void rdoc_render_text(const struct rdoc *d, struct strbuf *out);
/* CSV: en comma-separated with a decimal point, da semicolon-separated with
 * a decimal comma (what a spreadsheet in that locale reads); numbers always
 * plain (no grouping, no estimate mark: the notes say which are estimates).
 * The title, survey line and headline come first, one field per record. */
void rdoc_render_csv(const struct rdoc *d, struct strbuf *out);
void rdoc_render_json(const struct rdoc *d, struct strbuf *out);
void rdoc_render_html(const struct rdoc *d, struct strbuf *out);
/* The same without the document around it (no head, no style element):
 * the title as <h1>, the meta line, headline, chart and tables, for a page
 * of `vendorscope serve` that brings its own layout and style sheet. */
void rdoc_render_html_body(const struct rdoc *d, struct strbuf *out);
/* Only the tables (titles, cells, notes) of the body. */
void rdoc_render_tables_html(const struct rdoc *d, struct strbuf *out);
/* XLSX: one sheet per table, numbers as numbers, totals as formulas, the
 * title, survey line and header rows frozen, estimated cells shown with
 * their '*' by the number format (the value stays a number). */
enum vs_err rdoc_write_xlsx(const struct rdoc *d, const char *path, struct vs_error *err);

#endif
