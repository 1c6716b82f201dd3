/*
 * A minimal BER/DER TLV reader over the byte cursor (ITU-T X.690), enough
 * for X.509 names and SNMP messages. No recursion: callers walk the fixed
 * structure they expect, so depth is bounded by the code, not the input.
 */
#ifndef VS_PROTO_BER_H
#define VS_PROTO_BER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

#define PROTO_BER_SEQUENCE 0x30
#define PROTO_BER_SET 0x31
#define PROTO_BER_INTEGER 0x02
#define PROTO_BER_OCTET_STRING 0x04
#define PROTO_BER_NULL 0x05
#define PROTO_BER_OID 0x06

struct proto_ber_tlv {
	uint8_t tag;       /* the identifier octet (class, constructed bit, number) */
	struct slice body; /* the contents octets */
};

/*
 * Read one TLV and move past it. Only single-octet tags and definite lengths
 * of up to 4 octets are accepted (VS_EBADVAL otherwise); a length beyond the
 * data is VS_ETRUNC.
 */
enum vs_err proto_ber_next(struct cur *c, struct proto_ber_tlv *t);

/*
 * Enter a constructed TLV that may be cut short by the end of the capture:
 * *inner covers the contents octets that are present, *cut says whether
 * some are missing. VS_EBADVAL unless the tag is `tag`; VS_ETRUNC only when
 * the header itself is incomplete.
 */
enum vs_err proto_ber_open(struct cur *c, uint8_t tag, struct cur *inner, bool *cut);

/* proto_ber_next, then VS_EBADVAL unless the tag is `tag`. */
enum vs_err proto_ber_expect(struct cur *c, uint8_t tag, struct proto_ber_tlv *t);

/* A non-negative INTEGER that fits in 32 bits; VS_EBADVAL otherwise. */
enum vs_err proto_ber_uint(struct slice body, uint32_t *v);

/* An INTEGER that fits in int64; VS_EBADVAL otherwise. */
enum vs_err proto_ber_int(struct slice body, int64_t *v);

/*
 * OBJECT IDENTIFIER contents as dotted text ("1.3.6.1.2.1.1.2.0") in buf.
 * VS_EBADVAL: empty, an arc over 32 bits or an unterminated arc; VS_ETOOBIG:
 * does not fit in cap.
 */
enum vs_err proto_ber_oid_text(struct slice body, char *buf, size_t cap);

/* True when an OID's contents equal the bytes given. */
bool proto_ber_oid_eq(struct slice body, const uint8_t *oid, size_t n);

#endif
