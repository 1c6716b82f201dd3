/*
 * WS-Discovery (OASIS WS-Discovery 1.1 / the 2005/04 draft that ONVIF
 * uses) over UDP 3702: Hello, Bye, Probe, ProbeMatches. Values are copied
 * into the struct; no allocation beyond expat's own.
 */
#ifndef VS_PROTO_WSD_H
#define VS_PROTO_WSD_H

#include <stdbool.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

#define PROTO_WSD_FIELD 256
#define PROTO_WSD_SCOPES 2048

enum proto_wsd_kind {
	PROTO_WSD_OTHER = 0,
	PROTO_WSD_HELLO,
	PROTO_WSD_BYE,
	PROTO_WSD_PROBE,
	PROTO_WSD_PROBE_MATCHES,
};

struct proto_wsd {
	enum proto_wsd_kind kind; /* from the Action URI */
	char action[PROTO_WSD_FIELD];
	char message_id[PROTO_WSD_FIELD];
	char address[PROTO_WSD_FIELD];   /* EndpointReference/Address: "urn:uuid:…" */
	char types[PROTO_WSD_FIELD];     /* "dn:NetworkVideoTransmitter tds:Device" */
	char scopes[PROTO_WSD_SCOPES];   /* space-separated URIs */
	char xaddrs[PROTO_WSD_FIELD];    /* space-separated service URLs */
};

/* VS_EBADVAL: not well-formed or the root is not a SOAP Envelope; VS_ETOOBIG. */
enum vs_err proto_wsd_parse(const uint8_t *p, size_t n, struct proto_wsd *out);

/*
 * The first ONVIF scope "onvif://www.onvif.org/<kind>/<value>" in a scopes
 * string ("hardware", "name", "location/country", …): value as a slice into
 * scopes (still percent-encoded, as sent), or an empty slice.
 */
struct slice proto_wsd_onvif_scope(const char *scopes, const char *kind);

#endif
