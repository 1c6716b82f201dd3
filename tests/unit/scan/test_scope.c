/*
 * The scan's scope, rate limits and gate: what may be sent to, how fast,
 * and that nothing outside TARGETS leaves (the gate's test hook counts
 * what would have been sent; no packet is sent by this test).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "scan/gate.h"
#include "scan/rate.h"
#include "scan/scan.h"
#include "scan/scope.h"
#include "util/limits.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

static enum vs_err add(struct scope *s, const char *w, bool pub)
{
	struct vs_error err = {0};
	return scope_add(s, w, pub, &err);
}

static void parses_hosts_cidrs_and_ranges(void **state)
{
	(void)state;
	struct scope s;
	scope_init(&s);
	assert_int_equal(add(&s, "10.253.0.0/24", false), VS_OK);
	assert_int_equal(s.count, 254); /* .0 and .255 are not hosts */
	assert_int_equal(add(&s, "192.168.1.10-192.168.1.12", false), VS_OK);
	assert_int_equal(add(&s, "192.168.1.20-21", false), VS_OK);
	assert_int_equal(add(&s, "172.16.5.5", false), VS_OK);
	assert_int_equal(add(&s, "10.253.0.7", false), VS_OK); /* already in: merged */
	assert_int_equal(add(&s, "10.9.9.8/31", false), VS_OK); /* /31: both are hosts */
	assert_int_equal(scope_seal(&s, &(struct vs_error){0}), VS_OK);
	assert_int_equal(s.count, 254 + 3 + 2 + 1 + 2);
	assert_true(scope_contains(&s, A(10, 253, 0, 1)));
	assert_true(scope_contains(&s, A(10, 253, 0, 254)));
	assert_false(scope_contains(&s, A(10, 253, 0, 0)));
	assert_false(scope_contains(&s, A(10, 253, 0, 255)));
	assert_false(scope_contains(&s, A(10, 253, 1, 1)));
	assert_true(scope_contains(&s, A(192, 168, 1, 11)));
	assert_false(scope_contains(&s, A(192, 168, 1, 13)));
	assert_true(scope_contains(&s, A(192, 168, 1, 21)));
	assert_false(scope_contains(&s, A(192, 168, 1, 22)));
	assert_true(scope_contains(&s, A(172, 16, 5, 5)));
	assert_true(scope_contains(&s, A(10, 9, 9, 8)));
	assert_true(scope_contains(&s, A(10, 9, 9, 9)));
	/* Index and address are inverse over the whole scope. */
	for (uint64_t i = 0; i < s.count; i++)
		assert_int_equal(scope_index(&s, scope_addr(&s, i)), (int64_t)i);
	assert_int_equal(scope_index(&s, A(8, 8, 8, 8)), -1);
	scope_release(&s);
}

