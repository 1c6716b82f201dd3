#include "store/query_pages.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/strbuf.h"

/* Fixed strings only: the user's sort key picks one by index. NULLs last
 * either way, as a spreadsheet sorts blanks. */
static const char *const sort_sql[PAGES_SORT_N] = {
	[PAGES_SORT_ID] = "a.id",
	[PAGES_SORT_TYPE] = "coalesce(a.type, a.type_raw)",
	[PAGES_SORT_MAKER] = "a.maker",
	[PAGES_SORT_VENDOR] = "a.vendor_name",
	[PAGES_SORT_MODEL] = "a.model",
	[PAGES_SORT_COUNTRY] = "a.country",
	[PAGES_SORT_DEPARTMENT] = "a.department",
	[PAGES_SORT_COUNT] = "a.count",
};

/* ?1 survey, ?2 kind (-1 any), ?3 kind name, ?4 chinese (-1 any), ?5
 * critical (-1 any), ?6 the search as a LIKE pattern or NULL. */
#define PAGES_WHERE                                                                      \
	" WHERE (?1 = 0 OR a.survey_id = ?1) AND (?2 < 0 OR a.kind = ?3)"                  \
	" AND (?4 < 0 OR a.chinese = ?4) AND (?5 < 0 OR a.critical = ?5)"                  \
	" AND (?6 IS NULL OR a.maker LIKE ?6 ESCAPE '\\' OR a.vendor_name LIKE ?6 ESCAPE '\\'" \
	" OR a.model LIKE ?6 ESCAPE '\\' OR coalesce(a.type, a.type_raw) LIKE ?6 ESCAPE '\\'"  \
	" OR a.department LIKE ?6 ESCAPE '\\' OR a.site LIKE ?6 ESCAPE '\\'"                  \
	" OR a.hostname LIKE ?6 ESCAPE '\\' OR a.serial LIKE ?6 ESCAPE '\\'"                  \
	" OR a.mac LIKE ?6 ESCAPE '\\' OR a.ip LIKE ?6 ESCAPE '\\' OR a.product LIKE ?6 ESCAPE '\\')"

/* "%50\%%": the user's % and _ match themselves. */
static void like_pattern(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '%');
}

static void bind_filter(sqlite3_stmt *s, const struct pages_query *q, const struct strbuf *like)
{
	sqlite3_bind_int64(s, 1, q->survey_id);
	sqlite3_bind_int(s, 2, q->kind);
	sqlite3_bind_text(s, 3, q->kind == ASSET_SOFTWARE ? "software" : "hardware", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(s, 4, (int)q->chinese);
	sqlite3_bind_int(s, 5, (int)q->critical);
	if (like->len)
		sqlite3_bind_text(s, 6, like->buf, (int)like->len, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 6);
}

enum vs_err store_pages_assets(struct store *st, const struct pages_query *q, store_asset_fn fn,
			       void *ctx, int64_t *total, struct vs_error *err)
{
	enum vs_err rc = store_flush(st, err);
	if (rc)
		return rc;
	if ((unsigned)q->sort >= PAGES_SORT_N || q->offset < 0 || q->limit < 0)
		return vs_fail(err, VS_EUSAGE, "bad page of the register");
	sqlite3 *db = store_handle(st);
	struct strbuf like = STRBUF_INIT, sql = STRBUF_INIT;
	if (q->search && *q->search)
		like_pattern(&like, q->search);
	sqlite3_stmt *s = NULL;
	*total = 0;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM (SELECT 1 FROM asset a" PAGES_WHERE
				   " LIMIT ?7)", -1, &s, NULL) != SQLITE_OK) {
		rc = vs_fail(err, VS_EDB, "counting assets: %s", sqlite3_errmsg(db));
		goto out;
	}
	bind_filter(s, q, &like);
	sqlite3_bind_int64(s, 7, q->count_cap > 0 ? q->count_cap + 1 : -1);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = vs_fail(err, VS_EDB, "counting assets: %s", sqlite3_errmsg(db));
		goto out;
	}
	*total = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;

	const char *col = sort_sql[q->sort], *dir = q->desc ? "DESC" : "ASC";
	strbuf_addf(&sql,
		    STORE_ASSET_SELECT PAGES_WHERE " ORDER BY %s IS NULL, %s %s, a.id %s LIMIT ?7 OFFSET ?8",
		    col, col, dir, dir);
	if (sql.failed || like.failed) {
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(db, strbuf_str(&sql), -1, &s, NULL) != SQLITE_OK) {
		rc = vs_fail(err, VS_EDB, "querying assets: %s", sqlite3_errmsg(db));
		goto out;
	}
	bind_filter(s, q, &like);
	sqlite3_bind_int64(s, 7, q->limit);
	sqlite3_bind_int64(s, 8, q->offset);
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct asset a;
		asset_init(&a);
		store_asset_from_row(s, &a);
		store_evidence_parse(&a, (const char *)sqlite3_column_text(s, STORE_ASSET_EVIDENCE_COLUMN));
		bool go_on = fn(&a, ctx);
		asset_release(&a);
		if (!go_on)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = vs_fail(err, VS_EDB, "querying assets: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(s);
	strbuf_release(&like);
	strbuf_release(&sql);
	return rc;
}

