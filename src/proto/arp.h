/* ARP for IPv4 over Ethernet (RFC 826). Pure parser; no I/O. */
#ifndef VS_PROTO_ARP_H
#define VS_PROTO_ARP_H

#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

struct proto_arp {
	uint16_t op; /* 1 request, 2 reply */
	uint8_t sha[6], tha[6];
	uint8_t spa[4], tpa[4];
};

/* VS_EBADVAL for hardware/protocol types other than Ethernet/IPv4. */
enum vs_err proto_arp_parse(const uint8_t *p, size_t n, struct proto_arp *out);

#endif
