/* Switch tables: snmpwalk (BRIDGE-, Q-BRIDGE-, LLDP-MIB) and the CLI's MAC
 * tables give MAC -> switch, port, VLAN; LLDP neighbours their own names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dev_fixture.h"

static void snmpwalk_bridge(void **state)
{
	(void)state;
	struct device_list l;
	dev_parse_ok(&dev_format_snmpwalk, "snmpwalk-bridge.txt", &l);
	/* Not the switch's own MAC (self), nor port 0. */
	assert_null(dev_by_mac(&l, "70:10:6f:c8:01:01"));
	assert_int_equal(l.n, 6);
	dev_expect(&l, "00:1b:21:31:0a:0e", "switch", "switch", "sw-floor2", 1);
	/* Bridge port 3 -> ifIndex 10103 -> ifName, on the ifName's line. */
	dev_expect(&l, "00:1b:21:31:0a:0e", "switch", "port", "Gi1/0/3", 27);
	dev_expect(&l, "00:1b:21:31:0a:0e", "switch", "vlan", NULL, 0);
	dev_expect(&l, "48:ea:63:31:0a:07", "switch", "vlan", "20", 21);
	dev_expect(&l, "48:ea:63:31:0a:07", "switch", "port", "Gi1/0/3", 27);
	device_list_release(&l);
}

static void snmpwalk_lldp_real(void **state)
{
	(void)state;
	struct device_list l;
	dev_parse_ok(&dev_format_snmpwalk, "snmpwalk-lldp.txt", &l);
	assert_int_equal(l.n, 2);
	dev_expect(&l, "4c:54:99:31:0a:09", "lldp", "sys_name", "huawei-ar", 12);
	dev_expect(&l, "80:5e:c0:31:0a:08", "lldp", "sys_name", "yealink-vc", 13);
	dev_expect(&l, "4c:54:99:31:0a:09", "switch", "switch", "sw-lab-1", 1);
	assert_string_equal(dev_by_mac(&l, "4c:54:99:31:0a:09")->addrs[0], "10.253.1.22");
	device_list_release(&l);
}

static void snmpwalk_symbolic_and_multiline(void **state)
{
	(void)state;
	static const char f[] =
		"SNMPv2-MIB::sysName.0 = STRING: edge-7\n"
		"BRIDGE-MIB::dot1dTpFdbAddress.'.. .!.' = STRING: 0:1b:21:31:a:e\n"
		"BRIDGE-MIB::dot1dTpFdbPort.'.. .!.' = INTEGER: 4\n"
		"BRIDGE-MIB::dot1dTpFdbStatus.'.. .!.' = INTEGER: learned(3)\n"
		"LLDP-MIB::lldpRemChassisIdSubtype.0.2.1 = INTEGER: local(7)\n"
		"LLDP-MIB::lldpRemChassisId.0.2.1 = STRING: \"cam-7\"\n"
		"LLDP-MIB::lldpRemSysDesc.0.2.1 = STRING: \"Line one\n"
		"line two\"\n"
		"LLDP-MIB::lldpRemManAddrIfSubtype.0.2.1.1.4.10.0.0.7 = INTEGER: ifIndex(2)\n"
		"LLDP-MIB::lldpRemChassisIdSubtype.0.3.2 = INTEGER: macAddress(4)\n"
		"LLDP-MIB::lldpRemChassisId.0.3.2 = STRING: \"ABCDEF\"\n"
		"LLDP-MIB::lldpRemSysName.0.3.2 = STRING: \"printable\"\n";
	struct device_list l = {0};
	struct vs_error err = {VS_OK, ""};
	assert_true(dev_format_snmpwalk.detect((const uint8_t *)f, sizeof(f) - 1));
	assert_int_equal(dev_format_snmpwalk.parse("w", (const uint8_t *)f, sizeof(f) - 1, &l, &err), VS_OK);
	assert_int_equal(l.n, 3);
	dev_expect(&l, "00:1b:21:31:0a:0e", "switch", "port", "4", 3);
	dev_expect(&l, "41:42:43:44:45:46", "lldp", "sys_name", "printable", 12);
	dev_expect(&l, "00:1b:21:31:0a:0e", "switch", "switch", "edge-7", 1);
	/* Known by its management address; its chassis id is a name. */
	assert_false(l.dev[1].has_mac);
	assert_string_equal(l.dev[1].addrs[0], "10.0.0.7");
	assert_string_equal(dev_obs(&l.dev[1], "lldp", "sys_descr")->value, "Line one?line two");
	assert_string_equal(dev_obs(&l.dev[1], "lldp", "chassis_id")->value, "cam-7");
	device_list_release(&l);
	static const char open[] = ".1.3.6.1.2.1.1.5.0 = STRING: \"sw\n\nrest";
	assert_int_equal(dev_format_snmpwalk.parse("w", (const uint8_t *)open, sizeof(open) - 1, &l, &err), VS_EBADVAL);
	assert_string_equal(err.msg, "w:1: a quoted STRING is not closed");
	device_list_release(&l);
}

