/* Identification and classification against the shipped knowledge base:
 * the cases an auditor asks about. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "identify/identify.h"
#include "report/assets.h"

#include "shipped_kb.h"

/* fields: alternating rec_field, value; terminated by -1. */
static void identify(struct asset *a, const char *date, ...)
{
	struct record r;
	record_init(&r);
	r.source_path = strdup("inv.csv");
	r.line = 7;
	va_list ap;
	va_start(ap, date);
	int f;
	while ((f = va_arg(ap, int)) >= 0)
		record_set(&r, (enum rec_field)f, va_arg(ap, const char *));
	va_end(ap);
	asset_init(a);
	struct vs_error err = {0};
	assert_int_equal(identify_record(kb, pol, &r, date, a, &err), VS_OK);
	record_release(&r);
}

#define assert_evidence(a, needle)                                                  \
	do {                                                                        \
		if (!has_evidence(a, needle))                                       \
			fail_msg("no evidence containing '%s'", needle);            \
	} while (0)

static void maker_as_exports_write_it(void **state)
{
	(void)state;
	struct asset a;
	identify(&a, "2025", RF_TYPE, "Overvågningskamera", RF_MAKER, "HIKvision", RF_DEPARTMENT,
		 "SOF", -1);
	assert_string_equal(a.type, "surveillance_camera");
	assert_string_equal(a.vendor, "hikvision");
	assert_string_equal(a.country, "CN");
	assert_int_equal(a.chinese, TRI_YES);
	assert_int_equal(a.critical, TRI_YES);
	assert_true(a.confidence >= 0.9);
	assert_string_equal(a.source_line, "inv.csv:7");
	assert_evidence(&a, "csv maker: HIKvision");
	assert_evidence(&a, "kb alias:");
	assert_evidence(&a, "policy origin: producer Hikvision is a Chinese company");
	asset_release(&a);

	identify(&a, NULL, RF_MAKER, "Hangzhou Hikvision Digital Technology Co., Ltd.", -1);
	assert_string_equal(a.vendor, "hikvision");
	asset_release(&a);
}

static void oem_brand_is_attributed_to_its_producer(void **state)
{
	(void)state;
	struct asset a;
	identify(&a, "2025", RF_MAKER, "Amcrest", RF_MODEL, "IP8M-2496E", -1);
	assert_string_equal(a.vendor, "dahua");
	assert_string_equal(a.brand, "Amcrest");
	assert_int_equal(a.chinese, TRI_YES);
	assert_evidence(&a, "kb oem: Amcrest");
	asset_release(&a);

	identify(&a, "2025", RF_MAKER, "LTS", -1);
	assert_string_equal(a.vendor, "hikvision");
	assert_int_equal(a.chinese, TRI_YES);
	asset_release(&a);
}

static void ownership_as_of_the_acquisition_date(void **state)
{
	(void)state;
	struct asset a;
	identify(&a, "2025", RF_MAKER, "Lorex", RF_ACQUIRED, "2020-03-01", -1);
	assert_int_equal(a.chinese, TRI_YES);
	assert_string_equal(a.vendor, "dahua");
	assert_evidence(&a, "Lorex");
	asset_release(&a);

	/* After the sale: an alleged (low-certainty) Dahua link is shown, not decisive. */
	identify(&a, "2025", RF_MAKER, "Lorex", RF_ACQUIRED, "2024-05-01", -1);
	assert_int_equal(a.chinese, TRI_NO);
	assert_string_equal(a.vendor, "lorex");
	assert_evidence(&a, "not used for the verdict");
	asset_release(&a);

	/* No acquisition date: the survey's date decides, and the evidence says so. */
	identify(&a, "2020", RF_MAKER, "Lorex", -1);
	assert_int_equal(a.chinese, TRI_YES);
	assert_evidence(&a, "ownership as of 2020");
	asset_release(&a);

	identify(&a, "2025", RF_MAKER, "Motorola Mobility", -1);
	assert_int_equal(a.chinese, TRI_YES);
	assert_string_equal(a.vendor, "lenovo");
	asset_release(&a);

	identify(&a, "2025", RF_MAKER, "Motorola Solutions", -1);
	assert_int_equal(a.chinese, TRI_NO);
	asset_release(&a);
}

