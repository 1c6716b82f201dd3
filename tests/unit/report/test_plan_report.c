/*
 * The plan reports from a store filled as an import would fill it, checked
 * byte for byte against the golden files (whose numbers are the seeds'
 * Oracle 2 and Oracle 3), plus the properties every format must keep.
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
#include <jansson.h>

#include "report/plan_report.h"
#include "util/money.h"

static char path[64];

/* The generation time the goldens were made with (e2e: SOURCE_DATE_EPOCH). */
#define GOLDEN_EPOCH 1767225600 /* 2026-01-01 00:00 UTC */

static void add(struct store *st, int64_t survey, const char *type, const char *dept, int64_t n,
		int64_t lo, int64_t hi)
{
	struct asset a;
	struct vs_error err = {0};
	asset_init(&a);
	str_set(&a.type, type);
	str_set(&a.department, dept);
	a.count.value = n;
	a.count.low = lo;
	a.count.high = hi;
	a.count.estimated = lo != n || hi != n;
	a.chinese = TRI_YES;
	a.critical = TRI_YES; /* the seed's Tabel 1 counts critical installations only */
	assert_int_equal(store_asset_insert(st, survey, 0, &a, &err), VS_OK);
	asset_release(&a);
}

/* Oracle 1 (seed 001, Tabel 1), as examples/kk-2025/inventory-2025.csv holds it. */
static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "/tmp/vs-test-plan-%d.db", (int)getpid());
	unlink(path);
	struct store *st;
	struct vs_error err = {0};
	struct survey_info si;
	if (store_open(path, STORE_CREATE, &st, &err) ||
	    store_survey_get(st, "kk-2025", "2025", true, &si, &err))
		return -1;
	add(st, si.id, "drone", "TMF", 5, 5, 5);
	add(st, si.id, "video_conference_console", "ØKF", 108, 108, 108);
	add(st, si.id, "surveillance_camera", "ØKF", 100, 100, 100);
	add(st, si.id, "surveillance_camera", "SOF", 281, 281, 281);
	add(st, si.id, "surveillance_camera", "SUF", 7, 7, 7);
	add(st, si.id, "surveillance_camera", "KFF", 37, 37, 37);
	add(st, si.id, "surveillance_camera", "BUF", 300, 200, 300);
	add(st, si.id, "surveillance_camera", "BIF", 70, 70, 70);
	add(st, si.id, "traffic_camera", "TMF", 13, 13, 13);
	add(st, si.id, "traffic_camera", "TMF", 18, 18, 18);
	add(st, si.id, "laptop_pc", "ØKF", 3246, 3246, 3246);
	add(st, si.id, "laptop_pc", "SOF", 9, 9, 9);
	add(st, si.id, "desktop_pc", "ØKF", 344, 344, 344);
	add(st, si.id, "pedagogical_pc", "BUF", 37323, 37323, 37323);
	add(st, si.id, "router", "SOF", 70, 70, 70);
	store_close(st);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

struct run {
	struct price_catalogue cat;
	struct plan_units units;
	struct plan_result res[5];
	struct plan_strategy st[5];
	size_t n;
	struct rdoc doc;
};

static void run_plan(struct run *r, const char *prices, const char *strategies, const char *types,
		     int from, bool danish, bool compare)
{
	struct vs_error err = {0};
	char p[512];
	snprintf(p, sizeof(p), "%s/data/prices/%s", VS_TEST_SRCDIR, prices);
	assert_int_equal(prices_load(p, &r->cat, &err), VS_OK);
	struct store *st;
	struct survey_info si;
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_OK);
	assert_int_equal(store_survey_latest(st, &si, &err), VS_OK);
	assert_int_equal(plan_units_from_store(st, si.id, types, NULL, &r->units, &err), VS_OK);
	store_close(st);
	r->n = 0;
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", strategies);
	for (char *s = strtok(buf, ","); s; s = strtok(NULL, ",")) {
		struct plan_strategy ps;
		char why[128];
		assert_true(plan_strategy_parse(s, &ps, why, sizeof(why)));
		r->st[r->n] = ps;
		assert_int_equal(plan_run(&r->units, &r->cat, &ps, from, &r->res[r->n++], &err), VS_OK);
	}
	rdoc_init(&r->doc, danish, "test <&> title");
	assert_int_equal(plan_report_build(&r->doc, r->res, r->n, compare, &r->cat, &err), VS_OK);
}

