/*
 * Xiongmai "DVRIP" framing as used for discovery on UDP 34569. No public
 * specification; layout from OpenIPC/python-dvr and UniversalScanner (see
 * ../shared/research/protocols.md), little-endian:
 *   0 u8 0xff  1 u8 version  2 u16 reserved  4 u32 session  8 u32 sequence
 *   12 u8 total packets  13 u8 current packet  14 u16 message id
 *   16 u32 body length, then the body (JSON, often NUL-terminated).
 * 1530 is the search request (empty body), 1531 the reply:
 *   {"NetWork.NetCommon": {"HostName", "MAC", "SN", "DeviceType",
 *    "TCPPort", "Version", "HostIP": "0x0A01A8C0" (address as a LE hex u32)},
 *    "Ret": 100, "SessionID": "0x…"}
 */
#include "proto/xm.h"
#include "proto/pcur.h"

#include <string.h>

#include "proto/jsonf.h"
#include "util/cur.h"

static bool parse_host_ip(const char *s, uint8_t ip[4])
{
	if (strlen(s) != 10 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	uint32_t v = 0;
	for (int i = 2; i < 10; i++) {
		char ch = s[i];
		unsigned d;
		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	/* The u32 is the in-memory (little-endian) address: low byte first. */
	ip[0] = (uint8_t)v;
	ip[1] = (uint8_t)(v >> 8);
	ip[2] = (uint8_t)(v >> 16);
	ip[3] = (uint8_t)(v >> 24);
	return true;
}

enum vs_err proto_xm_parse(const uint8_t *p, size_t n, struct proto_xm *out)
{
	memset(out, 0, sizeof(*out));
	struct cur c = proto_cur(p, n);
	uint8_t head = cur_u8(&c);
	out->version = cur_u8(&c);
	cur_skip(&c, 2);
	out->session = cur_le32(&c);
	out->sequence = cur_le32(&c);
	cur_skip(&c, 2);
	out->msg_id = cur_le16(&c);
	out->body_len = cur_le32(&c);
	if (c.bad)
		return VS_ETRUNC;
	if (head != 0xff)
		return VS_EBADVAL;
	struct slice body = cur_bytes(&c, out->body_len);
	if (c.bad)
		return VS_ETRUNC;
	if (body.len == 0 || (body.len == 1 && body.p[0] == 0))
		return VS_OK;
	out->has_body = true;
	json_t *root;
	enum vs_err e = proto_json_load(body.p, body.len, &root);
	if (e != VS_OK)
		return e;
	if (!json_is_object(root)) {
		json_decref(root);
		return VS_EBADVAL;
	}
	const json_t *nc = json_object_get(root, "NetWork.NetCommon");
	struct {
		const char *key;
		char *buf;
	} f[] = {
		{"HostName", out->host_name}, {"MAC", out->mac},          {"SN", out->sn},
		{"DeviceType", out->device_type}, {"Version", out->version_text}, {"TCPPort", out->tcp_port},
	};
	for (size_t i = 0; e == VS_OK && i < sizeof(f) / sizeof(f[0]); i++)
		e = proto_json_copy(nc, f[i].key, f[i].buf, PROTO_XM_FIELD);
	char ip[PROTO_XM_FIELD];
	if (e == VS_OK && proto_json_copy(nc, "HostIP", ip, sizeof(ip)) == VS_OK)
		out->has_host_ip = parse_host_ip(ip, out->host_ip);
	json_decref(root);
	return e;
}
