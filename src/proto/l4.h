/*
 * UDP (RFC 768) and TCP (RFC 9293) headers. Pure parsers; no I/O.
 * Slices point into the caller's buffer.
 */
#ifndef VS_PROTO_L4_H
#define VS_PROTO_L4_H

#include <stdbool.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

#define PROTO_TCP_MAX_OPTS 16 /* option kinds remembered in order (fingerprints) */

struct proto_udp {
	uint16_t sport, dport, len;
	struct slice payload; /* ends at the UDP length */
};

enum proto_tcp_flags {
	PROTO_TCP_FIN = 0x01,
	PROTO_TCP_SYN = 0x02,
	PROTO_TCP_RST = 0x04,
	PROTO_TCP_PSH = 0x08,
	PROTO_TCP_ACK = 0x10,
	PROTO_TCP_URG = 0x20,
};

struct proto_tcp {
	uint16_t sport, dport, window;
	uint32_t seq, ack;
	uint8_t hlen;  /* header length in bytes */
	uint8_t flags; /* enum proto_tcp_flags */
	uint16_t mss;  /* 0 when absent */
	int wscale;    /* -1 when absent */
	bool sack_ok, has_ts;
	uint32_t ts_val, ts_ecr;
	unsigned n_opts;
	uint8_t opt_kinds[PROTO_TCP_MAX_OPTS]; /* first PROTO_TCP_MAX_OPTS, NOP included */
	struct slice payload;
};

/* VS_ETRUNC: header or declared length beyond the data; VS_EBADVAL: length < 8. */
enum vs_err proto_udp_parse(const uint8_t *p, size_t n, struct proto_udp *out);

/* VS_EBADVAL: data offset < 5 or a malformed option. */
enum vs_err proto_tcp_parse(const uint8_t *p, size_t n, struct proto_tcp *out);

#endif
