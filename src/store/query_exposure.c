#include "store/query_exposure.h"

#include <string.h>

#include "store/store_int.h"

static void bind_text(struct db_stmt *s, int i, const char *v)
{
	if (v)
		db_bind_text(s, i, v, -1);
	else
		db_bind_null(s, i);
}

enum vs_err store_exposure_add(struct store *st, int64_t asset_id, const struct exposure_row *r,
			       struct vs_error *err)
{
	struct db *db = store_handle(st);
	struct db_stmt *s = store_stmt(st, STORE_STMT_EXPOSURE,
				     "INSERT INTO exposure(asset_id, peer, name, country, cloud, bytes, "
				     "first_seen, last_seen, source_id, seen) "
				     "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
				     err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, asset_id);
	bind_text(s, 2, r->peer ? r->peer : "");
	bind_text(s, 3, r->name);
	bind_text(s, 4, r->country);
	bind_text(s, 5, r->cloud);
	db_bind_int64(s, 6, (int64_t)r->bytes);
	bind_text(s, 7, r->first_seen);
	bind_text(s, 8, r->last_seen);
	if (r->source_id > 0)
		db_bind_int64(s, 9, r->source_id);
	else
		db_bind_null(s, 9);
	bind_text(s, 10, r->query ? "query" : "traffic");
	int step = db_step(s);
	enum vs_err rc = step == DB_DONE
				 ? VS_OK
				 : vs_fail(err, VS_EDB, "storing exposure: %s", db_errmsg(db));
	db_reset(s);
	return rc;
}

enum vs_err store_exposures_foreach(struct store *st, int64_t survey_id, store_exposure_fn fn,
				    void *ctx, struct vs_error *err)
{
	struct db *db = store_handle(st);
	struct db_stmt *s = NULL;
	if (!(s = db_prepare(db, "SELECT x.asset_id, x.peer, x.name, x.country, x.cloud, x.bytes, "
			       "x.first_seen, x.last_seen, x.seen FROM exposure x JOIN asset a ON a.id = x.asset_id "
			       "WHERE (?1 = 0 OR a.survey_id = ?1) AND (x.country IS NOT NULL OR x.cloud IS NOT NULL) "
			       "ORDER BY x.asset_id, x.id", DB_STREAM)))
		return vs_fail(err, VS_EDB, "querying exposure: %s", db_errmsg(db));
	db_bind_int64(s, 1, survey_id);
	int step;
	while ((step = db_step(s)) == DB_ROW) {
		const char *peer = db_column_text(s, 1);
		const char *seen = db_column_text(s, 8);
		struct exposure_row r = {
			.peer = peer && peer[0] ? peer : NULL,
			.name = db_column_text(s, 2),
			.country = db_column_text(s, 3),
			.cloud = db_column_text(s, 4),
			.bytes = (uint64_t)db_column_int64(s, 5),
			.first_seen = db_column_text(s, 6),
			.last_seen = db_column_text(s, 7),
			.query = seen && strcmp(seen, "query") == 0,
		};
		fn(db_column_int64(s, 0), &r, ctx);
	}
	enum vs_err rc = step == DB_DONE
				 ? VS_OK
				 : vs_fail(err, VS_EDB, "querying exposure: %s", db_errmsg(db));
	db_finalize(s);
	return rc;
}
