/*
 * The PostgreSQL driver, on libpq.
 *
 * Parameters go as text with a type for integers and reals (int8, float8)
 * and none for text (the server infers it from the column or operator),
 * so one SQL text serves SQLite and PostgreSQL. A DB_KEEP statement is
 * prepared once on the server under a name, again only when its parameter
 * types change; others are kept prepared by their SQL text, per
 * connection, from their second run on (exec_cached). A DB_STREAM SELECT runs
 * as a cursor read DB_STREAM_BATCH rows at a time: the connection stays
 * free for the queries a caller runs per row, and a million rows never
 * sit in memory at once.
 *
 * Writers are serialized as SQLite's BEGIN IMMEDIATE serializes them: a
 * transaction-scoped advisory lock taken by db_begin_write. Two imports
 * queue instead of interleaving, so each is all-or-nothing and a re-import
 * that replaces a source never races another; readers are never blocked.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/db.h"
#include "store/store.h"
#include "util/limits.h"
#include "util/strbuf.h"

#define INT8OID 20
#define FLOAT8OID 701

/* A statement without DB_KEEP, remembered by its SQL text: prepared on
 * the server the second time that text runs (see exec_cached). */
struct pg_cached {
	char *sql;       /* with $N parameters; NULL: a free slot */
	uint64_t hash;   /* FNV-1a of sql */
	int n;           /* parameters */
	Oid *type;       /* the types it was prepared with */
	char name[24];   /* "" until prepared */
	unsigned long used;
};

struct pg_db {
	struct db base;
	PGconn *c;
	char msg[512];
	char sqlstate[6];
	unsigned next_name; /* prepared statements and cursors: vs_s1, vs_c2 … */
	/* A COPY in progress (db_copy_begin) and the table it fills: it stays
	 * open across rows until another statement needs the connection,
	 * which ends it first (copy_finish). */
	bool copying;
	char copy_into[1024];
	struct strbuf copy_buf; /* rows not yet handed to libpq */
	/* Writes sent in pipeline mode whose results are not read yet
	 * (send_pipelined). */
	int pipelined;
	/* A COPY or a pipelined write that failed when no caller could hear it
	 * (a reset, a write whose result was not awaited): the next statement
	 * fails with its message. */
	bool deferred_failed;
	/* The statements run by SQL text, VS_PG_STMT_CACHE of them at most:
	 * a server's own prepared statements live as long as the connection,
	 * so a new connection (the only "reconnect" there is) starts empty. */
	struct pg_cached cache[VS_PG_STMT_CACHE];
	unsigned long cache_clock;
};

struct pg_stmt {
	struct db_stmt base;
	char *sql;     /* with $N parameters */
	int n;         /* parameters */
	char **val;    /* each owned, NULL for NULL */
	Oid *type;
	unsigned flags;
	char name[24];  /* prepared statement (DB_KEEP), "" until prepared */
	Oid *prep_type; /* the types it was prepared with */
	char cursor[24]; /* open cursor (DB_STREAM), "" when none */
	PGresult *res;
	int row, rows;
	bool run, last_batch;
	bool writes; /* INSERT, UPDATE or DELETE without RETURNING: no rows */
};

static struct pg_db *pg_of(struct db *db)
{
	return (struct pg_db *)db;
}

static struct pg_stmt *ps_of(struct db_stmt *s)
{
	return (struct pg_stmt *)s;
}

/* Remember a result's error (or the connection's) for db_errmsg. */
static void note_error(struct pg_db *db, const PGresult *r)
{
	const char *m = r ? PQresultErrorMessage(r) : NULL;
	if (!m || !*m)
		m = PQerrorMessage(db->c);
	snprintf(db->msg, sizeof(db->msg), "%s", m);
	size_t n = strlen(db->msg);
	while (n && (db->msg[n - 1] == '\n' || db->msg[n - 1] == ' '))
		db->msg[--n] = '\0';
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", state ? state : "");
}

static bool result_ok(struct pg_db *db, PGresult *r)
{
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return true;
	note_error(db, r);
	return false;
}

/* The gathered rows to libpq; false with the error noted. */
static bool copy_flush(struct pg_db *db)
{
	struct strbuf *b = &db->copy_buf;
	bool ok = true;
	if (b->failed) {
		snprintf(db->msg, sizeof(db->msg), "out of memory");
		db->sqlstate[0] = '\0';
		ok = false;
	} else if (b->len && PQputCopyData(db->c, b->buf, (int)b->len) != 1) {
		note_error(db, NULL);
		ok = false;
	}
	strbuf_reset(b);
	b->failed = false;
	return ok;
}

