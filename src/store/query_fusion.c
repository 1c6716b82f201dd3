#include "store/query_fusion.h"

#include <stdlib.h>

#include "store/store_int.h"

static enum vs_err fail(struct store *st, struct vs_error *err, const char *what)
{
	return vs_fail(err, VS_EDB, "%s: %s", what, db_errmsg(store_handle(st)));
}

/* Prepare, bind int64 parameters, step to the end; rows to fn. */
static enum vs_err each_row(struct store *st, const char *sql, const int64_t *params, int n_params,
			    void (*fn)(struct db_stmt *s, void *ctx), void *ctx, const char *what,
			    struct vs_error *err)
{
	struct db *db = store_handle(st);
	struct db_stmt *s = NULL;
	if (!(s = db_prepare(db, sql, 0)))
		return fail(st, err, what);
	for (int i = 0; i < n_params; i++)
		db_bind_int64(s, i + 1, params[i]);
	int step;
	while ((step = db_step(s)) == DB_ROW)
		if (fn)
			fn(s, ctx);
	db_finalize(s);
	return step == DB_DONE ? VS_OK : fail(st, err, what);
}

static void one_int(struct db_stmt *s, void *ctx)
{
	*(int64_t *)ctx = db_column_int64(s, 0);
}

enum vs_err store_observation_count(struct store *st, int64_t asset_id, const char *method,
				    int64_t *n, struct vs_error *err)
{
	*n = 0;
	struct db *db = store_handle(st);
	struct db_stmt *s = NULL;
	if (store_flush(st, err))
		return err->code;
	if (!(s = db_prepare(db, "SELECT count(*) FROM observation WHERE asset_id = ?1 AND method = ?2", 0)))
		return fail(st, err, "counting observations");
	db_bind_int64(s, 1, asset_id);
	db_bind_text_static(s, 2, method, -1);
	int step = db_step(s);
	if (step == DB_ROW)
		*n = db_column_int64(s, 0);
	db_finalize(s);
	return step == DB_ROW ? VS_OK : fail(st, err, "counting observations");
}

struct id_list {
	int64_t *ids;
	size_t n, cap;
	bool oom;
};

static void add_id(struct db_stmt *s, void *ctx)
{
	struct id_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		int64_t *p = realloc(l->ids, cap * sizeof(*p));
		if (!p) {
			l->oom = true;
			return;
		}
		l->ids = p, l->cap = cap;
	}
	l->ids[l->n++] = db_column_int64(s, 0);
}

enum vs_err store_assets_shared_with(struct store *st, int64_t source_id, int64_t **ids,
				     size_t *n, struct vs_error *err)
{
	*ids = NULL;
	*n = 0;
	if (store_flush(st, err))
		return err->code;
	struct id_list l = {0};
	const int64_t p[] = {source_id};
	enum vs_err rc = each_row(
		st,
		/* Facts of this source on others' assets, and others' facts on its own. */
		"SELECT DISTINCT o.asset_id FROM observation o JOIN asset a ON a.id = o.asset_id "
		"WHERE o.source_id = ?1 AND a.source_id IS DISTINCT FROM ?1 "
		"UNION SELECT DISTINCT o.asset_id FROM observation o JOIN asset a ON a.id = o.asset_id "
		"WHERE a.source_id = ?1 AND o.source_id IS DISTINCT FROM ?1 AND o.source_id IS NOT NULL "
		"ORDER BY 1",
		p, 1, add_id, &l, "finding shared assets", err);
	if (!rc && l.oom)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	if (rc) {
		free(l.ids);
		return rc;
	}
	*ids = l.ids;
	*n = l.n;
	return VS_OK;
}

enum vs_err store_asset_pass_on(struct store *st, int64_t asset_id, int64_t from_source,
				struct vs_error *err)
{
	int64_t heir = 0;
	const int64_t p[] = {asset_id, from_source};
	enum vs_err rc = each_row(st,
				  "SELECT min(source_id) FROM observation WHERE asset_id = ?1 "
				  "AND source_id IS DISTINCT FROM ?2 AND source_id IS NOT NULL",
				  p, 2, one_int, &heir, "finding the asset's other sources", err);
	if (rc || heir == 0)
		return rc;
	/* The row's FILE:LINE belonged to the source that goes: the heir's
	 * facts say where they came from. */
	const int64_t q[] = {asset_id, heir, from_source};
	return each_row(st,
			"UPDATE asset SET source_id = ?2, source_row = NULL, source_line = NULL "
			"WHERE id = ?1 AND source_id = ?3",
			q, 3, NULL, NULL, "passing the asset on", err);
}

