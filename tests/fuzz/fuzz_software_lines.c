/* Fuzz the dpkg-query and rpm --qf package lists, and auto-detection (which
 * also sends csv-looking input through the software csv route). */
#include <stddef.h>
#include <stdint.h>

#include "import/software.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum vs_err accept(const struct record *r, void *ctx, struct vs_error *err)
{
	(void)err;
	size_t *n = ctx;
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		for (const char *p = r->field[f]; p && *p; p++)
			(*n)++;
	return VS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum software_format fmts[] = {SW_FORMAT_DPKG, SW_FORMAT_RPM, SW_FORMAT_AUTO};
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		size_t n = 0;
		struct vs_error err = {VS_OK, ""};
		import_software_mem("fuzz", data, size, fmts[i], NULL, accept, &n, &err);
	}
	return 0;
}
