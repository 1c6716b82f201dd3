#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "store/db.h"
#include "store/query_groups.h"
#include "store/store.h"

#define STORE_FIXTURE_NAME "store"
#include "store_fixture.h"

static void refuses_missing_store_without_create(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_ENOTFOUND);
	assert_non_null(strstr(err.msg, "vendorscope init"));
	if (!store_fixture_pg())
		assert_int_equal(access(path, F_OK), -1);
}

/* PostgreSQL: init refuses a database that holds another program's
 * tables, and leaves it as it was (refuses_what_is_not_a_store is the
 * SQLite side); several inits at once make one schema. */
static void refuses_a_database_of_another_program(void **state)
{
	(void)state;
	if (!store_fixture_pg())
		skip();
	PGconn *c = PQconnectdb(path);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PQclear(PQexec(c, "CREATE TABLE theirs (x int)"));
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "not a vendorscope store"));
	PGresult *r = PQexec(c, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
	assert_string_equal(PQgetvalue(r, 0, 0), "1");
	PQclear(r);
	PQclear(PQexec(c, "DROP TABLE theirs"));
	PQfinish(c);
	vs_error_clear(&err);
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	store_close(st);
}

/* A store a newer vendorscope made is refused, on either backend, and left
 * as it was. */
static void refuses_a_newer_schema(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	char sql[96];
	snprintf(sql, sizeof(sql),
		 db_kind(store_handle(st)) == DB_PG ? "UPDATE vendorscope_schema SET version = %d"
						    : "PRAGMA user_version = %d",
		 store_schema_latest() + 1);
	assert_int_equal(db_exec(store_handle(st), sql, &err), VS_OK);
	store_close(st);
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_EDB);
	assert_non_null(strstr(err.msg, "newer than this vendorscope knows"));
	vs_error_clear(&err);
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_EDB);
}

/* Issue 15: a SQLite file of another program, an empty file and a file that
 * is no database are refused and left untouched; our stores say whose they
 * are (application_id), and a store from before the id is still ours. */
static void sql(const char *stmt)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, stmt, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void refuses_what_is_not_a_store(void **state)
{
	(void)state;
	SQLITE_ONLY();
	struct store *st;
	struct vs_error err = {0};
	sql("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine');");
	struct stat before;
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "not a vendorscope store"));
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_EBADVAL);
	struct stat after;
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(before.st_size, after.st_size);
	assert_int_equal(before.st_mtime, after.st_mtime);
	unlink(path);
	sql("PRAGMA application_id = 7; CREATE TABLE survey (id); CREATE TABLE asset (id); "
	    "CREATE TABLE source (id); PRAGMA user_version = 3;");
	struct vs_error e2 = {0};
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &e2), VS_EBADVAL);
	assert_non_null(strstr(e2.msg, "application id 0x00000007"));
	unlink(path);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	struct vs_error e3 = {0};
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &e3), VS_EBADVAL);
	assert_non_null(strstr(e3.msg, "an empty file, not a store"));
	f = fopen(path, "w");
	for (int i = 0; i < 200; i++)
		fputs("no database here\n", f);
	fclose(f);
	struct vs_error e4 = {0};
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &e4), VS_EBADVAL);
	assert_non_null(strstr(e4.msg, "not a vendorscope store"));
}

static void stores_carry_the_application_id(void **state)
{
	(void)state;
	SQLITE_ONLY();
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	struct db *db = store_handle(st);
	struct db_stmt *s;
	assert_non_null(s = db_prepare(db, "PRAGMA application_id", 0));
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int(s, 0), STORE_APPLICATION_ID);
	db_finalize(s);
	assert_int_equal(store_check_writable(st, path, &err), VS_OK);
	/* A store from before the id (0): still opened, and init marks it. */
	assert_int_equal(db_exec(db, "PRAGMA application_id = 0", &(struct vs_error){0}), VS_OK);
	store_close(st);
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_OK);
	store_close(st);
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	db = store_handle(st);
	assert_non_null(s = db_prepare(db, "PRAGMA application_id", 0));
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int(s, 0), STORE_APPLICATION_ID);
	db_finalize(s);
	store_close(st);
	/* A 0-byte file is what init may make a store of (mktemp). */
	unlink(path);
	FILE *f = fopen(path, "w");
	fclose(f);
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	store_close(st);
}

static void migrates_to_latest(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	store_close(st);
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_OK);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	store_close(st);
}

static void add(struct store *st, int64_t survey, const char *type, const char *dept,
		int64_t n, int64_t low, int64_t high, enum tri chinese)
{
	struct asset a;
	struct vs_error err = {0};
	asset_init(&a);
	str_set(&a.type, type);
	str_set(&a.department, dept);
	a.count.value = n;
	a.count.low = low;
	a.count.high = high;
	a.count.estimated = low != n || high != n;
	a.chinese = chinese;
	asset_add_evidence(&a, "csv", "maker", "HIKVision", 1.0);
	assert_int_equal(store_asset_insert(st, survey, 0, &a, &err), VS_OK);
	asset_release(&a);
}

static bool collect(const struct asset *a, void *ctx)
{
	int *n = ctx;
	if (*n == 0) {
		assert_string_equal(a->type, "surveillance_camera");
		assert_int_equal(a->count.value, 300);
		assert_int_equal(a->count.low, 200);
		assert_true(a->count.estimated);
		assert_int_equal(a->chinese, TRI_YES);
		assert_int_equal(a->n_evidence, 1);
		assert_string_equal(a->evidence[0].value, "HIKVision");
	}
	(*n)++;
	return true;
}

