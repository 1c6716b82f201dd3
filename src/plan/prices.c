/*
 * Price file reader. The format (data/README.md) is CSV in the two dialects
 * spreadsheets write: the first directive `decimal,.` means comma-separated
 * fields with a decimal point; `decimal;,` means semicolon-separated fields
 * with a decimal comma (Danish Excel). Fields may be quoted as RFC 4180
 * says. Every byte is read through the bounds-checked cursor.
 */
#include "plan/prices.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/cur.h"
#include "util/limits.h"
#include "util/money.h"
#include "util/strbuf.h"
#include "util/text.h"

#define PRICES_MAX_FILE (16 * 1024 * 1024)
#define PRICES_MAX_FIELDS 16

struct row {
	char *f[PRICES_MAX_FIELDS];
	size_t n;
};

static void row_release(struct row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->f[i]);
	r->n = 0;
}

/*
 * Read one record (which may span lines inside quotes) into r. *line is the
 * number of the record's first line and advances past it. Returns VS_OK,
 * or an error with a reason in why.
 */
static enum vs_err read_record(struct cur *c, char sep, struct row *r, long *line,
			       const char **why)
{
	struct strbuf field = STRBUF_INIT;
	enum vs_err rc = VS_OK;
	bool quoted = false, was_quoted = false, done = false;
	r->n = 0;
	while (!done) {
		int ch = cur_peek(c);
		if (ch < 0) {
			if (quoted) {
				*why = "a quoted field is not closed";
				rc = VS_EBADVAL;
				goto out;
			}
			done = true;
		} else {
			cur_skip(c, 1);
			if (quoted) {
				if (ch == '"') {
					if (cur_peek(c) == '"') {
						cur_skip(c, 1);
						strbuf_addch(&field, '"');
					} else {
						quoted = false;
					}
				} else {
					if (ch == '\n')
						(*line)++;
					strbuf_addch(&field, (char)ch);
				}
				goto check_len;
			}
			if (ch == '"' && field.len == 0 && !was_quoted) {
				quoted = was_quoted = true;
				continue;
			}
			if (ch == '\n') {
				(*line)++;
				done = true;
			} else if (ch == '\r' && cur_peek(c) == '\n') {
				continue;
			} else if (ch != sep) {
				if (was_quoted) {
					*why = "text after a closing quote";
					rc = VS_EBADVAL;
					goto out;
				}
				strbuf_addch(&field, (char)ch);
				goto check_len;
			}
		}
		/* End of a field (separator, end of line or end of input). */
		if (r->n == PRICES_MAX_FIELDS) {
			*why = "too many fields";
			rc = VS_ETOOBIG;
			goto out;
		}
		r->f[r->n] = str_trim_dup(field.buf ? field.buf : "", field.len);
		if (!r->f[r->n] || field.failed) {
			free(r->f[r->n]);
			rc = VS_ENOMEM;
			*why = "out of memory";
			goto out;
		}
		r->n++;
		strbuf_reset(&field);
		was_quoted = false;
		continue;
	check_len:
		if (field.len > VS_MAX_CSV_FIELD) {
			*why = "field longer than VS_MAX_CSV_FIELD";
			rc = VS_ETOOBIG;
			goto out;
		}
	}
out:
	strbuf_release(&field);
	if (rc)
		row_release(r);
	return rc;
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
	if (!*s)
		return false;
	long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
		if (v > hi)
			return false;
	}
	if (v < lo)
		return false;
	*out = (int)v;
	return true;
}

