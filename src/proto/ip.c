/*
 * RFC 791 IPv4:
 *   ver(4) ihl(4) tos(1) total_len(2) id(2) flags(3) frag_off(13)
 *   ttl(1) proto(1) checksum(2) src(4) dst(4) options(ihl*4-20)
 *   options: 0 EOL, 1 NOP, else type(1) len(1, >= 2, counts itself) data
 *
 * RFC 8200 IPv6:
 *   ver(4) tc(8) flow(20) payload_len(2) next(1) hop_limit(1) src(16) dst(16)
 *   extension headers: 0 hop-by-hop, 43 routing, 60 destination options,
 *   135 mobility: next(1) len(1, 8-octet units beyond the first 8);
 *   44 fragment: next(1) res(1) off(13) res(2) M(1) id(4);
 *   51 AH (RFC 4302): next(1) len(1, 4-octet units minus 2).
 */
#include "proto/ip.h"
#include "proto/pcur.h"

#include <string.h>

static enum vs_err walk_v4_options(struct slice opts, unsigned *count)
{
	struct cur c = cur_make(opts.p, opts.len);
	*count = 0;
	while (!cur_eof(&c)) {
		uint8_t type = cur_u8(&c);
		if (type == 0)
			break; /* EOL: the rest is padding */
		if (type == 1)
			continue;
		uint8_t len = cur_u8(&c);
		if (c.bad)
			return VS_EBADVAL;
		if (len < 2)
			return VS_EBADVAL;
		cur_skip(&c, (size_t)len - 2);
		if (c.bad)
			return VS_EBADVAL;
		(*count)++;
	}
	return VS_OK;
}

enum vs_err proto_ipv4_parse(const uint8_t *p, size_t n, struct proto_ipv4 *out)
{
	struct cur c = proto_cur(p, n);
	memset(out, 0, sizeof(*out));
	uint8_t vi = cur_u8(&c);
	out->tos = cur_u8(&c);
	out->total_len = cur_be16(&c);
	out->id = cur_be16(&c);
	uint16_t ff = cur_be16(&c);
	out->ttl = cur_u8(&c);
	out->proto = cur_u8(&c);
	cur_skip(&c, 2);
	cur_copy(&c, out->src, 4);
	cur_copy(&c, out->dst, 4);
	if (c.bad)
		return VS_ETRUNC;
	if (vi >> 4 != 4)
		return VS_EBADVAL;
	out->ihl = (uint8_t)((vi & 0x0f) * 4);
	if (out->ihl < 20 || out->total_len < out->ihl)
		return VS_EBADVAL;
	out->df = (ff & 0x4000) != 0;
	out->mf = (ff & 0x2000) != 0;
	out->frag_off = (uint16_t)((ff & 0x1fff) * 8);
	out->fragment = out->mf || out->frag_off != 0;
	out->options = cur_bytes(&c, (size_t)out->ihl - 20);
	if (c.bad)
		return VS_ETRUNC;
	enum vs_err e = walk_v4_options(out->options, &out->n_options);
	if (e != VS_OK)
		return e;
	size_t want = (size_t)out->total_len - out->ihl;
	size_t have = cur_left(&c);
	out->payload = cur_bytes(&c, want < have ? want : have);
	return want > have ? VS_ETRUNC : VS_OK;
}

enum vs_err proto_ipv6_parse(const uint8_t *p, size_t n, struct proto_ipv6 *out)
{
	struct cur c = proto_cur(p, n);
	memset(out, 0, sizeof(*out));
	uint32_t w = cur_be32(&c);
	out->payload_len = cur_be16(&c);
	uint8_t next = cur_u8(&c);
	out->hop_limit = cur_u8(&c);
	cur_copy(&c, out->src, 16);
	cur_copy(&c, out->dst, 16);
	if (c.bad)
		return VS_ETRUNC;
	if (w >> 28 != 6)
		return VS_EBADVAL;
	out->traffic_class = (uint8_t)(w >> 20);
	out->flow_label = w & 0xfffff;
	if (out->payload_len == 0)
		return VS_EBADVAL; /* jumbogram (RFC 2675): not on Ethernet */
	size_t have = cur_left(&c);
	bool short_capture = out->payload_len > have;
	struct cur pl = cur_sub(&c, short_capture ? have : out->payload_len);
	for (;;) {
		size_t hlen;
		if (next == 0 || next == 43 || next == 60 || next == 135) {
			if (cur_left(&pl) < 2)
				break;
			hlen = ((size_t)pl.p[pl.off + 1] + 1) * 8;
		} else if (next == 51) {
			if (cur_left(&pl) < 2)
				break;
			hlen = ((size_t)pl.p[pl.off + 1] + 2) * 4;
		} else if (next == 44) {
			if (cur_left(&pl) < 8)
				break;
			hlen = 8;
		} else {
			break; /* an upper-layer header (or No Next Header, 59) */
		}
		if (out->n_ext == PROTO_IPV6_MAX_EXT)
			return VS_EBADVAL;
		struct cur ext = cur_sub(&pl, hlen);
		if (pl.bad)
			return short_capture ? VS_ETRUNC : VS_EBADVAL;
		uint8_t this = next;
		next = cur_u8(&ext);
		out->n_ext++;
		if (this == 44) {
			cur_skip(&ext, 1);
			uint16_t fo = cur_be16(&ext);
			out->fragment = true;
			out->frag_off = (uint16_t)(fo & 0xfff8);
			out->mf = (fo & 1) != 0;
			/* Later fragments carry no upper-layer header to walk. */
			if (out->frag_off != 0)
				break;
		}
	}
	out->next_header = next;
	out->payload = cur_rest(&pl);
	return short_capture ? VS_ETRUNC : VS_OK;
}
