/* arp-scan (default, --plain), ip neigh and arp -an: one device per MAC,
 * with the address, arp-scan's vendor as a weak guess and the line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "import/devices.h"

static const struct device_format *fmt(const char *name)
{
	const struct device_format *f = device_format_by_name(name);
	assert_non_null(f);
	return f;
}

static enum vs_err parse(const char *name, const char *text, struct device_list *l,
			 struct vs_error *err)
{
	memset(l, 0, sizeof(*l));
	return fmt(name)->parse("f.txt", (const uint8_t *)text, strlen(text), l, err);
}

static const char arp_scan[] =
	"Interface: eth0, type: EN10MB, MAC: 6a:11:22:33:44:55, IPv4: 10.253.0.2\n"
	"Starting arp-scan 1.10.0 with 256 hosts (https://github.com/royhills/arp-scan)\n"
	"10.253.0.3\t44:19:b6:31:0a:01\tHangzhou Hikvision Digital Technology Co.,Ltd.\n"
	"10.253.0.17\tda:a1:19:31:0a:0f\t(Unknown: locally administered)\n"
	"10.253.0.3\t44:19:b6:31:0a:01\tHangzhou Hikvision Digital Technology Co.,Ltd. (DUP: 2)\n"
	"\n"
	"16 packets received by filter, 0 packets dropped by kernel\n"
	"Ending arp-scan 1.10.0: 256 hosts scanned in 1.950 seconds (131.28 hosts/sec). 15 responded\n";

static void arp_scan_default(void **state)
{
	(void)state;
	struct device_list l;
	struct vs_error err = {0};
	const uint8_t *h = (const uint8_t *)arp_scan;
	assert_ptr_equal(device_format_detect(h, strlen(arp_scan)), fmt("arp-scan"));
	assert_int_equal(parse("arp-scan", arp_scan, &l, &err), VS_OK);
	assert_int_equal(l.n, 2);
	const struct sighting *s = &l.dev[0];
	assert_true(s->has_mac);
	assert_int_equal(s->mac[0], 0x44);
	assert_string_equal(s->addrs[0], "10.253.0.3");
	assert_string_equal(sighting_value(s, "neigh", "mac_vendor"),
			    "Hangzhou Hikvision Digital Technology Co.,Ltd.");
	assert_int_equal(s->obs[0].line, 3);
	assert_true(s->obs[1].confidence < 0.2); /* the vendor guess is weak */
	device_list_release(&l);
}

static void arp_scan_plain_and_errors(void **state)
{
	(void)state;
	struct device_list l;
	struct vs_error err = {0};
	const char plain[] = "10.0.0.1\t00:1b:21:31:0a:0e\tIntel Corporate\n";
	assert_ptr_equal(device_format_detect((const uint8_t *)plain, strlen(plain)), fmt("arp-scan"));
	assert_int_equal(parse("arp-scan", plain, &l, &err), VS_OK);
	assert_int_equal(l.n, 1);
	device_list_release(&l);
	/* A cut line is refused with its line. */
	assert_int_equal(parse("arp-scan", "10.0.0.1\t00:1b:21:31:0a:0e\tIntel\n10.0.0.2\t00:1b:2", &l,
			       &err),
			 VS_EBADVAL);
	assert_non_null(strstr(err.msg, "f.txt:2:"));
	device_list_release(&l);
}

static void ip_neigh(void **state)
{
	(void)state;
	const char t[] = "10.253.0.3 dev eth0 lladdr 44:19:b6:31:0a:01 REACHABLE\n"
			 "10.253.0.99 dev eth0 FAILED\n"
			 "fe80::4619:b6ff:fe31:a01 dev eth0 lladdr 44:19:b6:31:0a:01 router STALE\n"
			 "10.253.0.4 dev eth0 lladdr c0:56:e3:31:0a:02 DELAY\n";
	struct device_list l;
	struct vs_error err = {0};
	assert_ptr_equal(device_format_detect((const uint8_t *)t, strlen(t)), fmt("ip-neigh"));
	assert_int_equal(parse("ip-neigh", t, &l, &err), VS_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.dev[0].n_addrs, 2);
	assert_string_equal(l.dev[0].addrs[1], "fe80::4619:b6ff:fe31:a01");
	device_list_release(&l);
}

static void arp_an(void **state)
{
	(void)state;
	const char t[] = "? (10.253.0.3) at 44:19:b6:31:0a:01 [ether] on eth0\n"
			 "? (10.253.0.99) at <incomplete> on eth0\n"
			 "cam.lan (10.253.0.4) at c0:56:e3:31:a:2 on en0 ifscope [ethernet]\n";
	struct device_list l;
	struct vs_error err = {0};
	assert_ptr_equal(device_format_detect((const uint8_t *)t, strlen(t)), fmt("arp"));
	assert_int_equal(parse("arp", t, &l, &err), VS_OK);
	assert_int_equal(l.n, 2);
	assert_null(sighting_value(&l.dev[0], "neigh", "hostname"));
	assert_string_equal(sighting_value(&l.dev[1], "neigh", "hostname"), "cam.lan");
	assert_int_equal(l.dev[1].mac[4], 0x0a);
	device_list_release(&l);
}

/* Inventories and other lists are none of these. */
static void not_claimed(void **state)
{
	(void)state;
	const char *const t[] = {
		"ip,mac,maker\n10.0.0.1,00:1b:21:31:0a:0e,Intel\n",
		"ip\tmac\n10.0.0.1\t00:1b:21:31:0a:0e\n",
		"hostname\n",
		"",
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_null(device_format_detect((const uint8_t *)t[i], strlen(t[i])));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arp_scan_default), cmocka_unit_test(arp_scan_plain_and_errors),
		cmocka_unit_test(ip_neigh),	    cmocka_unit_test(arp_an),
		cmocka_unit_test(not_claimed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
