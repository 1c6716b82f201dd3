/*
 * Built-in banner fingerprints (kb/fingerprints.tsv): a malformed row fails
 * the load with FILE:LINE, kb_check finds the gaps, matching fills the
 * templates and gives up on a runaway pattern; and every row of the shipped
 * file has a banner it claims (with the maker, model and firmware it must
 * give) and a near miss it must not claim.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <time.h>

#include "kb_fixture.h"
#include "util/limits.h"
#include "util/strbuf.h"

#define HDR "match\tpattern\tvendor\tmodel\tfirmware\tconfidence\texample\tsource\n"

/* The good fixture with fingerprints.tsv = text; *kb NULL on failure. */
static enum vs_err load_fps(const char *text, struct kb **kb, struct vs_error *err)
{
	struct fx_texts fx;
	fx_load_dir(&fx, KB_GOOD);
	fx_set(&fx, KB_FILE_FINGERPRINTS, text, strlen(text));
	enum vs_err rc = kb_load_texts(fx.t, kb, err);
	fx_release(&fx);
	return rc;
}

static void bad_rows_name_file_and_line(void **state)
{
	(void)state;
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{"match\tpattern\tvendor\n", "kb/fingerprints.tsv:1: header is not"},
		{HDR "http.banner\t^x$\thikvision\t\t\t0.8\tx\ts\n",
		 "kb/fingerprints.tsv:2: match \"http.banner\" is not a comma list of observation keys"},
		{HDR "# a comment\nhttp.server,\t^x$\thikvision\t\t\t0.8\tx\ts\n",
		 "kb/fingerprints.tsv:3: match \"\" is not a comma list"},
		{HDR "http.server\t\thikvision\t\t\t0.8\tx\ts\n", "kb/fingerprints.tsv:2: pattern is empty"},
		{HDR "http.server\t^x$\thuawei\t\t\t0.8\tx\ts\n",
		 "kb/fingerprints.tsv:2: vendor \"huawei\" is not a vendor id in kb/vendors.tsv"},
		{HDR "http.server\t^x$\thikvision\t\t\t1.5\tx\ts\n",
		 "kb/fingerprints.tsv:2: confidence \"1.5\" is not a number from 0 to 1"},
		{HDR "http.server\t^x$\thikvision\t\t\t0.\tx\ts\n", "kb/fingerprints.tsv:2: confidence \"0.\""},
		{HDR "http.server\t^x$\thikvision\t\t\t0.1234\tx\ts\n",
		 "kb/fingerprints.tsv:2: confidence \"0.1234\""},
		{HDR "http.server\t^x$\thikvision\t\t\thigh\tx\ts\n", "kb/fingerprints.tsv:2: confidence \"high\""},
		{HDR "http.server\t^x$\thikvision\t\t\t\tx\ts\n", "kb/fingerprints.tsv:2: confidence \"\""},
		{HDR "http.server\t^(x$\thikvision\t\t\t0.8\tx\ts\n",
		 "kb/fingerprints.tsv:2: pattern does not compile (PCRE2, at offset 4): missing closing parenthesis"},
		{HDR "http.server\t^(x)$\thikvision\t$2\t\t0.8\tx\ts\n",
		 "kb/fingerprints.tsv:2: model \"$2\": $2 names a group the pattern does not have (it has 1)"},
		{HDR "http.server\t^(x)$\thikvision\t\tv$0\t0.8\tx\ts\n",
		 "kb/fingerprints.tsv:2: firmware \"v$0\": '$' at byte 2 is not followed by a group number"},
		{HDR "http.server\t^(x)$\thikvision\t$\t\t0.8\tx\ts\n",
		 "kb/fingerprints.tsv:2: model \"$\": '$' at byte 1"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kb *kb = (struct kb *)1;
		struct vs_error err = {0};
		enum vs_err rc = load_fps(cases[i].text, &kb, &err);
		if (rc != VS_EBADVAL || strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: got %d \"%s\", want \"%s…\"", i, rc, err.msg, cases[i].msg);
		assert_null(kb);
	}
}

