/*
 * identify_memo shares a verdict between rows whose dates fall between the
 * same dated facts of the companies that verdict consulted (kb_date_span).
 * For every company with a dated ownership or OEM fact, on the day before,
 * the day of and the day after every dated fact in the knowledge base, the
 * memo's answer must be the one a fresh identification gives: the same
 * verdict and the same evidence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "identify/identify.h"
#include "util/date.h"
#include "util/strbuf.h"

#include "shipped_kb.h"

/* "YYYY-MM-DD" of a day count (as date_parse_day counts) plus delta. */
static void day_text(const char *date, int delta, char out[11])
{
	int y = 0, m = 1, d = 1;
	sscanf(date, "%d-%d-%d", &y, &m, &d);
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + delta, .tm_hour = 12};
	time_t t = timegm(&tm);
	struct tm g;
	gmtime_r(&t, &g);
	strftime(out, 11, "%Y-%m-%d", &g);
}

static void evidence_text(const struct asset *a, struct strbuf *sb)
{
	strbuf_reset(sb);
	for (size_t i = 0; i < a->n_evidence; i++)
		evidence_append_json(&a->evidence[i], true, sb);
}

static void verdict_text(const struct asset *a, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s|%s|%s|%s|%d|%d|%.3f", a->vendor ? a->vendor : "-",
		    a->vendor_name ? a->vendor_name : "-", a->country ? a->country : "-",
		    a->brand ? a->brand : "-", a->chinese, a->critical, a->confidence);
}

/* r identified through the memo into a and afresh into b (the shipped
 * knowledge base and policy). */
static void identify_both_ways(struct identify_memo *m, const struct record *r, struct asset *a,
			       struct asset *b)
{
	asset_init(a);
	asset_init(b);
	struct vs_error err = {0};
	assert_int_equal(identify_record_memo(m, kb, pol, r, "2025", a, &err), VS_OK);
	assert_int_equal(identify_record(kb, pol, r, "2025", b, &err), VS_OK);
}

static void memo_agrees_with_a_fresh_identification(void **state)
{
	(void)state;
	/* Every dated fact's day. */
	char(*dates)[11] = calloc(4 * (kb_edge_count(kb, true) + kb_edge_count(kb, false)) + 1, 11);
	assert_non_null(dates);
	size_t n_dates = 0;
	for (int own = 0; own < 2; own++)
		for (size_t i = 0; i < kb_edge_count(kb, own); i++) {
			const struct kb_edge *e = kb_edge_at(kb, own, i);
			const char *ends[] = {e->from, e->until};
			for (int k = 0; k < 2; k++)
				if (ends[k] && strlen(ends[k]) >= 4) {
					char full[11];
					snprintf(full, sizeof(full), "%s%s", ends[k],
						 strlen(ends[k]) == 4 ? "-01-01" : strlen(ends[k]) == 7 ? "-01" : "");
					day_text(full, -1, dates[n_dates++]);
					day_text(full, 0, dates[n_dates++]);
				}
		}
	struct identify_memo *m = identify_memo_new();
	assert_non_null(m);
	/* The evidence each learned id stands for. */
	size_t cap = 1 << 16;
	char **learned = calloc(cap, sizeof(*learned));
	int64_t next_id = 1;
	struct strbuf fresh = STRBUF_INIT, hit = STRBUF_INIT, fv = STRBUF_INIT, hv = STRBUF_INIT;
	size_t checks = 0, hits = 0;
	for (int own = 0; own < 2; own++)
		for (size_t i = 0; i < kb_edge_count(kb, own); i++) {
			const struct kb_edge *e = kb_edge_at(kb, own, i);
			if (!e->from && !e->until)
				continue;
			for (size_t d = 0; d < n_dates; d++) {
				struct record r;
				record_init(&r);
				assert_true(record_set(&r, RF_TYPE, "IP camera") &&
					    record_set(&r, RF_MAKER, e->vendor->name) &&
					    record_set(&r, RF_ACQUIRED, dates[d]));
				struct asset a, b;
				identify_both_ways(m, &r, &a, &b);
				evidence_text(&b, &fresh);
				verdict_text(&a, &hv);
				verdict_text(&b, &fv);
				if (strcmp(hv.buf, fv.buf) != 0)
					fail_msg("%s on %s: memo %s, fresh %s", e->vendor->name, dates[d],
						 hv.buf, fv.buf);
				if (a.borrowed) {
					hits++;
					assert_true(a.evidence_set_id > 0 && a.evidence_set_id < next_id);
					if (strcmp(learned[a.evidence_set_id], fresh.buf) != 0)
						fail_msg("%s on %s: the memo's evidence differs", e->vendor->name,
							 dates[d]);
				} else {
					assert_true((size_t)next_id < cap);
					evidence_text(&a, &hit);
					learned[next_id] = strdup(hit.buf);
					a.evidence_set_id = next_id++;
					identify_memo_learn(m, &a);
				}
				checks++;
				asset_release(&a);
				asset_release(&b);
				record_release(&r);
			}
		}
	printf("%zu rows, %zu memo hits, %lld verdicts learned\n", checks, hits,
	       (long long)next_id - 1);
	assert_true(hits > checks / 2);
	for (int64_t i = 1; i < next_id; i++)
		free(learned[i]);
	free(learned);
	free(dates);
	strbuf_release(&fresh);
	strbuf_release(&hit);
	strbuf_release(&fv);
	strbuf_release(&hv);
	identify_memo_free(m);
}

