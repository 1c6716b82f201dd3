/* Fuzz the DHCPv4 dissector. */
#include <stddef.h>
#include <stdint.h>

#include "proto/dhcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_dhcp d;
	proto_dhcp_parse(data, size, &d);
	return 0;
}
