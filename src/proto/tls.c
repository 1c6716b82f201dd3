/*
 * RFC 8446 section 5.1 / RFC 5246 section 6.2: record
 *   type(1)=22 handshake, version(2)=0x03xx, length(2), fragment
 * Handshake (RFC 8446 4): msg_type(1) length(3) body;
 *   1 ClientHello: legacy_version(2) random(32) session_id<0..32>
 *     cipher_suites<2..2^16-2> compression<1..2^8-1> extensions<0..2^16-1>
 *     extension: type(2) length(2) data; 0 server_name (RFC 6066 3):
 *     list<2> { name_type(1)=0 host_name<2> }
 *   2 ServerHello: legacy_version(2) …
 *   11 Certificate (RFC 5246 7.4.2, TLS <= 1.2): certificate_list<3>
 *     { cert<3> (DER X.509) }
 * RFC 5280 4.1: Certificate ::= SEQUENCE { tbsCertificate SEQUENCE {
 *   [0] EXPLICIT version OPTIONAL, serialNumber INTEGER, signature
 *   AlgorithmIdentifier, issuer Name, validity, subject Name, … } … }
 *   Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY (a string) }
 *   2.5.4.3 CN, .6 C, .7 L, .8 ST, .10 O, .11 OU.
 * Handshake messages spanning records are not reassembled; what one record
 * holds is read (the subject sits in a certificate's first few hundred bytes).
 */
#include "proto/tls.h"
#include "proto/pcur.h"

#include <string.h>

#include "proto/ber.h"

static uint32_t be24(struct cur *c)
{
	uint32_t v = (uint32_t)cur_u8(c) << 16;
	v |= (uint32_t)cur_u8(c) << 8;
	return v | cur_u8(c);
}

/* A sub-cursor over min(declared, present) bytes: handshakes may be cut. */
static struct cur take(struct cur *c, size_t len, bool *cut)
{
	size_t have = cur_left(c);
	if (len > have)
		*cut = true;
	return cur_sub(c, len < have ? len : have);
}

static enum vs_err client_hello(struct cur *h, struct proto_tls *out)
{
	out->client_hello = true;
	out->hello_version = cur_be16(h);
	cur_skip(h, 32);
	cur_skip(h, cur_u8(h));
	uint16_t cs = cur_be16(h);
	if (!h->bad && cs % 2)
		return VS_EBADVAL;
	out->n_ciphers = cs / 2;
	cur_skip(h, cs);
	cur_skip(h, cur_u8(h));
	if (h->bad)
		return VS_ETRUNC;
	if (cur_eof(h))
		return VS_OK; /* no extensions (SSLv3-era hello) */
	bool cut = false;
	struct cur exts = take(h, cur_be16(h), &cut);
	while (!cur_eof(&exts)) {
		uint16_t type = cur_be16(&exts);
		struct cur ext = cur_sub(&exts, cur_be16(&exts));
		if (exts.bad)
			return VS_ETRUNC;
		if (type != 0)
			continue;
		struct cur list = cur_sub(&ext, cur_be16(&ext));
		while (!cur_eof(&list)) {
			uint8_t nt = cur_u8(&list);
			struct slice name = cur_bytes(&list, cur_be16(&list));
			if (list.bad)
				return VS_EBADVAL;
			if (nt == 0 && out->sni.p == NULL)
				out->sni = name;
		}
		if (ext.bad)
			return VS_EBADVAL;
	}
	return VS_OK;
}

static void name_attr(struct proto_x509_name *nm, struct slice oid, struct slice val)
{
	static const uint8_t pre[] = {0x55, 0x04};
	if (oid.len != 3 || memcmp(oid.p, pre, 2) != 0)
		return;
	struct slice *dst = NULL;
	switch (oid.p[2]) {
	case 3: dst = &nm->cn; break;
	case 6: dst = &nm->c; break;
	case 7: dst = &nm->l; break;
	case 8: dst = &nm->st; break;
	case 10: dst = &nm->o; break;
	case 11: dst = &nm->ou; break;
	default: return;
	}
	if (dst->p == NULL)
		*dst = val;
}

