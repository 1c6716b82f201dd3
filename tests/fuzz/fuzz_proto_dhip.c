/* Fuzz the dhip dissector. */
#include <stddef.h>
#include <stdint.h>

#include "proto/dhip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct proto_dhip out;
	proto_dhip_parse(data, size, &out);
	return 0;
}
