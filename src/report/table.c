#include "report/table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

void table_init(struct table *t, size_t n_cols)
{
	memset(t, 0, sizeof(*t));
	t->n_cols = n_cols > TABLE_MAX_COLS ? TABLE_MAX_COLS : n_cols;
}

void table_release(struct table *t)
{
	for (size_t i = 0; i < t->n_cols; i++)
		free(t->header[i]);
	for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

void table_set_column(struct table *t, size_t col, const char *header, bool right_aligned)
{
	if (col >= t->n_cols)
		return;
	free(t->header[col]);
	t->header[col] = str_dup_or_null(header);
	if (header && !t->header[col])
		t->failed = true;
	t->right[col] = right_aligned;
}

void table_add_row(struct table *t, const char *const *cells, size_t n)
{
	if (t->failed)
		return;
	if (t->n_rows == t->alloc_rows) {
		size_t na = t->alloc_rows ? t->alloc_rows * 2 : 16;
		char **p = realloc(t->cells, na * t->n_cols * sizeof(*p));
		if (!p) {
			t->failed = true;
			return;
		}
		t->cells = p;
		t->alloc_rows = na;
	}
	char **row = t->cells + t->n_rows * t->n_cols;
	for (size_t c = 0; c < t->n_cols; c++) {
		row[c] = NULL;
		if (c < n && cells[c] && !(row[c] = str_dup_or_null(cells[c])))
			t->failed = true;
	}
	t->n_rows++;
}

static uint32_t next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = *p++;
	int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
	while (extra-- > 0 && (*p & 0xC0) == 0x80)
		c = c << 6 | (*p++ & 0x3F);
	*s = p;
	return c;
}

size_t text_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t w = 0;
	while (*s) {
		uint32_t c = next_cp(&s);
		bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
			    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
			    (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
			    (c >= 0x20000 && c <= 0x3FFFD);
		w += wide ? 2 : 1;
	}
	return w;
}

static const char *cell(const struct table *t, size_t r, size_t c)
{
	const char *v = t->cells[r * t->n_cols + c];
	return v ? v : "";
}

/* Row r's cell (row 0: the header) as a terminal may show it: control bytes
 * escaped (util/text.h) into *tmp when there are any; valid until tmp is
 * used again. */
static const char *shown(const struct table *t, size_t r, size_t c, struct strbuf *tmp)
{
	const char *v = r == 0 ? (t->header[c] ? t->header[c] : "") : cell(t, r - 1, c);
	size_t n = strlen(v);
	if (!text_needs_escape(v, n, TEXT_KEEP_NONE))
		return v;
	strbuf_reset(tmp);
	text_add_escaped(tmp, v, n, TEXT_KEEP_NONE);
	return tmp->failed ? "?" : strbuf_str(tmp);
}

static void pad(struct strbuf *out, size_t n)
{
	while (n--)
		strbuf_addch(out, ' ');
}

/* A right-aligned cell's trailing '*' (a footnote mark) hangs outside the
 * column so the digits of "300*" line up with "281". */
static bool hangs_mark(const struct table *t, size_t c, const char *v)
{
	size_t n = strlen(v);
	return t->right[c] && n > 1 && v[n - 1] == '*';
}