enum vs_err store_pages_evidence(struct store *st, int64_t asset_id, struct asset *a,
				 struct vs_error *err)
{
	sqlite3 *db = store_handle(st);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT e.items FROM asset a JOIN evidence_set e ON e.id = a.evidence_id "
			       "WHERE a.id = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return vs_fail(err, VS_EDB, "reading evidence: %s", sqlite3_errmsg(db));
	sqlite3_bind_int64(s, 1, asset_id);
	int step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		store_evidence_parse(a, (const char *)sqlite3_column_text(s, 0));
	enum vs_err rc = step == SQLITE_ROW || step == SQLITE_DONE
				 ? VS_OK
				 : vs_fail(err, VS_EDB, "reading evidence: %s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return rc;
}

enum vs_err store_pages_surveys(struct store *st, struct survey_info **out, size_t *n,
				struct vs_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3 *db = store_handle(st);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, "SELECT s.id, s.name, coalesce(s.date, '') FROM survey s"
				   STORE_SURVEYS_NEWEST_FIRST, -1, &s, NULL) != SQLITE_OK)
		return vs_fail(err, VS_EDB, "listing surveys: %s", sqlite3_errmsg(db));
	size_t alloc = 0;
	enum vs_err rc = VS_OK;
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == alloc) {
			size_t na = alloc ? alloc * 2 : 8;
			struct survey_info *p = realloc(*out, na * sizeof(*p));
			if (!p) {
				rc = vs_fail(err, VS_ENOMEM, "out of memory");
				break;
			}
			*out = p;
			alloc = na;
		}
		struct survey_info *si = &(*out)[(*n)++];
		si->id = sqlite3_column_int64(s, 0);
		snprintf(si->name, sizeof(si->name), "%s", (const char *)sqlite3_column_text(s, 1));
		snprintf(si->date, sizeof(si->date), "%s", (const char *)sqlite3_column_text(s, 2));
	}
	if (!rc && step != SQLITE_DONE)
		rc = vs_fail(err, VS_EDB, "listing surveys: %s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

enum vs_err store_pages_version(struct store *st, uint64_t *version, struct vs_error *err)
{
	sqlite3 *db = store_handle(st);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &s, NULL) != SQLITE_OK)
		return vs_fail(err, VS_EDB, "reading the data version: %s", sqlite3_errmsg(db));
	int step = sqlite3_step(s);
	uint64_t dv = step == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (step != SQLITE_ROW)
		return vs_fail(err, VS_EDB, "reading the data version: %s", sqlite3_errmsg(db));
	/* Two counters in one token: they only grow, so a sum repeats only
	 * when neither moved. */
	*version = dv + (uint64_t)sqlite3_total_changes64(db);
	return VS_OK;
}
