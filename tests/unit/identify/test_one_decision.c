/*
 * One decision, stated once: the same facts give the same verdict whichever
 * entry point they come through. For every name, model prefix and OEM
 * relation in the shipped knowledge base, an inventory row (identify_record)
 * and a device heard on the wire carrying the same name (identify_sighting)
 * and the two fused (identify_subject) must agree on maker, brand and
 * "Chinese". Then the regressions of the "One register" issue: scoped OEM
 * edges and names by type, model and date.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "identify/device.h"
#include "identify/identify.h"
#include "report/assets.h"

#include "shipped_kb.h"

struct facts {
	const char *maker, *model, *type_key, *acquired;
};

struct verdict {
	char vendor[64], brand[128];
	enum tri chinese;
};

static void keep(const struct asset *a, struct verdict *v)
{
	snprintf(v->vendor, sizeof(v->vendor), "%s", a->vendor ? a->vendor : "-");
	snprintf(v->brand, sizeof(v->brand), "%s", a->brand ? a->brand : "-");
	v->chinese = a->chinese;
}

static const char *type_word(const char *key)
{
	const struct kb_type *t = key ? kb_type_by_key(kb, key) : NULL;
	return t ? t->en : NULL;
}

static void by_record(const struct facts *f, struct verdict *v)
{
	struct record r;
	record_init(&r);
	assert_true(record_set(&r, RF_MAKER, f->maker) && record_set(&r, RF_MODEL, f->model) &&
		    record_set(&r, RF_TYPE, type_word(f->type_key)) &&
		    record_set(&r, RF_ACQUIRED, f->acquired));
	struct asset a;
	asset_init(&a);
	struct vs_error err = {0};
	assert_int_equal(identify_record(kb, pol, &r, "2025-06-01", &a, &err), VS_OK);
	keep(&a, v);
	asset_release(&a);
	record_release(&r);
}

/* The name in a DHCP vendor class, the model in WS-Discovery, the type as
 * a register would state it. */
static void fill_sighting(struct sighting *s, const struct facts *f)
{
	sighting_init(s);
	if (f->maker)
		assert_true(sighting_observe(s, "dhcp", "vendor_class", f->maker, strlen(f->maker),
					     0.8, 0));
	if (f->model)
		assert_true(sighting_observe(s, "wsd", "model", f->model, strlen(f->model), 0.9, 0));
	const char *tw = type_word(f->type_key);
	if (tw)
		assert_true(sighting_observe(s, "csv", "type", tw, strlen(tw), 1.0, 0));
}

static void by_device(const struct facts *f, struct verdict *v)
{
	struct sighting s;
	fill_sighting(&s, f);
	struct asset a;
	asset_init(&a);
	struct vs_error err = {0};
	const char *date = f->acquired ? f->acquired : "2025-06-01";
	assert_int_equal(identify_sighting(kb, pol, &s, date, "test", NULL, &a, &err), VS_OK);
	keep(&a, v);
	asset_release(&a);
	sighting_release(&s);
}

/* A register row with the type only, fused with the device that names the rest. */
static void by_subject(const struct facts *f, struct verdict *v)
{
	struct record r;
	record_init(&r);
	assert_true(record_set(&r, RF_TYPE, type_word(f->type_key)) &&
		    record_set(&r, RF_ACQUIRED, f->acquired));
	struct facts seen = *f;
	seen.type_key = NULL;
	struct sighting s;
	fill_sighting(&s, &seen);
	struct asset a;
	asset_init(&a);
	struct vs_error err = {0};
	assert_int_equal(identify_subject(kb, pol, &r, &s, "2025-06-01", "test", NULL, &a, &err),
			 VS_OK);
	keep(&a, v);
	asset_release(&a);
	sighting_release(&s);
	record_release(&r);
}

static size_t disagreements;

