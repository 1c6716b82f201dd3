#include "store/query_status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/text.h"

static enum vs_err db_fail(struct store *st, struct vs_error *err, const char *what)
{
	return vs_fail(err, VS_EDB, "%s: %s", what, db_errmsg(store_handle(st)));
}

static struct db_stmt *prepare(struct store *st, const char *sql, const char *what,
			     struct vs_error *err)
{
	struct db_stmt *s = NULL;
	if (!(s = db_prepare(store_handle(st), sql, 0))) {
		db_fail(st, err, what);
		db_finalize(s);
		return NULL;
	}
	return s;
}

static void bind_text_or_null(struct db_stmt *s, int i, const char *v)
{
	if (v)
		db_bind_text_static(s, i, v, -1);
	else
		db_bind_null(s, i);
}

static const char *col_text(struct db_stmt *s, int i)
{
	return db_column_text(s, i);
}

static int col_tri(struct db_stmt *s, int i)
{
	return db_column_null(s, i) ? -1 : db_column_int(s, i) != 0;
}

enum vs_err store_status_asset(struct store *st, int64_t asset_id, struct status_asset *out,
			       struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s = prepare(st,
				  "SELECT a.id, a.survey_id, a.kind, a.count, a.chinese, a.department,"
				  " a.type, s.name FROM asset a JOIN survey s ON s.id = a.survey_id "
				  "WHERE a.id = ?1",
				  "reading the asset", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, asset_id);
	int step = db_step(s);
	enum vs_err rc = VS_OK;
	if (step == DB_ROW) {
		const char *kind = col_text(s, 2);
		out->id = db_column_int64(s, 0);
		out->survey_id = db_column_int64(s, 1);
		out->software = kind && strcmp(kind, "software") == 0;
		out->count = db_column_int64(s, 3);
		out->chinese = col_tri(s, 4);
		out->department = str_dup_or_null(col_text(s, 5));
		out->type = str_dup_or_null(col_text(s, 6));
		snprintf(out->survey, sizeof(out->survey), "%s", col_text(s, 7) ? col_text(s, 7) : "");
		if ((col_text(s, 5) && !out->department) || (col_text(s, 6) && !out->type)) {
			store_status_asset_release(out);
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
		}
	} else if (step == DB_DONE) {
		rc = vs_fail(err, VS_ENOTFOUND, "no asset with id %lld", (long long)asset_id);
	} else {
		rc = db_fail(st, err, "reading the asset");
	}
	db_finalize(s);
	return rc;
}

void store_status_asset_release(struct status_asset *a)
{
	free(a->department);
	free(a->type);
	a->department = a->type = NULL;
}

enum vs_err store_status_add(struct store *st, const struct status_row *r, int64_t *id,
			     struct vs_error *err)
{
	struct db_stmt *s = prepare(st,
				  "INSERT INTO asset_status(asset_id, survey_id, state, date, cost, units,"
				  " changed_by, note, reason, department, type, chinese, recorded_at,"
				  " asset_ref) "
				  "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?1) RETURNING id",
				  "storing a status change", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, r->asset_id);
	db_bind_int64(s, 2, r->survey_id);
	bind_text_or_null(s, 3, r->state);
	bind_text_or_null(s, 4, r->date);
	if (r->cost >= 0)
		db_bind_int64(s, 5, r->cost);
	else
		db_bind_null(s, 5);
	db_bind_int64(s, 6, r->units);
	bind_text_or_null(s, 7, r->changed_by);
	bind_text_or_null(s, 8, r->note);
	bind_text_or_null(s, 9, r->reason);
	bind_text_or_null(s, 10, r->department);
	bind_text_or_null(s, 11, r->type);
	if (r->chinese >= 0)
		db_bind_int64(s, 12, r->chinese);
	else
		db_bind_null(s, 12);
	bind_text_or_null(s, 13, r->recorded_at);
	int step = db_step(s);
	if (step == DB_ROW) {
		if (id)
			*id = db_column_int64(s, 0);
		step = db_step(s);
	}
	enum vs_err rc = step == DB_DONE ? VS_OK : db_fail(st, err, "storing a status change");
	db_finalize(s);
	return rc;
}

/* ASSET is asset_id (0 once the asset is gone) or asset_ref. */
#define STATUS_COLUMNS(ASSET)                                                        \
	"SELECT id, " ASSET ", survey_id, state, date, coalesce(cost, -1), units," \
	" changed_by, note, reason, department, type, chinese, recorded_at FROM asset_status "

static enum vs_err each_status(struct store *st, const char *sql, int64_t key, store_status_fn fn,
			       void *ctx, struct vs_error *err)
{
	struct db_stmt *s = prepare(st, sql, "reading status history", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, key);
	int step = DB_DONE;
	enum vs_err rc = VS_OK;
	while (!rc && (step = db_step(s)) == DB_ROW) {
		struct status_row r = {
			.id = db_column_int64(s, 0),
			.asset_id = db_column_int64(s, 1),
			.survey_id = db_column_int64(s, 2),
			.state = col_text(s, 3),
			.date = col_text(s, 4),
			.cost = db_column_int64(s, 5),
			.units = db_column_int64(s, 6),
			.changed_by = col_text(s, 7),
			.note = col_text(s, 8),
			.reason = col_text(s, 9),
			.department = col_text(s, 10),
			.type = col_text(s, 11),
			.chinese = col_tri(s, 12),
			.recorded_at = col_text(s, 13),
		};
		rc = fn(&r, ctx, err);
	}
	if (!rc && step != DB_DONE)
		rc = db_fail(st, err, "reading status history");
	db_finalize(s);
	return rc;
}

enum vs_err store_status_foreach_asset(struct store *st, int64_t asset_id, store_status_fn fn,
				       void *ctx, struct vs_error *err)
{
	return each_status(st, STATUS_COLUMNS("coalesce(asset_id, 0)") "WHERE asset_id = ?1 ORDER BY id",
			   asset_id, fn, ctx, err);
}

enum vs_err store_status_foreach_survey(struct store *st, int64_t survey_id, store_status_fn fn,
					void *ctx, struct vs_error *err)
{
	return each_status(st,
			   STATUS_COLUMNS("asset_ref") "WHERE survey_id = ?1 ORDER BY asset_ref, id",
			   survey_id, fn, ctx, err);
}
