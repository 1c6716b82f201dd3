#include "store/query_devices.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/text.h"

/* The first row of a cached SELECT of (id, department, site) for a survey
 * (?1) and a key (?2), copied into out. */
static enum vs_err find_one(struct store *st, enum store_stmt_id id, const char *sql, int64_t survey_id,
			    const char *key, struct device_info *out, struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!key)
		return VS_OK;
	struct db *db = store_handle(st);
	/* store_stmt flushes queued assets first, so a device appended earlier
	 * in the same transaction is found. */
	struct db_stmt *s = store_stmt(st, id, sql, err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, survey_id);
	db_bind_text_static(s, 2, key, -1);
	int step = db_step(s);
	enum vs_err rc = VS_OK;
	if (step == DB_ROW) {
		const char *d = db_column_text(s, 1), *site = db_column_text(s, 2);
		out->asset_id = db_column_int64(s, 0);
		out->department = str_dup_or_null((const char *)d);
		out->site = str_dup_or_null((const char *)site);
		if ((d && !out->department) || (site && !out->site))
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
	} else if (step != DB_DONE) {
		rc = vs_fail(err, VS_EDB, "finding device: %s", db_errmsg(db));
	}
	db_reset(s);
	if (rc)
		device_info_release(out);
	return rc;
}

/*
 * Serial numbers and MACs: no index on asset, but a temporary table of the
 * survey's hardware keyed by them, filled on the first look-up and again
 * when hardware has been added to the survey since.
 *
 * Why not partial indexes on asset(survey_id, serial) and (survey_id, mac)
 * (tried as schema 6): every hardware row has both, so every hardware
 * import maintains two more B-trees. The million-row import benchmark
 * (bench/import/run.sh) went from 5.2-7.9 s to 10.1-11.0 s. The table costs
 * one scan of the survey's hardware per software import that carries a
 * serial or MAC, and nothing anywhere else. Host names keep their index
 * (schema 2): it is partial and the benchmark's rows have none.
 */
static enum vs_err keys_ready(struct store *st, int64_t survey_id, struct vs_error *err)
{
	struct store_device_keys *k = store_device_keys(st);
	if (k->frozen && k->survey_id == survey_id)
		return VS_OK;
	k->frozen = false;
	struct db *db = store_handle(st);
	/* asset_survey (survey_id, kind) ends in the row id: one seek. */
	struct db_stmt *s = store_stmt(st, STORE_STMT_DEVICE_LAST,
				     "SELECT max(id) FROM asset WHERE survey_id = ?1 AND kind = 'hardware'",
				     err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, survey_id);
	int step = db_step(s);
	int64_t last = step == DB_ROW ? db_column_int64(s, 0) : 0;
	db_reset(s);
	if (step != DB_ROW)
		return vs_fail(err, VS_EDB, "finding devices: %s", db_errmsg(db));
	if (k->table && k->survey_id == survey_id && k->last_id == last)
		return VS_OK;
	if (db_temp_table(db, "device_key",
			  "what TEXT NOT NULL, key TEXT NOT NULL COLLATE NOCASE,"
			  " asset_id INTEGER NOT NULL, PRIMARY KEY (what, key)",
			  err))
		return VS_EDB;
	k->table = true;
	k->survey_id = 0; /* until filled */
	/* In id order, so DO NOTHING keeps the first asset with a key (the
	 * WHERE true tells SQLite's parser the ON CONFLICT is the upsert's). */
	s = store_stmt(st, STORE_STMT_DEVICE_FILL,
		       "INSERT INTO device_key (what, key, asset_id) "
		       "SELECT what, key, id FROM ("
		       " SELECT 's' AS what, serial AS key, id FROM asset"
		       "  WHERE survey_id = ?1 AND kind = 'hardware' AND serial IS NOT NULL"
		       " UNION ALL"
		       " SELECT 'm', mac, id FROM asset"
		       "  WHERE survey_id = ?1 AND kind = 'hardware' AND mac IS NOT NULL"
		       ") k WHERE true ORDER BY id ON CONFLICT DO NOTHING",
		       err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, survey_id);
	step = db_step(s);
	db_reset(s);
	if (step != DB_DONE)
		return vs_fail(err, VS_EDB, "finding devices: %s", db_errmsg(db));
	k->survey_id = survey_id;
	k->last_id = last;
	return VS_OK;
}

