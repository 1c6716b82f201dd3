/*
 * Phase-out tracking (track/track.h): validation with its messages, history
 * kept in order and never overwritten, units of an aggregate row moving
 * between states, the JSON the CLI and the API share, the bulk CSV (all
 * or nothing, FILE:LINE of the first bad row, hostile text), and a store
 * from before migration 10 migrated with its assets tracked afterwards.
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
#include "store/store.h"
#include "report/plan_actual.h"
#include "track/track.h"
#include "util/money.h"

#define STORE_FIXTURE_NAME "track"
#include "../store/store_fixture.h"

/* 2026-07-01 00:00 UTC */
#define NOW 1782864000LL

struct ids {
	int64_t cam, cams, prog;
};

/* A store with a camera (count 1), an aggregate row of 300 cameras and a
 * program, all Chinese. */
static struct store *fixture(struct ids *ids)
{
	struct store *st;
	struct vs_error err = {0};
	struct survey_info si;
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_equal(store_survey_get(st, "kk-2025", "2025", true, &si, &err), VS_OK);
	int64_t *out[] = {&ids->cam, &ids->cams, &ids->prog};
	for (int i = 0; i < 3; i++) {
		struct asset a;
		asset_init(&a);
		a.kind = i == 2 ? ASSET_SOFTWARE : ASSET_HARDWARE;
		a.chinese = TRI_YES;
		str_set(&a.type, i == 2 ? "program" : "surveillance_camera");
		str_set(&a.department, "SOF");
		if (i == 1)
			a.count.value = a.count.low = a.count.high = 300;
		assert_int_equal(store_asset_insert(st, si.id, 0, &a, &err), VS_OK);
		*out[i] = a.id;
		asset_release(&a);
	}
	assert_int_equal(store_commit(st, &err), VS_OK);
	return st;
}

static enum vs_err set(struct store *st, int64_t id, enum track_state s, const char *date,
		       int64_t units, const char *reason, struct vs_error *err)
{
	struct track_change c = TRACK_CHANGE_INIT;
	c.asset_id = id;
	c.state = s;
	c.date = date;
	c.units = units;
	c.reason = reason;
	c.user = "ann";
	vs_error_clear(err);
	return track_set(st, &c, NOW, NULL, err);
}

