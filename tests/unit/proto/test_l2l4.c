#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proto/arp.h"
#include "proto/eth.h"
#include "proto/ip.h"
#include "proto/l4.h"

static void eth_qinq_ipv4(void **state)
{
	(void)state;
	const uint8_t f[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc0, 0x56, 0xe3, 0x01, 0x02, 0x03,
		0x88, 0xa8, 0x00, 0x64, /* S-tag VID 100 */
		0x81, 0x00, 0xa0, 0x0a, /* C-tag PCP 5 VID 10 */
		0x08, 0x00, 0x45, 0x00};
	struct proto_eth e;
	assert_int_equal(proto_eth_parse(f, sizeof(f), &e), VS_OK);
	assert_int_equal(e.n_tags, 2);
	assert_int_equal(e.vid[0], 100);
	assert_int_equal(e.tpid[0], 0x88a8);
	assert_int_equal(e.vid[1], 10);
	assert_int_equal(e.pcp[1], 5);
	assert_int_equal(e.ethertype, 0x0800);
	assert_int_equal(e.src[0], 0xc0);
	assert_int_equal(e.payload.len, 2);
	assert_int_equal(e.payload.p[0], 0x45);
}

static void eth_three_tags_refused_and_truncation(void **state)
{
	(void)state;
	const uint8_t f[] = {1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6,
			     0x81, 0, 0, 1, 0x81, 0, 0, 2, 0x81, 0, 0, 3, 0x08, 0};
	struct proto_eth e;
	assert_int_equal(proto_eth_parse(f, sizeof(f), &e), VS_EBADVAL);
	for (size_t n = 0; n < 14; n++)
		assert_int_equal(proto_eth_parse(f, n, &e), VS_ETRUNC);
	assert_int_equal(proto_eth_parse(f, 15, &e), VS_ETRUNC); /* inside a tag */
}

static void eth_8023_snap_cdp(void **state)
{
	(void)state;
	const uint8_t f[] = {0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc, 0x00, 0x1b, 0x0c, 1, 2, 3,
			     0x00, 0x0a, 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00,
			     0x02, 0xb4, 0x00, 0x00 /* padding beyond the length */};
	struct proto_eth e;
	assert_int_equal(proto_eth_parse(f, sizeof(f), &e), VS_OK);
	assert_true(e.llc);
	assert_true(e.snap);
	assert_int_equal(e.snap_oui, 0x00000c);
	assert_int_equal(e.snap_pid, 0x2000);
	assert_int_equal(e.payload.len, 2);
	assert_int_equal(e.payload.p[0], 0x02);
}

static void mac_local_bit(void **state)
{
	(void)state;
	const uint8_t rnd[6] = {0xda, 0xa1, 0x19, 1, 2, 3}, oui[6] = {0xc0, 0x56, 0xe3, 1, 2, 3};
	const uint8_t mcast[6] = {0x03, 0, 0, 0, 0, 1};
	assert_true(proto_mac_is_local(rnd));
	assert_false(proto_mac_is_local(oui));
	assert_false(proto_mac_is_local(mcast));
}

static void arp_reply(void **state)
{
	(void)state;
	const uint8_t a[] = {0, 1, 8, 0, 6, 4, 0, 2, 0xbc, 0xad, 0x28, 9, 8, 7, 192, 168, 1, 64,
			     1, 2, 3, 4, 5, 6, 192, 168, 1, 1};
	struct proto_arp r;
	assert_int_equal(proto_arp_parse(a, sizeof(a), &r), VS_OK);
	assert_int_equal(r.op, 2);
	assert_int_equal(r.sha[1], 0xad);
	assert_int_equal(r.spa[3], 64);
	assert_int_equal(r.tpa[3], 1);
	assert_int_equal(proto_arp_parse(a, sizeof(a) - 1, &r), VS_ETRUNC);
	uint8_t b[sizeof(a)];
	memcpy(b, a, sizeof(a));
	b[4] = 8; /* hlen 8 */
	assert_int_equal(proto_arp_parse(b, sizeof(b), &r), VS_EBADVAL);
}

static const uint8_t v4_udp[] = {
	0x46, 0x00, 0x00, 0x24, 0x12, 0x34, 0x20, 0x00, 64, 17, 0, 0, 10, 0, 0, 5, 239, 255, 255, 250,
	0x94, 0x04, 0x00, 0x00, /* router alert (len 4) */
	0x94, 0x1c, 0x94, 0x1c, 0x00, 0x0c, 0x00, 0x00, 'a', 'b', 'c', 'd',
	0xee, 0xee /* Ethernet padding */};

