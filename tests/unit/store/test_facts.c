/*
 * A device's facts in multi-row INSERTs (store/query_facts.h): lists
 * shorter than, as long as and longer than one statement's rows read back
 * in the order given, with every column as written, exactly as one
 * store_observation_add / store_exposure_add a row stores them.
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
#include "store/query_facts.h"
#include "store/store.h"

#define STORE_FIXTURE_NAME "facts"
#include "store_fixture.h"

struct text {
	char buf[8192];
};

static void add(struct text *t, const char *fmt, const char *a, const char *b, const char *c,
		const char *d, double conf, long long x)
{
	size_t used = strlen(t->buf);
	snprintf(t->buf + used, sizeof(t->buf) - used, fmt, a ? a : "-", b ? b : "-", c ? c : "-",
		 d ? d : "-", conf, x);
}

static void collect_obs(const struct observation_row *r, void *ctx)
{
	add(ctx, "%s %s %s %s %.3f %lld;", r->method, r->field, r->value,
	    r->first_seen, r->confidence, (long long)r->source_id);
}

static void collect_exp(int64_t asset_id, const struct exposure_row *r, void *ctx)
{
	(void)asset_id;
	add(ctx, "%s %s %s %s %.0f %lld;", r->peer, r->name, r->country, r->query ? "q" : "t",
	    0.0, (long long)r->bytes);
}

/* The same n facts stored both ways under two assets, read back the same. */
static void same_as_one_row_at_a_time(size_t n)
{
	struct survey_info si;
	struct vs_error err = {0};
	struct store *st = open_in_survey("s", &si);
	int64_t source_id;
	assert_int_equal(store_source_add(st, si.id, "capture", "pcap", "x.pcap", &source_id, &err),
			 VS_OK);
	int64_t ids[2];
	for (int k = 0; k < 2; k++) {
		struct asset a;
		asset_init(&a);
		assert_int_equal(store_asset_insert(st, si.id, source_id, &a, &err), VS_OK);
		ids[k] = a.id;
		asset_release(&a);
	}
	struct observation_row *obs = calloc(n, sizeof(*obs));
	struct exposure_row *exp = calloc(n, sizeof(*exp));
	char(*val)[32] = calloc(n, sizeof(*val));
	assert_non_null(obs);
	assert_non_null(exp);
	assert_non_null(val);
	for (size_t i = 0; i < n; i++) {
		snprintf(val[i], sizeof(val[i]), "v%zu", i);
		obs[i] = (struct observation_row){"dhcp", i % 2 ? "hostname" : "vendor_class", val[i],
						  0.7, i % 3 ? "2026-01-01T00:00:00Z" : NULL,
						  "2026-01-02T00:00:00Z", i % 4 ? source_id : 0, 0};
		exp[i] = (struct exposure_row){.peer = i % 5 ? val[i] : NULL, .name = "n",
					       .country = "CN", .bytes = i, .first_seen = "",
					       .last_seen = "", .source_id = source_id,
					       .query = i % 2};
	}
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(store_observation_add(st, ids[0], &obs[i], &err), VS_OK);
		assert_int_equal(store_exposure_add(st, ids[0], &exp[i], &err), VS_OK);
	}
	assert_int_equal(store_observations_add(st, ids[1], obs, n, &err), VS_OK);
	assert_int_equal(store_exposures_add(st, ids[1], exp, n, &err), VS_OK);
	assert_int_equal(store_commit(st, &err), VS_OK);
	static struct text one, many;
	struct seen_info seen;
	memset(&one, 0, sizeof(one));
	memset(&many, 0, sizeof(many));
	assert_int_equal(store_observations_of(st, ids[0], &seen, collect_obs, &one, &err), VS_OK);
	assert_int_equal(store_observations_of(st, ids[1], &seen, collect_obs, &many, &err), VS_OK);
	assert_string_equal(many.buf, one.buf);
	assert_int_equal((int)strlen(one.buf) > 0, n > 0);
	/* Exposure of the survey: asset 0's rows, then asset 1's, the same. */
	static struct text all;
	memset(&all, 0, sizeof(all));
	assert_int_equal(store_exposures_foreach(st, si.id, collect_exp, &all, &err), VS_OK);
	size_t half = strlen(all.buf) / 2;
	assert_int_equal(strlen(all.buf) % 2, 0);
	assert_memory_equal(all.buf, all.buf + half, half);
	free(obs);
	free(exp);
	free(val);
	store_close(st);
}

static void one_row(void **state)
{
	(void)state;
	same_as_one_row_at_a_time(1);
}

static void one_statement_full(void **state)
{
	(void)state;
	same_as_one_row_at_a_time(STORE_FACT_ROWS);
}

static void several_statements(void **state)
{
	(void)state;
	same_as_one_row_at_a_time(2 * STORE_FACT_ROWS + 5);
}

static void page_cache_sized(void **state)
{
	(void)state;
	struct survey_info si;
	struct vs_error err = {0};
	struct store *st = open_in_survey("s", &si);
	assert_int_equal(store_facts_cache(st, 5000, &err), VS_OK);
	assert_int_equal(store_facts_cache(st, 0, &err), VS_OK);
	assert_int_equal(store_facts_cache(st, (size_t)1 << 40, &err), VS_OK);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(one_row, setup, teardown),
		cmocka_unit_test_setup_teardown(one_statement_full, setup, teardown),
		cmocka_unit_test_setup_teardown(several_statements, setup, teardown),
		cmocka_unit_test_setup_teardown(page_cache_sized, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
