/*
 * Runs the dissectors over the generated site capture
 * (tests/fixtures/pcap/site.pcap, from tests/tools/pcapgen) and checks the
 * facts each device's frames carry, so the fixtures and the dissectors agree
 * before the capture module is built on them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "proto/dhcp.h"
#include "proto/dhip.h"
#include "proto/dns.h"
#include "proto/eth.h"
#include "proto/http.h"
#include "proto/ip.h"
#include "proto/l4.h"
#include "proto/lldp.h"
#include "proto/rtsp.h"
#include "proto/sadp.h"
#include "proto/sip.h"
#include "proto/snmp.h"
#include "proto/ssdp.h"
#include "proto/tls.h"
#include "proto/wsd.h"
#include "proto/xm.h"

struct seen {
	int sadp, dhip, xm, wsd, ssdp, dhcp, sip, lldp, snmp, dns, tls, http, rtsp, frames;
	bool amcrest, lts, random_mac_dhcp;
};

static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static uint8_t buf[65536];
	*n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

static void udp_payload(uint16_t sport, uint16_t dport, struct slice pl, const uint8_t *src_mac, struct seen *s)
{
	if (dport == 37020 || sport == 37020) {
		static struct proto_sadp sp;
		assert_int_equal(proto_sadp_parse(pl.p, pl.len, &sp), VS_OK);
		assert_int_equal(sp.kind, PROTO_SADP_PROBE_MATCH);
		if (strcmp(sp.oem_info, "LTS") == 0) {
			assert_string_equal(sp.device_description, "LTN8708K-P8");
			s->lts = true;
		} else {
			assert_string_equal(sp.device_description, "DS-2CD2143G2-I");
			assert_string_equal(sp.mac, "c0-56-e3-3a-4b-5c");
		}
		s->sadp++;
	} else if (dport == 37810) {
		static struct proto_dhip d;
		assert_int_equal(proto_dhip_parse(pl.p, pl.len, &d), VS_OK);
		assert_string_equal(d.method, "client.notifyDevInfo");
		if (strcmp(d.vendor, "Amcrest") == 0) {
			assert_string_equal(d.device_type, "IP4M-1041B");
			s->amcrest = true;
		} else {
			assert_string_equal(d.vendor, "General");
			assert_string_equal(d.serial_no, "6G0ABCDPAG12345");
		}
		s->dhip++;
	} else if (dport == 34569 || sport == 34569) {
		static struct proto_xm x;
		assert_int_equal(proto_xm_parse(pl.p, pl.len, &x), VS_OK);
		if (x.msg_id == PROTO_XM_SEARCH_REPLY) {
			assert_string_equal(x.device_type, "DVR");
			assert_true(x.has_host_ip);
			assert_int_equal(x.host_ip[3], 15);
		}
		s->xm++;
	} else if (dport == 3702 || sport == 3702) {
		static struct proto_wsd w;
		assert_int_equal(proto_wsd_parse(pl.p, pl.len, &w), VS_OK);
		struct slice name = proto_wsd_onvif_scope(w.scopes, "name");
		assert_true(slice_eq(name, w.kind == PROTO_WSD_HELLO ? "AXIS" : "Bosch"));
		s->wsd++;
	} else if (dport == 1900) {
		struct proto_ssdp sd;
		assert_int_equal(proto_ssdp_parse(pl.p, pl.len, &sd), VS_OK);
		assert_true(slice_eq(sd.server, "Linux/4.14, UPnP/1.0, AXIS M3106-L Mk II/10.12.153"));
		s->ssdp++;
	} else if (dport == 67) {
		struct proto_dhcp d;
		assert_int_equal(proto_dhcp_parse(pl.p, pl.len, &d), VS_OK);
		assert_memory_equal(d.chaddr, src_mac, 6);
		if (proto_mac_is_local(src_mac)) {
			assert_true(slice_eq(d.vendor_class, "android-dhcp-14"));
			s->random_mac_dhcp = true;
		} else {
			assert_true(slice_eq(d.vendor_class, "yealink"));
			assert_true(slice_eq(d.hostname, "SIP-T46S"));
		}
		s->dhcp++;
	} else if (dport == 5060) {
		struct proto_sip sp;
		assert_int_equal(proto_sip_parse(pl.p, pl.len, &sp), VS_OK);
		assert_true(slice_eq(sp.user_agent, "Yealink SIP-T46S 66.86.0.15"));
		s->sip++;
	} else if (sport == 161) {
		static struct proto_snmp sn;
		assert_int_equal(proto_snmp_parse(pl.p, pl.len, &sn), VS_OK);
		char oid[64];
		assert_int_equal(proto_ber_oid_text(sn.sys_object_id, oid, sizeof(oid)), VS_OK);
		assert_string_equal(oid, "1.3.6.1.4.1.2011.2.224.67");
		assert_true(sn.sys_descr.len > 20);
		s->snmp++;
	} else if (sport == 53 || dport == 53) {
		static struct proto_dns d;
		assert_int_equal(proto_dns_parse(pl.p, pl.len, &d), VS_OK);
		assert_string_equal(d.q[0].name, "dev.hik-connect.com");
		if (d.response) {
			assert_int_equal(d.rr[0].addr[0], 47);
			assert_int_equal(d.rr[0].addr[1], 96);
		}
		s->dns++;
	} else {
		fail_msg("unexpected UDP port %u -> %u", sport, dport);
	}
}

static void tcp_payload(uint16_t sport, uint16_t dport, struct slice pl, struct seen *s)
{
	if (dport == 443) {
		struct proto_tls t;
		assert_int_equal(proto_tls_parse(pl.p, pl.len, &t), VS_OK);
		assert_true(slice_eq(t.sni, "dev.hik-connect.com"));
		s->tls++;
	} else if (sport == 80) {
		static struct proto_http m;
		assert_int_equal(proto_http_parse(pl.p, pl.len, &m), VS_OK);
		assert_true(slice_eq(proto_http_auth_realm(proto_http_header(&m, "WWW-Authenticate")),
				     "IP Camera(C2183)"));
		s->http++;
	} else if (sport == 554) {
		struct proto_rtsp r;
		assert_int_equal(proto_rtsp_parse(pl.p, pl.len, &r), VS_OK);
		assert_true(slice_eq(r.realm, "Login to 6G0ABCDPAG12345"));
		s->rtsp++;
	} else {
		fail_msg("unexpected TCP port %u -> %u", sport, dport);
	}
}

static void site_capture_facts(void **state)
{
	(void)state;
	size_t n;
	const uint8_t *buf = slurp(VS_TEST_SRCDIR "/tests/fixtures/pcap/site.pcap", &n);
	struct cur c = cur_make(buf, n);
	assert_int_equal(cur_le32(&c), 0xa1b2c3d4u);
	cur_skip(&c, 16);
	assert_int_equal(cur_le32(&c), 1); /* LINKTYPE_ETHERNET */
	struct seen s = {0};
	while (!cur_eof(&c)) {
		cur_skip(&c, 8);
		uint32_t caplen = cur_le32(&c);
		cur_skip(&c, 4);
		struct slice f = cur_bytes(&c, caplen);
		assert_false(c.bad);
		s.frames++;
		struct proto_eth e;
		assert_int_equal(proto_eth_parse(f.p, f.len, &e), VS_OK);
		if (e.ethertype == PROTO_ETHERTYPE_LLDP) {
			struct proto_lldp l;
			assert_int_equal(proto_lldp_parse(e.payload.p, e.payload.len, &l), VS_OK);
			assert_true(slice_eq(l.sys_name, "AR1220"));
			s.lldp++;
			continue;
		}
		assert_int_equal(e.ethertype, PROTO_ETHERTYPE_IPV4);
		struct proto_ipv4 ip;
		assert_int_equal(proto_ipv4_parse(e.payload.p, e.payload.len, &ip), VS_OK);
		if (ip.proto == PROTO_IP_UDP) {
			struct proto_udp u;
			assert_int_equal(proto_udp_parse(ip.payload.p, ip.payload.len, &u), VS_OK);
			udp_payload(u.sport, u.dport, u.payload, e.src, &s);
		} else {
			struct proto_tcp t;
			assert_int_equal(ip.proto, PROTO_IP_TCP);
			assert_int_equal(proto_tcp_parse(ip.payload.p, ip.payload.len, &t), VS_OK);
			tcp_payload(t.sport, t.dport, t.payload, &s);
		}
	}
	assert_int_equal(s.frames, 19);
	assert_int_equal(s.sadp, 2);
	assert_true(s.lts);
	assert_int_equal(s.dhip, 2);
	assert_true(s.amcrest);
	assert_int_equal(s.xm, 2);
	assert_int_equal(s.wsd, 2);
	assert_int_equal(s.ssdp, 1);
	assert_int_equal(s.dhcp, 2);
	assert_true(s.random_mac_dhcp);
	assert_int_equal(s.sip, 1);
	assert_int_equal(s.lldp, 1);
	assert_int_equal(s.snmp, 1);
	assert_int_equal(s.dns, 2);
	assert_int_equal(s.tls, 1);
	assert_int_equal(s.http, 1);
	assert_int_equal(s.rtsp, 1);
}

