/* Zeek logs (import/dev_zeek.c): each log of the fixtures, TSV and JSON
 * giving the same devices; the header's escapes, empty and unset marks;
 * errors with FILE:LINE; every prefix of every fixture parses or fails so. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/devices.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/strbuf.h"

#define FX VS_TEST_SRCDIR "/tests/fixtures/devices/zeek/"

static const char *const logs[] = {"dhcp",	  "dns",	 "conn",
				   "ssl",	  "x509",	 "known_certs",
				   "software",	  "known_hosts", "known_devices"};

static const struct device_format *zeek(void)
{
	const struct device_format *f = device_format_by_name("zeek");
	assert_non_null(f);
	return f;
}

static enum vs_err parse_mem(const char *name, const char *text, struct device_list *l,
			     struct vs_error *err)
{
	memset(l, 0, sizeof(*l));
	memset(err, 0, sizeof(*err));
	return zeek()->parse(name, (const uint8_t *)text, strlen(text), l, err);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	uint8_t *data = NULL;
	struct vs_error err = {0};
	assert_int_equal(file_read_all(path, VS_MAX_DEVICE_FILE, &data, len, &err), VS_OK);
	return data;
}

static void parse_file(const char *kind, const char *log, struct device_list *l)
{
	char path[512];
	snprintf(path, sizeof(path), FX "%s/%s.log", kind, log);
	size_t len;
	uint8_t *data = slurp(path, &len);
	struct vs_error err = {0};
	memset(l, 0, sizeof(*l));
	assert_true(zeek()->detect(data, len < DEVICE_DETECT_BYTES ? len : DEVICE_DETECT_BYTES));
	enum vs_err rc = zeek()->parse(log, data, len, l, &err);
	if (rc)
		fail_msg("%s/%s: %s", kind, log, err.msg);
	free(data);
}

/* Everything a device list says, one line per fact, lines kept out (TSV
 * and JSON lines differ by the header's). */
static void summary(const struct device_list *l, struct strbuf *out)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct sighting *s = &l->dev[i];
		if (s->has_mac)
			strbuf_addf(out, "dev %02x:%02x:%02x:%02x:%02x:%02x", s->mac[0], s->mac[1],
				    s->mac[2], s->mac[3], s->mac[4], s->mac[5]);
		else
			strbuf_addf(out, "dev -");
		for (size_t k = 0; k < s->n_addrs; k++)
			strbuf_addf(out, " %s", s->addrs[k]);
		strbuf_addf(out, " %lld..%lld %llu pkts\n", (long long)s->first_us,
			    (long long)s->last_us, (unsigned long long)s->packets);
		for (size_t k = 0; k < s->n_obs; k++)
			strbuf_addf(out, "  obs %s %s = %s @%lld\n", s->obs[k].method, s->obs[k].field,
				    s->obs[k].value, (long long)s->obs[k].first_us);
		for (size_t k = 0; k < s->n_peers; k++)
			strbuf_addf(out, "  peer %s %s %llu %lld..%lld\n", s->peers[k].addr,
				    s->peers[k].name ? s->peers[k].name : "-",
				    (unsigned long long)s->peers[k].bytes, (long long)s->peers[k].first_us,
				    (long long)s->peers[k].last_us);
		for (size_t k = 0; k < s->n_names; k++)
			strbuf_addf(out, "  name %s -> %s\n", s->names[k].name,
				    s->names[k].addr[0] ? s->names[k].addr : "(query)");
	}
}

static const struct sighting *by_addr(const struct device_list *l, const char *addr)
{
	for (size_t i = 0; i < l->n; i++)
		if (sighting_has_addr(&l->dev[i], addr))
			return &l->dev[i];
	fail_msg("no device has %s", addr);
	return NULL;
}

static const struct observation *obs(const struct sighting *s, const char *method, const char *field)
{
	for (size_t i = 0; i < s->n_obs; i++)
		if (strcmp(s->obs[i].method, method) == 0 && strcmp(s->obs[i].field, field) == 0)
			return &s->obs[i];
	fail_msg("no %s %s", method, field);
	return NULL;
}

