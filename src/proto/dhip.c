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
 *
 * Older discovery, UDP 5050 (UniversalScanner Dahua1.cs, OpenIPC/python-dvr):
 *   request: 32 bytes, a3 01 00 01 …
 *   reply, 120-byte section 1: 0x00 magic 0xb3, 0x02 section-2 length (u8),
 *     0x14 section-3 length (LE u16), 0x28 device type (16 bytes, NUL
 *     padded), 0x38 IPv4 address, 0x3c mask, 0x40 gateway, 0x44 DNS;
 *   section 2: MAC as 17 characters, then the model as text (optional);
 *   section 3: "Key:Value" lines (SerialNo, IPv6Addr, …), CRLF or LF.
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

static struct slice strip_nul(struct slice s)
{
	const uint8_t *z = s.len ? memchr(s.p, 0, s.len) : NULL;
	if (z)
		s.len = (size_t)(z - s.p);
	return s;
}

enum vs_err proto_dhip_v1_parse(const uint8_t *p, size_t n, struct proto_dhip_v1 *out)
{
	memset(out, 0, sizeof(*out));
	struct cur c = proto_cur(p, n);
	uint8_t magic = cur_u8(&c);
	if (c.bad)
		return VS_ETRUNC;
	if (magic == 0xa3) {
		out->request = true;
		return n >= 32 ? VS_OK : VS_ETRUNC;
	}
	if (magic != 0xb3)
		return VS_EBADVAL;
	cur_skip(&c, 1);
	uint8_t len2 = cur_u8(&c);
	cur_skip(&c, 0x14 - 3);
	uint16_t len3 = cur_le16(&c);
	cur_skip(&c, 0x28 - 0x16);
	out->device_type = strip_nul(cur_bytes(&c, 16));
	cur_copy(&c, out->ipv4, 4);
	cur_skip(&c, 0x78 - 0x3c);
	if (c.bad)
		return VS_ETRUNC;
	if ((size_t)0x78 + len2 + len3 > n)
		return VS_ETRUNC;
	if ((size_t)0x78 + len2 + len3 != n)
		return VS_EBADVAL;
	struct cur s2 = cur_sub(&c, len2);
	out->mac = cur_bytes(&s2, len2 < 17 ? len2 : 17);
	out->model = strip_nul(cur_rest(&s2));
	out->kv = cur_rest(&c);
	out->serial = proto_dhip_v1_value(out->kv, "SerialNo");
	return VS_OK;
}

struct slice proto_dhip_v1_value(struct slice kv, const char *key)
{
	struct slice none = {NULL, 0};
	if (kv.p == NULL)
		return none;
	struct cur c = cur_make(kv.p, kv.len);
	size_t klen = strlen(key);
	while (!cur_eof(&c)) {
		bool found;
		struct slice line = cur_until(&c, '\n', &found);
		if (line.len && line.p[line.len - 1] == '\r')
			line.len--;
		if (line.len > klen && line.p[klen] == ':' && memcmp(line.p, key, klen) == 0) {
			struct slice v = {line.p + klen + 1, line.len - klen - 1};
			return v;
		}
	}
	return none;
}
