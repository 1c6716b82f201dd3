/*
 * TLS handshake facts visible on the wire: the ClientHello server name
 * (SNI) and, for TLS <= 1.2 where the Certificate message is in clear, the
 * first certificate's subject and issuer. Pure parser; slices into the
 * packet.
 */
#ifndef VS_PROTO_TLS_H
#define VS_PROTO_TLS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

struct proto_x509_name {
	struct slice cn, o, ou, c, l, st;
};

struct proto_tls {
	uint16_t record_version;
	bool client_hello, server_hello, certificate;
	uint16_t hello_version; /* legacy_version of the hello */
	struct slice sni;       /* first host_name in server_name */
	unsigned n_ciphers;     /* ClientHello cipher suites offered */
	struct proto_x509_name subject, issuer; /* first certificate */
	bool cert_cut; /* the certificate continued past the data given */
};

/*
 * Parse one or more TLS records from the start of a TCP stream (either
 * direction). VS_EBADVAL: the first record is not a handshake with version
 * 3.x, or a hello/certificate is malformed; VS_ETRUNC: the data ends before
 * any hello or certificate could be read. A record or message cut by the
 * end of the data is read as far as it goes.
 */
enum vs_err proto_tls_parse(const uint8_t *p, size_t n, struct proto_tls *out);

#endif
