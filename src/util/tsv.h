/*
 * Reader for the project's own tab-separated data files (data/README.md):
 * UTF-8 (a byte order mark is skipped), one header line that must name the
 * expected columns, '#' comment lines and empty lines skipped, lines of at
 * most VS_MAX_KB_LINE bytes, no NUL bytes. Cells are slices into the
 * caller's buffer, which must outlive the reader.
 */
#ifndef VS_UTIL_TSV_H
#define VS_UTIL_TSV_H

#include <stddef.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

#define TSV_MAX_COLS 10 /* the widest data file has 9 columns */

struct tsv {
	const char *name;  /* "kb/aliases.tsv", for messages */
	struct cur c;
	size_t line;       /* 1-based number of the line just read */
	size_t ncols;
	size_t min_cols; /* rows may stop after this many columns (the rest read empty) */
	struct slice cell[TSV_MAX_COLS];
};

/* Position at the first data row; checks the header against cols. */
enum vs_err tsv_open(struct tsv *t, const char *name, const uint8_t *data, size_t len,
		     const char *const *cols, size_t ncols, struct vs_error *err);
/* As tsv_open, but rows may leave out the last ncols - required columns
 * (optional trailing columns: most rows of a long file need none of them,
 * and a file written before they existed still loads). */
enum vs_err tsv_open_optional(struct tsv *t, const char *name, const uint8_t *data, size_t len,
			      const char *const *cols, size_t ncols, size_t required,
			      struct vs_error *err);
/* 1: a row is in t->cell; 0: end of file; -1: error recorded in err. */
int tsv_next(struct tsv *t, struct vs_error *err);

#endif
