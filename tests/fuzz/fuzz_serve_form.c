/*
 * Fuzz the form and cookie parsers of vendorscope serve (serve/form.c):
 * the input as a urlencoded body and as a Cookie header. Every field
 * accepted is NUL-free UTF-8 with a name that fits.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve_int.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct serve_params ps = {0};
	struct vs_error err = {0};
	if (serve_form_parse((const char *)data, size, &ps, &err) == VS_OK) {
		for (size_t i = 0; i < ps.n; i++) {
			const char *v = ps.p[i].value;
			if (strlen(ps.p[i].name) >= SERVE_MAX_PARAM_NAME ||
			    !utf8_valid((const uint8_t *)v, strlen(v), NULL))
				__builtin_trap();
		}
	}
	serve_params_release(&ps);
	char *header = malloc(size + 1);
	if (!header)
		return 0;
	memcpy(header, data, size);
	header[size] = 0;
	char v[65];
	if (serve_cookie_get(header, "vs_session", v, sizeof(v)) && strlen(v) >= sizeof(v))
		__builtin_trap();
	free(header);
	return 0;
}
