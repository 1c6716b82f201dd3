/*
 * capture_payload (what scan/ hands over: a reply's payload with its real
 * addresses, ports and the sender's MAC) against the frame path: the same
 * reply carried in a Linux cooked frame (what the scanner used to build
 * around it) gives the same device table, fact for fact: MAC, addresses,
 * observations with their confidence and times, packets. SSDP, SADP (a
 * reply naming its own MAC) and DHIP over UDP, an HTTP head over TCP, an
 * ICMP echo reply (the sender noted, nothing dissected), and a sender
 * without a known MAC (a device keyed by its address).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "capture/capture.h"

struct reply {
	bool has_mac;
	uint8_t mac[6];
	uint8_t from[4], to[4];
	uint8_t proto;
	uint16_t sport, dport;
	const char *payload;
	size_t len; /* 0: strlen(payload) */
};

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v;
}

/* LINKTYPE_LINUX_SLL: packet type(2) ARPHRD(2) address length(2)
 * address(8) protocol(2); IPv4; UDP or TCP (PSH ACK, a complete head). */
static size_t cooked_frame(const struct reply *r, const uint8_t *pl, size_t n, uint8_t *f)
{
	size_t l4 = r->proto == IPPROTO_UDP ? 8 : r->proto == IPPROTO_TCP ? 20 : 0;
	memset(f, 0, 16 + 20 + l4);
	put16(f + 2, 1);
	if (r->has_mac) {
		put16(f + 4, 6);
		memcpy(f + 6, r->mac, 6);
	}
	put16(f + 14, 0x0800);
	uint8_t *ip = f + 16;
	ip[0] = 0x45;
	put16(ip + 2, (unsigned)(20 + l4 + n));
	ip[8] = 64;
	ip[9] = r->proto;
	memcpy(ip + 12, r->from, 4);
	memcpy(ip + 16, r->to, 4);
	uint8_t *l = ip + 20;
	put16(l, r->sport);
	put16(l + 2, r->dport);
	if (r->proto == IPPROTO_UDP) {
		put16(l + 4, (unsigned)(8 + n));
	} else if (r->proto == IPPROTO_TCP) {
		l[7] = 1, l[11] = 1; /* seq 1, ack 1 */
		l[12] = 5 << 4;
		l[13] = 0x18;
		put16(l + 14, 65535);
	} else {
		l4 = 0;
	}
	memcpy(l + l4, pl, n);
	return 16 + 20 + l4 + n;
}

static void same_sighting(const char *what, const struct sighting *a, const struct sighting *b)
{
	if (a->has_mac != b->has_mac || (a->has_mac && memcmp(a->mac, b->mac, 6) != 0))
		fail_msg("%s: the MAC differs", what);
	assert_int_equal(a->n_addrs, b->n_addrs);
	for (size_t i = 0; i < a->n_addrs; i++)
		assert_string_equal(a->addrs[i], b->addrs[i]);
	if (a->n_obs != b->n_obs)
		fail_msg("%s: %zu observations by frame, %zu by payload", what, a->n_obs, b->n_obs);
	for (size_t i = 0; i < a->n_obs; i++) {
		assert_string_equal(a->obs[i].method, b->obs[i].method);
		assert_string_equal(a->obs[i].field, b->obs[i].field);
		assert_string_equal(a->obs[i].value, b->obs[i].value);
		assert_true(a->obs[i].confidence == b->obs[i].confidence);
		assert_int_equal(a->obs[i].first_us, b->obs[i].first_us);
		assert_int_equal(a->obs[i].last_us, b->obs[i].last_us);
	}
	assert_int_equal(a->n_peers, b->n_peers);
	assert_int_equal(a->first_us, b->first_us);
	assert_int_equal(a->last_us, b->last_us);
	assert_int_equal(a->packets, b->packets);
}

#define SSDP                                                                                   \
	"HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"                       \
	"LOCATION: http://10.9.0.7:80/rootDesc.xml\r\nSERVER: Linux/4.9 UPnP/1.0 IPCamera/2.1\r\n" \
	"ST: upnp:rootdevice\r\nUSN: uuid:a1::upnp:rootdevice\r\n\r\n"
#define SADP                                                                                   \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ProbeMatch><Uuid>6D2F</Uuid>"             \
	"<Types>inquiry</Types><DeviceType>136</DeviceType>"                                   \
	"<DeviceDescription>DS-2CD2143G2-I</DeviceDescription>"                              \
	"<DeviceSN>DS-2CD2143G2-I20230412AAWRJ12345678</DeviceSN><MAC>c0-56-e3-3a-4b-5c</MAC>" \
	"<IPv4Address>10.9.0.8</IPv4Address><SoftwareVersion>V5.7.3</SoftwareVersion>"        \
	"<OEMInfo>LTS</OEMInfo></ProbeMatch>"
#define HTTP                                                                                   \
	"HTTP/1.1 401 Unauthorized\r\nServer: App-webs/\r\n"                                  \
	"WWW-Authenticate: Digest realm=\"IP Camera(C2183)\", nonce=\"x\"\r\n"                \
	"Content-Length: 0\r\n\r\n"

