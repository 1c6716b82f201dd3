/*
 * Ethernet II / IEEE 802.3, IEEE 802.1Q VLAN tags, IEEE 802.1ad (QinQ),
 * IEEE 802.2 LLC with RFC 1042 SNAP.
 *
 *   dst(6) src(6) [TPID(2) TCI(2)]{0,2} type/length(2) payload
 *   TCI = PCP(3) DEI(1) VID(12)
 *   type/length <= 1500: 802.3 length, then LLC DSAP(1) SSAP(1) CTRL(1)
 *                        and, when DSAP=SSAP=0xAA CTRL=0x03, SNAP OUI(3) PID(2)
 *   type/length >= 0x0600: ethertype
 */
#include "proto/eth.h"
#include "proto/pcur.h"

#include <string.h>

static bool is_tag(uint16_t t)
{
	/* 0x9100 is the pre-standard QinQ outer TPID still found in switches. */
	return t == PROTO_ETHERTYPE_VLAN || t == PROTO_ETHERTYPE_QINQ || t == 0x9100;
}

enum vs_err proto_eth_parse(const uint8_t *p, size_t n, struct proto_eth *out)
{
	struct cur c = proto_cur(p, n);
	memset(out, 0, sizeof(*out));
	cur_copy(&c, out->dst, 6);
	cur_copy(&c, out->src, 6);
	uint16_t type = cur_be16(&c);
	while (!c.bad && is_tag(type)) {
		if (out->n_tags == PROTO_ETH_MAX_TAGS)
			return VS_EBADVAL;
		uint16_t tci = cur_be16(&c);
		out->tpid[out->n_tags] = type;
		out->pcp[out->n_tags] = (uint8_t)(tci >> 13);
		out->vid[out->n_tags] = tci & 0x0fff;
		out->n_tags++;
		type = cur_be16(&c);
	}
	if (c.bad)
		return VS_ETRUNC;
	if (type >= 0x0600) {
		out->ethertype = type;
		out->payload = cur_rest(&c);
		return VS_OK;
	}
	if (type > 1500)
		return VS_EBADVAL; /* 1501..1535 is neither a length nor a type */
	out->llc = true;
	/* The length excludes padding up to the 60-byte minimum frame. */
	size_t avail = cur_left(&c);
	struct cur body = cur_sub(&c, type < avail ? type : avail);
	out->dsap = cur_u8(&body);
	out->ssap = cur_u8(&body);
	out->ctrl = cur_u8(&body);
	if (!body.bad && out->dsap == 0xaa && out->ssap == 0xaa && out->ctrl == 0x03) {
		uint8_t oui[3];
		cur_copy(&body, oui, 3);
		out->snap_oui = (uint32_t)oui[0] << 16 | (uint32_t)oui[1] << 8 | oui[2];
		out->snap_pid = cur_be16(&body);
		out->snap = !body.bad;
	}
	if (body.bad)
		return VS_ETRUNC;
	out->payload = cur_rest(&body);
	return type > avail ? VS_ETRUNC : VS_OK;
}

bool proto_mac_is_local(const uint8_t mac[6])
{
	/* IEEE 802: bit 1 of the first octet is U/L, bit 0 is I/G. */
	return (mac[0] & 0x02) != 0 && (mac[0] & 0x01) == 0;
}
