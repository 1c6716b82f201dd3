/*
 * Pick named text fields out of a small XML document (discovery replies)
 * with expat, under limits. Shared by the SADP and WS-Discovery dissectors.
 * Values are copied (entity references make them differ from the packet
 * bytes) into buffers the caller owns.
 */
#ifndef VS_PROTO_XML_H
#define VS_PROTO_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define PROTO_XML_MAX_BYTES 65536 /* larger documents are refused */
#define PROTO_XML_MAX_DEPTH 16

struct proto_xml_field {
	const char *name; /* local name, namespace ignored */
	char *buf;        /* NUL-terminated text of the first such element */
	size_t cap;
	bool seen;
};

/*
 * Fill each field from the first element with its local name, at any depth;
 * root gets the root element's local name. VS_EBADVAL: not well-formed, or a
 * DOCTYPE (refused outright: no entity expansion attacks); VS_ETOOBIG: the
 * document, the depth or a wanted value exceeds its limit; VS_ENOMEM.
 */
enum vs_err proto_xml_fields(const uint8_t *p, size_t n, char *root, size_t root_cap,
			     struct proto_xml_field *f, size_t nf);

#endif
