/*
 * The streaming CSV reader (src/import/csv.h): RFC 4180 quoting, line ends,
 * physical line numbers, delimiter detection, encodings, limits, and the same
 * result whatever the chunk size (a record split at every possible byte).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "import/csv.h"
#include "util/strbuf.h"
#include "util/text.h"

/* Every row as "LINE:f1|f2|…\n" (the header included), or "ERR n: msg". */
static char *dump_reader(struct csv_reader *r)
{
	struct strbuf sb = STRBUF_INIT;
	struct vs_error err = {VS_OK, ""};
	const struct csv_row *row;
	enum vs_err e;
	while ((e = csv_next(r, &row, &err)) == VS_OK && row) {
		strbuf_addf(&sb, "%ld:", row->line);
		/* row->ctl says exactly whether some field holds a control byte. */
		bool ctl = false;
		for (size_t i = 0; i < row->n; i++)
			ctl = ctl || text_has_ctl(row->field[i], row->len[i]);
		if (row->ctl != ctl)
			fail_msg("line %ld: ctl %d, the fields say %d", row->line, row->ctl, ctl);
		for (size_t i = 0; i < row->n; i++) {
			assert_int_equal(strlen(row->field[i]), row->len[i]);
			strbuf_addf(&sb, "%s%s", i ? "|" : "", row->field[i]);
		}
		strbuf_addch(&sb, '\n');
	}
	if (e != VS_OK)
		strbuf_addf(&sb, "ERR %d: %s", (int)e, err.msg);
	csv_release(r);
	assert_false(sb.failed);
	return strbuf_detach(&sb);
}

static char *dump_mem(const char *data, size_t len)
{
	struct csv_reader r;
	csv_open_mem(&r, "t.csv", (const uint8_t *)data, len);
	return dump_reader(&r);
}

static char *dump_file(const char *data, size_t len, size_t chunk)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	rewind(f);
	struct csv_reader r;
	csv_open_file(&r, "t.csv", f, chunk);
	char *out = dump_reader(&r);
	fclose(f);
	return out;
}

/*
 * The expected dump from memory, and the same from a file read 1, 2, 3, …
 * bytes at a time: every record boundary, CRLF and quote lands on a chunk edge.
 */
static void check_n(const char *data, size_t len, const char *want)
{
	char *got = dump_mem(data, len);
	assert_string_equal(got, want);
	free(got);
	static const size_t chunks[] = {1, 2, 3, 4, 5, 7, 16, 4096};
	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		got = dump_file(data, len, chunks[i]);
		if (strcmp(got, want) != 0)
			fail_msg("chunk %zu: got\n%s\nwant\n%s", chunks[i], got, want);
		free(got);
	}
}

static void check(const char *data, const char *want)
{
	check_n(data, strlen(data), want);
}

static void plain_and_quoted_fields(void **state)
{
	(void)state;
	check("a;b;c\n1;2;3\n", "1:a|b|c\n2:1|2|3\n");
	check("a;b\n\"x;y\";\"he said \"\"hi\"\"\"\n", "1:a|b\n2:x;y|he said \"hi\"\n");
	check("a;b\n\"\";\n", "1:a|b\n2:|\n");
	check("a;b\n;\n", "1:a|b\n2:|\n");
	check("a;b\n\"\"\"\";x\n", "1:a|b\n2:\"|x\n");
	/* A quote inside an unquoted field is text (Monitor 24"). */
	check("a;b\nMonitor 24\";x\"y\"\n", "1:a|b\n2:Monitor 24\"|x\"y\"\n");
	/* Spaces after a closing quote are dropped. */
	check("a;b\n\"q\"  ;x\n", "1:a|b\n2:q|x\n");
}

/* Control bytes in fields (dump_reader checks row->ctl against the fields):
 * in a word skipped whole and in the byte loop, quoted and not, at every
 * chunk edge; TAB, CR and LF inside quotes are no control bytes. */