static void validation(void **state)
{
	(void)state;
	struct ids ids;
	struct store *st = fixture(&ids);
	struct vs_error err = {0};
	assert_int_equal(set(st, 999, TRACK_REPLACED, NULL, 0, NULL, &err), VS_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no asset with id 999"));
	assert_int_equal(set(st, ids.prog, TRACK_REPLACED, NULL, 0, NULL, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "is software"));
	assert_int_equal(set(st, ids.cam, TRACK_REPLACED, "2026-07-02", 0, NULL, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "in the future"));
	assert_int_equal(set(st, ids.cam, TRACK_REPLACED, "2026-02-30", 0, NULL, &err), VS_EBADVAL);
	assert_int_equal(set(st, ids.cam, TRACK_REPLACED, "2026", 0, NULL, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "not YYYY-MM-DD"));
	assert_int_equal(set(st, ids.cam, TRACK_EXEMPT, NULL, 0, NULL, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "exempt needs a reason"));
	assert_int_equal(set(st, ids.cam, TRACK_EXEMPT, NULL, 0, "", &err), VS_EBADVAL);
	assert_int_equal(set(st, ids.cam, TRACK_REPLACED, NULL, 0, "why", &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "a reason is for exempt"));
	assert_int_equal(set(st, ids.cam, TRACK_REPLACED, NULL, 2, NULL, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "the row counts 1"));
	assert_int_equal(set(st, ids.cam, TRACK_IN_SERVICE, NULL, 0, NULL, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "already in_service"));
	/* Today (no date) works; then nothing earlier may follow. */
	assert_int_equal(set(st, ids.cam, TRACK_REPLACED, NULL, 0, NULL, &err), VS_OK);
	assert_int_equal(set(st, ids.cam, TRACK_REPLACED, NULL, 0, NULL, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "already replaced"));
	assert_int_equal(set(st, ids.cam, TRACK_IN_SERVICE, "2026-06-30", 0, NULL, &err),
			 VS_EBADVAL);
	assert_non_null(strstr(err.msg, "before its latest change (2026-07-01, replaced)"));
	/* Too long a note. */
	char *big = malloc(5000);
	memset(big, 'x', 4999);
	big[4999] = 0;
	struct track_change c = TRACK_CHANGE_INIT;
	c.asset_id = ids.cams;
	c.state = TRACK_ORDERED;
	c.note = big;
	assert_int_equal(track_set(st, &c, NOW, NULL, &err), VS_ETOOBIG);
	free(big);
	/* A refused change stored nothing. */
	struct track_history h;
	assert_int_equal(track_history_get(st, ids.cam, &h, &err), VS_OK);
	assert_int_equal(h.n, 1);
	track_history_release(&h);
	assert_int_equal(track_history_get(st, ids.cams, &h, &err), VS_OK);
	assert_int_equal(h.n, 0);
	assert_int_equal(h.units[TRACK_IN_SERVICE], 300);
	track_history_release(&h);
	store_close(st);
}

static void history_in_order(void **state)
{
	(void)state;
	struct ids ids;
	struct store *st = fixture(&ids);
	struct vs_error err = {0};
	assert_int_equal(set(st, ids.cam, TRACK_ORDERED, "2026-01-10", 0, NULL, &err), VS_OK);
	assert_int_equal(set(st, ids.cam, TRACK_EXEMPT, "2026-01-10", 0, "police evidence", &err),
			 VS_OK);
	assert_int_equal(set(st, ids.cam, TRACK_IN_SERVICE, "2026-02-01", 0, NULL, &err), VS_OK);
	assert_int_equal(set(st, ids.cam, TRACK_REPLACED, "2026-03-01", 0, NULL, &err), VS_OK);
	struct track_history h;
	assert_int_equal(track_history_get(st, ids.cam, &h, &err), VS_OK);
	assert_int_equal(h.n, 4);
	static const enum track_state want[] = {TRACK_ORDERED, TRACK_EXEMPT, TRACK_IN_SERVICE,
						TRACK_REPLACED};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(h.e[i].state, want[i]);
		if (i)
			assert_true(h.e[i].id > h.e[i - 1].id);
		assert_string_equal(h.e[i].user, "ann");
		assert_string_equal(h.e[i].recorded, "2026-07-01T00:00:00Z");
	}
	assert_string_equal(h.e[1].reason, "police evidence");
	assert_int_equal(h.units[TRACK_REPLACED], 1);
	assert_int_equal(h.units[TRACK_IN_SERVICE], 0);
	track_history_release(&h);
	store_close(st);
}

static void aggregate_units(void **state)
{
	(void)state;
	struct ids ids;
	struct store *st = fixture(&ids);
	struct vs_error err = {0};
	assert_int_equal(set(st, ids.cams, TRACK_ORDERED, "2026-01-10", 100, NULL, &err), VS_OK);
	/* replaced takes the 100 ordered first, then 50 in service. */
	assert_int_equal(set(st, ids.cams, TRACK_REPLACED, "2026-02-10", 150, NULL, &err), VS_OK);
	assert_int_equal(set(st, ids.cams, TRACK_EXEMPT, "2026-02-11", 10, "museum", &err), VS_OK);
	/* 140 in service can be decommissioned, 141 cannot. */
	assert_int_equal(set(st, ids.cams, TRACK_DECOMMISSIONED, "2026-03-01", 151, NULL, &err),
			 VS_EBADVAL);
	assert_non_null(strstr(err.msg, "only 150 of its 300 can become decommissioned"));
	assert_int_equal(set(st, ids.cams, TRACK_DECOMMISSIONED, "2026-03-01", 301, NULL, &err),
			 VS_EBADVAL);
	assert_non_null(strstr(err.msg, "the row counts 300"));
	/* Without --units: every unit that can move (140 in service, then the
	 * 10 exempt ones, last choice). */
	assert_int_equal(set(st, ids.cams, TRACK_DECOMMISSIONED, "2026-03-01", 0, NULL, &err), VS_OK);
	struct track_history h;
	assert_int_equal(track_history_get(st, ids.cams, &h, &err), VS_OK);
	assert_int_equal(h.count, 300);
	assert_int_equal(h.units[TRACK_IN_SERVICE], 0);
	assert_int_equal(h.units[TRACK_ORDERED], 0);
	assert_int_equal(h.units[TRACK_REPLACED], 150);
	assert_int_equal(h.units[TRACK_DECOMMISSIONED], 150);
	assert_int_equal(h.units[TRACK_EXEMPT], 0);
	assert_int_equal(h.e[3].units, 150);
	int64_t sum = 0;
	for (int s = 0; s < TRACK_N_STATES; s++)
		sum += h.units[s];
	assert_int_equal(sum, 300);
	track_history_release(&h);
	assert_int_equal(set(st, ids.cams, TRACK_REPLACED, "2026-03-02", 0, NULL, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "no unit can become replaced"));
	store_close(st);
}

