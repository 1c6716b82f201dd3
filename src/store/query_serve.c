#include <stdlib.h>
#include <string.h>

#include "store/query_serve.h"
#include "store/store_int.h"
#include "util/strbuf.h"

/* "%text%" with LIKE's wildcards and the escape character escaped. */
static char *like_pattern(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addch(&sb, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *s);
	}
	strbuf_addch(&sb, '%');
	return sb.failed ? NULL : strbuf_detach(&sb);
}

enum vs_err store_assets_query(struct store *st, const struct store_asset_query *q,
			       store_asset_fn fn, void *ctx, bool *more, struct vs_error *err)
{
	if (more)
		*more = false;
	enum vs_err rc = store_flush(st, err);
	if (rc)
		return rc;
	bool search = q->search && *q->search;
	char *pattern = search ? like_pattern(q->search) : NULL;
	if (search && !pattern)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	/* Ordered by the rowid (a.id), which the survey index carries, so the
	 * cursor's "id > ?" and LIMIT stop after the page's rows. */
	static const char sql[] =
		STORE_ASSET_SELECT
		"WHERE (?1 = 0 OR a.survey_id = ?1) AND (?2 < 0 OR a.kind = ?3) "
		"AND (?4 = 0 OR a.chinese = 1) AND (?5 = 0 OR a.critical = 1) "
		"AND a.id > ?6 AND (?7 = 0 OR a.id = ?7) "
		"AND (?8 IS NULL OR a.type LIKE ?8 ESCAPE '\\' OR a.maker LIKE ?8 ESCAPE '\\'"
		" OR a.vendor_name LIKE ?8 ESCAPE '\\' OR a.brand LIKE ?8 ESCAPE '\\'"
		" OR a.model LIKE ?8 ESCAPE '\\' OR a.serial LIKE ?8 ESCAPE '\\'"
		" OR a.mac LIKE ?8 ESCAPE '\\' OR a.ip LIKE ?8 ESCAPE '\\'"
		" OR a.hostname LIKE ?8 ESCAPE '\\' OR a.department LIKE ?8 ESCAPE '\\'"
		" OR a.site LIKE ?8 ESCAPE '\\' OR a.product LIKE ?8 ESCAPE '\\'"
		" OR a.publisher LIKE ?8 ESCAPE '\\') "
		"ORDER BY a.id LIMIT ?9";
	sqlite3 *db = store_handle(st);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		rc = vs_fail(err, VS_EDB, "querying assets: %s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_int64(s, 1, q->f.survey_id);
	sqlite3_bind_int(s, 2, q->f.kind);
	sqlite3_bind_text(s, 3, q->f.kind == ASSET_SOFTWARE ? "software" : "hardware", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(s, 4, q->f.chinese_only);
	sqlite3_bind_int(s, 5, q->critical_only);
	/* One asset: its id as the cursor's start, so the rowid range finds
	 * it at once instead of "?7 = 0 OR" scanning up to it. */
	sqlite3_bind_int64(s, 6, q->id ? q->id - 1 : q->after_id);
	sqlite3_bind_int64(s, 7, q->id);
	if (pattern)
		sqlite3_bind_text(s, 8, pattern, -1, SQLITE_STATIC);
	/* One row past the page says whether there is a next one. */
	sqlite3_bind_int64(s, 9, q->limit ? (sqlite3_int64)q->limit + 1 : -1);
	size_t n = 0;
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (q->limit && n == q->limit) {
			if (more)
				*more = true;
			break;
		}
		struct asset a;
		asset_init(&a);
		store_asset_from_row(s, &a);
		store_evidence_parse(&a, (const char *)sqlite3_column_text(s, STORE_ASSET_EVIDENCE_COLUMN));
		bool go_on = fn(&a, ctx);
		asset_release(&a);
		n++;
		if (!go_on)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = vs_fail(err, VS_EDB, "querying assets: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(s);
	free(pattern);
	return rc;
}

enum vs_err store_data_version(struct store *st, int64_t *out, struct vs_error *err)
{
	sqlite3 *db = store_handle(st);
	sqlite3_stmt *s = NULL;
	enum vs_err rc = VS_OK;
	if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW)
		rc = vs_fail(err, VS_EDB, "reading the data version: %s", sqlite3_errmsg(db));
	else
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc;
}
