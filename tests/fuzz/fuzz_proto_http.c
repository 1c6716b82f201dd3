/* Fuzz the HTTP head parser and everything built on it (SSDP, RTSP, SIP). */
#include <stddef.h>
#include <stdint.h>

#include "proto/http.h"
#include "proto/rtsp.h"
#include "proto/sip.h"
#include "proto/ssdp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct proto_http m;
	if (proto_http_parse(data, size, &m) == VS_OK) {
		proto_http_auth_realm(proto_http_header(&m, "WWW-Authenticate"));
		proto_http_title(m.body);
	}
	proto_http_auth_realm((struct slice){data, size});
	proto_http_title((struct slice){data, size});
	struct proto_ssdp s;
	proto_ssdp_parse(data, size, &s);
	struct proto_rtsp r;
	proto_rtsp_parse(data, size, &r);
	struct proto_sip sp;
	proto_sip_parse(data, size, &sp);
	return 0;
}
