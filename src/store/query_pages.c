#include "store/query_pages.h"

#include <stdint.h>
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
 * critical (-1 any), ?6 the search as a LIKE pattern or NULL: the API's
 * search (store_int.h), so a page and GET /api/v1/assets find the same. */
#define PAGES_FILTER                                                                     \
	" AND (?2 < 0 OR a.kind = ?3)"                                                       \
	" AND (?4 < 0 OR a.chinese = ?4) AND (?5 < 0 OR a.critical = ?5)"                  \
	" AND " STORE_ASSET_SEARCH("?6")

/* The page reads in rowid order and stops after its rows: the survey as a
 * filter, not through asset_survey (whose order is kind, then id, so SQLite
 * would sort the whole survey first: 0.2 s for a million rows). */
#define PAGES_WHERE " WHERE (?1 = 0 OR a.survey_id = ?1)" PAGES_FILTER
/* The count is one range of asset_survey (a covering index): 1 ms for
 * 10,001 rows, against 25 ms scanning past the surveys before it. */
#define PAGES_WHERE_SURVEY " WHERE a.survey_id = ?1" PAGES_FILTER

void store_like_pattern(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '%');
}

static void bind_filter(struct db_stmt *s, const struct pages_query *q, const char *like)
{
	db_bind_int64(s, 1, q->survey_id);
	db_bind_int64(s, 2, q->kind);
	db_bind_text_static(s, 3, q->kind == ASSET_SOFTWARE ? "software" : "hardware", -1);
	db_bind_int64(s, 4, (int)q->chinese);
	db_bind_int64(s, 5, (int)q->critical);
	if (like)
		db_bind_text_static(s, 6, like, -1);
	else
		db_bind_null(s, 6);
}

/* The keyset condition: rows after (or before) the cursor row ?9 in the
 * order "col IS NULL, col, a.id" (col's direction op: ">" ascending). The
 * cursor's key is read by id in a scalar subquery (its alias shadows the
 * outer a, so col names the cursor's column there); both engines compute
 * it once. A NULL key sorts last, so after a NULL only NULLs with a later
 * id follow, and before it every non-NULL comes first. */
static void keyset_sql(struct strbuf *sql, const char *col, bool back, const char *op)
{
	struct strbuf k = STRBUF_INIT;
	strbuf_addf(&k, "(SELECT %s FROM asset a WHERE a.id = ?9)", col);
	const char *key = strbuf_str(&k);
	if (!back)
		strbuf_addf(sql, " AND ((%s IS NOT NULL AND (%s IS NULL OR %s %s %s OR (%s = %s AND a.id %s ?9)))"
				 " OR (%s IS NULL AND %s IS NULL AND a.id %s ?9))",
			    key, col, col, op, key, col, key, op, key, col, op);
	else
		strbuf_addf(sql, " AND ((%s IS NOT NULL AND %s IS NOT NULL AND (%s %s %s OR (%s = %s AND a.id %s ?9)))"
				 " OR (%s IS NULL AND (%s IS NOT NULL OR a.id %s ?9)))",
			    key, col, col, op, key, col, key, op, key, col, op);
	if (k.failed)
		sql->failed = true;
	strbuf_release(&k);
}

/* Whether asset id still exists (a keyset cursor's row). */
static enum vs_err asset_exists(struct db *db, int64_t id, bool *yes, struct vs_error *err)
{
	struct db_stmt *s = db_prepare(db, "SELECT 1 FROM asset WHERE id = ?1", false);
	if (!s)
		return vs_fail(err, VS_EDB, "reading the page's cursor: %s", db_errmsg(db));
	db_bind_int64(s, 1, id);
	int step = db_step(s);
	*yes = step == DB_ROW;
	db_finalize(s);
	return step == DB_ROW || step == DB_DONE
		       ? VS_OK
		       : vs_fail(err, VS_EDB, "reading the page's cursor: %s", db_errmsg(db));
}

static void assets_release(struct asset *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		asset_release(&rows[i]);
	free(rows);
}

