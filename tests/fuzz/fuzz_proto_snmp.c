/* Fuzz the SNMP dissector and the OID text conversion of every varbind. */
#include <stddef.h>
#include <stdint.h>

#include "proto/snmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct proto_snmp s;
	char buf[128];
	if (proto_snmp_parse(data, size, &s) == VS_OK) {
		for (unsigned i = 0; i < s.n_varbinds; i++)
			proto_ber_oid_text(s.vb[i].oid, buf, sizeof(buf));
		proto_ber_oid_text(s.sys_object_id, buf, sizeof(buf));
	}
	proto_ber_oid_text((struct slice){data, size}, buf, sizeof(buf));
	return 0;
}
