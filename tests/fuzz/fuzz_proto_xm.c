/* Fuzz the xm dissector. */
#include <stddef.h>
#include <stdint.h>

#include "proto/xm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct proto_xm out;
	proto_xm_parse(data, size, &out);
	return 0;
}
