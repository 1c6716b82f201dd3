/*
 * Shared by the store unit tests: a fresh store file per test, named after
 * the test binary's subject and its process id, and removed afterwards with
 * its WAL and shared-memory files.
 */
#ifndef VS_TESTS_STORE_FIXTURE_H
#define VS_TESTS_STORE_FIXTURE_H

#include <stdio.h>
#include <unistd.h>

#include "store/store.h"

static char path[64];

/* STORE_FIXTURE_NAME: what the test file is about ("store", "devices" …). */
static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "/tmp/vs-test-%s-%d.db", STORE_FIXTURE_NAME, (int)getpid());
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char extra[80];
	unlink(path);
	snprintf(extra, sizeof(extra), "%s-wal", path);
	unlink(extra);
	snprintf(extra, sizeof(extra), "%s-shm", path);
	unlink(extra);
	return 0;
}

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

#endif