enum vs_err store_pages_assets(struct store *st, const struct pages_query *q, store_asset_fn fn,
			       void *ctx, struct pages_result *res, struct vs_error *err)
{
	*res = (struct pages_result){0};
	enum vs_err rc = store_flush(st, err);
	if (rc)
		return rc;
	if ((unsigned)q->sort >= PAGES_SORT_N || q->offset < 0 || q->limit < 0 ||
	    q->limit >= INT64_MAX / 2 || q->after_id < 0 || q->before_id < 0 ||
	    (q->after_id && q->before_id))
		return vs_fail(err, VS_EUSAGE, "bad page of the register");
	struct db *db = store_handle(st);
	struct strbuf like = STRBUF_INIT, sql = STRBUF_INIT;
	if (q->search && *q->search)
		store_like_pattern(&like, q->search);
	struct db_stmt *s = NULL;
	struct asset *back_rows = NULL;
	size_t n_back = 0;
	const char *count_sql = q->survey_id
					? "SELECT count(*) FROM (SELECT 1 FROM asset a" PAGES_WHERE_SURVEY " LIMIT ?7) AS page"
					: "SELECT count(*) FROM (SELECT 1 FROM asset a" PAGES_WHERE " LIMIT ?7) AS page";
	if (q->count_known) {
		res->total = q->known_total;
		goto rows;
	}
	if (!(s = db_prepare(db, count_sql, 0))) {
		rc = vs_fail(err, VS_EDB, "counting assets: %s", db_errmsg(db));
		goto out;
	}
	bind_filter(s, q, like.len ? strbuf_str(&like) : NULL);
	db_bind_int64(s, 7, q->count_cap > 0 ? q->count_cap + 1 : INT64_MAX);
	if (db_step(s) != DB_ROW) {
		rc = vs_fail(err, VS_EDB, "counting assets: %s", db_errmsg(db));
		goto out;
	}
	res->total = db_column_int64(s, 0);
	db_finalize(s);
	s = NULL;

rows:;
	int64_t cursor = q->after_id ? q->after_id : q->before_id;
	if (cursor && q->sort != PAGES_SORT_ID) {
		/* By id the cursor is a bound whether or not its row is left. */
		bool there = false;
		if ((rc = asset_exists(db, cursor, &there, err)))
			goto out;
		if (!there) {
			res->cursor_lost = true;
			cursor = 0;
		}
	}
	bool back = cursor && q->before_id;
	/* A page before the cursor is read backwards from it, nearest first,
	 * and handed out reversed. */
	bool scan_desc = q->desc != back;
	const char *col = sort_sql[q->sort], *dir = scan_desc ? "DESC" : "ASC";
	/* The page's ids first, then their rows: SQLite computes every column
	 * (and the evidence and source joins) of each row an OFFSET skips, so
	 * the inner query skips with the id alone. By id, the order is the
	 * rowid's, which SQLite walks and stops after the page; "a.id IS
	 * NULL, a.id, a.id" is the same order, but SQLite sorted every
	 * matching row for it (0.9 s a page at 1,000,000 rows). */
	struct strbuf order = STRBUF_INIT;
	if (q->sort == PAGES_SORT_ID)
		strbuf_addf(&order, " ORDER BY a.id %s", dir);
	else
		strbuf_addf(&order, " ORDER BY %s IS NULL %s, %s %s, a.id %s", col,
			    back ? "DESC" : "ASC", col, dir, dir);
	/* No evidence: the register shows none, and its join and parse were
	 * most of a page's time (a list of ~700 bytes a row, parsed with
	 * jansson into three strings an item). */
	strbuf_addstr(&sql, STORE_ASSET_COLUMNS " FROM asset a LEFT JOIN source s ON s.id = a.source_id"
			    " WHERE a.id IN (SELECT a.id FROM asset a" PAGES_WHERE);
	if (cursor && q->sort == PAGES_SORT_ID)
		strbuf_addf(&sql, " AND a.id %s ?9", scan_desc ? "<" : ">");
	else if (cursor)
		keyset_sql(&sql, col, back, scan_desc ? "<" : ">");
	strbuf_addf(&sql, "%s LIMIT ?7 OFFSET ?8)%s", strbuf_str(&order), strbuf_str(&order));
	if (order.failed)
		sql.failed = true;
	strbuf_release(&order);
	if (sql.failed || like.failed) {
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
		goto out;
	}
	if (!(s = db_prepare(db, strbuf_str(&sql), 0))) {
		rc = vs_fail(err, VS_EDB, "querying assets: %s", db_errmsg(db));
		goto out;
	}
	bind_filter(s, q, like.len ? strbuf_str(&like) : NULL);
	/* One row past the page says whether there is another. */
	db_bind_int64(s, 7, q->limit + 1);
	db_bind_int64(s, 8, cursor ? 0 : q->offset);
	if (cursor)
		db_bind_int64(s, 9, cursor);
	if (back && !(back_rows = calloc((size_t)q->limit + 1, sizeof(*back_rows)))) {
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
		goto out;
	}
	int step;
	int64_t n = 0;
	bool go_on = true;
	while ((step = db_step(s)) == DB_ROW) {
		if (n++ == q->limit) {
			res->more = true;
			break;
		}
		struct asset one, *a = back ? &back_rows[n_back++] : &one;
		asset_init(a);
		store_asset_from_row(s, a);
		if (!back) {
			go_on = fn(a, ctx);
			asset_release(a);
			if (!go_on)
				break;
		}
	}
	if (step != DB_ROW && step != DB_DONE) {
		rc = vs_fail(err, VS_EDB, "querying assets: %s", db_errmsg(db));
		goto out;
	}
	for (size_t i = n_back; i-- > 0 && go_on;)
		go_on = fn(&back_rows[i], ctx);
out:
	assets_release(back_rows, n_back);
	db_finalize(s);
	strbuf_release(&like);
	strbuf_release(&sql);
	return rc;
}