/* A hit's own strings (FILE:LINE, the canonical MAC and date) are those of
 * its record, whichever file the last hit came from: paths that are
 * prefixes of each other, and one that is the same text at another address. */
static void memo_view_is_the_records_own(void **state)
{
	(void)state;
	static const char *const paths[] = {"a.csv", "ab.csv", "a.csv", "a", "b.csv", "a"};
	static const char *const macs[] = {"44-19-B6-00-00-02", "4419.b600.0003", NULL};
	static const char *const dates[] = {"17-01-2019", "2020-04-04", NULL};
	struct identify_memo *m = identify_memo_new();
	assert_non_null(m);
	int64_t next_id = 1;
	size_t hits = 0;
	for (size_t i = 0; i < 60; i++) {
		struct record r;
		record_init(&r);
		assert_true(record_set(&r, RF_TYPE, "IP camera") && record_set(&r, RF_MAKER, "Hikvision"));
		if (macs[i % 3])
			assert_true(record_set(&r, RF_MAC, macs[i % 3]));
		if (dates[i % 3 == 0 ? 0 : (i / 3) % 3])
			assert_true(record_set(&r, RF_ACQUIRED, dates[i % 3 == 0 ? 0 : (i / 3) % 3]));
		r.source_path = strdup(paths[i % 6]);
		r.line = (long)(i * 997 % 10007);
		assert_non_null(r.source_path);
		struct asset a, b;
		identify_both_ways(m, &r, &a, &b);
		const char *got[] = {a.source_line, a.mac, a.acquired};
		const char *want[] = {b.source_line, b.mac, b.acquired};
		for (size_t k = 0; k < 3; k++)
			if ((got[k] == NULL) != (want[k] == NULL) || (got[k] && strcmp(got[k], want[k]) != 0))
				fail_msg("row %zu, string %zu: memo \"%s\", fresh \"%s\"", i, k,
					 got[k] ? got[k] : "(null)", want[k] ? want[k] : "(null)");
		if (a.borrowed) {
			hits++;
		} else {
			a.evidence_set_id = next_id++;
			identify_memo_learn(m, &a);
		}
		asset_release(&a);
		asset_release(&b);
		record_release(&r);
	}
	assert_true(hits > 30);
	identify_memo_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memo_agrees_with_a_fresh_identification),
		cmocka_unit_test(memo_view_is_the_records_own),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
