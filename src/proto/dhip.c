/*
 * Dahua DHIP, UDP 37810, multicast 239.255.255.251. No public specification;
 * layout as documented by julienblitte/UniversalScanner (Dahua2.cs) and
 * Phenomite/AMP-Research (see ../shared/research/protocols.md):
 *   header (32 bytes, little-endian):
 *     0  u32 header size = 0x20
 *     4  "DHIP"
 *     8  u32 session id   12 u32 request id
 *     16 u32 body length  20 u32 0
 *     24 u32 body length  28 u32 0
 *   body: JSON {"method": …, "params": {"mac": …, "deviceInfo": {
 *     DeviceClass, DeviceType, SerialNo, MachineName, Vendor, Manufacturer,
 *     Version, HttpPort, Port, IPv4Address {IPAddress, SubnetMask, …}}}}
 */
#include "proto/dhip.h"
#include "proto/pcur.h"

#include <string.h>

#include "proto/jsonf.h"
#include "util/cur.h"

enum vs_err proto_dhip_parse(const uint8_t *p, size_t n, struct proto_dhip *out)
{
	memset(out, 0, sizeof(*out));
	struct cur c = proto_cur(p, n);
	uint32_t hsize = cur_le32(&c);
	uint8_t magic[4];
	cur_copy(&c, magic, 4);
	out->session = cur_le32(&c);
	out->id = cur_le32(&c);
	uint32_t len1 = cur_le32(&c);
	cur_skip(&c, 4);
	uint32_t len2 = cur_le32(&c);
	cur_skip(&c, 4);
	if (c.bad)
		return VS_ETRUNC;
	if (hsize != 0x20 || memcmp(magic, "DHIP", 4) != 0 || len1 != len2)
		return VS_EBADVAL;
	out->body_len = len1;
	struct slice body = cur_bytes(&c, len1);
	if (c.bad)
		return VS_ETRUNC;
	json_t *root;
	enum vs_err e = proto_json_load(body.p, body.len, &root);
	if (e != VS_OK)
		return e;
	const json_t *params = json_object_get(root, "params");
	const json_t *info = json_object_get(params, "deviceInfo");
	const json_t *v4 = json_object_get(info, "IPv4Address");
	struct {
		const json_t *obj;
		const char *key;
		char *buf;
	} f[] = {
		{root, "method", out->method},
		{info, "DeviceClass", out->device_class},
		{info, "DeviceType", out->device_type},
		{info, "SerialNo", out->serial_no},
		{info, "MachineName", out->machine_name},
		{info, "Vendor", out->vendor},
		{info, "Manufacturer", out->manufacturer},
		{info, "Version", out->version},
		{info, "HttpPort", out->http_port},
		{info, "Port", out->port},
		{v4, "IPAddress", out->ipv4},
		{params, "mac", out->mac},
	};
	for (size_t i = 0; e == VS_OK && i < sizeof(f) / sizeof(f[0]); i++)
		e = proto_json_copy(f[i].obj, f[i].key, f[i].buf, PROTO_DHIP_FIELD);
	if (e == VS_OK && out->mac[0] == '\0')
		e = proto_json_copy(info, "MAC", out->mac, PROTO_DHIP_FIELD);
	if (e == VS_OK && !json_is_string(json_object_get(root, "method")))
		e = VS_EBADVAL;
	json_decref(root);
	return e;
}
