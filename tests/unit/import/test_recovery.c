/* import/recovery: what capture or scan could not store comes back whole
 * (issue 15), and a damaged file is refused with FILE:LINE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "import/recovery.h"
#include "util/file.h"

static void make(struct sighting *s)
{
	sighting_init(s);
	s->has_mac = true;
	memcpy(s->mac, "\xbc\xad\x28\x11\x22\x33", 6);
	sighting_add_addr(s, "10.0.0.7");
	sighting_add_addr(s, "fe80::1");
	assert_true(sighting_observe(s, "sadp", "model", "DS-2CD2143G2-I", 14, 0.95, 1000));
	assert_true(sighting_observe(s, "sadp", "model", "DS-2CD2143G2-I", 14, 0.95, 5000));
	assert_true(sighting_observe(s, "http", "server", "a\"b\\\\c", 6, 0.5, 2000));
	assert_true(sighting_add_name(s, "47.96.0.10", "dev.hik-connect.com", 2500));
	assert_true(sighting_add_name(s, "47.96.0.10", "dev.hik-connect.com", 2600));
	assert_true(sighting_add_name(s, "", "api.ezvizlife.com", 2700)); /* only queried */
	uint8_t a[4] = {47, 96, 0, 10};
	assert_true(sighting_peer_bytes(s, AF_INET, a, 1234, 3000));
	assert_true(sighting_peer_bytes(s, AF_INET, a, 100, 4000));
	s->first_us = 1000;
	s->last_us = 5000;
	s->packets = 9;
	s->dropped = 2;
}

