#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proto/dhcp.h"
#include "proto/dns.h"

static size_t build_dhcp(uint8_t *b, const uint8_t *opts, size_t olen)
{
	memset(b, 0, 240);
	b[0] = 1;
	b[1] = 1;
	b[2] = 6;
	b[4] = 0xde;
	b[5] = 0xad;
	b[6] = 0xbe;
	b[7] = 0xef;
	const uint8_t mac[6] = {0x80, 0x5e, 0xc0, 0x11, 0x22, 0x33};
	memcpy(b + 28, mac, 6);
	b[236] = 0x63;
	b[237] = 0x82;
	b[238] = 0x53;
	b[239] = 0x63;
	memcpy(b + 240, opts, olen);
	return 240 + olen;
}

static void dhcp_discover_options(void **state)
{
	(void)state;
	const uint8_t opts[] = {53, 1, 1, 0, 12, 5, 'T', '4', '6', 'S', 'x', 60, 7, 'y', 'e', 'a', 'l', 'i', 'n', 'k',
				55, 4, 1, 3, 6, 43, 61, 7, 1, 0x80, 0x5e, 0xc0, 0x11, 0x22, 0x33,
				81, 6, 0x01, 0, 0, 'p', 'c', '1', 50, 4, 10, 0, 0, 9, 12, 2, 'z', 'z', 255};
	uint8_t b[400];
	size_t n = build_dhcp(b, opts, sizeof(opts));
	struct proto_dhcp d;
	assert_int_equal(proto_dhcp_parse(b, n, &d), VS_OK);
	assert_int_equal(d.xid, 0xdeadbeefu);
	assert_true(d.has_mac);
	assert_int_equal(d.chaddr[0], 0x80);
	assert_int_equal(d.msg_type, 1);
	assert_true(slice_eq(d.hostname, "T46Sx")); /* the repeated option 12 is ignored */
	assert_true(slice_eq(d.vendor_class, "yealink"));
	assert_int_equal(d.params.len, 4);
	assert_int_equal(d.params.p[3], 43);
	assert_int_equal(d.client_id.len, 7);
	assert_int_equal(d.client_id.p[0], 1);
	assert_true(d.has_fqdn);
	assert_false(d.fqdn_wire);
	assert_true(slice_eq(d.fqdn_name, "pc1"));
	assert_true(d.has_requested_ip);
	assert_int_equal(d.requested_ip[3], 9);
	assert_int_equal(d.n_options, 8);
	/* Every truncation either parses the options so far or says ETRUNC. */
	assert_int_equal(proto_dhcp_parse(b, 239, &d), VS_ETRUNC);
	assert_int_equal(proto_dhcp_parse(b, 240 + 6, &d), VS_ETRUNC);
	assert_int_equal(proto_dhcp_parse(b, 240 + 4, &d), VS_OK);
	b[236] = 0;
	assert_int_equal(proto_dhcp_parse(b, n, &d), VS_EBADVAL);
}

static void dhcp_overload_is_recorded_not_followed(void **state)
{
	(void)state;
	const uint8_t opts[] = {52, 1, 3, 53, 1, 3};
	uint8_t b[300];
	size_t n = build_dhcp(b, opts, sizeof(opts));
	b[44] = 12; /* sname would hold options */
	struct proto_dhcp d;
	assert_int_equal(proto_dhcp_parse(b, n, &d), VS_OK);
	assert_int_equal(d.overload, 3);
	assert_int_equal(d.msg_type, 3);
	assert_null(d.hostname.p);
}

/* Response for dev.hik-connect.com: CNAME then A, both compressed. */
static const uint8_t dns_resp[] = {
	0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
	3, 'd', 'e', 'v', 11, 'h', 'i', 'k', '-', 'c', 'o', 'n', 'n', 'e', 'c', 't', 3, 'c', 'o', 'm', 0,
	0, 1, 0, 1,
	0xc0, 12, 0, 5, 0, 1, 0, 0, 0x0e, 0x10, 0, 6, 3, 'a', 'p', 'i', 0xc0, 16,
	0xc0, 49, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 47, 96, 1, 2};

