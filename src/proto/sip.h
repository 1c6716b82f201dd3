/* SIP (RFC 3261) messages: who the endpoint says it is. */
#ifndef VS_PROTO_SIP_H
#define VS_PROTO_SIP_H

#include "proto/http.h"

struct proto_sip {
	bool response;
	int status;
	struct slice method;     /* REGISTER, INVITE, OPTIONS ... */
	struct slice user_agent; /* "Yealink SIP-T46S 66.86.0.15" */
	struct slice server;
	struct slice from, to, call_id;
};

/* VS_EBADVAL unless the version is SIP/2.0; VS_ETRUNC as proto_http_parse. */
enum vs_err proto_sip_parse(const uint8_t *p, size_t n, struct proto_sip *out);

#endif
