/* Fuzz both Dahua discovery dissectors: DHIP (37810) and the 5050 form. */
#include <stddef.h>
#include <stdint.h>

#include "proto/dhip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct proto_dhip out;
	proto_dhip_parse(data, size, &out);
	struct proto_dhip_v1 v1;
	if (proto_dhip_v1_parse(data, size, &v1) == VS_OK)
		proto_dhip_v1_value(v1.kv, "IPv6Addr");
	return 0;
}