static void run_release(struct run *r)
{
	rdoc_release(&r->doc);
	for (size_t i = 0; i < r->n; i++)
		plan_result_release(&r->res[i]);
	plan_units_release(&r->units);
	prices_release(&r->cat);
}

/* skip_title: compare from the second line on (deadline:2027 is the same
 * plan as years:2 from 2026; only the title names it differently). */
static void expect_golden(const struct strbuf *got, const char *name, bool skip_title)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/tests/golden/%s", VS_TEST_SRCDIR, name);
	FILE *f = fopen(p, "rb");
	assert_non_null(f);
	static char want[1 << 16];
	size_t n = fread(want, 1, sizeof(want) - 1, f);
	fclose(f);
	want[n] = 0;
	const char *w = want, *g = strbuf_str(got);
	if (skip_title) {
		w = strchr(w, '\n');
		g = strchr(g, '\n');
		assert_non_null(w);
		assert_non_null(g);
	}
	if (strcmp(w, g) != 0)
		fail_msg("%s differs; got:\n%s", name, strbuf_str(got));
}

static void golden(const char *prices, const char *strategy, const char *types, int from,
		   const char *oracle, bool skip_title)
{
	for (int da = 0; da < 2; da++) {
		struct run r;
		run_plan(&r, prices, strategy, types, from, da, false);
		/* Title and survey line as the command line writes them. */
		plan_report_title(&r.doc, "kk-2025", r.st, r.n);
		struct report_meta m = {.survey = "kk-2025", .survey_date = "2025",
					.generated = GOLDEN_EPOCH};
		rdoc_set_meta(&r.doc, &m);
		struct strbuf txt = STRBUF_INIT, csv = STRBUF_INIT;
		rdoc_render_text(&r.doc, &txt);
		rdoc_render_csv(&r.doc, &csv);
		char name[64];
		snprintf(name, sizeof(name), "%s.%s.txt", oracle, da ? "da" : "en");
		expect_golden(&txt, name, skip_title);
		snprintf(name, sizeof(name), "%s.%s.csv", oracle, da ? "da" : "en");
		expect_golden(&csv, name, skip_title);
		strbuf_release(&txt);
		strbuf_release(&csv);
		run_release(&r);
	}
}

static void oracle2_table2(void **state)
{
	(void)state;
	golden("kk-2025-hardware.csv", "immediate", NULL, 2025, "oracle2", false);
	/* The figures themselves, independent of the golden file's layout. */
	struct run r;
	run_plan(&r, "kk-2025-hardware.csv", "immediate", NULL, 2025, false, false);
	struct strbuf txt = STRBUF_INIT;
	rdoc_render_text(&r.doc, &txt);
	static const char *want[] = {"  1,169.6\n", " 179,421.6\n", "   149,292\n", "795*",
				     "12.5", "10,425-11,925"};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(strbuf_str(&txt), want[i]))
			fail_msg("no '%s' in\n%s", want[i], strbuf_str(&txt));
	strbuf_release(&txt);
	run_release(&r);
}

static void oracle3_ok59(void **state)
{
	(void)state;
	golden("kk-2026-cameras.csv", "years:2", "surveillance_camera,traffic_camera", 2026, "oracle3",
	       false);
	golden("kk-2026-cameras.csv", "deadline:2027", "surveillance_camera,traffic_camera", 2026,
	       "oracle3", true);
	struct run r;
	run_plan(&r, "kk-2026-cameras.csv", "years:2", "surveillance_camera,traffic_camera", 2026,
		 true, false);
	struct strbuf txt = STRBUF_INIT;
	rdoc_render_text(&r.doc, &txt);
	static const char *want[] = {"6.427  6.428  12.855", "2.143  2.142   4.285",
				     "8.570  8.570  17.140", "SOC     3425 - Administration",
				     "2.810  2.810   5.620", "BUF 200-300 stk., indkøb 3.000-4.500"};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(strbuf_str(&txt), want[i]))
			fail_msg("no '%s' in\n%s", want[i], strbuf_str(&txt));
	strbuf_release(&txt);
	run_release(&r);
}

