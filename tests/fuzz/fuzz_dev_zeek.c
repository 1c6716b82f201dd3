/*
 * Fuzz the Zeek log reader (import/dev_zeek.c): detection, then the parse
 * into a device list, whose every string is touched so ASan sees a bad one.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "import/devices.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct device_format *f = device_format_by_name("zeek");
	if (!f)
		return 0;
	(void)f->detect(data, size < DEVICE_DETECT_BYTES ? size : DEVICE_DETECT_BYTES);
	struct device_list l = {0};
	struct vs_error err = {VS_OK, ""};
	size_t n = 0;
	if (f->parse("fuzz", data, size, &l, &err) == VS_OK) {
		for (size_t i = 0; i < l.n; i++) {
			const struct sighting *s = &l.dev[i];
			for (size_t k = 0; k < s->n_obs; k++)
				n += strlen(s->obs[k].value) + strlen(s->obs[k].method);
			for (size_t k = 0; k < s->n_names; k++)
				n += strlen(s->names[k].name) + strlen(s->names[k].addr);
			for (size_t k = 0; k < s->n_peers; k++)
				n += strlen(s->peers[k].addr) + (s->peers[k].name ? strlen(s->peers[k].name) : 0);
		}
	} else {
		n += strlen(err.msg);
	}
	device_list_release(&l);
	return n == (size_t)-1; /* n used: the reads are not optimised away */
}