static void control_bytes_are_noted(void **state)
{
	(void)state;
	check("a;b\nplain text here;and more text\n", "1:a|b\n2:plain text here|and more text\n");
	check("a;b\nplain te\x1bxt here;x\n", "1:a|b\n2:plain te\x1bxt here|x\n");
	check("a;b\nx;long text then \x7f\n", "1:a|b\n2:x|long text then \x7f\n");
	check("a;b\n\x01;y\n", "1:a|b\n2:\x01|y\n");
	check("a;b\n\"quoted text\x02 long\";y\n", "1:a|b\n2:quoted text\x02 long|y\n");
	check("a;b\n\"tab\tand\r\nbreaks in quotes\";y\n", "1:a|b\n2:tab\tand\r\nbreaks in quotes|y\n");
	check("a;b\ntab\tin a plain field;y\n", "1:a|b\n2:tab\tin a plain field|y\n");
	check("a\x1f;b\n1;2\n", "1:a\x1f|b\n2:1|2\n");
}

/* One special byte at every offset of a long unquoted record, so it falls
 * in every lane of the word and block walks, on either side of a block's
 * edge: a delimiter, a quote (text inside an unquoted field), a control
 * byte, a Windows-1252 letter, a UTF-8 one. */
static void specials_at_every_offset(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} kinds[] = {
		{";", "|"}, {"\"", "\""}, {"\x1b", "\x1b"}, {"\xE6", "\xC3\xA6"}, {"\xC3\xA6", "\xC3\xA6"},
	};
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (size_t at = 1; at < 40; at++) {
			char field[41], in[160], want[160];
			memset(field, 'x', sizeof(field) - 1);
			field[sizeof(field) - 1] = '\0';
			/* Two columns in the header; the delimiter kind makes three
			 * fields, so its rows get a third header column. */
			const char *head = k == 0 ? "a;b;c" : "a;b";
			snprintf(in, sizeof(in), "%s\n%.*s%s%s;y\n", head, (int)at, field, kinds[k].in, field + at);
			snprintf(want, sizeof(want), "1:%s\n2:%.*s%s%s|y\n", k == 0 ? "a|b|c" : "a|b", (int)at,
				 field, kinds[k].out, field + at);
			check(in, want);
		}
}

static void line_ends_and_physical_line_numbers(void **state)
{
	(void)state;
	check("a;b\r\n1;2\r\n3;4", "1:a|b\n2:1|2\n3:3|4\n");
	check("a;b\r1;2\r3;4\r", "1:a|b\n2:1|2\n3:3|4\n");
	check("a;b\n1;2\r\n3;4\r5;6\n", "1:a|b\n2:1|2\n3:3|4\n4:5|6\n");
	/* Empty lines are skipped but counted, as is a trailing one. */
	check("\n\na;b\n\n1;2\n\n", "3:a|b\n5:1|2\n");
	check("a;b\r\n\r\n\r\n1;2\r\n", "1:a|b\n4:1|2\n");
	/* A quoted field over lines: later rows keep their editor line. */
	check("a;b\n\"one\ntwo\nthree\";x\n5;6\n", "1:a|b\n2:one\ntwo\nthree|x\n5:5|6\n");
	check("a;b\r\n\"one\r\ntwo\";x\r\n5;6\r\n", "1:a|b\n2:one\r\ntwo|x\n4:5|6\n");
	check("a;b\r\"one\rtwo\";x\r5;6", "1:a|b\n2:one\rtwo|x\n4:5|6\n");
	check("a;b\n\"\n\";\"\r\n\"\n5;6\n", "1:a|b\n2:\n|\r\n\n5:5|6\n");
}

static void empty_inputs(void **state)
{
	(void)state;
	check("", "");
	check("\n\r\n\r", "");
	check("\xEF\xBB\xBF", "");
	check("\xEF\xBB", "ERR 2: t.csv:1: cannot tell the delimiter (expected ';', ',' or tab between column names)");
}