static void groups_sum_counts_and_ranges(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	struct survey_info s;
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_equal(store_survey_get(st, "kk-2025", "2025", true, &s, &err), VS_OK);
	add(st, s.id, "surveillance_camera", "BUF", 300, 200, 300, TRI_YES);
	add(st, s.id, "surveillance_camera", "BUF", 5, 5, 5, TRI_UNKNOWN);
	add(st, s.id, "surveillance_camera", "SUF", 150, 150, -1, TRI_YES);
	add(st, s.id, "router", "SOF", 70, 70, 70, TRI_NO);
	assert_int_equal(store_commit(st, &err), VS_OK);

	int n = 0;
	struct asset_filter f = {.survey_id = s.id, .kind = -1, .chinese_only = true};
	assert_int_equal(store_assets_foreach(st, &f, collect, &n, &err), VS_OK);
	assert_int_equal(n, 2);

	f.chinese_only = false;
	enum group_field by[2] = {GF_TYPE, GF_DEPARTMENT};
	struct group_result g;
	assert_int_equal(store_assets_grouped(st, &f, by, 2, &g, &err), VS_OK);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[0].value[1], "BUF");
	assert_int_equal(g.rows[0].count, 305);
	assert_int_equal(g.rows[0].low, 205);
	assert_int_equal(g.rows[0].high, 305);
	assert_true(g.rows[0].estimated);
	assert_string_equal(g.rows[1].value[1], "SUF");
	assert_int_equal(g.rows[1].high, -1); /* "150+" has no upper bound */
	group_result_release(&g);
	store_close(st);
}

static void rollback_leaves_nothing(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	struct survey_info s;
	st = open_in_survey("half", &s);
	add(st, s.id, "router", "SOF", 1, 1, 1, TRI_NO);
	store_rollback(st);
	assert_int_equal(store_survey_get(st, "half", NULL, false, &s, &err), VS_ENOTFOUND);
	assert_int_equal(store_survey_latest(st, &s, &err), VS_ENOTFOUND);
	store_close(st);
}

static int64_t count_rows(struct store *st, const char *table)
{
	char sql[256];
	struct db_stmt *s;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	assert_non_null(s = db_prepare(store_handle(st), sql, 0));
	assert_int_equal(db_step(s), DB_ROW);
	int64_t n = db_column_int64(s, 0);
	db_finalize(s);
	return n;
}

static void evidence_lists_are_shared_and_survive_rollback(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	struct survey_info s;
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	/* A rolled-back transaction must not leave cached evidence ids behind. */
	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_equal(store_survey_get(st, "a", NULL, true, &s, &err), VS_OK);
	add(st, s.id, "router", "SOF", 1, 1, 1, TRI_NO);
	store_rollback(st);
	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_equal(store_survey_get(st, "a", NULL, true, &s, &err), VS_OK);
	for (int i = 0; i < 100; i++)
		add(st, s.id, "router", "SOF", 1, 1, 1, TRI_NO);
	assert_int_equal(store_commit(st, &err), VS_OK);
	assert_int_equal(count_rows(st, "asset"), 100);
	assert_int_equal(count_rows(st, "evidence_set"), 1);
	assert_int_equal(count_rows(st, "asset WHERE evidence_id NOT IN (SELECT id FROM evidence_set)"), 0);
	store_close(st);
}

/* Appended rows: written 32 to a statement and the remainder one by one,
 * in order, readable before the commit, gone with a rollback. */
struct appended {
	int n;
	bool ordered;
};

static bool count_in_order(const struct asset *a, void *ctx)
{
	struct appended *c = ctx;
	char want[32];
	snprintf(want, sizeof(want), "SN%d", c->n);
	if (!a->serial || strcmp(a->serial, want) != 0)
		c->ordered = false;
	c->n++;
	return true;
}

static void append_rows(struct store *st, int64_t survey, int64_t source, int n,
			const char *line_prefix)
{
	struct vs_error err = {0};
	for (int i = 0; i < n; i++) {
		struct asset a;
		asset_init(&a);
		char serial[32], line[128];
		snprintf(serial, sizeof(serial), "SN%d", i);
		snprintf(line, sizeof(line), "%s%d", line_prefix, i + 2);
		str_set(&a.serial, serial);
		str_set(&a.source_line, line);
		str_set(&a.type, "router");
		asset_add_evidence(&a, "csv", "maker", "TP-Link", 1.0);
		assert_int_equal(store_asset_append(st, survey, source, &a, &err), VS_OK);
		assert_true(a.evidence_set_id > 0);
		asset_release(&a);
	}
}

/*
 * The bulk path (a binary COPY on PostgreSQL) gives back every value as
 * written: the bytes the text format had to escape, a value longer than
 * a COPY chunk, an integer a double cannot hold, a real that has no short
 * decimal form, empty text apart from NULL, each verdict.
 */
#define BULK_ROWS 40 /* a batch of 32, then 8 that the flush writes */
#define BULK_LONG (100 * 1024)

static const char bulk_escaped[] = "a\tb\nc\rd\\e\\N \\. \xc3\x98"; /* Ø */

struct bulk_seen {
	int n;
	const char *long_text;
};

static double bulk_confidence(int i)
{
	return 0.1 * (i + 1) / 3;
}

static bool bulk_values_match(const struct asset *a, void *ctx)
{
	struct bulk_seen *seen = ctx;
	int i = seen->n++;
	char serial[32];
	snprintf(serial, sizeof(serial), "SN%d", i);
	assert_string_equal(a->serial, serial);
	assert_string_equal(a->model, bulk_escaped);
	if (i % 2)
		assert_null(a->firmware);
	else
		assert_string_equal(a->firmware, "");
	if (i == 0 || i == 33)
		assert_string_equal(a->hostname, seen->long_text);
	else
		assert_null(a->hostname);
	assert_int_equal(a->lifespan_years, i + 1);
	assert_true(a->count.value == 9007199254740993LL); /* 2^53 + 1 */
	assert_true(a->count.low == 0);
	assert_true(a->count.high == INT64_MAX);
	assert_true(a->confidence == bulk_confidence(i));
	assert_int_equal(a->chinese, i % 3 - 1);
	assert_int_equal(a->randomized_mac, i % 2);
	return true;
}

