/* Loading the kb: every malformed file fails with FILE:LINE; kb_check finds gaps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kb_fixture.h"
#include "util/date.h"
#include "util/limits.h"
#include "util/strbuf.h"

/* Load the good fixture with file f replaced by bytes; return the error. */
static enum vs_err load_with(enum kb_file f, const void *data, size_t len, struct vs_error *err)
{
	struct fx_texts fx;
	fx_load_dir(&fx, KB_GOOD);
	fx_set(&fx, f, data, len);
	struct kb *kb = (struct kb *)1;
	enum vs_err rc = kb_load_texts(fx.t, &kb, err);
	if (rc == VS_OK)
		kb_free(kb);
	else
		assert_null(kb);
	fx_release(&fx);
	return rc;
}

static void bad_file(const char *name, enum kb_file f, enum vs_err want, const char *msg)
{
	char path[1024];
	size_t len;
	snprintf(path, sizeof(path), "%s/%s", KB_BAD, name);
	uint8_t *data = fx_read(path, &len);
	assert_non_null(data);
	struct vs_error err = {0};
	assert_int_equal(load_with(f, data, len, &err), want);
	if (strncmp(err.msg, msg, strlen(msg)) != 0)
		fail_msg("%s: got \"%s\", want \"%s…\"", name, err.msg, msg);
	free(data);
}

static void good_fixture_loads_from_a_directory(void **state)
{
	(void)state;
	struct kb *kb;
	struct vs_error err = {0};
	assert_int_equal(kb_load(KB_GOOD, &kb, &err), VS_OK);
	assert_int_equal(kb_vendor_count(kb), 12);
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(kb_check(kb, &out), 0);
	assert_string_equal(strbuf_str(&out), "");
	strbuf_release(&out);
	kb_free(kb);
	kb_free(NULL);
}

static void bad_files_name_file_and_line(void **state)
{
	(void)state;
	bad_file("columns.vendors.tsv", KB_FILE_VENDORS, VS_EBADVAL,
		 "kb/vendors.tsv:5: 6 columns, expected 7");
	bad_file("unknown_vendor.aliases.tsv", KB_FILE_ALIASES, VS_EBADVAL,
		 "kb/aliases.tsv:4: vendor \"hikvison\" is not a vendor id in kb/vendors.tsv");
	bad_file("two_vendors.aliases.tsv", KB_FILE_ALIASES, VS_EBADVAL,
		 "kb/aliases.tsv:3: \"LENOVO\" folds to \"lenovo\", which already names lenovo "
		 "(kb/vendors.tsv:7)");
	bad_file("cycle.ownership.tsv", KB_FILE_OWNERSHIP, VS_EBADVAL,
		 "kb/ownership.tsv:6: cetc owned by ezviz closes an ownership cycle");
	bad_file("date.oem.tsv", KB_FILE_OEM, VS_EBADVAL,
		 "kb/oem.tsv:3: from \"2018-13\" is not YYYY, YYYY-MM or YYYY-MM-DD");
	bad_file("header.asset_types.tsv", KB_FILE_TYPES, VS_EBADVAL,
		 "asset_types.tsv:1: header is not \"key\\ten\\tda\\tsynonyms\"");
	bad_file("kind.aliases.tsv", KB_FILE_ALIASES, VS_EBADVAL,
		 "kb/aliases.tsv:2: kind \"nickname\" is not legal");
	bad_file("id.vendors.tsv", KB_FILE_VENDORS, VS_EBADVAL,
		 "kb/vendors.tsv:3: id \"Hik Vision\" is not [a-z0-9_]+");
}

static void expect(enum kb_file f, const char *text, enum vs_err want, const char *msg)
{
	struct vs_error err = {0};
	assert_int_equal(load_with(f, text, strlen(text), &err), want);
	if (want != VS_OK && strcmp(err.msg, msg) != 0)
		fail_msg("got \"%s\", want \"%s\"", err.msg, msg);
}

#define VH "id\tname\tkind\tcountry\tflags\tnote\tsource\n"
#define OH "vendor\towner\tfrom\tuntil\tcertainty\tnote\tsource\n"

