#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proto/http.h"
#include "proto/rtsp.h"
#include "proto/sip.h"
#include "proto/ssdp.h"

#define S(lit) (const uint8_t *)(lit), sizeof(lit) - 1

static void http_401_with_realm_and_title(void **state)
{
	(void)state;
	static struct proto_http m;
	static const char msg[] = "HTTP/1.1 401 Unauthorized\r\n"
				  "Server: Hikvision-Webs\r\n"
				  "WWW-Authenticate: Digest qop=\"auth\", realm=\"IP Camera(C2183)\", nonce=\"x\"\r\n"
				  "X-Long:  a\r\n"
				  "  b\r\n"
				  "\r\n"
				  "<html><HEAD><Title> NETSurveillance WEB </TITLE></head>";
	assert_int_equal(proto_http_parse(S(msg), &m), VS_OK);
	assert_true(m.response);
	assert_int_equal(m.status, 401);
	assert_true(slice_eq(m.reason, "Unauthorized"));
	assert_int_equal(m.n_headers, 3);
	assert_true(slice_eq(proto_http_header(&m, "server"), "Hikvision-Webs"));
	assert_true(slice_eq(proto_http_header(&m, "X-LONG"), "a\r\n  b"));
	assert_null(proto_http_header(&m, "Host").p);
	assert_true(slice_eq(proto_http_auth_realm(proto_http_header(&m, "WWW-Authenticate")),
			     "IP Camera(C2183)"));
	assert_true(slice_eq(proto_http_title(m.body), "NETSurveillance WEB"));
}

static void http_request_and_truncation(void **state)
{
	(void)state;
	static struct proto_http m;
	static const char msg[] = "GET /doc/page/login.asp HTTP/1.1\nHost: 10.0.0.5\nUser-Agent: curl/8\n\n";
	assert_int_equal(proto_http_parse(S(msg), &m), VS_OK);
	assert_false(m.response);
	assert_true(slice_eq(m.method, "GET"));
	assert_true(slice_eq(m.target, "/doc/page/login.asp"));
	assert_true(slice_eq(proto_http_header(&m, "host"), "10.0.0.5"));
	assert_true(m.complete);
	assert_int_equal(m.body.len, 0);
	/* Cut inside the User-Agent line: Host is kept, the cut line is not. */
	assert_int_equal(proto_http_parse((const uint8_t *)msg, 55, &m), VS_ETRUNC);
	assert_false(m.complete);
	assert_int_equal(m.n_headers, 1);
	assert_int_equal(proto_http_parse(S("SSH-2.0-OpenSSH_9.6\r\n"), &m), VS_EBADVAL);
	assert_int_equal(proto_http_parse(S("HTTP/1.1 20 OK\r\n\r\n"), &m), VS_EBADVAL);
	assert_int_equal(proto_http_parse(S("GET / HTTP/1.1\r\nno colon\r\n\r\n"), &m), VS_EBADVAL);
}

static void realm_forms(void **state)
{
	(void)state;
	assert_true(slice_eq(proto_http_auth_realm(slice_from("Basic realm=\"Login to 4K0123PAZ\"")),
			     "Login to 4K0123PAZ"));
	assert_true(slice_eq(proto_http_auth_realm(slice_from("Basic realm=hikvision, charset=x")), "hikvision"));
	assert_null(proto_http_auth_realm(slice_from("Digest xrealm=\"no\"")).p);
	assert_null(proto_http_auth_realm(slice_from("Basic realm=\"unterminated")).p);
	assert_null(proto_http_title(slice_from("<title>never closed")).p);
}

static void ssdp_notify_and_response(void **state)
{
	(void)state;
	struct proto_ssdp s;
	static const char notify[] = "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
				     "NT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n"
				     "SERVER: Linux/2.6 UPnP/1.0 AXIS P1435-LE/10.12\r\n"
				     "LOCATION: http://10.0.0.7:49152/rootdesc1.xml\r\n"
				     "USN: uuid:Upnp-BasicDevice-1_0-ACCC8E010203::upnp:rootdevice\r\n\r\n";
	assert_int_equal(proto_ssdp_parse(S(notify), &s), VS_OK);
	assert_int_equal(s.kind, PROTO_SSDP_NOTIFY);
	assert_true(slice_eq(s.st, "upnp:rootdevice"));
	assert_true(slice_eq(s.server, "Linux/2.6 UPnP/1.0 AXIS P1435-LE/10.12"));
	assert_true(slice_eq(s.location, "http://10.0.0.7:49152/rootdesc1.xml"));
	assert_true(slice_eq(s.nts, "ssdp:alive"));
	static const char resp[] = "HTTP/1.1 200 OK\r\nST: ssdp:all\r\nUSN: uuid:1\r\n\r\n";
	assert_int_equal(proto_ssdp_parse(S(resp), &s), VS_OK);
	assert_int_equal(s.kind, PROTO_SSDP_RESPONSE);
	assert_true(slice_eq(s.st, "ssdp:all"));
	assert_int_equal(proto_ssdp_parse(S("GET / HTTP/1.1\r\n\r\n"), &s), VS_EBADVAL);
}

static void rtsp_and_sip(void **state)
{
	(void)state;
	struct proto_rtsp r;
	static const char rt[] = "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\n"
				 "WWW-Authenticate: Digest realm=\"Login to 5F0A7B1PAG00012\", nonce=\"1\"\r\n"
				 "Server: Rtsp Server/3.0\r\n\r\n";
	assert_int_equal(proto_rtsp_parse(S(rt), &r), VS_OK);
	assert_int_equal(r.status, 401);
	assert_true(slice_eq(r.server, "Rtsp Server/3.0"));
	assert_true(slice_eq(r.realm, "Login to 5F0A7B1PAG00012"));
	assert_true(slice_eq(r.cseq, "2"));
	assert_int_equal(proto_rtsp_parse(S("HTTP/1.1 200 OK\r\n\r\n"), &r), VS_EBADVAL);
	struct proto_sip s;
	static const char reg[] = "REGISTER sip:10.0.0.1 SIP/2.0\r\nf: <sip:100@10.0.0.1>\r\n"
				  "User-Agent: Yealink SIP-T46S 66.86.0.15\r\nCall-ID: abc\r\n\r\n";
	assert_int_equal(proto_sip_parse(S(reg), &s), VS_OK);
	assert_false(s.response);
	assert_true(slice_eq(s.method, "REGISTER"));
	assert_true(slice_eq(s.user_agent, "Yealink SIP-T46S 66.86.0.15"));
	assert_true(slice_eq(s.from, "<sip:100@10.0.0.1>"));
	assert_true(slice_eq(s.call_id, "abc"));
	assert_int_equal(proto_sip_parse(S("RTSP/1.0 200 OK\r\n\r\n"), &s), VS_EBADVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(http_401_with_realm_and_title),
		cmocka_unit_test(http_request_and_truncation),
		cmocka_unit_test(realm_forms),
		cmocka_unit_test(ssdp_notify_and_response),
		cmocka_unit_test(rtsp_and_sip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
