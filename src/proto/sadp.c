/*
 * Hikvision SADP (Search Active Devices Protocol), UDP 37020, multicast
 * 239.255.255.250. No public specification; the format is as documented by
 * julienblitte/UniversalScanner (Hikvision.cs) and cameronnewman/
 * hikvision-tooling (internal/sadp), see ../shared/research/protocols.md:
 *   <?xml version="1.0" encoding="utf-8"?>
 *   <Probe><Uuid>…</Uuid><Types>inquiry</Types></Probe>
 *   <ProbeMatch><Uuid/><Types/><DeviceType/><DeviceDescription/>
 *     <DeviceSN/><CommandPort/><HttpPort/><MAC/><IPv4Address/>
 *     <SoftwareVersion/><DSPVersion/><Activated/>[<OEMInfo/>]…</ProbeMatch>
 *
 * Layer-2 form, ethertype 0x8033 (as decoded by MatrixEditor/hiktools
 * lua/sadp.lua), 38-byte header:
 *   0 marker 0x21  1 packet type (low nibble)  2 origin(2)  4 counter(4, BE)
 *   8 marker2(2)  10 query type(1)  11 query params(1)  12 checksum(2)
 *   14 sender MAC(6)  20 sender IPv4(4)  24 target MAC(6)  30 target IPv4(4)
 *   34 subnet mask(4)  38 payload
 */
#include "proto/sadp.h"

#include <string.h>

#include "proto/pcur.h"
#include "proto/xml.h"

#define F(tag, member) {tag, out->member, sizeof(out->member), false}

enum vs_err proto_sadp_parse(const uint8_t *p, size_t n, struct proto_sadp *out)
{
	memset(out, 0, sizeof(*out));
	while (n > 0 && p[n - 1] == '\0')
		n--;
	struct proto_xml_field f[] = {
		F("Uuid", uuid),
		F("Types", types),
		F("DeviceType", device_type),
		F("DeviceDescription", device_description),
		F("DeviceSN", device_sn),
		F("MAC", mac),
		F("IPv4Address", ipv4),
		F("SoftwareVersion", software_version),
		F("DSPVersion", dsp_version),
		F("CommandPort", command_port),
		F("HttpPort", http_port),
		F("Activated", activated),
		F("OEMInfo", oem_info),
	};
	char root[32];
	enum vs_err e = proto_xml_fields(p, n, root, sizeof(root), f, sizeof(f) / sizeof(f[0]));
	if (e == VS_ETOOBIG && root[0] == '\0')
		return VS_EBADVAL; /* a long root name is not SADP */
	if (e != VS_OK)
		return e;
	if (strcmp(root, "ProbeMatch") == 0)
		out->kind = PROTO_SADP_PROBE_MATCH;
	else if (strcmp(root, "Probe") == 0)
		out->kind = PROTO_SADP_PROBE;
	else
		return VS_EBADVAL;
	return VS_OK;
}

enum vs_err proto_sadp_l2_parse(const uint8_t *p, size_t n, struct proto_sadp_l2 *out)
{
	memset(out, 0, sizeof(*out));
	struct cur c = proto_cur(p, n);
	uint8_t marker = cur_u8(&c);
	out->packet_type = cur_u8(&c) & 0x0f;
	out->origin = cur_be16(&c);
	out->counter = cur_be32(&c);
	cur_skip(&c, 2);
	out->query_type = cur_u8(&c);
	out->query_params = cur_u8(&c);
	out->checksum = cur_be16(&c);
	cur_copy(&c, out->src_mac, 6);
	cur_copy(&c, out->src_ip, 4);
	cur_copy(&c, out->dst_mac, 6);
	cur_copy(&c, out->dst_ip, 4);
	cur_copy(&c, out->subnet_mask, 4);
	if (c.bad)
		return VS_ETRUNC;
	if (marker != 0x21)
		return VS_EBADVAL;
	out->payload = cur_rest(&c);
	return VS_OK;
}
