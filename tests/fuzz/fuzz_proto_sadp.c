/* Fuzz both SADP dissectors: UDP XML and the layer-2 0x8033 form. */
#include <stddef.h>
#include <stdint.h>

#include "proto/sadp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct proto_sadp out;
	proto_sadp_parse(data, size, &out);
	struct proto_sadp_l2 l2;
	proto_sadp_l2_parse(data, size, &l2);
	return 0;
}
