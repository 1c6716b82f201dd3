#include "store/store.h"

#include <assert.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/db.h"
#include "store/schema.h"
#include "store/store_int.h"
#include "util/limits.h"
#include "util/text.h"

/* Evidence lists already stored in this transaction, so a repeated list costs
 * a hash probe instead of a query. Cleared on rollback: the ids die with it. */
#define EVIDENCE_CACHE_SLOTS 4096

struct evidence_slot {
	uint64_t hash;
	char *items;
	int64_t id;
};

/*
 * PostgreSQL: the ids of verdicts met in this store handle, by the
 * verdict's 16 values (open addressing; emptied when three quarters full
 * and by a rollback, which takes new verdicts' ids along). A million
 * imported rows hold a hundred or so.
 */
#define VERDICT_CACHE_SLOTS 8192

struct verdict_slot {
	uint64_t hash;
	char *key; /* NULL: free */
	size_t key_len;
	int64_t id;
};

/* Parameters of one asset row: survey_id, source_id, then ASSET_COLUMNS. */
#define ASSET_PARAMS 39
#define PARAM_HOSTNAME 14 /* hostname's position among them */
_Static_assert(ASSET_PARAMS <= 64, "a batch names its columns in a 64-bit mask");

/*
 * Rows queued by store_asset_append, written STORE_BATCH_ROWS to a statement:
 * one multi-row INSERT instead of 32 statements saves the per-statement
 * work (reset, transaction checks, halt) that profiles of a million-row
 * import showed costing as much as the row itself. 32 rows x 39 parameters
 * stays far below SQLite's default limit of 32,766 parameters.
 */
#define STORE_BATCH_ROWS 32

enum bound_type { BOUND_NULL, BOUND_INT, BOUND_REAL, BOUND_TEXT };

/* One parameter value; text is at [off, off + len) of the batch's text. */
struct bound {
	enum bound_type type;
	size_t len;
	union {
		int64_t i;
		double d;
		size_t off;
	} u;
};

struct asset_batch {
	size_t n;
	struct bound row[STORE_BATCH_ROWS][ASSET_PARAMS];
	struct strbuf text; /* the rows' strings, copied: the assets do not wait for the flush */
};

/* Multi-row INSERTs kept prepared, one per set of columns (see
 * insert_batch_stmt). */
#define STORE_BATCH_STMTS 4

struct batch_stmt {
	uint64_t mask; /* bit k: parameter k's column is named */
	struct db_stmt *s;
	uint64_t used; /* batch_clock when last used */
};

struct store {
	struct db *db;
	struct db_stmt *stmt[STORE_STMT_COUNT];
	struct batch_stmt batch_stmt[STORE_BATCH_STMTS];
	uint64_t batch_clock;
	bool in_tx;
	struct asset_batch batch;
	/* A flush store_handle could not report: returned by the next call
	 * that can (store_flush, store_commit). */
	struct vs_error deferred;
	/* The path of the source rows were last inserted for (NULL: none or
	 * not known), to store "PATH:LINE" as its line alone. */
	int64_t path_source_id;
	char *source_path;
	size_t source_path_len;
	struct evidence_slot cache[EVIDENCE_CACHE_SLOTS];
	struct store_device_keys device_keys;
	/* PostgreSQL (schema 15): rows are written as asset_row and verdict. */
	struct verdict_slot verdicts[VERDICT_CACHE_SLOTS];
	size_t verdicts_used;
	struct strbuf verdict_key; /* the row's verdict as cache key, reused */
	/* The survey whose bulk rows the COPY is filling (0: none) and into
	 * what: its own new table until store_flush attaches it, else
	 * asset_row. Whether a row of it had a host name (its index then). */
	int64_t bulk_survey;
	char bulk_into[1024];
	bool bulk_hostnames;
	/* The next id a bulk row takes: the rows' ids are given here, from
	 * the sequence that every writer takes under the store's write lock
	 * (vs_asset_next_id), so the COPY costs the server no call per row. */
	int64_t bulk_next_id;
	/* Surveys whose partition is there, and has its host-name index. */
	struct {
		int64_t survey;
		bool hostnames;
	} ready[8];
};

static void batch_discard(struct asset_batch *b)
{
	b->n = 0;
	strbuf_reset(&b->text);
}

static void evidence_cache_clear(struct store *st)
{
	for (size_t i = 0; i < EVIDENCE_CACHE_SLOTS; i++) {
		free(st->cache[i].items);
		st->cache[i].items = NULL;
	}
}

static void verdict_cache_clear(struct store *st)
{
	for (size_t i = 0; i < VERDICT_CACHE_SLOTS; i++) {
		free(st->verdicts[i].key);
		st->verdicts[i].key = NULL;
	}
	st->verdicts_used = 0;
}

static enum vs_err db_fail(struct store *st, struct vs_error *err, const char *what)
{
	return vs_fail(err, VS_EDB, "%s: %s", what, db_errmsg(st->db));
}

static enum vs_err exec(struct store *st, const char *sql, struct vs_error *err)
{
	return db_exec(st->db, sql, err);
}

int store_schema_latest(void)
{
	return schema_latest();
}

int store_schema_version(struct store *st)
{
	return db_schema_version(st->db);
}

/* SQLite: VS_EDB when a row refers to a row that is not there (the
 * migrations ran with foreign keys off). PostgreSQL checks as it goes. */
static enum vs_err fk_check(struct store *st, struct vs_error *err)
{
	if (db_kind(st->db) != DB_SQLITE)
		return VS_OK;
	struct db_stmt *s = db_prepare(st->db, "PRAGMA foreign_key_check", 0);
	if (!s)
		return db_fail(st, err, "checking foreign keys");
	enum db_step step = db_step(s);
	enum vs_err rc = VS_OK;
	if (step == DB_ROW)
		rc = vs_fail(err, VS_EDB, "migrating: table %s refers to a missing row",
			     db_column_text(s, 0) ? db_column_text(s, 0) : "?");
	else if (step != DB_DONE)
		rc = db_fail(st, err, "checking foreign keys");
	db_finalize(s);
	return rc;
}

/*
 * Every pending migration in one transaction: a store is moved to the
 * latest version or not at all, and a new store's pages are written once
 * (a fresh store on a nearly full disk, e2e/nothing_lost). On SQLite the
 * connection's foreign keys are still off here (store_open turns them on
 * after): migration 11 rebuilds the asset table, and dropping the old one
 * with them on would delete every row that refers to an asset.
 */
static enum vs_err migrate(struct store *st, struct vs_error *err)
{
	int v = store_schema_version(st);
	if (v < 0)
		return db_fail(st, err, "reading schema version");
	if (v > schema_latest())
		return vs_fail(err, VS_EDB,
			       "store has schema version %d, newer than this vendorscope knows (%d)",
			       v, schema_latest());
	if (v == schema_latest())
		return VS_OK;
	if (db_begin_write(st->db, err))
		return VS_EDB;
	/* Read again under the write lock: another process opening the same
	 * store may have migrated it meanwhile. */
	v = store_schema_version(st);
	if (v < 0 || v > schema_latest()) {
		db_rollback(st->db);
		return v < 0 ? db_fail(st, err, "reading schema version")
			     : vs_fail(err, VS_EDB, "store has schema version %d, newer than "
						    "this vendorscope knows (%d)",
				       v, schema_latest());
	}
	for (; v < schema_latest(); v++) {
		bool pg = db_kind(st->db) == DB_PG;
		const char *pg_first = pg ? schema_migration_pg_first(v) : NULL;
		const char *pg_only = pg ? schema_migration_pg(v) : NULL;
		struct vs_error e = {0};
		if ((pg_first && db_exec(st->db, pg_first, &e)) ||
		    db_migrate_step(st->db, schema_migration(v), v + 1, &e) ||
		    (pg_only && db_exec(st->db, pg_only, &e))) {
			db_rollback(st->db);
			/* Said so, as a role that may not change the schema (a
			 * sensor's) meets it first: the owner migrates. */
			return vs_fail(err, VS_EDB,
				       "moving the store from schema version %d to %d (which its owner "
				       "does by running any command on it): %s",
				       v, v + 1, e.msg);
		}
	}
	if (fk_check(st, err) || db_commit(st->db, err)) {
		db_rollback(st->db);
		return VS_EDB;
	}
	return VS_OK;
}

