/*
 * A small table model that renders as aligned text or as CSV, so every report
 * builds its rows once and the output format is a rendering choice.
 */
#ifndef VS_REPORT_TABLE_H
#define VS_REPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

#define TABLE_MAX_COLS 16

struct table {
	size_t n_cols;
	char *header[TABLE_MAX_COLS];
	bool right[TABLE_MAX_COLS]; /* right-align (numbers) */
	char **cells;               /* n_rows * n_cols, NULL = empty */
	size_t n_rows, alloc_rows;
	bool failed;                /* an allocation failed; rendering says so */
};

void table_init(struct table *t, size_t n_cols);
void table_release(struct table *t);
void table_set_column(struct table *t, size_t col, const char *header, bool right_aligned);
/* Append a row; cells beyond n_cols are ignored, missing ones are empty. */
void table_add_row(struct table *t, const char *const *cells, size_t n);
/* Columns padded to their widest cell (in terminal columns, not bytes);
 * control bytes in a cell shown escaped (\x1b), never sent raw. */
void table_render_text(const struct table *t, struct strbuf *out);
/* RFC 4180 CSV with the given separator; fields quoted when needed; a cell
 * a spreadsheet would run as a formula starts with an apostrophe
 * (table_csv_is_formula); control bytes but line breaks escaped. */
void table_render_csv(const struct table *t, struct strbuf *out, char sep);
/* Would a spreadsheet take this CSV cell for a formula? = @ TAB CR first,
 * or - + first in anything but a plain number (-12, -1.234,5). */
bool table_csv_is_formula(const char *v);

/* Terminal columns a UTF-8 string occupies (East Asian wide characters count 2). */
size_t text_width(const char *s);

#endif
