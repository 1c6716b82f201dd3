/*
 * Carrying status history (track.h, "Carrying history"): the key matching
 * (unique, ambiguous both ways, none, a tracked asset, too few units) and
 * schema migration 11 on a store at version 10 (asset ids never given
 * twice, rows referring to assets kept through the table's rebuild).
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
#include "store/schema.h"
#include "store/store.h"
#include "track/track.h"

#define STORE_FIXTURE_NAME "carry"
#include "../store/store_fixture.h"

#define DEV(i, s, m, h) {.id = (i), .count = 1, .serial = (s), .mac = (m), .hostname = (h)}
#define ROW(i, n, t, d, mk) {.id = (i), .count = (n), .type = (t), .department = (d), .maker = (mk)}

static void match(const struct track_carry_key *g, size_t ng, const struct track_carry_key *n,
		  size_t nn, int64_t *to, enum track_carry_why *why)
{
	track_carry_match(g, ng, n, nn, to, why);
}

static void unique(void **state)
{
	(void)state;
	const struct track_carry_key gone[] = {
		DEV(1, "SN-1", NULL, NULL),
		DEV(2, NULL, "00:11:22:33:44:55", NULL),
		DEV(3, NULL, NULL, "cam-3.kk.dk"),
		ROW(4, 100, "surveillance_camera", "ØKF", NULL),
		/* serial first: the serial finds 13 though the host name is 12's */
		DEV(5, "sn-5", NULL, "cam-12"),
	};
	const struct track_carry_key now[] = {
		DEV(11, "SN-1", NULL, NULL),
		DEV(12, NULL, "00:11:22:33:44:55", "cam-12"),
		DEV(13, "SN-5", NULL, "CAM-3.KK.DK"),
		DEV(14, NULL, NULL, "cam-3.kk.dk"),
		ROW(15, 100, "surveillance_camera", "ØKF", NULL),
		ROW(16, 100, "surveillance_camera", "SOF", NULL),
	};
	int64_t to[5];
	enum track_carry_why why[5];
	match(gone, 5, now, 6, to, why);
	assert_int_equal(why[0], TRACK_CARRY_OK);
	assert_int_equal(to[0], 11);
	assert_int_equal(why[1], TRACK_CARRY_OK);
	assert_int_equal(to[1], 12);
	/* two assets with that host name (case folded): not carried */
	assert_int_equal(why[2], TRACK_CARRY_AMBIGUOUS);
	assert_int_equal(to[2], 0);
	assert_int_equal(why[3], TRACK_CARRY_OK);
	assert_int_equal(to[3], 15);
	assert_int_equal(why[4], TRACK_CARRY_OK);
	assert_int_equal(to[4], 13);
}

static void ambiguous_and_none(void **state)
{
	(void)state;
	/* Two histories find the same asset: neither is carried. A device
	 * never matches an aggregate row, nor a row a device. */
	const struct track_carry_key gone[] = {
		DEV(1, "SN-1", NULL, NULL),
		DEV(2, NULL, NULL, "pc-1"),
		ROW(3, 20, "traffic_camera", "TMF", "Dahua"),
		ROW(4, 20, "traffic_camera", "TMF", "Dahua"),
		ROW(5, 18, "traffic_camera", "TMF", "HIKvision"),
		DEV(6, "SN-9", NULL, NULL),
		ROW(7, 5, "drone", "TMF", NULL),
	};
	const struct track_carry_key now[] = {
		{.id = 11, .count = 1, .serial = "SN-1", .hostname = "pc-1"},
		ROW(12, 20, "traffic_camera", "TMF", "Dahua"),
		ROW(13, 18, "traffic_camera", "TMF", "Hikvision"), /* maker differs */
		ROW(14, 1, "drone", "TMF", NULL),                  /* a device now */
	};
	int64_t to[7];
	enum track_carry_why why[7];
	match(gone, 7, now, 4, to, why);
	assert_int_equal(why[0], TRACK_CARRY_AMBIGUOUS);
	assert_int_equal(why[1], TRACK_CARRY_AMBIGUOUS);
	assert_int_equal(why[2], TRACK_CARRY_AMBIGUOUS);
	assert_int_equal(why[3], TRACK_CARRY_AMBIGUOUS);
	assert_int_equal(why[4], TRACK_CARRY_NONE);
	assert_int_equal(why[5], TRACK_CARRY_NONE);
	assert_int_equal(why[6], TRACK_CARRY_NONE);
	for (int i = 0; i < 7; i++)
		assert_int_equal(to[i], 0);
	/* Nothing to match against. */
	match(gone, 1, now, 0, to, why);
	assert_int_equal(why[0], TRACK_CARRY_NONE);
}