/* PostgreSQL: init makes a store only of a database with no tables of
 * another program in its schema (as a SQLite file of another program is
 * refused), and leaves such a database as it was. */
static enum vs_err check_pg_empty(struct store *st, const char *target, struct vs_error *err)
{
	if (db_schema_version(st->db) != 0)
		return VS_OK;
	struct db_stmt *s = db_prepare(st->db,
				       "SELECT count(*) FROM pg_catalog.pg_tables "
				       "WHERE schemaname = current_schema()",
				       0);
	if (!s)
		return db_fail(st, err, "reading the database's tables");
	int64_t n = db_step(s) == DB_ROW ? db_column_int64(s, 0) : -1;
	db_finalize(s);
	if (n < 0)
		return db_fail(st, err, "reading the database's tables");
	if (n > 0)
		return vs_fail(err, VS_EBADVAL,
			       "%s: not a vendorscope store (a database with %lld tables of another "
			       "program); left as it was",
			       db_target_display(target), (long long)n);
	return VS_OK;
}

/* SQLite only: the file's own header and catalogue (sq: the connection). */
static int pragma_int(sqlite3 *sq, const char *sql, int *out)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(sq, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc;
}

/*
 * Is the file at path ours, before anything is written to it? A SQLite
 * file of another program (or a file that is no database at all) is
 * refused: running our migrations in it would put our tables beside its
 * own and switch it to WAL. Ours: application_id STORE_APPLICATION_ID; or,
 * from before the id was set, application_id 0 with a schema version and
 * our survey and asset tables. A database with no tables at all is new.
 */
static enum vs_err check_ours(struct store *st, const char *path, struct vs_error *err)
{
	int app = 0, version = 0, tables = 0, ours = 0;
	sqlite3 *sq = db_sqlite_handle(st->db);
	if (pragma_int(sq, "PRAGMA application_id", &app) != SQLITE_OK ||
	    pragma_int(sq, "PRAGMA user_version", &version) != SQLITE_OK ||
	    pragma_int(sq, "SELECT count(*) FROM sqlite_master", &tables) != SQLITE_OK ||
	    pragma_int(sq, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
			   "AND name IN ('survey', 'asset', 'source')", &ours) != SQLITE_OK) {
		int code = sqlite3_errcode(sq) & 0xff;
		if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
			return vs_fail(err, VS_EBADVAL, "%s: not a vendorscope store: %s", path,
				       db_errmsg(st->db));
		/* A WAL store in a directory this account cannot write, a
		 * read-only mount, a lock held elsewhere: an I/O matter. */
		return vs_fail(err, VS_EIO, "%s: cannot open the store as uid %u: %s; nothing was done",
			       path, (unsigned)geteuid(), db_errmsg(st->db));
	}
	if (app == STORE_APPLICATION_ID)
		return VS_OK;
	if (app != 0)
		return vs_fail(err, VS_EBADVAL,
			       "%s: not a vendorscope store (a SQLite database of another program, "
			       "application id 0x%08x); left as it was", path, (unsigned)app);
	if (tables == 0 && version == 0)
		return VS_OK; /* new: nothing in it yet */
	if (version > 0 && ours == 3)
		return VS_OK; /* a store from before the application id */
	return vs_fail(err, VS_EBADVAL,
		       "%s: not a vendorscope store (a SQLite database with %d other tables or "
		       "indexes); left as it was", path, tables);
}

/* A SQLite file: refuse what is not ours, set the file's PRAGMAs. */
static enum vs_err open_sqlite(struct store *st, const char *path, enum store_open_mode mode,
			       struct vs_error *err)
{
	struct stat sb;
	if (mode == STORE_OPEN_EXISTING && stat(path, &sb) != 0)
		return vs_fail(err, VS_ENOTFOUND, "%s: no such store (create it with 'vendorscope init %s')",
			       path, path);
	/* SQLite takes an empty file for an empty database and would make a
	 * store of it; only init may (a file made by mktemp to hold one). */
	if (mode == STORE_OPEN_EXISTING && S_ISREG(sb.st_mode) && sb.st_size == 0)
		return vs_fail(err, VS_EBADVAL, "%s: an empty file, not a store (create one with "
				"'vendorscope init %s')", path, path);
	enum vs_err rc = db_open(path, mode == STORE_CREATE, &st->db, err);
	if (rc)
		return rc;
	/* Refuse a file that is not a SQLite database, or not ours, before
	 * touching it. */
	rc = check_ours(st, path, err);
	if (rc)
		return rc;
	/* 8 KiB pages for a new store (an existing one keeps its own; SQLite
	 * ignores this once the file has content): a million-row import spent
	 * about 8 % less time than with the 4 KiB default, fewer pages to
	 * spill, log and checkpoint for rows of ~180 bytes. */
	if (mode == STORE_CREATE && exec(st, "PRAGMA page_size = 8192", err))
		return VS_EDB;
	/* Foreign keys go on after migrating (store_open, migrate). */
	if (exec(st, "PRAGMA journal_mode = WAL", err) || exec(st, "PRAGMA synchronous = NORMAL", err))
		return VS_EDB;
	return VS_OK;
}

/* init marks a store from before the application id as ours (no schema
 * change: the id lives in the file header). */
static enum vs_err mark_sqlite(struct store *st, struct vs_error *err)
{
	int app = 0;
	if (pragma_int(db_sqlite_handle(st->db), "PRAGMA application_id", &app) == SQLITE_OK &&
	    app == 0) {
		char pragma[64];
		snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d", STORE_APPLICATION_ID);
		if (exec(st, pragma, err))
			return VS_EDB;
	}
	return VS_OK;
}

enum vs_err store_open(const char *path, enum store_open_mode mode, struct store **out,
		       struct vs_error *err)
{
	*out = NULL;
	struct store *st = calloc(1, sizeof(*st));
	if (!st)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	bool pg = db_target_is_pg(path);
	enum vs_err rc = pg ? db_open(path, mode == STORE_CREATE, &st->db, err)
			    : open_sqlite(st, path, mode, err);
	/* PostgreSQL: a database without our schema is a store only for init. */
	if (!rc && pg && mode == STORE_OPEN_EXISTING && db_schema_version(st->db) == 0)
		rc = vs_fail(err, VS_ENOTFOUND, "%s: no vendorscope store in this database "
				"(create it with 'vendorscope init URL')", db_target_display(path));
	if (!rc && pg && mode == STORE_CREATE)
		rc = check_pg_empty(st, path, err);
	if (!rc)
		rc = migrate(st, err);
	if (!rc && !pg)
		rc = exec(st, "PRAGMA foreign_keys = ON", err);
	if (!rc && !pg && mode == STORE_CREATE)
		rc = mark_sqlite(st, err);
	if (rc) {
		store_close(st);
		return rc;
	}
	*out = st;
	return VS_OK;
}

enum vs_err store_check_writable(struct store *st, const char *path, struct vs_error *err)
{
	/* SQLite opens a file it may not write read-only without a word; the
	 * first write then fails, after the work. Ask now, and take the write
	 * lock once, which also opens the WAL and its index (kept open for
	 * the handle's life: a caller dropping privileges keeps them). */
	sqlite3 *sq = db_sqlite_handle(st->db);
	if (!sq)
		return VS_OK; /* a server checks each write; see store_begin */
	if (sqlite3_db_readonly(sq, "main") == 1)
		return vs_fail(err, VS_EIO, "%s: the store is read-only for uid %u; nothing was done",
			       path, (unsigned)geteuid());
	int rc = sqlite3_exec(sq, "BEGIN IMMEDIATE; ROLLBACK", NULL, NULL, NULL);
	if (rc == SQLITE_BUSY) {
		/* Another process writes now (an import): ours may write once it
		 * is done, as before. */
		sqlite3_exec(sq, "ROLLBACK", NULL, NULL, NULL);
		return VS_OK;
	}
	if (rc != SQLITE_OK) {
		vs_fail(err, VS_EIO, "%s: cannot write the store as uid %u: %s; nothing was done", path,
			(unsigned)geteuid(), db_errmsg(st->db));
		sqlite3_exec(sq, "ROLLBACK", NULL, NULL, NULL);
		return VS_EIO;
	}
	return VS_OK;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		store_rollback(st);
	for (size_t i = 0; i < STORE_STMT_COUNT; i++)
		db_finalize(st->stmt[i]);
	for (size_t i = 0; i < STORE_BATCH_STMTS; i++)
		db_finalize(st->batch_stmt[i].s);
	strbuf_release(&st->batch.text);
	free(st->source_path);
	evidence_cache_clear(st);
	verdict_cache_clear(st);
	strbuf_release(&st->verdict_key);
	db_close(st->db);
	free(st);
}

