/*
 * geo: IP -> country over tests/fixtures/geo/tiny.mmdb, a database written by
 * tests/tools/mmdbgen/mmdbgen.py from the MaxMind DB spec (its docstring
 * lists the networks), so these tests never depend on the downloaded one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo/geo.h"

#define TINY VS_TEST_SRCDIR "/tests/fixtures/geo/tiny.mmdb"

/* Look text up; returns the answer and leaves the code in cc. */
static enum geo_answer ask(const struct geo *g, const char *text, char cc[3])
{
	uint8_t a[16];
	int family = strchr(text, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(family, text, a) != 1)
		fail_msg("bad test address %s", text);
	struct vs_error err = {0};
	enum geo_answer r = geo_country(g, a, family, cc, &err);
	if (r == GEO_ERROR)
		fail_msg("%s: %s", text, err.msg);
	return r;
}

static void expect_cc(const struct geo *g, const char *text, const char *want)
{
	char cc[3] = "??";
	enum geo_answer r = ask(g, text, cc);
	if (r != GEO_COUNTRY || strcmp(cc, want) != 0)
		fail_msg("%s: answer %d cc '%s', want country %s", text, (int)r, cc, want);
}

static void expect(const struct geo *g, const char *text, enum geo_answer want)
{
	char cc[3] = "??";
	enum geo_answer r = ask(g, text, cc);
	if (r != want)
		fail_msg("%s: answer %d, want %d", text, (int)r, (int)want);
	assert_string_equal(cc, "");
}

