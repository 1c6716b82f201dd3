/*
 * Bulk status changes from a CSV file (columns in track.h). Framing,
 * quoting, encodings and limits are the import reader's (import/csv.h:
 * RFC 4180, hardened and fuzzed); this file maps the header and checks
 * each field. All rows go in one transaction: the first bad one names
 * FILE:LINE and nothing is stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/csv.h"
#include "store/store.h"
#include "track/track.h"
#include "util/limits.h"
#include "util/money.h"
#include "util/text.h"

enum col { C_ASSET, C_STATE, C_DATE, C_COST, C_UNITS, C_USER, C_NOTE, C_REASON, C_N };

static const char *const col_names[C_N] = {"asset", "state", "date", "cost",
					   "units", "user",  "note", "reason"};

/* The field of column c in row, "" when the column is absent or the row
 * is short. */
static const char *field(const struct csv_row *row, const int pos[C_N], enum col c, size_t *n)
{
	if (pos[c] < 0 || (size_t)pos[c] >= row->n) {
		*n = 0;
		return "";
	}
	*n = row->len[pos[c]];
	return row->field[pos[c]];
}

/* A field's value quoted in a message a terminal shows: escaped, and cut. */
static enum vs_err bad(struct vs_error *err, const char *fmt, const char *val)
{
	struct strbuf v = STRBUF_INIT;
	text_add_escaped(&v, val, strnlen(val, 80), TEXT_KEEP_NONE);
	enum vs_err rc = vs_fail(err, VS_EBADVAL, fmt, strbuf_str(&v));
	strbuf_release(&v);
	return rc;
}

static bool given(const char *s)
{
	return s && *s;
}

enum vs_err track_change_from_fields(const struct track_fields *f, char dec,
				     struct track_change *c, struct vs_error *err)
{
	*c = (struct track_change)TRACK_CHANGE_INIT;
	const char *v = f->asset ? f->asset : "";
	if (!track_asset_id_parse(v, strlen(v), &c->asset_id))
		return bad(err, "asset '%s' is not an asset id", v);
	v = f->state ? f->state : "";
	if (!track_state_parse(v, &c->state))
		return bad(err,
			   "state '%s' is not in_service, ordered, replaced, decommissioned or "
			   "exempt",
			   v);
	v = f->cost;
	if (given(v) && (!money_parse_kdkk(v, strlen(v), dec, &c->cost) || c->cost < 0))
		return bad(err,
			   dec == ',' ? "cost '%s' is not thousand DKK (digits, ',' decimals)"
				      : "cost '%s' is not thousand DKK (digits, '.' decimals)",
			   v);
	v = f->units;
	if (given(v) && !track_int_parse(v, strlen(v), 1, VS_MAX_COUNT, &c->units))
		return bad(err, "units '%s' is not a whole number of units", v);
	c->date = f->date;
	c->user = f->user;
	c->note = f->note;
	c->reason = f->reason;
	return VS_OK;
}

static enum vs_err header_bad(struct vs_error *err, const char *path, long line,
			      const char *fmt, const char *val)
{
	struct vs_error e = {0};
	bad(&e, fmt, val);
	return vs_fail(err, VS_EBADVAL, "%s:%ld: %s", path, line, e.msg);
}

enum vs_err track_csv_parse(const char *path, const char *data, size_t len, track_csv_fn fn,
			    void *ctx, struct vs_error *err)
{
	struct csv_reader r;
	csv_open_mem(&r, path, (const uint8_t *)data, len);
	const struct csv_row *row;
	int pos[C_N];
	for (int c = 0; c < C_N; c++)
		pos[c] = -1;
	enum vs_err rc = csv_next(&r, &row, err);
	if (!rc && !row)
		rc = vs_fail(err, VS_EBADVAL, "%s: empty file: needs a header row (asset,state,...)",
			     path);
	size_t n_cols = 0;
	if (!rc) {
		n_cols = row->n;
		for (size_t i = 0; i < row->n && !rc; i++) {
			int c = 0;
			while (c < C_N && ascii_casecmp(row->field[i], col_names[c]) != 0)
				c++;
			if (c == C_N)
				rc = header_bad(err, path, row->line,
						"unknown column '%s' (columns: asset, state, date, "
						"cost, units, user, note, reason)",
						row->field[i]);
			else if (pos[c] >= 0)
				rc = header_bad(err, path, row->line, "column '%s' named twice",
						row->field[i]);
			else
				pos[c] = (int)i;
		}
		if (!rc && (pos[C_ASSET] < 0 || pos[C_STATE] < 0))
			rc = vs_fail(err, VS_EBADVAL, "%s:%ld: the header needs columns asset and state",
				     path, row->line);
	}
	/* A ';' file is a Danish spreadsheet's: its decimals are commas. */
	char dec = r.delim == ';' ? ',' : '.';
	size_t rows = 0;
	while (!rc && !(rc = csv_next(&r, &row, err)) && row) {
		struct track_csv_row t = {.line = row->line};
		struct track_change *c = &t.change;
		/* More fields than the header names: an unquoted comma ("812,4"
		 * in a comma file) would shift every column after it. */
		if (row->n > n_cols) {
			rc = vs_fail(err, VS_EBADVAL,
				     "%s:%ld: %zu fields, but the header names %zu (quote a field "
				     "that holds the delimiter)",
				     path, row->line, row->n, n_cols);
			break;
		}
		size_t n;
		struct track_fields tf = {
			.asset = field(row, pos, C_ASSET, &n),
			.state = field(row, pos, C_STATE, &n),
			.date = field(row, pos, C_DATE, &n),
			.cost = field(row, pos, C_COST, &n),
			.units = field(row, pos, C_UNITS, &n),
			.user = field(row, pos, C_USER, &n),
			.note = field(row, pos, C_NOTE, &n),
			.reason = field(row, pos, C_REASON, &n),
		};
		struct vs_error fe = {0};
		if ((rc = track_change_from_fields(&tf, dec, c, &fe))) {
			vs_fail(err, rc, "%s:%ld: %s", path, row->line, fe.msg);
			break;
		}
		rows++;
		rc = fn(&t, ctx, err);
	}
	if (!rc && rows == 0)
		rc = vs_fail(err, VS_EBADVAL, "%s: no changes after the header", path);
	csv_release(&r);
	return rc;
}

struct apply {
	struct store *st;
	const char *path;
	int64_t now;
	const char *user;
	size_t applied;
};

static enum vs_err apply_row(const struct track_csv_row *row, void *ctx, struct vs_error *err)
{
	struct apply *a = ctx;
	struct track_change c = row->change;
	if (!c.user || !*c.user)
		c.user = a->user;
	struct vs_error e = {0};
	enum vs_err rc = track_set(a->st, &c, a->now, NULL, &e);
	if (rc)
		return vs_fail(err, rc, "%s:%ld: %s", a->path, row->line, e.msg);
	a->applied++;
	return VS_OK;
}

enum vs_err track_csv_apply(struct store *st, const char *path, const char *data, size_t len,
			    int64_t now, const char *default_user, size_t *applied,
			    struct vs_error *err)
{
	struct apply a = {.st = st, .path = path, .now = now, .user = default_user};
	if (applied)
		*applied = 0;
	enum vs_err rc = store_begin(st, err);
	if (rc)
		return rc;
	rc = track_csv_parse(path, data, len, apply_row, &a, err);
	if (!rc)
		rc = store_commit(st, err);
	if (rc) {
		store_rollback(st);
		return rc;
	}
	if (applied)
		*applied = a.applied;
	return VS_OK;
}
