/*
 * Private to store/: the one database interface the store's queries use,
 * with two drivers behind it: SQLite (db_sqlite.c) and PostgreSQL over
 * libpq (db_pg.c). A store target that starts with postgresql:// or
 * postgres:// is a libpq connection URL; anything else is a SQLite path.
 *
 * Each statement's SQL is written once, in the dialect both accept, with
 * ?N (or ?) parameters; the PostgreSQL driver rewrites them to $N. The few
 * differences left (schema DDL, the schema version's home, temporary
 * tables) are named helpers here, never an `if (pg)` beside a query.
 *
 * The calls follow SQLite's own (prepare, bind, step, column, reset,
 * finalize) so a query reads the same on either driver. Parameters are
 * numbered from 1, columns from 0. Text bound with db_bind_text is copied;
 * db_bind_text_static's text must stay alive and unchanged until the
 * statement has been stepped and reset.
 */
#ifndef VS_STORE_DB_H
#define VS_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct db;
struct db_stmt;

enum db_kind { DB_SQLITE, DB_PG };

/* What db_step returns. */
enum db_step { DB_ERROR = 0, DB_ROW = 100, DB_DONE = 101 };

/* A target names a PostgreSQL database (a libpq URL) rather than a file. */
bool db_target_is_pg(const char *target);
/* The target for messages: a URL's password replaced by ***; points into
 * a static buffer (one thread's, like the handle). */
const char *db_target_display(const char *target);

/* Open a connection. SQLite: create the file when `create`. VS_EIO when it
 * cannot be reached; err says why. */
enum vs_err db_open(const char *target, bool create, struct db **out, struct vs_error *err);
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);
/* The last error's text, for messages. */
const char *db_errmsg(struct db *db);
/* The last error was a conflict with another writer the transaction may
 * be retried for: SQLite BUSY, PostgreSQL 40001 (serialization failure)
 * or 40P01 (deadlock). */
bool db_retryable(struct db *db);

/* Run SQL without parameters or results (several statements allowed). */
enum vs_err db_exec(struct db *db, const char *sql, struct vs_error *err);

/* Flags of db_prepare. DB_KEEP: run many times over the handle's life
 * (SQLite's persistent preparation, a named server-side statement on
 * PostgreSQL). On PostgreSQL a DB_KEEP INSERT, UPDATE or DELETE without
 * RETURNING inside a transaction is not waited for: its step gives
 * DB_DONE at once, and an error of it fails the connection's next
 * statement or db_commit instead (the transaction is lost either way).
 * Statements without DB_KEEP are prepared by their SQL text from their
 * second run on (db_pg.c). DB_STREAM: a SELECT whose rows may be many; PostgreSQL
 * reads them through a cursor, DB_STREAM_BATCH rows at a time, instead
 * of the whole result at once. */
#define DB_KEEP 1u
#define DB_STREAM 2u
#define DB_STREAM_BATCH 2000
/* DB_NEW_ID: an INSERT of one row into a table with an id column, written
 * without RETURNING; db_step then gives one row holding the new id in
 * column 0, then DB_DONE, as "RETURNING id" would (no row when an ON
 * CONFLICT DO NOTHING inserted nothing). SQLite reads it from
 * the connection (its RETURNING materialises every row it returns: about
 * 20,000 instructions an insert, a capture's asset rows 5 % of its whole
 * run), PostgreSQL gets RETURNING id appended. */
#define DB_NEW_ID 4u
/* NULL with db_errmsg set on failure. */
struct db_stmt *db_prepare(struct db *db, const char *sql, unsigned flags);
void db_finalize(struct db_stmt *s);
/* Ready to run again; bindings cleared (NULL). */
void db_reset(struct db_stmt *s);
int db_bind_count(struct db_stmt *s);
void db_bind_null(struct db_stmt *s, int i);
void db_bind_int64(struct db_stmt *s, int i, int64_t v);
void db_bind_double(struct db_stmt *s, int i, double v);
/* v NULL binds NULL; len < 0: up to the NUL. */
void db_bind_text(struct db_stmt *s, int i, const char *v, int len);
void db_bind_text_static(struct db_stmt *s, int i, const char *v, int len);
enum db_step db_step(struct db_stmt *s);
bool db_column_null(struct db_stmt *s, int i);
int64_t db_column_int64(struct db_stmt *s, int i);
int db_column_int(struct db_stmt *s, int i);
double db_column_double(struct db_stmt *s, int i);
/* NULL for a NULL value; valid until the next step, reset or finalize. */
const char *db_column_text(struct db_stmt *s, int i);

/* Transactions. db_begin_write takes the write lock at once (SQLite
 * BEGIN IMMEDIATE), so two writers queue instead of failing half way.
 * A failed statement leaves a SQLite transaction open and aborts a
 * PostgreSQL one: db_commit then fails (the server rolled back) rather
 * than report a commit that did not happen. */
enum vs_err db_begin_write(struct db *db, struct vs_error *err);
enum vs_err db_commit(struct db *db, struct vs_error *err);
void db_rollback(struct db *db);

/* Dialect helpers. */
/* The schema version (SQLite PRAGMA user_version; PostgreSQL a one-row
 * table vendorscope_schema), -1 on error; 0 for an empty database. */
int db_schema_version(struct db *db);
/* Run one migration's SQL (written in SQLite's dialect, translated for
 * PostgreSQL by db_pg_ddl) and record the new version, in the caller's
 * transaction. */
