#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/strbuf.h"
#include "util/text.h"

static void fold(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	name_fold(&sb, in);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_release(&sb);
}

static void folds_names_for_matching(void **state)
{
	(void)state;
	fold("Hangzhou Hikvision Digital Technology Co.,Ltd.", "hangzhou hikvision digital technology co ltd");
	fold("  HIKVISION  Digital-Technology Co., Ltd ", "hikvision digital technology co ltd");
	fold("ØKF", "økf");
	fold("海康威视", "海康威视");
	fold("", "");
}

static void groups_thousands_in_both_languages(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	fmt_int_grouped(&sb, 37323, false);
	strbuf_addch(&sb, ' ');
	fmt_int_grouped(&sb, 37323, true);
	strbuf_addch(&sb, ' ');
	fmt_int_grouped(&sb, -1234567, true);
	strbuf_addch(&sb, ' ');
	fmt_int_grouped(&sb, 999, false);
	assert_string_equal(strbuf_str(&sb), "37,323 37.323 -1.234.567 999");
	strbuf_release(&sb);
}

static void validates_utf8(void **state)
{
	(void)state;
	size_t at = 99;
	assert_true(utf8_valid((const uint8_t *)"Bærbar", 7, &at));
	const uint8_t overlong[] = {'a', 0xC0, 0xAF};
	assert_false(utf8_valid(overlong, 3, &at));
	assert_int_equal(at, 1);
	const uint8_t surrogate[] = {0xED, 0xA0, 0x80};
	assert_false(utf8_valid(surrogate, 3, &at));
	const uint8_t cut[] = {'x', 'y', 0xE6, 0xB5};
	assert_false(utf8_valid(cut, 4, &at));
	assert_int_equal(at, 2);
}

static void converts_windows_1252(void **state)
{
	(void)state;
	const uint8_t in[] = {'B', 0xE6, 'r', 0x80, 0x81};
	struct strbuf sb = STRBUF_INIT;
	cp1252_to_utf8(&sb, in, sizeof(in));
	assert_string_equal(strbuf_str(&sb), "Bær€\xEF\xBF\xBD");
	strbuf_release(&sb);
}

static void trims_ascii_and_nbsp(void **state)
{
	(void)state;
	char *s = str_trim_dup("\xC2\xA0 ØKF \t\xC2\xA0", 11);
	assert_string_equal(s, "ØKF");
	free(s);
}

static void json_strings_escape_and_repair(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_add_json_str(&sb, "a\"b\\c\n\x01\xFF" "æ");
	assert_string_equal(strbuf_str(&sb), "\"a\\\"b\\\\c\\n\\u0001\\ufffdæ\"");
	/* Runs of plain text around every kind of byte that is not one. */
	strbuf_reset(&sb);
	strbuf_add_json_str(&sb, "App-webs/ \x7f tail\"end\" Ærø\t!");
	assert_string_equal(strbuf_str(&sb), "\"App-webs/ \\u007f tail\\\"end\\\" Ærø\\t!\"");
	strbuf_reset(&sb);
	strbuf_add_json_str(&sb, "");
	assert_string_equal(strbuf_str(&sb), "\"\"");
	strbuf_release(&sb);
}

/* Issue 15: what reaches a terminal shows its control bytes. */
static void escapes_control_bytes(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		unsigned keep;
		const char *out;
	} cases[] = {
		{"plain ØKF 海康", TEXT_KEEP_NONE, "plain ØKF 海康"},
		{"a\x1b[2Jb", TEXT_KEEP_NONE, "a\\x1b[2Jb"},
		{"\x7f\x01", TEXT_KEEP_NONE, "\\x7f\\x01"},
		{"c1 \xc2\x9b" "31m \xc2\x85", TEXT_KEEP_NONE, "c1 \\u009b31m \\u0085"},
		{"\xc2\xa0nbsp stays", TEXT_KEEP_NONE, "\xc2\xa0nbsp stays"},
		{"l1\nl2\tt\r", TEXT_KEEP_NONE, "l1\\nl2\\tt\\r"},
		{"l1\nl2\tt\r", TEXT_KEEP_LF | TEXT_KEEP_TAB, "l1\nl2\tt\\r"},
		{"l1\nl2\tt\r", TEXT_KEEP_BREAKS, "l1\nl2\tt\r"},
		{"cut \xc2", TEXT_KEEP_NONE, "cut \xc2"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		size_t n = strlen(cases[i].in);
		text_add_escaped(&sb, cases[i].in, n, cases[i].keep);
		assert_string_equal(strbuf_str(&sb), cases[i].out);
		assert_int_equal(text_needs_escape(cases[i].in, n, cases[i].keep),
				 strcmp(cases[i].in, cases[i].out) != 0);
		strbuf_release(&sb);
	}
	/* text_has_ctl agrees with text_is_ctl at every position, in a word
	 * and in a tail, and after bytes that borrow in the word test. */
	char w[20];
	for (size_t at = 0; at < sizeof(w); at++) {
		static const unsigned char bad[] = {0x01, 0x1b, 0x1f, 0x7f};
		static const unsigned char good[] = {'\t', '\n', '\r', ' ', 0x80, 0xff, 0x20, 0x7e};
		for (size_t b = 0; b < sizeof(bad); b++) {
			memset(w, 'x', sizeof(w));
			w[at] = (char)bad[b];
			assert_true(text_has_ctl(w, sizeof(w)));
			assert_false(text_has_ctl(w, at));
		}
		for (size_t g = 0; g < sizeof(good); g++) {
			memset(w, '\xa0', sizeof(w));
			w[at] = (char)good[g];
			assert_false(text_has_ctl(w, sizeof(w)));
		}
	}
	char s[] = "a\x1b[2J\tb\x7f\n";
	str_ctl_replace(s);
	assert_string_equal(s, "a?[2J\tb?\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(folds_names_for_matching),
		cmocka_unit_test(groups_thousands_in_both_languages),
		cmocka_unit_test(validates_utf8),
		cmocka_unit_test(converts_windows_1252),
		cmocka_unit_test(trims_ascii_and_nbsp),
		cmocka_unit_test(json_strings_escape_and_repair),
		cmocka_unit_test(escapes_control_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
