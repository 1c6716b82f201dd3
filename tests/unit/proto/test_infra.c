#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proto/ber.h"
#include "proto/lldp.h"
#include "proto/snmp.h"
#include "proto/tls.h"

/* A tiny DER writer for building test messages (short and 0x82 lengths). */
struct w {
	uint8_t b[2048];
	size_t n;
};

static void put(struct w *w, const void *p, size_t n)
{
	assert_true(w->n + n <= sizeof(w->b));
	memcpy(w->b + w->n, p, n);
	w->n += n;
}

static void tlv(struct w *w, uint8_t tag, const void *p, size_t n)
{
	uint8_t h[4] = {tag};
	if (n < 128) {
		h[1] = (uint8_t)n;
		put(w, h, 2);
	} else {
		h[1] = 0x82;
		h[2] = (uint8_t)(n >> 8);
		h[3] = (uint8_t)n;
		put(w, h, 4);
	}
	put(w, p, n);
}

static void wrap(struct w *w, uint8_t tag)
{
	struct w t = *w;
	w->n = 0;
	tlv(w, tag, t.b, t.n);
}

static void ber_basics(void **state)
{
	(void)state;
	char buf[64];
	const uint8_t oid[] = {0x2b, 6, 1, 4, 1, 0x82, 0xb1, 0x7d, 1, 1, 0};
	assert_int_equal(proto_ber_oid_text((struct slice){oid, sizeof(oid)}, buf, sizeof(buf)), VS_OK);
	assert_string_equal(buf, "1.3.6.1.4.1.39165.1.1.0");
	assert_int_equal(proto_ber_oid_text((struct slice){oid, 6}, buf, sizeof(buf)), VS_EBADVAL);
	assert_int_equal(proto_ber_oid_text((struct slice){oid, sizeof(oid)}, buf, 10), VS_ETOOBIG);
	const uint8_t big[] = {0x90, 0x80, 0x80, 0x80, 0x00}; /* 2^32 */
	assert_int_equal(proto_ber_oid_text((struct slice){big, sizeof(big)}, buf, sizeof(buf)), VS_EBADVAL);
	const uint8_t neg[] = {0xff, 0x7f};
	int64_t v;
	assert_int_equal(proto_ber_int((struct slice){neg, 2}, &v), VS_OK);
	assert_int_equal(v, -129);
	uint32_t u;
	assert_int_equal(proto_ber_uint((struct slice){neg, 2}, &u), VS_EBADVAL);
	const uint8_t indef[] = {0x30, 0x80, 0, 0};
	struct cur c = cur_make(indef, sizeof(indef));
	struct proto_ber_tlv t;
	assert_int_equal(proto_ber_next(&c, &t), VS_EBADVAL);
	const uint8_t longlen[] = {0x04, 0x82, 0x01, 0x00, 'x'};
	c = cur_make(longlen, sizeof(longlen));
	assert_int_equal(proto_ber_next(&c, &t), VS_ETRUNC);
}

static size_t snmp_response(uint8_t *out)
{
	static const uint8_t d_oid[] = {0x2b, 6, 1, 2, 1, 1, 1, 0}, o_oid[] = {0x2b, 6, 1, 2, 1, 1, 2, 0};
	static const uint8_t huawei[] = {0x2b, 6, 1, 4, 1, 0x8f, 0x5b, 1, 1, 23};
	static const char descr[] = "Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170";
	struct w vb1 = {0}, vb2 = {0}, list = {0}, pdu = {0}, msg = {0};
	tlv(&vb1, PROTO_BER_OID, d_oid, sizeof(d_oid));
	tlv(&vb1, PROTO_BER_OCTET_STRING, descr, sizeof(descr) - 1);
	wrap(&vb1, PROTO_BER_SEQUENCE);
	tlv(&vb2, PROTO_BER_OID, o_oid, sizeof(o_oid));
	tlv(&vb2, PROTO_BER_OID, huawei, sizeof(huawei));
	wrap(&vb2, PROTO_BER_SEQUENCE);
	put(&list, vb1.b, vb1.n);
	put(&list, vb2.b, vb2.n);
	wrap(&list, PROTO_BER_SEQUENCE);
	const uint8_t rid[] = {0x12, 0x34}, zero[] = {0};
	tlv(&pdu, PROTO_BER_INTEGER, rid, 2);
	tlv(&pdu, PROTO_BER_INTEGER, zero, 1);
	tlv(&pdu, PROTO_BER_INTEGER, zero, 1);
	put(&pdu, list.b, list.n);
	wrap(&pdu, PROTO_SNMP_RESPONSE);
	const uint8_t v2c[] = {1};
	tlv(&msg, PROTO_BER_INTEGER, v2c, 1);
	tlv(&msg, PROTO_BER_OCTET_STRING, "public", 6);
	put(&msg, pdu.b, pdu.n);
	wrap(&msg, PROTO_BER_SEQUENCE);
	memcpy(out, msg.b, msg.n);
	return msg.n;
}