enum vs_err store_pages_evidence(struct store *st, int64_t asset_id, struct asset *a,
				 struct vs_error *err)
{
	struct db *db = store_handle(st);
	struct db_stmt *s = NULL;
	if (!(s = db_prepare(db, "SELECT e.items FROM asset a JOIN evidence_set e ON e.id = a.evidence_id "
			       "WHERE a.id = ?1", false)))
		return vs_fail(err, VS_EDB, "reading evidence: %s", db_errmsg(db));
	db_bind_int64(s, 1, asset_id);
	int step = db_step(s);
	if (step == DB_ROW)
		store_evidence_parse(a, db_column_text(s, 0));
	enum vs_err rc = step == DB_ROW || step == DB_DONE
				 ? VS_OK
				 : vs_fail(err, VS_EDB, "reading evidence: %s", db_errmsg(db));
	db_finalize(s);
	return rc;
}

enum vs_err store_pages_surveys(struct store *st, struct survey_info **out, size_t *n,
				struct vs_error *err)
{
	*out = NULL;
	*n = 0;
	struct db *db = store_handle(st);
	struct db_stmt *s = NULL;
	if (!(s = db_prepare(db, "SELECT s.id, s.name, coalesce(s.date, '') FROM survey s"
				   STORE_SURVEYS_NEWEST_FIRST, false)))
		return vs_fail(err, VS_EDB, "listing surveys: %s", db_errmsg(db));
	size_t alloc = 0;
	enum vs_err rc = VS_OK;
	int step;
	while ((step = db_step(s)) == DB_ROW) {
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
		si->id = db_column_int64(s, 0);
		snprintf(si->name, sizeof(si->name), "%s", db_column_text(s, 1));
		snprintf(si->date, sizeof(si->date), "%s", db_column_text(s, 2));
	}
	if (!rc && step != DB_DONE)
		rc = vs_fail(err, VS_EDB, "listing surveys: %s", db_errmsg(db));
	db_finalize(s);
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
