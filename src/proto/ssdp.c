/*
 * UPnP Device Architecture 2.0, section 1 (Discovery): HTTPU messages
 *   M-SEARCH * HTTP/1.1  (HOST, MAN "ssdp:discover", MX, ST, USER-AGENT)
 *   NOTIFY * HTTP/1.1    (HOST, NT, NTS ssdp:alive|byebye, USN, LOCATION, SERVER)
 *   HTTP/1.1 200 OK      (ST, USN, LOCATION, SERVER, CACHE-CONTROL, EXT)
 */
#include "proto/ssdp.h"

#include <string.h>

enum vs_err proto_ssdp_parse(const uint8_t *p, size_t n, struct proto_ssdp *out)
{
	static const struct proto_ssdp zero;
	*out = zero;
	struct proto_http m;
	enum vs_err e = proto_http_parse(p, n, &m);
	if (e != VS_OK && e != VS_ETRUNC)
		return e;
	if (m.version.len == 0)
		return VS_ETRUNC; /* cut before the start line ended */
	if (m.response) {
		if (!slice_eq(m.version, "HTTP/1.1") && !slice_eq(m.version, "HTTP/1.0"))
			return VS_EBADVAL;
		out->kind = PROTO_SSDP_RESPONSE;
	} else {
		if (!slice_eq(m.target, "*") || memcmp(m.version.p, "HTTP/", 5) != 0)
			return VS_EBADVAL;
		if (slice_eq(m.method, "M-SEARCH"))
			out->kind = PROTO_SSDP_MSEARCH;
		else if (slice_eq(m.method, "NOTIFY"))
			out->kind = PROTO_SSDP_NOTIFY;
		else
			return VS_EBADVAL;
	}
	out->server = proto_http_header(&m, "SERVER");
	out->location = proto_http_header(&m, "LOCATION");
	out->st = proto_http_header(&m, out->kind == PROTO_SSDP_NOTIFY ? "NT" : "ST");
	out->usn = proto_http_header(&m, "USN");
	out->nts = proto_http_header(&m, "NTS");
	out->user_agent = proto_http_header(&m, "USER-AGENT");
	return e;
}
