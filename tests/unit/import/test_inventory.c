/*
 * import_csv_*: header words and --map, records as the store receives them,
 * every refusal with its exact "FILE:LINE: reason", the example surveys, the
 * fixtures (BOM/CRLF, Windows-1252, mixed encodings) and a 100,000-row file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "import/import.h"
#include "util/strbuf.h"

/* What the callback saw: every record as text, plus totals. */
struct seen {
	struct strbuf text;
	long records;
	int64_t total, low, high;
	long stop_after; /* return VS_EDB after this many records; 0 = never */
};

static enum vs_err collect(const struct record *r, void *ctx, struct vs_error *err)
{
	struct seen *s = ctx;
	s->records++;
	assert_string_equal(r->source_method, "csv");
	assert_null(r->field[RF_COUNT]);
	strbuf_addf(&s->text, "%s:%ld:%s", r->source_path, r->line, r->kind == ASSET_SOFTWARE ? "sw" : "hw");
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		if (r->field[f])
			strbuf_addf(&s->text, " %s=%s", rec_field_name((enum rec_field)f), r->field[f]);
	strbuf_addf(&s->text, " #%lld", (long long)r->count.value);
	if (r->count.low != r->count.value || r->count.high != r->count.value)
		strbuf_addf(&s->text, "[%lld,%lld]", (long long)r->count.low, (long long)r->count.high);
	if (r->count.estimated)
		strbuf_addch(&s->text, '~');
	strbuf_addch(&s->text, '\n');
	s->total += r->count.value;
	s->low += r->count.low;
	s->high += r->count.high;
	if (s->stop_after && s->records == s->stop_after)
		return vs_fail(err, VS_EDB, "stopped by the store");
	return VS_OK;
}

/* Import text with --map (or NULL); the records as text, or "ERR n: msg". */
static char *run_map(const char *csv, const char *map)
{
	struct seen s = {STRBUF_INIT, 0, 0, 0, 0, 0};
	struct import_opts o = {.map = map, .kind = ASSET_HARDWARE};
	struct vs_error err = {VS_OK, ""};
	enum vs_err e = import_csv_mem("t.csv", (const uint8_t *)csv, strlen(csv), &o, collect, &s, &err);
	if (e != VS_OK)
		strbuf_addf(&s.text, "ERR %d: %s", (int)e, err.msg);
	else
		assert_int_equal(err.code, VS_OK);
	return strbuf_detach(&s.text);
}

static void check_map(const char *csv, const char *map, const char *want)
{
	char *got = run_map(csv, map);
	assert_string_equal(got, want);
	free(got);
}

static void check(const char *csv, const char *want)
{
	check_map(csv, NULL, want);
}