static void unknown_is_never_no(void **state)
{
	(void)state;
	struct asset a;
	identify(&a, "2025", RF_TYPE, "Router", RF_MAKER, "Zyrgotron Systems", -1);
	assert_null(a.vendor);
	assert_null(a.country);
	assert_int_equal(a.chinese, TRI_UNKNOWN);
	assert_evidence(&a, "kb unknown: no company known as 'Zyrgotron Systems'");
	asset_release(&a);

	identify(&a, "2025", RF_TYPE, "Router", -1);
	assert_int_equal(a.chinese, TRI_UNKNOWN);
	asset_release(&a);
}

static void reported_origin_when_no_maker(void **state)
{
	(void)state;
	struct asset a;
	identify(&a, "2025", RF_TYPE, "Drone", RF_ORIGIN, "Kina", -1);
	assert_int_equal(a.chinese, TRI_YES);
	assert_string_equal(a.country, "CN");
	assert_null(a.vendor);
	assert_true(a.confidence < 0.6);
	assert_evidence(&a, "reported origin Kina");
	asset_release(&a);

	/* A known maker outranks the reported origin; the conflict is kept. */
	identify(&a, "2025", RF_MAKER, "Axis", RF_ORIGIN, "Kina", -1);
	assert_int_equal(a.chinese, TRI_NO);
	assert_evidence(&a, "policy conflict:");
	asset_release(&a);
}

static void taiwan_is_not_china(void **state)
{
	(void)state;
	struct asset a;
	identify(&a, "2025", RF_MAKER, "Vivotek", -1);
	assert_string_equal(a.country, "TW");
	assert_int_equal(a.chinese, TRI_NO);
	asset_release(&a);
}

static void mac_addresses(void **state)
{
	(void)state;
	struct asset a;
	identify(&a, "2025", RF_MAC, "44-19-B6-00-00-01", -1);
	assert_string_equal(a.vendor, "hikvision");
	assert_string_equal(a.mac, "44:19:b6:00:00:01");
	assert_int_equal(a.chinese, TRI_YES);
	assert_true(a.confidence < 0.9);
	asset_release(&a);

	/* A name beats the OUI. */
	identify(&a, "2025", RF_MAKER, "Axis", RF_MAC, "44:19:b6:00:00:01", -1);
	assert_string_equal(a.vendor, "axis");
	asset_release(&a);

	identify(&a, "2025", RF_MAC, "da:a1:19:00:00:01", -1);
	assert_true(a.randomized_mac);
	assert_int_equal(a.chinese, TRI_UNKNOWN);
	assert_evidence(&a, "randomised");
	asset_release(&a);

	/* Realtek makes network chips: its OUI names no device maker. */
	identify(&a, "2025", RF_MAC, "00:e0:4c:12:34:56", -1);
	assert_null(a.vendor);
	assert_int_equal(a.chinese, TRI_UNKNOWN);
	assert_evidence(&a, "network-chip maker");
	asset_release(&a);
}

static void critical_by_data_class(void **state)
{
	(void)state;
	struct asset a;
	identify(&a, "2025", RF_TYPE, "UPS", RF_MAKER, "Huawei", RF_DATA_CLASS, "personal", -1);
	assert_int_equal(a.critical, TRI_YES);
	assert_evidence(&a, "policy critical: data_class personal is critical");
	asset_release(&a);
}

static void purchase_check(void **state)
{
	(void)state;
	struct asset a;
	asset_init(&a);
	struct vs_error err = {0};
	assert_int_equal(identify_purchase(kb, pol, "Amcrest IP8M-2496E", NULL, &a, &err), VS_OK);
	assert_string_equal(a.vendor, "dahua");
	assert_string_equal(a.model, "IP8M-2496E");
	asset_release(&a);
	asset_init(&a);
	assert_int_equal(identify_purchase(kb, pol, "DS-2CD2143G2-I", NULL, &a, &err), VS_OK);
	assert_string_equal(a.vendor, "hikvision");
	asset_release(&a);
}

