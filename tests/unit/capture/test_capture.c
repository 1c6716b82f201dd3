/*
 * The capture pipeline on the generated fixtures (tests/tools/pcapgen):
 * each device's capture is identified right (vendor, brand, chinese,
 * evidence); site.pcap and site.pcapng give the same devices and match the
 * golden JSON byte for byte (routed.pcap too); every truncation of each ends in a clean
 * error or a partial result, never a crash (run under ASan+UBSan by CI);
 * hostile frames (a flood of MACs, long banners) stay within the limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "capture/capture.h"
#include "identify/device.h"
#include "ingest/capture.h"
#include "report/devices.h"
#include "util/limits.h"

#define FIX VS_TEST_SRCDIR "/tests/fixtures/pcap/"

static struct kb *kb;
static struct policy *pol;
static struct geo *geo;
static struct clouds *clouds;

static int setup(void **state)
{
	(void)state;
	struct vs_error err = {0};
	/* The generated tiny.mmdb (tests/tools/mmdbgen) places 47.96.0.0/11 in
	 * CN, whatever database this machine has installed. */
	if (kb_load(VS_TEST_DATADIR, &kb, &err) || policy_load(VS_TEST_DATADIR, &pol, &err) ||
	    geo_open(VS_TEST_SRCDIR "/tests/fixtures/geo/tiny.mmdb", &geo, &err) ||
	    clouds_load(VS_TEST_DATADIR "/clouds.tsv", &clouds, &err)) {
		fprintf(stderr, "loading %s: %s\n", VS_TEST_DATADIR, err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	policy_free(pol);
	kb_free(kb);
	geo_close(geo);
	clouds_free(clouds);
	return 0;
}

/* Read a file through the whole pipeline (no store); rc of the first
 * failing step. */
static enum vs_err run_on(const char *path, const uint8_t *mem, size_t len,
			  struct capture_result *res, struct vs_error *err)
{
	struct capture *c = capture_new();
	assert_non_null(c);
	enum vs_err rc = mem ? capture_read_memory(c, mem, len, path, err)
			     : capture_read_file(c, path, NULL, NULL, err);
	size_t n = 0;
	struct sighting *d = rc ? NULL : capture_detach(c, &n);
	capture_free(c);
	memset(res, 0, sizeof(*res));
	if (rc)
		return rc;
	assert_non_null(d);
	struct ingest_capture_opts o = {.path = path, .format = "pcap", .geo = geo, .clouds = clouds};
	return ingest_capture(NULL, kb, pol, d, n, &o, res, err);
}

static enum vs_err run(const char *path, struct capture_result *res, struct vs_error *err)
{
	return run_on(path, NULL, 0, res, err);
}

static char *json_of(const struct capture_result *res)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < res->n; i++)
		report_device_json(&res->dev[i].asset, &res->dev[i].seen, &sb);
	assert_false(sb.failed);
	return strbuf_detach(&sb);
}

static bool has_evidence(const struct asset *a, const char *method, const char *field,
			 const char *needle)
{
	for (size_t i = 0; i < a->n_evidence; i++) {
		const struct evidence *e = &a->evidence[i];
		if (strcmp(e->method, method) == 0 && strcmp(e->field, field) == 0 &&
		    strstr(e->value, needle))
			return true;
	}
	return false;
}

struct want {
	const char *file, *mac, *vendor_id, *brand;
	enum tri chinese;
	bool randomized;
	const char *ev_method, *ev_field, *ev_value; /* one piece of evidence that must be there */
};

static void check_device(const struct want *w)
{
	struct capture_result res;
	struct vs_error err = {0};
	char path[512];
	snprintf(path, sizeof(path), FIX "%s", w->file);
	assert_int_equal(run(path, &res, &err), VS_OK);
	const struct asset *a = NULL;
	for (size_t i = 0; i < res.n; i++)
		if (res.dev[i].asset.mac && strcmp(res.dev[i].asset.mac, w->mac) == 0)
			a = &res.dev[i].asset;
	if (!a)
		fail_msg("%s: no device %s", w->file, w->mac);
	if (w->vendor_id) {
		assert_non_null(a->vendor);
		assert_string_equal(a->vendor, w->vendor_id);
	} else {
		assert_null(a->vendor);
	}
	if (w->brand) {
		assert_non_null(a->brand);
		assert_string_equal(a->brand, w->brand);
	} else {
		assert_null(a->brand);
	}
	assert_int_equal(a->chinese, w->chinese);
	assert_int_equal(a->randomized_mac, w->randomized);
	if (!has_evidence(a, w->ev_method, w->ev_field, w->ev_value))
		fail_msg("%s: no evidence %s %s ~ %s", w->file, w->ev_method, w->ev_field, w->ev_value);
	capture_result_release(&res);
}