/* The fixture directory has no fingerprints.tsv: it loads, knows none. */
static void absent_file_is_no_fingerprints(void **state)
{
	(void)state;
	struct kb *kb;
	struct vs_error err = {0};
	assert_int_equal(kb_load(KB_GOOD, &kb, &err), VS_OK);
	assert_int_equal(kb_fingerprint_count(kb), 0);
	assert_null(kb_fingerprint_at(kb, 0));
	struct kb_fp_hit hit;
	assert_false(kb_fingerprint_match(kb, "http", "server", "DNVRS-Webs", &hit));
	kb_free(kb);
}

static void check_names_the_gaps(void **state)
{
	(void)state;
	static const char text[] =
		HDR
		"http.server\t^DNVRS-Webs$\thikvision\t\t\t0.85\tDNVRS-Webs\t\n"               /* 2: no source */
		"http.server\t^Other$\thikvision\t\t\t0.85\t\tsrc\n"                          /* 3: no example */
		"http.server\t^Webs$\thikvision\t\t\t0.85\tNot-Webs\tsrc\n"                   /* 4: no match */
		"http.server\t^DNVRS\thikvision\t\t\t0.85\tDNVRS-Webs\tsrc\n"                 /* 5: shadowed */
		"snmp.sys_descr\t^Hik ([A-Z]*)[0-9]+$\thikvision\t$1\t\t0.9\tHik 123\tsrc\n" /* 6: empty model */
		"snmp.sys_descr,lldp.sys_descr\t^Hik (\\S+)\thikvision\t$1\t\t0.9\tHik DS-1\tsrc\n"; /* fine */
	struct kb *kb;
	struct vs_error err = {0};
	assert_int_equal(load_fps(text, &kb, &err), VS_OK);
	assert_int_equal(kb_fingerprint_count(kb), 6);
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(kb_check(kb, &out), 5);
	const char *want[] = {
		"kb/fingerprints.tsv:2: fingerprint has no source\n",
		"kb/fingerprints.tsv:3: fingerprint has no example\n",
		"kb/fingerprints.tsv:4: the example \"Not-Webs\" does not match the pattern\n",
		"kb/fingerprints.tsv:5: the example \"DNVRS-Webs\" is claimed first by kb/fingerprints.tsv:2\n",
		"kb/fingerprints.tsv:6: on the example \"Hik 123\" the model comes out empty\n",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(strbuf_str(&out), want[i]))
			fail_msg("kb check output lacks \"%s\":\n%s", want[i], strbuf_str(&out));
	const struct kb_fingerprint *f = kb_fingerprint_at(kb, 5);
	assert_string_equal(f->match, "snmp.sys_descr,lldp.sys_descr");
	assert_string_equal(f->vendor->id, "hikvision");
	assert_string_equal(f->model, "$1");
	assert_null(f->firmware);
	assert_true(f->confidence > 0.899 && f->confidence < 0.901);
	assert_string_equal(f->file, "kb/fingerprints.tsv:7");
	strbuf_release(&out);
	kb_free(kb);
}