static void header_words_english_and_danish(void **state)
{
	(void)state;
	static const struct {
		const char *header;
		int field;
	} cases[] = {
		{"Type", RF_TYPE}, {"Hardwaretype", RF_TYPE}, {"Asset type", RF_TYPE},
		{"Kategori", RF_TYPE}, {"Enhedstype", RF_TYPE}, {"ASSET_TYPE", RF_TYPE},
		{"Manufacturer", RF_MAKER}, {"Maker", RF_MAKER}, {"Vendor", RF_MAKER},
		{"Producer", RF_MAKER}, {"Producent", RF_MAKER}, {"Fabrikat", RF_MAKER},
		{"Leverandør", RF_MAKER}, {"LEVERANDØR", RF_MAKER},
		{"Mærke", RF_BRAND}, {"MÆRKE", RF_BRAND}, {"Brand", RF_BRAND},
		{"Model", RF_MODEL}, {"Modelnavn", RF_MODEL},
		{"Serial", RF_SERIAL}, {"Serial number", RF_SERIAL}, {"Serienummer", RF_SERIAL},
		{"Serienr.", RF_SERIAL}, {"Firmware", RF_FIRMWARE},
		{"MAC", RF_MAC}, {"MAC-adresse", RF_MAC}, {"MAC address", RF_MAC},
		{"IP", RF_IP}, {"IP-adresse", RF_IP},
		{"Hostname", RF_HOSTNAME}, {"Host name", RF_HOSTNAME}, {"Værtsnavn", RF_HOSTNAME},
		{"Enhedsnavn", RF_HOSTNAME}, {"Computer name", RF_HOSTNAME},
		{"Department", RF_DEPARTMENT}, {"Forvaltning", RF_DEPARTMENT}, {"Afdeling", RF_DEPARTMENT},
		{"Site", RF_SITE}, {"Location", RF_SITE}, {"Lokation", RF_SITE}, {"Placering", RF_SITE},
		{"Adresse", RF_SITE},
		{"Zone", RF_ZONE}, {"VLAN", RF_ZONE}, {"Netværkszone", RF_ZONE},
		{"Acquired", RF_ACQUIRED}, {"Purchase date", RF_ACQUIRED}, {"Anskaffet", RF_ACQUIRED},
		{"Anskaffelsesdato", RF_ACQUIRED}, {"Indkøbsdato", RF_ACQUIRED},
		{"Lifespan", RF_LIFESPAN}, {"Levetid", RF_LIFESPAN},
		{"Count", RF_COUNT}, {"Quantity", RF_COUNT}, {"Qty", RF_COUNT}, {"Antal", RF_COUNT},
		{"Stk.", RF_COUNT},
		{"Origin", RF_ORIGIN}, {"Country of origin", RF_ORIGIN}, {"Oprindelsesland", RF_ORIGIN},
		{"Oprindelse", RF_ORIGIN},
		{"Note", RF_NOTE}, {"Notes", RF_NOTE}, {"Comment", RF_NOTE}, {"Bemærkning", RF_NOTE},
		{"Kommentar", RF_NOTE},
		{"Product", RF_PRODUCT}, {"Application", RF_PRODUCT}, {"Program", RF_PRODUCT},
		{"Software", RF_PRODUCT},
		{"Publisher", RF_PUBLISHER}, {"Udgiver", RF_PUBLISHER},
		{"Version", RF_VERSION}, {"Device", RF_DEVICE},
		{"Data class", RF_DATA_CLASS}, {"Dataklasse", RF_DATA_CLASS}, {"Datatype", RF_DATA_CLASS},
		{"data_class", RF_DATA_CLASS}, {"  serial   NUMBER ", RF_SERIAL},
		{"Owner", -1}, {"", -1}, {"Typ", -1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (import_header_field(cases[i].header) != cases[i].field)
			fail_msg("\"%s\": %d, expected %d", cases[i].header, import_header_field(cases[i].header),
				 cases[i].field);
	assert_int_equal(import_header_field(NULL), -1);
	/* Every canonical field name names its own field. */
	for (int f = 0; f < RF_COUNT_OF_FIELDS; f++)
		assert_int_equal(import_header_field(rec_field_name((enum rec_field)f)), f);
}

static void records_are_trimmed_and_counted(void **state)
{
	(void)state;
	check("Type;Producent;Antal;Bemærkning\n"
	      " Router ;  ;; \xC2\xA0note\xC2\xA0\n"
	      "Kamera;Dahua;~277;\n"
	      "Kamera;\"Hik, \"\"Vision\"\"\";200 - 300;x\n"
	      "Kamera;;150+;\n",
	      "t.csv:2:hw type=Router note=note #1\n"
	      "t.csv:3:hw type=Kamera maker=Dahua #277~\n"
	      "t.csv:4:hw type=Kamera maker=Hik, \"Vision\" note=x #300[200,300]~\n"
	      "t.csv:5:hw type=Kamera #150[150,-1]~\n");
	/* The kind comes from the options. */
	struct seen s = {STRBUF_INIT, 0, 0, 0, 0, 0};
	struct import_opts o = {.map = NULL, .kind = ASSET_SOFTWARE};
	struct vs_error err = {VS_OK, ""};
	const char *csv = "Program,Udgiver,Version\nWeChat,Tencent,3.9\n";
	assert_int_equal(import_csv_mem("sw.csv", (const uint8_t *)csv, strlen(csv), &o, collect, &s, &err), VS_OK);
	assert_string_equal(s.text.buf, "sw.csv:2:sw product=WeChat publisher=Tencent version=3.9 #1\n");
	strbuf_release(&s.text);
	/* No options at all: hardware, no map. */
	assert_int_equal(import_csv_mem("n.csv", (const uint8_t *)csv, strlen(csv), NULL, collect, &s, &err), VS_OK);
	assert_string_equal(s.text.buf, "n.csv:2:hw product=WeChat publisher=Tencent version=3.9 #1\n");
	strbuf_release(&s.text);
}

static void empty_files_and_blank_rows(void **state)
{
	(void)state;
	/* Nothing to import is refused: it would make an empty survey, the
	 * default one from then on (issue 15). */
	check("", "ERR 2: t.csv: empty: no rows to import; nothing was imported");
	check("\xEF\xBB\xBF\r\n", "ERR 2: t.csv: empty: no rows to import; nothing was imported");
	check("Type;Antal\n", "ERR 2: t.csv: a header alone: no rows to import; nothing was imported");
	check("Type;Antal\n\n;\n ; \n", "ERR 2: t.csv: a header alone: no rows to import; nothing was imported");
	check("Type;Antal\n\n;\n ; \n\xC2\xA0;\nRouter;2\n;;;\n", "t.csv:6:hw type=Router #2\n");
	/* The header of an otherwise empty file is still checked. */
	check("Type;Ejer\n",
	      "ERR 2: t.csv:1: unknown column \"Ejer\" (column 2); name its field with --map 'Ejer=FIELD' or skip it "
	      "with --map 'Ejer=-' (fields: type, maker, brand, model, serial, firmware, mac, ip, hostname, "
	      "department, site, zone, acquired, lifespan, count, origin, note, product, publisher, version, "
	      "device, data_class)");
}

static void map_renames_and_skips(void **state)
{
	(void)state;
	const char *csv = "Enhed;Ejer;Leverandør;Antal\nKamera;Jens;Atea;3\n";
	check_map(csv, "Enhed=type,Ejer=-,Leverandør=note",
		  "t.csv:2:hw type=Kamera note=Atea #3\n");
	/* Folded names, spaces around items, empty items. */
	check_map(csv, " ENHED = type ,, ejer=- , leverandoer=note,Leverandør=maker,",
		  "t.csv:2:hw type=Kamera maker=Atea #3\n");
	/* --map wins over the built-in word, and can skip a known column. */
	check_map(csv, "Enhed=type,Ejer=note,Antal=-,Leverandør=-", "t.csv:2:hw type=Kamera note=Jens #1\n");
	/* An entry for a column the file lacks is ignored. */
	check_map(csv, "Enhed=type,Ejer=-,Pris=-", "t.csv:2:hw type=Kamera maker=Atea #3\n");
}

static void map_spec_errors_are_usage_errors(void **state)
{
	(void)state;
	const char *csv = "Type;Antal\nRouter;1\n";
	check_map(csv, "Type", "ERR 8: --map: \"Type\" is not Column=field");
	check_map(csv, "Type=type,Antal", "ERR 8: --map: \"Antal\" is not Column=field");
	check_map(csv, "=type", "ERR 8: --map: \"=type\" names no column before '='");
	check_map(csv, "Ejer=owner",
		  "ERR 8: --map: unknown field \"owner\" in \"Ejer=owner\" (fields: type, maker, brand, model, "
		  "serial, firmware, mac, ip, hostname, department, site, zone, acquired, lifespan, count, "
		  "origin, note, product, publisher, version, device, data_class; '-' skips the column)");
	check_map(csv, "Ejer=", "ERR 8: --map: unknown field \"\" in \"Ejer=\" (fields: type, maker, brand, model, "
		  "serial, firmware, mac, ip, hostname, department, site, zone, acquired, lifespan, count, "
		  "origin, note, product, publisher, version, device, data_class; '-' skips the column)");
	check_map(csv, "Ejer=-,ejer=note", "ERR 8: --map: column \"ejer\" is mapped twice");
}

static void header_errors(void **state)
{
	(void)state;
	check("\n\nType;Producent;Model;Fabrikat\n",
	      "ERR 2: t.csv:3: columns \"Producent\" (column 2) and \"Fabrikat\" (column 4) are both maker; "
	      "skip one with --map 'Column=-'");
	check_map("Type;Ejer;Antal\n", "Ejer=count",
		  "ERR 2: t.csv:1: columns \"Ejer\" (column 2) and \"Antal\" (column 3) are both count; "
		  "skip one with --map 'Column=-'");
	/* A long odd name is cut in the message, control characters shown as '?'. */
	check("Type;\"Ejer\tXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\"\n",
	      "ERR 2: t.csv:1: unknown column \"Ejer?XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX…\" "
	      "(column 2); name its field with --map 'Ejer?XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX…=FIELD' "
	      "or skip it with --map 'Ejer?XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX…=-' (fields: type, "
	      "maker, brand, model, serial, firmware, mac, ip, hostname, department, site, zone, acquired, lifespan, "
	      "count, origin, note, product, publisher, version, device, data_class)");
	/* A "sep=" line that disagrees with the header. */
	check("sep=;\nType,Antal\nRouter,2\n",
	      "ERR 2: t.csv:2: the header is one column but contains ','; the delimiter is ';' (from the sep= line) "
	      "— fix the sep= line or the header");
}

static void row_errors_name_the_physical_line(void **state)
{
	(void)state;
	/* A note over three lines: the rows after it keep their editor lines. */
	const char *head = "Type;Antal;Note\nRouter;1;\"one\r\ntwo\nthree\"\n";
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%sRouter;2\n", head);
	check(sb.buf, "t.csv:2:hw type=Router note=one\r\ntwo\nthree #1\n"
		      "ERR 2: t.csv:5: too few fields: 2, the header has 3");
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%sRouter;2;x;y\n", head);
	check(sb.buf, "t.csv:2:hw type=Router note=one\r\ntwo\nthree #1\n"
		      "ERR 2: t.csv:5: too many fields: 4, the header has 3 (a value containing ';' must be in "
		      "double quotes)");
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s\nRouter;3.5;x\n", head);
	check(sb.buf, "t.csv:2:hw type=Router note=one\r\ntwo\nthree #1\n"
		      "ERR 2: t.csv:6: bad count \"3.5\" in column \"Antal\": fractional (a count is a whole number; "
		      "3.246 and 3,246 are thousands)");
	strbuf_release(&sb);
	check("Type;Antal\nRouter; 300-200 \n",
	      "ERR 2: t.csv:2: bad count \"300-200\" in column \"Antal\": the range's low end is above its high end");
	check("Type;Antal\nRouter;mange\n",
	      "ERR 2: t.csv:2: bad count \"mange\" in column \"Antal\": not a count (expected e.g. 300, 3.246, ~277, "
	      "ca. 650, 200-300 or 150+)");
	check("Type;Antal\nRouter;-1\n", "ERR 2: t.csv:2: bad count \"-1\" in column \"Antal\": negative");
	check("Type;Antal\nRouter;100000001\n",
	      "ERR 2: t.csv:2: bad count \"100000001\" in column \"Antal\": more than 100000000 (VS_MAX_COUNT)");
	/* A row written with another delimiter than the header. */
	check("Type;Producent;Antal\nRouter;Huawei;1\nRouter,Huawei,2\n",
	      "t.csv:2:hw type=Router maker=Huawei #1\n"
	      "ERR 2: t.csv:3: too few fields: 1, the header has 3; this row has ',' where the header uses ';' (mixed "
	      "delimiters?)");
	/* A value under a column without a name. */
	check("Type;;Antal\nRouter;;1\nRouter;x;2\n",
	      "t.csv:2:hw type=Router #1\n"
	      "ERR 2: t.csv:3: a value (\"x\") in column 2, which has no name in the header; name the column or "
	      "empty it");
	/* The first error stops the import: nothing after it is delivered. */
	check("Type;Antal\nA;1\nB;x\nC;3\n",
	      "t.csv:2:hw type=A #1\nERR 2: t.csv:3: bad count \"x\" in column \"Antal\": not a count (expected "
	      "e.g. 300, 3.246, ~277, ca. 650, 200-300 or 150+)");
	/* Reader errors come through unchanged. */
	check("Type;Antal\nA;\"1\n", "ERR 2: t.csv:2: a quoted field is not closed before the end of the file");
}

static void callback_error_stops_the_import(void **state)
{
	(void)state;
	struct seen s = {STRBUF_INIT, 0, 0, 0, 0, 2};
	struct vs_error err = {VS_OK, ""};
	const char *csv = "Type;Antal\nA;1\nB;2\nC;3\n";
	assert_int_equal(import_csv_mem("t.csv", (const uint8_t *)csv, strlen(csv), NULL, collect, &s, &err), VS_EDB);
	assert_int_equal(s.records, 2);
	assert_string_equal(err.msg, "stopped by the store");
	strbuf_release(&s.text);
}

static char *src_path(const char *rel)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", VS_TEST_SRCDIR, rel);
	return strbuf_detach(&sb);
}

static void import_file(const char *rel, struct seen *s, enum vs_err want, struct vs_error *err)
{
	char *path = src_path(rel);
	struct import_opts o = {.map = NULL, .kind = ASSET_HARDWARE};
	enum vs_err e = import_csv_file(path, &o, collect, s, err);
	if (e != want)
		fail_msg("%s: %d (%s), expected %d", rel, (int)e, err->msg, (int)want);
	free(path);
}

/* Strip "VS_TEST_SRCDIR/" from every line, so expectations read as paths in the tree. */
static void expect_text(struct seen *s, const char *want)
{
	struct strbuf prefix = STRBUF_INIT, got = STRBUF_INIT;
	strbuf_addf(&prefix, "%s/", VS_TEST_SRCDIR);
	for (const char *p = strbuf_str(&s->text); *p;) {
		if (strncmp(p, prefix.buf, prefix.len) == 0)
			p += prefix.len;
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
		strbuf_add(&got, p, n);
		p += n;
	}
	assert_string_equal(strbuf_str(&got), want);
	strbuf_release(&prefix);
	strbuf_release(&got);
}

static void example_inventory_2025(void **state)
{
	(void)state;
	struct seen s = {STRBUF_INIT, 0, 0, 0, 0, 0};
	struct vs_error err = {VS_OK, ""};
	import_file("examples/kk-2025/inventory-2025.csv", &s, VS_OK, &err);
	/* Table 1: 15 rows; 41,931 units counting BUF's 200-300 at 300. */
	assert_int_equal(s.records, 15);
	assert_int_equal(s.total, 41931);
	assert_int_equal(s.low, 41831);
	const char *p = strstr(s.text.buf, "inventory-2025.csv:8:hw");
	assert_non_null(p);
	assert_memory_equal(p, "inventory-2025.csv:8:hw type=Overvågningskamera department=BUF origin=Kina "
			       "note=Tabel 1: *Estimeret 200-300 kameraer #300[200,300]~\n",
			    strlen("inventory-2025.csv:8:hw type=Overvågningskamera department=BUF origin=Kina "
				   "note=Tabel 1: *Estimeret 200-300 kameraer #300[200,300]~\n"));
	assert_non_null(strstr(s.text.buf, "inventory-2025.csv:12:hw type=Bærbar PC maker=Lenovo model=ThinkPad "
					   "department=ØKF note=Tabel 1, producent: se README #3246\n"));
	assert_non_null(strstr(s.text.buf, "inventory-2025.csv:15:hw type=PC (Pædagogisk område) maker=Lenovo "
					   "department=BUF note=Tabel 1, producent: se README #37323\n"));
	strbuf_release(&s.text);
}

static void example_camera_survey_2022(void **state)
{
	(void)state;
	struct seen s = {STRBUF_INIT, 0, 0, 0, 0, 0};
	struct vs_error err = {VS_OK, ""};
	import_file("examples/kk-2025/camera-survey-2022.csv", &s, VS_OK, &err);
	assert_int_equal(s.records, 14);
	assert_int_equal(s.total, 679);
	assert_non_null(strstr(s.text.buf, "camera-survey-2022.csv:2:hw type=Overvågningskamera department=ØKF "
					   "origin=Kina note=Uændret siden juli 2021: i omegnen af 108, ukendt mærke "
					   "#108~\n"));
	assert_non_null(strstr(s.text.buf, "camera-survey-2022.csv:10:hw type=Overvågningskamera department=SUF "
					   "origin=Kina note=Yderligere en lokation med 150+ kameraer af ukendt mærke "
					   "#150[150,-1]~\n"));
	assert_non_null(strstr(s.text.buf, "camera-survey-2022.csv:15:hw type=Overvågningskamera maker=Panasonic "
					   "department=BUF note=Ingen samlet oversigt, størstedelen Panasonic "
					   "(registrering 2019), antal kinesiske ukendt #0[0,-1]~\n"));
	strbuf_release(&s.text);
}

static void fixture_bom_crlf(void **state)
{
	(void)state;
	struct seen s = {STRBUF_INIT, 0, 0, 0, 0, 0};
	struct vs_error err = {VS_OK, ""};
	import_file("tests/fixtures/import/bom-crlf.csv", &s, VS_OK, &err);
	expect_text(&s, "tests/fixtures/import/bom-crlf.csv:2:hw type=Camera maker=Hikvision note=two\r\nlines #3\n"
			"tests/fixtures/import/bom-crlf.csv:4:hw type=Router maker=Huawei #1000\n");
	strbuf_release(&s.text);
}

static void fixture_windows_1252(void **state)
{
	(void)state;
	struct seen s = {STRBUF_INIT, 0, 0, 0, 0, 0};
	struct vs_error err = {VS_OK, ""};
	import_file("tests/fixtures/import/cp1252.csv", &s, VS_OK, &err);
	expect_text(&s, "tests/fixtures/import/cp1252.csv:2:hw type=Router maker=Cisco department=SOF note=Table 1 #70\n"
			"tests/fixtures/import/cp1252.csv:3:hw type=Overvågningskamera maker=Dahua department=KFF "
			"note=Uændret – størstedelen på Ærø #7\n"
			"tests/fixtures/import/cp1252.csv:4:hw type=Bærbar PC maker=Lenovo department=ØKF note=Å ø #3246\n");
	strbuf_release(&s.text);
}

static void fixture_mixed_encodings(void **state)
{
	(void)state;
	struct seen s = {STRBUF_INIT, 0, 0, 0, 0, 0};
	struct vs_error err = {VS_OK, ""};
	import_file("tests/fixtures/import/mixed.csv", &s, VS_EBADVAL, &err);
	char *want = src_path("tests/fixtures/import/mixed.csv:4: invalid UTF-8 (byte 0xE6); the file mixes "
			      "encodings — save it as UTF-8");
	assert_string_equal(err.msg, want);
	free(want);
	assert_int_equal(s.records, 2);
	strbuf_release(&s.text);
}

static void missing_file(void **state)
{
	(void)state;
	struct seen s = {STRBUF_INIT, 0, 0, 0, 0, 0};
	struct vs_error err = {VS_OK, ""};
	import_file("tests/fixtures/import/no-such-file.csv", &s, VS_ENOTFOUND, &err);
	assert_non_null(strstr(err.msg, "no-such-file.csv: No such file or directory"));
	assert_int_equal(s.records, 0);
	/* A directory opens but cannot be read: an I/O error, not "no input". */
	struct vs_error err2 = {VS_OK, ""};
	import_file("tests/fixtures/import", &s, VS_EIO, &err2);
	assert_non_null(strstr(err2.msg, "tests/fixtures/import: read error: Is a directory"));
	assert_int_equal(s.records, 0);
}

/* A generated file: 100,000 rows with quoted, multi-line and empty fields. */
static void a_hundred_thousand_rows(void **state)
{
	(void)state;
	char path[] = "/tmp/vs-import-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("Type;Producent;Serienummer;MAC-adresse;Antal;Bemærkning\r\n", f);
	long want_total = 0;
	for (long i = 0; i < 100000; i++) {
		fprintf(f, "Kamera;%s;SN%08ld;44:19:b6:%02lx:%02lx:00;%ld;%s\r\n", i % 3 ? "Dahua" : "HIKVision", i,
			i & 0xff, (i >> 8) & 0xff, i % 7, i % 10 ? "" : "\"line one\nline \"\"two\"\"\"");
		want_total += i % 7;
	}
	assert_int_equal(fclose(f), 0);
	struct seen s = {STRBUF_INIT, 0, 0, 0, 0, 0};
	struct vs_error err = {VS_OK, ""};
	assert_int_equal(import_csv_file(path, NULL, collect, &s, &err), VS_OK);
	unlink(path);
	assert_int_equal(s.records, 100000);
	assert_int_equal(s.total, want_total);
	/* The last record's line counts the 10,000 two-line notes before it. */
	char tail[128];
	snprintf(tail, sizeof(tail), "%s:110001:hw type=Kamera maker=HIKVision serial=SN00099999", path);
	assert_non_null(strstr(s.text.buf, tail));
	assert_non_null(strstr(s.text.buf, "note=line one\nline \"two\" #0\n"));
	strbuf_release(&s.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_words_english_and_danish),
		cmocka_unit_test(records_are_trimmed_and_counted),
		cmocka_unit_test(empty_files_and_blank_rows),
		cmocka_unit_test(map_renames_and_skips),
		cmocka_unit_test(map_spec_errors_are_usage_errors),
		cmocka_unit_test(header_errors),
		cmocka_unit_test(row_errors_name_the_physical_line),
		cmocka_unit_test(callback_error_stops_the_import),
		cmocka_unit_test(example_inventory_2025),
		cmocka_unit_test(example_camera_survey_2022),
		cmocka_unit_test(fixture_bom_crlf),
		cmocka_unit_test(fixture_windows_1252),
		cmocka_unit_test(fixture_mixed_encodings),
		cmocka_unit_test(missing_file),
		cmocka_unit_test(a_hundred_thousand_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