static void mac_tables(void **state)
{
	(void)state;
	struct device_list l;
	dev_parse_ok(&dev_format_mac_table, "show-mac-cisco.txt", &l);
	assert_int_equal(l.n, 3); /* not the CPU's entries */
	dev_expect(&l, "00:1b:21:31:0a:0e", "switch", "port", "Gi1/0/3", 11);
	dev_expect(&l, "00:1b:21:31:0a:0e", "switch", "vlan", "20", 11);
	dev_expect(&l, "00:1b:21:31:0a:0e", "switch", "switch", "sw-core", 1);
	device_list_release(&l);
	dev_parse_ok(&dev_format_mac_table, "display-mac-huawei.txt", &l);
	assert_int_equal(l.n, 2);
	dev_expect(&l, "48:ea:63:31:0a:07", "switch", "port", "GE0/0/7", 6);
	dev_expect(&l, "48:ea:63:31:0a:07", "switch", "vlan", "20", 6);
	dev_expect(&l, "48:ea:63:31:0a:07", "switch", "switch", "HUAWEI-S5735", 1);
	device_list_release(&l);
	dev_parse_ok(&dev_format_mac_table, "display-mac-comware.txt", &l);
	assert_int_equal(l.n, 2);
	dev_expect(&l, "80:5e:c0:31:0a:08", "switch", "port", "GE1/0/8", 3);
	dev_expect(&l, "80:5e:c0:31:0a:08", "switch", "vlan", "30", 3);
	dev_expect(&l, "80:5e:c0:31:0a:08", "switch", "switch", "H3C", 1);
	device_list_release(&l);
	dev_parse_ok(&dev_format_mac_table, "show-mac-procurve.txt", &l);
	assert_int_equal(l.n, 2);
	dev_expect(&l, "00:1c:44:31:0a:0b", "switch", "port", "24", 8);
	dev_expect(&l, "00:1c:44:31:0a:0b", "switch", "vlan", "1", 8);
	dev_expect(&l, "00:1c:44:31:0a:0b", "switch", "switch", "HP-2920-24G", 1);
	device_list_release(&l);
}

static void detection_is_exact(void **state)
{
	(void)state;
	static const char inv[] = "MAC Address;VLAN;Port\n0011.2233.4455;1;Gi1/0/1\n";
	assert_null(device_format_detect((const uint8_t *)inv, sizeof(inv) - 1));
	static const char txt[] = "Notes = see below\n";
	assert_null(device_format_detect((const uint8_t *)txt, sizeof(txt) - 1));
}

static void every_truncation(void **state)
{
	(void)state;
	dev_every_prefix(&dev_format_snmpwalk, "snmpwalk-bridge.txt");
	dev_every_prefix(&dev_format_snmpwalk, "snmpwalk-lldp.txt");
	dev_every_prefix(&dev_format_mac_table, "show-mac-cisco.txt");
	dev_every_prefix(&dev_format_mac_table, "display-mac-huawei.txt");
	dev_every_prefix(&dev_format_mac_table, "display-mac-comware.txt");
	dev_every_prefix(&dev_format_mac_table, "show-mac-procurve.txt");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snmpwalk_bridge),    cmocka_unit_test(snmpwalk_lldp_real),
		cmocka_unit_test(snmpwalk_symbolic_and_multiline),
		cmocka_unit_test(mac_tables),	      cmocka_unit_test(detection_is_exact),
		cmocka_unit_test(every_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