static int setup(void **state)
{
	struct geo *g;
	struct vs_error err = {0};
	if (geo_open(TINY, &g, &err) != VS_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	*state = g;
	return 0;
}

static int teardown(void **state)
{
	geo_close(*state);
	return 0;
}

static void both_layouts_answer(void **state)
{
	const struct geo *g = *state;
	expect_cc(g, "47.96.0.10", "CN");      /* {"country_code"} */
	expect_cc(g, "47.127.255.255", "CN");  /* last address of 47.96.0.0/11 */
	expect_cc(g, "130.225.17.4", "DK");
	expect_cc(g, "8.8.8.8", "US");         /* {"country": {"iso_code"}} */
	expect_cc(g, "2001:250::1", "CN");
	expect_cc(g, "2a00:1450:4001::200e", "IE");
	expect_cc(g, "::ffff:47.96.0.10", "CN"); /* IPv4-mapped: looked up as IPv4 */
}

static void no_country_is_unknown(void **state)
{
	const struct geo *g = *state;
	expect(g, "47.128.0.1", GEO_UNKNOWN);   /* just past the /11 */
	expect(g, "9.9.9.9", GEO_UNKNOWN);      /* no network at all */
	expect(g, "1.2.3.4", GEO_UNKNOWN);      /* an entry without a country */
	expect(g, "5.6.7.8", GEO_UNKNOWN);      /* "China" is not an ISO code */
	expect(g, "2600::1", GEO_UNKNOWN);
}

/* tiny.mmdb maps 10.0.0.0/8 to "XX": a private answer must come first. */
static void private_ranges_are_never_looked_up(void **state)
{
	const struct geo *g = *state;
	const char *priv[] = {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
			      "127.0.0.1", "169.254.10.20", "100.64.0.1", "100.127.255.255",
			      "224.0.0.251", "239.255.255.250", "255.255.255.255", "0.0.0.0",
			      "192.0.2.7", "198.51.100.1", "203.0.113.9", "198.19.0.1",
			      "::", "::1", "fe80::1", "fd12:3456::1", "fc00::1", "ff02::fb",
			      "2001:db8::1", "::ffff:192.168.0.1", "fec0::1"};
	for (size_t i = 0; i < sizeof(priv) / sizeof(priv[0]); i++)
		expect(g, priv[i], GEO_PRIVATE);
	/* Neighbours of the ranges are public. */
	expect_cc(g, "47.96.0.1", "CN");
	const char *pub[] = {"172.15.255.255", "172.32.0.0", "100.63.255.255", "100.128.0.0",
			     "169.253.0.1", "11.0.0.1", "223.255.255.255", "2001:db9::1",
			     "fe7f::1", "::ffff:8.8.4.4"};
	for (size_t i = 0; i < sizeof(pub) / sizeof(pub[0]); i++) {
		uint8_t a[16];
		int family = strchr(pub[i], ':') ? AF_INET6 : AF_INET;
		assert_int_equal(inet_pton(family, pub[i], a), 1);
		if (geo_private_range(a, family))
			fail_msg("%s called %s", pub[i], geo_private_range(a, family));
	}
	uint8_t a[4] = {100, 64, 1, 1};
	assert_string_equal(geo_private_range(a, AF_INET), "CGNAT (RFC 6598)");
}

static void no_database_still_knows_private(void **state)
{
	(void)state;
	expect(NULL, "192.168.0.10", GEO_PRIVATE);
	expect(NULL, "47.96.0.10", GEO_UNKNOWN);
}

static void text_addresses(void **state)
{
	const struct geo *g = *state;
	char cc[3];
	struct vs_error err = {0};
	assert_int_equal(geo_country_str(g, "47.96.0.10", cc, &err), GEO_COUNTRY);
	assert_string_equal(cc, "CN");
	assert_int_equal(geo_country_str(g, "2a00:1450::1", cc, &err), GEO_COUNTRY);
	assert_string_equal(cc, "IE");
	assert_int_equal(geo_country_str(g, "192.168.0.1", cc, &err), GEO_PRIVATE);
	assert_int_equal(geo_country_str(g, "9.9.9.9", cc, &err), GEO_UNKNOWN);
	assert_int_equal(err.code, VS_OK);
	const char *bad[] = {"", "47.96.0", "47.96.0.10 ", "dev.hik-connect.com", "fe80::1%eth0",
			     "256.1.1.1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		vs_error_clear(&err);
		if (geo_country_str(g, bad[i], cc, &err) != GEO_ERROR)
			fail_msg("'%s' taken for an address", bad[i]);
		assert_int_equal(err.code, VS_EBADVAL);
		assert_string_equal(cc, "");
	}
}

static void bad_family_is_an_error(void **state)
{
	const struct geo *g = *state;
	uint8_t a[16] = {0};
	char cc[3];
	struct vs_error err = {0};
	assert_int_equal(geo_country(g, a, AF_UNIX, cc, &err), GEO_ERROR);
	assert_int_equal(err.code, VS_EUSAGE);
}

static void open_errors(void **state)
{
	(void)state;
	struct geo *g = (struct geo *)1;
	struct vs_error err = {0};
	assert_int_equal(geo_open(VS_TEST_SRCDIR "/tests/fixtures/geo/absent.mmdb", &g, &err),
			 VS_ENOTFOUND);
	assert_null(g);
	vs_error_clear(&err);
	/* A file that is not a MaxMind DB (no metadata marker). */
	assert_int_equal(geo_open(VS_TEST_SRCDIR "/data/clouds.tsv", &g, &err), VS_EBADVAL);
	assert_null(g);
	if (!strstr(err.msg, "clouds.tsv: not a usable MaxMind DB file"))
		fail_msg("message: %s", err.msg);
	vs_error_clear(&err);
	assert_int_equal(geo_open(VS_TEST_SRCDIR "/tests", &g, &err), VS_EBADVAL);
}

/* A database cut short after its tree: the metadata marker is gone, so
 * libmaxminddb refuses it at open rather than reading past the end. */
static void truncated_database_is_refused(void **state)
{
	(void)state;
	FILE *in = fopen(TINY, "rb");
	assert_non_null(in);
	static uint8_t buf[65536];
	size_t n = fread(buf, 1, sizeof(buf), in);
	fclose(in);
	assert_true(n > 200);
	char path[] = "/tmp/vs-geo-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *out = fdopen(fd, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(buf, 1, n / 2, out), n / 2);
	fclose(out);
	struct geo *g = NULL;
	struct vs_error err = {0};
	enum vs_err rc = geo_open(path, &g, &err);
	remove(path);
	assert_int_equal(rc, VS_EBADVAL);
	assert_null(g);
}

/* The data directory's copy comes before the install prefix's. */
static void default_path_prefers_the_data_dir(void **state)
{
	(void)state;
	char dir[] = "/tmp/vs-geodata-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char sub[128], file[160], got[4096];
	snprintf(sub, sizeof(sub), "%s/geoip", dir);
	snprintf(file, sizeof(file), "%s/%s", dir, GEO_DEFAULT_FILE);
	const char *old = getenv("VENDORSCOPE_DATA");
	char *saved = old ? strdup(old) : NULL;
	setenv("VENDORSCOPE_DATA", dir, 1);
	/* Without the file the data dir is passed over. */
	bool before = geo_default_path(got, sizeof(got));
	assert_true(!before || strcmp(got, file) != 0);
	assert_int_equal(mkdir(sub, 0700), 0);
	FILE *f = fopen(file, "wb");
	assert_non_null(f);
	fclose(f);
	assert_true(geo_default_path(got, sizeof(got)));
	assert_string_equal(got, file);
	/* Too small a buffer is no answer, never a cut path. */
	char tiny[8];
	assert_false(geo_default_path(tiny, sizeof(tiny)));
	remove(file);
	rmdir(sub);
	rmdir(dir);
	if (saved)
		setenv("VENDORSCOPE_DATA", saved, 1);
	else
		unsetenv("VENDORSCOPE_DATA");
	free(saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(both_layouts_answer),
		cmocka_unit_test(no_country_is_unknown),
		cmocka_unit_test(private_ranges_are_never_looked_up),
		cmocka_unit_test(no_database_still_knows_private),
		cmocka_unit_test(text_addresses),
		cmocka_unit_test(bad_family_is_an_error),
		cmocka_unit_test(open_errors),
		cmocka_unit_test(truncated_database_is_refused),
		cmocka_unit_test(default_path_prefers_the_data_dir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