static void byte_order_mark_is_skipped(void **state)
{
	(void)state;
	check("\xEF\xBB\xBFType;Antal\n\xC3\xA6;1\n", "1:Type|Antal\n2:\xC3\xA6|1\n");
	check("\xEF\xBB\xBF\"Type\";Antal\n", "1:Type|Antal\n");
}

static void delimiter_from_the_header(void **state)
{
	(void)state;
	check("a,b;c,d\n1,2;3,4\n", "1:a|b;c|d\n2:1|2;3|4\n");
	check("a\tb\tc;d\n1\t2\t3\n", "1:a|b|c;d\n2:1|2|3\n");
	/* Delimiters inside quoted header names do not count. */
	check("\"a;b;c\",d,e\n1,2,3\n", "1:a;b;c|d|e\n2:1|2|3\n");
	/* A tie goes to ';', then ','. */
	check("a;b,c\n1;2,3\n", "1:a|b,c\n2:1|2,3\n");
	check("a,b\tc\n1,2\t3\n", "1:a|b\tc\n2:1|2\t3\n");
	/* Excel's "sep=" line names it and is not the header. */
	check("sep=,\na;b,c\n1;2,3\n", "2:a;b|c\n3:1;2|3\n");
	check("sep=\t\na;b\tc\n", "2:a;b|c\n");
	check("Type\nRouter\n",
	      "ERR 2: t.csv:1: cannot tell the delimiter (expected ';', ',' or tab between column names)");
	check("\n\nType\n",
	      "ERR 2: t.csv:3: cannot tell the delimiter (expected ';', ',' or tab between column names)");
	check("\"a;b\"\n", "ERR 2: t.csv:1: cannot tell the delimiter (expected ';', ',' or tab between column names)");
}

static void malformed_quoting(void **state)
{
	(void)state;
	check("a;b\n1;2\n\"x\"y;2\n",
	      "1:a|b\n2:1|2\nERR 2: t.csv:3: field 1: text after the closing quote (a quote inside a quoted field is written \"\")");
	check("a;b\n1;\"x\" \"y\"\n",
	      "1:a|b\nERR 2: t.csv:2: field 2: text after the closing quote (a quote inside a quoted field is written \"\")");
	check("a;b\n1;2\n\"open;3\n4;5\n",
	      "1:a|b\n2:1|2\nERR 2: t.csv:3: a quoted field is not closed before the end of the file");
}

static void windows_1252_is_converted(void **state)
{
	(void)state;
	/* ASCII rows, then the first non-ASCII byte is not UTF-8: Windows-1252. */
	check("Type;Note\nRouter;x\nB\xE6rbar;a \x96 b \x80\n\xD8KF;\x81\n",
	      "1:Type|Note\n2:Router|x\n3:B\xC3\xA6rbar|a \xE2\x80\x93 b \xE2\x82\xAC\n4:\xC3\x98KF|\xEF\xBF\xBD\n");
	/* In the header, and inside quotes over two lines. */
	check("Bem\xE6rkning;b\n\"\xF8\n\xE5\";1\n", "1:Bem\xC3\xA6rkning|b\n2:\xC3\xB8\n\xC3\xA5|1\n");
}

static void mixed_encodings_are_refused(void **state)
{
	(void)state;
	check("Type;Note\n\xC3\xA6;1\nx;y\nB\xE6;2\n",
	      "1:Type|Note\n2:\xC3\xA6|1\n3:x|y\n"
	      "ERR 2: t.csv:4: invalid UTF-8 (byte 0xE6); the file mixes encodings — save it as UTF-8");
	/* Valid then invalid in the same record: the line of the bad byte. */
	check("Type;Note\n\"\xC3\xA6\n\n\xE6\";1\n",
	      "1:Type|Note\n"
	      "ERR 2: t.csv:4: invalid UTF-8 (byte 0xE6); the file mixes encodings — save it as UTF-8");
	/* A BOM says UTF-8. */
	check("\xEF\xBB\xBFType;Note\nB\xE6;2\n",
	      "1:Type|Note\nERR 2: t.csv:2: invalid UTF-8 (byte 0xE6); the file mixes encodings — save it as UTF-8");
	/* Once Windows-1252, bytes that look like UTF-8 are Windows-1252 too. */
	check("a;b\n\xE6;\xC3\xA6\n", "1:a|b\n2:\xC3\xA6|\xC3\x83\xC2\xA6\n");
}