static void json_carries_numbers(void **state)
{
	(void)state;
	struct run r;
	run_plan(&r, "kk-2025-hardware.csv", "immediate", NULL, 2025, false, false);
	struct strbuf js = STRBUF_INIT;
	rdoc_render_json(&r.doc, &js);
	json_error_t je;
	json_t *root = json_loads(strbuf_str(&js), 0, &je);
	if (!root)
		fail_msg("bad JSON: %s\n%s", je.text, strbuf_str(&js));
	json_t *tables = json_object_get(root, "tables"), *t2 = NULL;
	for (size_t i = 0; i < json_array_size(tables); i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(tables, i), "id")),
			   "Table 2") == 0)
			t2 = json_array_get(tables, i);
	assert_non_null(t2);
	json_t *rows = json_object_get(t2, "rows");
	json_t *last = json_array_get(rows, json_array_size(rows) - 1);
	assert_true(json_is_real(json_array_get(last, 3)));
	assert_true(json_real_value(json_array_get(last, 3)) == 179421.6);
	assert_int_equal(json_integer_value(json_array_get(json_array_get(rows, 6), 1)), 37323);
	json_decref(root);
	strbuf_release(&js);
	run_release(&r);
}

static void html_escapes_and_draws(void **state)
{
	(void)state;
	struct run r;
	run_plan(&r, "kk-2025-hardware.csv", "immediate,natural,years:2", NULL, 2025, false, true);
	struct strbuf h = STRBUF_INIT;
	rdoc_render_html(&r.doc, &h);
	const char *s = strbuf_str(&h);
	assert_null(strstr(s, "<&>"));
	assert_non_null(strstr(s, "test &lt;&amp;&gt; title"));
	assert_non_null(strstr(s, "<svg"));
	/* One burn-down line per strategy. */
	size_t lines = 0;
	for (const char *p = s; (p = strstr(p, "<polyline")); p++)
		lines++;
	assert_int_equal(lines, 3);
	strbuf_release(&h);
	run_release(&r);
}

static void compare_side_by_side(void **state)
{
	(void)state;
	struct run r;
	run_plan(&r, "kk-2025-hardware.csv", "immediate,natural,years:2", NULL, 2025, false, true);
	assert_int_equal(r.doc.n_tables, 2); /* the summary by type, the comparison */
	const struct rdoc_table *t = &r.doc.tables[1];
	assert_int_equal(t->n_rows, 3);
	/* Totals equal; residual lost: immediate > years:2 > natural = 0. */
	int64_t res[3];
	for (size_t i = 0; i < 3; i++) {
		/* In whole thousands, as the year columns are (one rounding). */
		assert_int_equal(t->cells[i * t->n_cols + 1].v, 179422 * MONEY_KDKK);
		res[i] = t->cells[i * t->n_cols + 2].v;
	}
	assert_true(res[0] > res[2] && res[2] > res[1] && res[1] == 0);
	assert_int_equal(t->cells[0 * t->n_cols + 3].v, 2025);
	assert_int_equal(t->cells[1 * t->n_cols + 3].v, 2039);
	assert_int_equal(t->cells[2 * t->n_cols + 3].v, 2026);
	/* Each strategy's years add up to its (rounded) total. */
	for (size_t i = 0; i < 3; i++) {
		int64_t sum = 0;
		for (size_t c = 5; c < t->n_cols; c++)
			sum += t->cells[i * t->n_cols + c].v;
		assert_int_equal(sum, 179422 * MONEY_KDKK);
	}
	run_release(&r);
}

/* The last row's last money cell of a table: its total. */
static int64_t table_total(const struct rdoc *d, const char *id, size_t col)
{
	for (size_t i = 0; i < d->n_tables; i++)
		if (strcmp(d->tables[i].id, id) == 0) {
			const struct rdoc_table *t = &d->tables[i];
			return t->cells[(t->n_rows - 1) * t->n_cols + col].v;
		}
	fail_msg("no table %s", id);
	return -1;
}

/* One rounding per report: a yearly plan of the whole catalogue (179,421.6
 * exact) shows 179,422 in Table 1 as in Tables 2 and 3, and Table 1's rows
 * still add up. */