static void bulk_values_arrive_as_written(void **state)
{
	(void)state;
	struct vs_error err = {0};
	struct survey_info s;
	struct store *st = open_in_survey("bulk", &s);
	char *long_text = malloc(BULK_LONG + 1);
	assert_non_null(long_text);
	for (size_t k = 0; k < BULK_LONG; k++)
		long_text[k] = (char)('a' + k % 26);
	long_text[BULK_LONG] = '\0';
	for (int i = 0; i < BULK_ROWS; i++) {
		struct asset a;
		asset_init(&a);
		char serial[32];
		snprintf(serial, sizeof(serial), "SN%d", i);
		str_set(&a.serial, serial);
		str_set(&a.type, "router");
		str_set(&a.model, bulk_escaped);
		if (i % 2 == 0)
			str_set(&a.firmware, "");
		if (i == 0 || i == 33)
			str_set(&a.hostname, long_text);
		a.lifespan_years = i + 1;
		a.count = (struct count){9007199254740993LL, 0, INT64_MAX, true};
		a.confidence = bulk_confidence(i);
		a.chinese = (enum tri)(i % 3 - 1);
		a.randomized_mac = i % 2;
		asset_add_evidence(&a, "csv", "maker", bulk_escaped, 1.0);
		assert_int_equal(store_asset_append(st, s.id, 0, &a, &err), VS_OK);
		asset_release(&a);
	}
	assert_int_equal(store_commit(st, &err), VS_OK);
	struct bulk_seen seen = {0, long_text};
	struct asset_filter f = {.survey_id = s.id, .kind = -1};
	assert_int_equal(store_assets_foreach(st, &f, bulk_values_match, &seen, &err), VS_OK);
	assert_int_equal(seen.n, BULK_ROWS);
	free(long_text);
	store_close(st);
}

static void appended_rows_arrive_in_order_and_roll_back(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	struct survey_info s;
	st = open_in_survey("bulk", &s);
	append_rows(st, s.id, 0, 75, "x.csv:"); /* two batches of 32 and 11 single rows */
	struct appended c = {0, true};
	struct asset_filter f = {.survey_id = s.id, .kind = -1};
	assert_int_equal(store_assets_foreach(st, &f, count_in_order, &c, &err), VS_OK);
	assert_int_equal(c.n, 75);
	assert_true(c.ordered);
	append_rows(st, s.id, 0, 5, "x.csv:"); /* queued only */
	store_rollback(st);
	assert_int_equal(count_rows(st, "asset"), 0);

	/* A whole batch sent (none queued) is seen through the handle too:
	 * on PostgreSQL a new survey's bulk table is attached first. */
	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_equal(store_survey_get(st, "bulk", NULL, true, &s, &err), VS_OK);
	append_rows(st, s.id, 0, 32, "x.csv:");
	assert_int_equal(count_rows(st, "asset"), 32);
	store_rollback(st);

	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_equal(store_survey_get(st, "bulk", NULL, true, &s, &err), VS_OK);
	append_rows(st, s.id, 0, 40, "x.csv:");
	assert_int_equal(store_commit(st, &err), VS_OK);
	assert_int_equal(count_rows(st, "asset"), 40);
	store_close(st);
}

/* Issue 14: asset's references hold on both backends (PostgreSQL checks
 * them per statement, migration 12): a survey, source or evidence list
 * that does not exist is refused whether the row comes one at a time, by
 * COPY or by an UPDATE; a deleted survey or source takes its assets; a
 * referenced evidence list stays. */
static void expect_refused(struct store *st, const char *stmt)
{
	struct vs_error err = {0};
	assert_int_equal(db_exec(store_handle(st), stmt, &err), VS_EDB);
	vs_error_clear(&err);
}

static void asset_references_hold(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	struct survey_info s, other;
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_equal(store_survey_get(st, "kept", NULL, true, &s, &err), VS_OK);
	assert_int_equal(store_survey_get(st, "gone", NULL, true, &other, &err), VS_OK);
	int64_t src = 0;
	assert_int_equal(store_source_add(st, other.id, "import", "csv", "/x.csv", &src, &err),
			 VS_OK);
	add(st, s.id, "router", "SOF", 1, 1, 1, TRI_NO);
	append_rows(st, other.id, src, 40, "x.csv:"); /* a COPY on PostgreSQL */
	assert_int_equal(store_commit(st, &err), VS_OK);
	assert_int_equal(count_rows(st, "asset"), 41);

	expect_refused(st, "INSERT INTO asset(survey_id) VALUES (9999)");
	expect_refused(st, "INSERT INTO asset(survey_id, source_id) SELECT id, 9999 FROM survey");
	expect_refused(st, "INSERT INTO asset(survey_id, evidence_id) SELECT id, 9999 FROM survey");
	expect_refused(st, "UPDATE asset SET survey_id = 9999");
	expect_refused(st, "UPDATE asset SET source_id = 9999 WHERE source_id IS NOT NULL");
	expect_refused(st, "UPDATE asset SET evidence_id = 9999");
	expect_refused(st, "UPDATE survey SET id = 9999");
	expect_refused(st, "DELETE FROM evidence_set");
	assert_int_equal(count_rows(st, "asset"), 41);
	assert_int_equal(count_rows(st, "evidence_set"), 2);

	/* A store's own bulk path refuses a row of a survey that is not there. */
	assert_int_equal(store_begin(st, &err), VS_OK);
	enum vs_err rc = VS_OK;
	for (int i = 0; i < 40 && !rc; i++) { /* the refusal may come with a later batch */
		struct asset a;
		asset_init(&a);
		str_set(&a.type, "router");
		asset_add_evidence(&a, "csv", "maker", "TP-Link", 1.0);
		rc = store_asset_append(st, 9999, 0, &a, &err);
		asset_release(&a);
	}
	if (!rc)
		rc = store_flush(st, &err);
	assert_int_not_equal(rc, VS_OK);
	vs_error_clear(&err);
	store_rollback(st);
	assert_int_equal(count_rows(st, "asset"), 41);

	struct vs_error e = {0};
	assert_int_equal(db_exec(store_handle(st), "DELETE FROM source", &e), VS_OK);
	assert_int_equal(count_rows(st, "asset"), 1);
	char del[64];
	snprintf(del, sizeof(del), "DELETE FROM survey WHERE id = %lld", (long long)s.id);
	assert_int_equal(db_exec(store_handle(st), del, &e), VS_OK);
	assert_int_equal(count_rows(st, "asset"), 0);
	assert_int_equal(db_exec(store_handle(st), "DELETE FROM evidence_set", &e), VS_OK);
	store_close(st);
}

