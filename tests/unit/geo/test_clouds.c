/*
 * clouds: the suffix matcher, the loader's FILE:LINE errors, and the shipped
 * data/clouds.tsv (loads, every vendor is a knowledge-base id).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geo/clouds.h"
#include "kb/kb.h"

static char tmp_path[] = "/tmp/vs-clouds-XXXXXX";

/* Write text to a fresh temporary file; its path is tmp_path. */
static void write_tmp(const char *text)
{
	strcpy(tmp_path, "/tmp/vs-clouds-XXXXXX");
	int fd = mkstemp(tmp_path);
	assert_true(fd >= 0);
	size_t n = strlen(text);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
}

static struct clouds *load_text(const char *text)
{
	write_tmp(text);
	struct clouds *c = NULL;
	struct vs_error err = {0};
	enum vs_err rc = clouds_load(tmp_path, &c, &err);
	unlink(tmp_path);
	if (rc)
		fail_msg("load: %s", err.msg);
	return c;
}

#define HEAD "suffix\tvendor\tservice\tsource\n"

static void longest_suffix_at_label_boundary(void **state)
{
	(void)state;
	struct clouds *c = load_text("# comment\n" HEAD
				     "mi.com\txiaomi\taccount\ts1\n"
				     "io.mi.com\txiaomi\tIoT cloud\ts2\n"
				     "hik-connect.com\thikvision\tHik-Connect\ts3\n"
				     "\n"
				     "djiservice.org\tdji\tgateway\ts4\n");
	assert_int_equal(c->n, 4);
	const struct cloud *r = cloud_match(c, "dev.hik-connect.com");
	assert_non_null(r);
	assert_string_equal(r->vendor, "hikvision");
	assert_string_equal(r->service, "Hik-Connect");
	assert_int_equal(r->line, 5);
	assert_non_null(cloud_match(c, "hik-connect.com"));
	assert_non_null(cloud_match(c, "HIK-Connect.COM."));  /* case, root dot */
	assert_null(cloud_match(c, "nothik-connect.com"));     /* not a label boundary */
	assert_null(cloud_match(c, "hik-connect.com.evil.example"));
	assert_null(cloud_match(c, "connect.com"));
	assert_string_equal(cloud_match(c, "ot.io.mi.com")->service, "IoT cloud");
	assert_string_equal(cloud_match(c, "de.ot.io.mi.com")->service, "IoT cloud");
	assert_string_equal(cloud_match(c, "io.mi.com")->service, "IoT cloud");
	assert_string_equal(cloud_match(c, "account.mi.com")->service, "account");
	assert_string_equal(cloud_match(c, "mi.com")->service, "account");
	assert_null(cloud_match(c, "xmi.com"));
	assert_null(cloud_match(c, "com"));
	assert_null(cloud_match(c, ""));
	assert_null(cloud_match(c, "."));
	assert_null(cloud_match(c, NULL));
	assert_string_equal(cloud_match(c, "a..djiservice.org")->vendor, "dji");

	/* A name over 253 characters matches nothing, even with a known suffix. */
	char long_name[300];
	memset(long_name, 'a', sizeof(long_name));
	strcpy(long_name + sizeof(long_name) - 1 - strlen(".mi.com"), ".mi.com");
	assert_int_equal(strlen(long_name), 299);
	assert_null(cloud_match(c, long_name));
	assert_non_null(cloud_match(c, long_name + 299 - 253));
	clouds_free(c);
}

