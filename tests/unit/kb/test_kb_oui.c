/* MAC addresses, the IEEE CSV parser, building and using the registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kb_fixture.h"
#include "util/limits.h"
#include "util/strbuf.h"

static void parses_every_mac_form(void **state)
{
	(void)state;
	uint64_t m;
	const char *same[] = {"44:19:b6:00:00:01", "44-19-B6-00-00-01", "4419.b600.0001",
			      "4419b6000001", "4419B6000001"};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		m = 0;
		assert_true(kb_parse_mac(same[i], &m));
		assert_true(m == 0x4419b6000001ull);
	}
	const char *bad[] = {"", "44:19:b6:00:00", "44:19:b6:00:00:01:02", "44:19-b6:00:00:01",
			     "44:19:b6:00:00:0g", "4419.b600.000", "4419-b600-0001", "4419b600000",
			     "4419b60000011", "44.19.b6.00.00.01", " 44:19:b6:00:00:01",
			     "4:19:b6:00:00:01x", "44:19:b6:00:00:1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (kb_parse_mac(bad[i], &m))
			fail_msg("\"%s\" parsed", bad[i]);
	assert_false(kb_parse_mac(NULL, &m));
	char buf[18];
	kb_format_mac(0x4419b6000001ull, buf);
	assert_string_equal(buf, "44:19:b6:00:00:01");
	kb_format_mac(0xffffffffffffull, buf);
	assert_string_equal(buf, "ff:ff:ff:ff:ff:ff");
}

static void looks_up_the_longest_prefix(void **state)
{
	(void)state;
	struct kb *kb;
	struct vs_error err = {0};
	assert_int_equal(kb_load(KB_GOOD, &kb, &err), VS_OK);
	struct kb_oui_hit hit;
	assert_int_equal(kb_lookup_mac(kb, "44:19:b6:00:00:01", &hit), KB_MAC_FOUND);
	assert_string_equal(hit.org, "Hangzhou Hikvision Digital Technology Co.,Ltd.");
	assert_string_equal(hit.registry, "MA-L");
	assert_int_equal(hit.prefix_bits, 24);
	assert_non_null(hit.vendor);
	assert_string_equal(hit.vendor->id, "hikvision");
	assert_string_equal(hit.country, "CN");
	assert_true(hit.mac == 0x4419b6000001ull);
	/* The /36 inside the IEEE's own /24 wins; beside it the /24 answers. */
	assert_int_equal(kb_lookup_mac(kb, "70:b3:d5:f2:f1:23", &hit), KB_MAC_FOUND);
	assert_string_equal(hit.org, "TELEPLATFORMS");
	assert_int_equal(hit.prefix_bits, 36);
	assert_string_equal(hit.registry, "MA-S");
	assert_null(hit.vendor); /* no ieee alias names it */
	assert_string_equal(hit.country, "RU"); /* the MA-S block's own address */
	assert_int_equal(kb_lookup_mac(kb, "70:b3:d5:f3:00:00", &hit), KB_MAC_FOUND);
	assert_string_equal(hit.org, "IEEE Registration Authority");
	assert_int_equal(hit.prefix_bits, 24);
	/* And a /28 in another. */
	assert_int_equal(kb_lookup_mac(kb, "00:55:da:1f:ff:ff", &hit), KB_MAC_FOUND);
	assert_string_equal(hit.org, "KoolPOS Inc.");
	assert_int_equal(hit.prefix_bits, 28);
	assert_null(hit.country); /* the fixture's row has none */
	assert_int_equal(kb_lookup_mac(kb, "00:55:da:20:00:00", &hit), KB_MAC_FOUND);
	assert_int_equal(hit.prefix_bits, 24);
	/* The ieee alias folds to the registry's upper-case name. */
	assert_int_equal(kb_lookup_mac(kb, "00e0.4c12.3456", &hit), KB_MAC_FOUND);
	assert_string_equal(hit.vendor->id, "realtek");
	assert_true(hit.vendor->flags & KB_FLAG_CHIP);
	/* Neither a registry address nor a device's. */
	assert_int_equal(kb_lookup_mac(kb, "46:19:b6:00:00:01", &hit), KB_MAC_RANDOMIZED);
	assert_int_equal(kb_lookup_mac(kb, "da:a1:19:00:00:01", &hit), KB_MAC_RANDOMIZED);
	assert_int_equal(kb_lookup_mac(kb, "01:00:5e:00:00:fb", &hit), KB_MAC_MULTICAST);
	assert_int_equal(kb_lookup_mac(kb, "ff:ff:ff:ff:ff:ff", &hit), KB_MAC_MULTICAST);
	assert_int_equal(kb_lookup_mac(kb, "33:33:00:00:00:01", &hit), KB_MAC_MULTICAST);
	assert_true(hit.mac == 0x333300000001ull);
	assert_null(hit.org);
	assert_null(hit.country);
	assert_int_equal(kb_lookup_mac(kb, "00:00:00:00:00:01", &hit), KB_MAC_UNKNOWN);
	assert_int_equal(kb_lookup_mac(kb, "not a mac", &hit), KB_MAC_INVALID);
	kb_free(kb);
}

