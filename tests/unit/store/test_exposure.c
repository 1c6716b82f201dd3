/*
 * Exposure rows and how each was seen (the schema migration that adds
 * exposure.seen): traffic and attempts (a DNS query for a vendor cloud,
 * no traffic seen; with or without an answer's address) read back as
 * written; a row without a country or a cloud is not listed; a store made
 * before the column existed reads its rows as traffic.
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

#include "model/model.h"
#include "store/db.h"
#include "store/query_exposure.h"
#include "store/store.h"

#define STORE_FIXTURE_NAME "exposure"
#include "store_fixture.h"

struct rows {
	char text[1024];
	size_t n;
};

static void collect(int64_t asset_id, const struct exposure_row *r, void *ctx)
{
	struct rows *l = ctx;
	size_t used = strlen(l->text);
	snprintf(l->text + used, sizeof(l->text) - used, "%lld %s %s %s %s %llu %s;",
		 (long long)asset_id, r->peer ? r->peer : "-", r->name ? r->name : "-",
		 r->country ? r->country : "-", r->cloud ? r->cloud : "-",
		 (unsigned long long)r->bytes, r->query ? "query" : "traffic");
	l->n++;
}

/* A new store with survey "s" holding one asset; the transaction is open. */
static struct store *with_asset(struct survey_info *si, int64_t *asset_id)
{
	struct store *st = open_in_survey("s", si);
	struct asset a;
	struct vs_error err = {0};
	asset_init(&a);
	assert_int_equal(store_asset_insert(st, si->id, 0, &a, &err), VS_OK);
	*asset_id = a.id;
	asset_release(&a);
	return st;
}

static void traffic_and_attempts(void **state)
{
	(void)state;
	struct survey_info si;
	struct vs_error err = {0};
	int64_t cam;
	struct store *st = with_asset(&si, &cam);
	struct exposure_row rows[] = {
		{.peer = "47.96.0.10", .name = "dev.hik-connect.com", .country = "CN",
		 .cloud = "hikvision: Hik-Connect", .bytes = 600},
		{.name = "litedev.ezvizlife.com", .cloud = "ezviz: EZVIZ", .query = true},
		{.peer = "47.96.0.21", .name = "p2p.easy4ip.com", .cloud = "dahua: P2P", .query = true},
		{.peer = "192.0.2.9", .bytes = 10}, /* no country, no cloud: not listed */
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(store_exposure_add(st, cam, &rows[i], &err), VS_OK);
	assert_int_equal(store_commit(st, &err), VS_OK);
	struct rows l = {"", 0};
	assert_int_equal(store_exposures_foreach(st, si.id, collect, &l, &err), VS_OK);
	char want[512];
	snprintf(want, sizeof(want),
		 "%lld 47.96.0.10 dev.hik-connect.com CN hikvision: Hik-Connect 600 traffic;"
		 "%lld - litedev.ezvizlife.com - ezviz: EZVIZ 0 query;"
		 "%lld 47.96.0.21 p2p.easy4ip.com - dahua: P2P 0 query;",
		 (long long)cam, (long long)cam, (long long)cam);
	assert_string_equal(l.text, want);
	store_close(st);
}

/* A store at the version before the column: its rows were all traffic. */
static void old_rows_are_traffic(void **state)
{
	(void)state;
	SQLITE_ONLY();
	struct survey_info si;
	struct vs_error err = {0};
	int64_t cam;
	struct store *st = with_asset(&si, &cam);
	assert_int_equal(store_commit(st, &err), VS_OK);
	store_close(st);
	/* Undo migrations 8 (the column), 9, 10, 11 (asset_gone; the
	 * asset table's AUTOINCREMENT can stay, 11 rebuilds it again) and 13
	 * (the sensor tables; 12 is PostgreSQL's) by hand
	 * (SQLite 3.35+ drops a column): a store at version 7. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_true(store_schema_latest() >= 9);
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "DROP TABLE asset_status;"
		 "DROP TABLE asset_gone;"
		 "DROP TABLE sensor_observation;"
		 "DROP TABLE sensor_source;"
		 "DROP TABLE sensor_site;"
		 "ALTER TABLE exposure DROP COLUMN seen;"
		 "ALTER TABLE observation DROP COLUMN source_row;"
		 "INSERT INTO exposure(asset_id, peer, name, country, bytes) "
		 "VALUES (%lld, '47.96.0.10', 'x.hik-connect.com', 'CN', 5);"
		 "PRAGMA user_version = 7;",
		 (long long)cam);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_OK);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	struct rows l = {"", 0};
	assert_int_equal(store_exposures_foreach(st, 0, collect, &l, &err), VS_OK);
	assert_int_equal(l.n, 1);
	assert_non_null(strstr(l.text, "47.96.0.10 x.hik-connect.com CN - 5 traffic;"));
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(traffic_and_attempts, setup, teardown),
		cmocka_unit_test_setup_teardown(old_rows_are_traffic, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