static void test_done_when(void **state)
{
	(void)state;
	static const struct want wants[] = {
		{"hikvision.pcap", "c0:56:e3:3a:4b:5c", "hikvision", NULL, TRI_YES, false, "sadp", "serial",
		 "DS-2CD2143G2-I2023"},
		/* Exposure: the camera's Hik-Connect traffic to an address in CN. */
		{"hikvision.pcap", "c0:56:e3:3a:4b:5c", "hikvision", NULL, TRI_YES, false, "exposure",
		 "cloud", "with 47.96.0.10 (dev.hik-connect.com) in CN, the vendor cloud hikvision"},
		{"lts.pcap", "bc:ad:28:11:22:33", "hikvision", "LTS (LT Security)", TRI_YES, false, "kb",
		 "oem", "an OEM unit, brand LTS"},
		{"dahua.pcap", "3c:ef:8c:44:55:66", "dahua", NULL, TRI_YES, false, "rtsp", "realm",
		 "Login to 6G0ABCDPAG12345"},
		{"amcrest.pcap", "90:02:a9:77:88:99", "dahua", "Amcrest", TRI_YES, false, "dhip", "vendor",
		 "Amcrest"},
		/* The OUI belongs to an unrelated company: the XM reply decides. */
		{"xiongmai.pcap", "00:12:41:aa:bb:cc", "xiongmai", NULL, TRI_YES, false, "kb", "protocol",
		 "Xiongmai"},
		{"axis.pcap", "ac:cc:8e:01:02:03", "axis", NULL, TRI_NO, false, "wsd", "name", "AXIS"},
		{"bosch.pcap", "00:04:63:0a:0b:0c", "bosch", NULL, TRI_NO, false, "wsd", "model",
		 "FLEXIDOME-IP-4000i"},
		{"yealink.pcap", "80:5e:c0:12:34:56", "yealink", NULL, TRI_YES, false, "sip", "user_agent",
		 "Yealink SIP-T46S"},
		{"huawei.pcap", "4c:54:99:0d:0e:0f", "huawei", NULL, TRI_YES, false, "lldp", "sys_descr",
		 "Huawei Versatile"},
		/* "Pixel-8" as a host name is not trusted to name a maker. */
		{"phone.pcap", "da:a1:19:5e:6f:70", NULL, NULL, TRI_UNKNOWN, true, "oui", "mac",
		 "randomised"},
		/* The probing PC: an Intel NIC names the chip, not the PC. */
		{"xiongmai.pcap", "00:1b:21:00:00:05", NULL, NULL, TRI_UNKNOWN, false, "oui", "mac",
		 "network-chip maker"},
	};
	for (size_t i = 0; i < sizeof(wants) / sizeof(wants[0]); i++)
		check_device(&wants[i]);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t cap = 1 << 20;
	char *buf = malloc(cap + 1);
	assert_non_null(buf);
	*n = fread(buf, 1, cap, f);
	buf[*n] = '\0';
	fclose(f);
	return buf;
}

/* Each capture against its golden file (tests/golden/capture/), byte for
 * byte; site.pcap and site.pcapng hold the same frames, so one golden. */
