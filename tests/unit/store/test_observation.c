/*
 * Observations and a device's first/last frame (schema migration 5):
 * written, then read back per asset in order; a device with
 * none reads as unknown; an observation of an asset that does not exist
 * is refused by the foreign key, not stored.
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

#include "model/model.h"
#include "store/query_observation.h"
#include "store/store.h"

#define STORE_FIXTURE_NAME "obs"
#include "store_fixture.h"

struct seen_list {
	char text[512];
	size_t n;
};

static void collect(const struct observation_row *r, void *ctx)
{
	struct seen_list *l = ctx;
	size_t used = strlen(l->text);
	snprintf(l->text + used, sizeof(l->text) - used, "%s.%s=%s@%.2f[%s..%s];", r->method,
		 r->field, r->value, r->confidence, r->first_seen ? r->first_seen : "-",
		 r->last_seen ? r->last_seen : "-");
	l->n++;
}

static int64_t new_asset(struct store *st, int64_t survey, int64_t source)
{
	struct asset a;
	struct vs_error err = {0};
	asset_init(&a);
	a.kind = ASSET_HARDWARE;
	assert_int_equal(store_asset_insert(st, survey, source, &a, &err), VS_OK);
	int64_t id = a.id;
	asset_release(&a);
	return id;
}

static void written_and_read_back(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	assert_int_equal(store_open(path, STORE_CREATE, &st, &err), VS_OK);
	assert_int_equal(store_begin(st, &err), VS_OK);
	struct survey_info si;
	int64_t source;
	assert_int_equal(store_survey_get(st, "s", NULL, true, &si, &err), VS_OK);
	assert_int_equal(store_source_add(st, si.id, "capture", "pcap", "x.pcap", &source, &err), VS_OK);
	int64_t cam = new_asset(st, si.id, source), quiet = new_asset(st, si.id, source);

	struct seen_row seen = {"2026-01-01T00:00:01Z", "2026-01-01T00:05:00Z", 42};
	assert_int_equal(store_seen_set(st, cam, &seen, &err), VS_OK);
	struct observation_row a = {"sadp", "model", "DS-2CD2143G2-I", 0.95, "2026-01-01T00:00:01Z",
				    "2026-01-01T00:04:00Z", source, 0};
	struct observation_row b = {"http", "server", "App-webs/", 0.85, NULL, NULL, source, 0};
	assert_int_equal(store_observation_add(st, cam, &a, &err), VS_OK);
	assert_int_equal(store_observation_add(st, cam, &b, &err), VS_OK);
	assert_int_equal(store_commit(st, &err), VS_OK);
	/* No such asset: the foreign key refuses it, and says it was storing
	 * (outside the transaction: on PostgreSQL an error ends one). */
	assert_int_equal(store_observation_add(st, 9999, &a, &err), VS_EDB);
	assert_non_null(strstr(err.msg, "storing observations"));
	vs_error_clear(&err);

	struct seen_info info;
	struct seen_list l = {"", 0};
	assert_int_equal(store_observations_of(st, cam, &info, collect, &l, &err), VS_OK);
	assert_true(info.known);
	assert_string_equal(info.first_seen, "2026-01-01T00:00:01Z");
	assert_string_equal(info.last_seen, "2026-01-01T00:05:00Z");
	assert_int_equal(info.packets, 42);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.text, "sadp.model=DS-2CD2143G2-I@0.95[2026-01-01T00:00:01Z..2026-01-01T00:04:00Z];"
				    "http.server=App-webs/@0.85[-..-];");

	struct seen_list none = {"", 0};
	assert_int_equal(store_observations_of(st, quiet, &info, collect, &none, &err), VS_OK);
	assert_false(info.known);
	assert_int_equal(none.n, 0);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(written_and_read_back, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
