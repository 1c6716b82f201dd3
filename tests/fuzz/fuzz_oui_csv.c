/* Fuzz the IEEE registry CSV parser (kb_oui_parse_csv): quoting, line breaks
 * inside quotes, limits, the registrant's country from the address. Every
 * entry's organisation and country are read in full so ASan sees any slice
 * that points outside the input. */
#include <stddef.h>
#include <stdint.h>

#include "kb/kb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool entry(const char *registry, uint64_t prefix, unsigned bits, const char *org,
		  size_t org_len, const char *country, void *ctx)
{
	size_t *sum = ctx;
	*sum += (size_t)registry[0] + (size_t)prefix + bits;
	if (country)
		*sum += (size_t)country[0] + (size_t)country[1] + (size_t)country[2];
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
