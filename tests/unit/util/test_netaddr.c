#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <string.h>

#include "util/netaddr.h"

/* net_ntop writes what inet_ntop writes, byte for byte: the text is what
 * the store keeps for a peer, so a difference would change every output. */
static void check_v4(const uint8_t a[4])
{
	char want[INET_ADDRSTRLEN], got[INET_ADDRSTRLEN];
	assert_non_null(inet_ntop(AF_INET, a, want, sizeof(want)));
	assert_ptr_equal(net_ntop(AF_INET, a, got, sizeof(got)), got);
	assert_string_equal(got, want);
}

static void ipv4_as_inet_ntop(void **state)
{
	(void)state;
	static const uint8_t edges[][4] = {
		{0, 0, 0, 0}, {255, 255, 255, 255}, {10, 0, 0, 1}, {192, 168, 1, 100},
		{9, 99, 100, 199}, {1, 10, 100, 200}, {127, 0, 0, 1}, {100, 64, 5, 250},
	};
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		check_v4(edges[i]);
	/* Every octet value in every position. */
	for (unsigned v = 0; v < 256; v++)
		for (int pos = 0; pos < 4; pos++) {
			uint8_t a[4] = {1, 22, 133, 4};
			a[pos] = (uint8_t)v;
			check_v4(a);
		}
}

static void ipv4_too_small(void **state)
{
	(void)state;
	const uint8_t a[4] = {192, 168, 100, 200}; /* 15 characters */
	char buf[16];
	assert_null(net_ntop(AF_INET, a, buf, 15));
	assert_non_null(net_ntop(AF_INET, a, buf, 16));
	assert_string_equal(buf, "192.168.100.200");
	const uint8_t b[4] = {1, 2, 3, 4}; /* 7 characters */
	assert_null(net_ntop(AF_INET, b, buf, 7));
	assert_non_null(net_ntop(AF_INET, b, buf, 8));
	assert_string_equal(buf, "1.2.3.4");
}

static void ipv6_and_others_as_inet_ntop(void **state)
{
	(void)state;
	uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8};
	a[15] = 1;
	char want[INET6_ADDRSTRLEN], got[INET6_ADDRSTRLEN];
	assert_non_null(inet_ntop(AF_INET6, a, want, sizeof(want)));
	assert_non_null(net_ntop(AF_INET6, a, got, sizeof(got)));
	assert_string_equal(got, want);
	assert_null(net_ntop(AF_UNIX, a, got, sizeof(got)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv4_as_inet_ntop),
		cmocka_unit_test(ipv4_too_small),
		cmocka_unit_test(ipv6_and_others_as_inet_ntop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
