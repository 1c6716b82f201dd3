/*
 * SNMP v1 (RFC 1157) and v2c (RFC 3416) messages: community, PDU and
 * variable bindings, with sysDescr and sysObjectID picked out. Pure parser;
 * slices into the packet.
 */
#ifndef VS_PROTO_SNMP_H
#define VS_PROTO_SNMP_H

#include <stdbool.h>
#include <stdint.h>

#include "proto/ber.h"

#define PROTO_SNMP_MAX_VARBINDS 32

enum proto_snmp_pdu {
	PROTO_SNMP_GET = 0xa0,
	PROTO_SNMP_GETNEXT = 0xa1,
	PROTO_SNMP_RESPONSE = 0xa2,
	PROTO_SNMP_SET = 0xa3,
	PROTO_SNMP_TRAP_V1 = 0xa4,
	PROTO_SNMP_GETBULK = 0xa5,
	PROTO_SNMP_INFORM = 0xa6,
	PROTO_SNMP_TRAP_V2 = 0xa7,
	PROTO_SNMP_REPORT = 0xa8,
};

struct proto_snmp_varbind {
	struct slice oid;   /* OID contents octets; see proto_ber_oid_text */
	uint8_t value_tag;  /* 0x04 string, 0x06 OID, 0x02 integer, 0x80 noSuchObject … */
	struct slice value; /* contents octets */
};

struct proto_snmp {
	uint32_t version; /* 0 = v1, 1 = v2c */
	struct slice community;
	uint8_t pdu; /* enum proto_snmp_pdu */
	uint32_t request_id;
	uint32_t error_status, error_index;
	unsigned n_varbinds, dropped;
	struct proto_snmp_varbind vb[PROTO_SNMP_MAX_VARBINDS];
	struct slice sys_descr;     /* value of 1.3.6.1.2.1.1.1.0 when a string */
	struct slice sys_object_id; /* value of 1.3.6.1.2.1.1.2.0 when an OID */
};

/*
 * VS_ETRUNC: the message ends inside a TLV; VS_EBADVAL: not the expected
 * structure, a version other than 0/1 (v3 is encrypted or differently laid
 * out), or a trap-v1 PDU (its layout differs and carries no sysDescr).
 */
enum vs_err proto_snmp_parse(const uint8_t *p, size_t n, struct proto_snmp *out);

#endif
