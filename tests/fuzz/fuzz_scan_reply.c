/*
 * Fuzz what scan/ reads from a reply itself (the rest goes to the
 * dissectors, fuzzed on their own): an SSDP LOCATION turned into a
 * follow-up target, and a TARGETS word (user input, but the scope must
 * hold exactly what it says whatever the bytes).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/scan.h"
#include "scan/scope.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t addr;
	uint16_t port;
	char path[64];
	scan_location(data, size, &addr, &port, path, sizeof(path));
	if (size > 64)
		return 0;
	char word[65];
	memcpy(word, data, size);
	word[size] = '\0';
	struct scope s;
	scope_init(&s);
	struct vs_error err = {0};
	if (scope_add(&s, word, false, &err) == VS_OK && scope_seal(&s, &err) == VS_OK) {
		/* Whatever was accepted is private, hosts only, and within the limit. */
		if (s.count == 0 || s.count > 65536 || !scope_addr_private(s.r[0].lo) ||
		    !scope_addr_private(s.r[s.n - 1].hi) ||
		    scope_index(&s, scope_addr(&s, s.count - 1)) != (int64_t)s.count - 1)
			abort();
	}
	scope_release(&s);
	return 0;
}