static enum vs_err x509_name(struct cur *tbs, struct proto_x509_name *nm)
{
	struct proto_ber_tlv t;
	enum vs_err e = proto_ber_expect(tbs, PROTO_BER_SEQUENCE, &t);
	if (e != VS_OK)
		return e;
	struct cur rdns = cur_make(t.body.p, t.body.len);
	while (!cur_eof(&rdns)) {
		if ((e = proto_ber_expect(&rdns, PROTO_BER_SET, &t)) != VS_OK)
			return e;
		struct cur set = cur_make(t.body.p, t.body.len);
		while (!cur_eof(&set)) {
			if ((e = proto_ber_expect(&set, PROTO_BER_SEQUENCE, &t)) != VS_OK)
				return e;
			struct cur atv = cur_make(t.body.p, t.body.len);
			struct proto_ber_tlv oid, val;
			if ((e = proto_ber_expect(&atv, PROTO_BER_OID, &oid)) != VS_OK ||
			    (e = proto_ber_next(&atv, &val)) != VS_OK)
				return e;
			name_attr(nm, oid.body, val.body);
		}
	}
	return VS_OK;
}

static enum vs_err certificate(struct cur *h, struct proto_tls *out)
{
	bool cut = false;
	struct cur list = take(h, be24(h), &cut);
	struct cur der = take(&list, be24(&list), &cut);
	if (h->bad || list.bad)
		return VS_ETRUNC;
	out->certificate = true;
	struct cur cert, tbs;
	bool c1, c2;
	enum vs_err e = proto_ber_open(&der, PROTO_BER_SEQUENCE, &cert, &c1);
	if (e == VS_OK)
		e = proto_ber_open(&cert, PROTO_BER_SEQUENCE, &tbs, &c2);
	out->cert_cut = cut || c1;
	if (e != VS_OK)
		return e;
	struct proto_ber_tlv t;
	if (cur_peek(&tbs) == 0xa0 && (e = proto_ber_next(&tbs, &t)) != VS_OK)
		return e;
	if ((e = proto_ber_expect(&tbs, PROTO_BER_INTEGER, &t)) != VS_OK ||
	    (e = proto_ber_expect(&tbs, PROTO_BER_SEQUENCE, &t)) != VS_OK ||
	    (e = x509_name(&tbs, &out->issuer)) != VS_OK ||
	    (e = proto_ber_expect(&tbs, PROTO_BER_SEQUENCE, &t)) != VS_OK ||
	    (e = x509_name(&tbs, &out->subject)) != VS_OK)
		return e;
	return VS_OK;
}

enum vs_err proto_tls_parse(const uint8_t *p, size_t n, struct proto_tls *out)
{
	memset(out, 0, sizeof(*out));
	struct cur c = proto_cur(p, n);
	bool any = false;
	enum vs_err last = VS_ETRUNC;
	while (!cur_eof(&c)) {
		uint8_t type = cur_u8(&c);
		uint16_t version = cur_be16(&c);
		uint16_t len = cur_be16(&c);
		if (c.bad)
			break;
		if (version >> 8 != 3)
			return any ? VS_OK : VS_EBADVAL;
		if (!any && out->record_version == 0) {
			if (type != 22)
				return VS_EBADVAL;
			out->record_version = version;
		}
		bool cut = false;
		struct cur rec = take(&c, len, &cut);
		if (type != 22)
			continue; /* ChangeCipherSpec, alerts, application data */
		while (!cur_eof(&rec)) {
			uint8_t ht = cur_u8(&rec);
			struct cur h = take(&rec, be24(&rec), &cut);
			if (rec.bad)
				break;
			enum vs_err e = VS_OK;
			if (ht == 1 && !out->client_hello) {
				e = client_hello(&h, out);
			} else if (ht == 2 && !out->server_hello) {
				out->server_hello = true;
				out->hello_version = cur_be16(&h);
				e = h.bad ? VS_ETRUNC : VS_OK;
			} else if (ht == 11 && !out->certificate) {
				e = certificate(&h, out);
			} else {
				continue;
			}
			if (e == VS_EBADVAL)
				return e;
			if (e == VS_OK)
				any = true;
			last = e;
		}
	}
	return any ? VS_OK : last;
}
