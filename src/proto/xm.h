/*
 * Xiongmai (XMeye / NETSurveillance) discovery over UDP 34569: a 20-byte
 * header and a JSON body. Values are copied into the struct.
 */
#ifndef VS_PROTO_XM_H
#define VS_PROTO_XM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define PROTO_XM_FIELD 128
#define PROTO_XM_SEARCH 1530 /* the broadcast request */
#define PROTO_XM_SEARCH_REPLY 1531

struct proto_xm {
	uint8_t version;
	uint32_t session, sequence;
	uint16_t msg_id;
	uint32_t body_len;
	bool has_body;
	char host_name[PROTO_XM_FIELD];   /* NetWork.NetCommon.HostName */
	char mac[PROTO_XM_FIELD];
	char sn[PROTO_XM_FIELD];
	char device_type[PROTO_XM_FIELD];
	char version_text[PROTO_XM_FIELD]; /* firmware "V4.02.R11…" */
	char tcp_port[PROTO_XM_FIELD];
	uint8_t host_ip[4];                /* decoded from "0x0A01A8C0" */
	bool has_host_ip;
};

/*
 * VS_ETRUNC: header or declared body beyond the datagram; VS_EBADVAL: first
 * byte not 0xff, or a reply body that is not a JSON object; VS_ETOOBIG.
 */
enum vs_err proto_xm_parse(const uint8_t *p, size_t n, struct proto_xm *out);

#endif
