/*
 * RFC 768 UDP:  sport(2) dport(2) length(2, header included) checksum(2)
 *
 * RFC 9293 TCP: sport(2) dport(2) seq(4) ack(4) doff(4) rsvd(4) flags(8)
 *               window(2) checksum(2) urg(2) options(doff*4-20)
 *   options: 0 EOL, 1 NOP, else kind(1) len(1, >= 2) data;
 *   2 MSS len 4, 3 window scale len 3, 4 SACK-permitted len 2,
 *   8 timestamps len 10 (RFC 7323).
 */
#include "proto/l4.h"
#include "proto/pcur.h"

#include <string.h>

enum vs_err proto_udp_parse(const uint8_t *p, size_t n, struct proto_udp *out)
{
	struct cur c = proto_cur(p, n);
	memset(out, 0, sizeof(*out));
	out->sport = cur_be16(&c);
	out->dport = cur_be16(&c);
	out->len = cur_be16(&c);
	cur_skip(&c, 2);
	if (c.bad)
		return VS_ETRUNC;
	if (out->len < 8)
		return VS_EBADVAL;
	size_t want = (size_t)out->len - 8, have = cur_left(&c);
	out->payload = cur_bytes(&c, want < have ? want : have);
	return want > have ? VS_ETRUNC : VS_OK;
}

static enum vs_err tcp_options(struct cur *c, struct proto_tcp *out)
{
	while (!cur_eof(c)) {
		uint8_t kind = cur_u8(c);
		if (out->n_opts < PROTO_TCP_MAX_OPTS)
			out->opt_kinds[out->n_opts] = kind;
		out->n_opts++;
		if (kind == 0)
			break;
		if (kind == 1)
			continue;
		uint8_t len = cur_u8(c);
		if (c->bad || len < 2)
			return VS_EBADVAL;
		struct cur o = cur_sub(c, (size_t)len - 2);
		if (c->bad)
			return VS_EBADVAL;
		if (kind == 2 && len == 4)
			out->mss = cur_be16(&o);
		else if (kind == 3 && len == 3)
			out->wscale = cur_u8(&o);
		else if (kind == 4 && len == 2)
			out->sack_ok = true;
		else if (kind == 8 && len == 10) {
			out->has_ts = true;
			out->ts_val = cur_be32(&o);
			out->ts_ecr = cur_be32(&o);
		}
	}
	return VS_OK;
}

enum vs_err proto_tcp_parse(const uint8_t *p, size_t n, struct proto_tcp *out)
{
	struct cur c = proto_cur(p, n);
	memset(out, 0, sizeof(*out));
	out->wscale = -1;
	out->sport = cur_be16(&c);
	out->dport = cur_be16(&c);
	out->seq = cur_be32(&c);
	out->ack = cur_be32(&c);
	uint8_t doff = cur_u8(&c);
	out->flags = cur_u8(&c) & 0x3f;
	out->window = cur_be16(&c);
	cur_skip(&c, 4);
	if (c.bad)
		return VS_ETRUNC;
	out->hlen = (uint8_t)((doff >> 4) * 4);
	if (out->hlen < 20)
		return VS_EBADVAL;
	struct cur opts = cur_sub(&c, (size_t)out->hlen - 20);
	if (c.bad)
		return VS_ETRUNC;
	enum vs_err e = tcp_options(&opts, out);
	if (e != VS_OK)
		return e;
	out->payload = cur_rest(&c);
	return VS_OK;
}