#define T0 1767225601000000LL /* 2026-01-01T00:00:01Z */

static void dhcp(void **state)
{
	(void)state;
	struct device_list l;
	parse_file("tsv", "dhcp", &l);
	assert_int_equal(l.n, 4);
	const struct sighting *cam = by_addr(&l, "192.168.1.64");
	assert_true(cam->has_mac);
	assert_int_equal(cam->mac[0], 0xc0);
	const struct observation *o = obs(cam, "dhcp", "hostname");
	assert_string_equal(o->value, "DS-2CD2143G2-I");
	assert_int_equal(o->line, 9); /* eight header lines */
	assert_int_equal(o->first_us, T0 + 100000);
	assert_string_equal(obs(cam, "dhcp", "vendor_class")->value, "udhcp 1.19.4");
	/* The PC's DISCOVER (no address) lands on the same device. */
	const struct sighting *pc = by_addr(&l, "192.168.1.20");
	assert_int_equal(pc->last_us, T0 + 50000000);
	assert_string_equal(obs(pc, "dhcp", "vendor_class")->value, "MSFT 5.0");
	device_list_release(&l);
}

static void dns(void **state)
{
	(void)state;
	struct device_list l;
	parse_file("tsv", "dns", &l);
	assert_int_equal(l.n, 3);
	const struct sighting *amc = by_addr(&l, "192.168.1.108");
	assert_false(amc->has_mac);
	assert_int_equal(amc->n_names, 2);
	assert_string_equal(amc->names[0].name, "www.easy4ipcloud.com");
	assert_string_equal(amc->names[0].addr, ""); /* NXDOMAIN: only asked */
	assert_string_equal(amc->names[1].addr, "47.96.0.21");
	/* CNAMEs in answers are not addresses: only the A record names. */
	const struct sighting *pc = by_addr(&l, "192.168.1.20");
	assert_string_equal(pc->names[0].name, "www.example.com");
	assert_string_equal(pc->names[0].addr, "23.215.0.136");
	device_list_release(&l);
}

static void conn(void **state)
{
	(void)state;
	struct device_list l;
	parse_file("tsv", "conn", &l);
	/* camera, gateway, PC, recorder: the broadcast DHCP names no device */
	assert_int_equal(l.n, 4);
	const struct sighting *cam = by_addr(&l, "192.168.1.64");
	assert_true(cam->has_mac);
	assert_int_equal(cam->n_peers, 1);
	assert_string_equal(cam->peers[0].addr, "47.96.0.10");
	assert_int_equal(cam->peers[0].bytes, 1824 + 5920 + 560 + 1160); /* IP bytes, two connections */
	assert_int_equal(cam->peers[0].first_us, T0 + 2500000);
	assert_int_equal(cam->peers[0].last_us, T0 + 42000000); /* ts + duration */
	/* The gateway is local: a device, never a peer. */
	const struct sighting *gw = by_addr(&l, "192.168.1.1");
	assert_int_equal(gw->n_peers, 0);
	/* Inbound: the outside address is the recorder's peer. */
	const struct sighting *amc = by_addr(&l, "192.168.1.108");
	assert_string_equal(amc->peers[0].addr, "203.0.113.50");
	/* The PC's link-local IPv6 address joins it by MAC. */
	const struct sighting *pc = by_addr(&l, "192.168.1.20");
	assert_true(sighting_has_addr(pc, "fe80::21b:21ff:fe00:5"));
	device_list_release(&l);
}

