#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "policy/policy.h"

static void country_words(void **state)
{
	(void)state;
	assert_string_equal(policy_country_code("Kina"), "CN");
	assert_string_equal(policy_country_code(" KINA "), "CN");
	assert_string_equal(policy_country_code("People's Republic of China"), "CN");
	assert_string_equal(policy_country_code("Hongkong"), "HK");
	assert_string_equal(policy_country_code("Taiwan"), "TW");
	assert_string_equal(policy_country_code("Danmark"), "DK");
	assert_null(policy_country_code("Atlantis"));
	assert_null(policy_country_code(NULL));
}

static void hong_kong_is_a_setting_taiwan_is_not(void **state)
{
	(void)state;
	struct policy *p;
	struct vs_error err = {0};
	assert_int_equal(policy_load(VS_TEST_DATADIR, &p, &err), VS_OK);
	assert_int_equal(policy_country_chinese(p, "CN"), TRI_YES);
	assert_int_equal(policy_country_chinese(p, "HK"), TRI_YES);
	assert_int_equal(policy_country_chinese(p, "MO"), TRI_YES);
	assert_int_equal(policy_country_chinese(p, "TW"), TRI_NO);
	assert_int_equal(policy_country_chinese(p, "US"), TRI_NO);
	assert_int_equal(policy_country_chinese(p, NULL), TRI_UNKNOWN);
	policy_set_hk_mo(p, false);
	assert_int_equal(policy_country_chinese(p, "HK"), TRI_NO);
	assert_int_equal(policy_country_chinese(p, "MO"), TRI_NO);
	assert_int_equal(policy_country_chinese(p, "CN"), TRI_YES);
	policy_free(p);
}

static void load_error(const char *dir, const char *want)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/tests/fixtures/policy/%s", VS_TEST_SRCDIR, dir);
	struct policy *p = NULL;
	struct vs_error err = {0};
	assert_int_equal(policy_load(path, &p, &err), VS_EBADVAL);
	assert_null(p);
	if (!strstr(err.msg, want))
		fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void bad_files_name_their_line(void **state)
{
	(void)state;
	load_error("bad-field", "policy/critical.tsv:3: field must be data_class, type, department or product");
	load_error("no-source", "policy/critical.tsv:3: a rule needs");
	load_error("bad-setting", "policy/settings.tsv:2: unknown setting 'hk_mo_chinese' or value 'maybe'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(country_words),
		cmocka_unit_test(hong_kong_is_a_setting_taiwan_is_not),
		cmocka_unit_test(bad_files_name_their_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
