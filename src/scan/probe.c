/*
 * Request bytes for each probe, from the documented formats (see
 * ../shared/research/protocols.md and the dissectors in proto/, which
 * read the replies): the same layouts tests/tools/pcapgen writes.
 */
#include "scan/probe.h"

#include <stdio.h>
#include <string.h>

#include "scan/gate.h"
#include "scan/scope.h"

const struct probe_def probe_defs[PROBE_COUNT] = {
	{PROBE_ARP, "arp", PROBE_T_RAW, 0, 1, 0, "ARP who-has on the local segment (root)"},
	{PROBE_ICMP, "icmp", PROBE_T_ICMP, 0, 1, 0, "ICMP echo"},
	{PROBE_SADP, "sadp", PROBE_T_UDP, 37020, 1, GATE_MC_SSDP, "Hikvision SADP inquiry, UDP 37020"},
	{PROBE_DHIP, "dhip", PROBE_T_UDP, 37810, 1, GATE_MC_DHIP, "Dahua DHIP search, UDP 37810"},
	{PROBE_DHIP5050, "dhip5050", PROBE_T_UDP, 5050, 1, GATE_BCAST, "Dahua search, UDP 5050"},
	{PROBE_XM, "xm", PROBE_T_UDP, 34569, 1, GATE_BCAST, "Xiongmai 1530 search, UDP 34569"},
	{PROBE_WSD, "wsd", PROBE_T_UDP, 3702, 1, GATE_MC_SSDP, "WS-Discovery Probe, UDP 3702"},
	{PROBE_SSDP, "ssdp", PROBE_T_UDP, 1900, 1, GATE_MC_SSDP, "SSDP M-SEARCH, UDP 1900"},
	{PROBE_MDNS, "mdns", PROBE_T_UDP, 5353, 1, 0, "mDNS/DNS-SD questions, UDP 5353"},
	{PROBE_SNMP, "snmp", PROBE_T_UDP, 161, 1, 0, "SNMP v2c GET sysDescr, sysObjectID"},
	{PROBE_HTTP, "http", PROBE_T_TCP, 80, 1, 0, "HTTP GET /, TCP 80"},
	{PROBE_TLS, "tls", PROBE_T_TCP, 443, 1, 0, "TLS ClientHello, TCP 443: certificate"},
	{PROBE_RTSP, "rtsp", PROBE_T_TCP, 554, 2, 0, "RTSP OPTIONS, TCP 554"},
	{PROBE_RTSP_DESCRIBE, "rtsp", PROBE_T_TCP, 554, 2, 0, "RTSP DESCRIBE, TCP 554"},
	{PROBE_HIK8000, "hik8000", PROBE_T_TCP, 8000, 2, 0, "connect to TCP 8000 (Hikvision SDK)"},
	{PROBE_DAHUA37777, "dahua37777", PROBE_T_TCP, 37777, 2, 0, "connect to TCP 37777 (Dahua)"},
	{PROBE_UPNP_DESC, "ssdp", PROBE_T_TCP, 0, 0, 0, "GET the SSDP LOCATION (in scope only)"},
};

