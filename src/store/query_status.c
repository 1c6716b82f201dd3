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

/* ---- detached history (asset_gone) ------------------------------------- */

/* Run sql with int64 parameters p[0..n) to the end. */
static enum vs_err exec_ints(struct store *st, const char *sql, const int64_t *p, int n,
			     const char *what, struct vs_error *err)
{
	struct db_stmt *s = prepare(st, sql, what, err);
	if (!s)
		return VS_EDB;
	for (int i = 0; i < n; i++)
		db_bind_int64(s, i + 1, p[i]);
	enum db_step step = db_step(s);
	db_finalize(s);
	return step == DB_DONE ? VS_OK : db_fail(st, err, what);
}

enum vs_err store_status_detach(struct store *st, int64_t source_id, const char *now,
				int64_t *n, struct vs_error *err)
{
	if (n)
		*n = 0;
	if (store_flush(st, err))
		return err->code;
	struct db_stmt *s = prepare(
		st,
		"INSERT INTO asset_gone(asset_ref, survey_id, source_name, count, type, maker, brand,"
		" model, department, site, serial, mac, hostname, gone_at) "
		"SELECT a.id, a.survey_id, coalesce(s.name, s.path), a.count, a.type, a.maker, a.brand,"
		" a.model, a.department, a.site, a.serial, a.mac, a.hostname, ?2 "
		"FROM asset a JOIN source s ON s.id = a.source_id "
		/* From the history's side: asset has no index on source_id, and
		 * a tracked asset is rare beside the rows of an import. */
		"WHERE a.id IN (SELECT asset_id FROM asset_status WHERE asset_id IS NOT NULL) "
		"AND a.source_id = ?1 AND a.kind = 'hardware' "
		"ON CONFLICT (asset_ref) DO NOTHING RETURNING asset_ref",
		"keeping what a tracked asset was", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, source_id);
	db_bind_text_static(s, 2, now, -1);
	/* One row back per asset kept (RETURNING: SQLite 3.35, PostgreSQL). */
	enum db_step step;
	int64_t kept = 0;
	while ((step = db_step(s)) == DB_ROW)
		kept++;
	enum vs_err rc = step == DB_DONE ? VS_OK : db_fail(st, err, "keeping what a tracked asset was");
	if (!rc && n)
		*n = kept;
	db_finalize(s);
	return rc;
}

static enum vs_err each_key(struct store *st, const char *sql, int64_t survey_id,
			    store_status_key_fn fn, void *ctx, struct vs_error *err)
{
	if (store_flush(st, err))
		return err->code;
	struct db_stmt *s = prepare(st, sql, "matching detached history", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, survey_id);
	enum db_step step = DB_DONE;
	enum vs_err rc = VS_OK;
	while (!rc && (step = db_step(s)) == DB_ROW) {
		struct status_key_row r = {
			.id = db_column_int64(s, 0),
			.count = db_column_int64(s, 1),
			.tracked = db_column_int(s, 2) != 0,
			.serial = col_text(s, 3),
			.mac = col_text(s, 4),
			.hostname = col_text(s, 5),
			.type = col_text(s, 6),
			.maker = col_text(s, 7),
			.brand = col_text(s, 8),
			.model = col_text(s, 9),
			.department = col_text(s, 10),
			.site = col_text(s, 11),
		};
		rc = fn(&r, ctx, err);
	}
	if (!rc && step != DB_DONE)
		rc = db_fail(st, err, "matching detached history");
	db_finalize(s);
	return rc;
}

enum vs_err store_status_gone_each(struct store *st, int64_t survey_id, store_status_key_fn fn,
				   void *ctx, struct vs_error *err)
{
	return each_key(st,
			"SELECT asset_ref, count, 0, serial, mac, hostname, type, maker, brand, model,"
			" department, site FROM asset_gone WHERE survey_id = ?1 ORDER BY asset_ref",
			survey_id, fn, ctx, err);
}

/* A detached history of survey ?1 that asset a's KEY finds: compared
 * without case (asset_gone's keys are COLLATE NOCASE, so its indexes
 * serve the comparison; named on the right too, as PostgreSQL needs one
 * collation for the two sides). */
#define GONE_BY(key) \
	" EXISTS (SELECT 1 FROM asset_gone g WHERE g.survey_id = ?1 AND g." key " = a." key \
	" COLLATE NOCASE AND g.count = 1)"

