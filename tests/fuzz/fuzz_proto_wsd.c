/* Fuzz the WS-Discovery dissector and the ONVIF scope lookup. */
#include <stddef.h>
#include <stdint.h>

#include "proto/wsd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct proto_wsd out;
	if (proto_wsd_parse(data, size, &out) == VS_OK) {
		proto_wsd_onvif_scope(out.scopes, "hardware");
		proto_wsd_onvif_scope(out.scopes, "location/country");
	}
	return 0;
}