static void test_golden(void **state)
{
	(void)state;
	static const struct {
		const char *capture, *golden;
	} cases[] = {
		{FIX "site.pcap", VS_TEST_SRCDIR "/tests/golden/capture/site.json"},
		{FIX "site.pcapng", VS_TEST_SRCDIR "/tests/golden/capture/site.json"},
		{FIX "routed.pcap", VS_TEST_SRCDIR "/tests/golden/capture/routed.json"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t glen;
		char *golden = slurp(cases[i].golden, &glen);
		struct capture_result res;
		struct vs_error err = {0};
		assert_int_equal(run(cases[i].capture, &res, &err), VS_OK);
		char *got = json_of(&res);
		if (strcmp(got, golden) != 0)
			fail_msg("%s differs from %s", cases[i].capture, cases[i].golden);
		free(got);
		free(golden);
		capture_result_release(&res);
	}
}

/* Read every prefix of a file; count clean errors and partial results. */
static void truncations(const char *path, size_t max_devices, size_t *errors, size_t *partial,
			size_t *whole_len)
{
	size_t n;
	char *whole = slurp(path, &n);
	*errors = *partial = 0;
	for (size_t len = 0; len < n; len++) {
		struct capture_result res;
		struct vs_error err = {0};
		/* A copy of exactly len bytes, so ASan sees any read past the cut. */
		uint8_t *cut = malloc(len ? len : 1);
		assert_non_null(cut);
		memcpy(cut, whole, len);
		enum vs_err rc = run_on(path, cut, len, &res, &err);
		free(cut);
		if (rc == VS_OK) {
			assert_true(res.n <= max_devices);
			(*partial)++;
		} else {
			assert_int_equal(rc, VS_EBADVAL);
			assert_true(err.msg[0] != '\0');
			(*errors)++;
		}
		capture_result_release(&res);
	}
	free(whole);
	*whole_len = n;
}

/* Every prefix of site.pcap: cut inside the 24-byte file header, a clean
 * error; past it, the devices of the packets before the cut (never more
 * than the whole file has). pcapng prefixes: an error or a partial result. */
static void test_truncations(void **state)
{
	(void)state;
	size_t errors, partial, n;
	truncations(FIX "site.pcap", 11, &errors, &partial, &n);
	assert_int_equal(errors, 24);
	assert_int_equal(partial, n - 24);
	truncations(FIX "routed.pcap", 3, &errors, &partial, &n);
	assert_int_equal(errors, 24);
	assert_int_equal(partial, n - 24);
	truncations(FIX "reasm.pcap", 2, &errors, &partial, &n);
	assert_int_equal(errors, 24);
	assert_int_equal(partial, n - 24);
	truncations(FIX "site.pcapng", 11, &errors, &partial, &n);
	assert_int_equal(errors + partial, n);
	assert_true(errors > 0);
}

/* Frames from more MACs than the device table holds: the table stops at the
 * limit and counts the rest; a banner longer than the value limit is cut and
 * says so. */
static void test_limits(void **state)
{
	(void)state;
	struct capture *c = capture_new();
	assert_non_null(c);
	struct vs_error err = {0};
	uint8_t frame[60] = {0};
	memset(frame, 0xff, 6);
	frame[12] = 0x88, frame[13] = 0xb5; /* an ethertype nobody dissects */
	for (uint32_t i = 0; i < VS_MAX_CAPTURE_DEVICES + 10; i++) {
		frame[6] = 0x02, frame[7] = 0;
		frame[8] = (uint8_t)(i >> 24), frame[9] = (uint8_t)(i >> 16);
		frame[10] = (uint8_t)(i >> 8), frame[11] = (uint8_t)(i + 1);
		assert_int_equal(capture_packet(c, CAPTURE_DLT_EN10MB, frame, sizeof(frame), 1, &err), VS_OK);
	}
	assert_int_equal(capture_device_count(c), VS_MAX_CAPTURE_DEVICES);
	assert_int_equal(capture_get_stats(c)->devices_dropped, 10);
	capture_free(c);

	struct sighting s;
	sighting_init(&s);
	char big[VS_MAX_OBS_VALUE * 2];
	memset(big, 'A', sizeof(big));
	big[5] = '\n';
	assert_true(sighting_observe(&s, "http", "server", big, sizeof(big), 1, 1));
	const char *v = sighting_value(&s, "http", "server");
	assert_non_null(v);
	assert_int_equal(strlen(v), VS_MAX_OBS_VALUE + strlen(" [cut]"));
	assert_int_equal(v[5], '?');
	assert_non_null(strstr(v, "[cut]"));
	for (int i = 0; i < VS_MAX_DEVICE_OBS + 5; i++) {
		char val[16];
		snprintf(val, sizeof(val), "v%d", i);
		assert_true(sighting_observe(&s, "http", "title", val, strlen(val), 1, 1));
	}
	assert_int_equal(s.n_obs, VS_MAX_DEVICE_OBS);
	assert_int_equal(s.dropped, 6);
	sighting_release(&s);
}

/* The fuzz seeds' cooked (SLL, SLL2) copies of site.pcap: the sender's MAC
 * comes from the cooked header, so the same discovery facts land on the
 * same devices (no destination MAC: DNS answers and inbound bytes are not
 * attributed). */
static void test_cooked(void **state)
{
	(void)state;
	const char *seeds[] = {VS_TEST_SRCDIR "/tests/fuzz/corpus/fuzz_capture/site-sll",
			       VS_TEST_SRCDIR "/tests/fuzz/corpus/fuzz_capture/site-sll2"};
	const int links[] = {CAPTURE_DLT_LINUX_SLL, CAPTURE_DLT_LINUX_SLL2};
	for (size_t k = 0; k < 2; k++) {
		size_t n;
		char *raw = slurp(seeds[k], &n);
		const uint8_t *p = (const uint8_t *)raw;
		struct capture *c = capture_new();
		assert_non_null(c);
		struct vs_error err = {0};
		for (size_t off = 0; off + 3 <= n;) {
			size_t len = (size_t)p[off + 1] | (size_t)p[off + 2] << 8;
			assert_int_equal(p[off], k + 1);
			assert_true(off + 3 + len <= n);
			assert_int_equal(capture_packet(c, links[k], p + off + 3, len, 1, &err), VS_OK);
			off += 3 + len;
		}
		assert_int_equal(capture_get_stats(c)->undecoded, 0);
		assert_int_equal(capture_device_count(c), 11);
		bool sadp = false;
		for (size_t i = 0; i < capture_device_count(c); i++)
			sadp |= sighting_value(capture_device(c, i), "sadp", "oem") != NULL;
		assert_true(sadp);
		capture_free(c);
		free(raw);
	}
}

/* Behind the router: a camera on another subnet answers through the
 * router's MAC and becomes a device of its own keyed by its address; an
 * internet server's banner belongs to no local device; the router keeps
 * only its own facts. */
static void test_routed(void **state)
{
	(void)state;
	struct capture_result res;
	struct vs_error err = {0};
	assert_int_equal(run(FIX "routed.pcap", &res, &err), VS_OK);
	const struct captured_device *router = NULL, *pc = NULL, *cam = NULL;
	for (size_t i = 0; i < res.n; i++) {
		const struct captured_device *d = &res.dev[i];
		if (!d->asset.mac)
			cam = d;
		else if (strcmp(d->asset.mac, "4c:54:99:0d:0e:0f") == 0)
			router = d;
		else if (strcmp(d->asset.mac, "00:1b:21:00:00:05") == 0)
			pc = d;
	}
	assert_int_equal(res.n, 3);
	assert_non_null(router);
	assert_non_null(pc);
	assert_non_null(cam);
	assert_string_equal(router->asset.ip, "10.20.0.1");
	assert_null(sighting_value(&router->seen, "http", "server"));
	assert_string_equal(cam->asset.ip, "10.30.0.20");
	assert_string_equal(sighting_value(&cam->seen, "http", "server"), "DNVRS-Webs");
	assert_string_equal(cam->asset.serial, "7J0CDEFPAZ98765");
	/* A Hikvision server header and a Dahua realm: no maker, but Chinese
	 * hardware either way. */
	assert_null(cam->asset.vendor);
	assert_int_equal(cam->asset.chinese, TRI_YES);
	assert_null(sighting_value(&pc->seen, "http", "server"));
	assert_int_equal(pc->seen.n_peers, 1);
	assert_string_equal(pc->seen.peers[0].addr, "93.184.216.34");
	capture_result_release(&res);
}

/* Heads split across TCP segments (reasm.pcap): the realm in an HTTP 401's
 * second segment and a certificate spanning two segments are read whole,
 * once each; a retransmitted segment adds nothing and an out-of-order one
 * is dropped until it comes again in order. */
static void test_reassembly(void **state)
{
	(void)state;
	struct capture_result res;
	struct vs_error err = {0};
	assert_int_equal(run(FIX "reasm.pcap", &res, &err), VS_OK);
	const struct captured_device *nvr = NULL;
	for (size_t i = 0; i < res.n; i++)
		if (res.dev[i].asset.mac && strcmp(res.dev[i].asset.mac, "c0:56:e3:5a:6b:7c") == 0)
			nvr = &res.dev[i];
	assert_non_null(nvr);
	assert_string_equal(sighting_value(&nvr->seen, "http", "server"), "Boa/0.94.14rc21");
	assert_string_equal(sighting_value(&nvr->seen, "http", "realm"), "NVR-Split-Realm");
	assert_string_equal(sighting_value(&nvr->seen, "tls", "subject"),
			    "CN=nvr-split.local,O=Split Vision Co,C=CN");
	assert_string_equal(sighting_value(&nvr->seen, "tls", "issuer"),
			    "CN=Split Vision Root CA,O=Split Vision Co,C=CN");
	size_t realms = 0, subjects = 0;
	for (size_t i = 0; i < nvr->seen.n_obs; i++) {
		realms += strcmp(nvr->seen.obs[i].method, "http") == 0 &&
			  strcmp(nvr->seen.obs[i].field, "realm") == 0;
		subjects += strcmp(nvr->seen.obs[i].method, "tls") == 0 &&
			    strcmp(nvr->seen.obs[i].field, "subject") == 0;
	}
	assert_int_equal(realms, 1);
	assert_int_equal(subjects, 1);
	capture_result_release(&res);
}

/* A Hanwha camera: kb/oem.tsv says Raysharp makes "some DVR/NVR models"
 * (medium certainty); nothing on this camera points at Raysharp, so Hanwha
 * decides, and the evidence says why. An Amcrest name alone (a high
 * certainty edge) is Dahua-made. */
static void test_partial_oem(void **state)
{
	(void)state;
	struct sighting s;
	sighting_init(&s);
	s.has_mac = true;
	memcpy(s.mac, (const uint8_t[6]){0x00, 0x09, 0x18, 0xcb, 0x68, 0x61}, 6);
	assert_true(sighting_observe(&s, "wsd", "name", "Hanwha", 6, 0.85, 1));
	assert_true(sighting_observe(&s, "wsd", "model", "XNV-6081", 8, 0.85, 1));
	struct asset a;
	asset_init(&a);
	struct vs_error err = {0};
	assert_int_equal(identify_sighting(kb, pol, &s, "2026-01-01", "test", NULL, &a, &err), VS_OK);
	assert_string_equal(a.vendor, "hanwha_vision");
	assert_int_equal(a.chinese, TRI_NO);
	assert_true(has_evidence(&a, "kb", "oem", "nothing seen on this device points at Raysharp"));
	asset_release(&a);
	sighting_release(&s);

	sighting_init(&s);
	s.has_mac = true;
	memcpy(s.mac, (const uint8_t[6]){0x02, 0, 0, 0, 0, 1}, 6);
	assert_true(sighting_observe(&s, "wsd", "name", "Amcrest", 7, 0.85, 1));
	asset_init(&a);
	assert_int_equal(identify_sighting(kb, pol, &s, "2026-01-01", "test", NULL, &a, &err), VS_OK);
	assert_string_equal(a.vendor, "dahua");
	assert_string_equal(a.brand, "Amcrest");
	assert_true(a.randomized_mac);
	asset_release(&a);
	sighting_release(&s);
}

/* An Ethernet + IPv6 + UDP frame (checksums are not checked by capture). */
static size_t v6_frame(uint8_t *f, const uint8_t dst_mac[6], const uint8_t src_mac[6],
		       const char *src, const char *dst)
{
	memset(f, 0, 14 + 40 + 8 + 4);
	memcpy(f, dst_mac, 6);
	memcpy(f + 6, src_mac, 6);
	f[12] = 0x86, f[13] = 0xdd;
	uint8_t *ip = f + 14;
	ip[0] = 0x60;
	ip[5] = 12; /* payload length: UDP header + 4 bytes */
	ip[6] = 17;
	ip[7] = 64;
	assert_int_equal(inet_pton(AF_INET6, src, ip + 8), 1);
	assert_int_equal(inet_pton(AF_INET6, dst, ip + 24), 1);
	uint8_t *udp = ip + 40;
	udp[0] = 0xc3, udp[1] = 0x50, udp[2] = 0x01, udp[3] = 0xbb, udp[5] = 12;
	return 14 + 40 + 12;
}

/* IPv6: a host's link-local, ULA and global addresses (a privacy address
 * in the same /64 too) are all its own, not routed hosts; its traffic with
 * an internet peer over a global address is exposure, both ways; a third
 * prefix from one MAC is a host behind it. */
static void test_ipv6_addresses(void **state)
{
	(void)state;
	static const uint8_t host[6] = {0x00, 0x04, 0x63, 0x01, 0x02, 0x03};
	static const uint8_t gw[6] = {0x4c, 0x54, 0x99, 0x0d, 0x0e, 0x0f};
	struct capture *c = capture_new();
	assert_non_null(c);
	struct vs_error err = {0};
	uint8_t f[128];
	const char *hops[][2] = {
		{"fe80::204:63ff:fe01:203", "ff02::2"},
		{"fd00:1::10", "fd00:1::1"},
		{"2001:db8:1::10", "2a00:1450::1"},
		{"2001:db8:1::beef", "2a00:1450::1"},
	};
	for (size_t i = 0; i < 4; i++) {
		size_t n = v6_frame(f, gw, host, hops[i][0], hops[i][1]);
		assert_int_equal(capture_packet(c, CAPTURE_DLT_EN10MB, f, n, 1, &err), VS_OK);
	}
	size_t n = v6_frame(f, host, gw, "2a00:1450::1", "2001:db8:1::10");
	assert_int_equal(capture_packet(c, CAPTURE_DLT_EN10MB, f, n, 2, &err), VS_OK);
	/* the host, and the gateway (a frame's destination MAC) */
	assert_int_equal(capture_device_count(c), 2);
	const struct sighting *h = capture_device(c, 0);
	assert_int_equal(h->mac[5], 3);
	assert_int_equal(h->n_addrs, 4);
	assert_true(sighting_has_addr(h, "2001:db8:1::beef"));
	assert_int_equal(h->n_peers, 1);
	assert_string_equal(h->peers[0].addr, "2a00:1450::1");
	assert_int_equal(h->peers[0].bytes, 3 * 52);
	/* A third /64 from the same MAC: a host it forwards for, kept by address. */
	n = v6_frame(f, gw, host, "2001:db8:9::1", "2a00:1450::1");
	assert_int_equal(capture_packet(c, CAPTURE_DLT_EN10MB, f, n, 3, &err), VS_OK);
	assert_int_equal(capture_device_count(c), 3);
	assert_false(capture_device(c, 2)->has_mac);
	assert_string_equal(capture_device(c, 2)->addrs[0], "2001:db8:9::1");
	capture_free(c);
}

/* Two MACs that report one serial are one device. */
/* attempts.pcap: vendor clouds asked for behind a firewall. A query with
 * no answer, one answered NXDOMAIN, and an answer with no traffic to it
 * are attempts (exposure entries seen "query"); a name the device then
 * talked to is traffic; a name that is no vendor cloud's is nothing. */
static void test_attempts(void **state)
{
	(void)state;
	struct capture_result res;
	struct vs_error err = {0};
	assert_int_equal(run(FIX "attempts.pcap", &res, &err), VS_OK);
	char *json = json_of(&res);
	static const char *const want[] = {
		"{\"peer\":null,\"country\":null,\"name\":\"dev.hik-connect.com\",\"cloud\":\"hikvision: "
		"Hik-Connect P2P and device cloud (dev., litedev., api*. hosts)\",\"bytes\":0,\"seen\":\"query\"}",
		"{\"peer\":null,\"country\":null,\"name\":\"litedev.ezvizlife.com\",\"cloud\":\"ezviz: EZVIZ "
		"device and app cloud\",\"bytes\":0,\"seen\":\"query\"}",
		"{\"peer\":\"47.96.0.20\",\"country\":\"CN\",\"name\":\"www.easy4ipcloud.com\",\"cloud\":\"dahua: "
		"Dahua P2P cloud\",\"bytes\":40,\"seen\":\"traffic\"},{\"peer\":\"47.96.0.21\",\"country\":null,"
		"\"name\":\"p2p.easy4ip.com\"",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(json, want[i]))
			fail_msg("attempts.pcap: no %s in\n%s", want[i], json);
	assert_null(strstr(json, "pool.ntp.org"));
	const struct asset *hik = NULL;
	for (size_t i = 0; i < res.n; i++)
		if (res.dev[i].asset.mac && strcmp(res.dev[i].asset.mac, "c0:56:e3:00:00:31") == 0)
			hik = &res.dev[i].asset;
	assert_non_null(hik);
	assert_true(has_evidence(hik, "exposure", "dns",
				 "queried dev.hik-connect.com, the vendor cloud hikvision"));
	free(json);
	capture_result_release(&res);
}

static void test_merge_by_serial(void **state)
{
	(void)state;
	struct sighting *s = calloc(3, sizeof(*s));
	assert_non_null(s);
	for (int i = 0; i < 3; i++) {
		sighting_init(&s[i]);
		s[i].has_mac = true;
		uint8_t mac[6] = {0xc0, 0x56, 0xe3, 0, 0, (uint8_t)(i + 1)};
		memcpy(s[i].mac, mac, 6);
		s[i].first_us = s[i].last_us = i + 1;
	}
	assert_true(sighting_observe(&s[0], "sadp", "serial", "DS-X2020ABC", 11, 1, 1));
	assert_true(sighting_observe(&s[1], "http", "title", "other", 5, 1, 2));
	assert_true(sighting_observe(&s[2], "sadp", "serial", "DS-X2020ABC", 11, 1, 3));
	sighting_add_addr(&s[2], "10.0.0.3");
	size_t n = 3;
	struct vs_error err = {0};
	assert_int_equal(identify_merge_sightings(s, &n, &err), VS_OK);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].mac[5], 1);
	assert_true(sighting_has_addr(&s[0], "10.0.0.3"));
	assert_string_equal(sighting_value(&s[0], "identity", "same_serial_mac"), "c0:56:e3:00:00:03");
	assert_non_null(sighting_value(&s[1], "http", "title"));
	for (size_t i = 0; i < n; i++)
		sighting_release(&s[i]);
	free(s);
}

