/*
 * IEEE 802.1AB-2016 section 8: LLDPDU = TLVs, each
 *   type(7 bits) length(9 bits) value(length)
 *   0 End, 1 Chassis ID (subtype(1) id), 2 Port ID (subtype(1) id),
 *   3 TTL (u16), 4 Port Description, 5 System Name, 6 System Description,
 *   7 System Capabilities (caps(2) enabled(2)), 8 Management Address,
 *   127 organisationally specific. The first three are mandatory, in order.
 *
 * CDP (Cisco, no RFC; the layout is the one Wireshark's packet-cdp.c and
 * tcpdump's print-cdp.c decode): version(1) ttl(1) checksum(2), then TLVs
 *   type(2) length(2, header included) value;
 *   0x0001 Device ID, 0x0003 Port ID, 0x0004 Capabilities (u32),
 *   0x0005 Software Version, 0x0006 Platform.
 */
#include "proto/lldp.h"
#include "proto/pcur.h"

#include <string.h>

enum vs_err proto_lldp_parse(const uint8_t *p, size_t n, struct proto_lldp *out)
{
	memset(out, 0, sizeof(*out));
	struct cur c = proto_cur(p, n);
	while (!cur_eof(&c)) {
		uint16_t th = cur_be16(&c);
		unsigned type = th >> 9;
		struct cur v = cur_sub(&c, th & 0x01ff);
		if (c.bad)
			return VS_ETRUNC;
		unsigned idx = out->n_tlvs++;
		if (type == 0) {
			if (idx < 3)
				return VS_EBADVAL; /* End before the mandatory three */
			break;
		}
		/* Chassis ID, Port ID, TTL must come first, in that order. */
		if ((idx < 3 && type != idx + 1) || (idx >= 3 && type <= 3))
			return VS_EBADVAL;
		switch (type) {
		case 1:
			out->chassis_subtype = cur_u8(&v);
			out->chassis_id = cur_rest(&v);
			if (v.bad || out->chassis_id.len == 0)
				return VS_EBADVAL;
			break;
		case 2:
			out->port_subtype = cur_u8(&v);
			out->port_id = cur_rest(&v);
			if (v.bad || out->port_id.len == 0)
				return VS_EBADVAL;
			break;
		case 3:
			out->ttl = cur_be16(&v);
			if (v.bad)
				return VS_EBADVAL;
			break;
		case 4:
			out->port_descr = cur_rest(&v);
			break;
		case 5:
			out->sys_name = cur_rest(&v);
			break;
		case 6:
			out->sys_descr = cur_rest(&v);
			break;
		case 7:
			out->caps = cur_be16(&v);
			out->caps_enabled = cur_be16(&v);
			out->has_caps = !v.bad;
			break;
		default:
			break;
		}
	}
	return out->n_tlvs >= 3 ? VS_OK : VS_ETRUNC;
}

enum vs_err proto_cdp_parse(const uint8_t *p, size_t n, struct proto_cdp *out)
{
	memset(out, 0, sizeof(*out));
	struct cur c = proto_cur(p, n);
	out->version = cur_u8(&c);
	out->ttl = cur_u8(&c);
	cur_skip(&c, 2);
	if (c.bad)
		return VS_ETRUNC;
	if (out->version != 1 && out->version != 2)
		return VS_EBADVAL;
	while (!cur_eof(&c)) {
		uint16_t type = cur_be16(&c);
		uint16_t len = cur_be16(&c);
		if (c.bad)
			return VS_ETRUNC;
		if (len < 4)
			return VS_EBADVAL;
		struct cur v = cur_sub(&c, (size_t)len - 4);
		if (c.bad)
			return VS_ETRUNC;
		out->n_tlvs++;
		switch (type) {
		case 0x0001:
			out->device_id = cur_rest(&v);
			break;
		case 0x0003:
			out->port_id = cur_rest(&v);
			break;
		case 0x0004:
			out->capabilities = cur_be32(&v);
			out->has_caps = !v.bad;
			break;
		case 0x0005:
			out->software_version = cur_rest(&v);
			break;
		case 0x0006:
			out->platform = cur_rest(&v);
			break;
		default:
			break;
		}
	}
	return VS_OK;
}
