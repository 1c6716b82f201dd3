/*
 * IPv4 (RFC 791) and IPv6 (RFC 8200) headers. Pure parsers; no I/O.
 * Slices point into the caller's buffer.
 */
#ifndef VS_PROTO_IP_H
#define VS_PROTO_IP_H

#include <stdbool.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

#define PROTO_IP_TCP 6
#define PROTO_IP_UDP 17
#define PROTO_IP_ICMP 1
#define PROTO_IP_ICMPV6 58
#define PROTO_IPV6_MAX_EXT 8 /* extension headers walked before giving up */

struct proto_ipv4 {
	uint8_t ihl;   /* header length in bytes */
	uint8_t tos, ttl, proto;
	uint16_t total_len, id, frag_off; /* frag_off in bytes */
	bool df, mf;
	bool fragment;   /* a piece of a larger datagram: payload is not a whole L4 PDU */
	uint8_t src[4], dst[4];
	struct slice options;
	unsigned n_options;  /* options other than NOP/EOL */
	struct slice payload; /* ends at total_len (Ethernet padding dropped) */
};

struct proto_ipv6 {
	uint8_t traffic_class, hop_limit;
	uint32_t flow_label;
	uint16_t payload_len;
	uint8_t src[16], dst[16];
	uint8_t next_header; /* after the extension headers */
	unsigned n_ext;
	bool fragment;       /* a Fragment header was present */
	uint16_t frag_off;   /* in bytes */
	bool mf;
	struct slice payload; /* the upper-layer PDU (or fragment data) */
};

/*
 * VS_ETRUNC: header or declared total length beyond the capture; VS_EBADVAL:
 * wrong version, IHL < 5, total length shorter than the header, bad options.
 */
enum vs_err proto_ipv4_parse(const uint8_t *p, size_t n, struct proto_ipv4 *out);

/* VS_EBADVAL also for jumbograms and more than PROTO_IPV6_MAX_EXT extension headers. */
enum vs_err proto_ipv6_parse(const uint8_t *p, size_t n, struct proto_ipv6 *out);

#endif