static void refuses_malformed_cells(void **state)
{
	(void)state;
	expect(KB_FILE_VENDORS, VH "x\tX\tgadgets\tCN\t\t\ts\n", VS_EBADVAL,
	       "kb/vendors.tsv:2: kind \"gadgets\" is not hardware, software or both");
	expect(KB_FILE_VENDORS, VH "x\tX\thardware\tChina\t\t\ts\n", VS_EBADVAL,
	       "kb/vendors.tsv:2: country \"China\" is not an ISO 3166-1 alpha-2 code");
	expect(KB_FILE_VENDORS, VH "x\tX\thardware\tCN\tchip,evil\t\ts\n", VS_EBADVAL,
	       "kb/vendors.tsv:2: flag \"evil\" is not chip, oem_brand, state_owned, listed_fcc "
	       "or listed_ndaa889");
	expect(KB_FILE_VENDORS, VH "x\tX\thardware\tCN\t\t\ts\nx\tY\thardware\tCN\t\t\ts\n",
	       VS_EBADVAL, "kb/vendors.tsv:3: id \"x\" is already defined at kb/vendors.tsv:2");
	expect(KB_FILE_VENDORS, VH "x\tAcme\thardware\tCN\t\t\ts\ny\tACME\thardware\tUS\t\t\ts\n",
	       VS_EBADVAL,
	       "kb/vendors.tsv:3: \"ACME\" folds to \"acme\", which already names x (kb/vendors.tsv:2); give the rows types or models to tell them apart");
	expect(KB_FILE_VENDORS, VH "x\t\thardware\tCN\t\t\ts\n", VS_EBADVAL,
	       "kb/vendors.tsv:2: name is empty");
	expect(KB_FILE_VENDORS, "", VS_EBADVAL, "kb/vendors.tsv: no header line");
	expect(KB_FILE_VENDORS, "# only a comment\n\n", VS_EBADVAL, "kb/vendors.tsv: no header line");
	expect(KB_FILE_OWNERSHIP, OH "lorex\tlorex\t\t\thigh\t\ts\n", VS_EBADVAL,
	       "kb/ownership.tsv:2: lorex cannot own itself");
	expect(KB_FILE_OWNERSHIP, OH "lorex\tdahua\t2018\t2023-02-29\thigh\t\ts\n", VS_EBADVAL,
	       "kb/ownership.tsv:2: until \"2023-02-29\" is not YYYY, YYYY-MM or YYYY-MM-DD");
	expect(KB_FILE_OWNERSHIP, OH "lorex\tdahua\t2018\t2024-02-29\tsure\t\ts\n", VS_EBADVAL,
	       "kb/ownership.tsv:2: certainty \"sure\" is not high, medium or low");
	expect(KB_FILE_OWNERSHIP, OH "lorex\t\t2018\t\thigh\t\ts\n", VS_EBADVAL,
	       "kb/ownership.tsv:2: owner is empty");
	/* Scopes name asset types that exist; a name may mean two companies
	 * only when a scope tells them apart. */
	expect(KB_FILE_OEM, "brand\tproducer\tscope\tcertainty\tfrom\tuntil\tsource\ttypes\tmodels\n"
			    "lorex\tdahua\tcams\thigh\t\t\ts\tcamera\n",
	       VS_EBADVAL, "kb/oem.tsv:2: scope type \"camera\" is not a key of asset_types.tsv");
	expect(KB_FILE_OEM, "brand\tproducer\tscope\tcertainty\tfrom\tuntil\tsource\ttypes\tmodels\n"
			    "lorex\tdahua\tcams\thigh\t\t\ts\tpc,,router\n",
	       VS_EBADVAL, "kb/oem.tsv:2: empty item in scope \"pc,,router\"");
	expect(KB_FILE_OEM, "brand\tproducer\tscope\tcertainty\tfrom\tuntil\tsource\ttypes\tmodels\n"
			    "lorex\tdahua\tcams\thigh\t\t\ts\tsurveillance_camera\tLNB,LNE\n",
	       VS_OK, NULL);
	expect(KB_FILE_ALIASES, "alias\tvendor\tkind\tsource\ttypes\tmodels\n"
				"Hikvision\tdahua\tshort\ts\n",
	       VS_EBADVAL, "kb/aliases.tsv:2: \"Hikvision\" folds to \"hikvision\", which already "
			   "names hikvision (kb/vendors.tsv:3); give the rows types or models to tell "
			   "them apart");
	expect(KB_FILE_ALIASES, "alias\tvendor\tkind\tsource\ttypes\tmodels\n"
				"Hikvision\tdahua\tshort\ts\trouter\n",
	       VS_OK, NULL);
	expect(KB_FILE_ALIASES, "alias\tvendor\tkind\tsource\ttypes\tmodels\n"
				"DS-\tdahua\tmodel_prefix\ts\trouter\n",
	       VS_EBADVAL, "kb/aliases.tsv:2: a model prefix cannot have a scope of its own");
	expect(KB_FILE_ALIASES, "alias\tvendor\tkind\tsource\ttypes\tmodels\n"
				"x\thikvision\tshort\ts\trouter\tA\tB\n",
	       VS_EBADVAL, "kb/aliases.tsv:2: 7 columns, expected 4 to 6");
	/* A byte order mark before the header is no part of it. */
	expect(KB_FILE_OEM, "\xEF\xBB\xBF" "brand\tproducer\tscope\tcertainty\tfrom\tuntil\tsource\n",
	       VS_OK, NULL);
	/* Leap day in a leap year, empty certainty (= low), trailing CRLF: fine. */
	expect(KB_FILE_OWNERSHIP, OH "lorex\tdahua\t2018\t2024-02-29\t\t\ts\r\n", VS_OK, NULL);
	expect(KB_FILE_ALIASES, "alias\tvendor\tkind\tsource\n...\thikvision\tshort\ts\n", VS_EBADVAL,
	       "kb/aliases.tsv:2: \"...\" has no letters or digits to match on");
	expect(KB_FILE_ALIASES,
	       "alias\tvendor\tkind\tsource\nDS-\thikvision\tmodel_prefix\ts\nds-\tdahua\tmodel_prefix\ts\n",
	       VS_EBADVAL, "kb/aliases.tsv:3: model prefix \"ds-\" already names hikvision "
			   "(kb/aliases.tsv:2)");
	expect(KB_FILE_TYPES, "key\ten\tda\tsynonyms\npc\tPC\tPC\t\nlaptop\tLaptop\tBærbar\tpc\n",
	       VS_EBADVAL, "asset_types.tsv:3: \"pc\" folds to \"pc\", which already names type pc");
}