static void same_verdict(const struct facts *f)
{
	struct verdict r, d, u;
	by_record(f, &r);
	by_device(f, &d);
	by_subject(f, &u);
	if (strcmp(r.vendor, d.vendor) == 0 && strcmp(r.vendor, u.vendor) == 0 &&
	    r.chinese == d.chinese && r.chinese == u.chinese && strcmp(r.brand, d.brand) == 0 &&
	    strcmp(r.brand, u.brand) == 0)
		return;
	if (disagreements++ < 20)
		fprintf(stderr,
			"maker '%s' model '%s' type %s: record %s/%s/%d, device %s/%s/%d, fused %s/%s/%d\n",
			f->maker ? f->maker : "-", f->model ? f->model : "-",
			f->type_key ? f->type_key : "-", r.vendor, r.brand, r.chinese, d.vendor, d.brand,
			d.chinese, u.vendor, u.brand, u.chinese);
}

/* The types any scope in the knowledge base names, and "not known". */
static size_t scope_types(const char **out, size_t cap)
{
	size_t n = 0;
	out[n++] = NULL;
	for (size_t i = 0; i < kb_type_count(kb) && n < cap; i++) {
		const char *key = kb_type_at(kb, i)->key;
		bool used = false;
		for (size_t e = 0; e < kb_edge_count(kb, false) && !used; e++) {
			const struct kb_edge *x = kb_edge_at(kb, false, e);
			for (size_t k = 0; k < x->cover.n_types && !used; k++)
				used = strcmp(x->cover.types[k], key) == 0;
		}
		for (size_t a = 0; a < kb_alias_count(kb) && !used; a++) {
			const struct kb_alias *al = kb_alias_at(kb, a);
			for (size_t k = 0; k < al->scope.n_types && !used; k++)
				used = strcmp(al->scope.types[k], key) == 0;
		}
		if (used)
			out[n++] = key;
	}
	return n;
}

static void every_fact_gives_one_verdict(void **state)
{
	(void)state;
	const char *types[64];
	size_t n_types = scope_types(types, 64);
	assert_true(n_types > 5);
	size_t cases = 0;
	disagreements = 0;
	for (size_t i = 0; i < kb_alias_count(kb); i++) {
		const struct kb_alias *al = kb_alias_at(kb, i);
		if (al->vendor->kind == KB_KIND_SOFTWARE)
			continue;
		for (size_t t = 0; t < n_types; t++) {
			struct facts f = {0};
			if (al->kind == KB_ALIAS_MODEL_PREFIX) {
				char model[96];
				snprintf(model, sizeof(model), "%s100", al->alias);
				f.model = model;
				f.type_key = types[t];
				same_verdict(&f);
			} else {
				f.maker = al->alias;
				f.type_key = types[t];
				same_verdict(&f);
			}
			cases++;
		}
	}
	/* Every OEM row, inside and outside its scope, before and after its dates. */
	for (size_t e = 0; e < kb_edge_count(kb, false); e++) {
		const struct kb_edge *x = kb_edge_at(kb, false, e);
		const char *dates[] = {x->from, x->until, "2010", "2025-06-01"};
		for (size_t d = 0; d < 4; d++) {
			if (!dates[d])
				continue;
			for (size_t t = 0; t < n_types; t++) {
				struct facts f = {x->vendor->name, x->cover.n_models ? x->cover.models[0] : NULL,
						  types[t], dates[d]};
				same_verdict(&f);
				cases++;
			}
		}
	}
	printf("%zu facts through three entry points, %zu disagreements\n", cases, disagreements);
	assert_true(cases > 5000);
	assert_int_equal(disagreements, 0);
}

static void row(struct asset *a, const char *type, const char *maker, const char *model,
		const char *acquired)
{
	struct record r;
	record_init(&r);
	assert_true(record_set(&r, RF_TYPE, type) && record_set(&r, RF_MAKER, maker) &&
		    record_set(&r, RF_MODEL, model) && record_set(&r, RF_ACQUIRED, acquired));
	asset_init(a);
	struct vs_error err = {0};
	assert_int_equal(identify_record(kb, pol, &r, "2025-06-01", a, &err), VS_OK);
	record_release(&r);
}

