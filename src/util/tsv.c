/*
 * The project's own data files (data/README.md): UTF-8, tab-separated, one
 * header line, '#' comment lines. Read from memory through the cursor; every
 * error names FILE:LINE.
 */
#include "util/tsv.h"

#include <string.h>

#include "util/limits.h"
#include "util/strbuf.h"
#include "util/text.h"

/* One physical line without its LF (and a CR before it); false at the end. */
static bool tsv_line(struct tsv *t, struct slice *line, struct vs_error *err, bool *bad)
{
	*bad = false;
	if (cur_eof(&t->c))
		return false;
	bool found;
	*line = cur_until(&t->c, '\n', &found);
	t->line++;
	if (line->len && line->p[line->len - 1] == '\r')
		line->len--;
	if (line->len > VS_MAX_KB_LINE) {
		vs_fail(err, VS_ETOOBIG, "%s:%zu: line longer than %d bytes (VS_MAX_KB_LINE)",
			t->name, t->line, VS_MAX_KB_LINE);
		*bad = true;
		return false;
	}
	const uint8_t *nul = memchr(line->p, 0, line->len);
	if (nul) {
		/* A NUL would end the cell early when it is used as a C string. */
		vs_fail(err, VS_EBADVAL, "%s:%zu: NUL byte (byte %zu)", t->name, t->line,
			(size_t)(nul - line->p) + 1);
		*bad = true;
		return false;
	}
	size_t at;
	if (!utf8_valid(line->p, line->len, &at)) {
		vs_fail(err, VS_EBADVAL, "%s:%zu: not UTF-8 (byte %zu)", t->name, t->line, at + 1);
		*bad = true;
		return false;
	}
	return true;
}

static bool tsv_skippable(struct slice line)
{
	return line.len == 0 || line.p[0] == '#';
}

static size_t tsv_split(struct slice line, struct slice *cells, size_t max)
{
	size_t n = 0;
	struct cur c = cur_make(line.p, line.len);
	for (;;) {
		bool found;
		struct slice s = cur_until(&c, '\t', &found);
		if (n < max)
			cells[n] = s;
		n++;
		if (!found)
			return n;
	}
}

static enum vs_err tsv_open_header(struct tsv *t, const char *name, const uint8_t *data,
				   size_t len, const char *const *cols, size_t ncols,
				   size_t min_header, struct vs_error *err)
{
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->c = cur_make(data, len);
	t->ncols = ncols;
	t->min_cols = ncols;
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		cur_skip(&t->c, 3); /* the byte order mark a spreadsheet saves */
	struct slice line;
	bool bad;
	while (tsv_line(t, &line, err, &bad)) {
		if (tsv_skippable(line))
			continue;
		struct slice cell[TSV_MAX_COLS];
		size_t n = tsv_split(line, cell, TSV_MAX_COLS);
		/* A header may stop where optional columns begin (tsv_open_optional
		 * narrows min_cols after; a file without them reads them empty). */
		bool ok = n >= min_header && n <= ncols;
		for (size_t i = 0; ok && i < n; i++)
			ok = slice_eq(cell[i], cols[i]);
		if (!ok) {
			struct strbuf want = STRBUF_INIT;
			for (size_t i = 0; i < ncols; i++)
				strbuf_addf(&want, "%s%s%s", i ? "\\t" : "", i == min_header ? "[" : "",
					    cols[i]);
			if (min_header < ncols)
				strbuf_addch(&want, ']');
			vs_fail(err, VS_EBADVAL, "%s:%zu: header is not \"%s\"", name, t->line,
				strbuf_str(&want));
			strbuf_release(&want);
			return VS_EBADVAL;
		}
		return VS_OK;
	}
	if (bad)
		return err->code;
	return vs_fail(err, VS_EBADVAL, "%s: no header line", name);
}

enum vs_err tsv_open(struct tsv *t, const char *name, const uint8_t *data, size_t len,
		     const char *const *cols, size_t ncols, struct vs_error *err)
{
	return tsv_open_header(t, name, data, len, cols, ncols, ncols, err);
}

enum vs_err tsv_open_optional(struct tsv *t, const char *name, const uint8_t *data, size_t len,
			      const char *const *cols, size_t ncols, size_t required,
			      struct vs_error *err)
{
	if (required > ncols)
		required = ncols;
	enum vs_err rc = tsv_open_header(t, name, data, len, cols, ncols, required, err);
	if (!rc)
		t->min_cols = required;
	return rc;
}

int tsv_next(struct tsv *t, struct vs_error *err)
{
	struct slice line;
	bool bad;
	while (tsv_line(t, &line, err, &bad)) {
		if (tsv_skippable(line))
			continue;
		size_t n = tsv_split(line, t->cell, t->ncols);
		if (n > t->ncols || n < t->min_cols) {
			if (t->min_cols < t->ncols)
				vs_fail(err, VS_EBADVAL, "%s:%zu: %zu columns, expected %zu to %zu",
					t->name, t->line, n, t->min_cols, t->ncols);
			else
				vs_fail(err, VS_EBADVAL, "%s:%zu: %zu columns, expected %zu", t->name,
					t->line, n, t->ncols);
			return -1;
		}
		for (size_t i = n; i < t->ncols; i++)
			t->cell[i] = (struct slice){0};
		return 1;
	}
	return bad ? -1 : 0;
}
