/*
 * The driver dispatch and the SQL rewriting the PostgreSQL driver needs:
 * parameters (?N to $N) and the migrations' DDL (SQLite's types and
 * defaults to PostgreSQL's). Both rewriters walk the text outside quotes
 * only, so a literal such as 'interface:%' is never touched.
 */
#include "store/db.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"

bool db_target_is_pg(const char *target)
{
	return target && (strncmp(target, "postgresql://", 13) == 0 ||
			  strncmp(target, "postgres://", 11) == 0);
}

const char *db_target_display(const char *target)
{
	static char shown[512];
	if (!db_target_is_pg(target))
		return target;
	/* scheme://user:password@host…: the password goes. */
	const char *auth = strstr(target, "://") + 3;
	const char *at = strchr(auth, '@');
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (!colon)
		return target;
	snprintf(shown, sizeof(shown), "%.*s:***%s", (int)(colon - target), target, at);
	return shown;
}

enum vs_err db_open(const char *target, bool create, struct db **out, struct vs_error *err)
{
	if (db_target_is_pg(target))
		return db_pg_open(target, out, err);
	return db_sqlite_open(target, create, out, err);
}

void db_close(struct db *db)
{
	if (db)
		db->drv->close(db);
}

enum db_kind db_kind(const struct db *db)
{
	return db->kind;
}

const char *db_errmsg(struct db *db)
{
	return db->drv->errmsg(db);
}

bool db_retryable(struct db *db)
{
	return db->drv->retryable(db);
}

enum vs_err db_exec(struct db *db, const char *sql, struct vs_error *err)
{
	return db->drv->exec(db, sql, err);
}

struct db_stmt *db_prepare(struct db *db, const char *sql, unsigned flags)
{
	return db->drv->prepare(db, sql, flags);
}

void db_finalize(struct db_stmt *s)
{
	if (s)
		s->db->drv->finalize(s);
}

void db_reset(struct db_stmt *s)
{
	s->db->drv->reset(s);
}

int db_bind_count(struct db_stmt *s)
{
	return s->db->drv->bind_count(s);
}

void db_bind_null(struct db_stmt *s, int i)
{
	s->db->drv->bind_null(s, i);
}

void db_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	s->db->drv->bind_int64(s, i, v);
}

void db_bind_double(struct db_stmt *s, int i, double v)
{
	s->db->drv->bind_double(s, i, v);
}

void db_bind_text(struct db_stmt *s, int i, const char *v, int len)
{
	if (v)
		s->db->drv->bind_text(s, i, v, len, true);
	else
		s->db->drv->bind_null(s, i);
}

void db_bind_text_static(struct db_stmt *s, int i, const char *v, int len)
{
	if (v)
		s->db->drv->bind_text(s, i, v, len, false);
	else
		s->db->drv->bind_null(s, i);
}

enum db_step db_step(struct db_stmt *s)
{
	return s->db->drv->step(s);
}

bool db_column_null(struct db_stmt *s, int i)
{
	return s->db->drv->column_null(s, i);
}

int64_t db_column_int64(struct db_stmt *s, int i)
{
	return s->db->drv->column_int64(s, i);
}

int db_column_int(struct db_stmt *s, int i)
{
	return (int)s->db->drv->column_int64(s, i);
}

double db_column_double(struct db_stmt *s, int i)
{
	return s->db->drv->column_double(s, i);
}

const char *db_column_text(struct db_stmt *s, int i)
{
	return s->db->drv->column_text(s, i);
}

enum vs_err db_begin_write(struct db *db, struct vs_error *err)
{
	return db->drv->begin_write(db, err);
}

enum vs_err db_commit(struct db *db, struct vs_error *err)
{
	return db->drv->commit(db, err);
}

void db_rollback(struct db *db)
{
	struct vs_error ignored = {0};
	db_exec(db, "ROLLBACK", &ignored);
}

int db_schema_version(struct db *db)
{
	return db->drv->schema_version(db);
}

enum vs_err db_migrate_step(struct db *db, const char *sql, int new_version, struct vs_error *err)
{
	return db->drv->migrate_step(db, sql, new_version, err);
}

enum vs_err db_data_version(struct db *db, uint64_t *out, struct vs_error *err)
{
	return db->drv->data_version(db, out, err);
}

enum vs_err db_temp_table(struct db *db, const char *name, const char *columns,
			  struct vs_error *err)
{
	return db->drv->temp_table(db, name, columns, err);
}

enum vs_err db_cache_size(struct db *db, size_t kib, struct vs_error *err)
{
	if (db->kind != DB_SQLITE)
		return VS_OK;
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%zu", kib);
	return db_exec(db, sql, err);
}