#define expect(type, maker, model, acquired, want_vendor, want_chinese, needle)             \
	do {                                                                                \
		struct asset a_;                                                            \
		row(&a_, type, maker, model, acquired);                                     \
		if (want_vendor)                                                            \
			assert_string_equal(a_.vendor ? a_.vendor : "(none)",               \
					    want_vendor ? want_vendor : "(none)");          \
		else                                                                        \
			assert_null(a_.vendor);                                             \
		assert_int_equal(a_.chinese, want_chinese);                                 \
		if (needle && !has_evidence(&a_, needle))                                   \
			fail_msg("no evidence with \"%s\"", (const char *)needle);          \
		asset_release(&a_);                                                         \
	} while (0)

/* Hanwha makes its Wisenet cameras; Raysharp makes some of its recorders
 * (medium certainty: shown, decides only with corroboration). */
static void hanwha_camera_and_dvr(void **state)
{
	(void)state;
	expect("IP camera", "Hanwha Vision", "XNO-6080R", NULL, "hanwha_vision", TRI_NO,
	       "outside that scope: not applied");
	expect("DVR", "Hanwha Vision", "HRX-1620", NULL, "hanwha_vision", TRI_NO,
	       "nothing seen on this device points at Raysharp");
}

/* TPV makes Philips monitors, not Philips Hue bridges or patient monitors. */
static void philips_monitor_hue_and_patient_monitor(void **state)
{
	(void)state;
	expect("Monitor", "Philips", "27E1N5600AE", NULL, "tpv", TRI_YES, "are made by TPV");
	expect("IoT sensor", "Philips", "Hue Bridge", NULL, "philips", TRI_NO, "outside that scope");
	expect("Other", "Philips", "IntelliVue MX450", NULL, "philips", TRI_NO, "outside that scope");
	/* A Philips device of no stated type: the edge is shown, not guessed. */
	expect(NULL, "Philips", NULL, NULL, "philips", TRI_NO, "its type or model is not known");
}

/* Motorola phones are Motorola Mobility (Lenovo since 2014-10-30), radios
 * Motorola Solutions. */
static void motorola_phone_and_radio(void **state)
{
	(void)state;
	/* The verdict names the controlling company (policy: classify_by_vendor). */
	expect("Mobile phone", "Motorola", "moto g54", "2023", "lenovo", TRI_YES,
	       "this device is mobile_phone: Motorola Mobility");
	expect("Mobile phone", "Motorola", "Moto X", "2013", "motorola_mobility", TRI_NO, NULL);
	expect("Radio", "Motorola", "MOTOTRBO R7", NULL, "motorola_solutions", TRI_NO,
	       "this device is other: Motorola Solutions");
	expect(NULL, "Motorola", NULL, NULL, NULL, TRI_UNKNOWN, "the name decides nothing");
}

/* Fujitsu client PCs are FCCL, Lenovo-controlled from 2018-05; Fujitsu
 * servers are Fujitsu's. */
static void fujitsu_laptop_before_and_after_2018(void **state)
{
	(void)state;
	expect("Laptop", "Fujitsu", "LIFEBOOK E5410", "2017-06", "fujitsu_client_computing", TRI_NO,
	       NULL);
	expect("Laptop", "Fujitsu", "LIFEBOOK U7411", "2021-03", "lenovo", TRI_YES,
	       "this device is laptop_pc: Fujitsu Client Computing");
	expect("Server", "Fujitsu", "PRIMERGY RX2540", "2021-03", "fujitsu", TRI_NO, NULL);
}

/* A medium OEM edge on an inventory row now needs corroboration, as on the
 * wire: the MAC's Dahua block corroborates an Intelbras camera. */
static void medium_edges_need_corroboration_everywhere(void **state)
{
	(void)state;
	expect("IP camera", "Intelbras", "VIP 1230", NULL, "intelbras", TRI_NO,
	       "nothing seen on this device points at Dahua");
	struct record r;
	record_init(&r);
	assert_true(record_set(&r, RF_TYPE, "IP camera") && record_set(&r, RF_MAKER, "Intelbras") &&
		    record_set(&r, RF_MAC, "90:02:a9:00:00:01"));
	struct asset a;
	asset_init(&a);
	struct vs_error err = {0};
	assert_int_equal(identify_record(kb, pol, &r, "2025-06-01", &a, &err), VS_OK);
	assert_string_equal(a.vendor, "dahua");
	assert_int_equal(a.chinese, TRI_YES);
	asset_release(&a);
	record_release(&r);
	/* High certainty decides alone: an Amcrest camera is Dahua's. */
	expect("IP camera", "Amcrest", "IP8M-2496E", NULL, "dahua", TRI_YES, "are made by Dahua");
}

