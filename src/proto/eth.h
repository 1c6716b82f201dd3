/*
 * Ethernet II frames with up to two VLAN tags, and 802.3 frames with an
 * LLC/SNAP header (CDP rides on SNAP).
 *
 * Contract: pure parser, no I/O. Slices point into the caller's buffer and
 * live as long as it does.
 */
#ifndef VS_PROTO_ETH_H
#define VS_PROTO_ETH_H

#include <stdbool.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

#define PROTO_ETH_MAX_TAGS 2 /* 802.1Q and 802.1ad (QinQ); a third tag is refused */

#define PROTO_ETHERTYPE_IPV4 0x0800
#define PROTO_ETHERTYPE_ARP 0x0806
#define PROTO_ETHERTYPE_VLAN 0x8100
#define PROTO_ETHERTYPE_QINQ 0x88a8
#define PROTO_ETHERTYPE_SADP 0x8033
#define PROTO_ETHERTYPE_IPV6 0x86dd
#define PROTO_ETHERTYPE_LLDP 0x88cc

struct proto_eth {
	uint8_t dst[6], src[6];
	unsigned n_tags;
	uint16_t tpid[PROTO_ETH_MAX_TAGS]; /* 0x8100, 0x88a8 or 0x9100 */
	uint16_t vid[PROTO_ETH_MAX_TAGS];  /* outermost first */
	uint8_t pcp[PROTO_ETH_MAX_TAGS];
	/* Ethernet II: the inner ethertype. 802.3: 0, and llc is set. */
	uint16_t ethertype;
	bool llc;             /* 802.3 length field instead of an ethertype */
	uint8_t dsap, ssap, ctrl;
	bool snap;            /* LLC AA-AA-03 with a SNAP header */
	uint32_t snap_oui;    /* e.g. 0x00000c Cisco */
	uint16_t snap_pid;    /* e.g. 0x2000 CDP */
	struct slice payload; /* after the last header; 802.3 frames end at their length */
};

/* VS_ETRUNC: the frame ends inside a header. VS_EBADVAL: too many tags. */
enum vs_err proto_eth_parse(const uint8_t *p, size_t n, struct proto_eth *out);

/* True for a locally administered unicast address (randomised phone MACs). */
bool proto_mac_is_local(const uint8_t mac[6]);

#endif
