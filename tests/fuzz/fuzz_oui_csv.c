/* Fuzz the IEEE registry CSV parser (kb_oui_parse_csv): quoting, line breaks
 * inside quotes, limits. Every entry's organisation is read in full so ASan
 * sees any slice that points outside the input. */
#include <stddef.h>
#include <stdint.h>

#include "kb/kb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool entry(const char *registry, uint64_t prefix, unsigned bits, const char *org,
		  size_t org_len, void *ctx)
{
	size_t *sum = ctx;
	*sum += (size_t)registry[0] + (size_t)prefix + bits;
	for (size_t i = 0; i < org_len; i++)
		*sum += (unsigned char)org[i];
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vs_error err = {0};
	size_t sum = 0;
	kb_oui_parse_csv("fuzz.csv", data, size, entry, &sum, &err);
	return 0;
}
