#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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

/* Issue 15: a leading - + TAB CR also starts a formula, unless the cell is a
 * plain number; control bytes are escaped in CSV and in text. */
static void csv_defuses_every_formula_but_numbers(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		bool formula;
	} cases[] = {
		{"-2+3+cmd|' /C calc'!A0", true}, {"+cmd|' /C calc'!A0", true}, {"@SUM(A1)", true},
		{"=1+1", true},			  {"\t=1+1", true},		     {"\r=1+1", true},
		{"-12", false},			  {"-1.234,5", false},		     {"-1,234.50", false},
		{"+45", false},			  {"12", false},		     {"-", false},
		{"+", false},			  {"-1.", true},		     {"-1e5", true},
		{"-1-1", true},			  {"ØKF", false},		     {"", false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (table_csv_is_formula(cases[i].in) != cases[i].formula)
			fail_msg("\"%s\": formula should be %d", cases[i].in, (int)cases[i].formula);
	struct table t;
	table_init(&t, 3);
	table_set_column(&t, 0, "a", false);
	table_set_column(&t, 1, "b", false);
	table_set_column(&t, 2, "c", false);
	const char *r[] = {"-2+3+cmd|' /C calc'!A0", "-1.234,5", "X\x1b[2J\xc2\x9bY\r\nZ"};
	table_add_row(&t, r, 3);
	struct strbuf sb = STRBUF_INIT;
	table_render_csv(&t, &sb, ',');
	assert_string_equal(strbuf_str(&sb),
			    "a,b,c\r\n\"'-2+3+cmd|' /C calc'!A0\",\"-1.234,5\",\"X\\x1b[2J\\u009bY\r\nZ\"\r\n");
	strbuf_reset(&sb);
	table_render_text(&t, &sb);
	assert_string_equal(strbuf_str(&sb), "a                       b         c\n"
					     "-2+3+cmd|' /C calc'!A0  -1.234,5  X\\x1b[2J\\u009bY\\r\\nZ\n");
	strbuf_release(&sb);
	table_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(aligns_by_display_width),
		cmocka_unit_test(footnote_marks_hang_outside_numbers),
		cmocka_unit_test(csv_quotes_and_defuses_formulas),
		cmocka_unit_test(csv_defuses_every_formula_but_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