static bool is_key(const char *s)
{
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

/* Move a field out of the row (the row no longer frees it). */
static char *take(struct row *r, size_t i)
{
	char *s = r->f[i];
	r->f[i] = NULL;
	return s;
}

static void *grow(void *p, size_t n, size_t size)
{
	/* Arrays grow one row at a time to at most PRICES_MAX_ROWS: simple and bounded. */
	return realloc(p, (n + 1) * size);
}

static enum vs_err add_item(struct price_catalogue *c, struct row *r, char dec, long line,
			    const char **why)
{
	if (r->n != 10) {
		*why = "a price row has 10 fields: price,type,label_en,label_da,purchase,work,"
		       "lifespan,price_level,exposure,source";
		return VS_EBADVAL;
	}
	struct price_item it = {0};
	if (!is_key(r->f[1])) {
		*why = "type must be a key like surveillance_camera";
		return VS_EBADVAL;
	}
	if (prices_item(c, r->f[1])) {
		*why = "type priced twice";
		return VS_EBADVAL;
	}
	if (!money_parse_kdkk(r->f[4], strlen(r->f[4]), dec, &it.purchase) || it.purchase < 0) {
		*why = "purchase is not an amount in thousand DKK with the file's decimal separator";
		return VS_EBADVAL;
	}
	if (!money_parse_kdkk(r->f[5], strlen(r->f[5]), dec, &it.work) || it.work < 0) {
		*why = "work is not an amount in thousand DKK with the file's decimal separator";
		return VS_EBADVAL;
	}
	if (!parse_int(r->f[6], 1, 100, &it.lifespan)) {
		*why = "lifespan must be whole years, 1-100";
		return VS_EBADVAL;
	}
	if (!parse_int(r->f[7], 1900, 2200, &it.price_level)) {
		*why = "price_level must be a year";
		return VS_EBADVAL;
	}
	if (!parse_int(r->f[8], 0, 9, &it.exposure)) {
		*why = "exposure must be 0-9";
		return VS_EBADVAL;
	}
	if (!*r->f[2] || !*r->f[3]) {
		*why = "labels (en, da) must not be empty";
		return VS_EBADVAL;
	}
	if (!*r->f[9]) {
		*why = "every price needs a source";
		return VS_EBADVAL;
	}
	struct price_item *n = grow(c->items, c->n_items, sizeof(*n));
	if (!n)
		return VS_ENOMEM;
	c->items = n;
	it.type = take(r, 1);
	it.label_en = take(r, 2);
	it.label_da = take(r, 3);
	it.source = take(r, 9);
	it.line = line;
	c->items[c->n_items++] = it;
	return VS_OK;
}

static enum vs_err add_extra(struct price_catalogue *c, struct row *r, char dec, long line,
			     const char **why)
{
	if (r->n != 7) {
		*why = "an extra row has 7 fields: extra,key,type,label_en,label_da,per_unit,source";
		return VS_EBADVAL;
	}
	struct price_extra ex = {0};
	if (!is_key(r->f[1])) {
		*why = "extra cost key must be like project_management";
		return VS_EBADVAL;
	}
	if (strcmp(r->f[2], "*") != 0 && !is_key(r->f[2])) {
		*why = "extra cost type must be a type key or *";
		return VS_EBADVAL;
	}
	if (!money_parse_kdkk(r->f[5], strlen(r->f[5]), dec, &ex.per_unit) || ex.per_unit < 0) {
		*why = "per_unit is not an amount in thousand DKK with the file's decimal separator";
		return VS_EBADVAL;
	}
	if (!*r->f[3] || !*r->f[4] || !*r->f[6]) {
		*why = "an extra cost needs labels (en, da) and a source";
		return VS_EBADVAL;
	}
	struct price_extra *n = grow(c->extras, c->n_extras, sizeof(*n));
	if (!n)
		return VS_ENOMEM;
	c->extras = n;
	ex.key = take(r, 1);
	ex.type = take(r, 2);
	ex.label_en = take(r, 3);
	ex.label_da = take(r, 4);
	ex.source = take(r, 6);
	ex.line = line;
	c->extras[c->n_extras++] = ex;
	return VS_OK;
}

static enum vs_err add_line(struct price_catalogue *c, struct row *r, long line, const char **why)
{
	if (r->n != 6) {
		*why = "a budget row has 6 fields: budget,department,committee,account,name,source";
		return VS_EBADVAL;
	}
	for (size_t i = 1; i < 6; i++)
		if (!*r->f[i]) {
			*why = "budget fields must not be empty";
			return VS_EBADVAL;
		}
	if (prices_budget_line(c, r->f[1])) {
		*why = "department has two budget lines";
		return VS_EBADVAL;
	}
	struct budget_line *n = grow(c->lines, c->n_lines, sizeof(*n));
	if (!n)
		return VS_ENOMEM;
	c->lines = n;
	struct budget_line bl = {take(r, 1), take(r, 2), take(r, 3), take(r, 4), take(r, 5), line};
	c->lines[c->n_lines++] = bl;
	return VS_OK;
}

enum vs_err prices_parse(const char *name, const void *buf, size_t len,
			 struct price_catalogue *out, struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	struct cur c = cur_make(buf, len);
	const char *why = NULL;
	enum vs_err rc = VS_OK;
	char sep = 0, dec = 0;
	long line = 1, rec_line = 1;
	size_t rows = 0;
	struct row r = {{0}, 0};
	out->path = str_dup_or_null(name ? name : "-");
	if (!out->path) {
		rc = VS_ENOMEM;
		why = "out of memory";
		goto fail;
	}
	if (!utf8_valid(buf, len, NULL)) {
		why = "not UTF-8";
		rc = VS_EBADVAL;
		goto fail;
	}
	while (!cur_eof(&c)) {
		rec_line = line;
		/* Comment and blank lines are whole lines, never CSV. */
		int first = cur_peek(&c);
		if (first == '#' || first == '\n' || first == '\r') {
			bool found;
			struct slice s = cur_until(&c, '\n', &found);
			for (size_t i = 0; i < s.len; i++)
				if (first != '#' && s.p[i] != '\r') {
					why = "stray carriage return";
					rc = VS_EBADVAL;
					goto fail;
				}
			line++;
			continue;
		}
		if (sep == 0) {
			/* The first record fixes the dialect: decimal,. or decimal;, */
			struct slice s = cur_bytes(&c, 9);
			if (!c.bad && slice_eq(s, "decimal,.")) {
				sep = ',';
				dec = '.';
			} else if (!c.bad && slice_eq(s, "decimal;,")) {
				sep = ';';
				dec = ',';
			} else {
				why = "the first line must be `decimal,.` or `decimal;,`";
				rc = VS_EBADVAL;
				goto fail;
			}
			bool found;
			struct slice rest = cur_until(&c, '\n', &found);
			if (rest.len > 1 || (rest.len == 1 && rest.p[0] != '\r')) {
				why = "text after the decimal directive";
				rc = VS_EBADVAL;
				goto fail;
			}
			line++;
			continue;
		}
		if (++rows > PRICES_MAX_ROWS) {
			why = "more rows than PRICES_MAX_ROWS";
			rc = VS_ETOOBIG;
			goto fail;
		}
		rc = read_record(&c, sep, &r, &line, &why);
		if (rc)
			goto fail;
		if (r.n && strcmp(r.f[0], "price") == 0)
			rc = add_item(out, &r, dec, rec_line, &why);
		else if (r.n && strcmp(r.f[0], "extra") == 0)
			rc = add_extra(out, &r, dec, rec_line, &why);
		else if (r.n && strcmp(r.f[0], "budget") == 0)
			rc = add_line(out, &r, rec_line, &why);
		else if (r.n && strcmp(r.f[0], "decimal") == 0) {
			why = "decimal is stated once, on the first line";
			rc = VS_EBADVAL;
		} else {
			why = "a row starts with price, extra or budget";
			rc = VS_EBADVAL;
		}
		row_release(&r);
		if (rc == VS_ENOMEM && !why)
			why = "out of memory";
		if (rc)
			goto fail;
	}
	if (sep == 0) {
		why = "empty price file";
		rc = VS_EBADVAL;
		goto fail;
	}
	for (size_t i = 0; i < out->n_extras; i++)
		if (strcmp(out->extras[i].type, "*") != 0 && !prices_item(out, out->extras[i].type)) {
			rec_line = out->extras[i].line;
			why = "extra cost for a type the file does not price";
			rc = VS_EBADVAL;
			goto fail;
		}
	return VS_OK;
fail:
	row_release(&r);
	vs_fail(err, rc, "%s:%ld: %s", name ? name : "-", rec_line, why ? why : vs_strerror(rc));
	prices_release(out);
	return rc;
}

enum vs_err prices_load(const char *path, struct price_catalogue *out, struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	FILE *f = fopen(path, "rb");
	if (!f)
		return vs_fail(err, errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: %s", path,
			       strerror(errno));
	struct strbuf sb = STRBUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (sb.len + n > PRICES_MAX_FILE) {
			fclose(f);
			strbuf_release(&sb);
			return vs_fail(err, VS_ETOOBIG, "%s: larger than %d bytes", path,
				       PRICES_MAX_FILE);
		}
		strbuf_add(&sb, chunk, n);
	}
	bool rerr = ferror(f);
	fclose(f);
	if (rerr || sb.failed) {
		strbuf_release(&sb);
		return vs_fail(err, rerr ? VS_EIO : VS_ENOMEM, "%s: cannot read", path);
	}
	enum vs_err rc = prices_parse(path, sb.buf, sb.len, out, err);
	strbuf_release(&sb);
	return rc;
}