static int64_t one_int(struct db *db, const char *q)
{
	struct db_stmt *s = db_prepare(db, q, 0);
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	int64_t v = db_column_int64(s, 0);
	db_finalize(s);
	return v;
}

/* One text of every asset row and column, in id order (PostgreSQL). */
static char *assets_text(struct db *db)
{
	struct db_stmt *s =
		db_prepare(db, "SELECT coalesce(string_agg(a::text, E'\\n' ORDER BY a.id), '') FROM asset a", 0);
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	char *text = strdup(db_column_text(s, 0));
	db_finalize(s);
	assert_non_null(text);
	return text;
}

/*
 * Issue 14, PostgreSQL (migration 15): a survey's first bulk rows go into
 * a table of their own that becomes the survey's partition; later rows
 * (bulk or one at a time) go into that partition; one verdict is stored
 * once however many rows share it; a rolled-back bulk load leaves no
 * table and no cached verdict id behind; a host name gets its index.
 */
static void pg_rows_share_verdicts_and_a_partition_per_survey(void **state)
{
	(void)state;
	if (!store_fixture_pg())
		skip();
	struct store *st;
	struct vs_error err = {0};
	struct survey_info s, t;
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_equal(store_survey_get(st, "a", NULL, true, &s, &err), VS_OK);
	assert_int_equal(store_survey_get(st, "b", NULL, true, &t, &err), VS_OK);
	assert_int_equal(store_commit(st, &err), VS_OK);

	/* Rolled back: the new verdict and the survey's new table go with it. */
	assert_int_equal(store_begin(st, &err), VS_OK);
	append_rows(st, t.id, 0, 40, "x.csv:");
	assert_int_equal(store_flush(st, &err), VS_OK);
	store_rollback(st);
	struct db *db = store_handle(st);
	assert_int_equal(one_int(db, "SELECT count(*) FROM verdict"), 0);
	assert_int_equal(one_int(db, "SELECT count(*) FROM pg_class WHERE relname LIKE 'asset_row_s%'"), 0);

	assert_int_equal(store_begin(st, &err), VS_OK);
	append_rows(st, s.id, 0, 40, "x.csv:"); /* a's own new table */
	append_rows(st, t.id, 0, 40, "y.csv:"); /* then b's */
	assert_int_equal(store_commit(st, &err), VS_OK);
	assert_int_equal(store_begin(st, &err), VS_OK);
	append_rows(st, s.id, 0, 10, "z.csv:"); /* into a's partition */
	struct asset a;
	asset_init(&a);
	str_set(&a.type, "router");
	str_set(&a.hostname, "gw-1");
	asset_add_evidence(&a, "csv", "maker", "TP-Link", 1.0);
	assert_int_equal(store_asset_insert(st, s.id, 0, &a, &err), VS_OK);
	assert_true(a.id > 0);
	asset_release(&a);
	assert_int_equal(store_commit(st, &err), VS_OK);

	db = store_handle(st);
	assert_int_equal(count_rows(st, "asset"), 91);
	assert_int_equal(one_int(db, "SELECT count(*) FROM verdict"), 1);
	assert_int_equal(one_int(db, "SELECT count(DISTINCT verdict_id) FROM asset_row"), 1);
	assert_int_equal(one_int(db, "SELECT count(*) FROM pg_inherits "
				     "WHERE inhparent = 'asset_row'::regclass"),
			 2);
	/* a's partition came from a bulk load without host names; the row
	 * with one gave it the index. */
	char q[160];
	snprintf(q, sizeof(q), "SELECT count(*) FROM pg_class WHERE relname = 'asset_row_s%lld_hostname'",
		 (long long)s.id);
	assert_int_equal(one_int(db, q), 1);
	snprintf(q, sizeof(q), "SELECT count(*) FROM asset WHERE survey_id = %lld AND hostname = 'GW-1' "
		 "COLLATE NOCASE", (long long)s.id);
	assert_int_equal(one_int(db, q), 1);
	/* A row's verdict must be there, whether checked per row or, for a
	 * bulk load into a partition that exists, per statement. */
	snprintf(q, sizeof(q), "INSERT INTO asset_row(survey_id, verdict_id) VALUES (%lld, 9999)",
		 (long long)s.id);
	expect_refused(st, q);
	char bulk[256];
	snprintf(bulk, sizeof(bulk), "SELECT set_config('vendorscope.bulk', 'on', true); %s", q);
	expect_refused(st, bulk);
	/* Ids in the order the rows were stored, never twice. */
	assert_int_equal(one_int(db, "SELECT count(DISTINCT id) FROM asset"), 91);
	assert_int_equal(one_int(db, "SELECT max(id) - min(id) FROM asset"), 90);
	store_close(st);
}

