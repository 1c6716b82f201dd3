/* SSDP (UPnP Device Architecture 2.0 section 1) over UDP 1900. Pure parser. */
#ifndef VS_PROTO_SSDP_H
#define VS_PROTO_SSDP_H

#include "proto/http.h"

enum proto_ssdp_kind { PROTO_SSDP_MSEARCH = 1, PROTO_SSDP_NOTIFY, PROTO_SSDP_RESPONSE };

struct proto_ssdp {
	enum proto_ssdp_kind kind;
	struct slice server;   /* SERVER: "OS/ver UPnP/1.0 product/ver" */
	struct slice location; /* LOCATION: URL of the description XML */
	struct slice st;       /* ST (search, response) or NT (notify) */
	struct slice usn, nts, user_agent;
};

/*
 * VS_EBADVAL: not an M-SEARCH/NOTIFY request or a response with "* HTTP/1.x";
 * VS_ETRUNC: the datagram lacks the empty line that ends the head (fields
 * read so far are set).
 */
enum vs_err proto_ssdp_parse(const uint8_t *p, size_t n, struct proto_ssdp *out);

#endif
