/*
 * Devices by serial number, MAC and host name (src/store/query_devices.h):
 * which asset each key finds, that only the survey's hardware is looked
 * at, that queued (appended, not yet written) assets are found, that the
 * serial / MAC table follows hardware added later and survives a rollback.
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

#include "store/query_devices.h"
#include "store/store.h"

#define STORE_FIXTURE_NAME "devices"
#include "store_fixture.h"

/* Queue one asset (store_asset_append: written at the next flush). */
static void put(struct store *st, int64_t survey, enum asset_kind kind, const char *host, const char *serial,
		const char *mac, const char *dept)
{
	struct asset a;
	struct vs_error err = {0};
	asset_init(&a);
	a.kind = kind;
	str_set(&a.hostname, host);
	str_set(&a.serial, serial);
	str_set(&a.mac, mac);
	str_set(&a.department, dept);
	str_set(&a.site, dept ? "Rådhuset" : NULL);
	assert_int_equal(store_asset_append(st, survey, 0, &a, &err), VS_OK);
	asset_release(&a);
}

enum key { BY_SERIAL, BY_MAC, BY_NAME };

/* The department of the asset a key finds, "-" for none; its id in *id. */
static const char *find(struct store *st, int64_t survey, enum key k, const char *key, int64_t *id)
{
	static char dept[64];
	struct device_info d;
	struct vs_error err = {0};
	enum vs_err rc = k == BY_SERIAL ? store_device_find_serial(st, survey, key, &d, &err)
			 : k == BY_MAC	  ? store_device_find_mac(st, survey, key, &d, &err)
					  : store_device_find(st, survey, key, &d, &err);
	if (rc)
		fail_msg("find: %s", err.msg);
	snprintf(dept, sizeof(dept), "%s", d.asset_id ? (d.department ? d.department : "(none)") : "-");
	if (d.asset_id)
		assert_string_equal(d.site ? d.site : "(none)", d.department ? "Rådhuset" : "(none)");
	if (id)
		*id = d.asset_id;
	device_info_release(&d);
	return dept;
}

static void each_key_finds_its_hardware(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	struct survey_info a, b;
	st = open_in_survey("a", &a);
	assert_int_equal(store_survey_get(st, "b", NULL, true, &b, &err), VS_OK);
	/* A program on the first laptop carries its serial: only hardware counts. */
	put(st, a.id, ASSET_SOFTWARE, "pc1", "PF3K9ZQ1", "3c:a9:f4:12:34:56", "SW");
	put(st, a.id, ASSET_HARDWARE, "PC1", "PF3K9ZQ1", "3c:a9:f4:12:34:56", "ØKF");
	put(st, a.id, ASSET_HARDWARE, "pc2", "R90V2K7M", NULL, "BUF");
	put(st, a.id, ASSET_HARDWARE, NULL, NULL, "8c:16:45:01:02:03", NULL);
	put(st, a.id, ASSET_HARDWARE, "pc9", "PF3K9ZQ1", NULL, "TMF"); /* a second, later */
	put(st, b.id, ASSET_HARDWARE, "pc1", "PF3K9ZQ1", "3c:a9:f4:12:34:56", "SOF");

	/* Every row above is still queued: the look-ups write them first. */
	int64_t first, id;
	assert_string_equal(find(st, a.id, BY_SERIAL, "PF3K9ZQ1", &first), "ØKF");
	assert_string_equal(find(st, a.id, BY_SERIAL, "pf3k9zq1", &id), "ØKF"); /* ASCII case */
	assert_int_equal(id, first);
	assert_string_equal(find(st, a.id, BY_SERIAL, "R90V2K7M", &id), "BUF");
	assert_int_not_equal(id, first);
	assert_string_equal(find(st, a.id, BY_SERIAL, "PF3K9ZQ", NULL), "-"); /* exact, no prefix */
	assert_string_equal(find(st, a.id, BY_SERIAL, "PF3K9ZQ1 ", NULL), "-");
	assert_string_equal(find(st, a.id, BY_SERIAL, NULL, &id), "-");
	assert_int_equal(id, 0);
	assert_string_equal(find(st, a.id, BY_MAC, "3c:a9:f4:12:34:56", &id), "ØKF");
	assert_int_equal(id, first);
	assert_string_equal(find(st, a.id, BY_MAC, "8c:16:45:01:02:03", NULL), "(none)");
	assert_string_equal(find(st, a.id, BY_MAC, "8c:16:45:01:02:04", NULL), "-");
	assert_string_equal(find(st, a.id, BY_MAC, NULL, NULL), "-");
	assert_string_equal(find(st, a.id, BY_NAME, "Pc2", NULL), "BUF");
	assert_string_equal(find(st, a.id, BY_NAME, "pc1", &id), "ØKF");
	assert_int_equal(id, first);
	/* The other survey has its own. */
	assert_string_equal(find(st, b.id, BY_SERIAL, "PF3K9ZQ1", NULL), "SOF");
	assert_string_equal(find(st, b.id, BY_MAC, "3c:a9:f4:12:34:56", NULL), "SOF");
	assert_string_equal(find(st, a.id, BY_SERIAL, "pf3k9zq1", NULL), "ØKF");
	assert_int_equal(store_commit(st, &err), VS_OK);
	store_close(st);
}

static void hardware_added_later_is_found(void **state)
{
	(void)state;
	struct store *st;
	struct vs_error err = {0};
	struct survey_info s;
	st = open_in_survey("s", &s);
	assert_string_equal(find(st, s.id, BY_SERIAL, "A1", NULL), "-"); /* no hardware at all */
	put(st, s.id, ASSET_HARDWARE, NULL, "A1", NULL, "ØKF");
	assert_string_equal(find(st, s.id, BY_SERIAL, "A1", NULL), "ØKF");
	put(st, s.id, ASSET_SOFTWARE, NULL, "B2", NULL, "SW"); /* not hardware: no refill needed */
	assert_string_equal(find(st, s.id, BY_SERIAL, "B2", NULL), "-");
	put(st, s.id, ASSET_HARDWARE, NULL, "B2", "44:19:b6:00:00:02", "BUF");
	assert_string_equal(find(st, s.id, BY_SERIAL, "B2", NULL), "BUF");
	assert_string_equal(find(st, s.id, BY_MAC, "44:19:b6:00:00:02", NULL), "BUF");

	/* A rollback takes the temporary table with it; the next look-up
	 * makes it again. */
	store_rollback(st);
	assert_int_equal(store_begin(st, &err), VS_OK);
	assert_int_equal(store_survey_get(st, "s", NULL, true, &s, &err), VS_OK);
	assert_string_equal(find(st, s.id, BY_SERIAL, "A1", NULL), "-");
	put(st, s.id, ASSET_HARDWARE, NULL, "C3", NULL, "TMF");
	assert_string_equal(find(st, s.id, BY_SERIAL, "c3", NULL), "TMF");
	assert_int_equal(store_commit(st, &err), VS_OK);

	/* And a store opened again starts without it. */
	store_close(st);
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &err), VS_OK);
	assert_string_equal(find(st, s.id, BY_SERIAL, "C3", NULL), "TMF");
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(each_key_finds_its_hardware, setup, teardown),
		cmocka_unit_test_setup_teardown(hardware_added_later_is_found, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