/* Both backends: an observation, exposure, first/last frame and status
 * history need their asset; deleting the asset takes the first three and
 * keeps the history without it (migration 15 turned PostgreSQL's foreign
 * keys into triggers). */
static void asset_children_follow_their_asset(void **state)
{
	(void)state;
	struct survey_info s;
	struct store *st = open_in_survey("kids", &s);
	struct vs_error err = {0};
	add(st, s.id, "router", "SOF", 1, 1, 1, TRI_NO);
	add(st, s.id, "camera", "SOF", 1, 1, 1, TRI_YES);
	assert_int_equal(store_commit(st, &err), VS_OK);
	struct db *db = store_handle(st);
	int64_t gone = one_int(db, "SELECT min(id) FROM asset");
	int64_t kept = one_int(db, "SELECT max(id) FROM asset");
	char sql[1024];
	for (int i = 0; i < 2; i++) {
		int64_t id = i ? kept : gone;
		snprintf(sql, sizeof(sql),
			 "INSERT INTO observation(asset_id, method, field, value, confidence) "
			 "VALUES (%lld, 'arp', 'mac', 'x', 1);"
			 "INSERT INTO exposure(asset_id, peer) VALUES (%lld, '192.0.2.1');"
			 "INSERT INTO asset_seen(asset_id, packets) VALUES (%lld, 1);"
			 "INSERT INTO asset_status(asset_id, asset_ref, survey_id, state, date, units, "
			 "recorded_at) VALUES (%lld, %lld, %lld, 'ordered', '2026-01-01', 1, 'now');",
			 (long long)id, (long long)id, (long long)id, (long long)id, (long long)id,
			 (long long)s.id);
		assert_int_equal(db_exec(db, sql, &err), VS_OK);
	}
	expect_refused(st, "INSERT INTO observation(asset_id, method, field, value, confidence) "
			   "VALUES (9999, 'arp', 'mac', 'x', 1)");
	expect_refused(st, "INSERT INTO exposure(asset_id, peer) VALUES (9999, 'p')");
	expect_refused(st, "INSERT INTO asset_seen(asset_id) VALUES (9999)");
	snprintf(sql, sizeof(sql), "UPDATE observation SET asset_id = 9999 WHERE asset_id = %lld",
		 (long long)kept);
	expect_refused(st, sql);
	snprintf(sql, sizeof(sql), "DELETE FROM asset WHERE id = %lld", (long long)gone);
	assert_int_equal(db_exec(db, sql, &err), VS_OK);
	assert_int_equal(count_rows(st, "asset"), 1);
	assert_int_equal(count_rows(st, "observation"), 1);
	assert_int_equal(count_rows(st, "exposure"), 1);
	assert_int_equal(count_rows(st, "asset_seen"), 1);
	assert_int_equal(count_rows(st, "asset_status"), 2);
	assert_int_equal(one_int(db, "SELECT count(*) FROM asset_status WHERE asset_id IS NULL"), 1);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM observation WHERE asset_id = %lld",
		 (long long)kept);
	assert_int_equal(one_int(db, sql), 1);
	store_close(st);
}

/*
 * PostgreSQL: a store of schema 14 with rows in every table that refers
 * to an asset moves to 15 with every asset row, column and value as it
 * was (the view returns the old table's text), the references still
 * held, the next id above every id given before, also one only the
 * history still names, and the grants on asset kept.
 */
