#include "store/query_facts.h"

#include <stdio.h>

#include "store/store_int.h"

_Static_assert(STORE_FACT_ROWS == 16, "the statement tables below spell out 16 sizes");
_Static_assert(STORE_STMT_OBSERVATION_ROWS_LAST - STORE_STMT_OBSERVATION_ROWS + 1 ==
		       STORE_FACT_ROWS &&
	       STORE_STMT_EXPOSURE_ROWS_LAST - STORE_STMT_EXPOSURE_ROWS + 1 == STORE_FACT_ROWS,
	       "one cached statement per row count");

/* "r,r,…" k times, as one literal: the statements are compiled in. */
#define ROWS1(r) r
#define ROWS2(r) r "," r
#define ROWS3(r) ROWS2(r) "," r
#define ROWS4(r) ROWS2(r) "," ROWS2(r)
#define ROWS5(r) ROWS4(r) "," r
#define ROWS6(r) ROWS4(r) "," ROWS2(r)
#define ROWS7(r) ROWS4(r) "," ROWS3(r)
#define ROWS8(r) ROWS4(r) "," ROWS4(r)
#define ROWS9(r) ROWS8(r) "," r
#define ROWS10(r) ROWS8(r) "," ROWS2(r)
#define ROWS11(r) ROWS8(r) "," ROWS3(r)
#define ROWS12(r) ROWS8(r) "," ROWS4(r)
#define ROWS13(r) ROWS8(r) "," ROWS5(r)
#define ROWS14(r) ROWS8(r) "," ROWS6(r)
#define ROWS15(r) ROWS8(r) "," ROWS7(r)
#define ROWS16(r) ROWS8(r) "," ROWS8(r)
#define ROW_SQL(head, r)                                                                      \
	{                                                                                     \
		head ROWS1(r), head ROWS2(r), head ROWS3(r), head ROWS4(r), head ROWS5(r),    \
		head ROWS6(r), head ROWS7(r), head ROWS8(r), head ROWS9(r), head ROWS10(r),   \
		head ROWS11(r), head ROWS12(r), head ROWS13(r), head ROWS14(r),              \
		head ROWS15(r), head ROWS16(r)                                               \
	}

#define OBSERVATION_COLS 9
static const char *const observation_sql[STORE_FACT_ROWS] =
	ROW_SQL("INSERT INTO observation(asset_id, method, field, value, confidence, first_seen, "
		"last_seen, source_id, source_row) VALUES ",
		"(?,?,?,?,?,?,?,?,?)");

#define EXPOSURE_COLS 10
static const char *const exposure_sql[STORE_FACT_ROWS] =
	ROW_SQL("INSERT INTO exposure(asset_id, peer, name, country, cloud, bytes, first_seen, "
		"last_seen, source_id, seen) VALUES ",
		"(?,?,?,?,?,?,?,?,?,?)");

/* Cleared bindings are NULL: a NULL string is left unbound. The strings
 * outlive the step (the caller's, for the call). */
static void bind_text(struct db_stmt *s, int i, const char *v)
{
	if (v)
		db_bind_text_static(s, i, v, -1);
}

/* Step a statement of bound rows and reset it. */
static enum vs_err run(struct store *st, struct db_stmt *s, const char *what,
		       struct vs_error *err)
{
	int step = db_step(s);
	db_reset(s);
	if (step != DB_DONE)
		return vs_fail(err, VS_EDB, "storing %s: %s", what, db_errmsg(store_handle(st)));
	return VS_OK;
}

enum vs_err store_facts_cache(struct store *st, size_t n, struct vs_error *err)
{
	/* KiB: 8 per device, twice what one takes; never below SQLite's
	 * default (2,000 KiB). */
	size_t kib = n < 250 ? 2000 : n > 8192 ? 65536 : n * 8;
	return db_cache_size(store_handle(st), kib, err);
}

/* Bind one row's values from parameter p + 1 on. */
typedef void (*bind_row_fn)(struct db_stmt *s, int p, int64_t asset_id, const void *row);

static void bind_observation(struct db_stmt *s, int p, int64_t asset_id, const void *row)
{
	const struct observation_row *r = row;
	db_bind_int64(s, p + 1, asset_id);
	bind_text(s, p + 2, r->method);
	bind_text(s, p + 3, r->field);
	bind_text(s, p + 4, r->value);
	db_bind_double(s, p + 5, r->confidence);
	bind_text(s, p + 6, r->first_seen);
	bind_text(s, p + 7, r->last_seen);
	if (r->source_id > 0)
		db_bind_int64(s, p + 8, r->source_id);
	if (r->line > 0)
		db_bind_int64(s, p + 9, r->line);
}

static void bind_exposure(struct db_stmt *s, int p, int64_t asset_id, const void *row)
{
	const struct exposure_row *r = row;
	db_bind_int64(s, p + 1, asset_id);
	bind_text(s, p + 2, r->peer ? r->peer : "");
	bind_text(s, p + 3, r->name);
	bind_text(s, p + 4, r->country);
	bind_text(s, p + 5, r->cloud);
	db_bind_int64(s, p + 6, (int64_t)r->bytes);
	bind_text(s, p + 7, r->first_seen);
	bind_text(s, p + 8, r->last_seen);
	if (r->source_id > 0)
		db_bind_int64(s, p + 9, r->source_id);
	bind_text(s, p + 10, r->query ? "query" : "traffic");
}

/* n rows of size bytes each, STORE_FACT_ROWS to a statement: the k-row
 * statement is sql[k - 1], cached at first + k - 1. */
static enum vs_err insert_rows(struct store *st, enum store_stmt_id first,
			       const char *const sql[STORE_FACT_ROWS], int cols, int64_t asset_id,
			       const void *rows, size_t size, size_t n, bind_row_fn bind,
			       const char *what, struct vs_error *err)
{
	const char *row = rows;
	while (n > 0) {
		size_t k = n < STORE_FACT_ROWS ? n : STORE_FACT_ROWS;
		struct db_stmt *s = store_stmt(st, (enum store_stmt_id)(first + k - 1), sql[k - 1], err);
		if (!s)
			return VS_EDB;
		for (size_t i = 0; i < k; i++)
			bind(s, (int)i * cols, asset_id, row + i * size);
		enum vs_err rc = run(st, s, what, err);
		if (rc)
			return rc;
		row += k * size;
		n -= k;
	}
	return VS_OK;
}

enum vs_err store_observations_add(struct store *st, int64_t asset_id,
				   const struct observation_row *rows, size_t n,
				   struct vs_error *err)
{
	return insert_rows(st, STORE_STMT_OBSERVATION_ROWS, observation_sql, OBSERVATION_COLS,
			   asset_id, rows, sizeof(*rows), n, bind_observation, "observations", err);
}

enum vs_err store_exposures_add(struct store *st, int64_t asset_id,
				const struct exposure_row *rows, size_t n, struct vs_error *err)
{
	return insert_rows(st, STORE_STMT_EXPOSURE_ROWS, exposure_sql, EXPOSURE_COLS, asset_id,
			   rows, sizeof(*rows), n, bind_exposure, "exposure", err);
}
