#include "store/query_devices.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/text.h"

/* The first row of a cached one-parameter-after-the-survey SELECT of
 * (id, department, site), copied into out. */
static enum vs_err find_one(struct store *st, enum store_stmt_id id, const char *sql, int64_t survey_id,
			    const char *key, struct device_info *out, struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!key)
		return VS_OK;
	sqlite3 *db = store_handle(st);
	/* store_stmt flushes queued assets first, so a device appended earlier
	 * in the same transaction is found. */
	sqlite3_stmt *s = store_stmt(st, id, sql, err);
	if (!s)
		return VS_EDB;
	sqlite3_bind_int64(s, 1, survey_id);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	int step = sqlite3_step(s);
	enum vs_err rc = VS_OK;
	if (step == SQLITE_ROW) {
		const unsigned char *d = sqlite3_column_text(s, 1), *site = sqlite3_column_text(s, 2);
		out->asset_id = sqlite3_column_int64(s, 0);
		out->department = str_dup_or_null((const char *)d);
		out->site = str_dup_or_null((const char *)site);
		if ((d && !out->department) || (site && !out->site))
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
	} else if (step != SQLITE_DONE) {
		rc = vs_fail(err, VS_EDB, "finding device: %s", sqlite3_errmsg(db));
	}
	sqlite3_reset(s);
	if (rc)
		device_info_release(out);
	return rc;
}

/*
 * Each statement is prepared once for the store's life, as it runs once per
 * program, and each repeats its index's WHERE terms (kind, IS NOT NULL) so
 * SQLite may use the partial index: asset_hostname (schema 2), asset_serial
 * and asset_mac (schema 6).
 */
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
	return find_one(st, STORE_STMT_DEVICE_SERIAL,
			"SELECT id, department, site FROM asset WHERE survey_id = ?1 "
			"AND serial = ?2 COLLATE NOCASE AND serial IS NOT NULL "
			"AND kind = 'hardware' ORDER BY id LIMIT 1",
			survey_id, serial, out, err);
}

enum vs_err store_device_find_mac(struct store *st, int64_t survey_id, const char *mac,
				  struct device_info *out, struct vs_error *err)
{
	return find_one(st, STORE_STMT_DEVICE_MAC,
			"SELECT id, department, site FROM asset WHERE survey_id = ?1 "
			"AND mac = ?2 AND mac IS NOT NULL AND kind = 'hardware' "
			"ORDER BY id LIMIT 1",
			survey_id, mac, out, err);
}

void device_info_release(struct device_info *d)
{
	free(d->department);
	free(d->site);
	memset(d, 0, sizeof(*d));
}