const char *store_display_name(const char *target)
{
	return db_target_display(target);
}

struct db *store_handle(struct store *st)
{
	/* Also with no row queued: a COPY may be open, and on PostgreSQL a
	 * new survey's bulk table is attached by the flush (until then no
	 * statement on the handle sees its rows). */
	struct vs_error err = {0};
	if ((st->batch.n || st->bulk_survey) && store_flush(st, &err))
		st->deferred = err;
	return st->db;
}

static store_notice_fn notice;

void store_set_notice(store_notice_fn fn)
{
	notice = fn;
}

enum vs_err store_begin(struct store *st, struct vs_error *err)
{
	for (int attempt = 1;; attempt++) {
		struct vs_error e = {0};
		if (!db_begin_write(st->db, &e))
			break;
		if (!db_retryable(st->db) || attempt >= VS_STORE_BEGIN_TRIES)
			return vs_fail(err, e.code, "%s", e.msg);
		if (notice) {
			char msg[1200];
			snprintf(msg, sizeof(msg),
				 "another writer holds the store (%s); starting the transaction "
				 "again (try %d of %d)",
				 e.msg, attempt + 1, VS_STORE_BEGIN_TRIES);
			notice(msg);
		}
	}
	st->in_tx = true;
	return VS_OK;
}

enum vs_err store_commit(struct store *st, struct vs_error *err)
{
	if (store_flush(st, err) || db_commit(st->db, err))
		return VS_EDB;
	st->in_tx = false;
	return VS_OK;
}

void store_rollback(struct store *st)
{
	db_rollback(st->db);
	st->in_tx = false;
	batch_discard(&st->batch);
	vs_error_clear(&st->deferred);
	/* Source ids die with the transaction too, and may come back as another. */
	free(st->source_path);
	st->source_path = NULL;
	st->path_source_id = 0;
	evidence_cache_clear(st);
	memset(&st->device_keys, 0, sizeof(st->device_keys));
	/* So do new verdicts, a bulk table and a new partition's index. */
	verdict_cache_clear(st);
	st->bulk_survey = 0;
	memset(st->ready, 0, sizeof(st->ready));
}

bool store_in_transaction(const struct store *st)
{
	return st->in_tx;
}

struct store_device_keys *store_device_keys(struct store *st)
{
	return &st->device_keys;
}

static void bind_text(struct db_stmt *s, int i, const char *v)
{
	if (v)
		db_bind_text(s, i, v, -1);
	else
		db_bind_null(s, i);
}

static void copy_text(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? (const char *)src : "");
}

static enum vs_err survey_row(struct store *st, struct db_stmt *s, struct survey_info *out,
			      struct vs_error *err, const char *what)
{
	int rc = db_step(s);
	if (rc == DB_ROW) {
		out->id = db_column_int64(s, 0);
		copy_text(out->name, sizeof(out->name), db_column_text(s, 1));
		copy_text(out->date, sizeof(out->date), db_column_text(s, 2));
		return VS_OK;
	}
	if (rc == DB_DONE)
		return vs_fail(err, VS_ENOTFOUND, "%s", what);
	return db_fail(st, err, "reading surveys");
}

enum vs_err store_survey_get(struct store *st, const char *name, const char *date, bool create,
			     struct survey_info *out, struct vs_error *err)
{
	struct db_stmt *s = NULL;
	enum vs_err rc;
	if (create) {
		if (!(s = db_prepare(st->db,
				     "INSERT INTO survey(name, date) VALUES (?1, ?2) "
				     "ON CONFLICT(name) DO UPDATE SET date = coalesce(?2, survey.date)",
				     0)))
			return db_fail(st, err, "creating survey");
		bind_text(s, 1, name);
		bind_text(s, 2, date);
		int step = db_step(s);
		db_finalize(s);
		if (step != DB_DONE)
			return db_fail(st, err, "creating survey");
	}
	if (!(s = db_prepare(st->db, "SELECT id, name, date FROM survey WHERE name = ?1", 0)))
		return db_fail(st, err, "reading surveys");
	bind_text(s, 1, name);
	char what[320];
	snprintf(what, sizeof(what), "no survey named '%s'", name);
	rc = survey_row(st, s, out, err, what);
	db_finalize(s);
	return rc;
}

enum vs_err store_survey_by_id(struct store *st, int64_t id, struct survey_info *out,
			       struct vs_error *err)
{
	struct db_stmt *s = NULL;
	if (!(s = db_prepare(st->db, "SELECT id, name, date FROM survey WHERE id = ?1", 0)))
		return db_fail(st, err, "reading surveys");
	db_bind_int64(s, 1, id);
	enum vs_err rc = survey_row(st, s, out, err, "no such survey");
	db_finalize(s);
	return rc;
}

enum vs_err store_survey_latest(struct store *st, struct survey_info *out, struct vs_error *err)
{
	struct db_stmt *s = NULL;
	if (!(s = db_prepare(st->db, "SELECT s.id, s.name, s.date FROM survey s" STORE_SURVEYS_NEWEST_FIRST
			       " LIMIT 1", 0)))
		return db_fail(st, err, "reading surveys");
	enum vs_err rc = survey_row(st, s, out, err, "the store holds no survey yet (import something first)");
	db_finalize(s);
	return rc;
}

enum vs_err store_source_add(struct store *st, int64_t survey_id, const char *kind,
			     const char *format, const char *path, int64_t *source_id,
			     struct vs_error *err)
{
	struct db_stmt *s = NULL;
	if (!(s = db_prepare(st->db,
			     "INSERT INTO source(survey_id, kind, format, path) VALUES (?1, ?2, ?3, ?4) "
			     "RETURNING id",
			     0)))
		return db_fail(st, err, "recording source");
	db_bind_int64(s, 1, survey_id);
	bind_text(s, 2, kind);
	bind_text(s, 3, format);
	bind_text(s, 4, path);
	int step = db_step(s);
	if (step == DB_ROW)
		*source_id = db_column_int64(s, 0);
	if (step == DB_ROW)
		step = db_step(s);
	enum vs_err rc = step == DB_DONE ? VS_OK : db_fail(st, err, "recording source");
	db_finalize(s);
	return rc;
}

enum vs_err store_source_set_rows(struct store *st, int64_t source_id, int64_t rows,
				  struct vs_error *err)
{
	struct db_stmt *s = NULL;
	if (!(s = db_prepare(st->db, "UPDATE source SET rows = ?2 WHERE id = ?1", 0)))
		return db_fail(st, err, "recording source");
	db_bind_int64(s, 1, source_id);
	db_bind_int64(s, 2, rows);
	int step = db_step(s);
	db_finalize(s);
	return step == DB_DONE ? VS_OK : db_fail(st, err, "recording source");
}

#define ASSET_COLUMNS                                                                      \
	"kind, type, type_raw, maker, vendor, vendor_name, brand, model, firmware, serial, " \
	"mac, ip, hostname, department, site, zone, acquired, lifespan_years, count, "       \
	"count_low, count_high, estimated, country, chinese, critical, confidence, "         \
	"source_line, product, publisher, owner, version, device, data_class, "              \
	"origin_reported, randomized_mac, evidence_id, source_row"

/* The evidence list as a JSON array. Written by hand rather than through
 * jansson: it runs once per imported row and needs no allocation but the
 * buffer; jansson reads it back. */
static void evidence_serialize(const struct asset *a, struct strbuf *sb)
{
	strbuf_addch(sb, '[');
	for (size_t k = 0; k < a->n_evidence; k++) {
		if (k)
			strbuf_addch(sb, ',');
		evidence_append_json(&a->evidence[k], true, sb);
	}
	strbuf_addch(sb, ']');
}

