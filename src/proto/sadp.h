/*
 * Hikvision SADP discovery over UDP 37020 (XML). Values are copied into the
 * struct (XML entities); no allocation beyond expat's own.
 */
#ifndef VS_PROTO_SADP_H
#define VS_PROTO_SADP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#endif