/* End a COPY in progress (abort: throw its rows away); false with the
 * error noted when the server refused the rows. */
static bool copy_finish(struct pg_db *db, bool abort)
{
	if (!db->copying)
		return true;
	db->copying = false;
	bool ok = true;
	if (abort) {
		strbuf_reset(&db->copy_buf);
		db->copy_buf.failed = false;
	} else {
		strbuf_add(&db->copy_buf, "\xff\xff", 2); /* the trailer: a field count of -1 */
		ok = copy_flush(db);
	}
	/* A COPY that failed on our side is ended with an error, so the
	 * server keeps none of its rows. */
	bool sent = PQputCopyEnd(db->c, abort || !ok ? "rolled back" : NULL) == 1;
	if (!sent && ok) {
		note_error(db, NULL);
		ok = false;
	}
	PGresult *r;
	while ((r = PQgetResult(db->c))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && ok) {
			note_error(db, r);
			ok = false;
		}
		PQclear(r);
	}
	return ok || abort;
}

/* End the pipeline: a sync, the results of the writes sent (the first
 * error noted), back to one statement at a time. discard: a rollback
 * follows, the errors do not matter. False when a write failed. */
static bool pipeline_finish(struct pg_db *db, bool discard)
{
	if (!db->pipelined)
		return true;
	bool ok = PQpipelineSync(db->c) == 1;
	if (!ok)
		note_error(db, NULL);
	/* Each write's results end with a NULL, then comes the sync; more
	 * NULLs than writes: the connection is gone. */
	int ends = 0;
	while (ok || ends <= db->pipelined) {
		PGresult *r = PQgetResult(db->c);
		if (!r) {
			if (++ends > db->pipelined + 1)
				break;
			continue;
		}
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_FATAL_ERROR && ok) {
			note_error(db, r);
			ok = false;
		}
		PQclear(r);
		if (st == PGRES_PIPELINE_SYNC)
			break;
	}
	PQexitPipelineMode(db->c);
	db->pipelined = 0;
	return ok || discard;
}

/* Before a statement: the COPY or the pipeline ended, and its failure
 * (now or earlier) reported as this statement's. */
static bool connection_ready(struct pg_db *db)
{
	if (!pipeline_finish(db, false))
		db->deferred_failed = true;
	if (!copy_finish(db, false))
		db->deferred_failed = true;
	if (db->deferred_failed) {
		db->deferred_failed = false;
		return false;
	}
	return true;
}

/* A statement whose failure nobody reads (CLOSE, DEALLOCATE). */
static void exec_quietly(struct pg_db *db, const char *sql)
{
	if (!pipeline_finish(db, false))
		db->deferred_failed = true;
	if (!copy_finish(db, false))
		db->deferred_failed = true;
	PQclear(PQexec(db->c, sql));
}

static void cache_forget(struct pg_db *db, struct pg_cached *e, bool deallocate);

static void pg_close(struct db *db)
{
	for (size_t i = 0; i < VS_PG_STMT_CACHE; i++)
		cache_forget(pg_of(db), &pg_of(db)->cache[i], false);
	strbuf_release(&pg_of(db)->copy_buf);
	PQfinish(pg_of(db)->c);
	free(db);
}

static const char *pg_errmsg(struct db *db)
{
	return pg_of(db)->msg;
}

static bool pg_retryable(struct db *db)
{
	const char *s = pg_of(db)->sqlstate;
	return strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0;
}

static enum vs_err pg_exec(struct db *db, const char *sql, struct vs_error *err)
{
	/* A rollback throws a COPY's rows away with the rest. */
	if (strcmp(sql, "ROLLBACK") == 0) {
		pipeline_finish(pg_of(db), true);
		copy_finish(pg_of(db), true);
		pg_of(db)->deferred_failed = false;
	} else if (!connection_ready(pg_of(db))) {
		return vs_fail(err, VS_EDB, "store: %s", pg_of(db)->msg);
	}
	PGresult *r = PQexec(pg_of(db)->c, sql);
	bool ok = result_ok(pg_of(db), r);
	PQclear(r);
	return ok ? VS_OK : vs_fail(err, VS_EDB, "store: %s", pg_of(db)->msg);
}

/* SQL that changes rows and returns none: INSERT, UPDATE or DELETE
 * without RETURNING (the word anywhere, even in a string, counts: then
 * the statement just runs the usual way). */
static bool writes_only(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	static const char *const verbs[] = {"INSERT ", "UPDATE ", "DELETE "};
	bool verb = false;
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		verb = verb || strncasecmp(sql, verbs[i], strlen(verbs[i])) == 0;
	if (!verb)
		return false;
	for (const char *p = sql; *p; p++) {
		if (strncasecmp(p, "RETURNING", 9) == 0)
			return false;
	}
	return true;
}