static void snmp_get_response(void **state)
{
	(void)state;
	uint8_t b[512];
	size_t n = snmp_response(b);
	static struct proto_snmp s;
	assert_int_equal(proto_snmp_parse(b, n, &s), VS_OK);
	assert_int_equal(s.version, 1);
	assert_true(slice_eq(s.community, "public"));
	assert_int_equal(s.pdu, PROTO_SNMP_RESPONSE);
	assert_int_equal(s.request_id, 0x1234);
	assert_int_equal(s.n_varbinds, 2);
	assert_true(slice_eq(s.sys_descr,
			     "Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170"));
	char oid[64];
	assert_int_equal(proto_ber_oid_text(s.sys_object_id, oid, sizeof(oid)), VS_OK);
	assert_string_equal(oid, "1.3.6.1.4.1.2011.1.1.23");
	for (size_t k = 0; k < n; k++)
		assert_int_equal(proto_snmp_parse(b, k, &s), VS_ETRUNC);
	b[4] = 3; /* SNMPv3 */
	assert_int_equal(proto_snmp_parse(b, n, &s), VS_EBADVAL);
}

static size_t tls_cert_record(uint8_t *out)
{
	static const uint8_t cn[] = {0x55, 4, 3}, o[] = {0x55, 4, 10}, c[] = {0x55, 4, 6};
	struct w issuer = {0}, subject = {0}, tbs = {0}, cert = {0}, rdn = {0};
	/* issuer: C=CN, O=HIKVISION, CN=hikvision */
	const struct {
		struct w *dst;
		const uint8_t *oid;
		const char *val;
	} attrs[] = {{&issuer, c, "CN"}, {&issuer, o, "HIKVISION"}, {&issuer, cn, "hikvision"},
		     {&subject, c, "CN"}, {&subject, o, "HIKVISION"}, {&subject, cn, "www.hikvision.com"}};
	for (size_t i = 0; i < 6; i++) {
		rdn.n = 0;
		tlv(&rdn, PROTO_BER_OID, attrs[i].oid, 3);
		tlv(&rdn, 0x13, attrs[i].val, strlen(attrs[i].val));
		wrap(&rdn, PROTO_BER_SEQUENCE);
		wrap(&rdn, PROTO_BER_SET);
		put(attrs[i].dst, rdn.b, rdn.n);
	}
	wrap(&issuer, PROTO_BER_SEQUENCE);
	wrap(&subject, PROTO_BER_SEQUENCE);
	const uint8_t v3[] = {0x02, 0x01, 0x02}, serial[] = {0x01}, alg[] = {0x06, 0x03, 0x2a, 0x86, 0x48};
	tlv(&tbs, 0xa0, v3, 3);
	tlv(&tbs, PROTO_BER_INTEGER, serial, 1);
	tlv(&tbs, PROTO_BER_SEQUENCE, alg, sizeof(alg));
	put(&tbs, issuer.b, issuer.n);
	tlv(&tbs, PROTO_BER_SEQUENCE, "", 0); /* validity, contents not read */
	put(&tbs, subject.b, subject.n);
	wrap(&tbs, PROTO_BER_SEQUENCE);
	put(&cert, tbs.b, tbs.n);
	wrap(&cert, PROTO_BER_SEQUENCE);
	size_t cl = cert.n;
	uint8_t *p = out;
	/* record header, Certificate handshake header, list length, cert length */
	*p++ = 22, *p++ = 3, *p++ = 3;
	*p++ = (uint8_t)((cl + 10) >> 8), *p++ = (uint8_t)(cl + 10);
	*p++ = 11, *p++ = 0, *p++ = (uint8_t)((cl + 6) >> 8), *p++ = (uint8_t)(cl + 6);
	*p++ = 0, *p++ = (uint8_t)((cl + 3) >> 8), *p++ = (uint8_t)(cl + 3);
	*p++ = 0, *p++ = (uint8_t)(cl >> 8), *p++ = (uint8_t)cl;
	memcpy(p, cert.b, cl);
	return 15 + cl;
}

static void tls_certificate_names(void **state)
{
	(void)state;
	uint8_t b[1024];
	size_t n = tls_cert_record(b);
	struct proto_tls t;
	assert_int_equal(proto_tls_parse(b, n, &t), VS_OK);
	assert_true(t.certificate);
	assert_false(t.cert_cut);
	assert_true(slice_eq(t.subject.cn, "www.hikvision.com"));
	assert_true(slice_eq(t.subject.o, "HIKVISION"));
	assert_true(slice_eq(t.subject.c, "CN"));
	assert_true(slice_eq(t.issuer.cn, "hikvision"));
	/* Cut after the issuer: the certificate is flagged, the subject unread. */
	assert_int_equal(proto_tls_parse(b, 110, &t), VS_ETRUNC);
	assert_true(t.cert_cut);
	assert_true(slice_eq(t.issuer.o, "HIKVISION"));
	assert_null(t.subject.cn.p);
}

