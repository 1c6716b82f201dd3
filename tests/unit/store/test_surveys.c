/*
 * Surveys and sources (schema 6): which survey is the default, the look-up
 * that finds an earlier import of the same input, what a deletion takes,
 * and the migration of a store made before sources had names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "store/db.h"
#include "store/query_observation.h"
#include "store/query_surveys.h"
#include "store/schema.h"
#include "store/store.h"

#define STORE_FIXTURE_NAME "surveys"
#include "store_fixture.h"

static void exec_ok(struct store *st, const char *sql)
{
	assert_int_equal(db_exec(store_handle(st), sql, &(struct vs_error){0}), VS_OK);
}

static int64_t survey(struct store *st, const char *name, const char *date)
{
	struct survey_info si;
	struct vs_error err = {0};
	assert_int_equal(store_survey_get(st, name, date, true, &si, &err), VS_OK);
	return si.id;
}

static const char *latest(struct store *st)
{
	static struct survey_info si;
	struct vs_error err = {0};
	assert_int_equal(store_survey_latest(st, &si, &err), VS_OK);
	return si.name;
}

/* The case: the 2022 camera survey imported after the 2025 mapping
 * must not become the default. */
static void default_is_newest_by_date_not_last_imported(void **state)
{
	(void)state;
	struct survey_info s;
	struct store *st = open_in_survey("kk-2025", &s);
	exec_ok(st, "UPDATE survey SET date = '2025' WHERE name = 'kk-2025'");
	survey(st, "kk-2022", "2022-05-12");
	assert_string_equal(latest(st), "kk-2025");
	/* 2025 is newer than 2022-06 even though "2022-06" is longer. */
	survey(st, "mid-2022", "2022-06");
	assert_string_equal(latest(st), "kk-2025");
	/* A survey without a date sorts after every dated one. */
	survey(st, "capture-eth0", NULL);
	assert_string_equal(latest(st), "kk-2025");
	/* A newer date wins, whenever it was created. */
	survey(st, "kk-2026", "2026-01-15");
	assert_string_equal(latest(st), "kk-2026");
	/* Within a year, a month is newer than the year alone (a date names
	 * its period's start). */
	survey(st, "kk-2026-03", "2026-03");
	assert_string_equal(latest(st), "kk-2026-03");
	assert_int_equal(store_commit(st, &(struct vs_error){0}), VS_OK);
	store_close(st);
}

static void equal_dates_go_to_the_one_created_last(void **state)
{
	(void)state;
	struct survey_info s;
	struct store *st = open_in_survey("first", &s);
	exec_ok(st, "UPDATE survey SET date = '2025', created_at = '2026-01-01T00:00:00Z'");
	survey(st, "second", "2025");
	exec_ok(st, "UPDATE survey SET created_at = '2026-02-01T00:00:00Z' WHERE name = 'second'");
	assert_string_equal(latest(st), "second");
	exec_ok(st, "UPDATE survey SET created_at = '2026-03-01T00:00:00Z' WHERE name = 'first'");
	assert_string_equal(latest(st), "first");
	/* Same second: the later id. */
	exec_ok(st, "UPDATE survey SET created_at = '2026-03-01T00:00:00Z'");
	assert_string_equal(latest(st), "second");
	/* No dated survey at all: the one created last. */
	exec_ok(st, "UPDATE survey SET date = NULL");
	assert_string_equal(latest(st), "second");
	store_close(st);
}

static int64_t source(struct store *st, int64_t survey_id, const char *file, const char *name,
		      const char *hash)
{
	int64_t id;
	struct vs_error err = {0};
	assert_int_equal(store_source_add(st, survey_id, "import", "csv", file, &id, &err), VS_OK);
	assert_int_equal(store_source_set_ident(st, id, name, hash, &err), VS_OK);
	return id;
}

struct found {
	int64_t ids[8];
	size_t n;
};

static bool found_one(const struct source_info *s, void *ctx)
{
	struct found *f = ctx;
	if (f->n < 8)
		f->ids[f->n++] = s->id;
	return true;
}

static struct found same(struct store *st, int64_t survey_id, const char *name, const char *hash)
{
	struct found f = {0};
	struct vs_error err = {0};
	assert_int_equal(store_sources_same(st, survey_id, name, hash, found_one, &f, &err), VS_OK);
	return f;
}