void prices_release(struct price_catalogue *c)
{
	for (size_t i = 0; i < c->n_items; i++) {
		free(c->items[i].type);
		free(c->items[i].label_en);
		free(c->items[i].label_da);
		free(c->items[i].source);
	}
	for (size_t i = 0; i < c->n_extras; i++) {
		free(c->extras[i].key);
		free(c->extras[i].type);
		free(c->extras[i].label_en);
		free(c->extras[i].label_da);
		free(c->extras[i].source);
	}
	for (size_t i = 0; i < c->n_lines; i++) {
		free(c->lines[i].department);
		free(c->lines[i].committee);
		free(c->lines[i].account);
		free(c->lines[i].name);
		free(c->lines[i].source);
	}
	free(c->items);
	free(c->extras);
	free(c->lines);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

size_t prices_item_index(const struct price_catalogue *c, const char *type)
{
	for (size_t i = 0; i < c->n_items; i++)
		if (strcmp(c->items[i].type, type) == 0)
			return i;
	return c->n_items;
}

const struct price_item *prices_item(const struct price_catalogue *c, const char *type)
{
	size_t i = prices_item_index(c, type);
	return i < c->n_items ? &c->items[i] : NULL;
}

const struct budget_line *prices_budget_line(const struct price_catalogue *c, const char *dept)
{
	for (size_t i = 0; i < c->n_lines; i++)
		if (strcmp(c->lines[i].department, dept) == 0)
			return &c->lines[i];
	return NULL;
}

bool prices_extras_per_unit(const struct price_catalogue *c, const char *type, int64_t *out)
{
	int64_t sum = 0;
	for (size_t i = 0; i < c->n_extras; i++)
		if (strcmp(c->extras[i].type, "*") == 0 || strcmp(c->extras[i].type, type) == 0)
			if (!money_add(sum, c->extras[i].per_unit, &sum))
				return false;
	*out = sum;
	return true;
}
