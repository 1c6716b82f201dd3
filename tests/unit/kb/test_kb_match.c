/* kb lookups on the fixture data: names, models, types, owners, OEM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kb_fixture.h"
#include "util/limits.h"

static int setup(void **state)
{
	struct kb *kb;
	struct vs_error err = {0};
	if (kb_load(KB_GOOD, &kb, &err) != VS_OK) {
		fprintf(stderr, "load: %s\n", err.msg);
		return -1;
	}
	*state = kb;
	return 0;
}

static int teardown(void **state)
{
	kb_free(*state);
	return 0;
}

/* The vendor id text matches, or NULL when want is NULL. */
static void name_is(const struct kb *kb, const char *text, const char *want, bool want_exact)
{
	bool exact = !want_exact;
	const struct kb_alias *a = kb_match_name(kb, text, &exact);
	if (!want) {
		assert_null(a);
		assert_false(exact);
		return;
	}
	if (!a)
		fail_msg("\"%s\" matched nothing, want %s", text, want);
	assert_string_equal(a->vendor->id, want);
	assert_int_equal(exact, want_exact);
}

static void loads_every_file(void **state)
{
	const struct kb *kb = *state;
	assert_int_equal(kb_vendor_count(kb), 12);
	/* 14 alias rows, one per vendor display name, and "LTS" from
	 * "LTS (LT Security)". */
	assert_int_equal(kb_alias_count(kb), 14 + 12 + 1);
	assert_int_equal(kb_edge_count(kb, true), 4);
	assert_int_equal(kb_edge_count(kb, false), 4);
	assert_int_equal(kb_type_count(kb), 3);
	assert_int_equal(kb_oui_count(kb), 8);
	const struct kb_vendor *v = kb_vendor_by_id(kb, "hikvision");
	assert_non_null(v);
	assert_string_equal(v->name, "Hikvision");
	assert_string_equal(v->country, "CN");
	assert_int_equal(v->kind, KB_KIND_HARDWARE);
	assert_int_equal(v->flags, KB_FLAG_LISTED_FCC | KB_FLAG_LISTED_NDAA889);
	assert_null(v->note);
	assert_string_equal(v->file, "kb/vendors.tsv:3");
	assert_ptr_equal(kb_vendor_at(kb, 0), v);
	assert_null(kb_vendor_at(kb, 12));
	assert_null(kb_vendor_by_id(kb, "Hikvision")); /* ids are exact */
	v = kb_vendor_by_id(kb, "motorola_mobility");
	/* The blank line before it still counts as a line. */
	assert_string_equal(v->file, "kb/vendors.tsv:9");
	assert_string_equal(v->note, "not Motorola Solutions");
	assert_int_equal(kb_vendor_by_id(kb, "cetc")->flags, KB_FLAG_STATE_OWNED);
	assert_int_equal(kb_vendor_by_id(kb, "cetc")->kind, KB_KIND_BOTH);
}

static void matches_whole_names_after_folding(void **state)
{
	const struct kb *kb = *state;
	name_is(kb, "HIKVISION", "hikvision", true);
	name_is(kb, "hikvision", "hikvision", true);
	name_is(kb, "  Hangzhou  HIKVISION Digital-Technology Co., Ltd ", "hikvision", true);
	name_is(kb, "ThinkPad", "lenovo", true);
	name_is(kb, "Motorola Solutions", "motorola_solutions", true);
	name_is(kb, "Motorola Mobility", "motorola_mobility", true);
	name_is(kb, "海康威视", "hikvision", true);
	/* A display name's parenthesis is a clarification: both forms match. */
	name_is(kb, "LTS (LT Security)", "lts", true);
	name_is(kb, "LTS", "lts", true);
	name_is(kb, "lts cmip3042", "lts", false);
	name_is(kb, "", NULL, false);
	name_is(kb, " ,.- ", NULL, false);
	assert_null(kb_match_name(kb, NULL, NULL));
	/* "HIKVISION" in aliases.tsv answers rather than the display name. */
	const struct kb_alias *a = kb_match_name(kb, "Hikvision", NULL);
	assert_string_equal(a->alias, "HIKVISION");
	assert_string_equal(a->file, "kb/aliases.tsv:4");
	assert_string_equal(kb_match_name(kb, "Lorex", NULL)->file, "kb/vendors.tsv:11");
	a = kb_match_name(kb, "THINKPAD", NULL);
	assert_int_equal(a->kind, KB_ALIAS_PRODUCT);
	assert_string_equal(a->alias, "ThinkPad");
	assert_string_equal(a->source, "lenovo.com");
	assert_string_equal(a->file, "kb/aliases.tsv:10");
}

