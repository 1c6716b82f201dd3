#include "store/query_observation.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/store_int.h"

static void bind_text(struct db_stmt *s, int i, const char *v)
{
	if (v)
		db_bind_text_static(s, i, v, -1);
	else
		db_bind_null(s, i);
}

/* Step a cached statement whose bindings live only for this call. */
static enum vs_err run(struct store *st, struct db_stmt *s, struct vs_error *err)
{
	int step = db_step(s);
	db_reset(s);
	if (step != DB_DONE)
		return vs_fail(err, VS_EDB, "storing observations: %s",
			       db_errmsg(store_handle(st)));
	return VS_OK;
}

enum vs_err store_observation_add(struct store *st, int64_t asset_id,
				  const struct observation_row *r, struct vs_error *err)
{
	struct db_stmt *s = store_stmt(st, STORE_STMT_OBSERVATION,
				     "INSERT INTO observation(asset_id, method, field, value, "
				     "confidence, first_seen, last_seen, source_id, source_row) "
				     "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
				     err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, asset_id);
	bind_text(s, 2, r->method);
	bind_text(s, 3, r->field);
	bind_text(s, 4, r->value);
	db_bind_double(s, 5, r->confidence);
	bind_text(s, 6, r->first_seen);
	bind_text(s, 7, r->last_seen);
	if (r->source_id > 0)
		db_bind_int64(s, 8, r->source_id);
	if (r->line > 0)
		db_bind_int64(s, 9, r->line);
	return run(st, s, err);
}

enum vs_err store_seen_set(struct store *st, int64_t asset_id, const struct seen_row *r,
			   struct vs_error *err)
{
	struct db_stmt *s = store_stmt(st, STORE_STMT_SEEN,
				     "INSERT INTO asset_seen(asset_id, first_seen, last_seen, packets) "
				     "VALUES (?1,?2,?3,?4) ON CONFLICT(asset_id) DO UPDATE SET "
				     "first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
				     "packets = excluded.packets",
				     err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, asset_id);
	bind_text(s, 2, r->first_seen);
	bind_text(s, 3, r->last_seen);
	db_bind_int64(s, 4, (int64_t)r->packets);
	return run(st, s, err);
}

static void copy_text(char *dst, size_t cap, const char *v)
{
	snprintf(dst, cap, "%s", v ? (const char *)v : "");
}

enum vs_err store_observations_of(struct store *st, int64_t asset_id, struct seen_info *seen,
				  store_observation_fn fn, void *ctx, struct vs_error *err)
{
	struct db *db = store_handle(st);
	struct db_stmt *s = NULL;
	*seen = (struct seen_info){0};
	if (!(s = db_prepare(db, "SELECT first_seen, last_seen, packets FROM asset_seen WHERE asset_id = ?1", 0)))
		return vs_fail(err, VS_EDB, "reading observations: %s", db_errmsg(db));
	db_bind_int64(s, 1, asset_id);
	int step = db_step(s);
	if (step == DB_ROW) {
		seen->known = true;
		copy_text(seen->first_seen, sizeof(seen->first_seen), db_column_text(s, 0));
		copy_text(seen->last_seen, sizeof(seen->last_seen), db_column_text(s, 1));
		seen->packets = (uint64_t)db_column_int64(s, 2);
	}
	db_finalize(s);
	if (step != DB_ROW && step != DB_DONE)
		return vs_fail(err, VS_EDB, "reading observations: %s", db_errmsg(db));
	if (!(s = db_prepare(db, "SELECT method, field, value, confidence, first_seen, last_seen, "
			       "coalesce(source_id, 0), coalesce(source_row, 0) "
			       "FROM observation WHERE asset_id = ?1 ORDER BY id", 0)))
		return vs_fail(err, VS_EDB, "reading observations: %s", db_errmsg(db));
	db_bind_int64(s, 1, asset_id);
	while ((step = db_step(s)) == DB_ROW) {
		struct observation_row r = {
			.method = db_column_text(s, 0),
			.field = db_column_text(s, 1),
			.value = db_column_text(s, 2),
			.confidence = db_column_double(s, 3),
			.first_seen = db_column_text(s, 4),
			.last_seen = db_column_text(s, 5),
			.source_id = db_column_int64(s, 6),
			.line = db_column_int64(s, 7),
		};
		fn(&r, ctx);
	}
	db_finalize(s);
	if (step != DB_DONE)
		return vs_fail(err, VS_EDB, "reading observations: %s", db_errmsg(db));
	return VS_OK;
}