static void certificates_and_software(void **state)
{
	(void)state;
	struct device_list l;
	parse_file("tsv", "x509", &l);
	assert_int_equal(l.n, 1); /* only the certificate naming a local address */
	assert_string_equal(obs(by_addr(&l, "192.168.1.64"), "tls", "subject")->value,
			    "CN=192.168.1.64,OU=Hikvision,O=Hikvision,L=HZ,ST=ZJ,C=CN");
	device_list_release(&l);

	parse_file("tsv", "known_certs", &l);
	assert_string_equal(obs(by_addr(&l, "192.168.1.108"), "tls", "issuer")->value,
			    "CN=IPC,O=Amcrest,C=US");
	device_list_release(&l);

	parse_file("tsv", "ssl", &l);
	const struct sighting *cam = by_addr(&l, "192.168.1.64");
	assert_string_equal(obs(cam, "tls", "sni")->value, "dev.hik-connect.com");
	assert_string_equal(cam->names[0].addr, "47.96.0.10");
	device_list_release(&l);

	parse_file("tsv", "software", &l);
	assert_int_equal(l.n, 3); /* HTTP::APPSERVER maps to nothing */
	assert_string_equal(obs(by_addr(&l, "192.168.1.64"), "http", "server")->value, "App-webs/");
	assert_string_equal(obs(by_addr(&l, "192.168.1.65"), "ssh", "server")->value, "dropbear_2019.78");
	const struct sighting *pc = by_addr(&l, "192.168.1.20");
	assert_non_null(obs(pc, "http", "user_agent"));
	assert_string_equal(obs(pc, "dhcp", "vendor_class")->value, "MSFT 5.0");
	device_list_release(&l);

	parse_file("tsv", "known_hosts", &l);
	assert_int_equal(l.n, 5);
	device_list_release(&l);

	parse_file("tsv", "known_devices", &l);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.dev[1].n_obs, 1);
	assert_int_equal(l.dev[2].n_obs, 0); /* (empty) host name */
	device_list_release(&l);
}

/* The JSON writer's output of the same records gives the same devices. */
static void json_as_tsv(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
		struct device_list a, b;
		struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
		parse_file("tsv", logs[i], &a);
		parse_file("json", logs[i], &b);
		summary(&a, &sa);
		summary(&b, &sb);
		assert_true(a.n > 0);
		if (strcmp(strbuf_str(&sa), strbuf_str(&sb)) != 0)
			fail_msg("%s: TSV\n%s\nJSON\n%s", logs[i], strbuf_str(&sa), strbuf_str(&sb));
		strbuf_release(&sa);
		strbuf_release(&sb);
		device_list_release(&a);
		device_list_release(&b);
	}
}

/* Another separator, escapes, the set separator inside a value, and
 * other marks for empty and unset. */