static const struct reply replies[] = {
	{true, {0xac, 0xcc, 0x8e, 1, 2, 3}, {10, 9, 0, 7}, {10, 9, 0, 2}, IPPROTO_UDP, 1900,
	 40001, SSDP, 0},
	/* The reply names another MAC than the sender's: filed under the one it names. */
	{true, {0x44, 0x19, 0xb6, 1, 2, 4}, {10, 9, 0, 8}, {10, 9, 0, 2}, IPPROTO_UDP, 37020,
	 37020, SADP, 0},
	{true, {0xc0, 0x56, 0xe3, 1, 2, 5}, {10, 9, 0, 9}, {10, 9, 0, 2}, IPPROTO_TCP, 80,
	 51000, HTTP, 0},
	/* Beyond a router: no MAC, the device is its address. */
	{false, {0}, {10, 30, 0, 20}, {10, 9, 0, 2}, IPPROTO_TCP, 80, 51001, HTTP, 0},
	{true, {0x00, 0x1b, 0x21, 1, 2, 6}, {10, 9, 0, 10}, {10, 9, 0, 2}, IPPROTO_ICMP, 0,
	 0, "\0\0\0\0vs\0\1vendorscope scan", 24},
	/* A second reply from the SSDP sender later widens its facts' times. */
	{true, {0xac, 0xcc, 0x8e, 1, 2, 3}, {10, 9, 0, 7}, {10, 9, 0, 2}, IPPROTO_UDP,
	 1900, 40001, SSDP, 0},
};

static void test_payload_as_frame(void **state)
{
	(void)state;
	struct capture *by_frame = capture_new(), *by_payload = capture_new();
	assert_non_null(by_frame);
	assert_non_null(by_payload);
	static uint8_t frame[4096];
	struct vs_error err = {0};
	size_t n_replies = sizeof(replies) / sizeof(replies[0]);
	for (size_t i = 0; i < n_replies; i++) {
		const struct reply *r = &replies[i];
		const uint8_t *pl = (const uint8_t *)r->payload;
		size_t n = r->len ? r->len : strlen(r->payload);
		int64_t ts = 1767225600000000LL + (int64_t)i * 1000000;
		size_t fl = cooked_frame(r, pl, n, frame);
		assert_int_equal(capture_packet(by_frame, CAPTURE_DLT_LINUX_SLL, frame, fl, ts, &err),
				 VS_OK);
		struct capture_l4 m;
		memset(&m, 0, sizeof(m));
		m.has_mac = r->has_mac;
		memcpy(m.src_mac, r->mac, 6);
		memcpy(m.src, r->from, 4);
		memcpy(m.dst, r->to, 4);
		m.proto = r->proto;
		m.sport = r->sport;
		m.dport = r->dport;
		assert_int_equal(capture_payload(by_payload, &m, pl, n, ts, &err), VS_OK);
	}
	capture_flush(by_frame);
	assert_int_equal(capture_get_stats(by_frame)->undecoded, 0);
	size_t nd = capture_device_count(by_frame);
	/* ssdp, sadp's sender and the device it names, http, routed, icmp */
	assert_int_equal(nd, 6);
	assert_int_equal(capture_device_count(by_payload), nd);
	for (size_t i = 0; i < nd; i++) {
		char what[32];
		snprintf(what, sizeof(what), "device %zu", i);
		same_sighting(what, capture_device(by_frame, i), capture_device(by_payload, i));
	}
	/* What the dissectors found, so the comparison is not of two empty tables. */
	bool ssdp = false, sadp = false, http = false, routed = false;
	for (size_t i = 0; i < nd; i++) {
		const struct sighting *s = capture_device(by_payload, i);
		ssdp |= s->has_mac && sighting_value(s, "ssdp", "server") &&
			s->obs[0].first_us != s->obs[0].last_us;
		sadp |= s->has_mac && s->mac[0] == 0xc0 && s->mac[5] == 0x5c &&
			sighting_value(s, "sadp", "oem") && sighting_has_addr(s, "10.9.0.8");
		http |= s->has_mac && sighting_value(s, "http", "realm") != NULL;
		routed |= !s->has_mac && sighting_has_addr(s, "10.30.0.20") &&
			  sighting_value(s, "http", "server") != NULL;
	}
	assert_true(ssdp && sadp && http && routed);
	capture_free(by_frame);
	capture_free(by_payload);
}

/* A public target (scan --allow-public): its reply is the device's, where
 * the same frame in a capture is an internet server's and nobody's here. */
static void test_public_target(void **state)
{
	(void)state;
	struct capture *c = capture_new();
	assert_non_null(c);
	struct vs_error err = {0};
	struct capture_l4 m;
	memset(&m, 0, sizeof(m));
	const uint8_t from[4] = {203, 0, 113, 5}, to[4] = {10, 9, 0, 2};
	memcpy(m.src, from, 4);
	memcpy(m.dst, to, 4);
	m.proto = IPPROTO_TCP;
	m.sport = 80;
	m.dport = 51002;
	assert_int_equal(capture_payload(c, &m, (const uint8_t *)HTTP, strlen(HTTP), 1, &err), VS_OK);
	assert_int_equal(capture_device_count(c), 1);
	const struct sighting *s = capture_device(c, 0);
	assert_false(s->has_mac);
	assert_true(sighting_has_addr(s, "203.0.113.5"));
	assert_string_equal(sighting_value(s, "http", "server"), "App-webs/");
	assert_int_equal(s->n_peers, 0);
	capture_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payload_as_frame),
		cmocka_unit_test(test_public_target),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
