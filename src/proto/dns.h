/*
 * DNS messages (RFC 1035) as sent over UDP, including mDNS (RFC 6762) and
 * DNS-SD (RFC 6763). Pure parser, no allocation: names are decoded into
 * fixed buffers in the caller's struct (compression means they are not one
 * run of bytes in the packet); TXT data stays a slice into the packet.
 */
#ifndef VS_PROTO_DNS_H
#define VS_PROTO_DNS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

#define PROTO_DNS_NAME_MAX 320 /* escaped text of one name, NUL included */
#define PROTO_DNS_MAX_Q 8      /* questions kept */
#define PROTO_DNS_MAX_RR 24    /* resource records kept over all sections */
#define PROTO_DNS_MAX_HOPS 16  /* compression pointers followed in one name */

enum proto_dns_type {
	PROTO_DNS_A = 1,
	PROTO_DNS_CNAME = 5,
	PROTO_DNS_PTR = 12,
	PROTO_DNS_TXT = 16,
	PROTO_DNS_AAAA = 28,
	PROTO_DNS_SRV = 33,
};

enum proto_dns_section { PROTO_DNS_AN, PROTO_DNS_NS, PROTO_DNS_AR };

struct proto_dns_q {
	char name[PROTO_DNS_NAME_MAX];
	uint16_t type, class; /* mDNS: class bit 15 is "unicast response wanted" */
};

struct proto_dns_rr {
	enum proto_dns_section section;
	char name[PROTO_DNS_NAME_MAX];
	uint16_t type, class; /* mDNS: class bit 15 is "cache flush" */
	uint32_t ttl;
	struct slice rdata;
	uint8_t addr[16];      /* A: first 4 bytes; AAAA: all 16 */
	char target[PROTO_DNS_NAME_MAX]; /* CNAME, PTR, SRV target */
	uint16_t srv_prio, srv_weight, srv_port;
};

struct proto_dns {
	uint16_t id, flags;
	bool response;
	uint8_t opcode, rcode;
	uint16_t qdcount, ancount, nscount, arcount; /* as declared */
	unsigned n_q, n_rr;
	bool dropped; /* more records than the limits above: the rest were skipped */
	struct proto_dns_q q[PROTO_DNS_MAX_Q];
	struct proto_dns_rr rr[PROTO_DNS_MAX_RR];
};

/*
 * Parse a whole message. VS_ETRUNC: it ends inside a record; VS_EBADVAL: a
 * bad label, a forward or looping compression pointer, a name longer than
 * 255 octets, or an rdata shorter than its type needs. Questions and records
 * parsed before the error remain in *out.
 *
 * Names are dotted text; a '.', '\\' or a byte below 0x20 or 0x7f inside a
 * label is written as \DDD (as dig does), UTF-8 passes through.
 */
enum vs_err proto_dns_parse(const uint8_t *p, size_t n, struct proto_dns *out);

/* Next character-string of a TXT rdata; false at the end or on a bad length. */
bool proto_dns_txt_next(struct cur *txt, struct slice *out);

#endif