static void json_object(void **state)
{
	(void)state;
	struct ids ids;
	struct store *st = fixture(&ids);
	struct vs_error err = {0};
	struct track_change c = TRACK_CHANGE_INIT;
	c.asset_id = ids.cams;
	c.state = TRACK_ORDERED;
	c.date = "2026-01-10";
	c.units = 100;
	c.cost = 81240000; /* 812.4 thousand DKK */
	c.user = "ann \"a\"";
	c.note = "=cmd|' /C calc'!A0\x1b[31m";
	assert_int_equal(track_set(st, &c, NOW, NULL, &err), VS_OK);
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(track_history_json(st, ids.cams, &sb, &err), VS_OK);
	char want[1024];
	snprintf(want, sizeof(want),
		 "{\"asset\":%lld,\"survey\":\"kk-2025\",\"count\":300,\"state\":\"in_service\","
		 "\"units\":{\"in_service\":200,\"ordered\":100,\"replaced\":0,\"decommissioned\":0,"
		 "\"exempt\":0},\"history\":[{\"id\":1,\"state\":\"ordered\",\"date\":\"2026-01-10\","
		 "\"units\":100,\"cost\":812.4,\"user\":\"ann \\\"a\\\"\","
		 "\"note\":\"=cmd|' /C calc'!A0?[31m\",\"reason\":null,"
		 "\"recorded\":\"2026-07-01T00:00:00Z\"}]}",
		 (long long)ids.cams);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_reset(&sb);
	assert_int_equal(track_history_text(st, ids.cams, &sb, &err), VS_OK);
	assert_non_null(strstr(strbuf_str(&sb), "300 units: 200 in_service, 100 ordered"));
	assert_non_null(strstr(strbuf_str(&sb), "812.4 t.kr.  by ann"));
	strbuf_release(&sb);
	assert_int_equal(track_history_json(st, 12345, &sb, &err), VS_ENOTFOUND);
	strbuf_release(&sb);
	store_close(st);
}

static int64_t n_rows(struct store *st)
{
	struct db_stmt *s;
	assert_non_null(s = db_prepare(store_handle(st), "SELECT count(*) FROM asset_status", 0));
	assert_int_equal(db_step(s), DB_ROW);
	int64_t n = db_column_int64(s, 0);
	db_finalize(s);
	return n;
}

