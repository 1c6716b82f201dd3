/* Fuzz the sadp dissector. */
#include <stddef.h>
#include <stdint.h>

#include "proto/sadp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct proto_sadp out;
	proto_sadp_parse(data, size, &out);
	return 0;
}
