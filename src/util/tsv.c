#include "util/tsv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/text.h"

static enum vs_err read_all(const char *path, char **out, size_t *len, struct vs_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return vs_fail(err, errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: %s", path,
			       strerror(errno));
	char *buf = NULL;
	size_t n = 0, alloc = 0;
	for (;;) {
		if (alloc - n < 4096) {
			if (alloc > VS_MAX_DATA_FILE) {
				free(buf);
				fclose(f);
				return vs_fail(err, VS_ETOOBIG, "%s: larger than %d bytes", path,
					       VS_MAX_DATA_FILE);
			}
			size_t na = alloc ? alloc * 2 : 16384;
			char *p = realloc(buf, na + 1);
			if (!p) {
				free(buf);
				fclose(f);
				return vs_fail(err, VS_ENOMEM, "out of memory reading %s", path);
			}
			buf = p;
			alloc = na;
		}
		size_t got = fread(buf + n, 1, alloc - n, f);
		n += got;
		if (got == 0)
			break;
	}
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		return vs_fail(err, VS_EIO, "%s: read error", path);
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return VS_OK;
}

/* Split the next physical line into cells; false at the end of the data. */
static bool split_line(struct tsv *t, struct slice *line)
{
	if (cur_eof(&t->c))
		return false;
	bool found;
	*line = cur_until(&t->c, '\n', &found);
	if (line->len && line->p[line->len - 1] == '\r')
		line->len--;
	t->line++;
	return true;
}

static int fill_cells(struct tsv *t, struct slice line, struct vs_error *err)
{
	if (line.len > VS_MAX_KB_LINE)
		return vs_fail(err, VS_ETOOBIG, "%s:%ld: line longer than %d bytes", t->display,
			       t->line, VS_MAX_KB_LINE), -1;
	size_t bad;
	if (!utf8_valid(line.p, line.len, &bad))
		return vs_fail(err, VS_EBADVAL, "%s:%ld: invalid UTF-8 at byte %zu", t->display,
			       t->line, bad + 1), -1;
	memcpy(t->rowbuf, line.p, line.len);
	t->rowbuf[line.len] = '\0';
	size_t n = 0;
	char *p = t->rowbuf;
	for (;;) {
		char *tab = strchr(p, '\t');
		if (n == t->n_cols)
			return vs_fail(err, VS_EBADVAL, "%s:%ld: more than %zu columns", t->display,
				       t->line, t->n_cols), -1;
		if (tab)
			*tab = '\0';
		t->cell[n++] = *p ? p : NULL;
		if (!tab)
			break;
		p = tab + 1;
	}
	if (n != t->n_cols)
		return vs_fail(err, VS_EBADVAL, "%s:%ld: %zu columns, expected %zu", t->display,
			       t->line, n, t->n_cols), -1;
	return 1;
}

enum vs_err tsv_open(struct tsv *t, const char *path, const char *display,
		     const char *const *columns, size_t n_cols, struct vs_error *err)
{
	memset(t, 0, sizeof(*t));
	if (n_cols > TSV_MAX_COLS)
		return vs_fail(err, VS_EUSAGE, "tsv: %zu columns requested", n_cols);
	t->n_cols = n_cols;
	t->display = str_dup_or_null(display ? display : path);
	t->rowbuf = malloc(VS_MAX_KB_LINE + 1);
	if (!t->display || !t->rowbuf) {
		tsv_close(t);
		return vs_fail(err, VS_ENOMEM, "out of memory");
	}
	size_t len;
	enum vs_err rc = read_all(path, &t->data, &len, err);
	if (rc) {
		tsv_close(t);
		return rc;
	}
	t->c = cur_make(t->data, len);
	struct slice line;
	/* The header is the first line that is not a comment. */
	do {
		if (!split_line(t, &line)) {
			rc = vs_fail(err, VS_EBADVAL, "%s: empty (expected a header line)", t->display);
			tsv_close(t);
			return rc;
		}
	} while (line.len && line.p[0] == '#');
	if (fill_cells(t, line, err) < 0) {
		tsv_close(t);
		return err->code;
	}
	for (size_t i = 0; i < n_cols; i++) {
		if (!t->cell[i] || strcmp(t->cell[i], columns[i]) != 0) {
			rc = vs_fail(err, VS_EBADVAL, "%s:%ld: column %zu is '%s', expected '%s'",
				     t->display, t->line, i + 1, t->cell[i] ? t->cell[i] : "",
				     columns[i]);
			tsv_close(t);
			return rc;
		}
	}
	return VS_OK;
}

int tsv_next(struct tsv *t, struct vs_error *err)
{
	struct slice line;
	for (;;) {
		if (!split_line(t, &line))
			return 0;
		if (line.len == 0 || line.p[0] == '#')
			continue;
		return fill_cells(t, line, err);
	}
}

void tsv_close(struct tsv *t)
{
	free(t->display);
	free(t->data);
	free(t->rowbuf);
	memset(t, 0, sizeof(*t));
}