static void csv_all_or_nothing(void **state)
{
	(void)state;
	struct ids ids;
	struct store *st = fixture(&ids);
	struct vs_error err = {0};
	char csv[512];
	size_t applied = 99;
	/* The third line is bad (more units than are left): nothing stays. */
	snprintf(csv, sizeof(csv),
		 "asset,state,date,cost,units,note\n"
		 "%lld,ordered,2026-01-10,812.4,100,first\n"
		 "%lld,replaced,2026-02-01,,400,too many\n",
		 (long long)ids.cams, (long long)ids.cams);
	assert_int_equal(track_csv_apply(st, "changes.csv", csv, strlen(csv), NOW, "bo", &applied,
					 &err),
			 VS_EBADVAL);
	assert_non_null(strstr(err.msg, "changes.csv:3: asset"));
	assert_non_null(strstr(err.msg, "the row counts 300"));
	assert_int_equal(applied, 0);
	assert_int_equal(n_rows(st), 0);
	/* Field errors name their line too. */
	static const char *const bad[] = {
		"asset,state\n1,replaced\nx,replaced\n",        "changes.csv:3: asset 'x'",
		"asset,state\n1,broken\n",                      "changes.csv:2: state 'broken'",
		"asset,state,cost\n1,replaced,1,5\n",           "changes.csv:2: 4 fields, but the header names 3",
		"asset,state,cost\n1,replaced,\"1,5\"\n",       "changes.csv:2: cost '1,5'",
		"asset,state,units\n1,replaced,-3\n",           "changes.csv:2: units '-3'",
		"asset,state,colour\n1,replaced,red\n",         "changes.csv:1: unknown column 'colour'",
		"asset,date\n1,2026-01-01\n",                   "needs columns asset and state",
		"asset,state\n",                                "no changes after the header",
		"",                                             "empty file",
		"asset,state\n\"1,replaced\n",                  "changes.csv:2",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i += 2) {
		vs_error_clear(&err);
		assert_int_not_equal(track_csv_apply(st, "changes.csv", bad[i], strlen(bad[i]), NOW,
						     NULL, NULL, &err),
				     VS_OK);
		if (!strstr(err.msg, bad[i + 1]))
			fail_msg("%zu: '%s' lacks '%s'", i / 2, err.msg, bad[i + 1]);
	}
	assert_int_equal(n_rows(st), 0);
	/* A good file, in a Danish spreadsheet's dialect (';' and decimal
	 * commas), with the user defaulted and a formula kept as text. */
	snprintf(csv, sizeof(csv),
		 "Asset;State;Cost;Units;Note;User\r\n"
		 "%lld;ordered;812,4;100;\"=HYPERLINK(\"\"http://x\"\")\";\r\n"
		 "%lld;replaced;;;;carl\r\n",
		 (long long)ids.cams, (long long)ids.cam);
	vs_error_clear(&err);
	assert_int_equal(track_csv_apply(st, "dk.csv", csv, strlen(csv), NOW, "bo", &applied, &err),
			 VS_OK);
	assert_int_equal(applied, 2);
	struct track_history h;
	assert_int_equal(track_history_get(st, ids.cams, &h, &err), VS_OK);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.e[0].cost, 81240000);
	assert_string_equal(h.e[0].user, "bo");
	assert_string_equal(h.e[0].note, "=HYPERLINK(\"http://x\")");
	assert_string_equal(h.e[0].date, "2026-07-01");
	track_history_release(&h);
	assert_int_equal(track_history_get(st, ids.cam, &h, &err), VS_OK);
	assert_string_equal(h.e[0].user, "carl");
	track_history_release(&h);
	store_close(st);
}

static void states_by_name(void **state)
{
	(void)state;
	enum track_state s;
	assert_true(track_state_parse("in-service", &s) && s == TRACK_IN_SERVICE);
	assert_true(track_state_parse("Replacement_Ordered", &s) && s == TRACK_ORDERED);
	assert_true(track_state_parse("decommissioned", &s) && s == TRACK_DECOMMISSIONED);
	assert_false(track_state_parse("", &s));
	assert_false(track_state_parse("replacedx", &s));
	assert_false(track_state_parse(NULL, &s));
	int64_t id = 0;
	assert_true(track_asset_id_parse("42", 2, &id) && id == 42);
	assert_false(track_asset_id_parse("0", 1, &id));
	assert_false(track_asset_id_parse("4x", 2, &id));
	assert_false(track_asset_id_parse("-4", 2, &id));
	assert_false(track_asset_id_parse("", 0, &id));
	assert_false(track_asset_id_parse("1234567890123456789", 19, &id));
	for (int i = 0; i < TRACK_N_STATES; i++) {
		assert_true(track_state_parse(track_state_name((enum track_state)i), &s));
		assert_int_equal(s, i);
	}
}