enum vs_err store_source_facts_forget(struct store *st, int64_t source_id, int64_t asset_id,
				      struct vs_error *err)
{
	const int64_t p[] = {source_id, asset_id};
	enum vs_err rc = each_row(st, "DELETE FROM observation WHERE source_id = ?1 AND asset_id = ?2",
				  p, 2, NULL, NULL, "forgetting observations", err);
	if (!rc)
		rc = each_row(st, "DELETE FROM exposure WHERE source_id = ?1 AND asset_id = ?2", p, 2,
			      NULL, NULL, "forgetting exposure", err);
	return rc;
}

enum vs_err store_asset_absorb(struct store *st, int64_t keep, int64_t gone, struct vs_error *err)
{
	if (store_flush(st, err))
		return err->code;
	const int64_t p[] = {keep, gone};
	static const char *const steps[] = {
		"UPDATE observation SET asset_id = ?1 WHERE asset_id = ?2",
		"UPDATE exposure SET asset_id = ?1 WHERE asset_id = ?2",
		/* A tracked register row fused with a device keeps its history. */
		"UPDATE asset_status SET asset_id = ?1 WHERE asset_id = ?2",
		"INSERT INTO asset_seen(asset_id, first_seen, last_seen, packets) "
		"SELECT ?1, first_seen, last_seen, packets FROM asset_seen WHERE asset_id = ?2 "
		"ON CONFLICT(asset_id) DO UPDATE SET "
		"first_seen = CASE WHEN asset_seen.first_seen IS NULL "
		"OR excluded.first_seen < asset_seen.first_seen "
		"THEN coalesce(excluded.first_seen, asset_seen.first_seen) "
		"ELSE asset_seen.first_seen END, "
		"last_seen = CASE WHEN asset_seen.last_seen IS NULL "
		"OR excluded.last_seen > asset_seen.last_seen "
		"THEN coalesce(excluded.last_seen, asset_seen.last_seen) "
		"ELSE asset_seen.last_seen END, "
		"packets = asset_seen.packets + excluded.packets",
		"DELETE FROM asset WHERE id = ?2",
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		enum vs_err rc = each_row(st, steps[i], p, 2, NULL, NULL, "joining two assets", err);
		if (rc)
			return rc;
	}
	/* The frozen look-up table (query_devices.c) may hold gone's keys. */
	return each_row(st, "UPDATE device_key SET asset_id = ?1 WHERE asset_id = ?2", p, 2,
			NULL, NULL, "joining two assets", err);
}

enum vs_err store_seen_merge(struct store *st, int64_t asset_id, const struct seen_row *r,
			     struct vs_error *err)
{
	/* Once per captured device: kept prepared on the handle. */
	struct db_stmt *s = store_stmt(
		st, STORE_STMT_SEEN_MERGE,
		"INSERT INTO asset_seen(asset_id, first_seen, last_seen, packets) "
		"VALUES (?1,?2,?3,?4) ON CONFLICT(asset_id) DO UPDATE SET "
		"first_seen = CASE WHEN asset_seen.first_seen IS NULL "
		"OR excluded.first_seen < asset_seen.first_seen "
		"THEN coalesce(excluded.first_seen, asset_seen.first_seen) "
		"ELSE asset_seen.first_seen END, "
		"last_seen = CASE WHEN asset_seen.last_seen IS NULL "
		"OR excluded.last_seen > asset_seen.last_seen "
		"THEN coalesce(excluded.last_seen, asset_seen.last_seen) "
		"ELSE asset_seen.last_seen END, "
		"packets = asset_seen.packets + excluded.packets",
		err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, asset_id);
	if (r->first_seen)
		db_bind_text_static(s, 2, r->first_seen, -1);
	if (r->last_seen)
		db_bind_text_static(s, 3, r->last_seen, -1);
	db_bind_int64(s, 4, (int64_t)r->packets);
	int step = db_step(s);
	db_reset(s);
	return step == DB_DONE ? VS_OK : fail(st, err, "storing first and last seen");
}
