/* DHCPv4 (RFC 2131/2132) client facts. Pure parser; slices into the packet. */
#ifndef VS_PROTO_DHCP_H
#define VS_PROTO_DHCP_H

#include <stdbool.h>
#include <stdint.h>

#include "util/cur.h"
#include "util/err.h"

struct proto_dhcp {
	uint8_t op; /* 1 BOOTREQUEST, 2 BOOTREPLY */
	uint8_t htype, hlen;
	uint32_t xid;
	uint8_t ciaddr[4], yiaddr[4], siaddr[4], giaddr[4];
	uint8_t chaddr[16];
	bool has_mac;          /* htype 1, hlen 6: chaddr[0..5] is the client MAC */
	uint8_t msg_type;      /* option 53; 0 when absent */
	uint8_t requested_ip[4]; /* option 50 */
	bool has_requested_ip;
	uint8_t overload;      /* option 52 value; sname/file are not parsed */
	struct slice hostname;     /* option 12 */
	struct slice params;       /* option 55: requested option codes, in order */
	struct slice vendor_class; /* option 60 */
	struct slice client_id;    /* option 61, type byte included */
	uint8_t fqdn_flags;        /* option 81 (RFC 4702) */
	bool has_fqdn;
	bool fqdn_wire;            /* E flag: fqdn_name is in DNS wire format */
	struct slice fqdn_name;
	unsigned n_options;
};

/* VS_ETRUNC inside the BOOTP header or an option; VS_EBADVAL: no magic cookie. */
enum vs_err proto_dhcp_parse(const uint8_t *p, size_t n, struct proto_dhcp *out);

#endif
