#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/table.h"

static void aligns_by_display_width(void **state)
{
	(void)state;
	struct table t;
	table_init(&t, 2);
	table_set_column(&t, 0, "Forvaltning", false);
	table_set_column(&t, 1, "Antal", true);
	const char *r1[] = {"ØKF", "3.246"};
	const char *r2[] = {"海康", "9"};
	table_add_row(&t, r1, 2);
	table_add_row(&t, r2, 2);
	struct strbuf sb = STRBUF_INIT;
	table_render_text(&t, &sb);
	assert_string_equal(strbuf_str(&sb), "Forvaltning  Antal\n"
					     "ØKF          3.246\n"
					     "海康             9\n");
	strbuf_release(&sb);
	table_release(&t);
}

static void footnote_marks_hang_outside_numbers(void **state)
{
	(void)state;
	struct table t;
	table_init(&t, 2);
	table_set_column(&t, 0, "Dept", false);
	table_set_column(&t, 1, "Count", true);
	const char *r1[] = {"BUF", "300*"};
	const char *r2[] = {"BIF", "70"};
	table_add_row(&t, r1, 2);
	table_add_row(&t, r2, 2);
	struct strbuf sb = STRBUF_INIT;
	table_render_text(&t, &sb);
	assert_string_equal(strbuf_str(&sb), "Dept  Count\n"
					     "BUF     300*\n"
					     "BIF      70\n");
	strbuf_release(&sb);
	table_release(&t);
}

static void csv_quotes_and_defuses_formulas(void **state)
{
	(void)state;
	struct table t;
	table_init(&t, 3);
	table_set_column(&t, 0, "a", false);
	table_set_column(&t, 1, "b", false);
	table_set_column(&t, 2, "c", false);
	const char *r[] = {"x;y", "=HYPERLINK(\"e\")", "-5"};
	table_add_row(&t, r, 3);
	struct strbuf sb = STRBUF_INIT;
	table_render_csv(&t, &sb, ';');
	assert_string_equal(strbuf_str(&sb), "a;b;c\r\n\"x;y\";\"'=HYPERLINK(\"\"e\"\")\";-5\r\n");
	strbuf_release(&sb);
	table_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(aligns_by_display_width),
		cmocka_unit_test(footnote_marks_hang_outside_numbers),
		cmocka_unit_test(csv_quotes_and_defuses_formulas),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