static void matches_the_longest_whole_word_prefix(void **state)
{
	const struct kb *kb = *state;
	name_is(kb, "Hikvision DS-2CD2143G2-I", "hikvision", false);
	name_is(kb, "海康威视 DS-2CD2143G2-I", "hikvision", false);
	name_is(kb, "ThinkPad T14 Gen 3", "lenovo", false);
	/* "Motorola Solutions" is longer than any "Motorola …" prefix of the
	 * other company, and the two never meet. */
	name_is(kb, "Motorola Solutions APX 8000", "motorola_solutions", false);
	name_is(kb, "Motorola Mobility moto g", "motorola_mobility", false);
	name_is(kb, "Motorola", NULL, false);
	/* Whole words only: "Hikvisionary" is not Hikvision. */
	name_is(kb, "Hikvisionary Inc", NULL, false);
	name_is(kb, "Lenovo-Thinkpad", "lenovo", false);
	/* Chinese has no spaces: a boundary between two ideographs counts. */
	name_is(kb, "海康威视网络摄像机", "hikvision", false);
	name_is(kb, "海康威", NULL, false);
	/* Not inside a Latin word, nor between Latin and CJK. */
	name_is(kb, "海康威视x", NULL, false);
	name_is(kb, "\xe6\xb5\xb7\xe5", NULL, false); /* a cut UTF-8 sequence */
}

static void matches_without_legal_suffixes(void **state)
{
	const struct kb *kb = *state;
	/* Alias written "Zhejiang Dahua Technology Co., Ltd.", export says Inc. */
	name_is(kb, "Zhejiang Dahua Technology Inc.", "dahua", false);
	name_is(kb, "Zhejiang Dahua Technology", "dahua", false);
	name_is(kb, "ZHEJIANG DAHUA TECHNOLOGY CO LIMITED", "dahua", false);
	name_is(kb, "Axis Communications A/S", "axis", false);
	name_is(kb, "Realtek Semiconductor Corporation", "realtek", false);
	/* Chinese legal forms follow the name without a space. */
	name_is(kb, "浙江大华技术有限公司", "dahua", false);
	name_is(kb, "浙江大华技术", "dahua", false);
	name_is(kb, "浙江大华技术 有限公司", "dahua", false);
	name_is(kb, "有限公司", NULL, false);
	/* A suffix alone is no name. */
	name_is(kb, "Co., Ltd.", NULL, false);
}

static void matches_model_prefixes_longest_first(void **state)
{
	const struct kb *kb = *state;
	const struct kb_alias *a = kb_match_model(kb, "DS-2CD2143G2-I");
	assert_non_null(a);
	assert_string_equal(a->vendor->id, "hikvision");
	assert_string_equal(a->alias, "DS-2CD");
	assert_string_equal(kb_match_model(kb, "ds-2cd2143")->alias, "DS-2CD");
	/* DS-7 is longer than DS- and names another vendor. */
	assert_string_equal(kb_match_model(kb, "DS-7608NI-K2")->vendor->id, "ezviz");
	assert_string_equal(kb_match_model(kb, "DS-9")->alias, "DS-");
	assert_null(kb_match_model(kb, "DS"));
	assert_null(kb_match_model(kb, "IPC-HFW2431"));
	assert_null(kb_match_model(kb, ""));
	/* Model prefixes are not names. */
	assert_null(kb_match_name(kb, "DS-2CD", NULL));
}

static void matches_asset_types_by_any_word(void **state)
{
	const struct kb *kb = *state;
	assert_string_equal(kb_type_match(kb, "CCTV")->key, "surveillance_camera");
	assert_string_equal(kb_type_match(kb, "OVERVÅGNINGSKAMERA")->key, "surveillance_camera");
	assert_string_equal(kb_type_match(kb, "surveillance_camera")->key, "surveillance_camera");
	assert_string_equal(kb_type_match(kb, "ip-camera")->key, "surveillance_camera");
	assert_string_equal(kb_type_match(kb, "Bærbar")->key, "pc");
	assert_string_equal(kb_type_match(kb, "router")->key, "router");
	assert_null(kb_type_match(kb, "drone"));
	const struct kb_type *t = kb_type_by_key(kb, "pc");
	assert_non_null(t);
	assert_int_equal(t->order, 1);
	assert_string_equal(t->da, "PC");
	assert_null(kb_type_by_key(kb, "PC")); /* keys are exact */
	assert_ptr_equal(kb_type_at(kb, 0), kb_type_by_key(kb, "surveillance_camera"));
	assert_null(kb_type_at(kb, 3));
}