/* FNV-1a over 8-byte words (the tail a byte at a time): a capture hashes a
 * kilobyte of evidence per device, and a multiply per byte was a chain of
 * about 5 ms over 5,000 devices. The hash only picks a cache slot. */
static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 1099511628211ULL;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* The cached statement, without flushing queued assets (for the statements
 * the flush and the append themselves run). */
static struct db_stmt *stmt_get_flags(struct store *st, enum store_stmt_id id, const char *sql,
				     unsigned flags, struct vs_error *err)
{
	struct db_stmt **s = &st->stmt[id];
	if (!*s && !(*s = db_prepare(st->db, sql, DB_KEEP | flags))) {
		db_fail(st, err, "preparing a statement");
		return NULL;
	}
	db_reset(*s);
	return *s;
}

static struct db_stmt *stmt_get(struct store *st, enum store_stmt_id id, const char *sql,
			      struct vs_error *err)
{
	return stmt_get_flags(st, id, sql, 0, err);
}

struct db_stmt *store_stmt(struct store *st, enum store_stmt_id id, const char *sql,
			 struct vs_error *err)
{
	if (store_flush(st, err))
		return NULL;
	return stmt_get(st, id, sql, err);
}

static enum vs_err evidence_id(struct store *st, const struct asset *a, int64_t *id,
			       struct vs_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	evidence_serialize(a, &sb);
	if (sb.failed)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	uint64_t h = fnv1a(sb.buf, sb.len);
	struct evidence_slot *slot = &st->cache[h % EVIDENCE_CACHE_SLOTS];
	if (slot->items && slot->hash == h && strcmp(slot->items, sb.buf) == 0) {
		*id = slot->id;
		strbuf_release(&sb);
		return VS_OK;
	}
	/* Inserted when new, its id from the insert (DB_NEW_ID: no row when
	 * the list was there already); looked up only then. An upsert with
	 * RETURNING id cost a capture's distinct lists more (SQLite passes
	 * the returned rows through a temporary table), and looking every
	 * new list up again by its kilobyte of text was 3 % of a capture. */
	struct db_stmt *s = stmt_get_flags(st, STORE_STMT_EVIDENCE,
					   "INSERT INTO evidence_set(items) VALUES (?1) "
					   "ON CONFLICT(items) DO NOTHING",
					   DB_KEEP | DB_NEW_ID, err);
	if (!s) {
		strbuf_release(&sb);
		return VS_EDB;
	}
	db_bind_text_static(s, 1, sb.buf, (int)sb.len);
	int step = db_step(s);
	if (step == DB_ROW)
		*id = db_column_int64(s, 0);
	db_reset(s);
	if (step == DB_DONE) {
		s = stmt_get(st, STORE_STMT_EVIDENCE_FIND, "SELECT id FROM evidence_set WHERE items = ?1",
			     err);
		if (s) {
			db_bind_text_static(s, 1, sb.buf, (int)sb.len);
			step = db_step(s);
			*id = step == DB_ROW ? db_column_int64(s, 0) : 0;
			db_reset(s);
		}
	}
	if (!s || step != DB_ROW) {
		strbuf_release(&sb);
		return s || step != DB_DONE ? db_fail(st, err, "storing evidence") : VS_EDB;
	}
	free(slot->items);
	slot->hash = h;
	slot->id = *id;
	slot->items = strbuf_detach(&sb);
	return VS_OK;
}

static void put_null(struct bound *b)
{
	b->type = BOUND_NULL;
}

static void put_int(struct bound *b, int64_t v)
{
	b->type = BOUND_INT;
	b->u.i = v;
}

/* NULL for a missing value or a negative bound (-1: none). */
static void put_int_or_null(struct bound *b, int64_t v, bool present)
{
	if (present)
		put_int(b, v);
	else
		put_null(b);
}

static void put_tri(struct bound *b, enum tri t)
{
	put_int_or_null(b, t == TRI_YES, t != TRI_UNKNOWN);
}

/* Copied with its length, so neither binding nor SQLite measures it again. */
static void put_text(struct bound *b, struct strbuf *text, const char *v)
{
	if (!v) {
		put_null(b);
		return;
	}
	b->type = BOUND_TEXT;
	b->len = strlen(v);
	b->u.off = text->len;
	strbuf_add(text, v, b->len);
}

/*
 * The line number when source_line is "PATH:LINE" for the source's own
 * path and a LINE that reads back as written (digits, no leading zero);
 * -1 otherwise. Then the row stores the number and reading rebuilds the
 * text (schema 4).
 */
static int64_t source_row_of(const struct store *st, int64_t source_id, const char *line)
{
	if (!line || !st->source_path || source_id != st->path_source_id)
		return -1;
	size_t n = st->source_path_len;
	if (strncmp(line, st->source_path, n) != 0 || line[n] != ':')
		return -1;
	const char *d = line + n + 1;
	size_t len = strlen(d);
	if (len == 0 || len > 15 || (d[0] == '0' && len > 1))
		return -1;
	int64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (d[i] < '0' || d[i] > '9')
			return -1;
		v = v * 10 + (d[i] - '0');
	}
	return v;
}

/* One asset row's parameters (survey_id, source_id, ASSET_COLUMNS). */
static void asset_values(const struct store *st, int64_t survey_id, int64_t source_id,
			 const struct asset *a, int64_t ev_id, struct bound *row,
			 struct strbuf *text)
{
	int64_t source_row = source_row_of(st, source_id, a->source_line);
	size_t i = 0;
	put_int(&row[i++], survey_id);
	put_int_or_null(&row[i++], source_id, source_id > 0);
	put_text(&row[i++], text, a->kind == ASSET_SOFTWARE ? "software" : "hardware");
	const char *texts[] = {a->type, a->type_raw, a->maker, a->vendor, a->vendor_name,
			       a->brand, a->model, a->firmware, a->serial, a->mac, a->ip,
			       a->hostname, a->department, a->site, a->zone, a->acquired};
	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++)
		put_text(&row[i++], text, texts[k]);
	put_int_or_null(&row[i++], a->lifespan_years, a->lifespan_years > 0);
	put_int(&row[i++], a->count.value);
	put_int_or_null(&row[i++], a->count.low, a->count.low >= 0);
	put_int_or_null(&row[i++], a->count.high, a->count.high >= 0);
	put_int(&row[i++], a->count.estimated);
	put_text(&row[i++], text, a->country);
	put_tri(&row[i++], a->chinese);
	put_tri(&row[i++], a->critical);
	row[i].type = BOUND_REAL;
	row[i++].u.d = a->confidence;
	const char *more[] = {source_row < 0 ? a->source_line : NULL, a->product, a->publisher,
			      a->owner, a->version, a->device, a->data_class, a->origin_reported};
	for (size_t k = 0; k < sizeof(more) / sizeof(more[0]); k++)
		put_text(&row[i++], text, more[k]);
	put_int(&row[i++], a->randomized_mac);
	put_int(&row[i++], ev_id);
	put_int_or_null(&row[i++], source_row, source_row >= 0);
	assert(i == ASSET_PARAMS);
}

/* One value at parameter i; text holds the row's strings. */
static void bind_value(struct db_stmt *s, int i, const struct bound *b, const char *text)
{
	switch (b->type) {
	case BOUND_NULL:
		break; /* cleared bindings are NULL */
	case BOUND_INT:
		db_bind_int64(s, i, b->u.i);
		break;
	case BOUND_REAL:
		db_bind_double(s, i, b->u.d);
		break;
	case BOUND_TEXT:
		db_bind_text_static(s, i, text + b->u.off, (int)b->len);
		break;
	}
}

/* Bind a row at parameters first+1 .. first+ASSET_PARAMS. The text stays
 * alive and unchanged until the statement has been stepped and reset. */
static void bind_row(struct db_stmt *s, int first, const struct bound *row, const char *text)
{
	for (int k = 0; k < ASSET_PARAMS; k++)
		bind_value(s, first + k + 1, &row[k], text);
}

/*
 * PostgreSQL from schema 15 (schema.c, migration 15): a row is a verdict,
 * stored once in `verdict`, and the device's own values in `asset_row`.
 * Positions in a row's ASSET_PARAMS values (asset_param_names): the
 * verdict's 16 in vs_verdict_id's order, and asset_row's in the order the
 * COPY names them, the verdict's id after survey_id and source_id.
 */
