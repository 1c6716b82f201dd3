/*
 * Dahua DHIP discovery over UDP 37810: a 32-byte header and a JSON body.
 * Values are copied into the struct; jansson allocates while parsing.
 */
#ifndef VS_PROTO_DHIP_H
#define VS_PROTO_DHIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

#define PROTO_DHIP_FIELD 128

struct proto_dhip {
	uint32_t session, id, body_len;
	char method[PROTO_DHIP_FIELD]; /* "DHDiscover.search", "client.notifyDevInfo" */
	char device_class[PROTO_DHIP_FIELD];
	char device_type[PROTO_DHIP_FIELD];   /* the model */
	char serial_no[PROTO_DHIP_FIELD];
	char machine_name[PROTO_DHIP_FIELD];
	char vendor[PROTO_DHIP_FIELD];        /* OEM re-badging: "General", "Amcrest" */
	char manufacturer[PROTO_DHIP_FIELD];
	char version[PROTO_DHIP_FIELD];
	char ipv4[PROTO_DHIP_FIELD];          /* IPv4Address.IPAddress */
	char mac[PROTO_DHIP_FIELD];           /* params.mac or deviceInfo.MAC */
	char http_port[PROTO_DHIP_FIELD];
	char port[PROTO_DHIP_FIELD];
};

/*
 * VS_ETRUNC: header or declared body beyond the datagram; VS_EBADVAL: wrong
 * magic, the two length fields disagree, or the body is not a JSON object
 * with a string "method"; VS_ETOOBIG: body or a value over its limit.
 */
enum vs_err proto_dhip_parse(const uint8_t *p, size_t n, struct proto_dhip *out);

/*
 * The older Dahua discovery on UDP 5050: a 120-byte binary header, the MAC
 * (and sometimes the model) as text, then "Key:Value" lines. Slices point
 * into the packet.
 */
struct proto_dhip_v1 {
	bool request;            /* 0xa3 search; 0xb3 reply */
	struct slice device_type; /* header field, NUL padding removed */
	uint8_t ipv4[4];          /* as sent (network order) */
	struct slice mac;         /* "3c:ef:8c:44:55:66" */
	struct slice model;       /* rest of section 2, when present */
	struct slice kv;          /* section 3: "Key:Value" lines */
	struct slice serial;      /* SerialNo from section 3 */
};

/*
 * VS_ETRUNC below the header or declared sections; VS_EBADVAL: first byte
 * neither 0xa3 nor 0xb3, or the section lengths do not add up to the
 * datagram (a reply must fill it exactly).
 */
enum vs_err proto_dhip_v1_parse(const uint8_t *p, size_t n, struct proto_dhip_v1 *out);

/* Value of the first "key:" line in a section 3 block; empty if absent. */
struct slice proto_dhip_v1_value(struct slice kv, const char *key);

#endif