static struct db_stmt *pg_prepare(struct db *db, const char *sql, unsigned flags)
{
	struct pg_stmt *s = calloc(1, sizeof(*s));
	if (!s)
		goto oom;
	s->base.db = db;
	s->flags = flags;
	if (flags & DB_NEW_ID) {
		struct strbuf with_id = STRBUF_INIT;
		strbuf_addstr(&with_id, sql);
		strbuf_addstr(&with_id, " RETURNING id");
		s->sql = with_id.failed ? NULL : db_pg_params(strbuf_str(&with_id), &s->n);
		strbuf_release(&with_id);
	} else {
		s->sql = db_pg_params(sql, &s->n);
	}
	if (!s->sql)
		goto oom;
	s->writes = writes_only(s->sql);
	if (s->n > 0) {
		s->val = calloc((size_t)s->n, sizeof(*s->val));
		s->type = calloc((size_t)s->n, sizeof(*s->type));
		s->prep_type = calloc((size_t)s->n, sizeof(*s->prep_type));
		if (!s->val || !s->type || !s->prep_type)
			goto oom;
	}
	return &s->base;
oom:
	snprintf(pg_of(db)->msg, sizeof(pg_of(db)->msg), "out of memory");
	if (s) {
		free(s->sql);
		free(s->val);
		free(s->type);
		free(s->prep_type);
		free(s);
	}
	return NULL;
}

/* Close the statement's cursor and drop its rows: ready to run again. */
static void stop(struct pg_stmt *s)
{
	struct pg_db *db = pg_of(s->base.db);
	PQclear(s->res);
	s->res = NULL;
	if (s->cursor[0]) {
		char sql[48];
		snprintf(sql, sizeof(sql), "CLOSE %s", s->cursor);
		/* A failed transaction has closed it already; nothing to report. */
		exec_quietly(db, sql);
		s->cursor[0] = '\0';
	}
	s->run = false;
	s->row = s->rows = 0;
	s->last_batch = false;
}

static void clear_bindings(struct pg_stmt *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->val[i]);
		s->val[i] = NULL;
		s->type[i] = 0;
	}
}

static void pg_finalize(struct db_stmt *st)
{
	struct pg_stmt *s = ps_of(st);
	stop(s);
	if (s->name[0]) {
		char sql[48];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->name);
		exec_quietly(pg_of(st->db), sql);
	}
	clear_bindings(s);
	free(s->val);
	free(s->type);
	free(s->prep_type);
	free(s->sql);
	free(s);
}

static void pg_reset(struct db_stmt *st)
{
	stop(ps_of(st));
	clear_bindings(ps_of(st));
}

static int pg_bind_count(struct db_stmt *st)
{
	return ps_of(st)->n;
}

/* Parameter i (from 1) takes v (owned), of type t. Out of memory leaves
 * it NULL; the server then reports the NOT NULL or the wrong result. */
static void put(struct pg_stmt *s, int i, char *v, Oid t)
{
	if (i < 1 || i > s->n) {
		free(v);
		return;
	}
	free(s->val[i - 1]);
	s->val[i - 1] = v;
	s->type[i - 1] = v ? t : 0;
}

static void pg_bind_null(struct db_stmt *st, int i)
{
	put(ps_of(st), i, NULL, 0);
}

static void pg_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	put(ps_of(st), i, strdup(buf), INT8OID);
}

static void pg_bind_double(struct db_stmt *st, int i, double v)
{
	char buf[40];
	/* 17 significant digits: the same double back on the server. */
	snprintf(buf, sizeof(buf), "%.17g", v);
	put(ps_of(st), i, strdup(buf), FLOAT8OID);
}

static void pg_bind_text(struct db_stmt *st, int i, const char *v, int len, bool copy)
{
	(void)copy; /* text parameters are NUL-terminated: always a copy */
	put(ps_of(st), i, len < 0 ? strdup(v) : strndup(v, (size_t)len), 0);
}

/*
 * The prepared statement takes the parameters as bound. A NULL fits any
 * type it was prepared with (a NULL int8 is as NULL as a NULL of the
 * inferred type, and the statement type-checked with int8 there), so a
 * nullable integer column no longer costs a DEALLOCATE and a new
 * PREPARE each time its value comes and goes: a capture's batched asset
 * INSERT was prepared 3,215 times for 5,000 devices that way. The types
 * are only widened (a NULL never makes a typed parameter untyped).
 */
