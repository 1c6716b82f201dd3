/*
 * ITU-T X.690 (BER/DER):
 *   identifier: class(2) constructed(1) number(5); number 31 = high-tag
 *     form (not used by X.509 names or SNMP, refused here)
 *   length: 0..127 short form; 0x81..0x84 long form with 1..4 octets;
 *     0x80 indefinite (not allowed in DER, not used by SNMP: refused)
 *   OID contents (8.19): first octet 40*X+Y, then base-128 arcs with the
 *     high bit as continuation.
 */
#include "proto/ber.h"

#include <stdio.h>
#include <string.h>

static enum vs_err header(struct cur *c, uint8_t *tag, size_t *len)
{
	*tag = cur_u8(c);
	uint8_t l = cur_u8(c);
	if (c->bad)
		return VS_ETRUNC;
	if ((*tag & 0x1f) == 0x1f)
		return VS_EBADVAL;
	*len = l;
	if (l & 0x80) {
		unsigned k = l & 0x7f;
		if (k == 0 || k > 4)
			return VS_EBADVAL;
		*len = 0;
		for (unsigned i = 0; i < k; i++)
			*len = *len << 8 | cur_u8(c);
		if (c->bad)
			return VS_ETRUNC;
	}
	return VS_OK;
}

enum vs_err proto_ber_open(struct cur *c, uint8_t tag, struct cur *inner, bool *cut)
{
	uint8_t got;
	size_t len;
	enum vs_err e = header(c, &got, &len);
	*cut = false;
	if (e != VS_OK)
		return e;
	if (got != tag)
		return VS_EBADVAL;
	size_t have = cur_left(c);
	*cut = len > have;
	*inner = cur_sub(c, *cut ? have : len);
	return VS_OK;
}

enum vs_err proto_ber_next(struct cur *c, struct proto_ber_tlv *t)
{
	size_t len;
	enum vs_err e = header(c, &t->tag, &len);
	if (e != VS_OK)
		return e;
	t->body = cur_bytes(c, len);
	return c->bad ? VS_ETRUNC : VS_OK;
}

enum vs_err proto_ber_expect(struct cur *c, uint8_t tag, struct proto_ber_tlv *t)
{
	enum vs_err e = proto_ber_next(c, t);
	if (e != VS_OK)
		return e;
	return t->tag == tag ? VS_OK : VS_EBADVAL;
}

enum vs_err proto_ber_int(struct slice b, int64_t *v)
{
	if (b.len == 0 || b.len > 8)
		return VS_EBADVAL;
	/* Sign-extend from the first octet, then shift in the rest unsigned. */
	uint64_t u = (b.p[0] & 0x80) ? UINT64_MAX : 0;
	for (size_t i = 0; i < b.len; i++)
		u = u << 8 | b.p[i];
	memcpy(v, &u, sizeof(*v));
	return VS_OK;
}

enum vs_err proto_ber_uint(struct slice b, uint32_t *v)
{
	int64_t x;
	if (b.len > 5 || proto_ber_int(b, &x) != VS_OK || x < 0 || x > UINT32_MAX)
		return VS_EBADVAL;
	*v = (uint32_t)x;
	return VS_OK;
}

enum vs_err proto_ber_oid_text(struct slice b, char *buf, size_t cap)
{
	if (cap == 0)
		return VS_EUSAGE;
	buf[0] = '\0';
	if (b.len == 0)
		return VS_EBADVAL;
	size_t pos = 0;
	uint64_t arc = 0;
	bool first = true, open = false;
	for (size_t i = 0; i < b.len; i++) {
		arc = arc << 7 | (b.p[i] & 0x7f);
		open = (b.p[i] & 0x80) != 0;
		if (arc > UINT32_MAX)
			return VS_EBADVAL;
		if (open)
			continue;
		int k;
		if (first) {
			/* X.690 8.19.4: the first two arcs share one subidentifier. */
			unsigned x = arc < 40 ? 0 : arc < 80 ? 1 : 2;
			k = snprintf(buf + pos, cap - pos, "%u.%llu", x, (unsigned long long)(arc - 40u * x));
			first = false;
		} else {
			k = snprintf(buf + pos, cap - pos, ".%llu", (unsigned long long)arc);
		}
		if (k < 0 || (size_t)k >= cap - pos) {
			buf[0] = '\0';
			return VS_ETOOBIG;
		}
		pos += (size_t)k;
		arc = 0;
	}
	if (open) {
		buf[0] = '\0';
		return VS_EBADVAL;
	}
	return VS_OK;
}

bool proto_ber_oid_eq(struct slice b, const uint8_t *oid, size_t n)
{
	return b.len == n && memcmp(b.p, oid, n) == 0;
}
