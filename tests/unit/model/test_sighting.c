#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "model/sighting.h"

static const struct peer *find_peer(const struct sighting *s, const char *text)
{
	for (size_t i = 0; i < s->n_peers; i++)
		if (strcmp(s->peers[i].addr, text) == 0)
			return &s->peers[i];
	return NULL;
}

static void v4(uint8_t a[4], unsigned n)
{
	a[0] = 203, a[1] = 0, a[2] = (uint8_t)(n >> 8), a[3] = (uint8_t)n;
}

/* Every peer stays findable while the index doubles, and bytes add up on
 * the peer they belong to. */
static void peers_are_counted_through_growth(void **state)
{
	(void)state;
	struct sighting s;
	sighting_init(&s);
	uint8_t a[4];
	for (unsigned round = 0; round < 3; round++)
		for (unsigned i = 0; i < 200; i++) {
			v4(a, i);
			assert_true(sighting_peer_bytes(&s, AF_INET, a, 100 + i, 1000 + round));
		}
	assert_int_equal(s.n_peers, 200);
	assert_int_equal(s.dropped, 0);
	const struct peer *p = find_peer(&s, "203.0.0.199");
	assert_non_null(p);
	assert_int_equal(p->bytes, 3 * 299);
	assert_int_equal(p->first_us, 1000);
	assert_int_equal(p->last_us, 1002);
	p = find_peer(&s, "203.0.0.0");
	assert_non_null(p);
	assert_int_equal(p->bytes, 300);
	sighting_release(&s);
}

/* An IPv4 address and an IPv6 one with the same leading bytes are two peers. */
static void families_are_kept_apart(void **state)
{
	(void)state;
	struct sighting s;
	sighting_init(&s);
	uint8_t a4[4] = {32, 1, 13, 184};
	uint8_t a6[16] = {32, 1, 13, 184};
	assert_true(sighting_peer_bytes(&s, AF_INET, a4, 10, 1));
	assert_true(sighting_peer_bytes(&s, AF_INET6, a6, 20, 2));
	assert_int_equal(s.n_peers, 2);
	assert_int_equal(find_peer(&s, "32.1.13.184")->bytes, 10);
	assert_int_equal(find_peer(&s, "2001:db8::")->bytes, 20);
	sighting_release(&s);
}

/* Past the limit a new peer is counted as dropped; known ones still add up. */
static void peer_limit_is_counted(void **state)
{
	(void)state;
	struct sighting s;
	sighting_init(&s);
	uint8_t a[4];
	for (unsigned i = 0; i < VS_MAX_DEVICE_PEERS + 5; i++) {
		v4(a, i);
		assert_true(sighting_peer_bytes(&s, AF_INET, a, 1, 1));
	}
	assert_int_equal(s.n_peers, VS_MAX_DEVICE_PEERS);
	assert_int_equal(s.dropped, 5);
	v4(a, 7);
	assert_true(sighting_peer_bytes(&s, AF_INET, a, 1, 2));
	assert_int_equal(find_peer(&s, "203.0.0.7")->bytes, 2);
	assert_int_equal(s.dropped, 5);
	sighting_release(&s);
}

/* A name resolved before the traffic names the peer; merging two
 * sightings adds their bytes and widens the time span. */
static void names_and_merge(void **state)
{
	(void)state;
	struct sighting a, b;
	sighting_init(&a);
	sighting_init(&b);
	uint8_t addr[4] = {198, 51, 100, 7};
	assert_true(sighting_add_name(&a, "198.51.100.7", "api.example.cn", 1));
	assert_true(sighting_peer_bytes(&a, AF_INET, addr, 500, 10));
	assert_string_equal(a.peers[0].name, "api.example.cn");
	assert_true(sighting_peer_bytes(&b, AF_INET, addr, 70, 5));
	assert_true(sighting_peer_bytes(&b, AF_INET, addr, 30, 50));
	assert_true(sighting_observe(&b, "sadp", "model", "DS-2CD2143G2-I", 14, 0.95, 7));
	assert_true(sighting_merge(&a, &b));
	assert_int_equal(a.n_peers, 1);
	assert_int_equal(a.peers[0].bytes, 600);
	assert_int_equal(a.peers[0].first_us, 5);
	assert_int_equal(a.peers[0].last_us, 50);
	assert_string_equal(sighting_value(&a, "sadp", "model"), "DS-2CD2143G2-I");
	sighting_release(&a);
}

