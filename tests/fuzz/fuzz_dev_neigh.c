/* Fuzz the arp-scan, ip neigh and arp -an output parser(s), and detection over the same bytes.
 * Seeds: the real tools' output of the lab (tests/fixtures/devices/). */
#include <stddef.h>
#include <stdint.h>

#include "import/devices.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"arp-scan", "ip-neigh", "arp"};
	device_format_detect(data, size < DEVICE_DETECT_BYTES ? size : DEVICE_DETECT_BYTES);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct device_list l = {0};
		struct vs_error err = {VS_OK, ""};
		device_format_by_name(names[i])->parse("fuzz", data, size, &l, &err);
		device_list_release(&l);
	}
	return 0;
}