static void tracked_and_too_few(void **state)
{
	(void)state;
	struct track_carry_key gone[] = {
		DEV(1, "SN-1", NULL, NULL),
		ROW(2, 100, "surveillance_camera", "ØKF", NULL),
		ROW(3, 37, "surveillance_camera", "KFF", NULL),
	};
	gone[1].out = 60; /* 60 units ordered, replaced or gone */
	gone[2].out = 37;
	struct track_carry_key now[] = {
		DEV(11, "SN-1", NULL, NULL),
		ROW(12, 50, "surveillance_camera", "ØKF", NULL),
		ROW(13, 37, "surveillance_camera", "KFF", NULL),
	};
	now[0].tracked = true;
	int64_t to[3];
	enum track_carry_why why[3];
	match(gone, 3, now, 3, to, why);
	assert_int_equal(why[0], TRACK_CARRY_TRACKED);
	assert_int_equal(why[1], TRACK_CARRY_TOO_FEW);
	assert_int_equal(why[2], TRACK_CARRY_OK); /* as many as moved: fine */
	assert_int_equal(to[2], 13);
	assert_true(track_register_same(&gone[2], &now[2]));
	assert_false(track_register_same(&gone[1], &now[2]));
}

static void exec_ok(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

static int64_t one_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* A store made by migrations 1 to 10 (as the version before wrote it):
 * assets 1-3, facts on each, a status history of asset 3, then asset 3
 * removed (its history detached, asset_ref 3). Migrated to 11: the
 * facts of 1 and 2 are still there, the asset table gives 4 next (not 3,
 * which history names), and removing the newest asset does not give its
 * id again. */
static void migrates_from_10(void **state)
{
	(void)state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_ok(db, "PRAGMA foreign_keys = ON");
	for (int v = 0; v < 10; v++)
		exec_ok(db, schema_migration(v));
	char pragma[96];
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = 10; PRAGMA application_id = %d",
		 STORE_APPLICATION_ID);
	exec_ok(db, pragma);
	exec_ok(db,
		"INSERT INTO survey(id, name) VALUES (1, 'kk');"
		"INSERT INTO source(id, survey_id, kind) VALUES (1, 1, 'import');"
		"INSERT INTO asset(id, survey_id, source_id, type, count) VALUES"
		" (1, 1, 1, 'router', 1), (2, 1, 1, 'camera', 1), (3, 1, 1, 'camera', 1);"
		"INSERT INTO observation(asset_id, method, field, value, confidence, source_id)"
		" VALUES (1, 'csv', 'maker', 'x', 1, 1), (2, 'csv', 'maker', 'y', 1, 1);"
		"INSERT INTO asset_status(asset_id, asset_ref, survey_id, state, date, units,"
		" recorded_at) VALUES (3, 3, 1, 'replaced', '2026-01-01', 1, '2026-01-01T00:00:00Z');"
		"DELETE FROM asset WHERE id = 3;");
	assert_int_equal(one_int(db, "SELECT count(*) FROM asset_status WHERE asset_id IS NULL"), 1);
	sqlite3_close(db);

	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_OK);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	store_close(st);

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_ok(db, "PRAGMA foreign_keys = ON");
	assert_int_equal(one_int(db, "SELECT count(*) FROM observation"), 2);
	assert_int_equal(one_int(db, "SELECT count(*) FROM asset"), 2);
	assert_int_equal(one_int(db, "SELECT count(*) FROM asset_status WHERE asset_ref = 3"), 1);
	/* The observation still refers to asset (not a dropped table). */
	exec_ok(db, "DELETE FROM asset WHERE id = 2");
	assert_int_equal(one_int(db, "SELECT count(*) FROM observation"), 1);
	exec_ok(db, "INSERT INTO asset(survey_id, type) VALUES (1, 'nvr')");
	assert_int_equal(one_int(db, "SELECT max(id) FROM asset"), 4);
	exec_ok(db, "DELETE FROM asset WHERE id = 4;"
		    "INSERT INTO asset(survey_id, type) VALUES (1, 'nvr')");
	assert_int_equal(one_int(db, "SELECT max(id) FROM asset"), 5);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unique),
		cmocka_unit_test(ambiguous_and_none),
		cmocka_unit_test(tracked_and_too_few),
		cmocka_unit_test_setup_teardown(migrates_from_10, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
