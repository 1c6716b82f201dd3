/*
 * RFC 2131 BOOTP/DHCP message, RFC 2132 options, RFC 4702 client FQDN.
 *
 *   op(1) htype(1) hlen(1) hops(1) xid(4) secs(2) flags(2)
 *   ciaddr(4) yiaddr(4) siaddr(4) giaddr(4) chaddr(16) sname(64) file(128)
 *   magic cookie 63 82 53 63, then options: code(1) len(1) data;
 *   0 pad and 255 end have no length.
 *   12 host name, 50 requested address, 52 overload, 53 message type,
 *   55 parameter request list, 60 vendor class id, 61 client id,
 *   81 FQDN: flags(1) rcode1(1) rcode2(1) name.
 * A repeated option keeps its first instance (RFC 3396 concatenation is not
 * needed for the short fields read here).
 */
#include "proto/dhcp.h"
#include "proto/pcur.h"

#include <string.h>

static void keep(struct slice *dst, struct cur *o)
{
	if (dst->p == NULL)
		*dst = cur_rest(o);
}

enum vs_err proto_dhcp_parse(const uint8_t *p, size_t n, struct proto_dhcp *out)
{
	struct cur c = proto_cur(p, n);
	memset(out, 0, sizeof(*out));
	out->op = cur_u8(&c);
	out->htype = cur_u8(&c);
	out->hlen = cur_u8(&c);
	cur_skip(&c, 1);
	out->xid = cur_be32(&c);
	cur_skip(&c, 4);
	cur_copy(&c, out->ciaddr, 4);
	cur_copy(&c, out->yiaddr, 4);
	cur_copy(&c, out->siaddr, 4);
	cur_copy(&c, out->giaddr, 4);
	cur_copy(&c, out->chaddr, 16);
	cur_skip(&c, 64 + 128);
	uint32_t magic = cur_be32(&c);
	if (c.bad)
		return VS_ETRUNC;
	if (magic != 0x63825363)
		return VS_EBADVAL;
	out->has_mac = out->htype == 1 && out->hlen == 6;
	while (!cur_eof(&c)) {
		uint8_t code = cur_u8(&c);
		if (code == 0)
			continue;
		if (code == 255)
			return VS_OK;
		uint8_t len = cur_u8(&c);
		struct cur o = cur_sub(&c, len);
		if (c.bad)
			return VS_ETRUNC;
		out->n_options++;
		switch (code) {
		case 12:
			keep(&out->hostname, &o);
			break;
		case 50:
			if (len == 4 && !out->has_requested_ip) {
				cur_copy(&o, out->requested_ip, 4);
				out->has_requested_ip = true;
			}
			break;
		case 52:
			if (len == 1)
				out->overload = cur_u8(&o);
			break;
		case 53:
			if (len == 1 && out->msg_type == 0)
				out->msg_type = cur_u8(&o);
			break;
		case 55:
			keep(&out->params, &o);
			break;
		case 60:
			keep(&out->vendor_class, &o);
			break;
		case 61:
			keep(&out->client_id, &o);
			break;
		case 81:
			if (len >= 3 && !out->has_fqdn) {
				out->has_fqdn = true;
				out->fqdn_flags = cur_u8(&o);
				cur_skip(&o, 2); /* RCODE1, RCODE2: deprecated */
				out->fqdn_wire = (out->fqdn_flags & 0x04) != 0;
				out->fqdn_name = cur_rest(&o);
			}
			break;
		default:
			break;
		}
	}
	/* Options ran to the end of the datagram without END: accept, as clients do. */
	return VS_OK;
}
