/*
 * RFC 826 ARP, as used for IPv4 on Ethernet.
 *
 *   htype(2)=1 ptype(2)=0x0800 hlen(1)=6 plen(1)=4 op(2)
 *   sha(6) spa(4) tha(6) tpa(4)
 */
#include "proto/arp.h"
#include "proto/pcur.h"

#include <string.h>

enum vs_err proto_arp_parse(const uint8_t *p, size_t n, struct proto_arp *out)
{
	struct cur c = proto_cur(p, n);
	memset(out, 0, sizeof(*out));
	uint16_t htype = cur_be16(&c);
	uint16_t ptype = cur_be16(&c);
	uint8_t hlen = cur_u8(&c);
	uint8_t plen = cur_u8(&c);
	out->op = cur_be16(&c);
	if (c.bad)
		return VS_ETRUNC;
	/* Other sizes exist (ARCnet, IPX) but tell us nothing about cameras. */
	if (htype != 1 || ptype != 0x0800 || hlen != 6 || plen != 4)
		return VS_EBADVAL;
	cur_copy(&c, out->sha, 6);
	cur_copy(&c, out->spa, 4);
	cur_copy(&c, out->tha, 6);
	cur_copy(&c, out->tpa, 4);
	return c.bad ? VS_ETRUNC : VS_OK;
}
