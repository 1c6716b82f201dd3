/* Fuzz the recovery-file reader (import/recovery.h): JSON lines turned back
 * into sightings, with every limit of model/sighting.h applied; and the
 * header alone, as db import-sensors reads a sensor's source header. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "import/recovery.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct recovery_header h;
	struct sighting *devs;
	size_t n;
	struct vs_error err = {VS_OK, ""};
	(void)recovery_detect(data, size);
	(void)recovery_parse_header("fuzz", data, size, &h, &err);
	err.code = VS_OK;
	if (recovery_parse("fuzz", data, size, &h, &devs, &n, &err) == VS_OK) {
		for (size_t i = 0; i < n; i++)
			sighting_release(&devs[i]);
		free(devs);
	}
	return 0;
}
