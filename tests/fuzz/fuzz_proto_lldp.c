/* Fuzz the LLDP and CDP dissectors. */
#include <stddef.h>
#include <stdint.h>

#include "proto/lldp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_lldp l;
	proto_lldp_parse(data, size, &l);
	struct proto_cdp c;
	proto_cdp_parse(data, size, &c);
	return 0;
}
