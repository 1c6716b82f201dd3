#include "store/query_exposure.h"

#include <string.h>

#include "store/store_int.h"

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

enum vs_err store_exposure_add(struct store *st, int64_t asset_id, const struct exposure_row *r,
			       struct vs_error *err)
{
	sqlite3 *db = store_handle(st);
	sqlite3_stmt *s = store_stmt(st, STORE_STMT_EXPOSURE,
				     "INSERT INTO exposure(asset_id, peer, name, country, cloud, bytes, "
				     "first_seen, last_seen, source_id, seen) "
				     "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
				     err);
	if (!s)
		return VS_EDB;
	sqlite3_bind_int64(s, 1, asset_id);
	bind_text(s, 2, r->peer ? r->peer : "");
	bind_text(s, 3, r->name);
	bind_text(s, 4, r->country);
	bind_text(s, 5, r->cloud);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)r->bytes);
	bind_text(s, 7, r->first_seen);
	bind_text(s, 8, r->last_seen);
	if (r->source_id > 0)
		sqlite3_bind_int64(s, 9, r->source_id);
	else
		sqlite3_bind_null(s, 9);
	bind_text(s, 10, r->query ? "query" : "traffic");
	int step = sqlite3_step(s);
	enum vs_err rc = step == SQLITE_DONE
				 ? VS_OK
				 : vs_fail(err, VS_EDB, "storing exposure: %s", sqlite3_errmsg(db));
	sqlite3_reset(s);
	return rc;
}

enum vs_err store_exposures_foreach(struct store *st, int64_t survey_id, store_exposure_fn fn,
				    void *ctx, struct vs_error *err)
{
	sqlite3 *db = store_handle(st);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT x.asset_id, x.peer, x.name, x.country, x.cloud, x.bytes, "
			       "x.first_seen, x.last_seen, x.seen FROM exposure x JOIN asset a ON a.id = x.asset_id "
			       "WHERE (?1 = 0 OR a.survey_id = ?1) AND (x.country IS NOT NULL OR x.cloud IS NOT NULL) "
			       "ORDER BY x.asset_id, x.id",
			       -1, &s, NULL) != SQLITE_OK)
		return vs_fail(err, VS_EDB, "querying exposure: %s", sqlite3_errmsg(db));
	sqlite3_bind_int64(s, 1, survey_id);
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *peer = (const char *)sqlite3_column_text(s, 1);
		const char *seen = (const char *)sqlite3_column_text(s, 8);
		struct exposure_row r = {
			.peer = peer && peer[0] ? peer : NULL,
			.name = (const char *)sqlite3_column_text(s, 2),
			.country = (const char *)sqlite3_column_text(s, 3),
			.cloud = (const char *)sqlite3_column_text(s, 4),
			.bytes = (uint64_t)sqlite3_column_int64(s, 5),
			.first_seen = (const char *)sqlite3_column_text(s, 6),
			.last_seen = (const char *)sqlite3_column_text(s, 7),
			.query = seen && strcmp(seen, "query") == 0,
		};
		fn(sqlite3_column_int64(s, 0), &r, ctx);
	}
	enum vs_err rc = step == SQLITE_DONE
				 ? VS_OK
				 : vs_fail(err, VS_EDB, "querying exposure: %s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return rc;
}
