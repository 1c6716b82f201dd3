/*
 * Hikvision SADP discovery over UDP 37020 (XML). Values are copied into the
 * struct (XML entities); no allocation beyond expat's own.
 */
#ifndef VS_PROTO_SADP_H
#define VS_PROTO_SADP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

#define PROTO_SADP_FIELD 128

enum proto_sadp_kind { PROTO_SADP_PROBE = 1, PROTO_SADP_PROBE_MATCH };

struct proto_sadp {
	enum proto_sadp_kind kind;
	char uuid[PROTO_SADP_FIELD];
	char types[PROTO_SADP_FIELD];              /* "inquiry", "inquiry_v32" */
	char device_type[PROTO_SADP_FIELD];        /* a number */
	char device_description[PROTO_SADP_FIELD]; /* the model, "DS-2CD2320D-I" */
	char device_sn[PROTO_SADP_FIELD];          /* model + YYYYMMDD + serial */
	char mac[PROTO_SADP_FIELD];                /* "c0-56-e3-01-02-03" */
	char ipv4[PROTO_SADP_FIELD];
	char software_version[PROTO_SADP_FIELD];   /* "V5.5.6build 180326" */
	char dsp_version[PROTO_SADP_FIELD];
	char command_port[PROTO_SADP_FIELD];
	char http_port[PROTO_SADP_FIELD];
	char activated[PROTO_SADP_FIELD];
	char oem_info[PROTO_SADP_FIELD];           /* OEM re-badging, when sent */
};

/*
 * VS_EBADVAL: not well-formed XML, or the root is neither <Probe> nor
 * <ProbeMatch>; VS_ETOOBIG: a value, the depth or the datagram exceeds a
 * limit. Trailing NUL padding after the document is allowed.
 */
enum vs_err proto_sadp_parse(const uint8_t *p, size_t n, struct proto_sadp *out);

/*
 * The older layer-2 SADP form (ethertype 0x8033): a 38-byte header with the
 * sender's MAC and IPv4 address, then a query-specific payload.
 */
struct proto_sadp_l2 {
	uint8_t packet_type; /* low nibble: 1 response, 2 request */
	uint16_t origin;     /* 0x4201 from the SADP tool, else from a device */
	uint32_t counter;
	uint8_t query_type;  /* 3 inquiry, 4 inquiry response, … */
	uint8_t query_params;
	uint16_t checksum;
	uint8_t src_mac[6], src_ip[4];
	uint8_t dst_mac[6], dst_ip[4];
	uint8_t subnet_mask[4];
	struct slice payload;
};

/* VS_ETRUNC below 38 bytes; VS_EBADVAL when the first byte is not 0x21. */
enum vs_err proto_sadp_l2_parse(const uint8_t *p, size_t n, struct proto_sadp_l2 *out);

#endif