static void templates_and_limits(void **state)
{
	(void)state;
	static const char text[] =
		HDR
		/* 2: literal text around groups; a group that did not take part empties the value */
		"snmp.sys_descr\t^Box (\\S+)(?: rev (\\S+))? fw (\\S*)\thikvision\tBOX-$1\t$3 ($2)\t0.9\tBox A fw 1 rev\tsrc\n"
		/* 3: catastrophic backtracking on a long run of a's without the final b */
		"http.server\t^(a+)+[bc]$\tdahua\t\t\t0.5\taab\tsrc\n"
		/* 4: a model that fills the buffer */
		"http.realm\t^(.*)$\tdahua\t$1$1\t\t0.5\tx\tsrc\n";
	struct kb *kb;
	struct vs_error err = {0};
	assert_int_equal(load_fps(text, &kb, &err), VS_OK);
	struct kb_fp_hit hit;
	assert_true(kb_fingerprint_match(kb, "snmp", "sys_descr", "Box X1 rev B fw 2.0", &hit));
	assert_string_equal(hit.model, "BOX-X1");
	assert_string_equal(hit.firmware, "2.0 (B)");
	assert_true(kb_fingerprint_match(kb, "snmp", "sys_descr", "Box X1 fw 2.0", &hit));
	assert_string_equal(hit.model, "BOX-X1");
	assert_string_equal(hit.firmware, ""); /* $2 unset: no half-filled value */
	/* Only the keys a row names. */
	assert_false(kb_fingerprint_match(kb, "lldp", "sys_descr", "Box X1 fw 2.0", &hit));
	assert_false(kb_fingerprint_match(kb, "nosuch", "key", "Box X1 fw 2.0", &hit));
	assert_true(kb_fingerprint_key("snmp", "sys_object_id"));
	assert_false(kb_fingerprint_key("snmp", "community"));

	/* The match limit ends a runaway pattern as "no match", quickly. */
	char evil[VS_MAX_OBS_VALUE];
	memset(evil, 'a', sizeof(evil) - 1);
	evil[sizeof(evil) - 1] = '\0';
	clock_t t0 = clock();
	assert_false(kb_fingerprint_match(kb, "http", "server", evil, &hit));
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	printf("runaway pattern over %zu bytes: %.3f s\n", sizeof(evil) - 1, secs);
	assert_true(secs < 2.0);
	assert_true(kb_fingerprint_match(kb, "http", "server", "aaab", &hit));

	/* Cut to KB_FP_VALUE at a character boundary (é is two bytes). */
	char big[200];
	size_t n = 0;
	while (n + 2 < sizeof(big))
		big[n++] = (char)0xC3, big[n++] = (char)0xA9;
	big[n] = '\0';
	assert_true(kb_fingerprint_match(kb, "http", "realm", big, &hit));
	assert_int_equal(strlen(hit.model), KB_FP_VALUE - 1 - (KB_FP_VALUE - 1) % 2);
	assert_true(((unsigned char)hit.model[strlen(hit.model) - 1] & 0xC0) == 0x80);
	kb_free(kb);
}

/* ---- the shipped file ---- */

/*
 * One row each: a banner it claims, with what it must yield, and a near
 * miss it must not claim. Rows are found by what they match, not by line,
 * so the file can be reordered; every row must be hit by some case.
 */
