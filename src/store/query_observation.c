#include "store/query_observation.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/store_int.h"

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

/* Step a cached statement whose bindings live only for this call. */
static enum vs_err run(struct store *st, sqlite3_stmt *s, struct vs_error *err)
{
	int step = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (step != SQLITE_DONE)
		return vs_fail(err, VS_EDB, "storing observations: %s",
			       sqlite3_errmsg(store_handle(st)));
	return VS_OK;
}

enum vs_err store_observation_add(struct store *st, int64_t asset_id,
				  const struct observation_row *r, struct vs_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STORE_STMT_OBSERVATION,
				     "INSERT INTO observation(asset_id, method, field, value, "
				     "confidence, first_seen, last_seen, source_id, source_row) "
				     "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
				     err);
	if (!s)
		return VS_EDB;
	sqlite3_bind_int64(s, 1, asset_id);
	bind_text(s, 2, r->method);
	bind_text(s, 3, r->field);
	bind_text(s, 4, r->value);
	sqlite3_bind_double(s, 5, r->confidence);
	bind_text(s, 6, r->first_seen);
	bind_text(s, 7, r->last_seen);
	if (r->source_id > 0)
		sqlite3_bind_int64(s, 8, r->source_id);
	if (r->line > 0)
		sqlite3_bind_int64(s, 9, r->line);
	return run(st, s, err);
}

enum vs_err store_seen_set(struct store *st, int64_t asset_id, const struct seen_row *r,
			   struct vs_error *err)
{
	sqlite3_stmt *s = store_stmt(st, STORE_STMT_SEEN,
				     "INSERT OR REPLACE INTO asset_seen(asset_id, first_seen, "
				     "last_seen, packets) VALUES (?1,?2,?3,?4)",
				     err);
	if (!s)
		return VS_EDB;
	sqlite3_bind_int64(s, 1, asset_id);
	bind_text(s, 2, r->first_seen);
	bind_text(s, 3, r->last_seen);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)r->packets);
	return run(st, s, err);
}

static void copy_text(char *dst, size_t cap, const unsigned char *v)
{
	snprintf(dst, cap, "%s", v ? (const char *)v : "");
}

enum vs_err store_observations_of(struct store *st, int64_t asset_id, struct seen_info *seen,
				  store_observation_fn fn, void *ctx, struct vs_error *err)
{
	sqlite3 *db = store_handle(st);
	sqlite3_stmt *s = NULL;
	*seen = (struct seen_info){0};
	if (sqlite3_prepare_v2(db,
			       "SELECT first_seen, last_seen, packets FROM asset_seen WHERE asset_id = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return vs_fail(err, VS_EDB, "reading observations: %s", sqlite3_errmsg(db));
	sqlite3_bind_int64(s, 1, asset_id);
	int step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		seen->known = true;
		copy_text(seen->first_seen, sizeof(seen->first_seen), sqlite3_column_text(s, 0));
		copy_text(seen->last_seen, sizeof(seen->last_seen), sqlite3_column_text(s, 1));
		seen->packets = (uint64_t)sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return vs_fail(err, VS_EDB, "reading observations: %s", sqlite3_errmsg(db));
	if (sqlite3_prepare_v2(db,
			       "SELECT method, field, value, confidence, first_seen, last_seen, "
			       "coalesce(source_id, 0), coalesce(source_row, 0) "
			       "FROM observation WHERE asset_id = ?1 ORDER BY id",
			       -1, &s, NULL) != SQLITE_OK)
		return vs_fail(err, VS_EDB, "reading observations: %s", sqlite3_errmsg(db));
	sqlite3_bind_int64(s, 1, asset_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct observation_row r = {
			.method = (const char *)sqlite3_column_text(s, 0),
			.field = (const char *)sqlite3_column_text(s, 1),
			.value = (const char *)sqlite3_column_text(s, 2),
			.confidence = sqlite3_column_double(s, 3),
			.first_seen = (const char *)sqlite3_column_text(s, 4),
			.last_seen = (const char *)sqlite3_column_text(s, 5),
			.source_id = sqlite3_column_int64(s, 6),
			.line = sqlite3_column_int64(s, 7),
		};
		fn(&r, ctx);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return vs_fail(err, VS_EDB, "reading observations: %s", sqlite3_errmsg(db));
	return VS_OK;
}
