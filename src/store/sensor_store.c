#include "store/sensor_store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "util/date.h"

/* A refusal of the server's privileges or policies (SQLSTATE 42501 says
 * "permission denied" or "violates row-level security policy"): the
 * role is not this site's sensor, or no sensor at all. */
static enum vs_err fail(struct store *st, struct vs_error *err, const char *what,
			const char *site)
{
	const char *m = db_errmsg(store_handle(st));
	if (site && (strstr(m, "row-level security") || strstr(m, "permission denied")))
		return vs_fail(err, VS_EPERM,
			       "%s: %s (the store takes a sensor's rows for its own site only: "
			       "'vendorscope db grant-sensor NAME --site SITE' makes a role the "
			       "sensor of SITE)",
			       what, m);
	return vs_fail(err, VS_EDB, "%s: %s", what, m);
}

enum vs_err store_sensor_source_add(struct store *st, const char *site, const char *header,
				    size_t len, int64_t *id, struct vs_error *err)
{
	struct db_stmt *s = db_prepare(store_handle(st),
				       "INSERT INTO sensor_source (site, header) VALUES (?1, ?2)",
				       DB_NEW_ID);
	if (!s)
		return fail(st, err, "adding a sensor source", site);
	db_bind_text_static(s, 1, site, -1);
	db_bind_text_static(s, 2, header, (int)len);
	enum vs_err rc = VS_OK;
	if (db_step(s) != DB_ROW)
		rc = fail(st, err, "adding a sensor source", site);
	else
		*id = db_column_int64(s, 0);
	if (!rc && db_step(s) != DB_DONE)
		rc = fail(st, err, "adding a sensor source", site);
	db_finalize(s);
	return rc;
}

enum vs_err store_sensor_line_add(struct store *st, int64_t source_id, const char *site,
				  const char *line, size_t len, struct vs_error *err)
{
	/* Run once per device heard: prepared once per handle would need a
	 * slot in store_int.h; a capture's few thousand devices do not. */
	struct db_stmt *s = db_prepare(store_handle(st),
				       "INSERT INTO sensor_observation (source_id, site, line) "
				       "VALUES (?1, ?2, ?3)",
				       0);
	if (!s)
		return fail(st, err, "adding a sensor's device", site);
	db_bind_int64(s, 1, source_id);
	db_bind_text_static(s, 2, site, -1);
	db_bind_text_static(s, 3, line, (int)len);
	enum vs_err rc = db_step(s) == DB_DONE ? VS_OK : fail(st, err, "adding a sensor's device", site);
	db_finalize(s);
	return rc;
}

static void copy_col(char *dst, size_t n, struct db_stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	snprintf(dst, n, "%s", t ? t : "");
}

enum vs_err store_sensor_next(struct store *st, const char *site, int64_t after,
			      size_t max_header, struct sensor_source_info *out,
			      struct strbuf *header, bool *found, struct vs_error *err)
{
	/* length() counts characters on both backends: at most 4 bytes each
	 * in UTF-8, so no more than 4 x max_header bytes are ever fetched,
	 * and the exact bytes are checked here. */
	static const char sql[] =
		"SELECT s.id, s.site, coalesce(s.added_by, ''), s.added_at, length(s.header),"
		" CASE WHEN length(s.header) <= ?3 THEN s.header END,"
		" (SELECT count(*) FROM sensor_observation o WHERE o.source_id = s.id) "
		"FROM sensor_source s "
		"WHERE s.imported_at IS NULL AND s.id > ?1 AND (CAST(?2 AS TEXT) IS NULL OR s.site = ?2) "
		"ORDER BY s.id LIMIT 1";
	*found = false;
	memset(out, 0, sizeof(*out));
	strbuf_reset(header);
	struct db_stmt *s = db_prepare(store_handle(st), sql, 0);
	if (!s)
		return fail(st, err, "reading the sensors' sources", NULL);
	db_bind_int64(s, 1, after);
	if (site)
		db_bind_text_static(s, 2, site, -1);
	else
		db_bind_null(s, 2);
	db_bind_int64(s, 3, (int64_t)max_header);
	enum db_step step = db_step(s);
	enum vs_err rc = VS_OK;
	if (step == DB_ROW) {
		*found = true;
		out->id = db_column_int64(s, 0);
		copy_col(out->site, sizeof(out->site), s, 1);
		copy_col(out->added_by, sizeof(out->added_by), s, 2);
		copy_col(out->added_at, sizeof(out->added_at), s, 3);
		out->header_len = db_column_int64(s, 4);
		out->lines = db_column_int64(s, 6);
		const char *h = db_column_text(s, 5);
		if (h && strlen(h) <= max_header) {
			out->header_len = (int64_t)strlen(h);
			strbuf_addstr(header, h);
		} else if (h) {
			out->header_len = (int64_t)strlen(h);
		}
		if (header->failed)
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
	} else if (step != DB_DONE) {
		rc = fail(st, err, "reading the sensors' sources", NULL);
	}
	db_finalize(s);
	return rc;
}

enum vs_err store_sensor_lines(struct store *st, int64_t id, size_t max_line, size_t max_total,
			       struct strbuf *text, struct vs_error *err)
{
	static const char sql[] =
		"SELECT length(line), CASE WHEN length(line) <= ?2 THEN line END "
		"FROM sensor_observation WHERE source_id = ?1 ORDER BY id";
	struct db_stmt *s = db_prepare(store_handle(st), sql, DB_STREAM);
	if (!s)
		return fail(st, err, "reading a sensor's devices", NULL);
	db_bind_int64(s, 1, id);
	db_bind_int64(s, 2, (int64_t)max_line);
	enum vs_err rc = VS_OK;
	enum db_step step = DB_DONE;
	int64_t n = 0;
	while (!rc && (step = db_step(s)) == DB_ROW) {
		n++;
		const char *line = db_column_text(s, 1);
		size_t len = line ? strlen(line) : 0;
		if (!line || len > max_line)
			rc = vs_fail(err, VS_ETOOBIG, "device line %lld is longer than %zu bytes",
				     (long long)n, max_line);
		else if (memchr(line, '\n', len))
			rc = vs_fail(err, VS_EBADVAL, "device line %lld holds a line break", (long long)n);
		else if (text->len + len + 1 > max_total)
			rc = vs_fail(err, VS_ETOOBIG, "the devices pass %zu bytes", max_total);
		if (rc)
			break;
		strbuf_add(text, line, len);
		strbuf_addch(text, '\n');
		if (text->failed)
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
	}
	if (!rc && step != DB_DONE)
		rc = fail(st, err, "reading a sensor's devices", NULL);
	db_finalize(s);
	return rc;
}

enum vs_err store_sensor_mark_imported(struct store *st, int64_t id, bool *marked,
				       struct vs_error *err)
{
	char now[21];
	if (!date_utc_stamp((int64_t)time(NULL), now))
		return vs_fail(err, VS_EIO, "marking a sensor source imported: the clock is not set");
	struct db_stmt *s = db_prepare(store_handle(st),
				       "UPDATE sensor_source SET imported_at = ?2 "
				       "WHERE id = ?1 AND imported_at IS NULL RETURNING id",
				       0);
	if (!s)
		return fail(st, err, "marking a sensor source imported", NULL);
	db_bind_int64(s, 1, id);
	db_bind_text(s, 2, now, -1);
	enum db_step step = db_step(s);
	*marked = step == DB_ROW;
	if (step == DB_ROW)
		step = db_step(s);
	enum vs_err rc = step == DB_DONE ? VS_OK : fail(st, err, "marking a sensor source imported", NULL);
	db_finalize(s);
	return rc;
}