static const struct case_ {
	const char *method, *field, *yes, *vendor, *model, *firmware, *no;
} cases[] = {
	/* enterprise numbers */
	{"snmp", "sys_object_id", "1.3.6.1.4.1.2011.2.224.67", "huawei", "", "", "1.3.6.1.4.1.20110.1"},
	{"snmp", "sys_object_id", ".1.3.6.1.4.1.2011", "huawei", "", "", "1.3.6.1.4.1.2011.10.1.1"},
	{"snmp", "sys_object_id", "1.3.6.1.4.1.25506.1.1184", "h3c", "", "", "1.3.6.1.4.1.255060.1"},
	{"snmp", "sys_object_id", "1.3.6.1.4.1.39165.1.1", "hikvision", "", "", "1.3.6.1.4.1.3916.1"},
	{"snmp", "sys_object_id", "1.3.6.1.4.1.37496.1", "dahua", "", "", "1.3.6.1.4.1.3749.6"},
	{"snmp", "sys_object_id", "1.3.6.1.4.1.1004849.3.2.10", "dahua", "", "", "1.3.6.1.4.1.100484.9"},
	{"snmp", "sys_object_id", "1.3.6.1.4.1.39747.1", "uniview", "", "", "1.3.6.1.2.1.39747"},
	{"snmp", "sys_object_id", "1.3.6.1.4.1.37459.2", "yealink", "", "", "2.3.6.1.4.1.37459.2"},
	{"snmp", "sys_object_id", "1.3.6.1.4.1.11863.1.1.3", "tp_link", "", "", "1.3.6.1.4.1.1186.3"},
	{"snmp", "sys_object_id", "1.3.6.1.4.1.3902.3.100", "zte", "", "", "1.3.6.1.4.1.39021"},
	{"snmp", "sys_object_id", "1.3.6.1.4.1.9.1.1208", "cisco", "", "", "1.3.6.1.4.1.99.1"},
	{"snmp", "sys_object_id", "1.3.6.1.4.1.368.4", "axis", "", "", "1.3.6.1.4.1.3680.4"},
	/* system descriptions */
	{"snmp", "sys_descr",
	 "Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170 (AR1220 V200R010C10SPC700)",
	 "huawei", "AR1220", "V200R010C10SPC700",
	 "Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170"},
	{"lldp", "sys_descr",
	 "Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 8.180 (CE6870EI V200R005C10SPC800)\r\nCopyright (C) 2012-2018 Huawei Technologies Co., Ltd.",
	 "huawei", "CE6870EI", "V200R005C10SPC800",
	 "Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170 (AR1220)"},
	{"snmp", "sys_descr",
	 "H3C Comware Platform Software, Software Version 7.1.064, Release 3208P01\r\nH3C S5130S-28S-EI\r\nCopyright (c) 2004-2017 New H3C Technologies Co., Ltd. All rights reserved.",
	 "h3c", "S5130S-28S-EI", "7.1.064 Release 3208P01",
	 "HPE Comware Platform Software, Software Version 7.1.045, Release 2432P06 HPE 5130 24G"},
	{"lldp", "sys_descr", "H3C Switch S5120-28P-SI Software Version 5.20, Release 1101P10", "h3c",
	 "S5120-28P-SI", "5.20 Release 1101P10", "HP Switch A5120 Software Version 5.20, Release 1101"},
	{"snmp", "sys_descr", "ZXR10 ROS Version V4.08.23 ZXR10 2928E Software, Copyright (c) ZTE", "zte",
	 "ZXR10 2928E", "V4.08.23", "ZXR10 2928E Software Version V4.08.23"},
	{"cdp", "software_version",
	 "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(2)E7, RELEASE SOFTWARE (fc3)",
	 "cisco", "", "15.2(2)E7", "Cisco Internetwork Operating System Software IOS (tm) C2950"},
	{"cdp", "platform", "cisco WS-C2960X-48FPD-L", "cisco", "WS-C2960X-48FPD-L", "",
	 "cisco WS-C2960X-48FPD-L, Capabilities: Switch"},
	/* HTTP Server */
	{"http", "server", "Hikvision-Webs", "hikvision", "", "", "Hikvision-Webs/2.0"},
	{"http", "server", "App-webs/", "hikvision", "", "", "Happ-webs/"},
	{"http", "server", "uc-httpd/1.0.0", "xiongmai", "", "", "uc-httpd"},
	{"http", "server", "TP-LINK HTTPD/1.0", "tp_link", "", "", "TP-LINK HTTPD"},
	{"http", "server", "Mini web server 1.0 ZTE corp 2005.", "zte", "", "", "Mini web server 1.0"},
	{"http", "title", "NETSurveillance WEB", "xiongmai", "", "", "NETSurveillance WEB login"},
	/* realms */
	{"rtsp", "realm", "Login to 4M01C6BPAZ8C2F1", "dahua", "", "", "Login to Vigor 3300"},
	{"http", "realm", "HIKVISION", "hikvision", "", "", "hikvision camera"},
	{"http", "realm", "IP Camera(C2183)", "hikvision", "", "", "IP Camera"},
	{"http", "realm", "TP-LINK Wireless N Router WR841N", "tp_link", "WR841N", "",
	 "TP-LINK Wireless N Router"},
	{"http", "realm", "TP-LINK IP-Camera", "tp_link", "", "", "TP-LINK IP-Camera 2"},
	{"http", "realm", "ZXHN H108N", "zte", "ZXHN H108N", "", "ZXHN"},
	{"http", "realm", "cpe@zte.com", "zte", "", "", "cpe@zte.comx"},
	/* RTSP Server */
	{"rtsp", "server", "Dahua Rtsp Server/3.0", "dahua", "", "", "Rtsp Server/3.0"},
	{"rtsp", "server", "H264DVR rtspd 1.0", "xiongmai", "", "", "H265DVR rtspd 1.0"},
	/* SIP */
	{"sip", "user_agent", "Yealink SIP-T46S 66.86.0.15", "yealink", "SIP-T46S", "66.86.0.15",
	 "Yealink SIP-T46S"},
	{"sip", "user_agent", "Yealink VC800 63.345.0.40", "yealink", "VC800", "63.345.0.40",
	 "Yealinked SIP-T46S 66.86.0.15"},
	/* certificates */
	{"tls", "subject", "CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN",
	 "hikvision", "", "", "CN=www.hikvision.com,O=HIKVISION,C=CN"},
	{"tls", "issuer", "OU=DAHUATECH,O=DAHUA,L=HANGZHOU,ST=ZHEJIANG,C=CN", "dahua", "", "",
	 "OU=NOTDAHUATECH,O=DAHUA"},
	{"tls", "issuer", "CN=Yealink Equipment Issuing CA,OU=yealink.com,C=CN", "yealink", "", "",
	 "CN=Yealink Equipment Issuing CA 2,C=CN"},
	{"tls", "issuer", "CN=TP-LINK CA,O=TP-LINK Technologies CO.\\, LTD.,C=CN", "tp_link", "", "",
	 "CN=TP-LINK CA2,C=CN"},
};