static const int verdict_params[] = {2, 3, 4, 5, 6, 7, 8, 24, 25, 26, 27, 37, 29, 30, 32, 35};
#define VERDICT_PARAMS ((int)(sizeof(verdict_params) / sizeof(verdict_params[0])))
static const int narrow_params[] = {0,  1,  9,  10, 11, 12, 13, 14, 15, 16, 17,
				    18, 19, 20, 21, 22, 23, 28, 31, 33, 34, 36, 38};
#define NARROW_PARAMS ((int)(sizeof(narrow_params) / sizeof(narrow_params[0])))
_Static_assert(sizeof(verdict_params) / sizeof(verdict_params[0]) +
			       sizeof(narrow_params) / sizeof(narrow_params[0]) ==
		       ASSET_PARAMS,
	       "every value of a row goes to the verdict or to asset_row, once");
static const char narrow_columns[] =
	"(id, survey_id, source_id, verdict_id, model, firmware, serial, mac, ip, hostname, "
	"department, site, zone, acquired, lifespan_years, count, count_low, count_high, "
	"estimated, source_line, owner, device, data_class, randomized_mac, source_row)";

/*
 * The row's verdict as bytes that are equal only for equal verdicts: per
 * value its type, then the integer, the double's bits or the text with
 * its length. Built for a verdict not in the cache; a row is hashed and
 * compared value by value (verdict_hash, verdict_is), which a profile of a
 * million-row import preferred to building the bytes per row.
 */
static void verdict_key(struct strbuf *key, const struct bound *row, const char *text)
{
	strbuf_reset(key);
	for (int k = 0; k < VERDICT_PARAMS; k++) {
		const struct bound *b = &row[verdict_params[k]];
		strbuf_addch(key, (char)b->type);
		switch (b->type) {
		case BOUND_NULL:
			break;
		case BOUND_INT:
			strbuf_add(key, &b->u.i, sizeof(b->u.i));
			break;
		case BOUND_REAL:
			strbuf_add(key, &b->u.d, sizeof(b->u.d));
			break;
		case BOUND_TEXT:
			strbuf_add(key, &b->len, sizeof(b->len));
			strbuf_add(key, text + b->u.off, b->len);
			break;
		}
	}
}

static uint64_t verdict_hash(const struct bound *row, const char *text)
{
	uint64_t h = 14695981039346656037ULL;
	for (int k = 0; k < VERDICT_PARAMS; k++) {
		const struct bound *b = &row[verdict_params[k]];
		uint64_t v = (uint64_t)b->type;
		if (b->type == BOUND_INT)
			v ^= (uint64_t)b->u.i << 8;
		else if (b->type == BOUND_REAL)
			memcpy(&v, &b->u.d, sizeof(v));
		else if (b->type == BOUND_TEXT)
			v ^= fnv1a(text + b->u.off, b->len);
		h = (h ^ v) * 1099511628211ULL;
		h ^= h >> 29;
	}
	return h;
}

/* The row's verdict is the one key holds (verdict_key's bytes). */
static bool verdict_is(const char *key, size_t key_len, const struct bound *row, const char *text)
{
	const char *p = key, *end = key + key_len;
	for (int k = 0; k < VERDICT_PARAMS; k++) {
		const struct bound *b = &row[verdict_params[k]];
		if (p == end || *p++ != (char)b->type)
			return false;
		const void *bytes = NULL;
		size_t n = 0;
		if (b->type == BOUND_INT)
			bytes = &b->u.i, n = sizeof(b->u.i);
		else if (b->type == BOUND_REAL)
			bytes = &b->u.d, n = sizeof(b->u.d);
		else if (b->type == BOUND_TEXT) {
			if ((size_t)(end - p) < sizeof(b->len) || memcmp(p, &b->len, sizeof(b->len)) != 0)
				return false;
			p += sizeof(b->len);
			bytes = text + b->u.off, n = b->len;
		}
		if ((size_t)(end - p) < n || (n && memcmp(p, bytes, n) != 0))
			return false;
		p += n;
	}
	return p == end;
}

/* The id of the row's verdict: from the cache, else from the server
 * (vs_verdict_id adds it when new; mid-COPY this ends the COPY, which the
 * next row begins again). */
static enum vs_err verdict_id(struct store *st, const struct bound *row, const char *text,
			      int64_t *id, struct vs_error *err)
{
	uint64_t h = verdict_hash(row, text);
	size_t at = h & (VERDICT_CACHE_SLOTS - 1);
	for (; st->verdicts[at].key; at = (at + 1) & (VERDICT_CACHE_SLOTS - 1)) {
		const struct verdict_slot *v = &st->verdicts[at];
		if (v->hash == h && verdict_is(v->key, v->key_len, row, text)) {
			*id = v->id;
			return VS_OK;
		}
	}
	struct db_stmt *s = stmt_get(st, STORE_STMT_VERDICT,
				   "SELECT vs_verdict_id(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
				   "?12, ?13, ?14, ?15, ?16)",
				   err);
	if (!s)
		return VS_EDB;
	for (int k = 0; k < VERDICT_PARAMS; k++)
		bind_value(s, k + 1, &row[verdict_params[k]], text);
	int step = db_step(s);
	if (step == DB_ROW)
		*id = db_column_int64(s, 0);
	db_reset(s);
	if (step != DB_ROW)
		return db_fail(st, err, "storing a verdict");
	if (st->verdicts_used >= VERDICT_CACHE_SLOTS / 4 * 3) {
		verdict_cache_clear(st);
		at = h & (VERDICT_CACHE_SLOTS - 1);
	}
	struct strbuf *key = &st->verdict_key;
	verdict_key(key, row, text);
	char *copy = key->failed ? NULL : malloc(key->len ? key->len : 1);
	if (!copy)
		return VS_OK; /* not remembered: asked again next time */
	memcpy(copy, key->buf, key->len);
	st->verdicts[at] = (struct verdict_slot){.hash = h, .key = copy, .key_len = key->len, .id = *id};
	st->verdicts_used++;
	return VS_OK;
}

/*
 * PostgreSQL: the survey's partition, made when the survey has none, and
 * its host-name index when a row has a host name (programs find their
 * machine by it; a survey's bulk table got one only when its rows had
 * host names). Made before the row's statement: an index cannot be built
 * on a table a statement is using. Remembered until a rollback.
 */
static enum vs_err partition_ready(struct store *st, const struct bound *row,
				   struct vs_error *err)
{
	int64_t survey = row[0].u.i;
	bool host = row[PARAM_HOSTNAME].type != BOUND_NULL;
	size_t n = sizeof(st->ready) / sizeof(st->ready[0]), i = 0;
	while (i < n && st->ready[i].survey != survey)
		i++;
	if (i < n && (st->ready[i].hostnames || !host))
		return VS_OK;
	struct db_stmt *s =
		stmt_get(st, STORE_STMT_PARTITION, "SELECT vs_asset_partition(?1, ?2 = 1)", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, survey);
	db_bind_int64(s, 2, host);
	int step = db_step(s);
	db_reset(s);
	if (step != DB_ROW)
		return db_fail(st, err, "storing asset");
	if (i == n)
		i = n - 1;
	memmove(st->ready + 1, st->ready, i * sizeof(st->ready[0]));
	st->ready[0].survey = survey;
	st->ready[0].hostnames = host;
	return VS_OK;
}

/* The row's asset_row values (narrow_params, its verdict's id third)
 * bound from parameter first + 1 on. */
static void bind_narrow(struct db_stmt *s, int first, const struct bound *row, const char *text,
			int64_t verdict)
{
	int i = first;
	for (int k = 0; k < NARROW_PARAMS; k++) {
		if (k == 2)
			db_bind_int64(s, ++i, verdict);
		bind_value(s, ++i, &row[narrow_params[k]], text);
	}
}

/* An asset INSERT (DB_NEW_ID) run: the new row's id to *id when asked. */
static enum vs_err step_insert(struct store *st, struct db_stmt *s, int64_t *id,
			       struct vs_error *err)
{
	int step = db_step(s);
	if (step == DB_ROW) {
		if (id)
			*id = db_column_int64(s, 0);
		step = db_step(s);
	}
	enum vs_err rc = step == DB_DONE ? VS_OK : db_fail(st, err, "storing asset");
	db_reset(s);
	return rc;
}