static void round_trip(void **state)
{
	(void)state;
	struct sighting s[2];
	make(&s[0]);
	sighting_init(&s[1]); /* no MAC, nothing seen but packets */
	s[1].packets = 1;
	const struct sighting *v[2] = {&s[0], &s[1]};
	struct recovery_header h = {"capture", "live", "interface:eth0", "capture-eth0", "office"};
	char dir[64], store[96], where[4096];
	snprintf(dir, sizeof(dir), "/tmp/vs-test-recovery-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(store, sizeof(store), "%s/s.db", dir);
	struct vs_error err = {0};
	assert_int_equal(recovery_write(store, &h, v, 2, where, sizeof(where), &err), VS_OK);
	assert_non_null(strstr(where, "/s.db.recovered-"));
	uint8_t *buf;
	size_t len;
	assert_int_equal(file_read_all(where, 1 << 20, &buf, &len, &err), VS_OK);
	assert_true(recovery_detect(buf, len));
	struct recovery_header back;
	struct sighting *devs;
	size_t n;
	assert_int_equal(recovery_parse(where, buf, len, &back, &devs, &n, &err), VS_OK);
	free(buf);
	assert_string_equal(back.kind, "capture");
	assert_string_equal(back.format, "live");
	assert_string_equal(back.path, "interface:eth0");
	assert_string_equal(back.survey, "capture-eth0");
	assert_string_equal(back.source, "office");
	assert_int_equal(n, 2);
	struct sighting *d = &devs[0];
	assert_true(d->has_mac);
	assert_memory_equal(d->mac, s[0].mac, 6);
	assert_int_equal(d->n_addrs, 2);
	assert_string_equal(d->addrs[1], "fe80::1");
	assert_int_equal(d->n_obs, 2);
	assert_string_equal(d->obs[0].value, "DS-2CD2143G2-I");
	assert_true(d->obs[0].confidence == 0.95);
	assert_int_equal(d->obs[0].first_us, 1000);
	assert_int_equal(d->obs[0].last_us, 5000);
	assert_string_equal(d->obs[1].value, "a\"b\\\\c");
	assert_int_equal(d->n_peers, 1);
	assert_string_equal(d->peers[0].addr, "47.96.0.10");
	assert_string_equal(d->peers[0].name, "dev.hik-connect.com");
	assert_int_equal(d->peers[0].bytes, 1334);
	assert_int_equal(d->n_names, 2);
	assert_int_equal(d->n_queries, 1);
	for (size_t i = 0; i < d->n_names; i++) {
		const struct resolved_name *rn = &d->names[i];
		bool answered = strcmp(rn->name, "dev.hik-connect.com") == 0;
		assert_string_equal(rn->addr, answered ? "47.96.0.10" : "");
		assert_int_equal(rn->first_us, answered ? 2500 : 2700);
		assert_int_equal(rn->last_us, answered ? 2600 : 2700);
	}
	assert_int_equal(d->peers[0].first_us, 3000);
	assert_int_equal(d->peers[0].last_us, 4000);
	assert_int_equal(d->first_us, 1000);
	assert_int_equal(d->last_us, 5000);
	assert_int_equal(d->packets, 9);
	assert_int_equal(d->dropped, 2);
	assert_false(devs[1].has_mac);
	assert_int_equal(devs[1].packets, 1);
	for (size_t i = 0; i < n; i++)
		sighting_release(&devs[i]);
	free(devs);
	sighting_release(&s[0]);
	sighting_release(&s[1]);
	unlink(where);
	/* The store's directory cannot take it: $TMPDIR does. */
	char nodir[128];
	snprintf(nodir, sizeof(nodir), "%s/missing/s.db", dir);
	setenv("TMPDIR", dir, 1);
	assert_int_equal(recovery_write(nodir, &h, v, 0, where, sizeof(where), &err), VS_OK);
	assert_int_equal(strncmp(where, dir, strlen(dir)), 0);
	assert_non_null(strstr(where, "/s.db.recovered-"));
	unlink(where);
	rmdir(dir);
}

static void refuse(const char *text, const char *want)
{
	struct recovery_header h;
	struct sighting *devs = (struct sighting *)1;
	size_t n = 7;
	struct vs_error err = {0};
	enum vs_err e = recovery_parse("r.jsonl", (const uint8_t *)text, strlen(text), &h, &devs, &n, &err);
	if (e == VS_OK || !strstr(err.msg, want))
		fail_msg("\"%s\": got %d \"%s\", want \"%s\"", text, (int)e, err.msg, want);
	assert_null(devs);
	assert_int_equal(n, 0);
}

#define HEAD "{\"vendorscope_recovery\":1,\"kind\":\"scan\",\"format\":\"probes\",\"path\":\"scan:x\",\"survey\":\"s\","
#define DEV "{\"mac\":null,\"addrs\":[],\"first_us\":0,\"last_us\":0,\"packets\":0,\"dropped\":0,\"obs\":[],\"names\":[],\"peers\":[]"

static void refusals(void **state)
{
	(void)state;
	refuse("", "empty, not a recovery file");
	refuse("{\"a\":1}\n", "r.jsonl:1: not a vendorscope recovery file");
	refuse("{\"vendorscope_recovery\":2}\n", "r.jsonl:1: a recovery file of another version");
	refuse(HEAD "\"devices\":1}\n", "0 devices, the header says 1: the file was cut short");
	refuse(HEAD "\"devices\":0}\n" DEV "}\n", "r.jsonl:2: more devices than the header says");
	refuse(HEAD "\"devices\":1}\n" DEV ",\"mac\":1}\n", "r.jsonl:2: not JSON");
	refuse(HEAD "\"devices\":1}\n{\"mac\":\"zz:00:00:00:00:00\",\"addrs\":[],\"first_us\":0,\"last_us\":0,"
		    "\"packets\":0,\"dropped\":0,\"obs\":[],\"names\":[],\"peers\":[]}\n",
	       "r.jsonl:2: \"mac\" is not aa:bb:cc:dd:ee:ff");
	refuse(HEAD "\"devices\":1}\n{\"mac\":null,\"addrs\":[\"300.1.1.1\"],\"first_us\":0,\"last_us\":0,"
		    "\"packets\":0,\"dropped\":0,\"obs\":[],\"names\":[],\"peers\":[]}\n",
	       "an address in \"addrs\" is not IPv4 or IPv6");
	refuse(HEAD "\"devices\":1}\n{\"mac\":null,\"addrs\":[],\"first_us\":-1,\"last_us\":0,"
		    "\"packets\":0,\"dropped\":0,\"obs\":[],\"names\":[],\"peers\":[]}\n",
	       "whole numbers >= 0");
	refuse(HEAD "\"devices\":1}\n{\"mac\":null,\"addrs\":[],\"first_us\":0,\"last_us\":0,"
		    "\"packets\":0,\"dropped\":0,\"obs\":[[\"m\",\"f\",\"v\",2,0,0]],\"names\":[],\"peers\":[]}\n",
	       "an observation is not");
	refuse(HEAD "\"devices\":1}\n{\"mac\":null,\"addrs\":[],\"first_us\":0,\"last_us\":0,"
		    "\"packets\":0,\"dropped\":0,\"obs\":[],\"names\":[],\"peers\":[[\"1.2.3.4\",1,2]]}\n",
	       "an element of \"peers\" is not an array of 4");
	refuse(HEAD "\"devices\":1}\n{\"mac\":null,\"addrs\":[],\"first_us\":0,\"last_us\":0,"
		    "\"packets\":0,\"dropped\":0,\"obs\":[],\"names\":[[\"x\",\"n\",0,0]],\"peers\":[]}\n",
	       "a name is not [address, name, first_us, last_us]");
	refuse("{\"vendorscope_recovery\":1,\"kind\":\"capture\",\"format\":\"probes\",\"path\":\"p\","
	       "\"survey\":\"s\",\"devices\":0}\n",
	       "kind and format");
	refuse(HEAD "\"devices\":1,\"devices\":1}\n", "not JSON");
	assert_false(recovery_detect((const uint8_t *)"Type,Maker\n", 11));
	assert_true(recovery_detect((const uint8_t *)"\xEF\xBB\xBF\n {\"vendorscope_recovery\":1", 30));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
