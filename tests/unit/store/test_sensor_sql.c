/*
 * The SQL of a sensor role (store/sensor_sql.h): which names and sites are
 * taken, and that a site reaches the script only as a literal with its
 * quotes doubled. What the script does on a server is
 * tests/e2e/pg_sensor_roles.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "store/sensor_sql.h"
#include "util/limits.h"

static void names(void **state)
{
	(void)state;
	assert_true(sensor_name_ok("cam_north"));
	assert_true(sensor_name_ok("_s1"));
	char longest[VS_MAX_SENSOR_NAME + 2];
	memset(longest, 'a', sizeof longest);
	longest[VS_MAX_SENSOR_NAME] = '\0';
	assert_true(sensor_name_ok(longest));
	longest[VS_MAX_SENSOR_NAME] = 'a';
	longest[VS_MAX_SENSOR_NAME + 1] = '\0';
	assert_false(sensor_name_ok(longest));
	const char *bad[] = {"", "1cam", "Cam", "cam-north", "cam north", "cam\"x", "cam'x",
			     "cam;x", "pg_cam", SENSOR_GROUP_ROLE, "cæm"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(sensor_name_ok(bad[i]));
}

static void script(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct vs_error err = {0};
	assert_int_equal(sensor_grant_sql("cam_north", "Rådhuset 'øst'", &sb, &err), VS_OK);
	const char *s = strbuf_str(&sb);
	assert_non_null(strstr(s, "BEGIN;\n"));
	assert_non_null(strstr(s, "COMMIT;\n"));
	assert_non_null(strstr(s, "SET standard_conforming_strings = on;"));
	assert_non_null(strstr(s, "CREATE ROLE cam_north LOGIN NOSUPERUSER"));
	assert_non_null(strstr(s, "GRANT vs_sensor TO cam_north;"));
	assert_non_null(strstr(s, "VALUES ('cam_north', 'Rådhuset ''øst''')"));
	/* The group role's grants on the tables of migration 13, which makes
	 * the tables and their policies: none of that here. */
	assert_non_null(strstr(s, "GRANT SELECT ON vendorscope_schema, sensor_site TO vs_sensor;"));
	assert_non_null(strstr(s, "GRANT SELECT (id), INSERT (site, header) ON sensor_source TO vs_sensor;"));
	assert_non_null(strstr(s, "schema 13 or later"));
	assert_null(strstr(s, "CREATE TABLE"));
	assert_null(strstr(s, "POLICY"));
	/* Nothing on the register is granted, ever. */
	assert_null(strstr(s, " ON asset"));
	assert_null(strstr(s, " ON observation"));
	assert_null(strstr(s, "ALL TABLES"));
	strbuf_release(&sb);
}

static void refused(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct vs_error err = {0};
	assert_int_equal(sensor_grant_sql("Cam", "north", &sb, &err), VS_EBADVAL);
	assert_int_equal(sensor_grant_sql("cam", "", &sb, &err), VS_EBADVAL);
	assert_int_equal(sensor_grant_sql("cam", "no\nrth", &sb, &err), VS_EBADVAL);
	assert_int_equal(sensor_grant_sql("cam", "no\x1b[2Jrth", &sb, &err), VS_EBADVAL);
	assert_int_equal(sensor_grant_sql("cam", "no\xc2\x9brth", &sb, &err), VS_EBADVAL);
	assert_int_equal(sensor_grant_sql("cam", "no\xffrth", &sb, &err), VS_EBADVAL);
	char site[VS_MAX_SITE + 2];
	memset(site, 's', sizeof site);
	site[VS_MAX_SITE + 1] = '\0';
	assert_int_equal(sensor_grant_sql("cam", site, &sb, &err), VS_EBADVAL);
	assert_int_equal(sb.len, 0);
	site[VS_MAX_SITE] = '\0';
	assert_int_equal(sensor_grant_sql("cam", site, &sb, &err), VS_OK);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names),
		cmocka_unit_test(script),
		cmocka_unit_test(refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
