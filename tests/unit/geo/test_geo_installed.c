/*
 * geo against the database scripts/setup installs (geo_default_path()).
 * Exit 77 (ctest: skipped, with the reason printed) when it is absent:
 * a machine that has not run scripts/setup, or whose setup could not reach
 * the npm registry. The addresses are stable allocations: Alibaba Cloud
 * Hangzhou (47.96.0.0/11, CN), DeiC, the Danish research network
 * (130.225.0.0/16, DK), and Google's public DNS (8.8.8.8, US).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "geo/geo.h"

static char path[4096];

static void expect_cc(const struct geo *g, const char *text, const char *want)
{
	uint8_t a[16];
	int family = strchr(text, ':') ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(family, text, a), 1);
	char cc[3];
	struct vs_error err = {0};
	enum geo_answer r = geo_country(g, a, family, cc, &err);
	if (r != GEO_COUNTRY || strcmp(cc, want) != 0)
		fail_msg("%s in %s: answer %d '%s' %s, want %s", text, path, (int)r, cc, err.msg, want);
}

static void known_allocations(void **state)
{
	(void)state;
	struct geo *g;
	struct vs_error err = {0};
	if (geo_open(path, &g, &err) != VS_OK)
		fail_msg("%s", err.msg);
	expect_cc(g, "47.96.0.10", "CN");
	expect_cc(g, "130.225.1.1", "DK");
	expect_cc(g, "8.8.8.8", "US");
	expect_cc(g, "114.114.114.114", "CN");
	uint8_t lan[4] = {192, 168, 1, 10};
	char cc[3];
	assert_int_equal(geo_country(g, lan, AF_INET, cc, &err), GEO_PRIVATE);
	geo_close(g);
}

int main(void)
{
	if (!geo_default_path(path, sizeof(path))) {
		printf("SKIP: no installed GeoIP database (%s under the data directory, the "
		       "install prefix or /usr/share/vendorscope): run scripts/setup\n",
		       GEO_DEFAULT_FILE);
		return 77;
	}
	printf("database: %s\n", path);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_allocations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
