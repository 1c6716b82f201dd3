/*
 * Recog fingerprints: the loader on fixture files written in Recog's format
 * (tests/fixtures/recog: a pattern PCRE2 refuses is skipped, a database for
 * banners a capture never sees is not loaded, malformed XML and a DOCTYPE
 * fail with FILE:LINE), matching with capture groups, `recog` evidence on a
 * captured device; and, when the research copy of Recog is on this machine
 * ($VS_RECOG_DIR or /work/shared/research/recog), its own fingerprints for
 * the Hikvision and Dahua banners.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "capture/capture.h"
#include "identify/recog.h"
#include "ingest/capture.h"

#define RFIX VS_TEST_SRCDIR "/tests/fixtures/recog/"

static void test_load_and_match(void **state)
{
	(void)state;
	struct recog *r;
	struct recog_stats st;
	struct vs_error err = {0};
	assert_int_equal(recog_load(RFIX "good", &r, &st, &err), VS_OK);
	assert_int_equal(st.files, 2);
	assert_int_equal(st.fingerprints, 3);
	assert_int_equal(st.skipped, 1);
	struct recog_match m;
	assert_true(recog_match(r, "http_header.server", "App-webs/", &m));
	assert_string_equal(recog_param(&m, "hw.vendor"), "Hikvision");
	assert_string_equal(m.where, "http_servers.xml:8");
	assert_true(recog_match(r, "http_header.server", "UC-HTTPD 1.0.0", &m));
	assert_string_equal(recog_param(&m, "service.version"), "1.0.0");
	assert_false(recog_match(r, "http_header.server", "nginx", &m));
	assert_false(recog_match(r, "rtsp_header.server", "App-webs/", &m));
	assert_false(recog_match(r, "ssh.banner", "SSH-2.0-OpenSSH", &m));
	assert_false(recog_match(NULL, "http_header.server", "App-webs/", &m));
	recog_free(r);

	assert_int_equal(recog_load(RFIX "bad", &r, &st, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "http_servers.xml:5"));
	vs_error_clear(&err);
	assert_int_equal(recog_load(RFIX "doctype", &r, &st, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "DOCTYPE"));
	vs_error_clear(&err);
	assert_int_equal(recog_load(RFIX "none", &r, &st, &err), VS_ENOTFOUND);
}

static bool evidence_has(const struct asset *a, const char *method, const char *needle)
{
	for (size_t i = 0; i < a->n_evidence; i++)
		if (strcmp(a->evidence[i].method, method) == 0 && strstr(a->evidence[i].value, needle))
			return true;
	return false;
}

/* The site capture with the fixture fingerprints: the Hikvision camera's
 * HTTP banner and the Dahua camera's RTSP banner become recog evidence. */
static void test_capture_evidence(void **state)
{
	(void)state;
	struct kb *kb;
	struct policy *pol;
	struct recog *r;
	struct recog_stats st;
	struct vs_error err = {0};
	assert_int_equal(kb_load(VS_TEST_DATADIR, &kb, &err), VS_OK);
	assert_int_equal(policy_load(VS_TEST_DATADIR, &pol, &err), VS_OK);
	assert_int_equal(recog_load(RFIX "good", &r, &st, &err), VS_OK);
	struct capture *c = capture_new();
	assert_non_null(c);
	assert_int_equal(capture_read_file(c, VS_TEST_SRCDIR "/tests/fixtures/pcap/site.pcap", NULL,
					   NULL, &err), VS_OK);
	size_t n;
	struct sighting *d = capture_detach(c, &n);
	capture_free(c);
	struct ingest_capture_opts o = {.path = "site.pcap", .format = "pcap", .recog = r};
	struct capture_result res;
	assert_int_equal(ingest_capture(NULL, kb, pol, d, n, &o, &res, &err), VS_OK);
	int found = 0;
	for (size_t i = 0; i < res.n; i++) {
		const struct asset *a = &res.dev[i].asset;
		if (strcmp(a->mac, "c0:56:e3:3a:4b:5c") == 0) {
			assert_true(evidence_has(a, "recog", "'App-webs/': Hikvision embedded web server"));
			found++;
		} else if (strcmp(a->mac, "3c:ef:8c:44:55:66") == 0) {
			assert_true(evidence_has(a, "recog", "service.version=3.0"));
			found++;
		}
	}
	assert_int_equal(found, 2);
	capture_result_release(&res);
	recog_free(r);
	policy_free(pol);
	kb_free(kb);
}

/* Recog's own database, where this machine has the research copy. */
static void test_real_recog(void **state)
{
	(void)state;
	const char *dir = getenv("VS_RECOG_DIR") ? getenv("VS_RECOG_DIR") : "/work/shared/research/recog";
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		printf("skipped: no Recog copy at %s (set VS_RECOG_DIR)\n", dir);
		skip();
	}
	struct recog *r;
	struct recog_stats st;
	struct vs_error err = {0};
	assert_int_equal(recog_load(dir, &r, &st, &err), VS_OK);
	assert_true(st.fingerprints > 1000);
	struct recog_match m;
	assert_true(recog_match(r, "http_header.server", "DNVRS-Webs", &m));
	assert_string_equal(recog_param(&m, "hw.vendor"), "Hikvision");
	assert_true(recog_match(r, "rtsp_header.server", "Dahua Rtsp Server", &m));
	assert_string_equal(recog_param(&m, "hw.vendor"), "Dahua");
	assert_true(recog_match(r, "http_header.wwwauth", "Basic realm=\"hikvision\"", &m));
	recog_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_and_match),
		cmocka_unit_test(test_capture_evidence),
		cmocka_unit_test(test_real_recog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
