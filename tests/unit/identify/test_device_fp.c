/*
 * Built-in fingerprints in the device decision (identify/device.c): they
 * are banner-rank evidence with FILE:LINE, they give model and firmware for
 * the maker decided, discovery still outranks them, and two fingerprints
 * naming unrelated makers decide nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "identify/device.h"

#include "shipped_kb.h"

struct obs {
	const char *method, *field, *value;
};

/* A device seen with these observations (and MAC mac, NULL for none). */
static void identify(const uint8_t *mac, const struct obs *o, size_t n, struct asset *a)
{
	struct sighting s;
	sighting_init(&s);
	if (mac) {
		s.has_mac = true;
		memcpy(s.mac, mac, 6);
	}
	for (size_t i = 0; i < n; i++)
		assert_true(sighting_observe(&s, o[i].method, o[i].field, o[i].value,
					     strlen(o[i].value), 0.85, 1));
	asset_init(a);
	struct vs_error err = {0};
	assert_int_equal(identify_sighting(kb, pol, &s, "2026-01-01", "test", NULL, a, &err), VS_OK);
	sighting_release(&s);
}

static const struct evidence *find_evidence(const struct asset *a, const char *method,
					    const char *field, const char *needle)
{
	for (size_t i = 0; i < a->n_evidence; i++) {
		const struct evidence *e = &a->evidence[i];
		if (strcmp(e->method, method) == 0 && strcmp(e->field, field) == 0 &&
		    strstr(e->value, needle))
			return e;
	}
	return NULL;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The fixture router: LLDP and SNMP carry a VRP sysDescr, model and release. */
static void huawei_vrp_gives_model_and_firmware(void **state)
{
	(void)state;
	static const struct obs o[] = {
		{"lldp", "sys_name", "core-rtr-1"},
		{"snmp", "sys_descr",
		 "Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170 "
		 "(AR1220 V200R010C10SPC700)"},
		{"snmp", "sys_object_id", "1.3.6.1.4.1.2011.2.224.67"},
	};
	struct asset a;
	identify((const uint8_t[6]){0x4c, 0x54, 0x99, 0x0d, 0x0e, 0x0f}, o, N(o), &a);
	assert_string_equal(a.vendor, "huawei");
	assert_string_equal(a.model, "AR1220");
	assert_string_equal(a.firmware, "V200R010C10SPC700");
	assert_true(a.confidence > 0.89 && a.confidence < 0.91);
	const struct evidence *e = find_evidence(&a, "kb", "fingerprint", "model AR1220");
	assert_non_null(e);
	assert_non_null(strstr(e->value, "firmware V200R010C10SPC700 (kb/fingerprints.tsv:"));
	assert_non_null(find_evidence(&a, "kb", "fingerprint", "sys_object_id '1.3.6.1.4.1.2011"));
	asset_release(&a);
}

/* sysObjectID alone, no MAC: the enterprise number names the maker, no model. */
static void enterprise_number_alone(void **state)
{
	(void)state;
	static const struct obs o[] = {{"snmp", "sys_object_id", "1.3.6.1.4.1.25506.1.1184"}};
	struct asset a;
	identify(NULL, o, N(o), &a);
	assert_string_equal(a.vendor, "h3c");
	assert_null(a.model);
	assert_true(a.confidence > 0.84 && a.confidence < 0.86);
	asset_release(&a);
}

/* The XM 1531 reply carries no model: the version's fourth field is a
 * hardware/build code several models share, and DeviceType is a type.
 * Firmware from the reply, no invented model; uc-httpd agrees on the maker. */
static void xiongmai_reply_has_no_model(void **state)
{
	(void)state;
	static const struct obs o[] = {
		{"xm", "device_type", "DVR"},
		{"xm", "serial", "f1e2d3c4b5a69788"},
		{"xm", "firmware", "V4.02.R11.A6380140.10001.131900.00000"},
		{"http", "server", "uc-httpd 1.0.0"},
	};
	struct asset a;
	identify((const uint8_t[6]){0x00, 0x12, 0x41, 0xaa, 0xbb, 0xcc}, o, N(o), &a);
	assert_string_equal(a.vendor, "xiongmai");
	assert_null(a.model);
	assert_string_equal(a.firmware, "V4.02.R11.A6380140.10001.131900.00000");
	assert_string_equal(a.type_raw, "DVR");
	assert_non_null(find_evidence(&a, "kb", "fingerprint", "uc-httpd 1.0.0' matches a Xiongmai"));
	asset_release(&a);
}

/* A banner alone decides at banner rank, over the MAC block. */
static void server_header_beats_the_mac_block(void **state)
{
	(void)state;
	static const struct obs o[] = {{"http", "server", "DNVRS-Webs"}};
	struct asset a;
	/* 00:1B:21 is Intel's: a chip block, no maker. */
	identify((const uint8_t[6]){0x00, 0x1b, 0x21, 0x01, 0x02, 0x03}, o, N(o), &a);
	assert_string_equal(a.vendor, "hikvision");
	assert_true(a.confidence > 0.84 && a.confidence < 0.86);
	asset_release(&a);
}

/* Discovery still outranks a banner; a fingerprint of another maker is a
 * conflict line, and its model is not used. */
static void discovery_outranks_fingerprints(void **state)
{
	(void)state;
	static const struct obs o[] = {
		{"dhip", "model", "IPC-HDW2431T-AS-S2"},
		{"dhip", "vendor", "General"},
		{"http", "realm", "TP-LINK Wireless N Router WR841N"},
	};
	struct asset a;
	identify((const uint8_t[6]){0x3c, 0xef, 0x8c, 0x44, 0x55, 0x66}, o, N(o), &a);
	assert_string_equal(a.vendor, "dahua");
	assert_string_equal(a.model, "IPC-HDW2431T-AS-S2");
	assert_non_null(find_evidence(&a, "kb", "conflict", "the discovery protocol at Dahua"));
	asset_release(&a);

	/* No model from discovery: still none from another maker's banner. */
	static const struct obs o2[] = {
		{"dhip", "vendor", "General"},
		{"http", "realm", "TP-LINK Wireless N Router WR841N"},
	};
	identify(NULL, o2, N(o2), &a);
	assert_string_equal(a.vendor, "dahua");
	assert_null(a.model);
	asset_release(&a);
}

/* Two fingerprints naming unrelated makers cancel: the decision falls to
 * the MAC block (here none), and the evidence names both rows. */
static void unrelated_banners_cancel(void **state)
{
	(void)state;
	static const struct obs o[] = {
		{"http", "server", "DNVRS-Webs"},
		{"http", "realm", "Login to 7J0CDEFPAZ98765"},
	};
	struct asset a;
	identify(NULL, o, N(o), &a);
	assert_null(a.vendor);
	const struct evidence *e = find_evidence(&a, "kb", "conflict", "the banners disagree");
	assert_non_null(e);
	assert_non_null(strstr(e->value, "says Hikvision"));
	assert_non_null(strstr(e->value, "says Dahua Technology"));
	/* Either maker is Chinese: so is the device, maker unknown. */
	assert_int_equal(a.chinese, TRI_YES);
	assert_non_null(find_evidence(&a, "policy", "origin", "made by either is Chinese"));
	asset_release(&a);

	/* A Hikvision header beside Axis's SNMP enterprise number: one of
	 * them is not Chinese, so nothing is decided. */
	static const struct obs mixed[] = {
		{"http", "server", "DNVRS-Webs"},
		{"snmp", "sys_object_id", "1.3.6.1.4.1.368.4"},
	};
	identify(NULL, mixed, N(mixed), &a);
	assert_null(a.vendor);
	assert_non_null(find_evidence(&a, "kb", "conflict", "the banners disagree"));
	assert_int_equal(a.chinese, TRI_UNKNOWN);
	assert_null(find_evidence(&a, "policy", "origin", ""));
	asset_release(&a);

	/* The same, with a Hikvision MAC block: the block decides, at its rank. */
	identify((const uint8_t[6]){0xc0, 0x56, 0xe3, 0x01, 0x02, 0x03}, o, N(o), &a);
	assert_string_equal(a.vendor, "hikvision");
	assert_true(a.confidence < 0.7);
	asset_release(&a);
}

/* Fingerprints of one maker agree; the most certain sets the confidence,
 * the first with a model gives it. A name alias that agrees does not
 * cancel anything. */
static void agreeing_banners_add_up(void **state)
{
	(void)state;
	static const struct obs o[] = {
		{"sip", "user_agent", "Yealink SIP-T46S 66.86.0.15"},
		{"tls", "issuer", "CN=Yealink Equipment Issuing CA,OU=yealink.com,C=CN"},
		{"dhcp", "vendor_class", "yealink"},
	};
	struct asset a;
	identify((const uint8_t[6]){0x80, 0x5e, 0xc0, 0x12, 0x34, 0x56}, o, N(o), &a);
	assert_string_equal(a.vendor, "yealink");
	assert_string_equal(a.model, "SIP-T46S");
	assert_string_equal(a.firmware, "66.86.0.15");
	assert_true(a.confidence > 0.89 && a.confidence < 0.91);
	assert_null(find_evidence(&a, "kb", "conflict", ""));
	asset_release(&a);
}

/* An OEM brand and its producer answer for each other: no conflict. */
static void oem_brand_and_producer_agree(void **state)
{
	(void)state;
	static const struct obs o[] = {
		{"wsd", "name", "Amcrest"},
		{"rtsp", "server", "Dahua Rtsp Server/3.0"},
	};
	struct asset a;
	identify(NULL, o, N(o), &a);
	assert_string_equal(a.vendor, "dahua");
	assert_null(find_evidence(&a, "kb", "conflict", "the banners disagree"));
	asset_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(huawei_vrp_gives_model_and_firmware),
		cmocka_unit_test(enterprise_number_alone),
		cmocka_unit_test(xiongmai_reply_has_no_model),
		cmocka_unit_test(server_header_beats_the_mac_block),
		cmocka_unit_test(discovery_outranks_fingerprints),
		cmocka_unit_test(unrelated_banners_cancel),
		cmocka_unit_test(agreeing_banners_add_up),
		cmocka_unit_test(oem_brand_and_producer_agree),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