struct collected {
	struct strbuf text;
	size_t n, stop_after;
};

static bool collect(const char *registry, uint64_t prefix, unsigned bits, const char *org,
		    size_t org_len, const char *country, void *ctx)
{
	struct collected *c = ctx;
	strbuf_addf(&c->text, "%s %llx/%u [%.*s] %s\n", registry, (unsigned long long)prefix, bits,
		    (int)org_len, org, country ? country : "-");
	return ++c->n != c->stop_after;
}

#define HDR "Registry,Assignment,Organization Name,Organization Address\r\n"

static enum vs_err parse(const char *csv, struct collected *c, struct vs_error *err)
{
	strbuf_init(&c->text);
	c->n = 0;
	return kb_oui_parse_csv("t.csv", (const uint8_t *)csv, strlen(csv), collect, c, err);
}

static void parses_ieee_csv(void **state)
{
	(void)state;
	struct collected c = {0};
	struct vs_error err = {0};
	const char *csv =
		"\xEF\xBB\xBF" HDR
		"MA-L,4419B6,\"Hangzhou Hikvision Digital Technology Co.,Ltd.\",\"No.469,Jianghui "
		"Road Hangzhou Zhejiang CN 310052 \"\r\n"
		"MA-L,001EFC,\"JSC \"\"MASSA-K\"\"\",\"15, A, Pirogovskaya nab.\"\r\n"
		"MA-M,0055DA1,KoolPOS Inc.,\"2nd floor\nShenzhen CN\"\n"
		"\r\n"
		"MA-S,70b3d5f2f,  TELEPLATFORMS ,\"Polbina st., 3/1 Moscow  RU 109388 \"\r\n"
		"IAB,0050C27D5,DEUTA-WERKE GmbH,Paffrather Strasse 140 \r\n"
		"MA-L,98BA39,Doro AB,Jörgen Kocksgatan 1B Malmö\n"
		"MA-M,B0C5CAF,Private,";
	assert_int_equal(parse(csv, &c, &err), VS_OK);
	assert_string_equal(strbuf_str(&c.text),
			    "MA-L 4419b6/24 [Hangzhou Hikvision Digital Technology Co.,Ltd.] CN\n"
			    "MA-L 1efc/24 [JSC \"MASSA-K\"] -\n"
			    "MA-M 55da1/28 [KoolPOS Inc.] CN\n"
			    "MA-S 70b3d5f2f/36 [TELEPLATFORMS] RU\n"
			    "IAB 50c27d5/36 [DEUTA-WERKE GmbH] -\n"
			    "MA-L 98ba39/24 [Doro AB] -\n"
			    "MA-M b0c5caf/28 [Private] -\n");
	strbuf_release(&c.text);
}

