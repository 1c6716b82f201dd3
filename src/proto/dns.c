/*
 * RFC 1035 section 4: header id(2) flags(2) qdcount(2) ancount(2)
 * nscount(2) arcount(2); question name type(2) class(2); record name
 * type(2) class(2) ttl(4) rdlength(2) rdata.
 * Names (4.1.4): labels len(1) < 64, or a pointer 11xxxxxx xxxxxxxx to an
 * earlier offset in the message; 01/10 prefixes are reserved (RFC 6891).
 * RFC 2782 SRV rdata: priority(2) weight(2) port(2) target.
 * RFC 3596 AAAA rdata: 16 bytes.
 *
 * Loop safety: each pointer must point strictly before the label that
 * holds it, so a chain always moves backwards and ends; hops are capped too.
 */
#include "proto/dns.h"
#include "proto/pcur.h"

#include <stdio.h>
#include <string.h>

static bool put(char *dst, size_t *pos, char ch)
{
	if (*pos + 1 >= PROTO_DNS_NAME_MAX)
		return false;
	dst[(*pos)++] = ch;
	return true;
}

/* Decode the name at c's offset into dst; c moves past the name's first run. */
static enum vs_err read_name(struct cur *c, const uint8_t *msg, size_t msglen, char *dst)
{
	size_t pos = 0, wire = 0, off = c->off;
	unsigned hops = 0;
	bool jumped = false;
	size_t limit = off; /* a pointer must go below this */
	dst[0] = '\0';
	for (;;) {
		if (off >= msglen)
			return VS_ETRUNC;
		uint8_t len = msg[off];
		if ((len & 0xc0) == 0xc0) {
			if (off + 1 >= msglen)
				return VS_ETRUNC;
			size_t target = (size_t)(len & 0x3f) << 8 | msg[off + 1];
			if (!jumped)
				cur_skip(c, off + 2 - c->off);
			jumped = true;
			if (target >= limit || ++hops > PROTO_DNS_MAX_HOPS)
				return VS_EBADVAL;
			limit = target;
			off = target;
			continue;
		}
		if (len & 0xc0)
			return VS_EBADVAL;
		wire += (size_t)len + 1;
		if (wire > 255)
			return VS_EBADVAL;
		if (len == 0) {
			if (!jumped)
				cur_skip(c, off + 1 - c->off);
			break;
		}
		if (off + 1 + len > msglen)
			return VS_ETRUNC;
		if (pos > 0 && !put(dst, &pos, '.'))
			return VS_EBADVAL;
		for (size_t i = 0; i < len; i++) {
			uint8_t b = msg[off + 1 + i];
			if (b < 0x20 || b == 0x7f || b == '.' || b == '\\') {
				char esc[5];
				snprintf(esc, sizeof(esc), "\\%03u", b);
				for (int k = 0; k < 4; k++)
					if (!put(dst, &pos, esc[k]))
						return VS_EBADVAL;
			} else if (!put(dst, &pos, (char)b)) {
				return VS_EBADVAL;
			}
		}
		off += 1 + (size_t)len;
	}
	if (pos == 0)
		dst[pos++] = '.';
	dst[pos] = '\0';
	return c->bad ? VS_ETRUNC : VS_OK;
}

static enum vs_err read_rr(struct cur *c, const uint8_t *p, size_t n, struct proto_dns_rr *rr)
{
	enum vs_err e = read_name(c, p, n, rr->name);
	if (e != VS_OK)
		return e;
	rr->type = cur_be16(c);
	rr->class = cur_be16(c);
	rr->ttl = cur_be32(c);
	uint16_t rdlen = cur_be16(c);
	size_t rd_off = c->off;
	rr->rdata = cur_bytes(c, rdlen);
	if (c->bad)
		return VS_ETRUNC;
	/* A name inside rdata may point anywhere earlier in the message, but
	 * must itself end inside the rdata. */
	struct cur in = cur_make(p, rd_off + rdlen);
	in.off = rd_off;
	switch (rr->type) {
	case PROTO_DNS_A:
		if (rdlen != 4)
			return VS_EBADVAL;
		memcpy(rr->addr, rr->rdata.p, 4);
		break;
	case PROTO_DNS_AAAA:
		if (rdlen != 16)
			return VS_EBADVAL;
		memcpy(rr->addr, rr->rdata.p, 16);
		break;
	case PROTO_DNS_SRV:
		rr->srv_prio = cur_be16(&in);
		rr->srv_weight = cur_be16(&in);
		rr->srv_port = cur_be16(&in);
		if (in.bad)
			return VS_EBADVAL;
		e = read_name(&in, p, n, rr->target);
		if (e != VS_OK)
			return VS_EBADVAL;
		break;
	case PROTO_DNS_CNAME:
	case PROTO_DNS_PTR:
		e = read_name(&in, p, n, rr->target);
		if (e != VS_OK)
			return VS_EBADVAL;
		break;
	default:
		break;
	}
	return VS_OK;
}

enum vs_err proto_dns_parse(const uint8_t *p, size_t n, struct proto_dns *out)
{
	struct cur c = proto_cur(p, n);
	out->n_q = out->n_rr = 0;
	out->dropped = false;
	out->id = cur_be16(&c);
	out->flags = cur_be16(&c);
	out->qdcount = cur_be16(&c);
	out->ancount = cur_be16(&c);
	out->nscount = cur_be16(&c);
	out->arcount = cur_be16(&c);
	if (c.bad)
		return VS_ETRUNC;
	out->response = (out->flags & 0x8000) != 0;
	out->opcode = (out->flags >> 11) & 0x0f;
	out->rcode = out->flags & 0x0f;
	/* Counts are claims: the loops stop at the end of the data, whatever they say. */
	for (unsigned i = 0; i < out->qdcount; i++) {
		struct proto_dns_q scratch, *q = out->n_q < PROTO_DNS_MAX_Q ? &out->q[out->n_q] : &scratch;
		enum vs_err e = read_name(&c, p, n, q->name);
		if (e != VS_OK)
			return e;
		q->type = cur_be16(&c);
		q->class = cur_be16(&c);
		if (c.bad)
			return VS_ETRUNC;
		if (q == &scratch)
			out->dropped = true;
		else
			out->n_q++;
	}
	unsigned total = (unsigned)out->ancount + out->nscount + out->arcount;
	for (unsigned i = 0; i < total; i++) {
		struct proto_dns_rr scratch;
		struct proto_dns_rr *rr = out->n_rr < PROTO_DNS_MAX_RR ? &out->rr[out->n_rr] : &scratch;
		memset(rr, 0, sizeof(*rr));
		rr->section = i < out->ancount ? PROTO_DNS_AN
			      : i < (unsigned)out->ancount + out->nscount ? PROTO_DNS_NS
									  : PROTO_DNS_AR;
		enum vs_err e = read_rr(&c, p, n, rr);
		if (e != VS_OK)
			return e;
		if (rr == &scratch)
			out->dropped = true;
		else
			out->n_rr++;
	}
	return VS_OK;
}

bool proto_dns_txt_next(struct cur *txt, struct slice *out)
{
	if (cur_eof(txt) || txt->bad)
		return false;
	uint8_t len = cur_u8(txt);
	*out = cur_bytes(txt, len);
	return !txt->bad;
}