enum vs_err store_device_keys_freeze(struct store *st, int64_t survey_id, int64_t *keys,
				     int64_t *last_id, struct vs_error *err)
{
	struct store_device_keys *k = store_device_keys(st);
	k->frozen = false;
	enum vs_err rc = keys_ready(st, survey_id, err);
	if (rc)
		return rc;
	k->frozen = true;
	*last_id = k->last_id;
	struct db_stmt *s = NULL;
	struct db *db = store_handle(st);
	if (!(s = db_prepare(db, "SELECT count(*) FROM device_key", 0)))
		return vs_fail(err, VS_EDB, "finding devices: %s", db_errmsg(db));
	int step = db_step(s);
	*keys = step == DB_ROW ? db_column_int64(s, 0) : 0;
	db_finalize(s);
	return step == DB_ROW ? VS_OK
				  : vs_fail(err, VS_EDB, "finding devices: %s", db_errmsg(db));
}

void store_device_keys_thaw(struct store *st)
{
	store_device_keys(st)->frozen = false;
}

enum vs_err store_device_find_host_before(struct store *st, int64_t survey_id, const char *name,
					  int64_t last_id, int64_t *asset_id, struct vs_error *err)
{
	*asset_id = 0;
	if (!name || last_id <= 0)
		return VS_OK;
	struct db *db = store_handle(st);
	struct db_stmt *s = store_stmt(st, STORE_STMT_DEVICE_HOST_BEFORE,
				     "SELECT min(id), count(*) FROM asset WHERE survey_id = ?1 "
				     "AND kind = 'hardware' AND hostname = ?2 COLLATE NOCASE "
				     "AND hostname IS NOT NULL AND id <= ?3",
				     err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, survey_id);
	db_bind_text_static(s, 2, name, -1);
	db_bind_int64(s, 3, last_id);
	int step = db_step(s);
	if (step == DB_ROW && db_column_int64(s, 1) == 1)
		*asset_id = db_column_int64(s, 0);
	db_reset(s);
	return step == DB_ROW ? VS_OK
				  : vs_fail(err, VS_EDB, "finding device: %s", db_errmsg(db));
}

/* The host name look-up: asset_hostname (schema 2) serves it, and its
 * terms repeat the partial index's WHERE so SQLite may use it. Each
 * statement is prepared once for the store's life, as it runs once per
 * program. */
enum vs_err store_device_find(struct store *st, int64_t survey_id, const char *name,
			      struct device_info *out, struct vs_error *err)
{
	return find_one(st, STORE_STMT_DEVICE,
			"SELECT id, department, site FROM asset WHERE survey_id = ?1 "
			"AND kind = 'hardware' AND hostname = ?2 COLLATE NOCASE "
			"AND hostname IS NOT NULL ORDER BY id LIMIT 1",
			survey_id, name, out, err);
}

enum vs_err store_device_find_serial(struct store *st, int64_t survey_id, const char *serial,
				     struct device_info *out, struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!serial)
		return VS_OK;
	enum vs_err rc = keys_ready(st, survey_id, err);
	return rc ? rc : find_one(st, STORE_STMT_DEVICE_SERIAL,
				  "SELECT a.id, a.department, a.site FROM device_key k "
				  "JOIN asset a ON a.id = k.asset_id "
				  "WHERE a.survey_id = ?1 AND k.what = 's' AND k.key = ?2",
				  survey_id, serial, out, err);
}

enum vs_err store_device_find_mac(struct store *st, int64_t survey_id, const char *mac,
				  struct device_info *out, struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!mac)
		return VS_OK;
	enum vs_err rc = keys_ready(st, survey_id, err);
	return rc ? rc : find_one(st, STORE_STMT_DEVICE_MAC,
				  "SELECT a.id, a.department, a.site FROM device_key k "
				  "JOIN asset a ON a.id = k.asset_id "
				  "WHERE a.survey_id = ?1 AND k.what = 'm' AND k.key = ?2",
				  survey_id, mac, out, err);
}

void device_info_release(struct device_info *d)
{
	free(d->department);
	free(d->site);
	memset(d, 0, sizeof(*d));
}