void table_render_text(const struct table *t, struct strbuf *out)
{
	if (t->failed) {
		strbuf_addstr(out, "(table incomplete: out of memory)\n");
		return;
	}
	size_t width[TABLE_MAX_COLS] = {0};
	bool mark_slot[TABLE_MAX_COLS] = {false};
	struct strbuf tmp = STRBUF_INIT;
	for (size_t c = 0; c < t->n_cols; c++) {
		width[c] = text_width(shown(t, 0, c, &tmp));
		for (size_t r = 0; r < t->n_rows; r++) {
			const char *v = shown(t, r + 1, c, &tmp);
			bool mark = hangs_mark(t, c, v);
			size_t w = text_width(v) - mark;
			mark_slot[c] |= mark;
			if (w > width[c])
				width[c] = w;
		}
	}
	for (size_t r = 0; r <= t->n_rows; r++) {
		struct strbuf line = STRBUF_INIT;
		for (size_t c = 0; c < t->n_cols; c++) {
			const char *v = shown(t, r, c, &tmp);
			bool mark = r > 0 && hangs_mark(t, c, v);
			size_t w = text_width(v) - mark;
			size_t gap = width[c] > w ? width[c] - w : 0;
			if (c)
				strbuf_addstr(&line, "  ");
			if (t->right[c])
				pad(&line, gap);
			strbuf_add(&line, v, strlen(v) - mark);
			if (!t->right[c])
				pad(&line, gap);
			if (mark_slot[c])
				strbuf_addch(&line, mark ? '*' : ' ');
		}
		/* No trailing blanks: golden files and diffs stay clean. */
		while (line.len && line.buf[line.len - 1] == ' ')
			line.buf[--line.len] = '\0';
		strbuf_addstr(out, strbuf_str(&line));
		strbuf_addch(out, '\n');
		strbuf_release(&line);
	}
	strbuf_release(&tmp);
}

/* -12, 1.234,5, +3.5: a number a spreadsheet reads as one, not as a formula. */
static bool plain_number(const char *v)
{
	const char *p = v + (v[0] == '-' || v[0] == '+');
	if (!(*p >= '0' && *p <= '9'))
		return false;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			continue;
		if ((*p != '.' && *p != ',') || !(p[1] >= '0' && p[1] <= '9'))
			return false;
	}
	return true;
}

/*
 * CSV injection (OWASP "CSV Injection"): a spreadsheet runs a cell that
 * starts with = + - @ as a formula ("-2+3+cmd|' /C calc'!A0"), and one
 * starting with TAB or CR after it strips them. Such a cell gets a leading
 * apostrophe, which spreadsheets show as text; a plain number keeps its
 * sign. A lone "-" or "+" is no formula.
 */
bool table_csv_is_formula(const char *v)
{
	switch (v[0]) {
	case '=':
	case '@':
	case '\t':
	case '\r':
		return true;
	case '-':
	case '+':
		return v[1] != '\0' && !plain_number(v);
	default:
		return false;
	}
}

static void csv_field(struct strbuf *out, const char *v, char sep)
{
	bool quote = strchr(v, sep) || strchr(v, '"') || strchr(v, '\n') || strchr(v, '\r');
	bool formula = table_csv_is_formula(v);
	size_t n = strlen(v);
	/* Control bytes are escaped as in text output (a CSV is read in a
	 * terminal too); line breaks stay, quoted. */
	bool ctl = text_needs_escape(v, n, TEXT_KEEP_BREAKS);
	if (!quote && !formula && !ctl) {
		strbuf_add(out, v, n);
		return;
	}
	struct strbuf esc = STRBUF_INIT;
	if (ctl) {
		text_add_escaped(&esc, v, n, TEXT_KEEP_BREAKS);
		if (esc.failed) {
			out->failed = true;
			return;
		}
		v = strbuf_str(&esc);
	}
	strbuf_addch(out, '"');
	if (formula)
		strbuf_addch(out, '\'');
	for (; *v; v++) {
		if (*v == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, *v);
	}
	strbuf_addch(out, '"');
	strbuf_release(&esc);
}

void table_render_csv(const struct table *t, struct strbuf *out, char sep)
{
	for (size_t r = 0; r <= t->n_rows; r++) {
		for (size_t c = 0; c < t->n_cols; c++) {
			if (c)
				strbuf_addch(out, sep);
			csv_field(out, r == 0 ? (t->header[c] ? t->header[c] : "") : cell(t, r - 1, c), sep);
		}
		strbuf_addstr(out, "\r\n");
	}
}
