/* Fuzz the price-catalogue reader (CSV dialects, quoting, amounts). */
#include <stddef.h>
#include <stdint.h>

#include "plan/prices.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct price_catalogue c;
	struct vs_error err = {0};
	if (prices_parse("fuzz", data, size, &c, &err) == VS_OK) {
		for (size_t i = 0; i < c.n_items; i++) {
			int64_t x;
			prices_extras_per_unit(&c, c.items[i].type, &x);
		}
		prices_release(&c);
	}
	return 0;
}
