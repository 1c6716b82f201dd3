/*
 * The sensor tables (schema migration 13, store/sensor_store.h): a
 * source's header and lines read back as written and in the order
 * written; the owner's work list by site and position; imported once;
 * what a sensor wrote read only within the caller's limits. On PostgreSQL
 * too (store-pg/test_sensor_store), where a store whose sensor tables
 * `db grant-sensor` made before migration 13 keeps their rows.
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

#include "store/db.h"
#include "store/sensor_store.h"
#include "store/store.h"

#define STORE_FIXTURE_NAME "sensor"
#include "store_fixture.h"

static struct store *open_new(void)
{
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	return st;
}

/* One source of site with the given lines, committed; its id. */
static int64_t add_source(struct store *st, const char *site, const char *header,
			  const char *const *lines, size_t n)
{
	struct vs_error err = {0};
	int64_t id = 0;
	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_equal(store_sensor_source_add(st, site, header, strlen(header), &id, &err), VS_OK);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(store_sensor_line_add(st, id, site, lines[i], strlen(lines[i]), &err),
				 VS_OK);
	assert_int_equal(store_commit(st, &err), VS_OK);
	assert_true(id > 0);
	return id;
}

static void read_back_in_order(void **state)
{
	(void)state;
	struct store *st = open_new();
	struct vs_error err = {0};
	/* More lines than sort the same by text or by insertion at random. */
	const char *lines[] = {"{\"z\":1}", "{\"a\":2}", "{\"m\":3}", "{\"b\":4}", "{\"y\":5}"};
	const char *site = "Rådhuset 'øst'; --";
	int64_t id = add_source(st, site, "{\"h\":1}", lines, 5);
	struct sensor_source_info info;
	struct strbuf header = STRBUF_INIT, text = STRBUF_INIT;
	bool found;
	assert_int_equal(store_sensor_next(st, NULL, 0, 1024, &info, &header, &found, &err), VS_OK);
	assert_true(found);
	assert_int_equal(info.id, id);
	assert_string_equal(info.site, site);
	assert_string_equal(strbuf_str(&header), "{\"h\":1}");
	assert_int_equal(info.lines, 5);
	assert_int_equal(strlen(info.added_at), 20); /* 2026-12-06T07:00:00Z */
	assert_int_equal(store_sensor_lines(st, id, 1024, 1 << 20, &text, &err), VS_OK);
	assert_string_equal(strbuf_str(&text),
			    "{\"z\":1}\n{\"a\":2}\n{\"m\":3}\n{\"b\":4}\n{\"y\":5}\n");
	/* Imported once: marked, then no longer waiting nor marked again. */
	bool marked;
	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_equal(store_sensor_mark_imported(st, id, &marked, &err), VS_OK);
	assert_true(marked);
	assert_int_equal(store_sensor_mark_imported(st, id, &marked, &err), VS_OK);
	assert_false(marked);
	assert_int_equal(store_commit(st, &err), VS_OK);
	assert_int_equal(store_sensor_next(st, NULL, 0, 1024, &info, &header, &found, &err), VS_OK);
	assert_false(found);
	strbuf_release(&header);
	strbuf_release(&text);
	store_close(st);
}

static void by_site_and_position(void **state)
{
	(void)state;
	struct store *st = open_new();
	struct vs_error err = {0};
	const char *one[] = {"{}"};
	int64_t n1 = add_source(st, "north", "{\"n\":1}", one, 1);
	int64_t s1 = add_source(st, "south", "{\"s\":1}", one, 1);
	int64_t n2 = add_source(st, "north", "{\"n\":2}", NULL, 0);
	struct sensor_source_info info;
	struct strbuf header = STRBUF_INIT;
	bool found;
	int64_t seen[4], k = 0, after = 0;
	while (!store_sensor_next(st, "north", after, 1024, &info, &header, &found, &err) && found) {
		assert_true(k < 4);
		seen[k++] = after = info.id;
	}
	assert_int_equal(err.code, VS_OK);
	assert_int_equal(k, 2);
	assert_int_equal(seen[0], n1);
	assert_int_equal(seen[1], n2);
	assert_int_equal(store_sensor_next(st, NULL, n1, 1024, &info, &header, &found, &err), VS_OK);
	assert_true(found);
	assert_int_equal(info.id, s1);
	assert_string_equal(info.site, "south");
	assert_int_equal(store_sensor_next(st, "west", 0, 1024, &info, &header, &found, &err), VS_OK);
	assert_false(found);
	strbuf_release(&header);
	store_close(st);
}