static void dns_compressed_answers(void **state)
{
	(void)state;
	static struct proto_dns d;
	assert_int_equal(proto_dns_parse(dns_resp, sizeof(dns_resp), &d), VS_OK);
	assert_true(d.response);
	assert_int_equal(d.id, 0x1234);
	assert_int_equal(d.n_q, 1);
	assert_string_equal(d.q[0].name, "dev.hik-connect.com");
	assert_int_equal(d.n_rr, 2);
	assert_int_equal(d.rr[0].type, PROTO_DNS_CNAME);
	assert_string_equal(d.rr[0].target, "api.hik-connect.com");
	assert_int_equal(d.rr[0].ttl, 3600);
	assert_string_equal(d.rr[1].name, "api.hik-connect.com");
	assert_int_equal(d.rr[1].addr[0], 47);
	assert_int_equal(d.rr[1].addr[3], 2);
	for (size_t n = 0; n < sizeof(dns_resp); n++)
		assert_int_equal(proto_dns_parse(dns_resp, n, &d), VS_ETRUNC);
}

static void dns_pointer_loops_refused(void **state)
{
	(void)state;
	static struct proto_dns d;
	/* The question name points at itself. */
	const uint8_t self[] = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1};
	assert_int_equal(proto_dns_parse(self, sizeof(self), &d), VS_EBADVAL);
	/* A forward pointer. */
	const uint8_t fwd[] = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 16, 0, 1, 1, 'a', 0};
	assert_int_equal(proto_dns_parse(fwd, sizeof(fwd), &d), VS_EBADVAL);
	/* Label type 01 is reserved. */
	const uint8_t ext[] = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, 0, 0, 1, 0, 1};
	assert_int_equal(proto_dns_parse(ext, sizeof(ext), &d), VS_EBADVAL);
	/* The declared count is a claim: 65535 questions in 18 bytes end at the data. */
	const uint8_t many[] = {0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1};
	assert_int_equal(proto_dns_parse(many, sizeof(many), &d), VS_ETRUNC);
	assert_int_equal(d.n_q, 1);
	assert_string_equal(d.q[0].name, ".");
}

/* mDNS DNS-SD: PTR _CGI._tcp.local -> instance, SRV, TXT. */
static const uint8_t mdns[] = {
	0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 2,
	4, '_', 'C', 'G', 'I', 4, '_', 't', 'c', 'p', 5, 'l', 'o', 'c', 'a', 'l', 0,
	0, 12, 0, 1, 0, 0, 0x11, 0x94, 0, 14, 11, 'H', 'I', 'K', ' ', 'D', 'S', '-', '2', '.', 'x', 'y', 0xc0, 12,
	0xc0, 39, 0, 33, 0x80, 1, 0, 0, 0, 120, 0, 14, 0, 0, 0, 0, 0, 80, 5, 'h', 'o', 's', 't', '1', 0xc0, 22,
	0xc0, 39, 0, 16, 0x80, 1, 0, 0, 0, 120, 0, 8, 3, 'a', '=', '1', 3, 'b', '=', '2'};

static void mdns_dnssd_records(void **state)
{
	(void)state;
	static struct proto_dns d;
	assert_int_equal(proto_dns_parse(mdns, sizeof(mdns), &d), VS_OK);
	assert_int_equal(d.n_rr, 3);
	assert_int_equal(d.rr[0].type, PROTO_DNS_PTR);
	assert_string_equal(d.rr[0].target, "HIK DS-2\\046xy._CGI._tcp.local");
	assert_int_equal(d.rr[1].section, PROTO_DNS_AR);
	assert_int_equal(d.rr[1].type, PROTO_DNS_SRV);
	assert_int_equal(d.rr[1].class, 0x8001);
	assert_int_equal(d.rr[1].srv_port, 80);
	assert_string_equal(d.rr[1].target, "host1.local");
	assert_string_equal(d.rr[1].name, d.rr[0].target);
	struct cur t = cur_make(d.rr[2].rdata.p, d.rr[2].rdata.len);
	struct slice s;
	assert_true(proto_dns_txt_next(&t, &s));
	assert_true(slice_eq(s, "a=1"));
	assert_true(proto_dns_txt_next(&t, &s));
	assert_true(slice_eq(s, "b=2"));
	assert_false(proto_dns_txt_next(&t, &s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dhcp_discover_options),
		cmocka_unit_test(dhcp_overload_is_recorded_not_followed),
		cmocka_unit_test(dns_compressed_answers),
		cmocka_unit_test(dns_pointer_loops_refused),
		cmocka_unit_test(mdns_dnssd_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
