/*
 * The register's pages (store/query_pages.c) on both backends: keyset
 * pages (after / before a row's id) walked forwards and back in every sort
 * and direction give the same rows in the same order as the whole listing,
 * with equal keys and NULLs (blank makers and models) across page
 * boundaries, a filter and a search; a cursor whose row is gone starts
 * again at the first page.
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

#include "store/query_pages.h"
#include "store/store.h"

#define STORE_FIXTURE_NAME "query_pages"
#include "store_fixture.h"

struct ids {
	int64_t id[256];
	size_t n;
};

static bool collect(const struct asset *a, void *vctx)
{
	struct ids *c = vctx;
	if (c->n < sizeof(c->id) / sizeof(c->id[0]))
		c->id[c->n++] = a->id;
	return true;
}

/* 90 assets in survey "walk" (and 5 in another, which no page shows):
 * makers, vendors, models, countries and departments repeat and are
 * sometimes blank; every type is either normalised or only raw. */
static struct store *walk_store(int64_t *survey_id)
{
	struct survey_info si, other;
	struct store *st = open_in_survey("walk", &si);
	struct vs_error err = {0};
	assert_int_equal(store_survey_get(st, "other", NULL, true, &other, &err), VS_OK);
	static const char *const makers[] = {"Acme", NULL, "Zeta", "acme", "Hikvision"};
	for (int i = 0; i < 95; i++) {
		struct asset a;
		asset_init(&a);
		char buf[24];
		if (i % 4)
			str_set(&a.type, i % 2 ? "pc" : "camera");
		else
			str_set(&a.type_raw, "Blæser");
		if (makers[i % 5])
			str_set(&a.maker, makers[i % 5]);
		if (i % 3) {
			snprintf(buf, sizeof(buf), "M%d", i % 7);
			str_set(&a.model, buf);
			str_set(&a.vendor_name, i % 2 ? "Vendor B" : "Vendor A");
		}
		if (i % 6)
			str_set(&a.country, i % 6 == 1 ? "CN" : "DK");
		if (i % 8)
			str_set(&a.department, i % 8 < 4 ? "SOF" : "ØKF");
		a.kind = i % 10 == 9 ? ASSET_SOFTWARE : ASSET_HARDWARE;
		a.count.value = a.count.low = a.count.high = 1 + i % 4;
		a.chinese = i % 5 == 4 ? TRI_YES : TRI_NO;
		assert_int_equal(store_asset_insert(st, i < 90 ? si.id : other.id, 0, &a, &err), VS_OK);
		asset_release(&a);
	}
	assert_int_equal(store_commit(st, &err), VS_OK);
	*survey_id = si.id;
	return st;
}

static void walk(struct store *st, struct pages_query pq, size_t want)
{
	struct vs_error err = {0};
	struct ids all = {0}, fw = {0}, page;
	struct pages_result res;
	pq.limit = 200;
	assert_int_equal(store_pages_assets(st, &pq, collect, &all, &res, &err), VS_OK);
	assert_false(res.more);
	assert_int_equal(all.n, want);
	pq.limit = 7;
	do { /* forwards from the start */
		page.n = 0;
		assert_int_equal(store_pages_assets(st, &pq, collect, &page, &res, &err), VS_OK);
		assert_true(page.n == 7 || (!res.more && page.n < 7));
		assert_false(res.cursor_lost);
		memcpy(&fw.id[fw.n], page.id, page.n * sizeof(page.id[0]));
		fw.n += page.n;
		pq.after_id = page.n ? page.id[page.n - 1] : 0;
	} while (res.more);
	assert_int_equal(fw.n, all.n);
	assert_memory_equal(fw.id, all.id, all.n * sizeof(all.id[0]));
	/* Backwards from the last row: each page ends just before the one
	 * read before it. */
	pq.after_id = 0;
	pq.before_id = all.id[all.n - 1];
	size_t end = all.n - 1;
	do {
		page.n = 0;
		assert_int_equal(store_pages_assets(st, &pq, collect, &page, &res, &err), VS_OK);
		assert_true(page.n <= end);
		assert_true(page.n == 7 || !res.more);
		assert_memory_equal(page.id, &all.id[end - page.n], page.n * sizeof(page.id[0]));
		end -= page.n;
		pq.before_id = page.id[0];
	} while (res.more);
	assert_int_equal(end, 0);
	/* A cursor whose row is gone: the first page, said so (by id the
	 * cursor is a bound and needs no row). */
	pq.before_id = 0;
	pq.after_id = 99999999;
	page.n = 0;
	assert_int_equal(store_pages_assets(st, &pq, collect, &page, &res, &err), VS_OK);
	if (pq.sort == PAGES_SORT_ID) {
		assert_false(res.cursor_lost);
		assert_int_equal(page.n, pq.desc ? 7 : 0);
	} else {
		assert_true(res.cursor_lost);
		assert_memory_equal(page.id, all.id, 7 * sizeof(all.id[0]));
	}
}

static void keyset_pages_walk_every_sort(void **state)
{
	(void)state;
	int64_t survey;
	struct store *st = walk_store(&survey);
	for (int sort = 0; sort < PAGES_SORT_N; sort++) {
		for (int desc = 0; desc < 2; desc++) {
			struct pages_query pq = {.survey_id = survey, .kind = -1,
						 .chinese = TRI_UNKNOWN, .critical = TRI_UNKNOWN,
						 .sort = (enum pages_sort)sort, .desc = desc};
			walk(st, pq, 90);
			pq.kind = ASSET_HARDWARE; /* 81 of them */
			pq.chinese = TRI_NO;      /* less 9 (i % 10 == 4) */
			walk(st, pq, 72);
			pq.kind = -1;
			pq.chinese = TRI_UNKNOWN;
			pq.search = "acme"; /* Acme and acme: two in five */
			walk(st, pq, 36);
		}
	}
	struct vs_error err = {0};
	struct pages_query both = {.kind = -1, .limit = 4, .after_id = 1, .before_id = 2};
	struct ids page = {0};
	struct pages_result res;
	assert_int_equal(store_pages_assets(st, &both, collect, &page, &res, &err), VS_EUSAGE);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(keyset_pages_walk_every_sort, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