/* PostgreSQL: one row into asset_row, its verdict by id. */
static enum vs_err insert_narrow(struct store *st, const struct bound *row, const char *text,
				 int64_t *id, struct vs_error *err)
{
	int64_t verdict;
	if (partition_ready(st, row, err) || verdict_id(st, row, text, &verdict, err))
		return VS_EDB;
	struct db_stmt *s = stmt_get_flags(st, STORE_STMT_ASSET,
					   "INSERT INTO asset_row(survey_id, source_id, verdict_id, "
					   "model, firmware, serial, mac, ip, hostname, department, "
					   "site, zone, acquired, lifespan_years, count, count_low, "
					   "count_high, estimated, source_line, owner, device, "
					   "data_class, randomized_mac, source_row) VALUES (?1, ?2, "
					   "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
					   "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
					   DB_NEW_ID, err);
	if (!s)
		return VS_EDB;
	bind_narrow(s, 0, row, text, verdict);
	return step_insert(st, s, id, err);
}

/* PostgreSQL: asset row id decided again, its verdict by id. */
static enum vs_err update_narrow(struct store *st, const struct bound *row, const char *text,
				 int64_t id, struct vs_error *err)
{
	int64_t verdict;
	if (partition_ready(st, row, err) || verdict_id(st, row, text, &verdict, err))
		return VS_EDB;
	struct db_stmt *s = stmt_get(st, STORE_STMT_ASSET_UPDATE,
				   "UPDATE asset_row SET survey_id = ?1, source_id = ?2, "
				   "verdict_id = ?3, model = ?4, firmware = ?5, serial = ?6, "
				   "mac = ?7, ip = ?8, hostname = ?9, department = ?10, site = ?11, "
				   "zone = ?12, acquired = ?13, lifespan_years = ?14, count = ?15, "
				   "count_low = ?16, count_high = ?17, estimated = ?18, "
				   "source_line = ?19, owner = ?20, device = ?21, data_class = ?22, "
				   "randomized_mac = ?23, source_row = ?24 WHERE id = ?25",
				   err);
	if (!s)
		return VS_EDB;
	bind_narrow(s, 0, row, text, verdict);
	db_bind_int64(s, NARROW_PARAMS + 2, id);
	int step = db_step(s);
	db_reset(s);
	return step == DB_DONE ? VS_OK : db_fail(st, err, "updating asset");
}

static const char insert_one_sql[] =
	"INSERT INTO asset(survey_id, source_id, " ASSET_COLUMNS ") VALUES ("
	"?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,"
	"?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,?32,?33,?34,?35,?36,?37,?38,?39)";

/* The single-row statement, for a row of its own or a batch's remainder. */
static enum vs_err insert_row(struct store *st, const struct bound *row, const char *text,
			      int64_t *id, struct vs_error *err)
{
	if (db_has_copy(st->db))
		return insert_narrow(st, row, text, id, err);
	struct db_stmt *s = stmt_get_flags(st, STORE_STMT_ASSET, insert_one_sql, DB_NEW_ID, err);
	if (!s)
		return VS_EDB;
	bind_row(s, 0, row, text);
	return step_insert(st, s, id, err);
}

/* Column names in parameter order (survey_id, source_id, ASSET_COLUMNS). */
static const char *const asset_param_names[ASSET_PARAMS] = {
	"survey_id", "source_id", "kind", "type", "type_raw", "maker", "vendor", "vendor_name",
	"brand", "model", "firmware", "serial", "mac", "ip", "hostname", "department", "site",
	"zone", "acquired", "lifespan_years", "count", "count_low", "count_high", "estimated",
	"country", "chinese", "critical", "confidence", "source_line", "product", "publisher",
	"owner", "version", "device", "data_class", "origin_reported", "randomized_mac",
	"evidence_id", "source_row",
};

/* The columns some row of the batch has a value for. */
static uint64_t batch_mask(const struct asset_batch *b)
{
	uint64_t mask = 0;
	for (size_t r = 0; r < b->n; r++)
		for (int k = 0; k < ASSET_PARAMS; k++)
			if (b->row[r][k].type != BOUND_NULL)
				mask |= (uint64_t)1 << k;
	return mask;
}

/*
 * The STORE_BATCH_ROWS-row INSERT naming only the columns in mask: the
 * others are NULL in every row, and a column left out costs SQLite nothing
 * per row where a bound NULL costs a copy through the VALUES co-routine.
 * (Every column left out has no default: those with one, kind, count,
 * estimated and randomized_mac, are always bound.) An import holds a few
 * such column sets; the last STORE_BATCH_STMTS are kept prepared.
 */
static struct db_stmt *insert_batch_stmt(struct store *st, uint64_t mask, struct vs_error *err)
{
	struct batch_stmt *slot = &st->batch_stmt[0];
	for (size_t i = 0; i < STORE_BATCH_STMTS; i++) {
		struct batch_stmt *c = &st->batch_stmt[i];
		if (c->s && c->mask == mask) {
			c->used = ++st->batch_clock;
			db_reset(c->s);
			return c->s;
		}
		if (!c->s || c->used < slot->used)
			slot = c;
	}
	struct strbuf sql = STRBUF_INIT;
	int ncols = 0;
	strbuf_addstr(&sql, "INSERT INTO asset(");
	for (int k = 0; k < ASSET_PARAMS; k++) {
		if (!(mask & (uint64_t)1 << k))
			continue;
		strbuf_addstr(&sql, ncols++ ? ", " : "");
		strbuf_addstr(&sql, asset_param_names[k]);
	}
	strbuf_addstr(&sql, ") VALUES ");
	for (int r = 0; r < STORE_BATCH_ROWS; r++) {
		strbuf_addstr(&sql, r ? ",(" : "(");
		for (int k = 0; k < ncols; k++)
			strbuf_addstr(&sql, k ? ",?" : "?");
		strbuf_addch(&sql, ')');
	}
	db_finalize(slot->s);
	slot->s = NULL;
	if (sql.failed)
		vs_fail(err, VS_ENOMEM, "out of memory");
	else if (!(slot->s = db_prepare(st->db, sql.buf, DB_KEEP)))
		db_fail(st, err, "preparing a statement");
	strbuf_release(&sql);
	if (!slot->s)
		return NULL;
	slot->mask = mask;
	slot->used = ++st->batch_clock;
	return slot->s;
}

/* Bind a row's values for the columns in mask, from parameter first+1 on;
 * the next free parameter back. */
static int bind_row_masked(struct db_stmt *s, int first, uint64_t mask, const struct bound *row,
			   const char *text)
{
	int i = first;
	for (int k = 0; k < ASSET_PARAMS; k++) {
		if (!(mask & (uint64_t)1 << k))
			continue;
		bind_value(s, ++i, &row[k], text);
	}
	return i;
}

/* One queued value as COPY sends it. */
static void copy_value(struct db_copy_value *out, const struct bound *v, const char *text)
{
	switch (v->type) {
	case BOUND_NULL:
		out->kind = DB_COPY_NULL;
		break;
	case BOUND_INT:
		out->kind = DB_COPY_INT;
		out->u.i = v->u.i;
		break;
	case BOUND_REAL:
		out->kind = DB_COPY_REAL;
		out->u.d = v->u.d;
		break;
	case BOUND_TEXT:
		out->kind = DB_COPY_TEXT;
		out->u.s = text + v->u.off;
		out->len = v->len;
		break;
	}
}

/* The bulk rows of one survey begin: the server says where they go (a
 * new table of the survey's own when it has no partition yet). */
static enum vs_err bulk_begin(struct store *st, int64_t survey_id, struct vs_error *err)
{
	struct db_stmt *s = stmt_get(st, STORE_STMT_BULK_BEGIN,
				   "SELECT target, first_id FROM vs_asset_bulk_begin(?1)", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, survey_id);
	int step = db_step(s);
	const char *into = step == DB_ROW ? db_column_text(s, 0) : NULL;
	if (into)
		st->bulk_next_id = db_column_int64(s, 1);
	enum vs_err rc = VS_OK;
	if (!into)
		rc = db_fail(st, err, "storing assets");
	else if ((size_t)snprintf(st->bulk_into, sizeof(st->bulk_into), "%s%s", into,
				  narrow_columns) >= sizeof(st->bulk_into))
		rc = vs_fail(err, VS_EDB, "storing assets: table name too long");
	db_reset(s);
	if (!rc) {
		st->bulk_survey = survey_id;
		st->bulk_hostnames = false;
	}
	return rc;
}