/* An IPv4 TCP segment (ACK set, PSH when it carries data) or an ARP reply. */
static size_t tcp4_frame(uint8_t *f, const uint8_t dst_mac[6], const uint8_t src_mac[6],
			 const uint8_t sip[4], const uint8_t dip[4], uint16_t sport, uint16_t dport,
			 uint32_t seq, size_t payload)
{
	memset(f, 0, 54 + payload);
	memcpy(f, dst_mac, 6);
	memcpy(f + 6, src_mac, 6);
	f[12] = 0x08;
	f[14] = 0x45;
	f[16] = (uint8_t)((40 + payload) >> 8), f[17] = (uint8_t)(40 + payload);
	f[22] = 64, f[23] = 6;
	memcpy(f + 26, sip, 4);
	memcpy(f + 30, dip, 4);
	f[34] = (uint8_t)(sport >> 8), f[35] = (uint8_t)sport;
	f[36] = (uint8_t)(dport >> 8), f[37] = (uint8_t)dport;
	f[38] = (uint8_t)(seq >> 24), f[39] = (uint8_t)(seq >> 16), f[40] = (uint8_t)(seq >> 8),
	f[41] = (uint8_t)seq;
	f[46] = 0x50, f[47] = payload ? 0x18 : 0x10;
	memset(f + 54, 'x', payload);
	return 54 + payload;
}

