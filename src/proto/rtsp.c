/*
 * RFC 2326 section 6-7 (RTSP/1.0) and RFC 7826 (RTSP/2.0): the message head
 * has HTTP/1.1's syntax with "RTSP/x.y" as the version; Server, CSeq,
 * User-Agent and WWW-Authenticate are the HTTP fields of the same name.
 */
#include "proto/rtsp.h"

#include <string.h>

enum vs_err proto_rtsp_parse(const uint8_t *p, size_t n, struct proto_rtsp *out)
{
	static const struct proto_rtsp zero;
	*out = zero;
	struct proto_http m;
	enum vs_err e = proto_http_parse(p, n, &m);
	if (e != VS_OK && e != VS_ETRUNC)
		return e;
	if (m.version.len == 0)
		return VS_ETRUNC; /* cut before the start line ended */
	if (m.version.len < 5 || memcmp(m.version.p, "RTSP/", 5) != 0)
		return VS_EBADVAL;
	out->response = m.response;
	out->status = m.status;
	out->method = m.method;
	out->server = proto_http_header(&m, "Server");
	out->realm = proto_http_auth_realm(proto_http_header(&m, "WWW-Authenticate"));
	out->user_agent = proto_http_header(&m, "User-Agent");
	out->cseq = proto_http_header(&m, "CSeq");
	return e;
}
