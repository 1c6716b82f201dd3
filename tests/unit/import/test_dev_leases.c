/* DHCP lease files: each fixture's devices, their addresses and what the
 * client said (host name, vendor class, client id) with the line saying
 * it; every truncation parses or fails with FILE:LINE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dev_fixture.h"

static void dnsmasq_real_file(void **state)
{
	(void)state;
	struct device_list l;
	dev_parse_ok(&dev_format_dnsmasq, "dnsmasq.leases", &l);
	assert_int_equal(l.n, 5);
	dev_expect(&l, "00:1b:21:31:0a:0e", "dhcp", "hostname", "win-pc", 1);
	dev_expect(&l, "00:1b:21:31:0a:0e", "dhcp", "client_id", "01:00:1b:21:31:0a:0e", 1);
	dev_expect(&l, "44:19:b6:31:0a:01", "dhcp", "hostname", "hik-cam", 5);
	assert_string_equal(dev_by_mac(&l, "44:19:b6:31:0a:01")->addrs[0], "10.253.1.113");
	device_list_release(&l);
}

static void dnsmasq_ipv6_and_stars(void **state)
{
	(void)state;
	static const char f[] = "1796571333 00:1b:21:31:0a:0e 10.0.0.5 * *\n"
				"duid 00:01:00:01:2c:94:d1:9a:52:54:00:12:34:56\n"
				"1796571333 12345678 2001:db8::5 phone 00:03:00:01:da:a1:19:31:0a:0f\n";
	struct device_list l = {0};
	struct vs_error err = {VS_OK, ""};
	assert_true(dev_format_dnsmasq.detect((const uint8_t *)f, sizeof(f) - 1));
	assert_int_equal(dev_format_dnsmasq.parse("t", (const uint8_t *)f, sizeof(f) - 1, &l, &err), VS_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.dev[0].n_obs, 0); /* "*": no host name, no client id */
	assert_false(l.dev[1].has_mac);
	assert_string_equal(l.dev[1].addrs[0], "2001:db8::5");
	device_list_release(&l);
	static const char bad[] = "1796571333 00:1b:21:31:0a:0e 10.0.0.5 host\n";
	assert_int_equal(dev_format_dnsmasq.parse("t", (const uint8_t *)bad, sizeof(bad) - 1, &l, &err),
			 VS_EBADVAL);
	assert_string_equal(err.msg, "t:1: not a dnsmasq lease (EXPIRY MAC ADDRESS HOSTNAME CLIENT-ID)");
	device_list_release(&l);
}

static void isc_dhcpd(void **state)
{
	(void)state;
	struct device_list l;
	dev_parse_ok(&dev_format_isc_dhcpd, "dhcpd.leases", &l);
	/* The abandoned lease has no hardware; the host block is skipped. */
	assert_int_equal(l.n, 3);
	dev_expect(&l, "44:19:b6:31:0a:01", "dhcp", "hostname", "hik-cam", 19);
	dev_expect(&l, "44:19:b6:31:0a:01", "dhcp", "vendor_class", "udhcp 1.19.4", 18);
	dev_expect(&l, "44:19:b6:31:0a:01", "dhcp", "client_id", "01:44:19:b6:31:0a:01", 17);
	dev_expect(&l, "00:1b:21:31:0a:0e", "dhcp", "vendor_class", "MSFT 5.0", 51);
	dev_expect(&l, "00:1b:21:31:0a:0e", "dhcp", "client_id", "01:00:1b:21:31:0a:0e", 50);
	dev_expect(&l, "3c:ef:8c:31:0a:04", "dhcp", "vendor_class", NULL, 0);
	assert_string_equal(dev_by_mac(&l, "3c:ef:8c:31:0a:04")->addrs[0], "10.253.1.116");
	assert_null(dev_by_mac(&l, "3c:d9:2b:31:0a:0d"));
	device_list_release(&l);
}

