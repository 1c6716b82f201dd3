/*
 * LLDP (IEEE 802.1AB) and CDP (Cisco Discovery Protocol v1/v2): what a
 * switch or router says about itself. Pure parsers; slices into the frame.
 */
#ifndef VS_PROTO_LLDP_H
#define VS_PROTO_LLDP_H

#include <stdbool.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

struct proto_lldp {
	uint8_t chassis_subtype; /* 4 = MAC address, 7 = locally assigned … */
	struct slice chassis_id;
	uint8_t port_subtype;
	struct slice port_id;
	uint16_t ttl;
	struct slice port_descr, sys_name, sys_descr;
	uint16_t caps, caps_enabled; /* system capabilities bit maps */
	bool has_caps;
	unsigned n_tlvs;
};

/*
 * The LLDPDU after the 0x88cc ethertype. VS_EBADVAL: the mandatory chassis
 * ID, port ID and TTL TLVs are not first and in order, or one is empty;
 * VS_ETRUNC: a TLV runs past the frame.
 */
enum vs_err proto_lldp_parse(const uint8_t *p, size_t n, struct proto_lldp *out);

struct proto_cdp {
	uint8_t version, ttl;
	struct slice device_id, port_id, platform, software_version;
	uint32_t capabilities;
	bool has_caps;
	unsigned n_tlvs;
};

/*
 * The CDP PDU after the SNAP header (OUI 00000c, PID 0x2000). VS_EBADVAL:
 * version not 1 or 2, or a TLV length below 4; VS_ETRUNC.
 */
enum vs_err proto_cdp_parse(const uint8_t *p, size_t n, struct proto_cdp *out);

#endif