static void one_rounding_per_report(void **state)
{
	(void)state;
	struct run r;
	run_plan(&r, "kk-2025-hardware.csv", "years:3", NULL, 2025, false, false);
	int64_t want = 179422 * MONEY_KDKK;
	const struct rdoc_table *t1 = NULL;
	for (size_t i = 0; i < r.doc.n_tables; i++)
		if (strcmp(r.doc.tables[i].id, "Table 1") == 0)
			t1 = &r.doc.tables[i];
	assert_non_null(t1);
	assert_int_equal(table_total(&r.doc, "Table 1", t1->n_cols - 1), want);
	assert_int_equal(table_total(&r.doc, "Table 2", r.doc.tables[2].n_cols - 1), want);
	assert_int_equal(table_total(&r.doc, "Table 3", r.doc.tables[3].n_cols - 1), want);
	assert_int_equal(table_total(&r.doc, "Summary", 2), want);
	for (size_t row = 0; row < t1->n_rows; row++) {
		int64_t sum = 0;
		for (size_t c = 2; c + 1 < t1->n_cols; c++)
			sum += t1->cells[row * t1->n_cols + c].v;
		assert_int_equal(sum, t1->cells[row * t1->n_cols + t1->n_cols - 1].v);
		assert_int_equal(t1->cells[row * t1->n_cols + 2].v % MONEY_KDKK, 0);
	}
	run_release(&r);
}

/* The headline and the summary by type, in Danish; strategies in Danish. */
static void headline_and_danish_strategies(void **state)
{
	(void)state;
	struct run r;
	run_plan(&r, "kk-2025-hardware.csv", "immediate", NULL, 2025, true, false);
	assert_non_null(r.doc.headline);
	assert_string_equal(r.doc.headline, "41.931 kinesiske enheder i kritiske installationer; "
					    "udskiftning nu ca. 179 mio. kr.; heraf pædagogiske "
					    "PC'er 83 %.");
	const struct rdoc_table *s = &r.doc.tables[0];
	assert_string_equal(s->id, "Overblik");
	assert_string_equal(s->cells[0].text, "PC (Pædagogisk område)"); /* largest first */
	assert_int_equal(s->cells[3].v, 83);
	int64_t pct = 0;
	for (size_t row = 0; row + 1 < s->n_rows; row++)
		pct += s->cells[row * s->n_cols + 3].v;
	assert_int_equal(pct, 100);
	run_release(&r);

	run_plan(&r, "kk-2025-hardware.csv", "immediate,natural,years:2,deadline:2030,budget:20000",
		 NULL, 2025, true, true);
	const struct rdoc_table *c = &r.doc.tables[1];
	static const char *want[] = {"Straks", "Ved endt levetid", "Over 2 år", "Senest 2030",
				     "Budget 20.000 t. kr. om året"};
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(c->cells[i * c->n_cols].text, want[i]);
		assert_string_equal(r.doc.series[i].name, want[i]);
	}
	assert_non_null(strstr(r.doc.headline, "udskiftning ca. 179 mio. kr."));
	run_release(&r);
}

static void xlsx_is_written(void **state)
{
	(void)state;
	struct run r;
	run_plan(&r, "kk-2026-cameras.csv", "years:2", "surveillance_camera,traffic_camera", 2026,
		 false, false);
	char x[80];
	snprintf(x, sizeof(x), "/tmp/vs-test-plan-%d.xlsx", (int)getpid());
	struct vs_error err = {0};
	assert_int_equal(rdoc_write_xlsx(&r.doc, x, &err), VS_OK);
	FILE *f = fopen(x, "rb");
	assert_non_null(f);
	char magic[2] = {0};
	assert_int_equal(fread(magic, 1, 2, f), 2);
	fclose(f);
	assert_memory_equal(magic, "PK", 2); /* a zip: the cell values are checked in e2e */
	unlink(x);
	assert_int_equal(rdoc_write_xlsx(&r.doc, "/nonexistent-dir/x.xlsx", &err), VS_EIO);
	run_release(&r);
}

static void filters_must_name_something(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	struct survey_info si;
	struct plan_units u;
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_OK);
	assert_int_equal(store_survey_latest(st, &si, &err), VS_OK);
	assert_int_equal(plan_units_from_store(st, si.id, "surveillance_kamera", NULL, &u, &err),
			 VS_EUSAGE);
	assert_non_null(strstr(err.msg, "surveillance_kamera"));
	assert_int_equal(plan_units_from_store(st, si.id, NULL, "BUF,TMF", &u, &err), VS_OK);
	assert_int_equal(u.n, 5);
	plan_units_release(&u);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(oracle2_table2),
		cmocka_unit_test(oracle3_ok59),
		cmocka_unit_test(json_carries_numbers),
		cmocka_unit_test(html_escapes_and_draws),
		cmocka_unit_test(compare_side_by_side),
		cmocka_unit_test(one_rounding_per_report),
		cmocka_unit_test(headline_and_danish_strategies),
		cmocka_unit_test(xlsx_is_written),
		cmocka_unit_test(filters_must_name_something),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