static void pg_migration_15_keeps_every_row(void **state)
{
	(void)state;
	if (!store_fixture_pg())
		skip();
	store_fixture_at_version(14);
	struct db *db;
	struct vs_error err = {0};
	assert_int_equal(db_open(path, false, &db, &err), VS_OK);
	assert_int_equal(
		db_exec(db,
			/* ids 1 and 2, 1, 1 (a new database) */
			"INSERT INTO survey(name) VALUES ('a'), ('b');"
			"INSERT INTO source(survey_id, kind, path) VALUES (1, 'import', '/x.csv');"
			"INSERT INTO evidence_set(items) VALUES ('[\"csv maker: HIKVision\"]');"
			"INSERT INTO asset(id, survey_id, source_id, kind, type, maker, vendor, model, "
			"  serial, hostname, count, count_low, count_high, estimated, country, chinese, "
			"  critical, confidence, evidence_id, source_row) VALUES"
			"  (1, 1, 1, 'hardware', 'camera', 'HIK', 'hikvision', 'DS-1', 'S1', 'cam-1', 3, "
			"   2, 4, 1, 'CN', 1, 1, 0.1, 1, 2),"
			"  (2, 1, 1, 'hardware', 'camera', 'HIK', 'hikvision', 'DS-2', 'S2', NULL, 1, "
			"   NULL, NULL, 0, 'CN', 1, 1, 0.1, 1, 3),"
			"  (3, 2, NULL, 'software', NULL, NULL, NULL, NULL, NULL, NULL, 1, NULL, NULL, 0, "
			"   NULL, NULL, NULL, NULL, NULL, NULL),"
			"  (5, 2, NULL, 'hardware', 'router', 'it''s', NULL, 'M', NULL, NULL, 0, NULL, "
			"   NULL, 0, NULL, 0, NULL, 1e-300, NULL, NULL);"
			"INSERT INTO observation(asset_id, method, field, value, confidence) "
			"  VALUES (1, 'arp', 'mac', 'x', 1);"
			"INSERT INTO asset_seen(asset_id, packets) VALUES (2, 7);"
			"INSERT INTO asset_status(asset_id, asset_ref, survey_id, state, date, units, "
			"  recorded_at) VALUES (NULL, 9, 1, 'replaced', '2026-01-01', 1, 'now'),"
			"  (5, 5, 2, 'ordered', '2026-01-01', 1, 'now');"
			/* What a reader was granted stays granted. */
			"GRANT SELECT ON asset TO PUBLIC;",
			&err),
		VS_OK);
	char *before = assets_text(db);
	db_close(db);

	struct store *st;
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_OK);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	db = store_handle(st);
	char *after = assets_text(db);
	assert_string_equal(after, before);
	assert_int_equal(one_int(db, "SELECT count(*) FROM verdict"), 3);
	assert_int_equal(one_int(db, "SELECT count(*) FROM pg_class c, aclexplode(c.relacl) a "
				     "WHERE c.oid = 'asset'::regclass AND a.grantee = 0 "
				     "AND a.privilege_type = 'SELECT'"),
			 1);
	assert_int_equal(one_int(db, "SELECT count(*) FROM asset_row_s1"), 2);
	assert_int_equal(one_int(db, "SELECT count(*) FROM asset_row_s2"), 2);
	/* The next id is above 9, which only the history names. */
	assert_int_equal(store_begin(st, &err), VS_OK);
	add(st, 2, "switch", "SOF", 1, 1, 1, TRI_NO);
	assert_int_equal(store_commit(st, &err), VS_OK);
	assert_int_equal(one_int(store_handle(st), "SELECT max(id) FROM asset"), 10);
	/* The references hold as before: a deleted source takes its assets,
	 * their observation and frames, and leaves their history. */
	assert_int_equal(db_exec(store_handle(st), "DELETE FROM source", &err), VS_OK);
	assert_int_equal(count_rows(st, "asset"), 3);
	assert_int_equal(count_rows(st, "observation"), 0);
	assert_int_equal(count_rows(st, "asset_seen"), 0);
	assert_int_equal(count_rows(st, "asset_status"), 2);
	expect_refused(st, "INSERT INTO observation(asset_id, method, field, value, confidence) "
			   "VALUES (1, 'arp', 'mac', 'x', 1)");
	free(before);
	free(after);
	store_close(st);
}

struct lines_seen {
	size_t i;
	const char **lines;
};

static bool lines_read_back(const struct asset *a, void *ctx)
{
	struct lines_seen *seen = ctx;
	assert_string_equal(a->source_line, seen->lines[seen->i]);
	seen->i++;
	return true;
}

static void source_line_is_stored_as_a_number_and_read_back_as_text(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	struct survey_info s;
	int64_t src;
	st = open_in_survey("lines", &s);
	assert_int_equal(store_source_add(st, s.id, "import", "csv", "dir/inv.csv", &src, &err), VS_OK);
	/* Its source's path and a plain number: stored as the number. Anything
	 * else (another path, a leading zero, no number) as the text. */
	const char *lines[] = {"dir/inv.csv:7", "dir/inv.csv:0", "dir/inv.csv:007",
			       "dir/inv.csv:", "dir/inv.csv:12x", "other.csv:7", "dir/inv.csv",
			       "dir/inv.csv:123456789012345678"};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct asset a;
		asset_init(&a);
		str_set(&a.source_line, lines[i]);
		assert_int_equal(store_asset_append(st, s.id, src, &a, &err), VS_OK);
		asset_release(&a);
	}
	assert_int_equal(store_commit(st, &err), VS_OK);
	assert_int_equal(count_rows(st, "asset WHERE source_row IS NOT NULL"), 2);
	assert_int_equal(count_rows(st, "asset WHERE source_row = 7 AND source_line IS NULL"), 1);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char sql[160];
		snprintf(sql, sizeof(sql), "asset WHERE id = %zu AND source_row IS NULL", i + 1);
		assert_int_equal(count_rows(st, sql), i < 2 ? 0 : 1);
	}
	/* Every one reads back as it was written. */
	struct lines_seen seen = {0, lines};
	struct asset_filter f = {.survey_id = s.id, .kind = -1};
	assert_int_equal(store_assets_foreach(st, &f, lines_read_back, &seen, &err), VS_OK);
	assert_int_equal(seen.i, sizeof(lines) / sizeof(lines[0]));
	store_close(st);
}

/* Batches naming different columns (more sets than are kept prepared), a
 * column set in some rows of a batch and not in others. */
static bool values_read_back(const struct asset *a, void *ctx)
{
	int *n = ctx;
	int i = (*n)++, batch = i / 32;
	char want[32];
	snprintf(want, sizeof(want), "h%d", i);
	if (i % 3 == 0)
		assert_string_equal(a->hostname, want);
	else
		assert_null(a->hostname);
	const char *const *cols[] = {(const char *const *)&a->firmware, (const char *const *)&a->zone,
				     (const char *const *)&a->product, (const char *const *)&a->version,
				     (const char *const *)&a->device, (const char *const *)&a->ip};
	for (int c = 0; c < 6; c++) {
		if (c == batch % 6)
			assert_string_equal(*cols[c], "v");
		else
			assert_null(*cols[c]);
	}
	assert_int_equal(a->lifespan_years, batch == 2 ? 7 : 0);
	return true;
}