static void utf16_and_nul_are_refused(void **state)
{
	(void)state;
	check("\xFF\xFET\0y\0", "ERR 2: t.csv:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as CSV UTF-8");
	check_n("a;b\n1;\0\n", 8, "1:a|b\nERR 2: t.csv:2: NUL byte in the text (a UTF-16 or binary file?); save it as CSV UTF-8");
	check_n("a;b\n\"\0\";1\n", 10, "1:a|b\nERR 2: t.csv:2: NUL byte in the text (a UTF-16 or binary file?); save it as CSV UTF-8");
}

static char *repeat(const char *head, char c, size_t n, const char *tail)
{
	size_t h = strlen(head), t = strlen(tail);
	char *s = malloc(h + n + t + 1);
	assert_non_null(s);
	memcpy(s, head, h);
	memset(s + h, c, n);
	memcpy(s + h + n, tail, t + 1);
	return s;
}

static void expect_error(const char *data, size_t chunk, enum vs_err code, const char *msg)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	fwrite(data, 1, strlen(data), f);
	rewind(f);
	struct csv_reader r;
	struct vs_error err = {VS_OK, ""};
	const struct csv_row *row;
	enum vs_err e;
	csv_open_file(&r, "big.csv", f, chunk);
	while ((e = csv_next(&r, &row, &err)) == VS_OK && row)
		;
	/* The window never grows past the record limit and one chunk. */
	assert_true(r.cap <= (size_t)VS_MAX_CSV_LINE + r.chunk + 1);
	csv_release(&r);
	fclose(f);
	assert_int_equal(e, code);
	assert_string_equal(err.msg, msg);
}

static void limits_are_refused_not_truncated(void **state)
{
	(void)state;
	char *s = repeat("a;b\n1;", 'x', VS_MAX_CSV_FIELD, "\n");
	expect_error(s, 0, VS_OK, "");
	free(s);
	s = repeat("a;b\n1;", 'x', VS_MAX_CSV_FIELD + 1, "\n");
	expect_error(s, 0, VS_ETOOBIG, "big.csv:2: field 2 is longer than 65536 bytes (VS_MAX_CSV_FIELD)");
	free(s);
	s = repeat("a;b\n1;\"", 'x', VS_MAX_CSV_FIELD + 1, "\"\n");
	expect_error(s, 0, VS_ETOOBIG, "big.csv:2: field 2 is longer than 65536 bytes (VS_MAX_CSV_FIELD)");
	free(s);
	s = repeat("a;b\n", ';', VS_MAX_CSV_COLUMNS - 1, "\n");
	expect_error(s, 0, VS_OK, "");
	free(s);
	s = repeat("a;b\n", ';', VS_MAX_CSV_COLUMNS, "\n");
	expect_error(s, 0, VS_ETOOBIG, "big.csv:2: more than 256 columns (VS_MAX_CSV_COLUMNS)");
	free(s);
	s = repeat("a;b\n", ';', VS_MAX_CSV_LINE + 1, "\n");
	expect_error(s, 0, VS_ETOOBIG, "big.csv:2: a record is longer than 1048576 bytes (VS_MAX_CSV_LINE)");
	free(s);
	s = repeat("a;b\n", ';', VS_MAX_CSV_LINE + 1, "");
	expect_error(s, 1000, VS_ETOOBIG, "big.csv:2: a record is longer than 1048576 bytes (VS_MAX_CSV_LINE)");
	free(s);
	/* An unclosed quote swallows the rest of a big file: say so. */
	s = repeat("a;b\n\"", '\n', VS_MAX_CSV_LINE + 10, "");
	expect_error(s, 0, VS_ETOOBIG,
		     "big.csv:2: a record is longer than 1048576 bytes (VS_MAX_CSV_LINE); is a quote left open in it?");
	free(s);
}

