/*
 * The SQLite driver: the db.h calls onto sqlite3_*, one to one.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/db.h"
#include "store/store.h"

struct sq_db {
	struct db base;
	sqlite3 *h;
};

struct sq_stmt {
	struct db_stmt base;
	sqlite3_stmt *s;
	bool new_id;       /* DB_NEW_ID */
	bool id_row;       /* the new id is the current row */
	int64_t id;
};

static sqlite3 *h_of(struct db *db)
{
	return ((struct sq_db *)db)->h;
}

static sqlite3_stmt *s_of(struct db_stmt *s)
{
	return ((struct sq_stmt *)s)->s;
}

static void sq_close(struct db *db)
{
	sqlite3_close(h_of(db));
	free(db);
}

static const char *sq_errmsg(struct db *db)
{
	return sqlite3_errmsg(h_of(db));
}

static bool sq_retryable(struct db *db)
{
	int code = sqlite3_errcode(h_of(db)) & 0xff;
	return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

static enum vs_err sq_exec(struct db *db, const char *sql, struct vs_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(h_of(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
		vs_fail(err, VS_EDB, "store: %s", msg ? msg : sqlite3_errmsg(h_of(db)));
		sqlite3_free(msg);
		return VS_EDB;
	}
	return VS_OK;
}

static struct db_stmt *sq_prepare(struct db *db, const char *sql, unsigned flags)
{
	struct sq_stmt *st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	st->base.db = db;
	st->new_id = flags & DB_NEW_ID;
	if (sqlite3_prepare_v3(h_of(db), sql, -1, (flags & DB_KEEP) ? SQLITE_PREPARE_PERSISTENT : 0, &st->s,
			       NULL) != SQLITE_OK) {
		sqlite3_finalize(st->s);
		free(st);
		return NULL;
	}
	return &st->base;
}

static void sq_finalize(struct db_stmt *s)
{
	sqlite3_finalize(s_of(s));
	free(s);
}

static void sq_reset(struct db_stmt *s)
{
	((struct sq_stmt *)s)->id_row = false;
	sqlite3_reset(s_of(s));
	sqlite3_clear_bindings(s_of(s));
}

static int sq_bind_count(struct db_stmt *s)
{
	return sqlite3_bind_parameter_count(s_of(s));
}

static void sq_bind_null(struct db_stmt *s, int i)
{
	sqlite3_bind_null(s_of(s), i);
}

static void sq_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(s_of(s), i, v);
}

static void sq_bind_double(struct db_stmt *s, int i, double v)
{
	sqlite3_bind_double(s_of(s), i, v);
}

static void sq_bind_text(struct db_stmt *s, int i, const char *v, int len, bool copy)
{
	sqlite3_bind_text(s_of(s), i, v, len, copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static enum db_step sq_step(struct db_stmt *s)
{
	struct sq_stmt *st = (struct sq_stmt *)s;
	if (st->id_row) {
		st->id_row = false;
		return DB_DONE;
	}
	int rc = sqlite3_step(st->s);
	if (rc == SQLITE_DONE && st->new_id) {
		/* An ON CONFLICT DO NOTHING that did nothing: no row, as
		 * RETURNING gives none. */
		if (sqlite3_changes(h_of(s->db)) == 0)
			return DB_DONE;
		st->id = sqlite3_last_insert_rowid(h_of(s->db));
		st->id_row = true;
		return DB_ROW;
	}
	return rc == SQLITE_ROW ? DB_ROW : rc == SQLITE_DONE ? DB_DONE : DB_ERROR;
}

static bool sq_column_null(struct db_stmt *s, int i)
{
	if (((struct sq_stmt *)s)->id_row)
		return i != 0;
	return sqlite3_column_type(s_of(s), i) == SQLITE_NULL;
}

static int64_t sq_column_int64(struct db_stmt *s, int i)
{
	if (((struct sq_stmt *)s)->id_row)
		return i == 0 ? ((struct sq_stmt *)s)->id : 0;
	return sqlite3_column_int64(s_of(s), i);
}

static double sq_column_double(struct db_stmt *s, int i)
{
	return sqlite3_column_double(s_of(s), i);
}

static const char *sq_column_text(struct db_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s_of(s), i);
}

static int sq_schema_version(struct db *db)
{
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_prepare_v2(h_of(db), "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static enum vs_err sq_migrate_step(struct db *db, const char *sql, int new_version,
				   struct vs_error *err)
{
	/* The application id goes with every migration: a store created or
	 * brought up to date by this version says whose it is. */
	char pragma[96];
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d; PRAGMA application_id = %d",
		 new_version, STORE_APPLICATION_ID);
	if (sq_exec(db, sql, err) || sq_exec(db, pragma, err))
		return VS_EDB;
	return VS_OK;
}

static enum vs_err sq_begin_write(struct db *db, struct vs_error *err)
{
	return sq_exec(db, "BEGIN IMMEDIATE", err);
}

static enum vs_err sq_commit(struct db *db, struct vs_error *err)
{
	return sq_exec(db, "COMMIT", err);
}

static enum vs_err sq_data_version(struct db *db, uint64_t *out, struct vs_error *err)
{
	sqlite3_stmt *s = NULL;
	int step = SQLITE_ERROR;
	if (sqlite3_prepare_v2(h_of(db), "PRAGMA data_version", -1, &s, NULL) == SQLITE_OK)
		step = sqlite3_step(s);
	uint64_t dv = step == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (step != SQLITE_ROW)
		return vs_fail(err, VS_EDB, "reading the data version: %s", sqlite3_errmsg(h_of(db)));
	/* Two counters in one token: they only grow, so a sum repeats only
	 * when neither moved. */
	*out = dv + (uint64_t)sqlite3_total_changes64(h_of(db));
	return VS_OK;
}

static enum vs_err sq_temp_table(struct db *db, const char *name, const char *columns,
				 struct vs_error *err)
{
	char sql[1024];
	int n = snprintf(sql, sizeof(sql),
			 "CREATE TEMP TABLE IF NOT EXISTS %s (%s) WITHOUT ROWID; DELETE FROM temp.%s;",
			 name, columns, name);
	if (n < 0 || (size_t)n >= sizeof(sql))
		return vs_fail(err, VS_ETOOBIG, "store: temporary table definition too long");
	return sq_exec(db, sql, err);
}

static const struct db_driver sqlite_driver = {
	.close = sq_close,
	.errmsg = sq_errmsg,
	.retryable = sq_retryable,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.bind_count = sq_bind_count,
	.bind_null = sq_bind_null,
	.bind_int64 = sq_bind_int64,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.step = sq_step,
	.column_null = sq_column_null,
	.column_int64 = sq_column_int64,
	.column_double = sq_column_double,
	.column_text = sq_column_text,
	.schema_version = sq_schema_version,
	.migrate_step = sq_migrate_step,
	.begin_write = sq_begin_write,
	.commit = sq_commit,
	.data_version = sq_data_version,
	.temp_table = sq_temp_table,
};

/* SQLite's allocation statistics off, before it initialises: nothing here
 * reads them (no heap limit, no sqlite3_status), and keeping them took a
 * global mutex around each of SQLite's half a million allocations in a
 * capture of 5,000 devices (about 2 % of its instructions). */
static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum vs_err db_sqlite_open(const char *path, bool create, struct db **out, struct vs_error *err)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, configure_sqlite);
	*out = NULL;
	struct sq_db *db = calloc(1, sizeof(*db));
	if (!db)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	db->base.drv = &sqlite_driver;
	db->base.kind = DB_SQLITE;
	/* No mutex: a handle is one thread's, and the import binds 39 values a
	 * row, each of which would lock and unlock it. */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		vs_fail(err, VS_EIO, "%s: cannot open store: %s", path,
			db->h ? sqlite3_errmsg(db->h) : "out of memory");
		sqlite3_close(db->h);
		free(db);
		return VS_EIO;
	}
	sqlite3_busy_timeout(db->h, 5000);
	*out = &db->base;
	return VS_OK;
}

struct sqlite3 *db_sqlite_handle(struct db *db)
{
	return db && db->kind == DB_SQLITE ? h_of(db) : NULL;
}