bool probe_parse_list(const char *list, uint32_t *set, char *bad, size_t bad_cap)
{
	*set = 0;
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		bool known = false;
		if (n == 3 && strncmp(p, "all", 3) == 0) {
			*set = (1u << PROBE_COUNT) - 1;
			known = true;
		}
		for (int i = 0; i < PROBE_COUNT; i++)
			if (strlen(probe_defs[i].name) == n && strncmp(p, probe_defs[i].name, n) == 0) {
				*set |= 1u << i;
				known = true;
			}
		if (!known || n == 0) {
			snprintf(bad, bad_cap, "%.*s", (int)n, p);
			return false;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return *set != 0;
}

static void le32(struct strbuf *b, uint32_t v)
{
	uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	strbuf_add(b, x, 4);
}

/* BER TLV with a short or two-octet length (our requests stay small). */
static void ber(struct strbuf *b, uint8_t tag, const void *body, size_t n)
{
	uint8_t h[4] = {tag};
	size_t hn;
	if (n < 128) {
		h[1] = (uint8_t)n;
		hn = 2;
	} else {
		h[1] = 0x82, h[2] = (uint8_t)(n >> 8), h[3] = (uint8_t)n;
		hn = 4;
	}
	strbuf_add(b, h, hn);
	strbuf_add(b, body, n);
}

static void snmp_get(const char *community, uint32_t seq, struct strbuf *out)
{
	/* RFC 3416 GetRequest for sysDescr.0 (1.3.6.1.2.1.1.1.0) and
	 * sysObjectID.0 (1.3.6.1.2.1.1.2.0), values NULL. */
	static const uint8_t descr[] = {0x2b, 6, 1, 2, 1, 1, 1, 0}, oid[] = {0x2b, 6, 1, 2, 1, 1, 2, 0};
	struct strbuf vb1 = STRBUF_INIT, vb2 = STRBUF_INIT, vbs = STRBUF_INIT, pdu = STRBUF_INIT,
		      msg = STRBUF_INIT, t = STRBUF_INIT;
	ber(&t, 0x06, descr, sizeof(descr));
	ber(&t, 0x05, "", 0);
	ber(&vb1, 0x30, t.buf, t.len);
	strbuf_reset(&t);
	ber(&t, 0x06, oid, sizeof(oid));
	ber(&t, 0x05, "", 0);
	ber(&vb2, 0x30, t.buf, t.len);
	strbuf_reset(&t);
	strbuf_add(&t, vb1.buf, vb1.len);
	strbuf_add(&t, vb2.buf, vb2.len);
	ber(&vbs, 0x30, t.buf, t.len);
	strbuf_reset(&t);
	uint8_t id[4] = {(uint8_t)((seq >> 24) & 0x7f), (uint8_t)(seq >> 16), (uint8_t)(seq >> 8),
			 (uint8_t)seq};
	ber(&t, 0x02, id, 4);
	ber(&t, 0x02, "\0", 1); /* error-status */
	ber(&t, 0x02, "\0", 1); /* error-index */
	strbuf_add(&t, vbs.buf, vbs.len);
	ber(&pdu, 0xa0, t.buf, t.len);
	strbuf_reset(&t);
	ber(&t, 0x02, "\1", 1); /* version 1 = v2c */
	ber(&t, 0x04, community, strlen(community));
	strbuf_add(&t, pdu.buf, pdu.len);
	ber(&msg, 0x30, t.buf, t.len);
	strbuf_add(out, msg.buf, msg.len);
	strbuf_release(&vb1), strbuf_release(&vb2), strbuf_release(&vbs);
	strbuf_release(&pdu), strbuf_release(&msg), strbuf_release(&t);
}

/* DNS-SD questions a device answers about itself (RFC 6763 9, and the
 * service types cameras, printers and phones register), QU bit clear: a
 * query from a port other than 5353 gets a unicast reply (RFC 6762 6.7). */
static void mdns_query(uint32_t seq, struct strbuf *out)
{
	static const char *const q[] = {"_services._dns-sd._udp.local", "_http._tcp.local",
					"_ipp._tcp.local", "_printer._tcp.local",
					"_device-info._tcp.local", "_rtsp._tcp.local"};
	size_t nq = sizeof(q) / sizeof(q[0]);
	uint8_t h[12] = {(uint8_t)(seq >> 8), (uint8_t)seq, 0, 0, 0, (uint8_t)nq, 0, 0, 0, 0, 0, 0};
	strbuf_add(out, h, sizeof(h));
	for (size_t i = 0; i < nq; i++) {
		const char *p = q[i];
		while (*p) {
			size_t n = strcspn(p, ".");
			strbuf_addch(out, (char)n);
			strbuf_add(out, p, n);
			p += n;
			if (*p == '.')
				p++;
		}
		static const uint8_t tail[5] = {0, 0, 12, 0, 1}; /* root, PTR, IN */
		strbuf_add(out, tail, sizeof(tail));
	}
}

/* A TLS 1.2 ClientHello (RFC 5246 7.4.1.2) with no supported_versions
 * extension, so a server answers 1.2 and its Certificate travels in clear. */
static void tls_hello(uint32_t dst, uint32_t seq, struct strbuf *out)
{
	static const uint8_t suites[] = {0xc0, 0x2f, 0xc0, 0x2b, 0xc0, 0x30, 0xc0, 0x2c, 0x00, 0x9c,
					 0x00, 0x9d, 0xc0, 0x13, 0xc0, 0x14, 0x00, 0x2f, 0x00, 0x35};
	/* extensions: supported_groups (x25519, P-256, P-384), ec_point_formats,
	 * signature_algorithms (rsa/ecdsa with SHA-256/384, rsa_pss). No SNI:
	 * the target is an address. */
	static const uint8_t exts[] = {
		0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18,
		0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,
		0x00, 0x0d, 0x00, 0x10, 0x00, 0x0e, 0x04, 0x01, 0x05, 0x01, 0x04, 0x03,
		0x05, 0x03, 0x08, 0x04, 0x08, 0x05, 0x02, 0x01,
	};
	uint8_t body[2 + 32 + 1 + 2 + sizeof(suites) + 2 + 2 + sizeof(exts)];
	size_t o = 0;
	body[o++] = 3, body[o++] = 3;
	for (int i = 0; i < 32; i++) /* client random: not secret, only unique */
		body[o++] = (uint8_t)((seq * 2654435761u + dst + (uint32_t)i * 40503u) >> 8);
	body[o++] = 0; /* no session id */
	body[o++] = 0, body[o++] = sizeof(suites);
	memcpy(body + o, suites, sizeof(suites)), o += sizeof(suites);
	body[o++] = 1, body[o++] = 0; /* compression: null */
	body[o++] = 0, body[o++] = sizeof(exts);
	memcpy(body + o, exts, sizeof(exts)), o += sizeof(exts);
	uint8_t rec[9] = {0x16, 3, 1, (uint8_t)((o + 4) >> 8), (uint8_t)(o + 4), 1, 0,
			  (uint8_t)(o >> 8), (uint8_t)o};
	strbuf_add(out, rec, sizeof(rec));
	strbuf_add(out, body, o);
}

void probe_build(enum probe_id id, uint32_t dst, uint16_t port, const char *community,
		 const char *path, uint32_t seq, struct strbuf *out)
{
	char host[16];
	scope_addr_text(dst, host);
	switch (id) {
	case PROBE_SADP:
		strbuf_addf(out,
			    "<?xml version=\"1.0\" encoding=\"utf-8\"?><Probe><Uuid>"
			    "7C1B0E6A-5A3C-4F4E-9D2B-%012X</Uuid><Types>inquiry</Types></Probe>",
			    seq);
		break;
	case PROBE_DHIP: {
		static const char body[] = "{\"method\":\"DHDiscover.search\",\"params\":{\"mac\":\"\",\"uni\":1}}";
		le32(out, 0x20);
		strbuf_add(out, "DHIP", 4);
		le32(out, 0), le32(out, seq);
		le32(out, sizeof(body) - 1), le32(out, 0);
		le32(out, sizeof(body) - 1), le32(out, 0);
		strbuf_add(out, body, sizeof(body) - 1);
		break;
	}
	case PROBE_DHIP5050: {
		uint8_t b[32] = {0xa3, 0x01, 0x00, 0x01};
		strbuf_add(out, b, sizeof(b));
		break;
	}
	case PROBE_XM: {
		/* 20-byte header: 0xff, version, 2 reserved, session, sequence,
		 * 2 reserved, message id 1530 (LE), body length 0. */
		uint8_t b[20] = {0xff, 0x01};
		b[14] = 1530 & 0xff, b[15] = 1530 >> 8;
		strbuf_add(out, b, sizeof(b));
		break;
	}
	case PROBE_WSD:
		strbuf_addf(out,
			    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
			    "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
			    "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
			    "xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\">"
			    "<s:Header><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe"
			    "</a:Action><a:MessageID>urn:uuid:3f6b1c52-7d0e-4a4b-9c8d-%012x</a:MessageID>"
			    "<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>"
			    "<s:Body><d:Probe/></s:Body></s:Envelope>",
			    seq);
		break;
	case PROBE_SSDP:
		strbuf_addf(out,
			    "M-SEARCH * HTTP/1.1\r\nHOST: %s:1900\r\nMAN: \"ssdp:discover\"\r\n"
			    "MX: 1\r\nST: ssdp:all\r\nUSER-AGENT: vendorscope/%s UPnP/1.1\r\n\r\n",
			    dst == GATE_MC_SSDP ? "239.255.255.250" : host, VS_VERSION);
		break;
	case PROBE_MDNS: mdns_query(seq, out); break;
	case PROBE_SNMP: snmp_get(community, seq, out); break;
	case PROBE_HTTP:
	case PROBE_UPNP_DESC:
		strbuf_addf(out,
			    "GET %s HTTP/1.1\r\nHost: %s%s%.0u\r\nUser-Agent: vendorscope/%s\r\n"
			    "Accept: */*\r\nConnection: close\r\n\r\n",
			    path ? path : "/", host, port != 80 ? ":" : "", port != 80 ? port : 0u,
			    VS_VERSION);
		break;
	case PROBE_TLS: tls_hello(dst, seq, out); break;
	case PROBE_RTSP:
		strbuf_addf(out, "OPTIONS rtsp://%s:%u/ RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: vendorscope/%s\r\n\r\n",
			    host, port, VS_VERSION);
		break;
	case PROBE_RTSP_DESCRIBE:
		strbuf_addf(out,
			    "DESCRIBE rtsp://%s:%u/ RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n"
			    "User-Agent: vendorscope/%s\r\n\r\n",
			    host, port, VS_VERSION);
		break;
	case PROBE_ARP:
	case PROBE_ICMP:
	case PROBE_HIK8000:
	case PROBE_DAHUA37777:
	case PROBE_COUNT: break;
	}
}