static void derived_names_yield_to_aliases(void **state)
{
	(void)state;
	/* "Acme (old)" would also answer to "Acme", but aliases.tsv gives
	 * "Acme" to another vendor: the row wins, and that is no error. */
	static const char vendors[] = VH "acme_old\tAcme (old)\thardware\tUS\t\t\ts\n"
					 "acme_new\tAcme Industries\thardware\tCN\t\t\ts\n";
	static const char aliases[] = "alias\tvendor\tkind\tsource\nACME\tacme_new\tshort\ts\n";
	static const char empty_own[] = OH;
	static const char empty_oem[] = "brand\tproducer\tscope\tcertainty\tfrom\tuntil\tsource\n";
	struct fx_texts fx;
	fx_load_dir(&fx, KB_GOOD);
	fx_set(&fx, KB_FILE_VENDORS, vendors, strlen(vendors));
	fx_set(&fx, KB_FILE_ALIASES, aliases, strlen(aliases));
	fx_set(&fx, KB_FILE_OWNERSHIP, empty_own, strlen(empty_own));
	fx_set(&fx, KB_FILE_OEM, empty_oem, strlen(empty_oem));
	struct kb *kb;
	struct vs_error err = {0};
	assert_int_equal(kb_load_texts(fx.t, &kb, &err), VS_OK);
	assert_string_equal(kb_match_name(kb, "Acme", NULL)->vendor->id, "acme_new");
	assert_string_equal(kb_match_name(kb, "Acme (old)", NULL)->vendor->id, "acme_old");
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(kb_check(kb, &out), 0);
	strbuf_release(&out);
	kb_free(kb);
	fx_release(&fx);
}

static void refuses_long_lines_and_bad_utf8(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "alias\tvendor\tkind\tsource\n");
	for (int i = 0; i <= VS_MAX_KB_LINE; i++)
		strbuf_addch(&sb, 'a');
	strbuf_addstr(&sb, "\thikvision\tshort\ts\n");
	expect(KB_FILE_ALIASES, strbuf_str(&sb), VS_ETOOBIG,
	       "kb/aliases.tsv:2: line longer than 8192 bytes (VS_MAX_KB_LINE)");
	strbuf_release(&sb);
	expect(KB_FILE_ALIASES, "alias\tvendor\tkind\tsource\nHik\xff\thikvision\tshort\ts\n",
	       VS_EBADVAL, "kb/aliases.tsv:2: not UTF-8 (byte 4)");
	/* An embedded NUL would make a cell that is not what it looks like. */
	const char nul[] = "alias\tvendor\tkind\tsource\nHik\0x\thikvision\tshort\ts\n";
	struct vs_error err = {0};
	assert_int_equal(load_with(KB_FILE_ALIASES, nul, sizeof(nul) - 1, &err), VS_EBADVAL);
	assert_string_equal(err.msg, "kb/aliases.tsv:2: NUL byte (byte 4)");
}