static bool types_fit(struct pg_stmt *s, const Oid *prep_type)
{
	bool fit = true;
	for (int i = 0; i < s->n; i++) {
		if (!s->val[i])
			s->type[i] = prep_type[i]; /* a NULL: sent as prepared */
		else if (s->type[i] != prep_type[i])
			fit = false;
	}
	return fit;
}

/* Prepare the statement's SQL under a new name, with its parameters'
 * types (copied to prep_type); false with the error noted. */
static bool prepare_named(struct pg_db *db, struct pg_stmt *s, char name[24], Oid *prep_type)
{
	char fresh[24];
	snprintf(fresh, sizeof(fresh), "vs_s%u", ++db->next_name);
	PGresult *r = PQprepare(db->c, fresh, s->sql, s->n, s->type);
	bool ok = result_ok(db, r);
	PQclear(r);
	if (!ok)
		return false;
	memcpy(name, fresh, sizeof(fresh));
	if (s->n)
		memcpy(prep_type, s->type, (size_t)s->n * sizeof(Oid));
	return true;
}

static uint64_t fnv1a(const char *p)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h;
}

/* Empty a cache slot; deallocate: tell the server too (not when the
 * connection is going away anyway). */
static void cache_forget(struct pg_db *db, struct pg_cached *e, bool deallocate)
{
	if (e->name[0] && deallocate) {
		char sql[48];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", e->name);
		/* In a failed transaction the server refuses it: the name then
		 * stays until the connection ends, never used again. */
		exec_quietly(db, sql);
	}
	free(e->sql);
	free(e->type);
	memset(e, 0, sizeof(*e));
}

/* After the schema changed: every cached statement is prepared anew. */
static void cache_clear(struct pg_db *db)
{
	for (size_t i = 0; i < VS_PG_STMT_CACHE; i++)
		cache_forget(db, &db->cache[i], true);
}

/* The slot of s's SQL; a new one (the least recently used slot emptied,
 * *fresh set) when it has none; NULL when out of memory. */
static struct pg_cached *cache_slot(struct pg_db *db, struct pg_stmt *s, bool *fresh)
{
	uint64_t h = fnv1a(s->sql);
	struct pg_cached *victim = &db->cache[0];
	for (size_t i = 0; i < VS_PG_STMT_CACHE; i++) {
		struct pg_cached *e = &db->cache[i];
		if (e->sql && e->hash == h && e->n == s->n && strcmp(e->sql, s->sql) == 0) {
			e->used = ++db->cache_clock;
			return e;
		}
		if (!e->sql || (victim->sql && e->used < victim->used))
			victim = e;
	}
	cache_forget(db, victim, true);
	victim->sql = strdup(s->sql);
	victim->type = s->n ? calloc((size_t)s->n, sizeof(Oid)) : NULL;
	if (!victim->sql || (s->n && !victim->type)) {
		cache_forget(db, victim, false);
		return NULL;
	}
	victim->hash = h;
	victim->n = s->n;
	*fresh = true;
	victim->used = ++db->cache_clock;
	return victim;
}

/*
 * Run a statement without DB_KEEP through the cache: the first time its
 * SQL text is seen as PQexecParams does (a one-off statement pays no extra
 * round trip for a PREPARE it would never reuse), from the second on as a
 * server-side prepared statement, parsed and analysed once (the web
 * server's register query spent ~0.85 ms planning each request). A result
 * type changed under it by another connection's DDL ("cached plan must not
 * change result type", 0A000) drops it: outside a transaction the
 * statement is run again unprepared, inside one the transaction has
 * failed already and the caller hears the error.
 */
static PGresult *exec_cached(struct pg_db *db, struct pg_stmt *s)
{
	const char *const *vals = (const char *const *)s->val;
	bool fresh = false;
	struct pg_cached *e = cache_slot(db, s, &fresh);
	if (!e || fresh)
		return PQexecParams(db->c, s->sql, s->n, s->type, vals, NULL, NULL, 0);
	if (!e->name[0] || !types_fit(s, e->type)) {
		if (e->name[0]) {
			char sql[48];
			snprintf(sql, sizeof(sql), "DEALLOCATE %s", e->name);
			exec_quietly(db, sql);
			e->name[0] = '\0';
		}
		if (!prepare_named(db, s, e->name, e->type))
			return NULL;
	}
	PGresult *r = PQexecPrepared(db->c, e->name, s->n, vals, NULL, NULL, 0);
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (state && strcmp(state, "0A000") == 0) {
		cache_forget(db, e, true);
		if (PQtransactionStatus(db->c) == PQTRANS_IDLE) {
			PQclear(r);
			r = PQexecParams(db->c, s->sql, s->n, s->type, vals, NULL, NULL, 0);
		}
	}
	return r;
}

