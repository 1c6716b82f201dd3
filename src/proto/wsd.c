/*
 * WS-Discovery 1.1 (OASIS, 2009) and the 2005/04 draft used by ONVIF
 * (ONVIF Core Specification section 7.3): SOAP 1.2 Envelope with
 *   Header/wsa:Action   …/discovery/Hello | Bye | Probe | ProbeMatches
 *   Header/wsa:MessageID
 *   Body/Hello|ProbeMatches/ProbeMatch: wsa:EndpointReference/wsa:Address,
 *     d:Types, d:Scopes, d:XAddrs, d:MetadataVersion
 * ONVIF scopes: onvif://www.onvif.org/{hardware,name,location,type,Profile}/…
 * The first ProbeMatch is read; a camera answers with one.
 */
#include "proto/wsd.h"

#include <string.h>

#include "proto/xml.h"

#define F(tag, member) {tag, out->member, sizeof(out->member), false}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

enum vs_err proto_wsd_parse(const uint8_t *p, size_t n, struct proto_wsd *out)
{
	memset(out, 0, sizeof(*out));
	while (n > 0 && p[n - 1] == '\0')
		n--;
	struct proto_xml_field f[] = {
		F("Action", action), F("MessageID", message_id), F("Address", address),
		F("Types", types),   F("Scopes", scopes),        F("XAddrs", xaddrs),
	};
	char root[32];
	enum vs_err e = proto_xml_fields(p, n, root, sizeof(root), f, sizeof(f) / sizeof(f[0]));
	if (e == VS_ETOOBIG && root[0] == '\0')
		return VS_EBADVAL;
	if (e != VS_OK)
		return e;
	if (strcmp(root, "Envelope") != 0)
		return VS_EBADVAL;
	if (ends_with(out->action, "/Hello"))
		out->kind = PROTO_WSD_HELLO;
	else if (ends_with(out->action, "/Bye"))
		out->kind = PROTO_WSD_BYE;
	else if (ends_with(out->action, "/Probe"))
		out->kind = PROTO_WSD_PROBE;
	else if (ends_with(out->action, "/ProbeMatches"))
		out->kind = PROTO_WSD_PROBE_MATCHES;
	return VS_OK;
}

struct slice proto_wsd_onvif_scope(const char *scopes, const char *kind)
{
	static const char base[] = "onvif://www.onvif.org/";
	struct slice none = {NULL, 0};
	size_t klen = strlen(kind);
	const char *s = scopes;
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		size_t len = strcspn(s, " \t\r\n");
		if (len > sizeof(base) - 1 + klen + 1 && strncmp(s, base, sizeof(base) - 1) == 0 &&
		    strncmp(s + sizeof(base) - 1, kind, klen) == 0 && s[sizeof(base) - 1 + klen] == '/') {
			size_t skip = sizeof(base) - 1 + klen + 1;
			struct slice v = {(const uint8_t *)s + skip, len - skip};
			return v;
		}
		s += len;
	}
	return none;
}