static void batches_name_only_the_columns_they_fill(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	struct survey_info s;
	st = open_in_survey("cols", &s);
	int rows = 32 * 8 + 5;
	for (int i = 0; i < rows; i++) {
		struct asset a;
		asset_init(&a);
		int batch = i / 32;
		char host[32];
		snprintf(host, sizeof(host), "h%d", i);
		if (i % 3 == 0)
			str_set(&a.hostname, host);
		char **cols[] = {&a.firmware, &a.zone, &a.product, &a.version, &a.device, &a.ip};
		str_set(cols[batch % 6], "v");
		if (batch == 2)
			a.lifespan_years = 7;
		assert_int_equal(store_asset_append(st, s.id, 0, &a, &err), VS_OK);
		asset_release(&a);
	}
	assert_int_equal(store_commit(st, &err), VS_OK);
	int n = 0;
	struct asset_filter f = {.survey_id = s.id, .kind = -1};
	assert_int_equal(store_assets_foreach(st, &f, values_read_back, &n, &err), VS_OK);
	assert_int_equal(n, rows);
	store_close(st);
}

static void group_fields_parse_rejects_unknown(void **state)
{
	(void)state;
	enum group_field f[GROUP_MAX_FIELDS];
	size_t n;
	char why[256];
	assert_true(group_fields_parse("type,department", f, &n, why, sizeof(why)));
	assert_int_equal(n, 2);
	assert_int_equal(f[1], GF_DEPARTMENT);
	assert_false(group_fields_parse("type,colour", f, &n, why, sizeof(why)));
	assert_non_null(strstr(why, "'colour'"));
}

/* DB_NEW_ID gives each insert's own id, as RETURNING id would, on both
 * drivers (a row inserted before, without it, takes id 1), and no row
 * when the insert did nothing. */
static void new_id_is_the_inserted_rows(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	struct db *db = store_handle(st);
	assert_int_equal(db_exec(db, "INSERT INTO survey(name) VALUES ('first')", &err), VS_OK);
	struct db_stmt *ins = db_prepare(db, "INSERT INTO survey(name) VALUES (?1)", DB_NEW_ID);
	struct db_stmt *back = db_prepare(db, "SELECT id FROM survey WHERE name = ?1", 0);
	assert_non_null(ins);
	assert_non_null(back);
	for (int i = 0; i < 3; i++) {
		char name[16];
		snprintf(name, sizeof(name), "s%d", i);
		db_reset(ins);
		db_bind_text(ins, 1, name, -1);
		assert_int_equal(db_step(ins), DB_ROW);
		assert_false(db_column_null(ins, 0));
		int64_t id = db_column_int64(ins, 0);
		assert_int_equal(db_step(ins), DB_DONE);
		db_reset(back);
		db_bind_text(back, 1, name, -1);
		assert_int_equal(db_step(back), DB_ROW);
		assert_int_equal(db_column_int64(back, 0), id);
		assert_int_equal(id, i + 2);
	}
	/* An ON CONFLICT DO NOTHING that inserts nothing gives no row, as
	 * RETURNING gives none (not the id of the insert before). */
	struct db_stmt *upsert = db_prepare(
		db, "INSERT INTO survey(name) VALUES (?1) ON CONFLICT(name) DO NOTHING", DB_NEW_ID);
	assert_non_null(upsert);
	db_bind_text(upsert, 1, "s1", -1);
	assert_int_equal(db_step(upsert), DB_DONE);
	db_reset(upsert);
	db_bind_text(upsert, 1, "s9", -1);
	assert_int_equal(db_step(upsert), DB_ROW);
	int64_t s9 = db_column_int64(upsert, 0); /* PostgreSQL's sequence moved on the conflict */
	db_reset(back);
	db_bind_text(back, 1, "s9", -1);
	assert_int_equal(db_step(back), DB_ROW);
	assert_int_equal(db_column_int64(back, 0), s9);
	db_finalize(upsert);
	db_finalize(ins);
	db_finalize(back);
	store_close(st);
}

/* One int from a query of the store's own connection. */
/* The names the server holds prepared for statements whose text has
 * `marker`: PostgreSQL only (-1 on SQLite). */
static int64_t prepared_names(struct db *db, const char *marker)
{
	if (db_kind(db) != DB_PG)
		return -1;
	char q[160];
	snprintf(q, sizeof(q),
		 "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%%%s%%' "
		 "AND statement NOT LIKE '%%pg_prepared%%'", marker);
	return one_int(db, q);
}

