/*
 * The HTTP/1.x message head (RFC 9112), shared by everything that speaks
 * it: HTTP, SSDP over UDP, RTSP (RFC 7826) and SIP (RFC 3261). Pure parser,
 * no allocation: every field is a slice into the caller's buffer.
 */
#ifndef VS_PROTO_HTTP_H
#define VS_PROTO_HTTP_H

#include <stdbool.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

#define PROTO_HTTP_MAX_HEADERS 48 /* kept; later ones are counted in dropped */
#define PROTO_HTTP_MAX_HEAD 16384 /* bytes searched for the end of the head */
#define PROTO_HTTP_TITLE_WINDOW 8192 /* body bytes searched for <title> */

struct proto_http_header {
	struct slice name, value; /* value without surrounding blanks */
};

struct proto_http {
	bool response;
	struct slice method, target; /* request line */
	struct slice version;        /* "HTTP/1.1", "RTSP/1.0", "SIP/2.0" */
	int status;                  /* response: 100..999 */
	struct slice reason;
	unsigned n_headers, dropped;
	struct proto_http_header h[PROTO_HTTP_MAX_HEADERS];
	bool complete;     /* the empty line ending the head was seen */
	struct slice body; /* whatever follows the head in this buffer */
};

/*
 * Parse a start line and headers. VS_EBADVAL: the first line is neither a
 * request nor a status line, or a header line has no colon. VS_ETRUNC: the
 * head did not end in the buffer (a first TCP segment): the fields read so
 * far are valid and complete is false. VS_ETOOBIG: no end of head within
 * PROTO_HTTP_MAX_HEAD bytes.
 */
enum vs_err proto_http_parse(const uint8_t *p, size_t n, struct proto_http *out);

/* First header with this name (ASCII case-insensitive); empty slice if none. */
struct slice proto_http_header(const struct proto_http *m, const char *name);

/* realm="..." of a WWW-Authenticate value (Basic or Digest); empty if none. */
struct slice proto_http_auth_realm(struct slice value);

/* Text between <title> and </title> in the first bytes of a body, trimmed. */
struct slice proto_http_title(struct slice body);

/* ASCII case-insensitive comparison of a slice with a literal. */
bool proto_slice_ieq(struct slice s, const char *lit);

#endif