static void memory_is_bounded_by_the_longest_record(void **state)
{
	(void)state;
	/* 20,000 short rows read 64 bytes at a time: the window stays small. */
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "a;b\n");
	for (int i = 0; i < 20000; i++)
		strbuf_addf(&sb, "%d;\"q\"\"%d\"\r\n", i, i);
	FILE *f = tmpfile();
	fwrite(sb.buf, 1, sb.len, f);
	rewind(f);
	struct csv_reader r;
	struct vs_error err = {VS_OK, ""};
	const struct csv_row *row;
	csv_open_file(&r, "t.csv", f, 64);
	long rows = 0;
	while (csv_next(&r, &row, &err) == VS_OK && row) {
		if (rows > 0) {
			char want[32];
			snprintf(want, sizeof(want), "q\"%ld", rows - 1);
			assert_string_equal(row->field[1], want);
			assert_int_equal(row->line, rows + 1);
		}
		rows++;
	}
	assert_int_equal(err.code, VS_OK);
	assert_int_equal(rows, 20001);
	assert_true(r.cap <= 256);
	csv_release(&r);
	fclose(f);
	strbuf_release(&sb);
}

static void a_record_larger_than_a_chunk(void **state)
{
	(void)state;
	/* A 240 KB record (four quoted 60 KB fields, the last over several
	 * lines) read in 64 KB and in 1000-byte chunks. */
	struct strbuf in = STRBUF_INIT, want = STRBUF_INIT;
	strbuf_addstr(&in, "a;b;c;d\n");
	strbuf_addstr(&want, "1:a|b|c|d\n2:");
	for (int i = 0; i < 4; i++) {
		strbuf_addstr(&in, i ? ";\"" : "\"");
		strbuf_addstr(&want, i ? "|" : "");
		for (int k = 0; k < 20000; k++) {
			strbuf_addstr(&in, i == 3 && k % 5000 == 0 ? "\r\n\"\"" : "x\"\"");
			strbuf_addstr(&want, i == 3 && k % 5000 == 0 ? "\r\n\"" : "x\"");
		}
		strbuf_addch(&in, '"');
	}
	strbuf_addstr(&in, "\n2;3;4;5\n");
	strbuf_addstr(&want, "\n7:2|3|4|5\n"); /* four line breaks in field 4 */
	assert_true(in.len > 3 * CSV_CHUNK);
	char *got = dump_file(in.buf, in.len, 0);
	assert_string_equal(got, want.buf);
	free(got);
	got = dump_file(in.buf, in.len, 1000);
	assert_string_equal(got, want.buf);
	free(got);
	strbuf_release(&in);
	strbuf_release(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_and_quoted_fields),
		cmocka_unit_test(control_bytes_are_noted),
		cmocka_unit_test(specials_at_every_offset),
		cmocka_unit_test(line_ends_and_physical_line_numbers),
		cmocka_unit_test(empty_inputs),
		cmocka_unit_test(byte_order_mark_is_skipped),
		cmocka_unit_test(delimiter_from_the_header),
		cmocka_unit_test(malformed_quoting),
		cmocka_unit_test(windows_1252_is_converted),
		cmocka_unit_test(mixed_encodings_are_refused),
		cmocka_unit_test(utf16_and_nul_are_refused),
		cmocka_unit_test(limits_are_refused_not_truncated),
		cmocka_unit_test(memory_is_bounded_by_the_longest_record),
		cmocka_unit_test(a_record_larger_than_a_chunk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