/* Address shapes as the IEEE CSVs (ieee-data 20220827) write them. */
static void finds_the_registrants_country(void **state)
{
	(void)state;
	static const struct {
		const char *addr, *cc; /* cc "" = none */
	} cases[] = {
		{"No.469,Jianghui Road Hangzhou Zhejiang CN 310052 ", "CN"},
		{"2181 Buchanan Loop Ferndale WA US 98248 ", "US"},
		{"1 Allen-Bradley Dr. Mayfield Heights OH US 44124-6118 ", "US"},
		{"Polbina st., 3/1 Moscow  RU 109388 ", "RU"},            /* no state */
		{"600 March Road Kanata Ontario CA K2K 2E6", "CA"},       /* two-word postcode */
		{"Saltmakers House Southampton Hampshire GB SO31 4NB ", "GB"},
		{"High Tech Campus 5 Eindhoven  NL 5656 AE ", "NL"},      /* AE is not the country */
		{"Paffrather Strasse 140 Bergisch-Gladbach NRW DE 51465 ", "DE"},
		{"3-21-8,kisonishi machida-city tokyo JP 1940037", "JP"},
		{"1F, NO. 11, INDUSTRY E. RD. IX HSINCHU 300  TW  ", "TW"}, /* no postcode */
		{"Road Town tortola  VG VG1110", "VG"},
		{"Am Windrad 2 Heinsdorfergrund  Sachsen DE D-08468", "DE"},
		{"Room 702 Kowloon Building 555 Nathan Road Kowloon  HK NA ", "HK"}, /* NA: none */
		{"2455 Augustine Drive Santa Clara California  95054 ", ""},
		{"2744 Yorkmont Road Charlotte NC  28208 ", ""},          /* a state, no country */
		{"Wilmington DE US 19801", "US"},                          /* DE is the state */
		{"3COM CENTRE vvvvv UNITED GB KINGDOM ", ""},
		{"Times House UK CB4 GB 5LH ", "GB"},
		{"", ""},
		{"   ", ""},
		{"CN", "CN"},
		{"cn 310052", ""},                                         /* lower case: not a code */
		{"Bodakdev Ahmedabad Gujarat IN 380056", "IN"},
		{"somewhere XX 12345", ""},                                /* not ISO 3166 */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char cc[3] = "zz";
		bool got = kb_oui_address_country(cases[i].addr, strlen(cases[i].addr), cc);
		if (got != (cases[i].cc[0] != '\0') || strcmp(cc, cases[i].cc) != 0)
			fail_msg("\"%s\": got %d \"%s\", want \"%s\"", cases[i].addr, got, cc,
				 cases[i].cc);
	}
	char cc[3];
	assert_false(kb_oui_address_country(NULL, 0, cc));
	assert_string_equal(cc, "");
	/* Only the given length is read. */
	assert_true(kb_oui_address_country("Hangzhou CN 310052 US", 18, cc));
	assert_string_equal(cc, "CN");
}

static void csv_error(const char *csv, enum vs_err want, const char *msg)
{
	struct collected c = {0};
	struct vs_error err = {0};
	assert_int_equal(parse(csv, &c, &err), want);
	if (strcmp(err.msg, msg) != 0)
		fail_msg("got \"%s\", want \"%s\"", err.msg, msg);
	strbuf_release(&c.text);
}

