/*
 * RFC 1157 / RFC 3416 with BER (X.690):
 *   Message ::= SEQUENCE { version INTEGER (0 v1, 1 v2c),
 *                          community OCTET STRING, data PDU }
 *   PDU ::= [context n] IMPLICIT SEQUENCE { request-id INTEGER,
 *             error-status INTEGER, error-index INTEGER,
 *             variable-bindings SEQUENCE OF SEQUENCE { name OID, value ANY } }
 * RFC 1213: sysDescr 1.3.6.1.2.1.1.1.0 (DisplayString),
 *           sysObjectID 1.3.6.1.2.1.1.2.0 (OBJECT IDENTIFIER).
 */
#include "proto/snmp.h"
#include "proto/pcur.h"

#include <string.h>

static const uint8_t oid_sys_descr[] = {0x2b, 6, 1, 2, 1, 1, 1, 0};
static const uint8_t oid_sys_object_id[] = {0x2b, 6, 1, 2, 1, 1, 2, 0};

static enum vs_err uint_field(struct cur *c, uint32_t *v)
{
	struct proto_ber_tlv t;
	enum vs_err e = proto_ber_expect(c, PROTO_BER_INTEGER, &t);
	if (e != VS_OK)
		return e;
	int64_t x;
	if (proto_ber_int(t.body, &x) != VS_OK)
		return VS_EBADVAL;
	/* request-id is signed on the wire; keep its 32-bit pattern. */
	*v = (uint32_t)(uint64_t)x;
	return VS_OK;
}

enum vs_err proto_snmp_parse(const uint8_t *p, size_t n, struct proto_snmp *out)
{
	memset(out, 0, sizeof(*out));
	struct cur c = proto_cur(p, n);
	struct proto_ber_tlv t;
	enum vs_err e = proto_ber_expect(&c, PROTO_BER_SEQUENCE, &t);
	if (e != VS_OK)
		return e;
	struct cur msg = cur_make(t.body.p, t.body.len);
	if ((e = proto_ber_expect(&msg, PROTO_BER_INTEGER, &t)) != VS_OK)
		return e;
	if (proto_ber_uint(t.body, &out->version) != VS_OK || out->version > 1)
		return VS_EBADVAL;
	if ((e = proto_ber_expect(&msg, PROTO_BER_OCTET_STRING, &t)) != VS_OK)
		return e;
	out->community = t.body;
	if ((e = proto_ber_next(&msg, &t)) != VS_OK)
		return e;
	out->pdu = t.tag;
	if (t.tag < PROTO_SNMP_GET || t.tag > PROTO_SNMP_REPORT || t.tag == PROTO_SNMP_TRAP_V1)
		return VS_EBADVAL;
	struct cur pdu = cur_make(t.body.p, t.body.len);
	if ((e = uint_field(&pdu, &out->request_id)) != VS_OK ||
	    (e = uint_field(&pdu, &out->error_status)) != VS_OK ||
	    (e = uint_field(&pdu, &out->error_index)) != VS_OK)
		return e;
	if ((e = proto_ber_expect(&pdu, PROTO_BER_SEQUENCE, &t)) != VS_OK)
		return e;
	struct cur list = cur_make(t.body.p, t.body.len);
	while (!cur_eof(&list)) {
		if ((e = proto_ber_expect(&list, PROTO_BER_SEQUENCE, &t)) != VS_OK)
			return e;
		struct cur vbc = cur_make(t.body.p, t.body.len);
		struct proto_snmp_varbind vb;
		struct proto_ber_tlv name, value;
		if ((e = proto_ber_expect(&vbc, PROTO_BER_OID, &name)) != VS_OK ||
		    (e = proto_ber_next(&vbc, &value)) != VS_OK)
			return e;
		vb.oid = name.body;
		vb.value_tag = value.tag;
		vb.value = value.body;
		if (proto_ber_oid_eq(vb.oid, oid_sys_descr, sizeof(oid_sys_descr)) &&
		    vb.value_tag == PROTO_BER_OCTET_STRING && out->sys_descr.p == NULL)
			out->sys_descr = vb.value;
		if (proto_ber_oid_eq(vb.oid, oid_sys_object_id, sizeof(oid_sys_object_id)) &&
		    vb.value_tag == PROTO_BER_OID && out->sys_object_id.p == NULL)
			out->sys_object_id = vb.value;
		if (out->n_varbinds < PROTO_SNMP_MAX_VARBINDS)
			out->vb[out->n_varbinds++] = vb;
		else
			out->dropped++;
	}
	return VS_OK;
}