static void isc_errors_name_the_line(void **state)
{
	(void)state;
	static const char open[] = "lease 10.0.0.1 {\n  hardware ethernet 00:1b:21:31:0a:0e;\n";
	static const char str[] = "lease 10.0.0.1 {\n  client-hostname \"pc;\n}\n";
	static const char mac[] = "lease 10.0.0.1 {\n\n  hardware ethernet 00:1b;\n}\n";
	struct device_list l = {0};
	struct vs_error err = {VS_OK, ""};
	assert_int_equal(dev_format_isc_dhcpd.parse("f", (const uint8_t *)open, sizeof(open) - 1, &l, &err), VS_EBADVAL);
	assert_string_equal(err.msg, "f:1: the lease opened here is not closed");
	vs_error_clear(&err);
	assert_int_equal(dev_format_isc_dhcpd.parse("f", (const uint8_t *)str, sizeof(str) - 1, &l, &err), VS_EBADVAL);
	assert_string_equal(err.msg, "f:2: a string is not closed");
	vs_error_clear(&err);
	assert_int_equal(dev_format_isc_dhcpd.parse("f", (const uint8_t *)mac, sizeof(mac) - 1, &l, &err), VS_EBADVAL);
	assert_string_equal(err.msg, "f:3: hardware ethernet is not a MAC address");
	device_list_release(&l);
}

static void kea_memfile(void **state)
{
	(void)state;
	struct device_list l;
	dev_parse_ok(&dev_format_kea, "kea-leases4.csv", &l);
	assert_int_equal(l.n, 3); /* the declined lease (line 4) has no hwaddr */
	dev_expect(&l, "4c:54:99:31:0a:09", "dhcp", "hostname", "huawei-ar.lab.example", 3);
	dev_expect(&l, "44:19:b6:31:0a:01", "dhcp", "client_id", "01:44:19:b6:31:0a:01", 2);
	dev_expect(&l, "48:ea:63:31:0a:07", "dhcp", "hostname", "unv-cam, floor 2", 5);
	device_list_release(&l);
}

static void windows_export_csv(void **state)
{
	(void)state;
	struct device_list l;
	dev_parse_ok(&dev_format_windows_dhcp, "windows-dhcp.csv", &l);
	assert_int_equal(l.n, 3);
	dev_expect(&l, "00:1b:21:31:0a:0e", "dhcp", "hostname", "win-pc.corp.example", 3);
	dev_expect(&l, "ac:cc:8e:31:0a:0a", "dhcp", "hostname", "axis-cam", 5);
	assert_string_equal(dev_by_mac(&l, "3c:d9:2b:31:0a:0d")->addrs[0], "10.253.1.115");
	device_list_release(&l);
}

static void detection_is_exact(void **state)
{
	(void)state;
	/* A CSV inventory with an address and a MAC column is not a lease file. */
	static const char inv[] = "address,hwaddr,hostname\n10.0.0.1,00:1b:21:31:0a:0e,pc\n";
	static const char win[] = "\"IPAddress\",\"ClientId\",\"HostName\"\n\"10.0.0.1\",\"00-1b-21-31-0a-0e\",\"pc\"\n";
	assert_null(device_format_detect((const uint8_t *)inv, sizeof(inv) - 1));
	assert_null(device_format_detect((const uint8_t *)win, sizeof(win) - 1));
}

static void every_truncation(void **state)
{
	(void)state;
	dev_every_prefix(&dev_format_dnsmasq, "dnsmasq.leases");
	dev_every_prefix(&dev_format_isc_dhcpd, "dhcpd.leases");
	dev_every_prefix(&dev_format_kea, "kea-leases4.csv");
	dev_every_prefix(&dev_format_windows_dhcp, "windows-dhcp.csv");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dnsmasq_real_file), cmocka_unit_test(dnsmasq_ipv6_and_stars),
		cmocka_unit_test(isc_dhcpd),	     cmocka_unit_test(isc_errors_name_the_line),
		cmocka_unit_test(kea_memfile),	     cmocka_unit_test(windows_export_csv),
		cmocka_unit_test(detection_is_exact), cmocka_unit_test(every_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
