/*
 * Fuzz cloud_match with hostile DNS names (a capture's queries and SNIs):
 * any bytes, any length, against the shipped clouds.tsv. The table is loaded
 * once from $VENDORSCOPE_DATA (CTest sets it); without it the matcher still
 * runs against an empty table. geo_country needs no target: libmaxminddb
 * parses the .mmdb and validates it itself; an address is fixed-size bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo/clouds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct clouds *table(void)
{
	static struct clouds *c;
	static int loaded;
	if (!loaded) {
		struct vs_error err = {0};
		loaded = 1;
		if (clouds_load(NULL, &c, &err))
			c = NULL;
	}
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *name = malloc(size + 1);
	if (!name)
		return 0;
	memcpy(name, data, size);
	name[size] = '\0';
	const struct cloud *r = cloud_match(table(), name);
	/* A match is a real label-boundary suffix of the name. */
	if (r) {
		size_t n = strlen(name), s = strlen(r->suffix);
		if (n && name[n - 1] == '.')
			n--;
		if (s > n || (s < n && name[n - s - 1] != '.'))
			abort();
	}
	free(name);
	return 0;
}
