/* Fuzz the link, network and transport dissectors as capture chains them. */
#include <stddef.h>
#include <stdint.h>

#include "proto/arp.h"
#include "proto/eth.h"
#include "proto/ip.h"
#include "proto/l4.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void transport(uint8_t proto, struct slice s)
{
	if (proto == PROTO_IP_UDP) {
		struct proto_udp u;
		proto_udp_parse(s.p, s.len, &u);
	} else if (proto == PROTO_IP_TCP) {
		struct proto_tcp t;
		proto_tcp_parse(s.p, s.len, &t);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_eth e;
	if (proto_eth_parse(data, size, &e) == VS_OK) {
		if (e.ethertype == PROTO_ETHERTYPE_ARP) {
			struct proto_arp a;
			proto_arp_parse(e.payload.p, e.payload.len, &a);
		} else if (e.ethertype == PROTO_ETHERTYPE_IPV4) {
			struct proto_ipv4 ip;
			if (proto_ipv4_parse(e.payload.p, e.payload.len, &ip) != VS_EBADVAL && !ip.fragment)
				transport(ip.proto, ip.payload);
		} else if (e.ethertype == PROTO_ETHERTYPE_IPV6) {
			struct proto_ipv6 ip;
			if (proto_ipv6_parse(e.payload.p, e.payload.len, &ip) != VS_EBADVAL)
				transport(ip.next_header, ip.payload);
		}
	}
	/* Each parser also sees the raw bytes, so none depends on the others' checks. */
	struct proto_ipv4 v4;
	proto_ipv4_parse(data, size, &v4);
	struct proto_ipv6 v6;
	proto_ipv6_parse(data, size, &v6);
	transport(PROTO_IP_TCP, (struct slice){data, size});
	return 0;
}
