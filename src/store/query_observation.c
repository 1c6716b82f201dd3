#include "store/query_observation.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

struct obs_writer {
	sqlite3 *db;
	sqlite3_stmt *obs, *seen;
};

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

enum vs_err store_obs_writer_open(struct store *st, struct obs_writer **out, struct vs_error *err)
{
	*out = NULL;
	struct obs_writer *w = calloc(1, sizeof(*w));
	if (!w)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	w->db = store_handle(st);
	if (sqlite3_prepare_v2(w->db,
			       "INSERT INTO observation(asset_id, method, field, value, confidence, "
			       "first_seen, last_seen) VALUES (?1,?2,?3,?4,?5,?6,?7)",
			       -1, &w->obs, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(w->db,
			       "INSERT OR REPLACE INTO asset_seen(asset_id, first_seen, last_seen, "
			       "packets) VALUES (?1,?2,?3,?4)",
			       -1, &w->seen, NULL) != SQLITE_OK) {
		enum vs_err rc = vs_fail(err, VS_EDB, "storing observations: %s", sqlite3_errmsg(w->db));
		store_obs_writer_close(w);
		return rc;
	}
	*out = w;
	return VS_OK;
}

void store_obs_writer_close(struct obs_writer *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->obs);
	sqlite3_finalize(w->seen);
	free(w);
}

static enum vs_err run(struct obs_writer *w, sqlite3_stmt *s, struct vs_error *err)
{
	int step = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (step != SQLITE_DONE)
		return vs_fail(err, VS_EDB, "storing observations: %s", sqlite3_errmsg(w->db));
	return VS_OK;
}

enum vs_err store_observation_add(struct obs_writer *w, int64_t asset_id,
				  const struct observation_row *r, struct vs_error *err)
{
	sqlite3_bind_int64(w->obs, 1, asset_id);
	bind_text(w->obs, 2, r->method);
	bind_text(w->obs, 3, r->field);
	bind_text(w->obs, 4, r->value);
	sqlite3_bind_double(w->obs, 5, r->confidence);
	bind_text(w->obs, 6, r->first_seen);
	bind_text(w->obs, 7, r->last_seen);
	return run(w, w->obs, err);
}

enum vs_err store_seen_set(struct obs_writer *w, int64_t asset_id, const struct seen_row *r,
			   struct vs_error *err)
{
	sqlite3_bind_int64(w->seen, 1, asset_id);
	bind_text(w->seen, 2, r->first_seen);
	bind_text(w->seen, 3, r->last_seen);
	sqlite3_bind_int64(w->seen, 4, (sqlite3_int64)r->packets);
	return run(w, w->seen, err);
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
			       "SELECT method, field, value, confidence, first_seen, last_seen "
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
		};
		fn(&r, ctx);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return vs_fail(err, VS_EDB, "reading observations: %s", sqlite3_errmsg(db));
	return VS_OK;
}
