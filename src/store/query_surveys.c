#include "store/query_surveys.h"

#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

static enum vs_err db_fail(struct store *st, struct vs_error *err, const char *what)
{
	return vs_fail(err, VS_EDB, "%s: %s", what, db_errmsg(store_handle(st)));
}

static void copy_col(char *dst, size_t n, struct db_stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static void bind_text_or_null(struct db_stmt *s, int i, const char *v)
{
	if (v && *v)
		db_bind_text_static(s, i, v, -1);
	else
		db_bind_null(s, i);
}

static struct db_stmt *prepare(struct store *st, const char *sql, const char *what,
			     struct vs_error *err)
{
	struct db_stmt *s = NULL;
	/* store_handle flushes queued assets, so counts see them. */
	if (!(s = db_prepare(store_handle(st), sql, 0))) {
		db_fail(st, err, what);
		return NULL;
	}
	return s;
}

enum vs_err store_surveys_foreach(struct store *st, store_survey_fn fn, void *ctx,
				  struct vs_error *err)
{
	static const char sql[] =
		"SELECT s.id, s.name, s.date, s.created_at,"
		" (SELECT count(*) FROM source r WHERE r.survey_id = s.id),"
		" coalesce(sum(CASE WHEN a.kind = 'hardware' THEN a.count END), 0),"
		" coalesce(sum(CASE WHEN a.kind = 'hardware' AND a.chinese = 1 THEN a.count END), 0),"
		" coalesce(sum(CASE WHEN a.kind = 'hardware' AND a.chinese IS NULL THEN a.count END), 0),"
		" coalesce(sum(CASE WHEN a.kind = 'software' THEN a.count END), 0),"
		" coalesce(sum(CASE WHEN a.kind = 'software' AND a.chinese = 1 THEN a.count END), 0) "
		"FROM survey s LEFT JOIN asset a ON a.survey_id = s.id "
		"GROUP BY s.id" STORE_SURVEYS_NEWEST_FIRST;
	struct db_stmt *s = prepare(st, sql, "reading surveys", err);
	if (!s)
		return VS_EDB;
	int step;
	bool first = true;
	while ((step = db_step(s)) == DB_ROW) {
		struct survey_summary r = {0};
		r.id = db_column_int64(s, 0);
		copy_col(r.name, sizeof(r.name), s, 1);
		copy_col(r.date, sizeof(r.date), s, 2);
		copy_col(r.created_at, sizeof(r.created_at), s, 3);
		r.sources = db_column_int64(s, 4);
		r.units = db_column_int64(s, 5);
		r.chinese_units = db_column_int64(s, 6);
		r.unknown_units = db_column_int64(s, 7);
		r.programs = db_column_int64(s, 8);
		r.chinese_programs = db_column_int64(s, 9);
		r.is_default = first;
		first = false;
		if (!fn(&r, ctx))
			break;
	}
	enum vs_err rc = step == DB_ROW || step == DB_DONE
				 ? VS_OK
				 : db_fail(st, err, "reading surveys");
	db_finalize(s);
	return rc;
}

#define SOURCE_COLUMNS "id, survey_id, kind, format, path, name, content_hash, rows, added_at"

static void source_from_row(struct db_stmt *s, struct source_info *r)
{
	r->id = db_column_int64(s, 0);
	r->survey_id = db_column_int64(s, 1);
	copy_col(r->kind, sizeof(r->kind), s, 2);
	copy_col(r->format, sizeof(r->format), s, 3);
	copy_col(r->path, sizeof(r->path), s, 4);
	copy_col(r->name, sizeof(r->name), s, 5);
	copy_col(r->hash, sizeof(r->hash), s, 6);
	r->rows = db_column_null(s, 7) ? -1 : db_column_int64(s, 7);
	copy_col(r->added_at, sizeof(r->added_at), s, 8);
}

/* fn for each row of a prepared, bound SELECT of SOURCE_COLUMNS; finalizes it. */
static enum vs_err sources_each(struct store *st, struct db_stmt *s, store_source_fn fn, void *ctx,
				struct vs_error *err)
{
	int step;
	struct source_info r;
	while ((step = db_step(s)) == DB_ROW) {
		source_from_row(s, &r);
		if (!fn(&r, ctx))
			break;
	}
	enum vs_err rc = step == DB_ROW || step == DB_DONE
				 ? VS_OK
				 : db_fail(st, err, "reading sources");
	db_finalize(s);
	return rc;
}

enum vs_err store_sources_foreach(struct store *st, int64_t survey_id, store_source_fn fn,
				  void *ctx, struct vs_error *err)
{
	struct db_stmt *s = prepare(st,
				  "SELECT " SOURCE_COLUMNS " FROM source WHERE survey_id = ?1 ORDER BY id",
				  "reading sources", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, survey_id);
	return sources_each(st, s, fn, ctx, err);
}

enum vs_err store_sources_same(struct store *st, int64_t survey_id, const char *name,
			       const char *hash, store_source_fn fn, void *ctx,
			       struct vs_error *err)
{
	if (!(name && *name) && !(hash && *hash))
		return VS_OK;
	/* Two terms so the name one can use source_name (schema 6); a survey
	 * holds few sources, so the hash one scans them. */
	struct db_stmt *s = prepare(st,
				  "SELECT " SOURCE_COLUMNS " FROM source WHERE survey_id = ?1 AND name = ?2 "
				  "UNION SELECT " SOURCE_COLUMNS " FROM source WHERE survey_id = ?1 "
				  "AND content_hash = ?3 ORDER BY id",
				  "reading sources", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, survey_id);
	bind_text_or_null(s, 2, name);
	bind_text_or_null(s, 3, hash);
	return sources_each(st, s, fn, ctx, err);
}

static bool take_first(const struct source_info *s, void *ctx)
{
	struct source_info *out = ctx;
	*out = *s;
	return false;
}

/* The source with that id (name NULL), else the last added with that name,
 * of the survey (0: of any). */
static enum vs_err source_get(struct store *st, int64_t survey_id, int64_t id, const char *name,
			      struct source_info *out, struct vs_error *err)
{
	struct db_stmt *s = prepare(st,
				  "SELECT " SOURCE_COLUMNS " FROM source WHERE (?1 = 0 OR survey_id = ?1) "
				  "AND (CAST(?3 AS TEXT) IS NULL AND id = ?2 OR name = ?3) ORDER BY id DESC LIMIT 1",
				  "reading sources", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, survey_id);
	db_bind_int64(s, 2, id);
	bind_text_or_null(s, 3, name);
	out->id = 0;
	enum vs_err rc = sources_each(st, s, take_first, out, err);
	if (rc || out->id)
		return rc;
	if (name)
		return vs_fail(err, VS_ENOTFOUND, "no source named '%.512s'", name);
	return vs_fail(err, VS_ENOTFOUND, "no source #%lld", (long long)id);
}

enum vs_err store_source_by_id(struct store *st, int64_t survey_id, int64_t id,
			       struct source_info *out, struct vs_error *err)
{
	return source_get(st, survey_id, id, NULL, out, err);
}

enum vs_err store_source_by_name(struct store *st, int64_t survey_id, const char *name,
				 struct source_info *out, struct vs_error *err)
{
	return source_get(st, survey_id, 0, name, out, err);
}

/* Step a statement that changes rows; finalizes it. */
static enum vs_err change(struct store *st, struct db_stmt *s, const char *what,
			  struct vs_error *err)
{
	int step = db_step(s);
	enum vs_err rc = step == DB_DONE ? VS_OK : db_fail(st, err, what);
	db_finalize(s);
	return rc;
}

enum vs_err store_source_set_ident(struct store *st, int64_t source_id, const char *name,
				   const char *hash, struct vs_error *err)
{
	struct db_stmt *s = prepare(st, "UPDATE source SET name = ?2, content_hash = ?3 WHERE id = ?1",
				  "recording source", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, source_id);
	bind_text_or_null(s, 2, name);
	bind_text_or_null(s, 3, hash);
	return change(st, s, "recording source", err);
}

/* A statement with ?1 = a and, when it has one, ?2 = b. */
static struct db_stmt *prepare_ids(struct store *st, const char *sql, const char *what, int64_t a,
				 int64_t b, struct vs_error *err)
{
	struct db_stmt *s = prepare(st, sql, what, err);
	if (s) {
		db_bind_int64(s, 1, a);
		if (db_bind_count(s) > 1)
			db_bind_int64(s, 2, b);
	}
	return s;
}

/* The two numbers a SELECT of ids a, b gives, added to *x and *y. */
static enum vs_err add_counts(struct store *st, const char *sql, int64_t a, int64_t b,
			      int64_t *x, int64_t *y, struct vs_error *err)
{
	struct db_stmt *s = prepare_ids(st, sql, "counting what goes", a, b, err);
	if (!s)
		return VS_EDB;
	int step = db_step(s);
	if (step == DB_ROW) {
		*x += db_column_int64(s, 0);
		*y += db_column_int64(s, 1);
	}
	enum vs_err rc = step == DB_ROW ? VS_OK : db_fail(st, err, "counting what goes");
	db_finalize(s);
	return rc;
}

/* Run a DELETE of ids a, b. */
static enum vs_err delete_ids(struct store *st, const char *sql, int64_t a, int64_t b,
			      struct vs_error *err)
{
	struct db_stmt *s = prepare_ids(st, sql, "removing", a, b, err);
	return s ? change(st, s, "removing", err) : VS_EDB;
}

/* The serial/MAC look-up table of query_devices.c may name deleted assets:
 * have it filled again on its next use. */
static void forget_device_keys(struct store *st)
{
	store_device_keys(st)->survey_id = 0;
}

/*
 * The source row goes, and its assets with it by cascade (then their
 * observations, exposure and seen rows). SQLite finds them by one scan of
 * the asset table, as asset(source_id) has no index: tried, it made a
 * million-row re-import slower (6.5 s CPU against 5.9 s; the index is one
 * more B-tree to delete from) and an import no faster.
 */
enum vs_err store_source_delete(struct store *st, int64_t survey_id, int64_t source_id,
				struct store_removed *out, struct vs_error *err)
{
	struct store_removed r = {0};
	/* survey_id first: asset_survey (survey_id, kind) narrows the count. */
	enum vs_err rc = add_counts(st,
				    "SELECT count(*), coalesce(sum(count), 0) FROM asset "
				    "WHERE survey_id = ?1 AND source_id = ?2",
				    survey_id, source_id, &r.assets, &r.units, err);
	if (!rc)
		rc = add_counts(st,
				"SELECT count(*), coalesce(sum(rows), 0) FROM source "
				"WHERE survey_id = ?1 AND id = ?2",
				survey_id, source_id, &r.sources, &r.rows, err);
	if (!rc)
		rc = delete_ids(st, "DELETE FROM source WHERE survey_id = ?1 AND id = ?2", survey_id,
				source_id, err);
	forget_device_keys(st);
	if (rc)
		return rc;
	out->sources += r.sources, out->rows += r.rows;
	out->assets += r.assets, out->units += r.units;
	return VS_OK;
}

enum vs_err store_survey_delete(struct store *st, int64_t survey_id, struct store_removed *out,
				struct vs_error *err)
{
	struct store_removed r = {0};
	enum vs_err rc = add_counts(st,
				    "SELECT count(*), coalesce(sum(count), 0) FROM asset "
				    "WHERE survey_id = ?1",
				    survey_id, 0, &r.assets, &r.units, err);
	if (!rc)
		rc = add_counts(st,
				"SELECT count(*), coalesce(sum(rows), 0) FROM source WHERE survey_id = ?1",
				survey_id, 0, &r.sources, &r.rows, err);
	/* Everything by cascade: assets through asset_survey, sources through
	 * source_name, each source one scan of asset (store_source_delete). */
	if (!rc)
		rc = delete_ids(st, "DELETE FROM survey WHERE id = ?1", survey_id, 0, err);
	forget_device_keys(st);
	if (rc)
		return rc;
	out->sources += r.sources, out->rows += r.rows;
	out->assets += r.assets, out->units += r.units;
	return VS_OK;
}