static size_t arp4_reply(uint8_t *f, const uint8_t mac[6], const uint8_t ip[4])
{
	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	f[12] = 0x08, f[13] = 0x06;
	f[15] = 1, f[16] = 0x08, f[18] = 6, f[19] = 4, f[21] = 2;
	memcpy(f + 22, mac, 6);
	memcpy(f + 28, ip, 4);
	return 60;
}

static const struct sighting *by_mac(const struct capture *c, const uint8_t mac[6])
{
	for (size_t i = 0; i < capture_device_count(c); i++)
		if (capture_device(c, i)->has_mac && memcmp(capture_device(c, i)->mac, mac, 6) == 0)
			return capture_device(c, i);
	return NULL;
}

/*
 * The fast path (frames that repeat a bulk flow's headers replay what they
 * resolved to) must see every change that would resolve them otherwise:
 * here an ARP reply moves the receiver's address to another MAC in the
 * middle of a transfer, and the segments after it are that device's (its
 * last time moves), and an external peer's bytes keep counting on every
 * segment, fast or not.
 */
static void test_fast_path_sees_rebinding(void **state)
{
	(void)state;
	static const uint8_t a[6] = {0x02, 0, 0, 0, 0, 0x0a}, b[6] = {0x02, 0, 0, 0, 0, 0x0b},
			     cm[6] = {0x02, 0, 0, 0, 0, 0x0c}, gw[6] = {0x02, 0, 0, 0, 0, 0x01};
	static const uint8_t ia[4] = {10, 1, 0, 10}, ib[4] = {10, 1, 0, 11}, ext[4] = {93, 184, 216, 34};
	struct capture *c = capture_new();
	assert_non_null(c);
	struct vs_error err = {0};
	uint8_t f[1600];
	int64_t ts = 1772438400000000;
	uint32_t seq = 1000;
	/* c is known before the transfer (with another address), so the move
	 * below makes no device: only the binding changes. */
	static const uint8_t ic[4] = {10, 1, 0, 12};
	assert_int_equal(capture_packet(c, CAPTURE_DLT_EN10MB, f, arp4_reply(f, cm, ic), ts, &err),
			 VS_OK);
	for (int i = 0; i < 40; i++, ts += 100, seq += 1000) {
		assert_int_equal(capture_packet(c, CAPTURE_DLT_EN10MB, f,
						tcp4_frame(f, b, a, ia, ib, 50000, 445, seq, 1000), ts, &err),
				 VS_OK);
		assert_int_equal(capture_packet(c, CAPTURE_DLT_EN10MB, f,
						tcp4_frame(f, a, b, ib, ia, 445, 50000, 1, 0), ts + 1, &err),
				 VS_OK);
		/* A download from outside: the bytes are exposure of a. */
		assert_int_equal(capture_packet(c, CAPTURE_DLT_EN10MB, f,
						tcp4_frame(f, a, gw, ext, ia, 443, 50001, seq, 1000), ts + 2,
						&err),
				 VS_OK);
	}
	int64_t moved = ts;
	assert_int_equal(capture_packet(c, CAPTURE_DLT_EN10MB, f, arp4_reply(f, cm, ib), moved, &err),
			 VS_OK);
	int64_t last = 0;
	for (int i = 0; i < 10; i++, seq += 1000) {
		last = moved + 100 * (i + 1);
		assert_int_equal(capture_packet(c, CAPTURE_DLT_EN10MB, f,
						tcp4_frame(f, b, a, ia, ib, 50000, 445, seq, 1000), last, &err),
				 VS_OK);
	}
	const struct sighting *da = by_mac(c, a), *db = by_mac(c, b), *dc = by_mac(c, cm);
	assert_non_null(da);
	assert_non_null(db);
	assert_non_null(dc);
	/* 10.1.0.11 is c's since the ARP reply: the segments to it after it
	 * touched c (and b, still the frames' destination MAC). */
	assert_true(dc->last_us == last);
	assert_true(db->last_us == last);
	assert_int_equal(da->packets, 50);
	assert_int_equal(capture_get_stats(c)->packets, 1 + 40 * 3 + 1 + 10);
	uint64_t peer_bytes = 0;
	for (size_t i = 0; i < da->n_peers; i++)
		peer_bytes += da->peers[i].bytes;
	assert_int_equal(peer_bytes, 40 * 1040);
	capture_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_done_when),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_merge_by_serial),
		cmocka_unit_test(test_attempts),
		cmocka_unit_test(test_cooked),
		cmocka_unit_test(test_routed),
		cmocka_unit_test(test_reassembly),
		cmocka_unit_test(test_partial_oem),
		cmocka_unit_test(test_ipv6_addresses),
		cmocka_unit_test(test_fast_path_sees_rebinding),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