static void tls_client_hello_sni(void **state)
{
	(void)state;
	static const char host[] = "dev.hik-connect.com";
	uint8_t b[256], *p = b + 9;
	size_t hn = sizeof(host) - 1;
	*p++ = 3, *p++ = 3;
	memset(p, 0xab, 32), p += 32;
	*p++ = 0;                         /* session id */
	*p++ = 0, *p++ = 4;               /* two cipher suites */
	*p++ = 0x13, *p++ = 1, *p++ = 0xc0, *p++ = 0x2f;
	*p++ = 1, *p++ = 0;               /* null compression */
	size_t ext_len = 4 + 2 + 3 + hn + 4;
	*p++ = 0, *p++ = (uint8_t)ext_len;
	*p++ = 0, *p++ = 23, *p++ = 0, *p++ = 0; /* extended_master_secret, empty */
	*p++ = 0, *p++ = 0, *p++ = 0, *p++ = (uint8_t)(hn + 5);
	*p++ = 0, *p++ = (uint8_t)(hn + 3), *p++ = 0, *p++ = 0, *p++ = (uint8_t)hn;
	memcpy(p, host, hn), p += hn;
	size_t body = (size_t)(p - (b + 9));
	b[0] = 22, b[1] = 3, b[2] = 1, b[3] = 0, b[4] = (uint8_t)(body + 4);
	b[5] = 1, b[6] = 0, b[7] = 0, b[8] = (uint8_t)body;
	struct proto_tls t;
	assert_int_equal(proto_tls_parse(b, (size_t)(p - b), &t), VS_OK);
	assert_true(t.client_hello);
	assert_int_equal(t.record_version, 0x0301);
	assert_int_equal(t.hello_version, 0x0303);
	assert_int_equal(t.n_ciphers, 2);
	assert_true(slice_eq(t.sni, host));
	assert_int_equal(proto_tls_parse(b, 40, &t), VS_ETRUNC);
	assert_int_equal(proto_tls_parse((const uint8_t *)"GET / HTTP/1.1\r\n", 16, &t), VS_EBADVAL);
	b[b[4] + 5 - hn - 2] = 0xff; /* host_name length past the list */
	assert_int_equal(proto_tls_parse(b, (size_t)(p - b), &t), VS_EBADVAL);
}

static void lldp_and_cdp(void **state)
{
	(void)state;
	const uint8_t l[] = {0x02, 0x07, 4, 0x4c, 0x54, 0x99, 1, 2, 3,   /* chassis MAC */
			     0x04, 0x07, 5, 'G', 'E', '0', '/', '0', '1', /* port name */
			     0x06, 0x02, 0, 120, 0x0a, 0x05, 'A', 'R', '1', '2', '0', 0x0c, 0x0a, 'H', 'u',
			     'a', 'w', 'e', 'i', ' ', 'V', 'R', 'P', 0x0e, 0x04, 0, 0x14, 0, 0x10, 0, 0};
	struct proto_lldp d;
	assert_int_equal(proto_lldp_parse(l, sizeof(l), &d), VS_OK);
	assert_int_equal(d.chassis_subtype, 4);
	assert_int_equal(d.chassis_id.len, 6);
	assert_int_equal(d.chassis_id.p[0], 0x4c);
	assert_true(slice_eq(d.port_id, "GE0/01"));
	assert_int_equal(d.ttl, 120);
	assert_true(slice_eq(d.sys_name, "AR120"));
	assert_true(slice_eq(d.sys_descr, "Huawei VRP"));
	assert_true(d.has_caps);
	assert_int_equal(d.caps_enabled, 0x10);
	assert_int_equal(proto_lldp_parse(l, 12, &d), VS_ETRUNC);
	const uint8_t early_end[] = {0x02, 0x02, 7, 'x', 0x00, 0x00};
	assert_int_equal(proto_lldp_parse(early_end, sizeof(early_end), &d), VS_EBADVAL);
	/* Port ID first is out of order. */
	assert_int_equal(proto_lldp_parse(l + 9, sizeof(l) - 9, &d), VS_EBADVAL);
	const uint8_t c[] = {2, 180, 0, 0, 0, 1, 0, 9, 'S', 'W', '1', '.', 'x', 0, 6, 0, 14, 'c', 'i', 's',
			     'c', 'o', ' ', 'W', 'S', '-', 'C', 0, 5, 0, 8, 'I', 'O', 'S', ' '};
	struct proto_cdp p;
	assert_int_equal(proto_cdp_parse(c, sizeof(c), &p), VS_OK);
	assert_int_equal(p.version, 2);
	assert_true(slice_eq(p.device_id, "SW1.x"));
	assert_true(slice_eq(p.platform, "cisco WS-C"));
	assert_true(slice_eq(p.software_version, "IOS "));
	assert_int_equal(proto_cdp_parse(c, sizeof(c) - 1, &p), VS_ETRUNC);
	uint8_t bad[sizeof(c)];
	memcpy(bad, c, sizeof(c));
	bad[7] = 3;
	assert_int_equal(proto_cdp_parse(bad, sizeof(bad), &p), VS_EBADVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ber_basics),       cmocka_unit_test(snmp_get_response),
		cmocka_unit_test(tls_certificate_names), cmocka_unit_test(tls_client_hello_sni),
		cmocka_unit_test(lldp_and_cdp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