static void refuses_bad_words_public_and_huge(void **state)
{
	(void)state;
	struct scope s;
	scope_init(&s);
	static const char *const bad[] = {
		"10.1", "010.0.0.1", "10.0.0.256", "10.0.0.1/33", "10.0.0.1/24", "10.0.0.9-3",
		"10.0.0.1-", "10.0.0.1 ", "host.example", "", "10.0.0.0/", "10.0.0.1-10.0.1",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(add(&s, bad[i], false), VS_EBADVAL);
	struct vs_error err = {0};
	assert_int_equal(scope_add(&s, "8.8.8.8", false, &err), VS_EPERM);
	assert_non_null(strstr(err.msg, "--allow-public"));
	/* A range that crosses out of private space is public too. */
	assert_int_equal(add(&s, "10.255.255.250-11.0.0.3", false), VS_EPERM);
	assert_int_equal(add(&s, "172.15.255.255-172.16.0.3", false), VS_EPERM);
	assert_int_equal(add(&s, "8.8.8.8", true), VS_OK);
	/* Never hosts, even with --allow-public. */
	assert_int_equal(add(&s, "239.255.255.250", true), VS_EPERM);
	assert_int_equal(add(&s, "255.255.255.255", true), VS_EPERM);
	assert_int_equal(add(&s, "0.0.0.1", true), VS_EPERM);
	assert_int_equal(add(&s, "2001:db8::1", true), VS_EBADVAL);
	/* Size: a /16 fits exactly (65534 hosts), anything more is refused. */
	assert_int_equal(add(&s, "10.0.0.0/16", false), VS_OK);
	assert_int_equal(add(&s, "10.1.0.0/30", false), VS_ETOOBIG);
	assert_int_equal(add(&s, "10.0.0.0/8", false), VS_ETOOBIG);
	scope_release(&s);
	scope_init(&s);
	assert_int_equal(scope_seal(&s, &err), VS_EUSAGE);
	scope_release(&s);
}

static void rate_schedules_exactly(void **state)
{
	(void)state;
	struct rate r;
	struct vs_error err = {0};
	/* 100 pps overall, burst 1; 10 pps per host, burst 2. */
	assert_int_equal(rate_init(&r, 100, 1, 10, 2, 4, &err), VS_OK);
	int64_t ms = 1000000;
	assert_int_equal(rate_take(&r, 0, 0), 0);
	assert_int_equal(rate_take(&r, 1, 0), 10 * ms); /* overall: next slot at 10 ms */
	assert_int_equal(rate_take(&r, 1, 10 * ms), 0);
	assert_int_equal(rate_take(&r, 0, 20 * ms), 0); /* host 0's burst of 2 */
	/* Host 0 has used its burst: its 10 pps decides. Its arrival time is
	 * 200 ms (two sends, 100 ms each), less one interval of tolerance. */
	assert_int_equal(rate_take(&r, 0, 30 * ms), 70 * ms);
	assert_int_equal(rate_take(&r, 0, 99 * ms), 1 * ms);
	assert_int_equal(rate_take(&r, 0, 100 * ms), 0);
	/* Another host is not held up by host 0, only by the overall limit. */
	assert_int_equal(rate_take(&r, 2, 100 * ms), 10 * ms);
	assert_int_equal(rate_take(&r, 2, 110 * ms), 0);
	/* A broadcast (-1) counts only overall. */
	assert_int_equal(rate_take(&r, -1, 140 * ms), 0);
	/* Asked every 0.25 ms for 10 s, 100 pps grants exactly 1000. */
	int granted = 0;
	for (int64_t t = 1000 * ms; t < 11000 * ms; t += ms / 4)
		granted += rate_take(&r, -1, t) == 0;
	assert_int_equal(granted, 1000);
	rate_release(&r);
	/* One host asking all the time gets its 10 pps plus its burst of 2,
	 * however fast the scan as a whole may go. */
	assert_int_equal(rate_init(&r, 100000, 1, 10, 2, 4, &err), VS_OK);
	granted = 0;
	for (int64_t t = 1000 * ms; t < 11000 * ms; t += ms / 4)
		granted += rate_take(&r, 3, t) == 0;
	assert_int_equal(granted, 101);
	rate_release(&r);
	assert_int_equal(rate_init(&r, 0, 1, 1, 1, 1, &err), VS_EBADVAL);
	rate_release(&r);
}

struct sent_log {
	int n;
	uint32_t dst[16];
};

static int fake_send(enum gate_op op, int fd, uint32_t dst, uint16_t port, const void *buf,
		     size_t n, void *ctx)
{
	(void)op, (void)fd, (void)port, (void)buf, (void)n;
	struct sent_log *l = ctx;
	if (l->n < 16)
		l->dst[l->n] = dst;
	l->n++;
	return 0;
}

static void gate_refuses_outside_targets(void **state)
{
	(void)state;
	struct scope s;
	scope_init(&s);
	struct vs_error err = {0};
	assert_int_equal(scope_add(&s, "10.253.1.2-10.253.1.4", false, &err), VS_OK);
	assert_int_equal(scope_seal(&s, &err), VS_OK);
	struct rate r;
	assert_int_equal(rate_init(&r, 1000, 1000, 1000, 1000, s.count, &err), VS_OK);
	struct sent_log log = {0};
	struct gate g = {.scope = &s, .rate = &r, .fake_send = fake_send, .fake_ctx = &log};
	int64_t wait;
	int e;
	assert_int_equal(gate_send(&g, GATE_UDP, -1, A(10, 253, 1, 3), 37020, "x", 1, 0, &wait, &e, &err),
			 VS_OK);
	assert_int_equal(log.n, 1);
	static const uint32_t outside[] = {A(10, 253, 1, 1), A(10, 253, 1, 5), A(8, 8, 8, 8),
					   A(127, 0, 0, 1), GATE_BCAST, GATE_MC_SSDP};
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++)
		for (int op = GATE_UDP; op <= GATE_ICMP; op++) {
			vs_error_clear(&err);
			assert_int_equal(gate_send(&g, (enum gate_op)op, -1, outside[i], 80, "x", 1, 0,
						   &wait, &e, &err),
					 VS_EPERM);
		}
	assert_int_equal(log.n, 1);
	assert_int_equal(g.refused, 6 * 3);
	/* Broadcasts need the whole segment in scope. */
	assert_false(scope_set_segment(&s, A(10, 253, 1, 0), 0xffffff00u));
	vs_error_clear(&err);
	assert_int_equal(gate_send(&g, GATE_UDP, -1, GATE_BCAST, 34569, "x", 1, 0, &wait, &e, &err),
			 VS_EPERM);
	assert_false(scope_set_segment(&s, A(10, 253, 1, 0), 0xfffffff8u)); /* hosts .1-.6 */
	assert_false(s.segment_ok);
	scope_release(&s);
	rate_release(&r);
}

