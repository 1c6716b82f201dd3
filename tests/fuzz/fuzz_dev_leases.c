/* Fuzz the DHCP lease parsers (ISC dhcpd, dnsmasq, Kea, Windows) and
 * their detection: every parser sees every input, as --format forces it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "import/devices.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct device_format *const fmts[] = {
		&dev_format_isc_dhcpd, &dev_format_dnsmasq, &dev_format_kea, &dev_format_windows_dhcp,
	};
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		fmts[i]->detect(data, size < DEVICE_DETECT_BYTES ? size : DEVICE_DETECT_BYTES);
		struct device_list l;
		memset(&l, 0, sizeof(l));
		struct vs_error err = {VS_OK, ""};
		fmts[i]->parse("fuzz", data, size, &l, &err);
		device_list_release(&l);
	}
	return 0;
}