static void refuses_malformed_csv(void **state)
{
	(void)state;
	csv_error("", VS_EBADVAL, "t.csv: empty, no header");
	csv_error("Registry,Assignment,Organization\r\n", VS_EBADVAL,
		  "t.csv:1: 3 fields, expected 4");
	csv_error("Registry,Assignment,Org Name,Organization Address\r\n", VS_EBADVAL,
		  "t.csv:1: header is not \"Registry,Assignment,Organization Name,Organization Address\"");
	csv_error(HDR "MA-L,4419B6,Hik,addr\r\nMA-X,4419B6,Hik,addr\r\n", VS_EBADVAL,
		  "t.csv:3: registry \"MA-X\" is not MA-L, MA-M, MA-S or IAB");
	csv_error(HDR "MA-L,4419B,Hik,addr\r\n", VS_EBADVAL,
		  "t.csv:2: assignment \"4419B\" is not 6 hex digits (MA-L)");
	csv_error(HDR "MA-S,4419B6000,Hik,addr\r\nMA-M,4419B6Z,Hik,addr\r\n", VS_EBADVAL,
		  "t.csv:3: assignment \"4419B6Z\" is not 7 hex digits (MA-M)");
	/* Line numbers count the lines inside quoted fields. */
	csv_error(HDR "MA-L,4419B6,Hik,\"a\nb\nc\"\r\nMA-L,4419B6,\"Hik\"x,addr\r\n", VS_EBADVAL,
		  "t.csv:5: text after a closing quote");
	csv_error(HDR "MA-L,4419B6,\"Hik,addr\r\n", VS_ETRUNC, "t.csv:2: quoted field not closed");
	csv_error(HDR "MA-L,4419B6,Hik,addr,extra\r\n", VS_EBADVAL, "t.csv:2: more than 4 fields");
	csv_error(HDR "MA-L,4419B6,Hik\r\n", VS_EBADVAL, "t.csv:2: 3 fields, expected 4");
	csv_error(HDR "MA-L,4419B6,  ,addr\r\n", VS_EBADVAL, "t.csv:2: organization name is empty");
	csv_error(HDR "MA-L,4419B6,Hik\xc3,addr\r\n", VS_EBADVAL,
		  "t.csv:2: organization name is not UTF-8 (byte 4)");
	/* A field over VS_MAX_CSV_FIELD is refused, not cut. */
	struct strbuf big = STRBUF_INIT;
	strbuf_addstr(&big, HDR "MA-L,4419B6,\"");
	for (int i = 0; i <= VS_MAX_CSV_FIELD; i++)
		strbuf_addch(&big, 'x');
	strbuf_addstr(&big, "\",addr\r\n");
	csv_error(strbuf_str(&big), VS_ETOOBIG, "t.csv:2: field longer than 65536 bytes (VS_MAX_CSV_FIELD)");
	strbuf_release(&big);
	/* The caller may stop the parse. */
	struct collected c = {.stop_after = 1};
	struct vs_error err = {0};
	strbuf_init(&c.text);
	const char *two = HDR "MA-L,4419B6,Hik,a\r\nMA-L,4419B7,Hik,a\r\n";
	assert_int_equal(kb_oui_parse_csv("t.csv", (const uint8_t *)two, strlen(two), collect, &c, &err),
			 VS_EUSAGE);
	assert_string_equal(err.msg, "t.csv:2: stopped by the caller");
	strbuf_release(&c.text);
}

