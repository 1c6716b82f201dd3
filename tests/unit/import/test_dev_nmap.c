/* nmap XML: what nmap concluded is kept as method "nmap" (never decides);
 * what the device said goes under the method that would have seen it on
 * the wire (http, rtsp, tls, snmp, ssdp, upnp), each with its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "import/devices.h"

static const char xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"						/* 1 */
	"<!DOCTYPE nmaprun>\n"									/* 2 */
	"<nmaprun scanner=\"nmap\" version=\"7.93\" xmloutputversion=\"1.05\">\n"		/* 3 */
	"<hosthint><status state=\"up\"/><address addr=\"10.0.0.9\" addrtype=\"ipv4\"/></hosthint>\n" /* 4 */
	"<host><status state=\"up\" reason=\"arp-response\"/>\n"				/* 5 */
	"<address addr=\"10.0.0.3\" addrtype=\"ipv4\"/>\n"					/* 6 */
	"<address addr=\"44:19:B6:31:0A:01\" addrtype=\"mac\" vendor=\"Hangzhou Hikvision\"/>\n" /* 7 */
	"<hostnames><hostname name=\"cam1.lan\" type=\"PTR\"/></hostnames>\n"			/* 8 */
	"<ports><port protocol=\"tcp\" portid=\"80\"><state state=\"open\"/>"
	"<service name=\"http\" product=\"Hikvision IP camera httpd\" method=\"probed\" conf=\"10\">"
	"<cpe>cpe:/h:hikvision:ds-2cd2143g2-i</cpe></service>\n"				/* 9 */
	"<script id=\"http-server-header\" output=\"App-webs/\"><elem>App-webs/</elem></script>\n" /* 10 */
	"<script id=\"http-title\" output=\"x\"><elem key=\"title\">Web &amp; Cam</elem></script>\n" /* 11 */
	"</port>\n"										/* 12 */
	"<port protocol=\"tcp\" portid=\"554\"><state state=\"open\"/><service name=\"rtsp\" "
	"servicefp=\"SF-Port554-TCP:V=7.93%I=7%r(RTSPRequest,4A,&quot;RTSP/1\\.0\\x20401\\x20Unauthori"
	"&#xa;SF:zed\\r\\nServer:\\x20H264DVR\\x20rtspd\\x201\\.0\\r\\nWWW-Authenticate:\\x20Basic\\x20"
	"realm=\\&quot;Login\\x20to\\x20ABC\\&quot;\\r\\n\\r\\n&quot;);\"/></port>\n" /* 13 */
	"<port protocol=\"tcp\" portid=\"443\"><state state=\"open\"/><service name=\"http\" tunnel=\"ssl\"/>"
	"<script id=\"ssl-cert\" output=\"Subject: ...\"><table key=\"subject\">"
	"<elem key=\"commonName\">yealink.com</elem><elem key=\"organizationName\">Yealink Network "
	"Technology Co., Ltd.</elem><elem key=\"countryName\">CN</elem></table>"
	"<table key=\"issuer\"><elem key=\"commonName\">Yealink CA</elem></table></script></port>\n" /* 14 */
	"<port protocol=\"udp\" portid=\"161\"><state state=\"open\"/><service name=\"snmp\"/>"
	"<script id=\"snmp-sysdescr\" output=\"Huawei Versatile Routing Platform&#xa;  System uptime: "
	"1 day\"/></port>\n"									/* 15 */
	"<port protocol=\"udp\" portid=\"1900\"><state state=\"open\"/><service name=\"upnp\"/>"
	"<script id=\"upnp-info\" output=\"&#xa;10.0.0.3&#xa;    Server: Linux/4.14, UPnP/1.0, AXIS "
	"M3106/10&#xa;    Location: http://10.0.0.3:49152/d.xml&#xa;      Webserver: x&#xa;      "
	"Name: AXIS M3106&#xa;      Manufacturer: AXIS&#xa;      Model Name: AXIS M3106-L Mk II&#xa;"
	"      Model Version: 0001&#xa;\"/></port>\n"						/* 16 */
	"<port protocol=\"tcp\" portid=\"8000\"><state state=\"closed\"/><service name=\"http-alt\" "
	"product=\"closed one\"/></port>"
	"<port protocol=\"tcp\" portid=\"8443\"><state state=\"open\"/><service name=\"https-alt\"/>"
	"<script id=\"fingerprint-strings\" output=\"x\"><elem key=\"GetRequest\">&#xa;    HTTP/1.0 "
	"200 OK&#xa;    Server: Boa/0.94&#xa;    Content-Type: text/html</elem></script></port>\n"							/* 17 */
	"</ports>\n"										/* 18 */
	"<os><osmatch name=\"Linux 4.15 - 5.6\" accuracy=\"96\"/><osmatch name=\"Other\" accuracy=\"90\"/></os>\n" /* 19 */
	"</host>\n"										/* 20 */
	"<host><status state=\"down\"/><address addr=\"10.0.0.4\" addrtype=\"ipv4\"/></host>\n" /* 21 */
	"<host><status state=\"up\"/><address addr=\"10.0.1.5\" addrtype=\"ipv4\"/>\n"	/* 22 */
	"<hostnames><hostname name=\"far.lan\" type=\"user\"/></hostnames></host>\n"		/* 23 */
	"<postscript><script id=\"broadcast-upnp-info\" output=\"&#xa;  10.0.1.5&#xa;      Server: "
	"Linux, UPnP/1.0, Hik/1&#xa;  10.0.0.77&#xa;      Manufacturer: Dahua&#xa;\"/>"
	"<script id=\"broadcast-wsdd-discover\" output=\"&#xa;  Devices&#xa;    10.0.0.3&#xa;"
	"        Type: Device wprt:PrintDeviceType&#xa;\"/></postscript>\n"			/* 24 */
	"</nmaprun>\n";

