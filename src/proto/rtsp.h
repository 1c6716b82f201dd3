/* RTSP (RFC 2326 / RFC 7826) responses: the server banner and auth realm. */
#ifndef VS_PROTO_RTSP_H
#define VS_PROTO_RTSP_H

#include "proto/http.h"

struct proto_rtsp {
	bool response;
	int status;
	struct slice method;     /* request: OPTIONS, DESCRIBE ... */
	struct slice server;     /* "Rtsp Server/3.0", "H264DVR rtspd 1.0" */
	struct slice realm;      /* WWW-Authenticate realm ("Login to <serial>") */
	struct slice user_agent; /* request */
	struct slice cseq;
};

/* VS_EBADVAL unless the version is RTSP/x.y; VS_ETRUNC as proto_http_parse. */
enum vs_err proto_rtsp_parse(const uint8_t *p, size_t n, struct proto_rtsp *out);

#endif
