/*
 * RFC 3261 section 7: SIP messages share HTTP/1.1's head syntax with version
 * "SIP/2.0". Section 7.3.3 compact forms: f = From, t = To, i = Call-ID.
 * User-Agent (20.41) and Server (20.35) carry the product tokens.
 */
#include "proto/sip.h"

static struct slice either(const struct proto_http *m, const char *lng, const char *compact)
{
	struct slice s = proto_http_header(m, lng);
	return s.p ? s : proto_http_header(m, compact);
}

enum vs_err proto_sip_parse(const uint8_t *p, size_t n, struct proto_sip *out)
{
	static const struct proto_sip zero;
	*out = zero;
	struct proto_http m;
	enum vs_err e = proto_http_parse(p, n, &m);
	if (e != VS_OK && e != VS_ETRUNC)
		return e;
	if (m.version.len == 0)
		return VS_ETRUNC; /* cut before the start line ended */
	if (!slice_eq(m.version, "SIP/2.0"))
		return VS_EBADVAL;
	out->response = m.response;
	out->status = m.status;
	out->method = m.method;
	out->user_agent = proto_http_header(&m, "User-Agent");
	out->server = proto_http_header(&m, "Server");
	out->from = either(&m, "From", "f");
	out->to = either(&m, "To", "t");
	out->call_id = either(&m, "Call-ID", "i");
	return e;
}