/* The length of the quoted run ('…' or "…", doubled quote inside) at p. */
static size_t quoted_len(const char *p)
{
	char q = p[0];
	size_t i = 1;
	for (;;) {
		if (!p[i])
			return i;
		if (p[i] == q) {
			if (p[i + 1] == q) {
				i += 2;
				continue;
			}
			return i + 1;
		}
		i++;
	}
}

char *db_pg_params(const char *sql, int *n_params)
{
	struct strbuf sb = STRBUF_INIT;
	int next = 0, max = 0;
	const char *p = sql;
	while (*p) {
		if (*p == '\'' || *p == '"') {
			size_t n = quoted_len(p);
			strbuf_add(&sb, p, n);
			p += n;
			continue;
		}
		if (*p != '?') {
			strbuf_addch(&sb, *p++);
			continue;
		}
		p++;
		int k = 0;
		if (isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)*p) && k < 100000)
				k = k * 10 + (*p++ - '0');
		} else {
			k = ++next;
		}
		if (k > max)
			max = k;
		strbuf_addf(&sb, "$%d", k);
	}
	*n_params = max;
	if (sb.failed)
		return NULL;
	return strbuf_detach(&sb);
}

/* The word at p (letters, digits, _), its length. */
static size_t word_len(const char *p)
{
	size_t n = 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return n;
}

static bool word_is(const char *p, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(p, w, n) == 0;
}

/* The column definition from p on (to its comma, bracket or semicolon)
 * names a collation of its own. */
static bool collated(const char *p)
{
	size_t end = strcspn(p, ",);");
	for (size_t i = 0; i + 7 <= end; i++)
		if (strncasecmp(p + i, "COLLATE", 7) == 0)
			return true;
	return false;
}

/*
 * SQLite's DDL as PostgreSQL's: INTEGER PRIMARY KEY (SQLite's row id) an
 * identity column, INTEGER bigint, REAL double precision, TEXT compared
 * byte by byte (COLLATE "C", so every ORDER BY on text sorts as SQLite's
 * BINARY does whatever the server's locale), strftime('…','now') the
 * same text from now(). COLLATE NOCASE names the collation the PostgreSQL
 * driver creates with the schema. A statement that starts with the
 * comment SQLITE_ONLY is SQLite's alone (schema 11 rebuilds a table for
 * what an identity column already does) and is left out.
 */
#define SQLITE_ONLY "/*sqlite*/"

/* The length of the statement at p up to and with its ';' (quotes kept whole). */
static size_t statement_len(const char *p)
{
	size_t i = 0;
	while (p[i] && p[i] != ';')
		i += p[i] == '\'' || p[i] == '"' ? quoted_len(p + i) : 1;
	return p[i] == ';' ? i + 1 : i;
}

char *db_pg_ddl(const char *sql)
{
	static const char now_sqlite[] = "(strftime('%Y-%m-%dT%H:%M:%SZ','now'))";
	static const char now_pg[] =
		"(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))";
	struct strbuf sb = STRBUF_INIT;
	const char *p = sql;
	bool after_collate = false;
	while (*p) {
		if (strncmp(p, SQLITE_ONLY, sizeof(SQLITE_ONLY) - 1) == 0) {
			p += statement_len(p);
			continue;
		}
		if (strncmp(p, now_sqlite, sizeof(now_sqlite) - 1) == 0) {
			strbuf_addstr(&sb, now_pg);
			p += sizeof(now_sqlite) - 1;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			size_t n = quoted_len(p);
			strbuf_add(&sb, p, n);
			p += n;
			continue;
		}
		size_t n = word_len(p);
		if (n == 0) {
			if (!isspace((unsigned char)*p))
				after_collate = false;
			strbuf_addch(&sb, *p++);
			continue;
		}
		bool prev_word = p > sql && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		if (prev_word) { /* inside a word such as source_id: copy it */
			strbuf_add(&sb, p, n);
			p += n;
			continue;
		}
		if (word_is(p, n, "INTEGER") && strncasecmp(p, "INTEGER PRIMARY KEY", 19) == 0) {
			strbuf_addstr(&sb, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
			p += 19;
		} else if (word_is(p, n, "INTEGER")) {
			strbuf_addstr(&sb, "BIGINT");
			p += n;
		} else if (word_is(p, n, "REAL")) {
			strbuf_addstr(&sb, "DOUBLE PRECISION");
			p += n;
		} else if (word_is(p, n, "TEXT") && !after_collate && !collated(p + n)) {
			strbuf_addstr(&sb, "TEXT COLLATE \"C\"");
			p += n;
		} else {
			strbuf_add(&sb, p, n);
			p += n;
		}
		after_collate = word_is(p - n, n, "COLLATE");
	}
	if (sb.failed)
		return NULL;
	return strbuf_detach(&sb);
}

bool db_has_copy(const struct db *db)
{
	return db->kind == DB_PG;
}