/* A store at schema 9 (migrations 10, 11 and 13 undone by hand; 12 is
 * PostgreSQL's) opens migrated, keeps its assets, and they can be tracked. */
static void migrates_from_9(void **state)
{
	(void)state;
	struct ids ids;
	struct store *st = fixture(&ids);
	store_close(st);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE asset_status; DROP TABLE asset_gone; "
				      "DROP TABLE sensor_observation; DROP TABLE sensor_source; "
				      "DROP TABLE sensor_site; PRAGMA user_version = 9;", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_OK);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	assert_int_equal(set(st, ids.cams, TRACK_REPLACED, "2026-05-01", 30, NULL, &err), VS_OK);
	struct track_history h;
	assert_int_equal(track_history_get(st, ids.cams, &h, &err), VS_OK);
	assert_int_equal(h.units[TRACK_REPLACED], 30);
	track_history_release(&h);
	/* The store's own checks hold even against a writer that skips track/. */
	assert_int_not_equal(db_exec(store_handle(st),
					  "INSERT INTO asset_status(asset_id, asset_ref, survey_id, "
					  "state, date, units, recorded_at) VALUES (1, 1, 1, 'exempt', "
					  "'2026-01-01', 1, 'x')",
					  &(struct vs_error){0}),
			     VS_OK);
	store_close(st);
}

/* Plan versus actual replays each asset's history: a correction back to
 * in service counts back in its year, and exempt units that come back
 * leave the exempt figure. */
static void actuals_replayed(void **state)
{
	(void)state;
	struct ids ids;
	struct store *st = fixture(&ids);
	struct vs_error err = {0};
	struct track_change c = TRACK_CHANGE_INIT;
	c.asset_id = ids.cams;
	c.state = TRACK_ORDERED;
	c.date = "2025-11-01";
	c.units = 100;
	c.cost = 40000000; /* 400 */
	assert_int_equal(track_set(st, &c, NOW, NULL, &err), VS_OK);
	c.state = TRACK_REPLACED;
	c.date = "2025-12-01";
	c.cost = 120000000; /* 1,200 */
	assert_int_equal(track_set(st, &c, NOW, NULL, &err), VS_OK);
	assert_int_equal(set(st, ids.cams, TRACK_EXEMPT, "2026-01-05", 5, "museum", &err), VS_OK);
	/* 20 of the replaced ones were a mistake: back in service in 2026
	 * (exempt units come back first, so 25 in all: 5 exempt, 20 replaced). */
	assert_int_equal(set(st, ids.cams, TRACK_IN_SERVICE, "2026-02-01", 25, NULL, &err), VS_OK);
	struct plan_actual a;
	assert_int_equal(plan_actual_load(st, 1, NULL, NULL, &a, &err), VS_OK);
	assert_int_equal(a.n_changes, 4);
	assert_int_equal(a.units, 80);
	assert_int_equal(a.exempt, 0);
	assert_int_equal(a.cost, 160000000);
	assert_int_equal(a.n_year, 2);
	assert_int_equal(a.by_year[0].year, 2025);
	assert_int_equal(a.by_year[0].units, 100);
	assert_int_equal(a.by_year[1].year, 2026);
	assert_int_equal(a.by_year[1].units, -20);
	assert_int_equal(a.n_dept, 1);
	assert_string_equal(a.by_dept[0].dept, "SOF");
	plan_actual_release(&a);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(validation, setup, teardown),
		cmocka_unit_test_setup_teardown(history_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(aggregate_units, setup, teardown),
		cmocka_unit_test_setup_teardown(json_object, setup, teardown),
		cmocka_unit_test_setup_teardown(csv_all_or_nothing, setup, teardown),
		cmocka_unit_test(states_by_name),
		cmocka_unit_test_setup_teardown(migrates_from_9, setup, teardown),
		cmocka_unit_test_setup_teardown(actuals_replayed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