/* Every dissector that could see this payload, results ignored: only memory safety is judged. */
static void any_payload(struct slice pl)
{
	static struct proto_sadp sp;
	static struct proto_dhip dh;
	static struct proto_xm xm;
	static struct proto_wsd w;
	static struct proto_dns d;
	static struct proto_snmp sn;
	static struct proto_http m;
	struct proto_ssdp sd;
	struct proto_dhcp dc;
	struct proto_sip si;
	struct proto_rtsp rt;
	struct proto_tls t;
	proto_sadp_parse(pl.p, pl.len, &sp);
	proto_dhip_parse(pl.p, pl.len, &dh);
	proto_xm_parse(pl.p, pl.len, &xm);
	proto_wsd_parse(pl.p, pl.len, &w);
	proto_dns_parse(pl.p, pl.len, &d);
	proto_snmp_parse(pl.p, pl.len, &sn);
	proto_http_parse(pl.p, pl.len, &m);
	proto_ssdp_parse(pl.p, pl.len, &sd);
	proto_dhcp_parse(pl.p, pl.len, &dc);
	proto_sip_parse(pl.p, pl.len, &si);
	proto_rtsp_parse(pl.p, pl.len, &rt);
	proto_tls_parse(pl.p, pl.len, &t);
}

/* As tcpdump's tests do: every frame again at every truncation length. */
static void site_capture_every_truncation(void **state)
{
	(void)state;
	size_t n;
	const uint8_t *buf = slurp(VS_TEST_SRCDIR "/tests/fixtures/pcap/site.pcap", &n);
	struct cur c = cur_make(buf, n);
	cur_skip(&c, 24);
	unsigned frames = 0;
	while (!cur_eof(&c)) {
		cur_skip(&c, 8);
		uint32_t caplen = cur_le32(&c);
		cur_skip(&c, 4);
		struct slice f = cur_bytes(&c, caplen);
		assert_false(c.bad);
		frames++;
		struct proto_eth full;
		assert_int_equal(proto_eth_parse(f.p, f.len, &full), VS_OK);
		size_t ip_end = 0;
		if (full.ethertype == PROTO_ETHERTYPE_IPV4)
			ip_end = 14 + ((size_t)full.payload.p[2] << 8 | full.payload.p[3]);
		for (size_t k = 0; k < f.len; k++) {
			/* A copy of exactly k bytes, so ASan sees any read past the end. */
			uint8_t *cut = malloc(k ? k : 1);
			memcpy(cut, f.p, k);
			struct proto_eth e;
			enum vs_err r = proto_eth_parse(cut, k, &e);
			assert_int_equal(r, k < 14 ? VS_ETRUNC : VS_OK);
			if (r == VS_OK && e.ethertype == PROTO_ETHERTYPE_LLDP) {
				struct proto_lldp l;
				proto_lldp_parse(e.payload.p, e.payload.len, &l);
			} else if (r == VS_OK && e.ethertype == PROTO_ETHERTYPE_IPV4) {
				struct proto_ipv4 ip;
				r = proto_ipv4_parse(e.payload.p, e.payload.len, &ip);
				assert_int_equal(r, k < ip_end ? VS_ETRUNC : VS_OK);
				if (k >= 14 + 20) {
					struct proto_udp u;
					struct proto_tcp t;
					if (ip.proto == PROTO_IP_UDP) {
						proto_udp_parse(ip.payload.p, ip.payload.len, &u);
						any_payload(u.payload);
					} else if (proto_tcp_parse(ip.payload.p, ip.payload.len, &t) == VS_OK) {
						any_payload(t.payload);
					}
				}
			}
			free(cut);
		}
	}
	assert_int_equal(frames, 19);
}

