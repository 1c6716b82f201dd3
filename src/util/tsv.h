/*
 * Reader for the project's own tab-separated data files (data/README.md):
 * UTF-8, one header line that must name the expected columns, '#' comment
 * lines, empty cells meaning "not known". The whole file is read once (data
 * files are small) and walked with the bounds-checked cursor; every error
 * names FILE:LINE.
 */
#ifndef VS_UTIL_TSV_H
#define VS_UTIL_TSV_H

#include <stdbool.h>
#include <stddef.h>

#include "util/cur.h"
#include "util/err.h"

#define TSV_MAX_COLS 16

struct tsv {
	char *display;   /* name used in messages: "policy/critical.tsv" */
	char *data;      /* whole file */
	struct cur c;
	long line;       /* line number of the row last returned */
	size_t n_cols;
	char *cell[TSV_MAX_COLS]; /* NULL for an empty cell; point into rowbuf */
	char *rowbuf;
	size_t rowbuf_len;
};

/* Open path and check its header names the n_cols columns in `columns`,
 * in order. display (e.g. the path relative to the data dir) is used in
 * messages. */
enum vs_err tsv_open(struct tsv *t, const char *path, const char *display,
		     const char *const *columns, size_t n_cols, struct vs_error *err);
/* Next data row into t->cell: 1 a row, 0 the end, -1 an error (err set). */
int tsv_next(struct tsv *t, struct vs_error *err);
void tsv_close(struct tsv *t);

#endif
