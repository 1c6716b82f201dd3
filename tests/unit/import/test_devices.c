/* The device list every device-file parser fills: one sighting per MAC,
 * one per address for devices listed without one, bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/devices.h"
#include "util/limits.h"

static void one_sighting_per_key(void **state)
{
	(void)state;
	struct device_list l = {0};
	bool oom = false;
	const uint8_t a[6] = {0x44, 0x19, 0xb6, 0, 0, 1}, b[6] = {0x44, 0x19, 0xb6, 0, 0, 2};
	struct sighting *s1 = device_list_by_mac(&l, a, &oom);
	assert_non_null(s1);
	assert_true(sighting_observe_line(s1, "nmap", "hostname", "cam-1", 5, 0.9, 12));
	assert_ptr_equal(device_list_by_mac(&l, b, &oom), &l.dev[1]);
	assert_ptr_equal(device_list_by_mac(&l, a, &oom), &l.dev[0]);
	struct sighting *h = device_list_by_addr(&l, "10.0.0.7", &oom);
	assert_non_null(h);
	assert_false(h->has_mac);
	assert_ptr_equal(device_list_by_addr(&l, "10.0.0.7", &oom), h);
	assert_int_equal(l.n, 3);
	assert_false(oom);
	/* The line of the first statement is kept. */
	assert_true(sighting_observe_line(&l.dev[0], "nmap", "hostname", "cam-1", 5, 0.9, 40));
	assert_int_equal(l.dev[0].obs[0].line, 12);
	size_t n;
	struct sighting *d = device_list_detach(&l, &n);
	assert_int_equal(n, 3);
	assert_int_equal(l.n, 0);
	for (size_t i = 0; i < n; i++)
		sighting_release(&d[i]);
	free(d);
}

static void the_limit_is_counted(void **state)
{
	(void)state;
	struct device_list l = {0};
	bool oom = false;
	for (uint32_t i = 0; i < VS_MAX_CAPTURE_DEVICES + 5; i++) {
		uint8_t mac[6] = {0x02, 0, (uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8),
				  (uint8_t)i};
		device_list_by_mac(&l, mac, &oom);
	}
	assert_false(oom);
	assert_int_equal(l.n, VS_MAX_CAPTURE_DEVICES);
	assert_int_equal(l.dropped, 5);
	device_list_release(&l);
}

static void formats_have_names_and_parsers(void **state)
{
	(void)state;
	for (size_t i = 0; i < device_format_count(); i++) {
		const struct device_format *f = device_format_at(i);
		assert_non_null(f->name);
		assert_non_null(f->detect);
		assert_non_null(f->parse);
		assert_ptr_equal(device_format_by_name(f->name), f);
		/* No device format claims an inventory. */
		static const char inv[] = "Type;Producent;Model;Forvaltning;Antal\nRouter;Huawei;AR1220;KFF;1\n";
		assert_false(f->detect((const uint8_t *)inv, sizeof(inv) - 1));
	}
	assert_null(device_format_by_name("no-such-format"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_sighting_per_key),
		cmocka_unit_test(the_limit_is_counted),
		cmocka_unit_test(formats_have_names_and_parsers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