/*
 * A kept write inside a transaction is sent in pipeline mode and not
 * waited for: its result is read with the next statement that returns
 * one (or the commit), which fails with the write's error if it had one.
 * The transaction is then aborted on the server anyway, and the commit
 * fails, so nothing of it is stored. A capture's per-device rows (its
 * facts, first and last seen times, peers: 14,000 INSERTs of 28,000
 * statements for 5,000 devices) were one round trip each.
 */
static bool pipelinable(struct pg_db *db, const struct pg_stmt *s)
{
	return (s->flags & (DB_KEEP | DB_STREAM | DB_NEW_ID)) == DB_KEEP && s->writes &&
	       (db->pipelined || PQtransactionStatus(db->c) == PQTRANS_INTRANS);
}

/* A DB_KEEP statement prepared under its own name with the types its
 * parameters have now (a NULL fits any: types_fit), prepared again when
 * they changed; false with the error noted. */
static bool keep_prepared(struct pg_db *db, struct pg_stmt *s)
{
	if (s->name[0] && types_fit(s, s->prep_type))
		return true;
	if (s->name[0]) {
		char sql[48];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->name);
		PQclear(PQexec(db->c, sql));
		s->name[0] = '\0';
	}
	return prepare_named(db, s, s->name, s->prep_type);
}

static bool send_pipelined(struct pg_db *db, struct pg_stmt *s)
{
	if (!s->name[0] || !types_fit(s, s->prep_type)) {
		if (!connection_ready(db) || !keep_prepared(db, s))
			return false;
	}
	if (!db->pipelined) {
		if (!connection_ready(db))
			return false;
		if (PQenterPipelineMode(db->c) != 1) {
			note_error(db, NULL);
			return false;
		}
	}
	const char *const *vals = (const char *const *)s->val;
	if (PQsendQueryPrepared(db->c, s->name, s->n, vals, NULL, NULL, 0) != 1) {
		note_error(db, NULL);
		pipeline_finish(db, true);
		return false;
	}
	db->pipelined++;
	/* Sent now, so the server works on it while we go on. */
	if (PQflush(db->c) != 0) {
		note_error(db, NULL);
		pipeline_finish(db, true);
		return false;
	}
	if (db->pipelined >= VS_PG_PIPELINE)
		return pipeline_finish(db, false);
	return true;
}

/* Run the statement (or open its cursor and read the first batch). */
static bool run(struct pg_stmt *s)
{
	struct pg_db *db = pg_of(s->base.db);
	const char *const *vals = (const char *const *)s->val;
	PGresult *r;
	if (pipelinable(db, s)) {
		if (!send_pipelined(db, s))
			return false;
		s->res = NULL;
		s->run = true;
		return true;
	}
	if (!connection_ready(db))
		return false;
	if (s->flags & DB_STREAM) {
		/* Outside a transaction a cursor must be WITH HOLD, which the
		 * server fills at once (on its side); inside one it runs as read. */
		bool in_tx = PQtransactionStatus(db->c) != PQTRANS_IDLE;
		snprintf(s->cursor, sizeof(s->cursor), "vs_c%u", ++db->next_name);
		struct strbuf sql = STRBUF_INIT;
		strbuf_addf(&sql, "DECLARE %s NO SCROLL CURSOR %s FOR %s", s->cursor,
			    in_tx ? "WITHOUT HOLD" : "WITH HOLD", s->sql);
		if (sql.failed) {
			snprintf(db->msg, sizeof(db->msg), "out of memory");
			s->cursor[0] = '\0';
			return false;
		}
		r = PQexecParams(db->c, sql.buf, s->n, s->type, vals, NULL, NULL, 0);
		strbuf_release(&sql);
		bool ok = result_ok(db, r);
		PQclear(r);
		if (!ok) {
			s->cursor[0] = '\0';
			return false;
		}
		char fetch[64];
		snprintf(fetch, sizeof(fetch), "FETCH %d FROM %s", DB_STREAM_BATCH, s->cursor);
		r = PQexec(db->c, fetch);
	} else if (s->flags & DB_KEEP) {
		if (!keep_prepared(db, s))
			return false;
		r = PQexecPrepared(db->c, s->name, s->n, vals, NULL, NULL, 0);
	} else {
		r = exec_cached(db, s);
		if (!r)
			return false;
	}
	if (!result_ok(db, r)) {
		PQclear(r);
		return false;
	}
	s->res = r;
	s->rows = PQntuples(r);
	s->row = -1;
	s->last_batch = !s->cursor[0] || s->rows < DB_STREAM_BATCH;
	s->run = true;
	return true;
}

