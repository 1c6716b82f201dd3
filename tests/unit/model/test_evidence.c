/* An asset's evidence list: the limit never cuts silently, and a device
 * with many facts keeps room for the lines that say what decided. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "identify/device.h"
#include "model/model.h"
#include "util/limits.h"

static void the_last_line_says_what_was_cut(void **state)
{
	(void)state;
	struct asset a;
	asset_init(&a);
	for (int i = 0; i < VS_MAX_EVIDENCE + 6; i++)
		asset_add_evidencef(&a, "http", "server", 0.5, "banner %d", i);
	assert_int_equal(a.n_evidence, VS_MAX_EVIDENCE);
	const struct evidence *last = &a.evidence[VS_MAX_EVIDENCE - 1];
	assert_string_equal(last->method, "evidence");
	assert_string_equal(last->field, "limit");
	/* 70 lines offered, 63 kept, the 64th slot holds the notice. */
	assert_string_equal(last->value, "7 further evidence lines past the limit of 63 were not kept");
	assert_string_equal(a.evidence[VS_MAX_EVIDENCE - 2].value, "banner 62");
	asset_release(&a);
}

static void a_busy_device_keeps_its_decision(void **state)
{
	(void)state;
	struct kb *kb;
	struct policy *pol;
	struct vs_error err = {0};
	assert_int_equal(kb_load(VS_TEST_DATADIR, &kb, &err), VS_OK);
	assert_int_equal(policy_load(VS_TEST_DATADIR, &pol, &err), VS_OK);
	struct sighting s;
	sighting_init(&s);
	for (int i = 0; i < VS_MAX_DEVICE_OBS - 1; i++) {
		char v[32];
		int n = snprintf(v, sizeof(v), "/page%d", i);
		assert_true(sighting_observe(&s, "http", "title", v, (size_t)n, 0.5, 0));
	}
	assert_true(sighting_observe(&s, "sadp", "model", "DS-2CD2143G2-I", 14, 0.95, 0));
	struct asset a;
	asset_init(&a);
	assert_int_equal(identify_sighting(kb, pol, &s, "2026-01-01", "test", NULL, &a, &err), VS_OK);
	assert_string_equal(a.vendor, "hikvision");
	bool said = false, decided = false;
	for (size_t i = 0; i < a.n_evidence; i++) {
		said |= strcmp(a.evidence[i].field, "limit") == 0 &&
			strstr(a.evidence[i].value, "further observations are stored") != NULL;
		decided |= strcmp(a.evidence[i].field, "origin") == 0;
	}
	assert_true(said);
	assert_true(decided);
	asset_release(&a);
	sighting_release(&s);
	policy_free(pol);
	kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_last_line_says_what_was_cut),
		cmocka_unit_test(a_busy_device_keeps_its_decision),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