static const struct observation *find(const struct sighting *s, const char *m, const char *f)
{
	for (size_t i = 0; i < s->n_obs; i++)
		if (strcmp(s->obs[i].method, m) == 0 && strcmp(s->obs[i].field, f) == 0)
			return &s->obs[i];
	fail_msg("no %s %s", m, f);
	return NULL;
}

static void what_nmap_says(void **state)
{
	(void)state;
	const struct device_format *f = device_format_by_name("nmap");
	assert_non_null(f);
	assert_ptr_equal(device_format_detect((const uint8_t *)xml, sizeof(xml) - 1), f);
	struct device_list l = {0};
	struct vs_error err = {0};
	assert_int_equal(f->parse("n.xml", (const uint8_t *)xml, sizeof(xml) - 1, &l, &err), VS_OK);
	assert_int_equal(l.n, 3); /* not the hosthint, not the host that is down */
	const struct sighting *s = &l.dev[0];
	assert_true(s->has_mac);
	assert_string_equal(s->addrs[0], "10.0.0.3");
	const struct observation *o = find(s, "nmap", "mac_vendor");
	assert_string_equal(o->value, "Hangzhou Hikvision");
	assert_int_equal(o->line, 7);
	assert_true(o->confidence < 0.2);
	assert_int_equal(find(s, "nmap", "hostname")->line, 8);
	assert_string_equal(find(s, "nmap", "service")->value, "80/tcp http: Hikvision IP camera httpd");
	assert_string_equal(find(s, "nmap", "cpe")->value, "cpe:/h:hikvision:ds-2cd2143g2-i");
	assert_string_equal(find(s, "http", "server")->value, "App-webs/");
	assert_int_equal(find(s, "http", "server")->line, 10);
	assert_string_equal(find(s, "http", "title")->value, "Web & Cam");
	assert_string_equal(find(s, "rtsp", "server")->value, "H264DVR rtspd 1.0");
	assert_string_equal(find(s, "rtsp", "realm")->value, "Login to ABC");
	assert_int_equal(find(s, "rtsp", "server")->line, 13);
	assert_string_equal(find(s, "tls", "subject")->value,
			    "CN=yealink.com,O=Yealink Network Technology Co., Ltd.,C=CN");
	assert_string_equal(find(s, "tls", "issuer")->value, "CN=Yealink CA");
	assert_string_equal(find(s, "snmp", "sys_descr")->value, "Huawei Versatile Routing Platform");
	assert_string_equal(find(s, "ssdp", "server")->value, "Linux/4.14, UPnP/1.0, AXIS M3106/10");
	assert_string_equal(find(s, "upnp", "manufacturer")->value, "AXIS");
	assert_string_equal(find(s, "upnp", "model")->value, "AXIS M3106-L Mk II");
	assert_string_equal(find(s, "upnp", "model_number")->value, "0001");
	assert_string_equal(find(s, "upnp", "name")->value, "AXIS M3106");
	assert_string_equal(find(s, "http", "server")->value, "App-webs/");
	int boa = 0;
	for (size_t i = 0; i < s->n_obs; i++)
		boa += strcmp(s->obs[i].value, "Boa/0.94") == 0 && s->obs[i].line == 17;
	assert_int_equal(boa, 1);
	assert_string_equal(find(s, "nmap", "os")->value, "Linux 4.15 - 5.6 (96%)");
	for (size_t i = 0; i < s->n_obs; i++)
		assert_null(strstr(s->obs[i].value, "closed one"));
	/* Without a MAC: by its address. */
	assert_false(l.dev[1].has_mac);
	assert_string_equal(l.dev[1].addrs[0], "10.0.1.5");
	assert_string_equal(find(&l.dev[1], "nmap", "hostname")->value, "far.lan");
	/* Broadcast scripts: each section to the host with its address. */
	assert_string_equal(find(&l.dev[1], "ssdp", "server")->value, "Linux, UPnP/1.0, Hik/1");
	assert_int_equal(find(&l.dev[1], "ssdp", "server")->line, 24);
	assert_string_equal(find(s, "wsd", "types")->value, "Device wprt:PrintDeviceType");
	assert_string_equal(l.dev[2].addrs[0], "10.0.0.77");
	assert_string_equal(find(&l.dev[2], "upnp", "manufacturer")->value, "Dahua");
	device_list_release(&l);
}

static void refused(void **state)
{
	(void)state;
	const struct device_format *f = device_format_by_name("nmap");
	struct device_list l = {0};
	struct vs_error err = {0};
	const char ent[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE nmaprun [<!ENTITY a \"b\">]>\n"
			   "<nmaprun>&a;</nmaprun>\n";
	assert_int_equal(f->parse("e.xml", (const uint8_t *)ent, sizeof(ent) - 1, &l, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "e.xml:2:"));
	device_list_release(&l);
	vs_error_clear(&err);
	assert_int_equal(f->parse("c.xml", (const uint8_t *)xml, 300, &l, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "c.xml:"));
	device_list_release(&l);
	const char other[] = "<?xml version=\"1.0\"?>\n<root><nmaprun/></root>\n";
	assert_int_equal(f->parse("o.xml", (const uint8_t *)other, sizeof(other) - 1, &l, &err),
			 VS_EBADVAL);
	device_list_release(&l);
	/* Not claimed: other XML, CSV. */
	assert_null(device_format_detect((const uint8_t *)"<root/>", 7));
	assert_null(device_format_detect((const uint8_t *)"ip,mac\n<nmaprun", 15));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(what_nmap_says),
		cmocka_unit_test(refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