static void gate_allows_broadcast_on_a_named_segment(void **state)
{
	(void)state;
	struct scope s;
	scope_init(&s);
	struct vs_error err = {0};
	assert_int_equal(scope_add(&s, "10.253.2.0/24", false, &err), VS_OK);
	assert_int_equal(scope_seal(&s, &err), VS_OK);
	assert_false(scope_set_segment(&s, A(10, 253, 0, 0), 0xffff0000u));
	assert_true(scope_set_segment(&s, A(10, 253, 2, 9), 0xffffff00u));
	struct rate r;
	assert_int_equal(rate_init(&r, 1000, 1000, 1000, 1000, s.count, &err), VS_OK);
	struct sent_log log = {0};
	struct gate g = {.scope = &s, .rate = &r, .fake_send = fake_send, .fake_ctx = &log};
	int64_t wait;
	int e;
	assert_int_equal(gate_send(&g, GATE_UDP, -1, GATE_MC_SSDP, 1900, "x", 1, 0, &wait, &e, &err),
			 VS_OK);
	assert_int_equal(log.n, 1);
	/* Only datagrams go to a group: no connection to a broadcast address. */
	assert_int_equal(gate_send(&g, GATE_TCP, -1, GATE_BCAST, 80, NULL, 0, 0, &wait, &e, &err),
			 VS_EPERM);
	/* An ARP frame must ask for the address it is charged to. */
	uint8_t f[42] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06,
			 0, 1, 0x08, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 10, 253, 2, 1,
			 0, 0, 0, 0, 0, 0, 8, 8, 8, 8};
	vs_error_clear(&err);
	assert_int_equal(gate_send(&g, GATE_ARP, -1, A(10, 253, 2, 5), 0, f, sizeof(f), 0, &wait, &e,
				   &err),
			 VS_EPERM);
	assert_int_equal(gate_send(&g, GATE_ARP, -1, A(8, 8, 8, 8), 0, f, sizeof(f), 0, &wait, &e, &err),
			 VS_EPERM);
	f[38] = 10, f[39] = 253, f[40] = 2, f[41] = 5;
	assert_int_equal(gate_send(&g, GATE_ARP, -1, A(10, 253, 2, 5), 0, f, sizeof(f), 0, &wait, &e,
				   &err),
			 VS_OK);
	assert_int_equal(log.n, 2);
	/* The rate limit defers, never drops: wait is set and nothing is sent. */
	struct rate slow;
	assert_int_equal(rate_init(&slow, 1, 1, 1, 1, s.count, &err), VS_OK);
	g.rate = &slow;
	assert_int_equal(gate_send(&g, GATE_UDP, -1, A(10, 253, 2, 7), 1, "x", 1, 5, &wait, &e, &err),
			 VS_OK);
	assert_int_equal(wait, 0);
	assert_int_equal(gate_send(&g, GATE_UDP, -1, A(10, 253, 2, 8), 1, "x", 1, 5, &wait, &e, &err),
			 VS_OK);
	assert_int_equal(wait, 1000000000);
	assert_int_equal(log.n, 3);
	rate_release(&slow);
	rate_release(&r);
	scope_release(&s);
}