/* The COPY ended (the server has every row): a survey's own table gets
 * its key and its references checked, and becomes its partition. */
static enum vs_err copy_end(struct store *st, struct vs_error *err)
{
	enum vs_err rc = db_copy_end(st->db, err);
	int64_t survey = st->bulk_survey;
	st->bulk_survey = 0;
	if (rc || !survey)
		return rc;
	struct db_stmt *s = stmt_get(st, STORE_STMT_BULK_END,
				   "SELECT vs_asset_bulk_end(?1, ?2 = 1, ?3)", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, survey);
	db_bind_int64(s, 2, st->bulk_hostnames);
	db_bind_int64(s, 3, st->bulk_next_id - 1); /* the last id given */
	int step = db_step(s);
	db_reset(s);
	return step == DB_ROW ? VS_OK : db_fail(st, err, "storing assets");
}

/*
 * PostgreSQL: the batch's rows into the COPY of their survey's bulk table,
 * each as its verdict's id and its own values. The COPY stays open for
 * the next batch; store_flush ends it. What COPY saves over multi-row
 * INSERTs is the server's planning and parameter handling per statement:
 * the rows stream as one.
 */
static enum vs_err copy_batch(struct store *st, const struct asset_batch *b,
				     struct vs_error *err)
{
	enum vs_err rc = VS_OK;
	for (size_t r = 0; r < b->n && !rc; r++) {
		const struct bound *row = b->row[r];
		int64_t survey = row[0].u.i;
		if (survey != st->bulk_survey) {
			if (st->bulk_survey)
				rc = copy_end(st, err);
			if (!rc)
				rc = bulk_begin(st, survey, err);
		}
		int64_t verdict = 0;
		if (!rc)
			rc = verdict_id(st, row, b->text.buf, &verdict, err);
		if (!rc)
			rc = db_copy_begin(st->db, st->bulk_into, err);
		if (rc)
			break;
		struct db_copy_value val[NARROW_PARAMS + 2];
		int n = 0;
		val[n].kind = DB_COPY_INT;
		val[n++].u.i = st->bulk_next_id++;
		for (int k = 0; k < NARROW_PARAMS; k++) {
			if (k == 2) {
				val[n].kind = DB_COPY_INT;
				val[n++].u.i = verdict;
			}
			const struct bound *v = &row[narrow_params[k]];
			copy_value(&val[n++], v, b->text.buf);
		}
		st->bulk_hostnames |= row[PARAM_HOSTNAME].type != BOUND_NULL;
		rc = db_copy_row(st->db, val, n, err);
	}
	return rc;
}

/* The queued rows to the table; on PostgreSQL through the COPY, which
 * end_copy ends (then the server has checked every row). */
static enum vs_err batch_write(struct store *st, bool end_copy, struct vs_error *err)
{
	if (st->deferred.code) {
		enum vs_err rc = vs_fail(err, st->deferred.code, "%s", st->deferred.msg);
		vs_error_clear(&st->deferred);
		return rc;
	}
	struct asset_batch *b = &st->batch;
	bool copy = db_has_copy(st->db);
	if (b->n == 0)
		return copy && end_copy ? copy_end(st, err) : VS_OK;
	enum vs_err rc = VS_OK;
	if (b->text.failed) {
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	} else if (copy) {
		rc = copy_batch(st, b, err);
		if (!rc && end_copy)
			rc = copy_end(st, err);
	} else if (b->n == STORE_BATCH_ROWS) {
		uint64_t mask = batch_mask(b);
		struct db_stmt *s = insert_batch_stmt(st, mask, err);
		if (!s) {
			rc = VS_EDB;
		} else {
			int next = 0;
			for (size_t r = 0; r < b->n; r++)
				next = bind_row_masked(s, next, mask, b->row[r], b->text.buf);
			int step = db_step(s);
			db_reset(s);
			if (step != DB_DONE)
				rc = db_fail(st, err, "storing assets");
		}
	} else {
		for (size_t r = 0; r < b->n && !rc; r++)
			rc = insert_row(st, b->row[r], b->text.buf, NULL, err);
	}
	batch_discard(b);
	return rc;
}

enum vs_err store_flush(struct store *st, struct vs_error *err)
{
	return batch_write(st, true, err);
}

/* The asset's evidence list id: its own list stored (once), or the one it shares. */
static enum vs_err asset_evidence_id(struct store *st, struct asset *a, struct vs_error *err)
{
	if (a->n_evidence > 0 || a->evidence_set_id <= 0) {
		int64_t id;
		enum vs_err rc = evidence_id(st, a, &id, err);
		if (rc)
			return rc;
		a->evidence_set_id = id;
	}
	return VS_OK;
}

/* The source's path, looked up when the source differs from the last. */
static enum vs_err note_source_path(struct store *st, int64_t source_id, struct vs_error *err)
{
	if (source_id == st->path_source_id)
		return VS_OK;
	free(st->source_path);
	st->source_path = NULL;
	st->path_source_id = source_id;
	if (source_id <= 0)
		return VS_OK;
	struct db_stmt *s = stmt_get(st, STORE_STMT_SOURCE_PATH,
				   "SELECT path FROM source WHERE id = ?1", err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, source_id);
	int step = db_step(s);
	const char *path = step == DB_ROW ? db_column_text(s, 0) : NULL;
	enum vs_err rc = VS_OK;
	if (path) {
		st->source_path = str_dup_or_null((const char *)path);
		if (!st->source_path)
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
		else
			st->source_path_len = strlen(st->source_path);
	} else if (step != DB_ROW && step != DB_DONE) {
		rc = db_fail(st, err, "reading source");
	}
	db_reset(s);
	return rc;
}

enum vs_err store_asset_append(struct store *st, int64_t survey_id, int64_t source_id,
			       struct asset *a, struct vs_error *err)
{
	enum vs_err rc = asset_evidence_id(st, a, err);
	if (!rc)
		rc = note_source_path(st, source_id, err);
	if (rc)
		return rc;
	struct asset_batch *b = &st->batch;
	asset_values(st, survey_id, source_id, a, a->evidence_set_id, b->row[b->n], &b->text);
	b->n++;
	return b->n == STORE_BATCH_ROWS ? batch_write(st, false, err) : VS_OK;
}

enum vs_err store_asset_insert(struct store *st, int64_t survey_id, int64_t source_id,
			       struct asset *a, struct vs_error *err)
{
	enum vs_err rc = store_flush(st, err);
	if (!rc)
		rc = asset_evidence_id(st, a, err);
	if (!rc)
		rc = note_source_path(st, source_id, err);
	if (rc)
		return rc;
	/* Through the batch's buffers, empty after the flush. */
	struct asset_batch *b = &st->batch;
	asset_values(st, survey_id, source_id, a, a->evidence_set_id, b->row[0], &b->text);
	rc = b->text.failed ? vs_fail(err, VS_ENOMEM, "out of memory")
			    : insert_row(st, b->row[0], b->text.buf, &a->id, err);
	batch_discard(b);
	return rc;
}