static void statements_are_prepared_once(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	struct db *db = store_handle(st);
	bool pg = db_kind(db) == DB_PG;
	assert_int_equal(db_exec(db, "CREATE TABLE t_prep (a INTEGER, b TEXT)", &err), VS_OK);
	/* A statement run by its text, prepared by none: once is a plain
	 * query, from the second time on one prepared statement. */
	for (int i = 0; i < 4; i++) {
		struct db_stmt *s = db_prepare(db, "INSERT INTO t_prep /*by_text*/ (a, b) VALUES (?1, ?2)", 0);
		assert_non_null(s);
		if (i % 2)
			db_bind_null(s, 1);
		else
			db_bind_int64(s, 1, i);
		db_bind_text(s, 2, "x", -1);
		assert_int_equal(db_step(s), DB_DONE);
		db_finalize(s);
		if (pg)
			assert_int_equal(prepared_names(db, "by_text"), i == 0 ? 0 : 1);
	}
	/* A kept statement whose integer comes and goes as NULL is prepared
	 * once, not once per change of the parameter's type. */
	struct db_stmt *k = db_prepare(db, "INSERT INTO t_prep /*kept*/ (a, b) VALUES (?1, ?2)", DB_KEEP);
	assert_non_null(k);
	char first[64] = "";
	for (int i = 0; i < 4; i++) {
		db_reset(k);
		if (i % 2)
			db_bind_int64(k, 1, i);
		else
			db_bind_null(k, 1);
		db_bind_null(k, 2);
		assert_int_equal(db_step(k), DB_DONE);
		if (!pg)
			continue;
		struct db_stmt *n = db_prepare(db, "SELECT name FROM pg_prepared_statements "
						   "WHERE statement LIKE '%kept%' "
						   "AND statement NOT LIKE '%pg_prepared%'", 0);
		assert_int_equal(db_step(n), DB_ROW);
		if (i == 1)
			snprintf(first, sizeof(first), "%s", db_column_text(n, 0));
		else if (i > 1)
			assert_string_equal(db_column_text(n, 0), first);
		assert_int_equal(db_step(n), DB_DONE);
		db_finalize(n);
	}
	db_finalize(k);
	assert_int_equal(one_int(db, "SELECT count(*) FROM t_prep WHERE a IS NULL"), 4);
	assert_int_equal(one_int(db, "SELECT count(*) FROM t_prep WHERE b IS NULL"), 4);
	/* A table changed under a prepared statement: its rows come back
	 * with the new columns (PostgreSQL refuses the old prepared
	 * statement, "cached plan must not change result type"). */
	for (int i = 0; i < 3; i++) {
		if (i == 2)
			assert_int_equal(db_exec(db, "ALTER TABLE t_prep ADD COLUMN c TEXT DEFAULT 'new'", &err),
					 VS_OK);
		struct db_stmt *s = db_prepare(db, "SELECT * FROM t_prep /*star*/ ORDER BY a LIMIT 1", 0);
		assert_non_null(s);
		assert_int_equal(db_step(s), DB_ROW);
		if (i == 2)
			assert_string_equal(db_column_text(s, 2), "new");
		db_finalize(s);
	}
	store_close(st);
}

/* Kept writes in a transaction may be sent without waiting for their
 * results (PostgreSQL's pipeline): the rows are there for the next read
 * of the transaction, and a write that failed is reported by its own
 * step or by the commit, never committed as if it had not. */
static void kept_writes_are_read_back_and_their_errors_heard(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	struct db *db = store_handle(st);
	assert_int_equal(db_exec(db, "CREATE TABLE t_pipe (a INTEGER PRIMARY KEY, b TEXT)", &err), VS_OK);
	struct db_stmt *ins = db_prepare(db, "INSERT INTO t_pipe(a, b) VALUES (?1, ?2)", DB_KEEP);
	assert_non_null(ins);
	assert_int_equal(db_begin_write(db, &err), VS_OK);
	for (int i = 1; i <= 600; i++) { /* more than one pipeline's worth */
		db_reset(ins);
		db_bind_int64(ins, 1, i);
		db_bind_text(ins, 2, "x", -1);
		assert_int_equal(db_step(ins), DB_DONE);
	}
	assert_int_equal(one_int(db, "SELECT count(*) FROM t_pipe"), 600);
	assert_int_equal(db_commit(db, &err), VS_OK);
	assert_int_equal(one_int(db, "SELECT count(*) FROM t_pipe"), 600);
	/* A duplicate key among good writes. */
	assert_int_equal(db_begin_write(db, &err), VS_OK);
	bool heard = false;
	for (int i = 601; i <= 605 && !heard; i++) {
		db_reset(ins);
		db_bind_int64(ins, 1, i == 603 ? 5 : i);
		db_bind_null(ins, 2);
		heard = db_step(ins) == DB_ERROR;
	}
	/* The write's own error, not just "rolled back". */
	char said[sizeof(err.msg) + 1];
	if (heard) {
		snprintf(said, sizeof(said), "%s", db_errmsg(db)); /* SQLite: the step said so */
		db_rollback(db);
	} else {
		assert_int_equal(db_commit(db, &err), VS_EDB);
		snprintf(said, sizeof(said), "%s", err.msg);
	}
	for (char *p = said; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	assert_non_null(strstr(said, "unique"));
	db_finalize(ins);
	assert_int_equal(one_int(db, "SELECT count(*) FROM t_pipe"), 600);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(refuses_missing_store_without_create, setup, teardown),
		cmocka_unit_test_setup_teardown(new_id_is_the_inserted_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(statements_are_prepared_once, setup, teardown),
		cmocka_unit_test_setup_teardown(kept_writes_are_read_back_and_their_errors_heard, setup, teardown),
		cmocka_unit_test_setup_teardown(migrates_to_latest, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_a_newer_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_a_database_of_another_program, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_what_is_not_a_store, setup, teardown),
		cmocka_unit_test_setup_teardown(stores_carry_the_application_id, setup, teardown),
		cmocka_unit_test_setup_teardown(groups_sum_counts_and_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(evidence_lists_are_shared_and_survive_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(appended_rows_arrive_in_order_and_roll_back, setup, teardown),
		cmocka_unit_test_setup_teardown(source_line_is_stored_as_a_number_and_read_back_as_text, setup, teardown),
		cmocka_unit_test_setup_teardown(batches_name_only_the_columns_they_fill, setup, teardown),
		cmocka_unit_test_setup_teardown(asset_references_hold, setup, teardown),
		cmocka_unit_test_setup_teardown(asset_children_follow_their_asset, setup, teardown),
		cmocka_unit_test_setup_teardown(pg_rows_share_verdicts_and_a_partition_per_survey, setup, teardown),
		cmocka_unit_test_setup_teardown(pg_migration_15_keeps_every_row, setup, teardown),
		cmocka_unit_test_setup_teardown(bulk_values_arrive_as_written, setup, teardown),
		cmocka_unit_test(group_fields_parse_rejects_unknown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