/* A stated maker beats a chip maker's MAC and a banner; a discovery
 * protocol beats a stated maker. */
static void stated_maker_and_what_is_seen(void **state)
{
	(void)state;
	struct record r;
	record_init(&r);
	assert_true(record_set(&r, RF_TYPE, "Laptop") && record_set(&r, RF_MAKER, "Lenovo"));
	struct sighting s;
	sighting_init(&s);
	s.has_mac = true;
	memcpy(s.mac, "\x3c\x7c\x3f\x01\x02\x03", 6); /* an Intel block: a NIC, not a maker */
	struct asset a;
	asset_init(&a);
	struct vs_error err = {0};
	assert_int_equal(identify_subject(kb, pol, &r, &s, "2025-06-01", "test", NULL, &a, &err),
			 VS_OK);
	assert_string_equal(a.vendor, "lenovo");
	asset_release(&a);
	sighting_release(&s);
	record_release(&r);

	record_init(&r);
	assert_true(record_set(&r, RF_TYPE, "IP camera") && record_set(&r, RF_MAKER, "Axis"));
	sighting_init(&s);
	assert_true(sighting_observe(&s, "sadp", "model", "DS-2CD2143G2-I", 14, 0.95, 0));
	asset_init(&a);
	assert_int_equal(identify_subject(kb, pol, &r, &s, "2025-06-01", "test", NULL, &a, &err),
			 VS_OK);
	assert_string_equal(a.vendor, "hikvision");
	assert_true(has_evidence(&a, "the discovery protocol at Hikvision"));
	asset_release(&a);
	sighting_release(&s);
	record_release(&r);
}

/* A maker the knowledge base does not know: the IEEE registrant's address
 * gives a country at low confidence, never a maker; a chip maker's block
 * gives nothing. */
static void registrant_country_is_the_last_resort(void **state)
{
	(void)state;
	struct {
		const char *mac;
		enum tri chinese;
		const char *country;
	} cases[] = {
		{"00:00:51:00:00:01", TRI_NO, "DE"},  /* HOB Electronic, not in the kb */
		{"00:02:09:00:00:01", TRI_YES, "CN"}, /* Shenzhen SED, not in the kb */
		{"00:1b:21:00:00:01", TRI_UNKNOWN, NULL}, /* Intel: a NIC names no maker */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct record r;
		record_init(&r);
		assert_true(record_set(&r, RF_TYPE, "IoT sensor") && record_set(&r, RF_MAC, cases[i].mac));
		struct asset a;
		asset_init(&a);
		struct vs_error err = {0};
		assert_int_equal(identify_record(kb, pol, &r, "2025-06-01", &a, &err), VS_OK);
		assert_null(a.vendor);
		assert_int_equal(a.chinese, cases[i].chinese);
		if (cases[i].country) {
			assert_string_equal(a.country, cases[i].country);
			assert_true(a.confidence < 0.5);
			assert_true(has_evidence(&a, "an address is not an owner"));
		}
		asset_release(&a);
		record_release(&r);
	}
	/* A stated maker the kb knows overrides the address. */
	struct asset a;
	row(&a, "IoT sensor", "Bosch", NULL, NULL);
	assert_string_equal(a.vendor, "bosch");
	asset_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_fact_gives_one_verdict),
		cmocka_unit_test(hanwha_camera_and_dvr),
		cmocka_unit_test(philips_monitor_hue_and_patient_monitor),
		cmocka_unit_test(motorola_phone_and_radio),
		cmocka_unit_test(fujitsu_laptop_before_and_after_2018),
		cmocka_unit_test(medium_edges_need_corroboration_everywhere),
		cmocka_unit_test(stated_maker_and_what_is_seen),
		cmocka_unit_test(registrant_country_is_the_last_resort),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