enum vs_err store_asset_update(struct store *st, int64_t survey_id, int64_t source_id,
			       struct asset *a, struct vs_error *err)
{
	/* From the one list of columns, so an update writes what an insert
	 * does; built once per handle (the prepared statement is kept). */
	struct strbuf sql = STRBUF_INIT;
	if (!st->stmt[STORE_STMT_ASSET_UPDATE]) {
		strbuf_addstr(&sql, "UPDATE asset SET ");
		for (int i = 0; i < ASSET_PARAMS; i++)
			strbuf_addf(&sql, "%s%s = ?%d", i ? ", " : "", asset_param_names[i], i + 1);
		strbuf_addf(&sql, " WHERE id = ?%d", ASSET_PARAMS + 1);
		if (sql.failed) {
			strbuf_release(&sql);
			return vs_fail(err, VS_ENOMEM, "out of memory");
		}
	}
	enum vs_err rc = store_flush(st, err);
	if (!rc)
		rc = asset_evidence_id(st, a, err);
	if (!rc)
		rc = note_source_path(st, source_id, err);
	if (rc) {
		strbuf_release(&sql);
		return rc;
	}
	struct asset_batch *b = &st->batch;
	asset_values(st, survey_id, source_id, a, a->evidence_set_id, b->row[0], &b->text);
	if (b->text.failed) {
		strbuf_release(&sql);
		batch_discard(b);
		return vs_fail(err, VS_ENOMEM, "out of memory");
	}
	if (db_has_copy(st->db)) {
		strbuf_release(&sql);
		rc = update_narrow(st, b->row[0], b->text.buf, a->id, err);
		batch_discard(b);
		return rc;
	}
	struct db_stmt *s = stmt_get(st, STORE_STMT_ASSET_UPDATE, strbuf_str(&sql), err);
	strbuf_release(&sql);
	if (!s) {
		batch_discard(b);
		return VS_EDB;
	}
	bind_row(s, 0, b->row[0], b->text.buf);
	db_bind_int64(s, ASSET_PARAMS + 1, a->id);
	int step = db_step(s);
	db_reset(s);
	batch_discard(b);
	return step == DB_DONE ? VS_OK : db_fail(st, err, "updating asset");
}

enum vs_err store_vendor_upsert(struct store *st, const char *id, const char *name,
				const char *country, const char *parent, const char *source,
				struct vs_error *err)
{
	/* Not a reason to flush queued assets: they do not refer to it, and
	 * on PostgreSQL the flush would end a survey's bulk table (store_flush)
	 * at the first row of each new vendor. */
	struct db_stmt *s = stmt_get(st, STORE_STMT_VENDOR,
				   "INSERT INTO vendor(id, name, country, parent, source) "
				   "VALUES (?1,?2,?3,?4,?5) ON CONFLICT(id) DO UPDATE SET "
				   "name=?2, country=?3, parent=?4, source=?5",
				   err);
	if (!s)
		return VS_EDB;
	bind_text(s, 1, id);
	bind_text(s, 2, name);
	bind_text(s, 3, country);
	bind_text(s, 4, parent);
	bind_text(s, 5, source);
	int step = db_step(s);
	db_reset(s);
	return step == DB_DONE ? VS_OK : db_fail(st, err, "storing vendor");
}

static char *col_dup(struct db_stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	return t ? str_dup_or_null((const char *)t) : NULL;
}

static enum tri col_tri(struct db_stmt *s, int i)
{
	if (db_column_null(s, i))
		return TRI_UNKNOWN;
	return db_column_int(s, i) ? TRI_YES : TRI_NO;
}

static int64_t col_bound(struct db_stmt *s, int i)
{
	return db_column_null(s, i) ? -1 : db_column_int64(s, i);
}

void store_asset_from_row(struct db_stmt *s, struct asset *a)
{
	int i = 0;
	a->id = db_column_int64(s, i++);
	const char *kind = db_column_text(s, i++);
	a->kind = kind && strcmp((const char *)kind, "software") == 0 ? ASSET_SOFTWARE : ASSET_HARDWARE;
	char **texts[] = {&a->type, &a->type_raw, &a->maker, &a->vendor, &a->vendor_name,
			  &a->brand, &a->model, &a->firmware, &a->serial, &a->mac, &a->ip,
			  &a->hostname, &a->department, &a->site, &a->zone, &a->acquired};
	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++)
		*texts[k] = col_dup(s, i++);
	a->lifespan_years = db_column_int(s, i++);
	a->count.value = db_column_int64(s, i++);
	a->count.low = col_bound(s, i++);
	a->count.high = col_bound(s, i++);
	a->count.estimated = db_column_int(s, i++) != 0;
	a->country = col_dup(s, i++);
	a->chinese = col_tri(s, i++);
	a->critical = col_tri(s, i++);
	a->confidence = db_column_double(s, i++);
	char **more[] = {&a->source_line, &a->product, &a->publisher, &a->owner, &a->version,
			 &a->device, &a->data_class, &a->origin_reported};
	for (size_t k = 0; k < sizeof(more) / sizeof(more[0]); k++)
		*more[k] = col_dup(s, i++);
	a->randomized_mac = db_column_int(s, i++) != 0;
}

/* Evidence comes back from the JSON list evidence_serialize wrote. */
void store_evidence_parse(struct asset *a, const char *items)
{
	json_t *root = items ? json_loads(items, 0, NULL) : NULL;
	size_t k;
	json_t *e;
	json_array_foreach(root, k, e) {
		asset_add_evidence(a, json_string_value(json_object_get(e, "method")),
				   json_string_value(json_object_get(e, "field")),
				   json_string_value(json_object_get(e, "value")),
				   json_real_value(json_object_get(e, "confidence")));
	}
	json_decref(root);
}

enum vs_err store_asset_get(struct store *st, int64_t id, struct asset *a,
			    struct asset_origin *origin, struct vs_error *err)
{
	enum vs_err rc = store_flush(st, err);
	if (rc)
		return rc;
	struct db_stmt *s = stmt_get(st, STORE_STMT_ASSET_GET,
				   "SELECT a.id, a.kind, a.type, a.type_raw, a.maker, a.vendor, a.vendor_name,"
				   " a.brand, a.model, a.firmware, a.serial, a.mac, a.ip, a.hostname,"
				   " a.department, a.site, a.zone, a.acquired, a.lifespan_years, a.count,"
				   " a.count_low, a.count_high, a.estimated, a.country, a.chinese, a.critical,"
				   " a.confidence, coalesce(a.source_line, s.path || ':' || a.source_row),"
				   " a.product, a.publisher, a.owner, a.version,"
				   " a.device, a.data_class, a.origin_reported, a.randomized_mac,"
				   " a.survey_id, coalesce(a.source_id, 0), s.kind, s.format "
				   "FROM asset a LEFT JOIN source s ON s.id = a.source_id WHERE a.id = ?1",
				   err);
	if (!s)
		return VS_EDB;
	db_bind_int64(s, 1, id);
	int step = db_step(s);
	if (step == DB_ROW) {
		store_asset_from_row(s, a);
		memset(origin, 0, sizeof(*origin));
		origin->survey_id = db_column_int64(s, 36);
		origin->source_id = db_column_int64(s, 37);
		copy_text(origin->source_kind, sizeof(origin->source_kind), db_column_text(s, 38));
		copy_text(origin->source_format, sizeof(origin->source_format),
			  db_column_text(s, 39));
	}
	db_reset(s);
	if (step == DB_DONE)
		return vs_fail(err, VS_ENOTFOUND, "no asset #%lld", (long long)id);
	return step == DB_ROW ? VS_OK : db_fail(st, err, "reading asset");
}

enum vs_err store_assets_foreach(struct store *st, const struct asset_filter *f,
				 store_asset_fn fn, void *ctx, struct vs_error *err)
{
	struct db_stmt *s = NULL;
	enum vs_err rc = store_flush(st, err);
	if (rc)
		goto out;
	if (!(s = db_prepare(st->db,
			     STORE_ASSET_SELECT "WHERE (?1 = 0 OR a.survey_id = ?1) AND (?2 < 0 OR a.kind = ?3) "
			     "AND (?4 = 0 OR a.chinese = 1) ORDER BY a.id",
			     DB_STREAM))) {
		rc = db_fail(st, err, "querying assets");
		goto out;
	}
	db_bind_int64(s, 1, f->survey_id);
	db_bind_int64(s, 2, f->kind);
	bind_text(s, 3, f->kind == ASSET_SOFTWARE ? "software" : "hardware");
	db_bind_int64(s, 4, f->chinese_only);
	int step;
	while ((step = db_step(s)) == DB_ROW) {
		struct asset a;
		asset_init(&a);
		store_asset_from_row(s, &a);
		store_evidence_parse(&a, db_column_text(s, 36));
		bool go_on = fn(&a, ctx);
		asset_release(&a);
		if (!go_on)
			break;
	}
	if (step != DB_ROW && step != DB_DONE)
		rc = db_fail(st, err, "querying assets");
out:
	db_finalize(s);
	return rc;
}