/* A scratch directory under the build tree, removed by the test. */
static void scratch(char *dir, size_t len)
{
	snprintf(dir, len, "/tmp/vs-kb-test-XXXXXX");
	assert_non_null(mkdtemp(dir));
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static size_t count_dir(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void builds_the_registry_atomically(void **state)
{
	(void)state;
	char dir[64], l[128], s[128], out[128], odir[128];
	scratch(dir, sizeof(dir));
	snprintf(l, sizeof(l), "%s/oui.csv", dir);
	snprintf(s, sizeof(s), "%s/oui36.csv", dir);
	snprintf(odir, sizeof(odir), "%s/oui", dir);
	snprintf(out, sizeof(out), "%s/oui/registry.tsv", dir);
	write_file(l, HDR "MA-L,70B3D5,IEEE Registration Authority,445 Hoes Lane Piscataway NJ US 08554 \r\n"
			  "MA-L,4419B6,\"Hangzhou Hikvision\tDigital Technology Co.,Ltd.\",\"x\"\r\n"
			  "MA-L,4419B6,Hikvision again,addr\r\n");
	write_file(s, HDR "MA-S,70B3D5F2F,TELEPLATFORMS,\"Polbina st., 3/1 Moscow  RU 109388 \"\r\n"
			  "MA-S,70B3D5001,A,b\r\n");
	const char *paths[] = {l, s};
	size_t n = 0;
	struct vs_error err = {0};
	assert_int_equal(kb_oui_build(paths, 2, out, &n, &err), VS_OK);
	assert_int_equal(n, 4); /* the repeated block kept once, first reading */
	size_t len;
	char *text = (char *)fx_read(out, &len);
	assert_non_null(text);
	const char *body = strstr(text, "assignment\t");
	assert_non_null(body);
	assert_string_equal(body, "assignment\tregistry\torganization\tcountry\n"
				  "4419B6\tMA-L\tHangzhou Hikvision Digital Technology Co.,Ltd.\t\n"
				  "70B3D5\tMA-L\tIEEE Registration Authority\tUS\n"
				  "70B3D5001\tMA-S\tA\t\n"
				  "70B3D5F2F\tMA-S\tTELEPLATFORMS\tRU\n");
	free(text);
	struct stat sb;
	assert_int_equal(stat(out, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);

	/* A bad line anywhere: nothing written, the old file stays, no temp left. */
	write_file(s, HDR "MA-S,70B3D5F2F,TELEPLATFORMS,addr\r\nMA-S,70B3D5,short,b\r\n");
	vs_error_clear(&err);
	assert_int_equal(kb_oui_build(paths, 2, out, &n, &err), VS_EBADVAL);
	assert_non_null(strstr(err.msg, "oui36.csv:3: assignment \"70B3D5\" is not 9 hex digits"));
	assert_int_equal(n, 0);
	text = (char *)fx_read(out, &len);
	assert_non_null(strstr(text, "70B3D5001"));
	free(text);
	assert_int_equal(count_dir(odir), 1);

	/* A missing input is "no input"; no input at all is a usage error. */
	const char *missing[] = {l, "/nonexistent/oui.csv"};
	vs_error_clear(&err);
	assert_int_equal(kb_oui_build(missing, 2, out, &n, &err), VS_ENOTFOUND);
	vs_error_clear(&err);
	assert_int_equal(kb_oui_build(paths, 0, out, &n, &err), VS_EUSAGE);
	/* An output directory that cannot exist. */
	vs_error_clear(&err);
	assert_int_equal(kb_oui_build(paths, 1, "/nonexistent/dir/oui/registry.tsv", &n, &err),
			 VS_ENOTFOUND);

	/* The built file loads as the registry. */
	struct fx_texts fx;
	fx_load_dir(&fx, KB_GOOD);
	uint8_t *reg = fx_read(out, &len);
	fx_set(&fx, KB_FILE_REGISTRY, reg, len);
	struct kb *kb;
	vs_error_clear(&err);
	assert_int_equal(kb_load_texts(fx.t, &kb, &err), VS_OK);
	assert_int_equal(kb_oui_count(kb), 4);
	struct kb_oui_hit hit;
	assert_int_equal(kb_lookup_mac(kb, "44:19:b6:00:00:01", &hit), KB_MAC_FOUND);
	assert_string_equal(hit.vendor->id, "hikvision");
	assert_null(hit.country); /* its address "x" names none */
	assert_int_equal(kb_lookup_mac(kb, "70:b3:d5:f2:f0:00", &hit), KB_MAC_FOUND);
	assert_string_equal(hit.country, "RU");
	kb_free(kb);
	free(reg);
	fx_release(&fx);

	unlink(out);
	rmdir(odir);
	unlink(l);
	unlink(s);
	assert_int_equal(rmdir(dir), 0);
}

static void refuses_a_bad_registry_file(void **state)
{
	(void)state;
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{"assignment\tregistry\torganization\tcountry\n4419B6\tMA-L\tA\t\n0055DA\tMA-L\tB\t\n",
		 "oui/registry.tsv:3: blocks out of order or repeated (regenerate with 'vendorscope kb update')"},
		{"assignment\tregistry\torganization\tcountry\n4419B6\tMA-S\tA\t\n",
		 "oui/registry.tsv:2: not a registry block (assignment of 6, 7 or 9 hex digits for MA-L, MA-M, MA-S/IAB)"},
		{"assignment\tregistry\torganization\tcountry\n4419B6\tMA-L\t\tCN\n",
		 "oui/registry.tsv:2: organization is empty"},
		{"prefix\tbits\torg\n", "oui/registry.tsv:1: header is not "
		 "\"assignment\\tregistry\\torganization\\tcountry\""},
		/* A registry from before the country column: regenerate it. */
		{"assignment\tregistry\torganization\n", "oui/registry.tsv:1: header is not "
		 "\"assignment\\tregistry\\torganization\\tcountry\""},
		{"assignment\tregistry\torganization\tcountry\n4419B6\tMA-L\tA\tcn\n",
		 "oui/registry.tsv:2: country is not empty or two capital letters (ISO 3166-1 alpha-2)"},
		{"assignment\tregistry\torganization\tcountry\n4419B6\tMA-L\tA\tCHN\n",
		 "oui/registry.tsv:2: country is not empty or two capital letters (ISO 3166-1 alpha-2)"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx_texts fx;
		fx_load_dir(&fx, KB_GOOD);
		fx_set(&fx, KB_FILE_REGISTRY, cases[i].text, strlen(cases[i].text));
		struct kb *kb;
		struct vs_error err = {0};
		assert_int_equal(kb_load_texts(fx.t, &kb, &err), VS_EBADVAL);
		if (strcmp(err.msg, cases[i].msg) != 0)
			fail_msg("got \"%s\", want \"%s\"", err.msg, cases[i].msg);
		fx_release(&fx);
	}
}

static void describes_macs_and_names(void **state)
{
	(void)state;
	struct kb *kb;
	struct vs_error err = {0};
	assert_int_equal(kb_load(KB_GOOD, &kb, &err), VS_OK);
	struct strbuf out = STRBUF_INIT;
	assert_true(kb_describe(kb, "4419.b600.0001", NULL, &out));
	assert_non_null(strstr(strbuf_str(&out), "IEEE block:  MA-L 4419B6/24, Hangzhou Hikvision"));
	assert_non_null(strstr(strbuf_str(&out), "registrant's address: CN; an address is not an owner\n"));
	assert_non_null(strstr(strbuf_str(&out), "vendor:      Hikvision (hikvision)"));
	assert_non_null(strstr(strbuf_str(&out), "China Electronics Technology Group (cetc)"));
	strbuf_reset(&out);
	assert_true(kb_describe(kb, "Lorex", "2020", &out));
	assert_non_null(strstr(strbuf_str(&out), "owners as of 2020:\n  1. Dahua Technology (dahua)"));
	assert_non_null(strstr(strbuf_str(&out), "devices made by (as of 2020): Dahua Technology"));
	strbuf_reset(&out);
	assert_true(kb_describe(kb, "Lorex", "2024", &out));
	assert_non_null(strstr(strbuf_str(&out), "owners as of 2024: none known"));
	strbuf_reset(&out);
	assert_true(kb_describe(kb, "DS-2CD2143G2-I", NULL, &out));
	assert_non_null(strstr(strbuf_str(&out), "model prefix of hikvision"));
	strbuf_reset(&out);
	assert_true(kb_describe(kb, "motorola_solutions", NULL, &out));
	strbuf_reset(&out);
	assert_false(kb_describe(kb, "Nobody\x1b[31m", NULL, &out));
	assert_string_equal(strbuf_str(&out), "not known: Nobody\\x1b[31m (no vendor, alias, model "
					      "prefix or MAC; unknown is not \"not Chinese\")\n");
	strbuf_reset(&out);
	assert_false(kb_describe(kb, "02:00:00:00:00:01", NULL, &out));
	assert_non_null(strstr(strbuf_str(&out), "locally administered"));
	strbuf_reset(&out);
	assert_false(kb_describe(kb, "01:00:5e:00:00:01", NULL, &out));
	assert_non_null(strstr(strbuf_str(&out), "multicast"));
	strbuf_reset(&out);
	assert_false(kb_describe(kb, "00:00:00:00:00:01", NULL, &out));
	assert_non_null(strstr(strbuf_str(&out), "no IEEE block holds it (8 blocks loaded)"));
	strbuf_reset(&out);
	assert_false(kb_describe(kb, "Lorex", "2020-02-30", &out));
	assert_false(kb_describe(kb, "", NULL, &out));
	strbuf_release(&out);
	kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_every_mac_form),
		cmocka_unit_test(looks_up_the_longest_prefix),
		cmocka_unit_test(parses_ieee_csv),
		cmocka_unit_test(finds_the_registrants_country),
		cmocka_unit_test(refuses_malformed_csv),
		cmocka_unit_test(builds_the_registry_atomically),
		cmocka_unit_test(refuses_a_bad_registry_file),
		cmocka_unit_test(describes_macs_and_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