/* site.pcapng (SHB, IDB, EPBs) holds the same frames as site.pcap, in order. */
static void pcapng_matches_pcap(void **state)
{
	(void)state;
	size_t n1, n2;
	static uint8_t a[65536];
	const uint8_t *tmp = slurp(VS_TEST_SRCDIR "/tests/fixtures/pcap/site.pcap", &n1);
	memcpy(a, tmp, n1);
	const uint8_t *b = slurp(VS_TEST_SRCDIR "/tests/fixtures/pcap/site.pcapng", &n2);
	struct cur pc = cur_make(a, n1), ng = cur_make(b, n2);
	cur_skip(&pc, 24);
	assert_int_equal(cur_le32(&ng), 0x0a0d0d0au);
	uint32_t shb_len = cur_le32(&ng);
	assert_int_equal(cur_le32(&ng), 0x1a2b3c4du);
	cur_skip(&ng, shb_len - 12);
	assert_int_equal(cur_le32(&ng), 1); /* IDB */
	uint32_t idb_len = cur_le32(&ng);
	assert_int_equal(cur_le16(&ng), 1); /* LINKTYPE_ETHERNET */
	cur_skip(&ng, idb_len - 10);
	unsigned frames = 0;
	while (!cur_eof(&ng)) {
		assert_int_equal(cur_le32(&ng), 6); /* EPB */
		uint32_t blen = cur_le32(&ng);
		cur_skip(&ng, 12);
		uint32_t caplen = cur_le32(&ng);
		cur_skip(&ng, 4);
		struct slice f2 = cur_bytes(&ng, caplen);
		cur_skip(&ng, blen - 28 - caplen);
		cur_skip(&pc, 8);
		uint32_t caplen1 = cur_le32(&pc);
		cur_skip(&pc, 4);
		struct slice f1 = cur_bytes(&pc, caplen1);
		assert_false(ng.bad);
		assert_false(pc.bad);
		assert_int_equal(caplen, caplen1);
		assert_memory_equal(f1.p, f2.p, caplen);
		frames++;
	}
	assert_true(cur_eof(&pc));
	assert_int_equal(frames, 19);
}

