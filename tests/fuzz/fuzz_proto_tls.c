/* Fuzz the TLS handshake dissector (SNI, certificate names). */
#include <stddef.h>
#include <stdint.h>

#include "proto/tls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_tls t;
	proto_tls_parse(data, size, &t);
	return 0;
}