#define H1 "1111111111111111111111111111111111111111111111111111111111111111"
#define H2 "2222222222222222222222222222222222222222222222222222222222222222"

static void finds_the_same_source_by_name_or_hash(void **state)
{
	(void)state;
	struct survey_info s;
	struct store *st = open_in_survey("kk-2025", &s);
	int64_t other = survey(st, "kk-2022", "2022");
	int64_t a = source(st, s.id, "a.csv", "/data/a.csv", H1);
	int64_t b = source(st, s.id, "b.csv", "vms-export", H2);
	int64_t in_other = source(st, other, "a.csv", "/data/a.csv", H1);
	int64_t stdin_src = source(st, s.id, "-", NULL, NULL);

	struct found f = same(st, s.id, "/data/a.csv", NULL);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ids[0], a);
	/* Another path, the same bytes: the same source. */
	f = same(st, s.id, "/elsewhere/copy.csv", H1);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ids[0], a);
	/* The same name, changed bytes (--source vms-export). */
	f = same(st, s.id, "vms-export", "ffff");
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ids[0], b);
	/* Name of one, hash of the other: both, in the order added. */
	f = same(st, s.id, "/data/a.csv", H2);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.ids[0], a);
	assert_int_equal(f.ids[1], b);
	/* Never across surveys. */
	f = same(st, other, "vms-export", H2);
	assert_int_equal(f.n, 0);
	f = same(st, other, NULL, H1);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ids[0], in_other);
	/* No identity matches nothing, not the unnamed stdin source. */
	f = same(st, s.id, NULL, NULL);
	assert_int_equal(f.n, 0);
	f = same(st, s.id, "", "");
	assert_int_equal(f.n, 0);

	struct source_info info;
	struct vs_error err = {0};
	assert_int_equal(store_source_by_name(st, s.id, "vms-export", &info, &err), VS_OK);
	assert_int_equal(info.id, b);
	assert_string_equal(info.hash, H2);
	assert_string_equal(info.path, "b.csv");
	assert_int_equal(store_source_by_id(st, s.id, stdin_src, &info, &err), VS_OK);
	assert_string_equal(info.name, "");
	assert_int_equal(store_source_by_id(st, s.id, in_other, &info, &err), VS_ENOTFOUND);
	assert_int_equal(store_source_by_id(st, 0, in_other, &info, &err), VS_OK);
	assert_int_equal(info.survey_id, other);
	assert_int_equal(store_source_by_name(st, other, "vms-export", &info, &err), VS_ENOTFOUND);
	store_close(st);
}

static int64_t asset(struct store *st, int64_t survey_id, int64_t source_id, int64_t n,
		     enum tri chinese, enum asset_kind kind)
{
	struct asset a;
	struct vs_error err = {0};
	asset_init(&a);
	str_set(&a.type, "surveillance_camera");
	a.kind = kind;
	a.count.value = a.count.low = a.count.high = n;
	a.chinese = chinese;
	assert_int_equal(store_asset_insert(st, survey_id, source_id, &a, &err), VS_OK);
	int64_t id = a.id;
	asset_release(&a);
	return id;
}

static int64_t count(struct store *st, const char *sql)
{
	struct db_stmt *s;
	assert_non_null(s = db_prepare(store_handle(st), sql, 0));
	assert_int_equal(db_step(s), DB_ROW);
	int64_t v = db_column_int64(s, 0);
	db_finalize(s);
	return v;
}

static bool keep_summary(const struct survey_summary *s, void *ctx)
{
	struct survey_summary *out = ctx;
	size_t i = 0;
	while (out[i].id)
		i++;
	if (i < 3)
		out[i] = *s;
	return true;
}

