/*
 * XLSX workbooks: Excel date serials, the fixture workbooks through
 * import_csv_file (records, --sheet, FILE:SHEET!ROW), and every prefix and
 * every one-byte change of a workbook failing cleanly or parsing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "import/import.h"
#include "import/xlsx.h"
#include "util/file.h"
#include "util/strbuf.h"

#define FX VS_TEST_SRCDIR "/tests/fixtures/import/xlsx/"

static void serial_dates(void **state)
{
	(void)state;
	static const struct {
		const char *serial;
		bool date1904;
		const char *want; /* NULL = refused */
	} cases[] = {
		{"1", false, "1900-01-01"},       {"59", false, "1900-02-28"},
		{"60", false, NULL},               /* the 1900-02-29 Lotus kept */
		{"61", false, "1900-03-01"},       {"25569", false, "1970-01-01"},
		{"44927", false, "2023-01-01"},    {"44927.75", false, "2023-01-01"},
		{"2958465", false, "9999-12-31"},  {"2958466", false, NULL},
		{"0", false, NULL},                {"0", true, "1904-01-01"},
		{"42582", true, "2020-08-01"},     {"-1", false, NULL},
		{"1e5", false, NULL},              {"", false, NULL},
		{"44927.", false, "2023-01-01"},   {"12345678901234567890", false, NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[11] = "unchanged";
		bool ok = xlsx_serial_date(cases[i].serial, cases[i].date1904, out);
		if (cases[i].want) {
			assert_true(ok);
			assert_string_equal(out, cases[i].want);
		} else {
			assert_false(ok);
		}
	}
}

static enum vs_err collect(const struct record *r, void *ctx, struct vs_error *err)
{
	(void)err;
	struct strbuf *sb = ctx;
	strbuf_addf(sb, "%ld:", r->line);
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		if (r->field[f])
			strbuf_addf(sb, " %s=%s", rec_field_name((enum rec_field)f), r->field[f]);
	strbuf_addf(sb, " #%lld\n", (long long)r->count.value);
	return VS_OK;
}

static char *run_file(const char *path, const char *sheet)
{
	struct strbuf sb = STRBUF_INIT;
	struct import_opts o = {.kind = ASSET_HARDWARE, .sheet = sheet};
	struct vs_error err = {VS_OK, ""};
	enum vs_err e = import_csv_file(path, &o, collect, &sb, &err);
	if (e != VS_OK) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "ERR %d: %s", (int)e, err.msg);
	}
	return strbuf_detach(&sb);
}

static void check_file(const char *path, const char *sheet, const char *want)
{
	char *got = run_file(path, sheet);
	assert_string_equal(got, want);
	free(got);
}

static void workbooks_give_records(void **state)
{
	(void)state;
	check_file(FX "inventory.xlsx", NULL,
		   "2: type=Overvågningskamera maker=Hikvision model=DS-2CD2143G2-I "
		   "serial=DS-2CD2143G2-I20230412AAWRJ12345678 acquired=2023-01-01 note=Port 1 #1\n"
		   "3: type=Laptop maker=Lenovo model=ThinkPad T14 serial=PF3K9ZQ1 mac=00-1B-21-00-00-05 "
		   "acquired=2020-08-01 note=TRUE #1\n"
		   "5: type=Router maker=Huawei model=AR1220 mac=4C54990D0E0F acquired=2019-01-01 "
		   "note=kernerouter #1\n"
		   "6: type=Overvågningskamera #12\n");
	check_file(FX "inventory.xlsx", "noter", "2: type=Printer maker=HP #3\n");
	check_file(FX "date1904.xlsx", NULL, "2: type=Router maker=Huawei acquired=2020-08-01 #1\n");
	check_file(FX "inventory.xlsx", "Nope",
		   "ERR 2: " FX "inventory.xlsx: no sheet named 'Nope' (sheets: 'Aktiver', 'Noter')");
	check_file(FX "bad-count.xlsx", NULL,
		   "ERR 2: " FX "bad-count.xlsx:Ark1!3: bad count \"mange\" in column \"Antal\": not a count "
		   "(expected e.g. 300, 3.246, ~277, ca. 650, 200-300 or 150+)");
	/* --sheet on a CSV file is a usage error. */
	char *got = run_file(VS_TEST_SRCDIR "/tests/fixtures/import/presets/sccm.csv", "Ark1");
	assert_non_null(strstr(got, "ERR 8: "));
	assert_non_null(strstr(got, "--sheet is for XLSX workbooks"));
	free(got);
}

static enum vs_err count_only(const struct record *r, void *ctx, struct vs_error *err)
{
	(void)r, (void)err;
	(*(size_t *)ctx)++;
	return VS_OK;
}

/* Every prefix, and every byte changed, fails with a message or parses. */
static void damaged_workbooks_fail_cleanly(void **state)
{
	(void)state;
	uint8_t *data;
	size_t len;
	struct vs_error err = {VS_OK, ""};
	assert_int_equal(file_read_all(FX "inventory.xlsx", 1 << 20, &data, &len, &err), VS_OK);
	struct import_opts o = {.kind = ASSET_HARDWARE};
	size_t parsed = 0;
	for (size_t n = 0; n < len; n++) {
		struct vs_error e2 = {VS_OK, ""};
		size_t rows = 0;
		uint8_t *copy = malloc(n ? n : 1); /* ASan sees a read past the prefix */
		assert_non_null(copy);
		memcpy(copy, data, n);
		enum vs_err e = import_csv_mem("t.xlsx", copy, n, &o, count_only, &rows, &e2);
		if (e != VS_OK)
			assert_true(e2.msg[0] != '\0');
		else
			parsed++;
		free(copy);
	}
	/* A ZIP's directory is at its end: no proper prefix is a workbook
	 * (the short ones are read as CSV, which may parse). */
	(void)parsed;
	for (size_t i = 0; i < len; i++) {
		struct vs_error e2 = {VS_OK, ""};
		size_t rows = 0;
		uint8_t saved = data[i];
		data[i] ^= 0x5A;
		enum vs_err e = import_csv_mem("t.xlsx", data, len, &o, count_only, &rows, &e2);
		if (e != VS_OK)
			assert_true(e2.msg[0] != '\0');
		data[i] = saved;
	}
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(serial_dates),
		cmocka_unit_test(workbooks_give_records),
		cmocka_unit_test(damaged_workbooks_fail_cleanly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