static size_t chain(const struct kb *kb, const char *id, const char *date, const char **ids)
{
	const struct kb_edge *c[VS_MAX_OWNER_DEPTH];
	size_t n = kb_owner_chain(kb, id, date, c, VS_MAX_OWNER_DEPTH);
	for (size_t i = 0; i < n; i++)
		ids[i] = c[i]->owner->id;
	return n;
}

static void follows_owners_valid_at_the_date(void **state)
{
	const struct kb *kb = *state;
	const char *ids[VS_MAX_OWNER_DEPTH];
	/* lorex: dahua from 2018 until 2023 (exclusive). */
	assert_int_equal(chain(kb, "lorex", "2020", ids), 1);
	assert_string_equal(ids[0], "dahua");
	assert_int_equal(chain(kb, "lorex", "2020-06-15", ids), 1);
	assert_int_equal(chain(kb, "lorex", "2018", ids), 1);
	assert_int_equal(chain(kb, "lorex", "2022-12-31", ids), 1);
	assert_int_equal(chain(kb, "lorex", "2017-12-31", ids), 0);
	assert_int_equal(chain(kb, "lorex", "2023", ids), 0);
	assert_int_equal(chain(kb, "lorex", "2024", ids), 0);
	assert_int_equal(chain(kb, "lorex", NULL, ids), 0); /* closed: not today */
	/* Two hops, nearest first. */
	assert_int_equal(chain(kb, "ezviz", NULL, ids), 2);
	assert_string_equal(ids[0], "hikvision");
	assert_string_equal(ids[1], "cetc");
	assert_int_equal(chain(kb, "ezviz", "2012", ids), 0);
	/* A partial from compares as its first day: 2014-10-30 is after 2014. */
	assert_int_equal(chain(kb, "motorola_mobility", "2014", ids), 0);
	assert_int_equal(chain(kb, "motorola_mobility", "2014-10-30", ids), 1);
	assert_string_equal(ids[0], "lenovo");
	assert_int_equal(chain(kb, "motorola_solutions", NULL, ids), 0);
	/* max bounds the answer. */
	const struct kb_edge *c[1];
	assert_int_equal(kb_owner_chain(kb, "ezviz", NULL, c, 1), 1);
	assert_string_equal(c[0]->file, "kb/ownership.tsv:3");
	assert_string_equal(c[0]->from, "2013");
	assert_null(c[0]->until);
	assert_int_equal(c[0]->certainty, KB_CERT_HIGH);
	/* Unknown vendor or malformed date: nothing. */
	assert_int_equal(chain(kb, "nobody", NULL, ids), 0);
	assert_int_equal(chain(kb, "lorex", "2020-13", ids), 0);
}

static void names_the_controller_at_a_date(void **state)
{
	const struct kb *kb = *state;
	assert_string_equal(kb_controller(kb, "ezviz", NULL)->id, "cetc");
	assert_string_equal(kb_controller(kb, "lorex", "2020")->id, "dahua");
	assert_string_equal(kb_controller(kb, "lorex", "2024")->id, "lorex");
	assert_string_equal(kb_controller(kb, "motorola_mobility", "2015")->country, "CN");
	assert_string_equal(kb_controller(kb, "motorola_mobility", "2013")->country, "US");
	assert_null(kb_controller(kb, "nobody", NULL));
	assert_null(kb_controller(kb, "lorex", "2020-02-30"));
}

static void names_the_most_certain_oem_producer(void **state)
{
	const struct kb *kb = *state;
	const struct kb_edge *e = kb_oem_producer(kb, "amcrest", NULL);
	assert_non_null(e);
	assert_string_equal(e->owner->id, "dahua");
	assert_string_equal(e->scope, "IP cameras and NVRs");
	/* lorex: hikvision (low, undated) and dahua (medium, from 2015). */
	assert_string_equal(kb_oem_producer(kb, "lorex", "2020")->owner->id, "dahua");
	assert_string_equal(kb_oem_producer(kb, "lorex", "2014")->owner->id, "hikvision");
	assert_null(kb_oem_producer(kb, "hikvision", NULL));
	assert_null(kb_oem_producer(kb, "nobody", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_every_file),
		cmocka_unit_test(matches_whole_names_after_folding),
		cmocka_unit_test(matches_the_longest_whole_word_prefix),
		cmocka_unit_test(matches_without_legal_suffixes),
		cmocka_unit_test(matches_model_prefixes_longest_first),
		cmocka_unit_test(matches_asset_types_by_any_word),
		cmocka_unit_test(follows_owners_valid_at_the_date),
		cmocka_unit_test(names_the_controller_at_a_date),
		cmocka_unit_test(names_the_most_certain_oem_producer),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