static void ipv4_options_fragment_udp(void **state)
{
	(void)state;
	struct proto_ipv4 ip;
	assert_int_equal(proto_ipv4_parse(v4_udp, sizeof(v4_udp), &ip), VS_OK);
	assert_int_equal(ip.ihl, 24);
	assert_int_equal(ip.n_options, 1);
	assert_true(ip.mf);
	assert_true(ip.fragment);
	assert_int_equal(ip.frag_off, 0);
	assert_int_equal(ip.proto, 17);
	assert_int_equal(ip.dst[0], 239);
	assert_int_equal(ip.payload.len, 12);
	struct proto_udp u;
	assert_int_equal(proto_udp_parse(ip.payload.p, ip.payload.len, &u), VS_OK);
	assert_int_equal(u.sport, 37916);
	assert_int_equal(u.dport, 37916);
	assert_int_equal(u.payload.len, 4);
	assert_memory_equal(u.payload.p, "abcd", 4);
	assert_int_equal(proto_udp_parse(ip.payload.p, 11, &u), VS_ETRUNC);
	assert_int_equal(proto_ipv4_parse(v4_udp, 30, &ip), VS_ETRUNC);
	uint8_t bad[sizeof(v4_udp)];
	memcpy(bad, v4_udp, sizeof(bad));
	bad[21] = 1; /* option length 1 < 2 */
	assert_int_equal(proto_ipv4_parse(bad, sizeof(bad), &ip), VS_EBADVAL);
	bad[21] = 4;
	bad[0] = 0x44; /* IHL 16 bytes */
	assert_int_equal(proto_ipv4_parse(bad, sizeof(bad), &ip), VS_EBADVAL);
}

static void ipv6_ext_headers(void **state)
{
	(void)state;
	uint8_t p[40 + 8 + 8 + 8] = {0x60, 0x00, 0x00, 0x01, 0x00, 24, 0 /* hop-by-hop */, 255};
	p[8] = 0xfe;
	p[9] = 0x80;
	p[24] = 0xff;
	p[25] = 0x02;
	p[39] = 0xfb;
	p[40] = 44; /* hop-by-hop -> fragment */
	p[41] = 0;
	p[48] = 17; /* fragment -> UDP, offset 0, M=1 */
	p[50] = 0x00;
	p[51] = 0x01;
	p[56] = 0x14;
	p[57] = 0xe9;
	struct proto_ipv6 ip;
	assert_int_equal(proto_ipv6_parse(p, sizeof(p), &ip), VS_OK);
	assert_int_equal(ip.next_header, 17);
	assert_int_equal(ip.n_ext, 2);
	assert_true(ip.fragment);
	assert_true(ip.mf);
	assert_int_equal(ip.flow_label, 1);
	assert_int_equal(ip.hop_limit, 255);
	assert_int_equal(ip.payload.len, 8);
	assert_int_equal(ip.payload.p[1], 0xe9);
	assert_int_equal(ip.dst[15], 0xfb);
	assert_int_equal(proto_ipv6_parse(p, 50, &ip), VS_ETRUNC);
	p[41] = 9; /* hop-by-hop claims 80 bytes inside a 24-byte payload */
	assert_int_equal(proto_ipv6_parse(p, sizeof(p), &ip), VS_EBADVAL);
}

static void ipv6_ext_chain_is_bounded(void **state)
{
	(void)state;
	uint8_t p[40 + 8 * 10] = {0x60, 0, 0, 0, 0, 80, 60, 64};
	for (int i = 0; i < 10; i++)
		p[40 + 8 * i] = 60; /* destination options, forever */
	struct proto_ipv6 ip;
	assert_int_equal(proto_ipv6_parse(p, sizeof(p), &ip), VS_EBADVAL);
}

static void tcp_syn_options(void **state)
{
	(void)state;
	const uint8_t t[] = {0xc3, 0x50, 0x01, 0xbb, 0, 0, 0, 1, 0, 0, 0, 0, 0xa0, 0x02, 0xfa, 0xf0,
			     0, 0, 0, 0, 2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 9,
			     0, 0, 0, 0, 'G', 'E'};
	struct proto_tcp tc;
	assert_int_equal(proto_tcp_parse(t, sizeof(t), &tc), VS_OK);
	assert_int_equal(tc.sport, 50000);
	assert_int_equal(tc.dport, 443);
	assert_int_equal(tc.flags, PROTO_TCP_SYN);
	assert_int_equal(tc.hlen, 40);
	assert_int_equal(tc.mss, 1460);
	assert_int_equal(tc.wscale, 7);
	assert_true(tc.sack_ok);
	assert_true(tc.has_ts);
	assert_int_equal(tc.ts_val, 9);
	assert_int_equal(tc.n_opts, 5);
	assert_int_equal(tc.opt_kinds[1], 1);
	assert_int_equal(tc.payload.len, 2);
	assert_int_equal(proto_tcp_parse(t, 25, &tc), VS_ETRUNC);
	uint8_t bad[sizeof(t)];
	memcpy(bad, t, sizeof(t));
	bad[21] = 0; /* MSS option length 0 */
	assert_int_equal(proto_tcp_parse(bad, sizeof(bad), &tc), VS_EBADVAL);
	bad[21] = 40; /* runs past the header */
	assert_int_equal(proto_tcp_parse(bad, sizeof(bad), &tc), VS_EBADVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eth_qinq_ipv4),
		cmocka_unit_test(eth_three_tags_refused_and_truncation),
		cmocka_unit_test(eth_8023_snap_cdp),
		cmocka_unit_test(mac_local_bit),
		cmocka_unit_test(arp_reply),
		cmocka_unit_test(ipv4_options_fragment_udp),
		cmocka_unit_test(ipv6_ext_headers),
		cmocka_unit_test(ipv6_ext_chain_is_bounded),
		cmocka_unit_test(tcp_syn_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