/* A query is kept until an answer gives the name its address (any case);
 * asked again it only widens its time; queries only asked are bounded on
 * their own, answers still fit; merging carries both kinds. */
static void queries_until_answered(void **state)
{
	(void)state;
	struct sighting a, b;
	sighting_init(&a);
	sighting_init(&b);
	assert_true(sighting_add_name(&a, "", "dev.hik-connect.com", 10));
	assert_true(sighting_add_name(&a, "", "DEV.hik-connect.COM", 20));
	assert_int_equal(a.n_names, 1);
	assert_int_equal(a.n_queries, 1);
	assert_string_equal(a.names[0].addr, "");
	assert_int_equal(a.names[0].first_us, 10);
	assert_int_equal(a.names[0].last_us, 20);
	assert_true(sighting_add_name(&a, "47.96.0.10", "dev.hik-connect.com", 30));
	assert_int_equal(a.n_names, 1);
	assert_int_equal(a.n_queries, 0);
	assert_string_equal(a.names[0].addr, "47.96.0.10");
	assert_int_equal(a.names[0].last_us, 30);
	/* Asked again once answered: no new query. */
	assert_true(sighting_add_name(&a, "", "dev.hik-connect.com", 40));
	assert_int_equal(a.n_names, 1);
	assert_int_equal(a.names[0].last_us, 40);

	for (int i = 0; i < VS_MAX_DEVICE_QUERIES + 3; i++) {
		char n[32];
		snprintf(n, sizeof(n), "q%d.example", i);
		assert_true(sighting_add_name(&b, "", n, 1));
	}
	assert_int_equal(b.n_queries, VS_MAX_DEVICE_QUERIES);
	assert_int_equal(b.dropped, 3);
	assert_true(sighting_add_name(&b, "198.51.100.7", "answered.example", 2));
	assert_int_equal(b.n_names, VS_MAX_DEVICE_QUERIES + 1);
	assert_true(sighting_add_name(&b, "198.51.100.8", "q0.example", 3));
	assert_int_equal(b.n_queries, VS_MAX_DEVICE_QUERIES - 1);
	assert_true(sighting_merge(&a, &b));
	assert_int_equal(a.n_names, VS_MAX_DEVICE_QUERIES + 2);
	assert_int_equal(a.n_queries, VS_MAX_DEVICE_QUERIES - 1);
	sighting_release(&a);
}

/* The same fact seen again widens its time span; a blank one is ignored;
 * control bytes are replaced and an over-long value is cut and marked. */
static void observations_dedupe_and_clean(void **state)
{
	(void)state;
	struct sighting s;
	sighting_init(&s);
	assert_true(sighting_observe(&s, "http", "server", " App-webs/ ", 11, 0.85, 100));
	assert_true(sighting_observe(&s, "http", "server", "App-webs/", 9, 0.85, 300));
	assert_true(sighting_observe(&s, "http", "server", "   ", 3, 0.85, 400));
	assert_int_equal(s.n_obs, 1);
	assert_int_equal(s.obs[0].first_us, 100);
	assert_int_equal(s.obs[0].last_us, 300);
	assert_true(sighting_observe(&s, "sip", "user_agent", "a\x01z", 3, 0.85, 1));
	assert_string_equal(sighting_value(&s, "sip", "user_agent"), "a?z");
	char big[VS_MAX_OBS_VALUE + 40];
	memset(big, 'x', sizeof(big));
	assert_true(sighting_observe(&s, "http", "title", big, sizeof(big), 0.5, 1));
	const char *v = sighting_value(&s, "http", "title");
	assert_int_equal(strlen(v), VS_MAX_OBS_VALUE + strlen(" [cut]"));
	assert_string_equal(v + VS_MAX_OBS_VALUE, " [cut]");
	sighting_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(peers_are_counted_through_growth),
		cmocka_unit_test(families_are_kept_apart),
		cmocka_unit_test(peer_limit_is_counted),
		cmocka_unit_test(names_and_merge),
		cmocka_unit_test(queries_until_answered),
		cmocka_unit_test(observations_dedupe_and_clean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