static enum db_step pg_step(struct db_stmt *st)
{
	struct pg_stmt *s = ps_of(st);
	if (!s->run) {
		if (!run(s))
			return DB_ERROR;
	}
	if (!s->res)
		return DB_DONE;
	if (++s->row < s->rows)
		return DB_ROW;
	if (s->last_batch)
		return DB_DONE;
	/* The cursor's next batch. */
	struct pg_db *db = pg_of(st->db);
	char fetch[64];
	snprintf(fetch, sizeof(fetch), "FETCH %d FROM %s", DB_STREAM_BATCH, s->cursor);
	PQclear(s->res);
	s->res = NULL;
	if (!connection_ready(db))
		return DB_ERROR;
	s->res = PQexec(db->c, fetch);
	if (!result_ok(db, s->res)) {
		PQclear(s->res);
		s->res = NULL;
		return DB_ERROR;
	}
	s->rows = PQntuples(s->res);
	s->row = 0;
	s->last_batch = s->rows < DB_STREAM_BATCH;
	return s->rows > 0 ? DB_ROW : DB_DONE;
}

static bool in_row(struct pg_stmt *s, int i)
{
	return s->res && s->row >= 0 && s->row < s->rows && i >= 0 && i < PQnfields(s->res);
}

static bool pg_column_null(struct db_stmt *st, int i)
{
	struct pg_stmt *s = ps_of(st);
	return !in_row(s, i) || PQgetisnull(s->res, s->row, i);
}

