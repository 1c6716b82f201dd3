#include "store/query_devices.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/text.h"

enum vs_err store_device_find(struct store *st, int64_t survey_id, const char *name,
			      struct device_info *out, struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	sqlite3 *db = store_handle(st);
	/* The asset_hostname index (schema 2) serves exactly this; one
	 * statement for the store's life, as it runs once per program. */
	sqlite3_stmt *s = store_stmt(st, STORE_STMT_DEVICE,
				     "SELECT id, department, site FROM asset WHERE survey_id = ?1 "
				     "AND kind = 'hardware' AND hostname = ?2 COLLATE NOCASE "
				     "AND hostname IS NOT NULL ORDER BY id LIMIT 1",
				     err);
	if (!s)
		return VS_EDB;
	sqlite3_bind_int64(s, 1, survey_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
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

void device_info_release(struct device_info *d)
{
	free(d->department);
	free(d->site);
	memset(d, 0, sizeof(*d));
}
