/* Fuzz the DNS/mDNS dissector, walking every TXT record it returns. */
#include <stddef.h>
#include <stdint.h>

#include "proto/dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct proto_dns d;
	proto_dns_parse(data, size, &d);
	for (unsigned i = 0; i < d.n_rr; i++) {
		if (d.rr[i].type != PROTO_DNS_TXT)
			continue;
		struct cur t = cur_make(d.rr[i].rdata.p, d.rr[i].rdata.len);
		struct slice s;
		while (proto_dns_txt_next(&t, &s))
			;
	}
	return 0;
}
