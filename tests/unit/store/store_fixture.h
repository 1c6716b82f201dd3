/*
 * Shared by the store unit tests: a fresh store file per test, named after
 * the test binary's subject and its process id, and removed afterwards with
 * its WAL and shared-memory files.
 */
#ifndef VS_TESTS_STORE_FIXTURE_H
#define VS_TESTS_STORE_FIXTURE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/schema.h"
#include "store/store.h"

/* The store of the running test: a file, or with VS_TEST_DB set to a
 * PostgreSQL URL (the store tests' second registration, against the
 * cluster of the CTest fixture pg), a new database on that server. */
static char path[1024];
static char pg_name[64];

static inline bool store_fixture_pg(void)
{
	const char *url = getenv("VS_TEST_DB");
	return url && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0);
}

/* Run one statement on the server's VS_TEST_DB database; fail the test
 * when it cannot (no server is a failure, never a skip). */
static inline void store_fixture_admin(const char *sql)
{
	PGconn *c = PQconnectdb(getenv("VS_TEST_DB"));
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "VS_TEST_DB: %s", PQerrorMessage(c));
		PQfinish(c);
		abort();
	}
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
		abort();
	}
	PQclear(r);
	PQfinish(c);
}

/* STORE_FIXTURE_NAME: what the test file is about ("store", "devices" …). */
static int setup(void **state)
{
	(void)state;
	if (store_fixture_pg()) {
		char sql[128];
		const char *url = getenv("VS_TEST_DB");
		snprintf(pg_name, sizeof(pg_name), "vs_unit_%s_%d", STORE_FIXTURE_NAME, (int)getpid());
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_name);
		store_fixture_admin(sql);
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", pg_name);
		store_fixture_admin(sql);
		/* The URL with the new database as its path: .../NAME?query. */
		const char *q = strchr(url, '?');
		size_t base = q ? (size_t)(q - url) : strlen(url);
		while (base > 0 && url[base - 1] != '/')
			base--;
		snprintf(path, sizeof(path), "%.*s%s%s", (int)base, url, pg_name, q ? q : "");
		return 0;
	}
	snprintf(path, sizeof(path), "/tmp/vs-test-%s-%d.db", STORE_FIXTURE_NAME, (int)getpid());
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (store_fixture_pg()) {
		char sql[128];
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_name);
		store_fixture_admin(sql);
		return 0;
	}
	char extra[1100];
	unlink(path);
	snprintf(extra, sizeof(extra), "%s-wal", path);
	unlink(extra);
	snprintf(extra, sizeof(extra), "%s-shm", path);
	unlink(extra);
	return 0;
}

/* A test of a SQLite file as such (its header, its permissions, a schema
 * written by hand with sqlite3): not one for a server. */
#define SQLITE_ONLY()                  \
	do {                           \
		if (store_fixture_pg()) \
			skip();        \
	} while (0)

/* A new store at path, a transaction open, and survey `name` in it
 * (cmocka.h comes first in the test file). */
static inline struct store *open_in_survey(const char *name, struct survey_info *s)
{
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_equal(store_survey_get(st, name, NULL, true, s, &err), VS_OK);
	return st;
}

/* A new store at path at schema version `version`, as an older
 * vendorscope left it: the migrations up to it run as store_open runs
 * them (the PostgreSQL parts before and after each shared step). For a
 * test of what a later migration does with the rows of an earlier one. */
static inline void store_fixture_at_version(int version)
{
	struct db *db;
	struct vs_error err = {0};
	assert_int_equal(db_open(path, true, &db, &err), VS_OK);
	bool pg = store_fixture_pg();
	assert_int_equal(db_begin_write(db, &err), VS_OK);
	for (int v = 0; v < version; v++) {
		const char *first = pg ? schema_migration_pg_first(v) : NULL;
		const char *only = pg ? schema_migration_pg(v) : NULL;
		if (first)
			assert_int_equal(db_exec(db, first, &err), VS_OK);
		assert_int_equal(db_migrate_step(db, schema_migration(v), v + 1, &err), VS_OK);
		if (only)
			assert_int_equal(db_exec(db, only, &err), VS_OK);
	}
	assert_int_equal(db_commit(db, &err), VS_OK);
	db_close(db);
}

#endif