enum vs_err store_status_candidates(struct store *st, int64_t survey_id, store_status_key_fn fn,
				    void *ctx, struct vs_error *err)
{
	return each_key(
		st,
		"SELECT a.id, a.count,"
		" CASE WHEN EXISTS (SELECT 1 FROM asset_status t WHERE t.asset_id = a.id)"
		" THEN 1 ELSE 0 END,"
		" a.serial, a.mac, a.hostname, a.type, a.maker, a.brand, a.model, a.department, a.site "
		"FROM asset a WHERE a.survey_id = ?1 AND a.kind = 'hardware' AND ("
		" (a.count = 1 AND (" GONE_BY("serial") " OR" GONE_BY("mac") " OR" GONE_BY("hostname") "))"
		" OR (a.count <> 1 AND EXISTS (SELECT 1 FROM asset_gone g WHERE g.survey_id = ?1"
		"  AND g.type IS NOT DISTINCT FROM a.type"
		"  AND g.department IS NOT DISTINCT FROM a.department AND g.count <> 1))) "
		"ORDER BY a.id",
		survey_id, fn, ctx, err);
}

enum vs_err store_status_foreach_ref(struct store *st, int64_t asset_ref, store_status_fn fn,
				     void *ctx, struct vs_error *err)
{
	return each_status(st,
			   STATUS_COLUMNS("asset_ref") "WHERE asset_ref = ?1 AND asset_id IS NULL "
						       "ORDER BY id",
			   asset_ref, fn, ctx, err);
}

enum vs_err store_status_carry(struct store *st, int64_t asset_ref, int64_t asset_id,
			       struct vs_error *err)
{
	const int64_t p[] = {asset_ref, asset_id};
	enum vs_err rc = exec_ints(st,
				   "UPDATE asset_status SET asset_id = ?2, asset_ref = ?2 "
				   "WHERE asset_ref = ?1 AND asset_id IS NULL",
				   p, 2, "carrying status history", err);
	return rc ? rc
		  : exec_ints(st, "DELETE FROM asset_gone WHERE asset_ref = ?1", p, 1,
			      "carrying status history", err);
}

enum vs_err store_status_gone_why(struct store *st, int64_t asset_ref, const char *why,
				  struct vs_error *err)
{
	struct db_stmt *s = prepare(st, "UPDATE asset_gone SET why = ?2 WHERE asset_ref = ?1",
				  "noting why history stays detached", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, asset_ref);
	bind_text_or_null(s, 2, why);
	enum vs_err rc = db_step(s) == DB_DONE
				 ? VS_OK
				 : db_fail(st, err, "noting why history stays detached");
	db_finalize(s);
	return rc;
}

enum vs_err store_status_detached_each(struct store *st, store_detached_fn fn, void *ctx,
				       struct vs_error *err)
{
	/* max() over one asset_ref's rows: the same value in each, or the
	 * newest (ids grow with dates). */
	struct db_stmt *s = prepare(
		st,
		"SELECT t.asset_ref, coalesce(max(g.count), -1), count(*), max(v.name),"
		" max(g.source_name), max(g.serial), max(g.mac), max(g.hostname),"
		" coalesce(max(g.type), max(t.type)), coalesce(max(g.department), max(t.department)),"
		" max(g.site), max(g.maker), max(g.brand), max(g.model), max(g.why),"
		" (SELECT l.state FROM asset_status l WHERE l.asset_ref = t.asset_ref"
		"  AND l.asset_id IS NULL ORDER BY l.id DESC LIMIT 1), max(t.date) "
		"FROM asset_status t JOIN survey v ON v.id = t.survey_id "
		"LEFT JOIN asset_gone g ON g.asset_ref = t.asset_ref "
		"WHERE t.asset_id IS NULL GROUP BY t.asset_ref ORDER BY max(v.name), t.asset_ref",
		"listing detached history", err);
	if (!s)
		return VS_EDB;
	enum db_step step = DB_DONE;
	enum vs_err rc = VS_OK;
	while (!rc && (step = db_step(s)) == DB_ROW) {
		struct status_detached d = {
			.asset_ref = db_column_int64(s, 0),
			.count = db_column_int64(s, 1),
			.changes = db_column_int64(s, 2),
			.survey = col_text(s, 3),
			.source = col_text(s, 4),
			.serial = col_text(s, 5),
			.mac = col_text(s, 6),
			.hostname = col_text(s, 7),
			.type = col_text(s, 8),
			.department = col_text(s, 9),
			.site = col_text(s, 10),
			.maker = col_text(s, 11),
			.brand = col_text(s, 12),
			.model = col_text(s, 13),
			.why = col_text(s, 14),
			.last_state = col_text(s, 15),
			.last_date = col_text(s, 16),
		};
		rc = fn(&d, ctx, err);
	}
	if (!rc && step != DB_DONE)
		rc = db_fail(st, err, "listing detached history");
	db_finalize(s);
	return rc;
}