static void memo_reuses_only_identical_verdicts(void **state)
{
	(void)state;
	struct identify_memo *m = identify_memo_new();
	assert_non_null(m);
	struct vs_error err = {0};
	struct record r;
	record_init(&r);
	record_set(&r, RF_TYPE, "Overvågningskamera");
	record_set(&r, RF_MAKER, "Lorex");
	record_set(&r, RF_MAC, "44:19:b6:00:00:01");
	record_set(&r, RF_ACQUIRED, "2020-03-01");
	struct asset a;

	asset_init(&a);
	assert_int_equal(identify_record_memo(m, kb, pol, &r, "2025", &a, &err), VS_OK);
	assert_true(a.n_evidence > 0); /* a miss: identified in full */
	a.evidence_set_id = 42;        /* as the store would set it */
	identify_memo_learn(m, &a);
	asset_release(&a);

	/* Same verdict inputs, another address in the same block, another day in
	 * the same epoch: a hit, with the record's own address. */
	record_set(&r, RF_MAC, "44-19-B6-00-00-02");
	record_set(&r, RF_ACQUIRED, "2020-03-02");
	asset_init(&a);
	assert_int_equal(identify_record_memo(m, kb, pol, &r, "2025", &a, &err), VS_OK);
	assert_int_equal(a.n_evidence, 0);
	assert_int_equal(a.evidence_set_id, 42);
	assert_string_equal(a.mac, "44:19:b6:00:00:02");
	assert_string_equal(a.acquired, "2020-03-02");
	assert_string_equal(a.vendor, "dahua");
	assert_int_equal(a.chinese, TRI_YES);
	asset_release(&a);

	/* After the sale: another epoch, so identified afresh, with another verdict. */
	record_set(&r, RF_ACQUIRED, "2024-05-01");
	asset_init(&a);
	assert_int_equal(identify_record_memo(m, kb, pol, &r, "2025", &a, &err), VS_OK);
	assert_true(a.n_evidence > 0);
	assert_int_equal(a.chinese, TRI_NO);
	asset_release(&a);

	/* Another department can meet another critical-installation rule. */
	record_set(&r, RF_ACQUIRED, "2020-03-01");
	record_set(&r, RF_DEPARTMENT, "SOF");
	asset_init(&a);
	assert_int_equal(identify_record_memo(m, kb, pol, &r, "2025", &a, &err), VS_OK);
	assert_true(a.n_evidence > 0);
	asset_release(&a);

	record_release(&r);
	identify_memo_free(m);
}

static void acquisition_dates_as_exports_write_them(void **state)
{
	(void)state;
	struct asset a;
	identify(&a, "2025", RF_MAKER, "Lorex", RF_ACQUIRED, "01-03-2020", -1);
	assert_string_equal(a.acquired, "2020-03-01");
	assert_int_equal(a.chinese, TRI_YES);
	asset_release(&a);

	struct record r;
	record_init(&r);
	r.source_path = strdup("inv.csv");
	r.line = 9;
	record_set(&r, RF_ACQUIRED, "31-02-2020");
	asset_init(&a);
	struct vs_error err = {0};
	assert_int_equal(identify_record(kb, pol, &r, NULL, &a, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "inv.csv:9: acquisition date '31-02-2020' is not a date"));
	asset_release(&a);
	record_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(maker_as_exports_write_it),
		cmocka_unit_test(oem_brand_is_attributed_to_its_producer),
		cmocka_unit_test(ownership_as_of_the_acquisition_date),
		cmocka_unit_test(unknown_is_never_no),
		cmocka_unit_test(reported_origin_when_no_maker),
		cmocka_unit_test(taiwan_is_not_china),
		cmocka_unit_test(mac_addresses),
		cmocka_unit_test(critical_by_data_class),
		cmocka_unit_test(purchase_check),
		cmocka_unit_test(memo_reuses_only_identical_verdicts),
		cmocka_unit_test(acquisition_dates_as_exports_write_them),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