static const char *pg_column_text(struct db_stmt *st, int i)
{
	struct pg_stmt *s = ps_of(st);
	if (pg_column_null(st, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

static int64_t pg_column_int64(struct db_stmt *st, int i)
{
	const char *t = pg_column_text(st, i);
	/* sum() of bigint is numeric: "12" still, or "12.0" from a real. */
	return t ? (int64_t)strtoll(t, NULL, 10) : 0;
}

static double pg_column_double(struct db_stmt *st, int i)
{
	const char *t = pg_column_text(st, i);
	return t ? strtod(t, NULL) : 0.0;
}

/* One int from a query without parameters; -1 on error. */
static int query_int(struct pg_db *db, const char *sql)
{
	if (!connection_ready(db))
		return -1;
	PGresult *r = PQexec(db->c, sql);
	int v = -1;
	if (result_ok(db, r) && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
		v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

static int pg_schema_version(struct db *db)
{
	int exists = query_int(pg_of(db), "SELECT count(*) FROM pg_catalog.pg_tables "
					  "WHERE schemaname = current_schema() "
					  "AND tablename = 'vendorscope_schema'");
	if (exists <= 0)
		return exists;
	return query_int(pg_of(db), "SELECT version FROM vendorscope_schema");
}

/* Before the first migration: where the version lives, and the collation
 * COLLATE NOCASE names (SQLite's NOCASE: equal ignoring case; ICU's
 * level-2 strength also folds non-ASCII letters, where SQLite folds
 * ASCII only). */
static const char pg_schema_start[] =
	"CREATE TABLE vendorscope_schema (version INTEGER NOT NULL);"
	"INSERT INTO vendorscope_schema VALUES (0);"
	"CREATE COLLATION IF NOT EXISTS nocase "
	"(provider = icu, locale = 'und-u-ks-level2', deterministic = false);";

static enum vs_err pg_migrate_step(struct db *db, const char *sql, int new_version,
				   struct vs_error *err)
{
	if (new_version == 1 && pg_exec(db, pg_schema_start, err))
		return VS_EDB;
	/* A statement prepared before may return other columns after. */
	cache_clear(pg_of(db));
	char *ddl = db_pg_ddl(sql);
	if (!ddl)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	/* An empty step (one only SQLite needs) is no query to the server. */
	enum vs_err rc = ddl[0] ? pg_exec(db, ddl, err) : VS_OK;
	free(ddl);
	if (rc)
		return rc;
	char set[64];
	snprintf(set, sizeof(set), "UPDATE vendorscope_schema SET version = %d", new_version);
	return pg_exec(db, set, err);
}

static enum vs_err pg_begin_write(struct db *db, struct vs_error *err)
{
	char sql[80];
	snprintf(sql, sizeof(sql), "BEGIN; SELECT pg_advisory_xact_lock(%d)", STORE_APPLICATION_ID);
	enum vs_err rc = pg_exec(db, sql, err);
	if (rc)
		PQclear(PQexec(pg_of(db)->c, "ROLLBACK"));
	return rc;
}

/* COMMIT of a transaction an error aborted answers ROLLBACK, not an
 * error: that is one here. */
static enum vs_err pg_commit(struct db *d, struct vs_error *err)
{
	struct pg_db *db = pg_of(d);
	if (!connection_ready(db)) {
		PQclear(PQexec(db->c, "ROLLBACK"));
		return vs_fail(err, VS_EDB, "store: %s", db->msg);
	}
	PGresult *r = PQexec(db->c, "COMMIT");
	bool ok = result_ok(db, r);
	bool rolled_back = ok && strcmp(PQcmdStatus(r), "ROLLBACK") == 0;
	PQclear(r);
	if (!ok)
		return vs_fail(err, VS_EDB, "store: %s", db->msg);
	if (rolled_back)
		return vs_fail(err, VS_EDB, "store: the transaction was rolled back after an "
					    "earlier error; nothing of it was stored");
	return VS_OK;
}

static enum vs_err pg_data_version(struct db *d, uint64_t *out, struct vs_error *err)
{
	struct pg_db *db = pg_of(d);
	if (!connection_ready(db))
		return vs_fail(err, VS_EDB, "reading the data version: %s", db->msg);
	PGresult *r = PQexec(db->c, "SELECT pg_current_snapshot()::text");
	bool ok = result_ok(db, r) && PQntuples(r) == 1;
	if (ok) {
		/* FNV-1a of "xmin:xmax:xip,…". */
		uint64_t h = 14695981039346656037ULL;
		for (const char *p = PQgetvalue(r, 0, 0); *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		*out = h;
	}
	PQclear(r);
	return ok ? VS_OK : vs_fail(err, VS_EDB, "reading the data version: %s", db->msg);
}

static enum vs_err pg_temp_table(struct db *db, const char *name, const char *columns,
				 struct vs_error *err)
{
	char *cols = db_pg_ddl(columns);
	if (!cols)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "CREATE TEMP TABLE IF NOT EXISTS %s (%s); DELETE FROM %s;", name, cols,
		    name);
	free(cols);
	if (sql.failed)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	/* IF NOT EXISTS says so with a notice: not for the terminal. */
	enum vs_err rc = pg_exec(db, sql.buf, err);
	strbuf_release(&sql);
	return rc;
}

static const struct db_driver pg_driver = {
	.close = pg_close,
	.errmsg = pg_errmsg,
	.retryable = pg_retryable,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.bind_count = pg_bind_count,
	.bind_null = pg_bind_null,
	.bind_int64 = pg_bind_int64,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.step = pg_step,
	.column_null = pg_column_null,
	.column_int64 = pg_column_int64,
	.column_double = pg_column_double,
	.column_text = pg_column_text,
	.schema_version = pg_schema_version,
	.migrate_step = pg_migrate_step,
	.begin_write = pg_begin_write,
	.commit = pg_commit,
	.data_version = pg_data_version,
	.temp_table = pg_temp_table,
};

/* Notices (CREATE … IF NOT EXISTS that exists) are not for the user. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

enum vs_err db_pg_open(const char *url, struct db **out, struct vs_error *err)
{
	*out = NULL;
	struct pg_db *db = calloc(1, sizeof(*db));
	if (!db)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	db->base.drv = &pg_driver;
	db->base.kind = DB_PG;
	db->c = PQconnectdb(url);
	if (!db->c || PQstatus(db->c) != CONNECTION_OK) {
		note_error(db, NULL);
		vs_fail(err, VS_EIO, "%s: cannot connect: %s", db_target_display(url),
			db->c ? db->msg : "out of memory");
		PQfinish(db->c);
		free(db);
		return VS_EIO;
	}
	PQsetNoticeProcessor(db->c, quiet, NULL);
	/* Text as UTF-8 whatever the client's locale, dates as ISO, floats
	 * with every digit (the default since PostgreSQL 12, said anyway). */
	struct vs_error e = {0};
	if (pg_exec(&db->base, "SET client_encoding = 'UTF8'; SET extra_float_digits = 3; "
			       "SET client_min_messages = warning",
		    &e)) {
		vs_fail(err, VS_EIO, "%s: %s", db_target_display(url), e.msg);
		PQfinish(db->c);
		free(db);
		return VS_EIO;
	}
	*out = &db->base;
	return VS_OK;
}

/* COPY in the binary format (PostgreSQL's documentation, "COPY", "Binary
 * Format"): a signature and two zero words, then per row the number of
 * fields and each field as its length (-1: NULL) and bytes, integers in
 * network order. */
static const char copy_signature[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";

enum vs_err db_copy_begin(struct db *d, const char *table_and_columns, struct vs_error *err)
{
	if (d->kind != DB_PG)
		return vs_fail(err, VS_EDB, "store: COPY needs PostgreSQL");
	struct pg_db *db = pg_of(d);
	if (db->copying && strcmp(db->copy_into, table_and_columns) == 0)
		return VS_OK; /* the COPY in progress goes on */
	if (!connection_ready(db))
		return vs_fail(err, VS_EDB, "storing assets: %s", db->msg);
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "COPY %s FROM STDIN (FORMAT binary)", table_and_columns);
	if (sql.failed || strlen(table_and_columns) >= sizeof(db->copy_into)) {
		strbuf_release(&sql);
		return vs_fail(err, VS_ENOMEM, "out of memory");
	}
	PGresult *r = PQexec(db->c, sql.buf);
	strbuf_release(&sql);
	bool ok = PQresultStatus(r) == PGRES_COPY_IN;
	if (!ok)
		note_error(db, r);
	PQclear(r);
	if (!ok)
		return vs_fail(err, VS_EDB, "storing assets: %s", db->msg);
	db->copying = true;
	snprintf(db->copy_into, sizeof(db->copy_into), "%s", table_and_columns);
	strbuf_reset(&db->copy_buf);
	db->copy_buf.failed = false;
	strbuf_add(&db->copy_buf, copy_signature, sizeof(copy_signature) - 1);
	return VS_OK;
}

/* v in network order at o; o moved past it. One width each, so every
 * store is a fixed-size byte swap (a loop over a width did not unroll and
 * cost a fifth of the encoding). */
static inline unsigned char *put_be16(unsigned char *o, uint16_t v)
{
	o[0] = (unsigned char)(v >> 8);
	o[1] = (unsigned char)v;
	return o + 2;
}

static inline unsigned char *put_be32(unsigned char *o, uint32_t v)
{
	o[0] = (unsigned char)(v >> 24);
	o[1] = (unsigned char)(v >> 16);
	o[2] = (unsigned char)(v >> 8);
	o[3] = (unsigned char)v;
	return o + 4;
}

static inline unsigned char *put_be64(unsigned char *o, uint64_t v)
{
	o = put_be32(o, (uint32_t)(v >> 32));
	return put_be32(o, (uint32_t)v);
}

enum vs_err db_copy_row(struct db *d, const struct db_copy_value *values, int n,
			struct vs_error *err)
{
	struct pg_db *db = pg_of(d);
	struct strbuf *b = &db->copy_buf;
	if (n < 0 || n > INT16_MAX)
		return vs_fail(err, VS_EDB, "storing assets: %d columns", n);
	/* The row's size first, so it is written in place with one check:
	 * at most 4 + 8 bytes a value, and the text. */
	size_t text = 0;
	for (int k = 0; k < n; k++) {
		if (values[k].kind != DB_COPY_TEXT)
			continue;
		if (values[k].len > INT32_MAX)
			return vs_fail(err, VS_EDB, "storing assets: a value is too long");
		text += values[k].len;
	}
	if (!strbuf_grow(b, 2 + (size_t)n * 12 + text))
		return vs_fail(err, VS_ENOMEM, "out of memory");
	unsigned char *start = (unsigned char *)b->buf + b->len;
	unsigned char *o = put_be16(start, (uint16_t)n);
	for (int k = 0; k < n; k++) {
		const struct db_copy_value *v = &values[k];
		/* Text and NULL first: most of a row. */
		if (v->kind == DB_COPY_TEXT) {
			o = put_be32(o, (uint32_t)v->len);
			if (v->len)
				memcpy(o, v->u.s, v->len);
			o += v->len;
		} else if (v->kind == DB_COPY_NULL) {
			o = put_be32(o, UINT32_MAX); /* -1 */
		} else {
			uint64_t bits = (uint64_t)v->u.i;
			if (v->kind == DB_COPY_REAL)
				memcpy(&bits, &v->u.d, sizeof(bits)); /* IEEE 754, as float8send */
			o = put_be32(o, 8);
			o = put_be64(o, bits);
		}
	}
	b->len += (size_t)(o - start);
	b->buf[b->len] = '\0';
	if (b->len >= VS_PG_COPY_CHUNK && !copy_flush(db))
		return vs_fail(err, VS_EDB, "storing assets: %s", db->msg);
	return VS_OK;
}

enum vs_err db_copy_end(struct db *d, struct vs_error *err)
{
	struct pg_db *db = pg_of(d);
	if (!connection_ready(db))
		return vs_fail(err, VS_EDB, "storing assets: %s", db->msg);
	return VS_OK;
}
