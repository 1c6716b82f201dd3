/*
 * The login throttle (serve/throttle.c): per user name and per client
 * address, a burst then one try per interval, Retry-After in whole
 * seconds, a success forgetting the name, an IPv6 client counted by its
 * /64, and a full table forgetting the least restricted key first, never
 * one that is held back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "serve/throttle.h"
#include "util/limits.h"

static struct sockaddr_in v4(const char *ip)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	assert_int_equal(inet_pton(AF_INET, ip, &a.sin_addr), 1);
	return a;
}

static struct sockaddr_in6 v6(const char *ip)
{
	struct sockaddr_in6 a = {.sin6_family = AF_INET6};
	assert_int_equal(inet_pton(AF_INET6, ip, &a.sin6_addr), 1);
	return a;
}

#define SA(x) ((const struct sockaddr *)&(x))

static void user_burst_then_interval(void **state)
{
	(void)state;
	struct serve_throttle *t = serve_throttle_new();
	assert_non_null(t);
	int64_t now = 1000000;
	for (int i = 0; i < VS_SERVE_LOGIN_USER_BURST; i++) {
		struct sockaddr_in a = v4("192.0.2.1");
		a.sin_addr.s_addr = htonl(0xC0000200u + (unsigned)i); /* each from its own address */
		assert_int_equal(serve_throttle_take(t, "ann", SA(a), now), 0);
	}
	struct sockaddr_in other = v4("198.51.100.7");
	unsigned wait = serve_throttle_take(t, "ann", SA(other), now);
	assert_int_equal(wait, VS_SERVE_LOGIN_USER_INTERVAL_MS / 1000);
	/* Refused tries are not counted: still one interval away. */
	assert_int_equal(serve_throttle_take(t, "ann", SA(other), now + 1), wait);
	assert_int_equal(serve_throttle_take(t, "ann", SA(other), now + VS_SERVE_LOGIN_USER_INTERVAL_MS - 1000), 1);
	assert_int_equal(serve_throttle_take(t, "ann", SA(other), now + VS_SERVE_LOGIN_USER_INTERVAL_MS), 0);
	assert_true(serve_throttle_take(t, "ann", SA(other), now + VS_SERVE_LOGIN_USER_INTERVAL_MS) > 0);
	/* Another name is its own count; a success forgets the name's. */
	assert_int_equal(serve_throttle_take(t, "bob", SA(other), now), 0);
	serve_throttle_succeeded(t, "ann", SA(other), now + VS_SERVE_LOGIN_USER_INTERVAL_MS);
	assert_int_equal(serve_throttle_take(t, "ann", SA(other), now + VS_SERVE_LOGIN_USER_INTERVAL_MS), 0);
	serve_throttle_free(t);
}

static void address_burst_v4_and_v6(void **state)
{
	(void)state;
	struct serve_throttle *t = serve_throttle_new();
	assert_non_null(t);
	int64_t now = 5000;
	char name[32];
	struct sockaddr_in6 a = v6("2001:db8:1:2::1");
	for (int i = 0; i < VS_SERVE_LOGIN_ADDR_BURST; i++) {
		snprintf(name, sizeof(name), "user%d", i);
		/* The host half changes each time: one /64 all the same. */
		a.sin6_addr.s6_addr[15] = (unsigned char)i;
		a.sin6_addr.s6_addr[9] = (unsigned char)(i * 7);
		assert_int_equal(serve_throttle_take(t, name, SA(a), now), 0);
	}
	a.sin6_addr.s6_addr[15] = 0xee;
	assert_int_equal(serve_throttle_take(t, "fresh", SA(a), now),
			 VS_SERVE_LOGIN_ADDR_INTERVAL_MS / 1000);
	/* The next /64 is another client. */
	struct sockaddr_in6 b = v6("2001:db8:1:3::1");
	assert_int_equal(serve_throttle_take(t, "fresh", SA(b), now), 0);
	/* An IPv4 client, also as an IPv4-mapped IPv6 address. */
	struct sockaddr_in c4 = v4("203.0.113.9");
	struct sockaddr_in6 c6 = v6("::ffff:203.0.113.9");
	for (int i = 0; i < VS_SERVE_LOGIN_ADDR_BURST; i++) {
		snprintf(name, sizeof(name), "v4user%d", i);
		assert_int_equal(serve_throttle_take(t, name, i % 2 ? SA(c4) : SA(c6), now), 0);
	}
	assert_true(serve_throttle_take(t, "another", SA(c4), now) > 0);
	assert_true(serve_throttle_take(t, "another", SA(c6), now) > 0);
	/* A success gives the address its try back. */
	serve_throttle_succeeded(t, "v4user0", SA(c4), now);
	assert_int_equal(serve_throttle_take(t, "another", SA(c4), now), 0);
	serve_throttle_free(t);
}

/* 200,000 names from 200,000 addresses (50 times the table) each fail
 * once; a name held back meanwhile stays held back: the table forgets the
 * keys nearest to their full allowance first. */
static void full_table_keeps_the_held_back(void **state)
{
	(void)state;
	struct serve_throttle *t = serve_throttle_new();
	assert_non_null(t);
	int64_t now = 0;
	struct sockaddr_in a = v4("10.0.0.1");
	for (int i = 0; i < VS_SERVE_LOGIN_USER_BURST; i++) {
		a.sin_addr.s_addr = htonl(0x0A000000u + (unsigned)i);
		assert_int_equal(serve_throttle_take(t, "target", SA(a), now), 0);
	}
	char name[32];
	for (unsigned i = 0; i < 200000; i++) {
		snprintf(name, sizeof(name), "n%u", i);
		a.sin_addr.s_addr = htonl(0x0B000000u + i);
		assert_int_equal(serve_throttle_take(t, name, SA(a), now), 0);
	}
	a.sin_addr.s_addr = htonl(0x0C000001u);
	assert_true(serve_throttle_take(t, "target", SA(a), now) > 0);
	serve_throttle_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(user_burst_then_interval),
		cmocka_unit_test(address_burst_v4_and_v6),
		cmocka_unit_test(full_table_keeps_the_held_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