/* An empty payload may arrive as (NULL, 0): no dissector may form NULL + 0. */
static void empty_payloads(void **state)
{
	(void)state;
	struct proto_eth e;
	struct proto_ipv4 v4;
	struct proto_ipv6 v6;
	struct proto_udp u;
	struct proto_tcp t;
	struct proto_dhcp dc;
	struct proto_lldp l;
	struct proto_cdp cd;
	struct proto_tls tl;
	struct proto_ssdp sd;
	static struct proto_dns d;
	static struct proto_http m;
	static struct proto_snmp sn;
	static struct proto_dhip dh;
	static struct proto_xm x;
	static struct proto_sadp sp;
	static struct proto_wsd w;
	assert_int_equal(proto_eth_parse(NULL, 0, &e), VS_ETRUNC);
	assert_int_equal(proto_ipv4_parse(NULL, 0, &v4), VS_ETRUNC);
	assert_int_equal(proto_ipv6_parse(NULL, 0, &v6), VS_ETRUNC);
	assert_int_equal(proto_udp_parse(NULL, 0, &u), VS_ETRUNC);
	assert_int_equal(proto_tcp_parse(NULL, 0, &t), VS_ETRUNC);
	assert_int_equal(proto_dhcp_parse(NULL, 0, &dc), VS_ETRUNC);
	assert_int_equal(proto_lldp_parse(NULL, 0, &l), VS_ETRUNC);
	assert_int_equal(proto_cdp_parse(NULL, 0, &cd), VS_ETRUNC);
	assert_int_equal(proto_tls_parse(NULL, 0, &tl), VS_ETRUNC);
	assert_int_equal(proto_dns_parse(NULL, 0, &d), VS_ETRUNC);
	assert_int_equal(proto_http_parse(NULL, 0, &m), VS_ETRUNC);
	assert_int_equal(proto_ssdp_parse(NULL, 0, &sd), VS_ETRUNC);
	struct proto_rtsp rt;
	assert_int_equal(proto_rtsp_parse(NULL, 0, &rt), VS_ETRUNC);
	struct proto_sip si;
	assert_int_equal(proto_sip_parse(NULL, 0, &si), VS_ETRUNC);
	assert_int_equal(proto_snmp_parse(NULL, 0, &sn), VS_ETRUNC);
	assert_int_equal(proto_dhip_parse(NULL, 0, &dh), VS_ETRUNC);
	assert_int_equal(proto_xm_parse(NULL, 0, &x), VS_ETRUNC);
	assert_int_equal(proto_sadp_parse(NULL, 0, &sp), VS_EBADVAL);
	assert_int_equal(proto_wsd_parse(NULL, 0, &w), VS_EBADVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(site_capture_facts),
		cmocka_unit_test(site_capture_every_truncation),
		cmocka_unit_test(empty_payloads),
		cmocka_unit_test(pcapng_matches_pcap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