static void header_marks_and_escapes(void **state)
{
	(void)state;
	const char *text = "#separator \\x7c\n"
			   "#set_separator|;\n"
			   "#empty_field|EMPTY\n"
			   "#unset_field|NA\n"
			   "#path|dhcp\n"
			   "#fields|ts|mac|host_name|assigned_addr|client_software\n"
			   "1.5|02:00:00:00:00:01|cam\\x7c1|10.0.0.5|NA\n"
			   "2.0|02:00:00:00:00:02|EMPTY|NA|udhcp\\x3b1.2\n";
	struct device_list l;
	struct vs_error err;
	assert_int_equal(parse_mem("m.log", text, &l, &err), VS_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(obs(&l.dev[0], "dhcp", "hostname")->value, "cam|1");
	assert_int_equal(l.dev[0].n_obs, 1); /* NA: unset */
	assert_int_equal(l.dev[0].first_us, 1500000);
	assert_int_equal(l.dev[1].n_addrs, 0);
	assert_string_equal(obs(&l.dev[1], "dhcp", "vendor_class")->value, "udhcp;1.2");
	device_list_release(&l);
}

/* Logs concatenated: a DHCP lease names the device by MAC, later logs by
 * address only, and all of it is one device. */
static void concatenated_logs_are_one_device(void **state)
{
	(void)state;
	const char *text = "#separator \\x09\n#path\tdhcp\n#fields\tts\tmac\tassigned_addr\n"
			   "1.0\t02:00:00:00:00:01\t192.168.7.9\n#close\tx\n"
			   "#separator \\x09\n#path\tknown_hosts\n#fields\tts\thost\n"
			   "2.0\t192.168.7.9\n"
			   "{\"ts\":\"2026-01-01T00:00:01.250000Z\",\"uid\":\"C1\",\"id.orig_h\":\"192.168.7.9\","
			   "\"id.resp_h\":\"47.96.0.1\",\"orig_bytes\":10,\"resp_bytes\":20,\"conn_state\":\"SF\"}\n";
	struct device_list l;
	struct vs_error err;
	assert_int_equal(parse_mem("cat.log", text, &l, &err), VS_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.dev[0].n_peers, 1);
	assert_int_equal(l.dev[0].peers[0].bytes, 30); /* no IP bytes logged: payload */
	assert_int_equal(l.dev[0].peers[0].first_us, T0 + 250000); /* JSON::TS_ISO8601 */
	device_list_release(&l);
}

/* Site::local_nets (local_orig, local_resp) outranks the private-address
 * rule: a public address of the organisation is a device. */
static void zeek_says_what_is_local(void **state)
{
	(void)state;
	const char *text =
		"{\"ts\":1.0,\"uid\":\"C1\",\"id.orig_h\":\"198.51.100.7\",\"id.resp_h\":\"47.96.0.1\","
		"\"local_orig\":true,\"local_resp\":false,\"orig_ip_bytes\":100,\"resp_ip_bytes\":50,"
		"\"conn_state\":\"SF\"}\n"
		"{\"ts\":2.0,\"uid\":\"C2\",\"id.orig_h\":\"10.1.1.1\",\"id.resp_h\":\"10.2.2.2\","
		"\"local_orig\":true,\"local_resp\":false,\"orig_ip_bytes\":1,\"resp_ip_bytes\":1,"
		"\"conn_state\":\"SF\"}\n";
	struct device_list l;
	struct vs_error err;
	assert_int_equal(parse_mem("l.log", text, &l, &err), VS_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.dev[0].addrs[0], "198.51.100.7");
	assert_int_equal(l.dev[0].peers[0].bytes, 150);
	assert_string_equal(l.dev[1].peers[0].addr, "10.2.2.2");
	device_list_release(&l);
}

/* ssl.log before Zeek 4.2 carried the server certificate's subject and
 * issuer: a local server's; an external server's says nothing of a device. */
static void old_ssl_log_subject(void **state)
{
	(void)state;
	const char *text =
		"{\"ts\":1.0,\"uid\":\"C1\",\"id.orig_h\":\"8.8.4.4\",\"id.resp_h\":\"192.168.1.64\","
		"\"established\":true,\"subject\":\"CN=IPC,O=Hikvision,C=CN\",\"issuer\":\"CN=IPC,O=Hikvision,C=CN\"}\n"
		"{\"ts\":2.0,\"uid\":\"C2\",\"id.orig_h\":\"192.168.1.20\",\"id.resp_h\":\"93.184.215.14\","
		"\"established\":true,\"subject\":\"CN=www.example.org\",\"issuer\":\"CN=DigiCert\"}\n";
	struct device_list l;
	struct vs_error err;
	assert_int_equal(parse_mem("ssl.log", text, &l, &err), VS_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(obs(by_addr(&l, "192.168.1.64"), "tls", "subject")->value,
			    "CN=IPC,O=Hikvision,C=CN");
	assert_int_equal(obs(&l.dev[0], "tls", "issuer")->line, 1);
	device_list_release(&l);
}

static void fails_with_file_and_line(void **state)
{
	(void)state;
	static const struct {
		const char *text, *msg;
		enum vs_err rc;
	} cases[] = {
		{"#separator \\x09\n#fields\tts\thost\n1.0\n", "e.log:3: 1 columns where #fields names 2",
		 VS_EBADVAL},
		{"#separator \\x09\n#fields\tts\thost\n1.0\tnot-an-ip\n",
		 "e.log:3: host 'not-an-ip' is not an IP address", VS_EBADVAL},
		{"#separator \\x09\n#fields\tts\thost\nyesterday\t10.0.0.1\n",
		 "e.log:3: ts 'yesterday' is not a time", VS_EBADVAL},
		{"#separator \\x09\n#fields\tts\tmac\tdhcp_host_name\n1\t00:11:22:33:44\tx\n",
		 "e.log:3: mac '00:11:22:33:44' is not a MAC address", VS_EBADVAL},
		{"#separator \\x09\n\n1.0\t10.0.0.1\n", "e.log:3: a record before the #fields header",
		 VS_EBADVAL},
		{"#path\tconn\n", "e.log:1: a header line before #separator", VS_EBADVAL},
		{"{\"ts\":1.0,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"\n", "e.log:1: not JSON: ",
		 VS_EBADVAL},
		{"{\"ts\":1,\"host\":\"10.0.0.1\"}\n[1]\n", "e.log:2: a record before the #fields header", VS_EBADVAL},
		{"{\"ts\":1,\"host\":\"10.0.0.1\"}\n{\"a\":[1}\n", "e.log:2: not JSON", VS_EBADVAL},
		{"{\"ts\":1,\"uid\":\"C\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"8.8.8.8\",\"conn_state\":\"SF\","
		 "\"orig_bytes\":-5}\n",
		 "e.log:1: orig_bytes '-5' is not a count", VS_EBADVAL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct device_list l;
		struct vs_error err;
		enum vs_err rc = parse_mem("e.log", cases[i].text, &l, &err);
		if (rc != cases[i].rc || strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: %d '%s'", i, rc, err.msg);
		device_list_release(&l);
	}
	/* Past VS_MAX_ZEEK_COLUMNS */
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "#separator \\x09\n#fields");
	for (int i = 0; i <= VS_MAX_ZEEK_COLUMNS; i++)
		strbuf_addf(&sb, "\tc%d", i);
	struct device_list l;
	struct vs_error err;
	assert_int_equal(parse_mem("w.log", strbuf_str(&sb), &l, &err), VS_ETOOBIG);
	strbuf_release(&sb);
	device_list_release(&l);
}

static void detection(void **state)
{
	(void)state;
	static const struct {
		const char *head;
		bool zeek;
	} cases[] = {
		{"#separator \\x09\n#set_separator\t,\n", true},
		{"{\"ts\":1767225601.1,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"}\n", true},
		{"{\"ts\":\"2026-01-01T00:00:01Z\",\"host\":\"10.0.0.1\"}\n", true},
		{"{\"_path\":\"dhcp\",\"ts\":1.0,\"uids\":[\"C1\"]}\n", true},
		/* inventories and software lists are not Zeek's */
		{"Type;Producent;Model;Serienummer\n", false},
		{"type,maker,model,mac,ip,hostname\ncamera,Hikvision,DS-2CD2143G2-I,,,\n", false},
		{"{\"$schema\":\"https://aka.ms/winget-packages.schema.2.0.json\",\"Sources\":[]}", false},
		{"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[]}", false},
		{"{\"ts\":1.0,\"name\":\"x\"}\n{\"uid\":\"C1\"}\n", false},
		{"# a comment\n", false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct device_format *f =
			device_format_detect((const uint8_t *)cases[i].head, strlen(cases[i].head));
		if ((f && strcmp(f->name, "zeek") == 0) != cases[i].zeek)
			fail_msg("case %zu: %s", i, f ? f->name : "none");
	}
}

/* Every prefix of every fixture: parsed, or refused with "name:LINE: ". */
static void every_truncation(void **state)
{
	(void)state;
	static const char *const kinds[] = {"tsv", "json"};
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
			char path[512];
			snprintf(path, sizeof(path), FX "%s/%s.log", kinds[k], logs[i]);
			size_t len;
			uint8_t *data = slurp(path, &len);
			for (size_t n = 0; n <= len; n++) {
				/* an exact-size copy, so ASan sees a read past the prefix */
				uint8_t *cut = malloc(n ? n : 1);
				assert_non_null(cut);
				memcpy(cut, data, n);
				struct device_list l = {0};
				struct vs_error err = {0};
				enum vs_err rc = zeek()->parse("cut.log", cut, n, &l, &err);
				if (rc && (rc != VS_EBADVAL || strncmp(err.msg, "cut.log:", 8) != 0))
					fail_msg("%s at %zu: %d %s", path, n, rc, err.msg);
				device_list_release(&l);
				free(cut);
			}
			free(data);
		}
}

/* Read line by line from a FILE (how import reads a log), every fixture
 * and prefix gives what the whole buffer gives. */
static void streamed_as_whole(void **state)
{
	(void)state;
	static const char *const kinds[] = {"tsv", "json"};
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
			char path[512];
			snprintf(path, sizeof(path), FX "%s/%s.log", kinds[k], logs[i]);
			size_t len;
			uint8_t *data = slurp(path, &len);
			for (size_t n = len; n > 0; n = n > 7 ? n - 7 : 0) {
				struct device_list a = {0}, b = {0};
				struct vs_error ea = {0}, eb = {0};
				struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
				enum vs_err ra = zeek()->parse("s.log", data, n, &a, &ea);
				FILE *fp = fmemopen(data, n, "rb");
				assert_non_null(fp);
				enum vs_err rb = zeek()->parse_stream("s.log", fp, &b, &eb);
				fclose(fp);
				summary(&a, &sa);
				summary(&b, &sb);
				if (ra != rb || strcmp(ea.msg, eb.msg) != 0 ||
				    strcmp(strbuf_str(&sa), strbuf_str(&sb)) != 0)
					fail_msg("%s at %zu: %d '%s' vs %d '%s'", path, n, ra, ea.msg, rb, eb.msg);
				strbuf_release(&sa);
				strbuf_release(&sb);
				device_list_release(&a);
				device_list_release(&b);
			}
			free(data);
		}
}

/* A line past VS_MAX_ZEEK_LINE is refused, whole or streamed. */
static void long_line(void **state)
{
	(void)state;
	size_t n = VS_MAX_ZEEK_LINE * 3;
	char *text = malloc(n + 1);
	assert_non_null(text);
	const char *head = "#separator \\x09\n#fields\tts\thost\n";
	memcpy(text, head, strlen(head));
	memset(text + strlen(head), '1', n - strlen(head));
	text[n] = '\0';
	struct device_list l = {0};
	struct vs_error err = {0};
	assert_int_equal(zeek()->parse("big.log", (const uint8_t *)text, n, &l, &err), VS_ETOOBIG);
	assert_string_equal(err.msg, "big.log:3: a line of more than 1048576 bytes (VS_MAX_ZEEK_LINE)");
	FILE *fp = fmemopen(text, n, "rb");
	memset(&err, 0, sizeof(err));
	assert_int_equal(zeek()->parse_stream("big.log", fp, &l, &err), VS_ETOOBIG);
	assert_string_equal(err.msg, "big.log:3: a line of more than 1048576 bytes (VS_MAX_ZEEK_LINE)");
	fclose(fp);
	device_list_release(&l);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dhcp),
		cmocka_unit_test(dns),
		cmocka_unit_test(conn),
		cmocka_unit_test(certificates_and_software),
		cmocka_unit_test(json_as_tsv),
		cmocka_unit_test(header_marks_and_escapes),
		cmocka_unit_test(concatenated_logs_are_one_device),
		cmocka_unit_test(zeek_says_what_is_local),
		cmocka_unit_test(old_ssl_log_subject),
		cmocka_unit_test(fails_with_file_and_line),
		cmocka_unit_test(detection),
		cmocka_unit_test(every_truncation),
		cmocka_unit_test(streamed_as_whole),
		cmocka_unit_test(long_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
