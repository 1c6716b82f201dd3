#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "proto/dhip.h"
#include "proto/sadp.h"
#include "proto/wsd.h"
#include "proto/xm.h"

#define S(lit) (const uint8_t *)(lit), sizeof(lit) - 1

static const char sadp_reply[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<ProbeMatch><Uuid>A1B2</Uuid><Types>inquiry</Types><DeviceType>138</DeviceType>"
	"<DeviceDescription>LTN8616-P8</DeviceDescription>"
	"<DeviceSN>LTN8616-P81620180101CCWR123456789</DeviceSN><CommandPort>8000</CommandPort>"
	"<HttpPort>80</HttpPort><MAC>bc-ad-28-01-02-03</MAC><IPv4Address>10.0.0.9</IPv4Address>"
	"<SoftwareVersion>V3.4.92build 170228</SoftwareVersion><DSPVersion>V5.0</DSPVersion>"
	"<Activated>true</Activated><OEMInfo>LTS &amp; co</OEMInfo></ProbeMatch>";

static void sadp_probe_match(void **state)
{
	(void)state;
	static struct proto_sadp s;
	/* Trailing NUL padding as some devices send it. */
	size_t n = sizeof(sadp_reply) - 1;
	uint8_t *buf = malloc(n + 3);
	memcpy(buf, sadp_reply, n);
	memset(buf + n, 0, 3);
	assert_int_equal(proto_sadp_parse(buf, n + 3, &s), VS_OK);
	free(buf);
	assert_int_equal(s.kind, PROTO_SADP_PROBE_MATCH);
	assert_string_equal(s.device_description, "LTN8616-P8");
	assert_string_equal(s.device_sn, "LTN8616-P81620180101CCWR123456789");
	assert_string_equal(s.mac, "bc-ad-28-01-02-03");
	assert_string_equal(s.ipv4, "10.0.0.9");
	assert_string_equal(s.software_version, "V3.4.92build 170228");
	assert_string_equal(s.command_port, "8000");
	assert_string_equal(s.oem_info, "LTS & co");
	assert_string_equal(s.device_type, "138");
	/* Truncated documents are not well-formed. */
	assert_int_equal(proto_sadp_parse(S("<ProbeMatch><MAC>bc-ad"), &s), VS_EBADVAL);
}

static void sadp_refusals(void **state)
{
	(void)state;
	static struct proto_sadp s;
	assert_int_equal(proto_sadp_parse(S("<Probe><Uuid>x</Uuid><Types>inquiry</Types></Probe>"), &s), VS_OK);
	assert_int_equal(s.kind, PROTO_SADP_PROBE);
	assert_string_equal(s.types, "inquiry");
	assert_int_equal(proto_sadp_parse(S("<Other><MAC>x</MAC></Other>"), &s), VS_EBADVAL);
	assert_int_equal(proto_sadp_parse(S("<!DOCTYPE a [<!ENTITY x \"y\">]><ProbeMatch>&x;</ProbeMatch>"), &s),
			 VS_EBADVAL);
	char big[400];
	memset(big, 'A', sizeof(big));
	memcpy(big, "<ProbeMatch><MAC>", 17);
	memcpy(big + sizeof(big) - 19, "</MAC></ProbeMatch>", 19);
	assert_int_equal(proto_sadp_parse((const uint8_t *)big, sizeof(big), &s), VS_ETOOBIG);
	char deep[16 * 3 * 2 + 64] = "";
	for (int i = 0; i < 20; i++)
		strcat(deep, "<a>");
	assert_int_equal(proto_sadp_parse((const uint8_t *)deep, strlen(deep), &s), VS_ETOOBIG);
}

static void sadp_layer2(void **state)
{
	(void)state;
	const uint8_t f[] = {0x21, 0x02, 0x01, 0x42, 0, 0, 0, 7, 0x06, 0x04, 0x03, 0x00, 0xab, 0xcd,
			     0xc0, 0x56, 0xe3, 1, 2, 3, 192, 168, 1, 64, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			     0, 0, 0, 0, 255, 255, 255, 0, 0xfe, 0x80};
	struct proto_sadp_l2 s;
	assert_int_equal(proto_sadp_l2_parse(f, sizeof(f), &s), VS_OK);
	assert_int_equal(s.packet_type, 2);
	assert_int_equal(s.origin, 0x0142);
	assert_int_equal(s.counter, 7);
	assert_int_equal(s.query_type, 3);
	assert_int_equal(s.checksum, 0xabcd);
	assert_int_equal(s.src_mac[2], 0xe3);
	assert_int_equal(s.src_ip[3], 64);
	assert_int_equal(s.dst_mac[0], 0xff);
	assert_int_equal(s.subnet_mask[2], 255);
	assert_int_equal(s.payload.len, 2);
	assert_int_equal(proto_sadp_l2_parse(f, 37, &s), VS_ETRUNC);
	uint8_t g[sizeof(f)];
	memcpy(g, f, sizeof(f));
	g[0] = 0x22;
	assert_int_equal(proto_sadp_l2_parse(g, sizeof(g), &s), VS_EBADVAL);
}

static const char wsd_hello[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://www.w3.org/2003/05/soap-envelope\" "
	"xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
	"xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\" "
	"xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\">"
	"<SOAP-ENV:Header><wsa:MessageID>uuid:1</wsa:MessageID>"
	"<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action></SOAP-ENV:Header>"
	"<SOAP-ENV:Body><d:ProbeMatches><d:ProbeMatch><wsa:EndpointReference>"
	"<wsa:Address>urn:uuid:0001</wsa:Address></wsa:EndpointReference>"
	"<d:Types>dn:NetworkVideoTransmitter</d:Types>"
	"<d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/hardware/AUTOBOT-B4 "
	"onvif://www.onvif.org/name/BOSCH onvif://www.onvif.org/location/country/germany</d:Scopes>"
	"<d:XAddrs>http://10.0.0.8/onvif/device_service</d:XAddrs>"
	"</d:ProbeMatch></d:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>";

static void wsd_probe_matches(void **state)
{
	(void)state;
	static struct proto_wsd w;
	assert_int_equal(proto_wsd_parse(S(wsd_hello), &w), VS_OK);
	assert_int_equal(w.kind, PROTO_WSD_PROBE_MATCHES);
	assert_string_equal(w.address, "urn:uuid:0001");
	assert_string_equal(w.types, "dn:NetworkVideoTransmitter");
	assert_string_equal(w.xaddrs, "http://10.0.0.8/onvif/device_service");
	assert_true(slice_eq(proto_wsd_onvif_scope(w.scopes, "hardware"), "AUTOBOT-B4"));
	assert_true(slice_eq(proto_wsd_onvif_scope(w.scopes, "name"), "BOSCH"));
	assert_true(slice_eq(proto_wsd_onvif_scope(w.scopes, "location/country"), "germany"));
	assert_true(slice_eq(proto_wsd_onvif_scope(w.scopes, "location"), "country/germany"));
	assert_null(proto_wsd_onvif_scope(w.scopes, "hard").p);
	assert_null(proto_wsd_onvif_scope("", "name").p);
	assert_int_equal(proto_wsd_parse(S("<ProbeMatch/>"), &w), VS_EBADVAL);
}

static size_t dhip_frame(uint8_t *b, const char *json)
{
	uint32_t len = (uint32_t)strlen(json);
	memset(b, 0, 32);
	b[0] = 0x20;
	memcpy(b + 4, "DHIP", 4);
	b[8] = 7;
	for (int i = 0; i < 4; i++) {
		b[16 + i] = (uint8_t)(len >> (8 * i));
		b[24 + i] = (uint8_t)(len >> (8 * i));
	}
	memcpy(b + 32, json, len);
	return 32 + len;
}

static void dhip_notify_dev_info(void **state)
{
	(void)state;
	static const char json[] =
		"{\"method\":\"client.notifyDevInfo\",\"params\":{\"mac\":\"90:02:a9:01:02:03\","
		"\"deviceInfo\":{\"DeviceClass\":\"IPC\",\"DeviceType\":\"IP2M-841B\",\"SerialNo\":\"AMC0123ABCDEF\","
		"\"MachineName\":\"AMC0123\",\"Vendor\":\"Amcrest\",\"Manufacturer\":\"Private\","
		"\"Version\":\"2.800.0000000.5.R\",\"HttpPort\":80,\"Port\":37777,"
		"\"IPv4Address\":{\"IPAddress\":\"10.0.0.11\",\"DhcpEnable\":true}}}}";
	uint8_t b[1024];
	size_t n = dhip_frame(b, json);
	static struct proto_dhip d;
	assert_int_equal(proto_dhip_parse(b, n, &d), VS_OK);
	assert_int_equal(d.session, 7);
	assert_string_equal(d.method, "client.notifyDevInfo");
	assert_string_equal(d.vendor, "Amcrest");
	assert_string_equal(d.device_type, "IP2M-841B");
	assert_string_equal(d.serial_no, "AMC0123ABCDEF");
	assert_string_equal(d.ipv4, "10.0.0.11");
	assert_string_equal(d.mac, "90:02:a9:01:02:03");
	assert_string_equal(d.http_port, "80");
	assert_string_equal(d.port, "37777");
	assert_int_equal(proto_dhip_parse(b, n - 1, &d), VS_ETRUNC);
	assert_int_equal(proto_dhip_parse(b, 31, &d), VS_ETRUNC);
	b[24] ^= 1; /* the two length fields disagree */
	assert_int_equal(proto_dhip_parse(b, n, &d), VS_EBADVAL);
	n = dhip_frame(b, "{\"params\":{}}");
	assert_int_equal(proto_dhip_parse(b, n, &d), VS_EBADVAL); /* no method */
	n = dhip_frame(b, "[1,2]");
	assert_int_equal(proto_dhip_parse(b, n, &d), VS_EBADVAL);
}

static void dhip_v1_port_5050(void **state)
{
	(void)state;
	static const char s2[] = "3c:ef:8c:44:55:66IPC-HFW1320S";
	static const char s3[] = "IPv6Addr:fe80::1/64\r\nSerialNo:4K0123PAZ00012\r\n";
	uint8_t b[512] = {0xb3, 0x00, (uint8_t)(sizeof(s2) - 1)};
	b[0x14] = (uint8_t)(sizeof(s3) - 1);
	memcpy(b + 0x28, "IPC-HFW1320S", 12);
	b[0x38] = 10, b[0x39] = 20, b[0x3a] = 0, b[0x3b] = 13;
	memcpy(b + 0x78, s2, sizeof(s2) - 1);
	memcpy(b + 0x78 + sizeof(s2) - 1, s3, sizeof(s3) - 1);
	size_t n = 0x78 + sizeof(s2) - 1 + sizeof(s3) - 1;
	struct proto_dhip_v1 d;
	assert_int_equal(proto_dhip_v1_parse(b, n, &d), VS_OK);
	assert_false(d.request);
	assert_true(slice_eq(d.device_type, "IPC-HFW1320S"));
	assert_int_equal(d.ipv4[0], 10);
	assert_int_equal(d.ipv4[3], 13);
	assert_true(slice_eq(d.mac, "3c:ef:8c:44:55:66"));
	assert_true(slice_eq(d.model, "IPC-HFW1320S"));
	assert_true(slice_eq(d.serial, "4K0123PAZ00012"));
	assert_true(slice_eq(proto_dhip_v1_value(d.kv, "IPv6Addr"), "fe80::1/64"));
	assert_null(proto_dhip_v1_value(d.kv, "Serial").p);
	assert_int_equal(proto_dhip_v1_parse(b, n - 1, &d), VS_ETRUNC);
	assert_int_equal(proto_dhip_v1_parse(b, 0x77, &d), VS_ETRUNC);
	assert_int_equal(proto_dhip_v1_parse(b, n + 1, &d), VS_EBADVAL);
	const uint8_t req[32] = {0xa3, 0x01, 0x00, 0x01, [16] = 0x02};
	assert_int_equal(proto_dhip_v1_parse(req, sizeof(req), &d), VS_OK);
	assert_true(d.request);
	b[0] = 0xc3;
	assert_int_equal(proto_dhip_v1_parse(b, n, &d), VS_EBADVAL);
}

static void xm_search_and_reply(void **state)
{
	(void)state;
	static struct proto_xm x;
	const uint8_t req[20] = {0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfa, 0x05, 0, 0, 0, 0};
	assert_int_equal(proto_xm_parse(req, sizeof(req), &x), VS_OK);
	assert_int_equal(x.msg_id, PROTO_XM_SEARCH);
	assert_false(x.has_body);
	static const char json[] =
		"{ \"NetWork.NetCommon\" : { \"HostIP\" : \"0x0B00000A\", \"HostName\" : \"LocalHost\", "
		"\"MAC\" : \"00:12:31:aa:bb:cc\", \"SN\" : \"a1b2c3d4e5f60718\", \"TCPPort\" : 34567, "
		"\"DeviceType\" : \"DVR\", \"Version\" : \"V4.02.R11.34500140.12001.131600\" }, \"Ret\" : 100 }";
	uint8_t b[512] = {0xff, 1};
	size_t len = sizeof(json); /* NUL-terminated body, as sent */
	b[14] = 0xfb;
	b[15] = 0x05;
	b[16] = (uint8_t)len;
	b[17] = (uint8_t)(len >> 8);
	memcpy(b + 20, json, len);
	assert_int_equal(proto_xm_parse(b, 20 + len, &x), VS_OK);
	assert_int_equal(x.msg_id, PROTO_XM_SEARCH_REPLY);
	assert_string_equal(x.mac, "00:12:31:aa:bb:cc");
	assert_string_equal(x.sn, "a1b2c3d4e5f60718");
	assert_string_equal(x.tcp_port, "34567");
	assert_string_equal(x.version_text, "V4.02.R11.34500140.12001.131600");
	assert_true(x.has_host_ip);
	assert_int_equal(x.host_ip[0], 10);
	assert_int_equal(x.host_ip[3], 11);
	assert_int_equal(proto_xm_parse(b, 20 + len - 1, &x), VS_ETRUNC);
	b[0] = 0xfe;
	assert_int_equal(proto_xm_parse(b, 20 + len, &x), VS_EBADVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sadp_probe_match),  cmocka_unit_test(sadp_refusals),
		cmocka_unit_test(sadp_layer2),
		cmocka_unit_test(wsd_probe_matches), cmocka_unit_test(dhip_notify_dev_info),
		cmocka_unit_test(xm_search_and_reply), cmocka_unit_test(dhip_v1_port_5050),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