static void deletes_a_source_with_what_it_gave_and_nothing_else(void **state)
{
	(void)state;
	struct survey_info s;
	struct vs_error err = {0};
	struct store *st = open_in_survey("kk-2025", &s);
	exec_ok(st, "UPDATE survey SET date = '2025'");
	int64_t a = source(st, s.id, "a.csv", "/a.csv", H1);
	int64_t b = source(st, s.id, "b.pcap", "/b.pcap", NULL);
	asset(st, s.id, a, 300, TRI_YES, ASSET_HARDWARE);
	asset(st, s.id, a, 7, TRI_UNKNOWN, ASSET_HARDWARE);
	asset(st, s.id, a, 1, TRI_YES, ASSET_SOFTWARE);
	int64_t kept = asset(st, s.id, b, 1, TRI_NO, ASSET_HARDWARE);
	int64_t gone = asset(st, s.id, a, 1, TRI_YES, ASSET_HARDWARE);
	struct observation_row o = {"sadp", "model", "DS-2CD2143G2-I", 0.95, NULL, NULL, 0, 0};
	assert_int_equal(store_observation_add(st, gone, &o, &err), VS_OK);
	assert_int_equal(store_observation_add(st, kept, &o, &err), VS_OK);
	assert_int_equal(store_source_set_rows(st, a, 4, &err), VS_OK);

	struct survey_summary sum[3] = {{0}};
	assert_int_equal(store_surveys_foreach(st, keep_summary, sum, &err), VS_OK);
	assert_string_equal(sum[0].name, "kk-2025");
	assert_true(sum[0].is_default);
	assert_int_equal(sum[0].sources, 2);
	assert_int_equal(sum[0].units, 309);
	assert_int_equal(sum[0].chinese_units, 301);
	assert_int_equal(sum[0].unknown_units, 7);
	assert_int_equal(sum[0].programs, 1);
	assert_int_equal(sum[0].chinese_programs, 1);

	struct store_removed r = {0};
	assert_int_equal(store_source_delete(st, s.id, a, &r, &err), VS_OK);
	assert_int_equal(r.sources, 1);
	assert_int_equal(r.rows, 4);
	assert_int_equal(r.assets, 4);
	assert_int_equal(r.units, 309);
	assert_int_equal(count(st, "SELECT count(*) FROM asset"), 1);
	assert_int_equal(count(st, "SELECT id FROM asset"), kept);
	assert_int_equal(count(st, "SELECT count(*) FROM observation"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM source"), 1);
	assert_int_equal(store_commit(st, &err), VS_OK);

	/* The whole survey, in a transaction of its own. */
	int64_t other;
	assert_int_equal(store_begin(st, &err), VS_OK);
	other = survey(st, "kk-2022", "2022");
	asset(st, other, source(st, other, "c.csv", "/c.csv", H2), 5, TRI_YES, ASSET_HARDWARE);
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_survey_delete(st, s.id, &r, &err), VS_OK);
	assert_int_equal(r.sources, 1);
	assert_int_equal(r.assets, 1);
	assert_int_equal(store_commit(st, &err), VS_OK);
	assert_int_equal(count(st, "SELECT count(*) FROM survey"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM asset"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM observation"), 0);
	assert_string_equal(latest(st), "kk-2022");
	store_close(st);
}

/* A store made before schema 6: absolute paths, live interfaces and scans
 * get their path as name; a relative path does not (its directory is not
 * known, and a wrong match would delete data). */
static void migration_names_only_unambiguous_paths(void **state)
{
	(void)state;
	SQLITE_ONLY();
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (int v = 0; v < 5; v++)
		assert_int_equal(sqlite3_exec(db, schema_migration(v), NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "PRAGMA user_version = 5;"
				      "INSERT INTO survey(id, name) VALUES (1, 's');"
				      "INSERT INTO source(survey_id, kind, path) VALUES"
				      " (1, 'import', '/srv/a.csv'), (1, 'import', 'rel/b.csv'),"
				      " (1, 'capture', 'interface:eth0'), (1, 'scan', 'scan:10.0.0.0/24'),"
				      " (1, 'import', '-');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_OK);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	assert_int_equal(count(st, "SELECT count(*) FROM source WHERE name = path"), 3);
	assert_int_equal(count(st, "SELECT count(*) FROM source WHERE name IS NULL AND "
				   "path IN ('rel/b.csv', '-')"), 2);
	assert_int_equal(count(st, "SELECT count(*) FROM source WHERE content_hash IS NOT NULL"), 0);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(default_is_newest_by_date_not_last_imported, setup,
						teardown),
		cmocka_unit_test_setup_teardown(equal_dates_go_to_the_one_created_last, setup, teardown),
		cmocka_unit_test_setup_teardown(finds_the_same_source_by_name_or_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(deletes_a_source_with_what_it_gave_and_nothing_else,
						setup, teardown),
		cmocka_unit_test_setup_teardown(migration_names_only_unambiguous_paths, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