static void bad(const char *body, const char *want)
{
	write_tmp(body);
	struct clouds *c = (struct clouds *)1;
	struct vs_error err = {0};
	enum vs_err rc = clouds_load(tmp_path, &c, &err);
	unlink(tmp_path);
	assert_int_equal(rc, VS_EBADVAL);
	assert_null(c);
	if (!strstr(err.msg, want))
		fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void bad_rows_name_their_line(void **state)
{
	(void)state;
	bad("suffix\tvendor\tservice\n", "clouds.tsv:1: header is not \"suffix\\tvendor\\tservice\\tsource\"");
	bad("suffix\tmaker\tservice\tsource\n", "clouds.tsv:1: header is not \"suffix\\tvendor\\tservice\\tsource\"");
	bad(HEAD "com\tx\ty\tz\n", "clouds.tsv:2: suffix 'com' is a single label");
	bad(HEAD "Hik-Connect.com\tx\ty\tz\n", "clouds.tsv:2: suffix 'Hik-Connect.com' is not lower case");
	bad(HEAD "a.com\tx\ty\tz\n.b.com\tx\ty\tz\n", "clouds.tsv:3: suffix '.b.com' has an empty label");
	bad(HEAD "b.com.\tx\ty\tz\n", "has an empty label");
	bad(HEAD "-b.com\tx\ty\tz\n", "has a label starting with '-'");
	bad(HEAD "b-.com\tx\ty\tz\n", "has a label ending in '-'");
	bad(HEAD "b_c.com\tx\ty\tz\n", "has a character other than");
	bad(HEAD "b.com\tHik Vision\ty\tz\n", "clouds.tsv:2: vendor is not a knowledge-base id");
	bad(HEAD "b.com\tx\t\tz\n", "clouds.tsv:2: empty service");
	bad(HEAD "b.com\tx\ty\t\n", "clouds.tsv:2: empty source");
	bad(HEAD "\tx\ty\tz\n", "clouds.tsv:2: empty suffix");
	bad(HEAD "b.com\tx\ty\tz\na.com\tx\ty\tz\nb.com\tq\ty\tz\n",
	    "clouds.tsv:4: suffix 'b.com' already on line 2");
	char label[100] = "";
	memset(label, 'a', 64);
	char body[256];
	snprintf(body, sizeof(body), HEAD "%s.com\tx\ty\tz\n", label);
	bad(body, "has a label longer than 63 characters");
}

static void missing_file(void **state)
{
	(void)state;
	struct clouds *c;
	struct vs_error err = {0};
	assert_int_equal(clouds_load("/nonexistent/clouds.tsv", &c, &err), VS_ENOTFOUND);
	assert_null(c);
}

static void shipped_table(void **state)
{
	(void)state;
	struct clouds *c;
	struct kb *kb;
	struct vs_error err = {0};
	if (clouds_load(VS_TEST_DATADIR "/clouds.tsv", &c, &err) != VS_OK)
		fail_msg("%s", err.msg);
	if (kb_load(VS_TEST_DATADIR, &kb, &err) != VS_OK)
		fail_msg("%s", err.msg);
	for (size_t i = 0; i < c->n; i++)
		if (!kb_vendor_by_id(kb, c->v[i].vendor))
			fail_msg("clouds.tsv:%ld: vendor '%s' is not in kb/vendors.tsv", c->v[i].line,
				 c->v[i].vendor);
	static const char *const seen[][2] = {
		{"dev.hik-connect.com", "hikvision"}, {"litedev.hik-connect.com", "hikvision"},
		{"apiieu.ezvizlife.com", "ezviz"},    {"openapi-sg.easy4ip.com", "dahua"},
		{"www.imoulife.com", "imou"},         {"rs.xmeye.net", "xiongmai"},
		{"caps.xmcsrv.net", "xiongmai"},      {"ot.io.mi.com", "xiaomi"},
		{"devs.tplinkcloud.com", "tp_link"},  {"apigateway.djiservice.org", "dji"},
	};
	for (size_t i = 0; i < sizeof(seen) / sizeof(seen[0]); i++) {
		const struct cloud *r = cloud_match(c, seen[i][0]);
		if (!r || strcmp(r->vendor, seen[i][1]) != 0)
			fail_msg("%s: %s, want %s", seen[i][0], r ? r->vendor : "no match", seen[i][1]);
	}
	assert_null(cloud_match(c, "www.example.com"));
	kb_free(kb);
	clouds_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(longest_suffix_at_label_boundary),
		cmocka_unit_test(bad_rows_name_their_line),
		cmocka_unit_test(missing_file),
		cmocka_unit_test(shipped_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