static void missing_files(void **state)
{
	(void)state;
	struct fx_texts fx;
	fx_load_dir(&fx, KB_GOOD);
	fx.t[KB_FILE_OEM].present = false;
	struct kb *kb;
	struct vs_error err = {0};
	assert_int_equal(kb_load_texts(fx.t, &kb, &err), VS_ENOTFOUND);
	assert_string_equal(err.msg, "kb/oem.tsv: missing from the data directory");
	/* Without a registry the kb loads and MACs are unknown. */
	fx.t[KB_FILE_OEM].present = true;
	fx.t[KB_FILE_REGISTRY].present = false;
	vs_error_clear(&err);
	assert_int_equal(kb_load_texts(fx.t, &kb, &err), VS_OK);
	assert_int_equal(kb_oui_count(kb), 0);
	struct kb_oui_hit hit;
	assert_int_equal(kb_lookup_mac(kb, "44:19:b6:00:00:01", &hit), KB_MAC_UNKNOWN);
	kb_free(kb);
	fx_release(&fx);
	vs_error_clear(&err);
	assert_int_equal(kb_load(VS_TEST_SRCDIR "/tests/fixtures/kb/no-such-dir", &kb, &err),
			 VS_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no-such-dir/kb/vendors.tsv"));
}

static void check_counts_problems(void **state)
{
	(void)state;
	struct kb *kb;
	struct vs_error err = {0};
	assert_int_equal(kb_load(VS_TEST_SRCDIR "/tests/fixtures/kb/check", &kb, &err), VS_OK);
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(kb_check(kb, &out), 9);
	const char *want =
		"kb/vendors.tsv:3: vendor mystery has no country and no note why\n"
		"kb/vendors.tsv:5: vendor nosource has no source\n"
		"kb/aliases.tsv:3: ieee alias \"Hikvision Digital Technology\" names no organisation "
		"in oui/registry.tsv\n"
		"kb/aliases.tsv:4: alias \"HIK\" has no source\n"
		"kb/ownership.tsv:2: ownership mystery -> hikvision: from 2020 is not before until 2019\n"
		"kb/ownership.tsv:3: ownership stateless -> hikvision has no source\n"
		"kb/ownership.tsv:3: ownership stateless -> hikvision: from 2020-05 is not before "
		"until 2020-05\n"
		"kb/oem.tsv:2: oem brand mystery lacks the oem_brand flag in kb/vendors.tsv\n"
		"kb/vendors.tsv:6: vendor rebadge is flagged oem_brand but kb/oem.tsv names no "
		"producer\n";
	assert_string_equal(strbuf_str(&out), want);
	strbuf_release(&out);
	kb_free(kb);
}

static void dates(void **state)
{
	(void)state;
	assert_true(date_valid("2020"));
	assert_true(date_valid("2020-02"));
	assert_true(date_valid("2020-02-29"));
	assert_true(date_valid("2000-02-29"));
	assert_false(date_valid("1900-02-29"));
	assert_false(date_valid("2021-02-29"));
	assert_false(date_valid("2021-04-31"));
	assert_false(date_valid("2021-00"));
	assert_false(date_valid("2021-1-01"));
	assert_false(date_valid("20210101"));
	assert_false(date_valid("999"));
	assert_false(date_valid("0999"));
	assert_false(date_valid("2021-01-01T00"));
	assert_false(date_valid(""));
	assert_false(date_valid(NULL));
}

static void data_dir_prefers_the_environment(void **state)
{
	(void)state;
	char buf[4096];
	setenv("VENDORSCOPE_DATA", "/some/where", 1);
	assert_true(kb_data_dir(buf, sizeof(buf)));
	assert_string_equal(buf, "/some/where");
	assert_false(kb_data_dir(buf, 5)); /* too small: refused, not cut */
	unsetenv("VENDORSCOPE_DATA");
	/* Beside the test binary there is no share/vendorscope; the install
	 * prefix's may or may not exist: either way the answer is a directory. */
	if (kb_data_dir(buf, sizeof(buf)))
		assert_string_equal(buf, VS_INSTALL_DATADIR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_fixture_loads_from_a_directory),
		cmocka_unit_test(bad_files_name_file_and_line),
		cmocka_unit_test(refuses_malformed_cells),
		cmocka_unit_test(derived_names_yield_to_aliases),
		cmocka_unit_test(refuses_long_lines_and_bad_utf8),
		cmocka_unit_test(missing_files),
		cmocka_unit_test(check_counts_problems),
		cmocka_unit_test(dates),
		cmocka_unit_test(data_dir_prefers_the_environment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