static int setup_real(void **state)
{
	struct kb *kb;
	struct vs_error err = {0};
	if (kb_load(VS_TEST_DATADIR, &kb, &err) != VS_OK) {
		fprintf(stderr, "loading %s: %s\n", VS_TEST_DATADIR, err.msg);
		return -1;
	}
	*state = kb;
	return 0;
}

static int teardown_real(void **state)
{
	kb_free(*state);
	return 0;
}

static void shipped_rows_claim_and_refuse(void **state)
{
	const struct kb *kb = *state;
	size_t n = kb_fingerprint_count(kb);
	assert_true(n >= 30);
	bool *hit_row = calloc(n, sizeof(*hit_row));
	assert_non_null(hit_row);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct case_ *c = &cases[i];
		struct kb_fp_hit hit, miss;
		if (!kb_fingerprint_match(kb, c->method, c->field, c->yes, &hit))
			fail_msg("%s %s \"%s\": no fingerprint claims it", c->method, c->field, c->yes);
		if (strcmp(hit.fp->vendor->id, c->vendor) != 0 || strcmp(hit.model, c->model) != 0 ||
		    strcmp(hit.firmware, c->firmware) != 0)
			fail_msg("%s \"%s\" (%s): got %s / \"%s\" / \"%s\", want %s / \"%s\" / \"%s\"",
				 c->field, c->yes, hit.fp->file, hit.fp->vendor->id, hit.model,
				 hit.firmware, c->vendor, c->model, c->firmware);
		if (kb_fingerprint_match(kb, c->method, c->field, c->no, &miss) && miss.fp == hit.fp)
			fail_msg("%s \"%s\": the near miss is claimed by %s too", c->field, c->no,
				 hit.fp->file);
		for (size_t k = 0; k < n; k++)
			if (kb_fingerprint_at(kb, k) == hit.fp)
				hit_row[k] = true;
	}
	for (size_t k = 0; k < n; k++)
		if (!hit_row[k])
			fail_msg("%s has no case in this test (a positive and a negative example)",
				 kb_fingerprint_at(kb, k)->file);
	free(hit_row);
}

/* Every row's own example is claimed by that row (kb_check), and every row
 * cites a source. */
static void shipped_rows_pass_kb_check(void **state)
{
	const struct kb *kb = *state;
	struct strbuf out = STRBUF_INIT;
	size_t problems = kb_check(kb, &out);
	if (problems)
		fail_msg("kb check: %zu problems:\n%s", problems, strbuf_str(&out));
	strbuf_release(&out);
	for (size_t k = 0; k < kb_fingerprint_count(kb); k++) {
		const struct kb_fingerprint *f = kb_fingerprint_at(kb, k);
		assert_true(f->confidence > 0 && f->confidence <= 1);
		assert_non_null(strstr(f->file, "kb/fingerprints.tsv:"));
	}
}

int main(void)
{
	const struct CMUnitTest fixture[] = {
		cmocka_unit_test(bad_rows_name_file_and_line),
		cmocka_unit_test(absent_file_is_no_fingerprints),
		cmocka_unit_test(check_names_the_gaps),
		cmocka_unit_test(templates_and_limits),
	};
	const struct CMUnitTest shipped[] = {
		cmocka_unit_test(shipped_rows_claim_and_refuse),
		cmocka_unit_test(shipped_rows_pass_kb_check),
	};
	int failed = cmocka_run_group_tests_name("fixture", fixture, NULL, NULL);
	return failed + cmocka_run_group_tests_name("shipped", shipped, setup_real, teardown_real);
}