/* A reply-driven follow-up: an SSDP LOCATION pointing outside TARGETS is
 * parsed, then refused by the gate, and nothing leaves. */
static void ssdp_location_outside_scope_is_refused(void **state)
{
	(void)state;
	struct scope s;
	scope_init(&s);
	struct vs_error err = {0};
	assert_int_equal(scope_add(&s, "10.253.0.0/24", false, &err), VS_OK);
	assert_int_equal(scope_seal(&s, &err), VS_OK);
	struct rate r;
	assert_int_equal(rate_init(&r, 1000, 1000, 1000, 1000, s.count, &err), VS_OK);
	struct sent_log log = {0};
	struct gate g = {.scope = &s, .rate = &r, .fake_send = fake_send, .fake_ctx = &log};
	static const char elsewhere[] =
		"HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nST: upnp:rootdevice\r\n"
		"LOCATION: http://192.0.2.80:49152/rootdesc.xml\r\nSERVER: Linux UPnP/1.0 X/1\r\n\r\n";
	uint32_t addr;
	uint16_t port;
	char path[256];
	assert_int_equal(scan_location((const uint8_t *)elsewhere, sizeof(elsewhere) - 1, &addr, &port,
				       path, sizeof(path)),
			 VS_OK);
	assert_int_equal(addr, A(192, 0, 2, 80));
	assert_int_equal(port, 49152);
	assert_string_equal(path, "/rootdesc.xml");
	int64_t wait;
	int e;
	assert_int_equal(gate_send(&g, GATE_TCP, -1, addr, port, NULL, 0, 0, &wait, &e, &err), VS_EPERM);
	assert_non_null(strstr(err.msg, "outside the scan's targets"));
	assert_int_equal(log.n, 0);
	/* The same reply pointing inside the scope is followed. */
	static const char inside[] = "HTTP/1.1 200 OK\r\nLOCATION: http://10.253.0.12/d.xml\r\n\r\n";
	assert_int_equal(scan_location((const uint8_t *)inside, sizeof(inside) - 1, &addr, &port, path,
				       sizeof(path)),
			 VS_OK);
	assert_int_equal(port, 80);
	assert_int_equal(gate_send(&g, GATE_TCP, -1, addr, port, NULL, 0, 0, &wait, &e, &err), VS_OK);
	assert_int_equal(log.n, 1);
	/* Host names are not resolved, other schemes not followed, and a path
	 * that would split the request line is refused. */
	static const char *const bad[] = {
		"HTTP/1.1 200 OK\r\nLOCATION: http://camera.local:80/d.xml\r\n\r\n",
		"HTTP/1.1 200 OK\r\nLOCATION: https://10.253.0.12/d.xml\r\n\r\n",
		"HTTP/1.1 200 OK\r\nLOCATION: http://10.253.0.12:0/d.xml\r\n\r\n",
		"HTTP/1.1 200 OK\r\nLOCATION: http://10.253.0.12/a b\r\n\r\n",
		"HTTP/1.1 200 OK\r\nSERVER: x\r\n\r\n",
		"NOTHING",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(scan_location((const uint8_t *)bad[i], strlen(bad[i]), &addr, &port,
					       path, sizeof(path)),
				 VS_EBADVAL);
	rate_release(&r);
	scope_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_hosts_cidrs_and_ranges),
		cmocka_unit_test(refuses_bad_words_public_and_huge),
		cmocka_unit_test(rate_schedules_exactly),
		cmocka_unit_test(gate_refuses_outside_targets),
		cmocka_unit_test(gate_allows_broadcast_on_a_named_segment),
		cmocka_unit_test(ssdp_location_outside_scope_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
