/*
 * Fuzz the CSV import end to end (reader, encodings, header mapping, counts)
 * on bytes in memory. The callback reads every byte of every field so ASan
 * sees any field that is not a valid NUL-terminated string. The first input
 * byte chooses a --map (none, valid, or malformed) and the record kind.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "import/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum vs_err touch(const struct record *r, void *ctx, struct vs_error *err)
{
	(void)err;
	size_t *sum = ctx;
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		for (const char *p = r->field[f]; p && *p; p++)
			*sum += (unsigned char)*p;
	*sum += strlen(r->source_path) + strlen(r->source_method) + (size_t)r->line;
	*sum += (size_t)r->count.value + (size_t)r->count.low + (size_t)r->count.high;
	/* A count the importer accepted is one count_parse accepts in range. */
	if (r->count.value < 0 || r->count.value > 100000000LL || r->count.low > r->count.value)
		__builtin_trap();
	return VS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const maps[] = {NULL, "Ejer=-,Enhed=type", "Enhed=nope", "Type=note,type=-", "a=b=c"};
	struct import_opts o = {NULL, ASSET_HARDWARE};
	if (size > 0 && data[0] < 8) {
		o.map = maps[data[0] % 5];
		o.kind = data[0] & 4 ? ASSET_SOFTWARE : ASSET_HARDWARE;
		data++, size--;
	}
	struct vs_error err = {VS_OK, ""};
	size_t sum = 0;
	enum vs_err e = import_csv_mem("fuzz.csv", size ? data : NULL, size, &o, touch, &sum, &err);
	/* Every failure says why. */
	if (e != VS_OK && err.msg[0] == '\0')
		__builtin_trap();
	return 0;
}