enum vs_err db_migrate_step(struct db *db, const char *sql, int new_version,
			    struct vs_error *err);
/* A token that changes whenever the store's data may have: a cache keyed
 * by it is still valid while it stays the same. SQLite: PRAGMA
 * data_version (others' commits) plus this connection's changes;
 * PostgreSQL: the server's current snapshot (xmax and the transactions in
 * progress), which moves with every write transaction anywhere. */
enum vs_err db_data_version(struct db *db, uint64_t *out, struct vs_error *err);
/* The SQL of a temporary table for this connection: SQLite's schema
 * `temp.`, PostgreSQL's pg_temp. Column definitions in the common
 * dialect; created when missing, emptied when present. */
enum vs_err db_temp_table(struct db *db, const char *name, const char *columns,
			  struct vs_error *err);

/* Room for kib KiB of pages in this connection's cache while a large
 * transaction is written (SQLite PRAGMA cache_size, so dirty pages are not
 * spilled to the WAL mid-transaction and written again at commit);
 * PostgreSQL: nothing, the server has its own buffers. */
enum vs_err db_cache_size(struct db *db, size_t kib, struct vs_error *err);

/* A migration's DDL in PostgreSQL's dialect (caller frees); NULL when out
 * of memory. Exposed for the tests. */
char *db_pg_ddl(const char *sqlite_sql);
/* SQL with ?N / ? parameters rewritten to $N (caller frees); the number of
 * parameters in *n_params. NULL when out of memory. */
char *db_pg_params(const char *sql, int *n_params);

/*
 * Bulk rows into one table (PostgreSQL COPY, binary format; SQLite has
 * none: the caller INSERTs). db_copy_begin names the table and its
 * columns, and continues the COPY in progress when it names the same;
 * each row gives the values of those columns in order: NULL, an integer
 * (the column is BIGINT, as every INTEGER of the schema is on PostgreSQL),
 * a real (DOUBLE PRECISION) or text. Binary, because the text format cost
 * the client a third of an import's CPU in printing numbers and escaping
 * (docs/benchmarks.md) and the server its parsing; a value of the wrong
 * type for its column is refused by the server, so the COPY fails rather
 * than storing it. Any other statement on the connection ends the COPY
 * first and fails with its error, if the server refused the rows;
 * db_copy_end ends it and reports them; a rollback throws them away.
 */
enum db_copy_kind { DB_COPY_NULL, DB_COPY_INT, DB_COPY_REAL, DB_COPY_TEXT };

struct db_copy_value {
	enum db_copy_kind kind;
	size_t len; /* DB_COPY_TEXT: bytes at u.s */
	union {
		int64_t i;
		double d;
		const char *s;
	} u;
};

bool db_has_copy(const struct db *db);
enum vs_err db_copy_begin(struct db *db, const char *table_and_columns, struct vs_error *err);
enum vs_err db_copy_row(struct db *db, const struct db_copy_value *values, int n,
			struct vs_error *err);
enum vs_err db_copy_end(struct db *db, struct vs_error *err);

/* The drivers: the same calls on each (db.c dispatches). */
struct db_driver {
	void (*close)(struct db *db);
	const char *(*errmsg)(struct db *db);
	bool (*retryable)(struct db *db);
	enum vs_err (*exec)(struct db *db, const char *sql, struct vs_error *err);
	struct db_stmt *(*prepare)(struct db *db, const char *sql, unsigned flags);
	void (*finalize)(struct db_stmt *s);
	void (*reset)(struct db_stmt *s);
	int (*bind_count)(struct db_stmt *s);
	void (*bind_null)(struct db_stmt *s, int i);
	void (*bind_int64)(struct db_stmt *s, int i, int64_t v);
	void (*bind_double)(struct db_stmt *s, int i, double v);
	void (*bind_text)(struct db_stmt *s, int i, const char *v, int len, bool copy);
	enum db_step (*step)(struct db_stmt *s);
	bool (*column_null)(struct db_stmt *s, int i);
	int64_t (*column_int64)(struct db_stmt *s, int i);
	double (*column_double)(struct db_stmt *s, int i);
	const char *(*column_text)(struct db_stmt *s, int i);
	int (*schema_version)(struct db *db);
	enum vs_err (*migrate_step)(struct db *db, const char *sql, int new_version,
				    struct vs_error *err);
	enum vs_err (*begin_write)(struct db *db, struct vs_error *err);
	enum vs_err (*commit)(struct db *db, struct vs_error *err);
	enum vs_err (*data_version)(struct db *db, uint64_t *out, struct vs_error *err);
	enum vs_err (*temp_table)(struct db *db, const char *name, const char *columns,
				  struct vs_error *err);
};

/* Every connection and statement starts with its driver. */
struct db {
	const struct db_driver *drv;
	enum db_kind kind;
};
struct db_stmt {
	struct db *db;
};

enum vs_err db_sqlite_open(const char *path, bool create, struct db **out, struct vs_error *err);
enum vs_err db_pg_open(const char *url, struct db **out, struct vs_error *err);
/* The SQLite connection under a SQLite db (NULL for another driver), for
 * the PRAGMAs only a SQLite file has (application id, read-only check). */
struct sqlite3 *db_sqlite_handle(struct db *db);

#endif