static void limits_hold(void **state)
{
	(void)state;
	struct store *st = open_new();
	struct vs_error err = {0};
	char big[200];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	const char *lines[] = {"{\"a\":1}", big};
	int64_t id = add_source(st, "north", big, lines, 2);
	struct sensor_source_info info;
	struct strbuf header = STRBUF_INIT, text = STRBUF_INIT;
	bool found;
	/* A header past the limit is not read; its length says so. */
	assert_int_equal(store_sensor_next(st, NULL, 0, 100, &info, &header, &found, &err), VS_OK);
	assert_true(found);
	assert_int_equal(header.len, 0);
	assert_true(info.header_len > 100);
	assert_int_equal(store_sensor_lines(st, id, 100, 1 << 20, &text, &err), VS_ETOOBIG);
	strbuf_reset(&text);
	vs_error_clear(&err);
	assert_int_equal(store_sensor_lines(st, id, 1000, 100, &text, &err), VS_ETOOBIG);
	strbuf_reset(&text);
	vs_error_clear(&err);
	assert_int_equal(store_sensor_lines(st, id, 1000, 1000, &text, &err), VS_OK);
	assert_int_equal(text.len, strlen(lines[0]) + 1 + strlen(big) + 1);
	/* A line holding a line break would be two lines of the format. */
	const char *broken[] = {"{\"a\":1}\n{\"devices\":9}"};
	int64_t id2 = add_source(st, "north", "{}", broken, 1);
	strbuf_reset(&text);
	vs_error_clear(&err);
	assert_int_equal(store_sensor_lines(st, id2, 1000, 1000, &text, &err), VS_EBADVAL);
	strbuf_release(&header);
	strbuf_release(&text);
	store_close(st);
}

/* A line must go to a source of its own site (the composite reference). */
static void lines_stay_at_their_source_site(void **state)
{
	(void)state;
	struct store *st = open_new();
	struct vs_error err = {0};
	int64_t id = add_source(st, "north", "{}", NULL, 0);
	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_not_equal(store_sensor_line_add(st, id, "south", "{}", 2, &err), VS_OK);
	store_rollback(st);
	store_close(st);
}

/*
 * PostgreSQL: the sensor tables as `db grant-sensor` made them before
 * they were migration 13 (types name and timestamptz, no id per line),
 * with rows, in a store at version 12: migrating keeps every row, the
 * lines in their order, the next source id above the old ones, and
 * leaves row-level security on.
 */
static void pg_tables_from_before_migrate(void **state)
{
	(void)state;
	if (!store_fixture_pg())
		skip();
	store_fixture_at_version(12);
	struct vs_error err = {0};
	struct db *db;
	assert_int_equal(db_open(path, false, &db, &err), VS_OK);
	assert_int_equal(
		db_exec(db,
			"CREATE TABLE sensor_site (role name PRIMARY KEY, site text NOT NULL);"
			"CREATE TABLE sensor_source (id bigint GENERATED BY DEFAULT AS IDENTITY "
			"PRIMARY KEY, site text NOT NULL, header text NOT NULL, added_by name NOT "
			"NULL DEFAULT current_user, added_at timestamptz NOT NULL DEFAULT now(), "
			"imported_at timestamptz, UNIQUE (id, site));"
			"CREATE TABLE sensor_observation (source_id bigint NOT NULL, site text NOT "
			"NULL, line text NOT NULL, FOREIGN KEY (source_id, site) REFERENCES "
			"sensor_source (id, site) ON DELETE CASCADE);"
			"CREATE INDEX sensor_observation_source ON sensor_observation (source_id);"
			"INSERT INTO sensor_site VALUES ('cam_x', 'west');"
			"INSERT INTO sensor_source (site, header, added_at) VALUES "
			"('west', 'h1', '2026-03-02 10:00:00+00'), ('west', 'h2', '2026-03-02 11:00:00+00');"
			"INSERT INTO sensor_observation VALUES (2, 'west', 'c'), (2, 'west', 'a'), "
			"(2, 'west', 'b');",
			&err),
		VS_OK);
	db_close(db);
	struct store *again;
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &again, &err), VS_OK);
	assert_int_equal(store_schema_version(again), store_schema_latest());
	struct sensor_source_info info;
	struct strbuf header = STRBUF_INIT, text = STRBUF_INIT;
	bool found;
	assert_int_equal(store_sensor_next(again, "west", 1, 1024, &info, &header, &found, &err),
			 VS_OK);
	assert_true(found);
	assert_int_equal(info.id, 2);
	assert_string_equal(info.added_by, "postgres");
	assert_string_equal(info.added_at, "2026-03-02T11:00:00Z");
	assert_string_equal(strbuf_str(&header), "h2");
	assert_int_equal(store_sensor_lines(again, 2, 100, 1000, &text, &err), VS_OK);
	assert_string_equal(strbuf_str(&text), "c\na\nb\n");
	int64_t id = add_source(again, "west", "h3", NULL, 0);
	assert_int_equal(id, 3);
	struct db_stmt *s = db_prepare(store_handle(again),
				       "SELECT count(*) FROM pg_class WHERE relname IN "
				       "('sensor_site', 'sensor_source', 'sensor_observation') "
				       "AND relrowsecurity",
				       0);
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 3);
	db_finalize(s);
	s = db_prepare(store_handle(again), "SELECT role FROM sensor_site", 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_column_text(s, 0), "cam_x");
	db_finalize(s);
	strbuf_release(&header);
	strbuf_release(&text);
	store_close(again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(read_back_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(by_site_and_position, setup, teardown),
		cmocka_unit_test_setup_teardown(limits_hold, setup, teardown),
		cmocka_unit_test_setup_teardown(lines_stay_at_their_source_site, setup, teardown),
		cmocka_unit_test_setup_teardown(pg_tables_from_before_migrate, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
