/*
 * Presets (exports recognised by their header), --set, --map '*=-' and the
 * one message that lists every unknown column.
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
#include "import/presets.h"
#include "util/strbuf.h"
#include "util/text.h"

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

/* The records as text (with the preset's name first), or "ERR n: msg". */
static char *run(const char *csv, const char *map, const char *const *set, size_t n_set)
{
	struct strbuf sb = STRBUF_INIT;
	const char *preset = "unset";
	struct import_opts o = {.map = map, .set = set, .n_set = n_set, .kind = ASSET_HARDWARE,
				.preset = &preset};
	struct vs_error err = {VS_OK, ""};
	enum vs_err e = import_csv_mem("t.csv", (const uint8_t *)csv, strlen(csv), &o, collect, &sb, &err);
	if (e != VS_OK) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "ERR %d: %s", (int)e, err.msg);
	} else {
		struct strbuf out = STRBUF_INIT;
		strbuf_addf(&out, "[%s]\n%s", preset ? preset : "none", strbuf_str(&sb));
		strbuf_release(&sb);
		return strbuf_detach(&out);
	}
	return strbuf_detach(&sb);
}

static void check(const char *csv, const char *map, const char *const *set, size_t n_set, const char *want)
{
	char *got = run(csv, map, set, n_set);
	assert_string_equal(got, want);
	free(got);
}

static void every_preset_has_a_signature_and_columns(void **state)
{
	(void)state;
	assert_true(import_preset_count() >= 8);
	for (size_t i = 0; i < import_preset_count(); i++) {
		const struct import_preset *p = import_preset_at(i);
		assert_non_null(p->name);
		assert_non_null(p->what);
		assert_non_null(p->source);
		assert_non_null(p->signature[0]);
		assert_non_null(p->col[0].column);
		/* Its own signature finds it, folded as a header is. */
		const char *names[PRESET_MAX_SIGNATURE];
		size_t n = 0;
		struct strbuf sb[PRESET_MAX_SIGNATURE];
		for (; n < PRESET_MAX_SIGNATURE && p->signature[n]; n++) {
			strbuf_init(&sb[n]);
			name_fold(&sb[n], p->signature[n]);
			names[n] = strbuf_str(&sb[n]);
		}
		assert_ptr_equal(import_preset_find(names, n), p);
		for (size_t k = 0; k < n; k++)
			strbuf_release(&sb[k]);
	}
	assert_null(import_preset_at(import_preset_count()));
}

static void a_header_names_its_export(void **state)
{
	(void)state;
	/* Intune: the Wi-Fi MAC first, the Ethernet MAC when it is empty; the
	 * columns the preset does not list are skipped. */
	check("Device name,Managed by,Ownership,Compliance,Primary user UPN,Serial number,Manufacturer,"
	      "Model,Wi-Fi MAC,Ethernet MAC,Category,Last check-in\n"
	      "PC-1,Intune,Corporate,Compliant,a@b,S1,LENOVO,T14,,00-1B-21-00-00-05,Kontor,2026-01-01\n"
	      "PC-2,Intune,Corporate,Compliant,a@b,S2,HP,840,A4:C3:F0:11:22:33,3c:52:82:00:00:01,,\n",
	      NULL, NULL, 0,
	      "[Microsoft Intune device export]\n"
	      "2: maker=LENOVO model=T14 serial=S1 mac=00-1B-21-00-00-05 hostname=PC-1 #1\n"
	      "3: maker=HP model=840 serial=S2 mac=A4:C3:F0:11:22:33 hostname=PC-2 #1\n");
	/* XProtect's camera report: a camera unless the row says otherwise. */
	check("Name;HardwareName;Model;MAC;Driver;DriverFamily;RecorderName\n"
	      "Port;Hik (10.0.0.1);DS-2CD2143G2-I;C056E33A4B5C;Hikvision;Hikvision;REC-1\n",
	      NULL, NULL, 0,
	      "[Milestone XProtect camera report (MilestonePSTools Get-VmsCameraReport)]\n"
	      "2: type=surveillance_camera brand=Hikvision model=DS-2CD2143G2-I mac=C056E33A4B5C note=Port #1\n");
	/* A header that holds no signature is read with the built-in words. */
	check("Type;Producent\nRouter;Huawei\n", NULL, NULL, 0, "[none]\n2: type=Router maker=Huawei #1\n");
}

static void map_and_set_come_first(void **state)
{
	(void)state;
	const char *csv = "HardwareAddress,HardwareDriverID,HardwareName,HardwarePassword\n"
			  "10.0.0.5,806,AXIS M3106,secret\n10.0.0.6,806,,secret\n";
	/* --map overrides the preset; --set fills only what a row leaves empty
	 * and comes before the preset's type. */
	static const char *const set[] = {"type=Kamera", "model=unknown", "department = TMF", "count=2"};
	check(csv, "HardwareName=note", set, 4,
	      "[Milestone XProtect hardware list (Management Client CSV)]\n"
	      "2: type=Kamera model=unknown ip=10.0.0.5 department=TMF note=AXIS M3106 #2\n"
	      "3: type=Kamera model=unknown ip=10.0.0.6 department=TMF #2\n");
	check(csv, NULL, NULL, 0,
	      "[Milestone XProtect hardware list (Management Client CSV)]\n"
	      "2: type=surveillance_camera model=AXIS M3106 ip=10.0.0.5 #1\n"
	      "3: type=surveillance_camera ip=10.0.0.6 #1\n");
	static const char *const bad[][2] = {{"colour=red", "ERR 8: --set: unknown field \"colour\""},
					     {"type", "ERR 8: --set: \"type\" is not field=value"},
					     {"type=", "ERR 8: --set: type has no value"},
					     {"count=many", "ERR 8: --set: bad count \"many\""}};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *got = run(csv, NULL, &bad[i][0], 1);
		assert_non_null(strstr(got, bad[i][1]));
		free(got);
	}
	static const char *const twice[] = {"type=a", "type=b"};
	check(csv, NULL, twice, 2, "ERR 8: --set: type is given twice");
}

static void unknown_columns_all_at_once(void **state)
{
	(void)state;
	const char *csv = "Type;Farve;Antal;Ejer\nRouter;rød;2;Jens\n";
	check(csv, NULL, NULL, 0,
	      "ERR 2: t.csv:1: 2 unknown columns: \"Farve\" (column 2), \"Ejer\" (column 4); name their "
	      "fields with --map 'Farve=FIELD,Ejer=FIELD' or skip them with --map 'Farve=-,Ejer=-' "
	      "(--map '*=-' skips every unknown column; fields: type, maker, brand, model, serial, "
	      "firmware, mac, ip, hostname, department, site, zone, acquired, lifespan, count, origin, "
	      "note, product, publisher, version, device, data_class)");
	check(csv, "*=-", NULL, 0, "[none]\n2: type=Router #2\n");
	check(csv, "Ejer=note,*=-", NULL, 0, "[none]\n2: type=Router note=Jens #2\n");
	check(csv, "*=note", NULL, 0,
	      "ERR 8: --map: '*' stands for every unknown column and can only be skipped ('*=-'), not "
	      "\"*=note\"");
	check(csv, "*=-,*=-", NULL, 0, "ERR 8: --map: '*=-' is given twice");
	/* Many long names: the message stays whole and counts the rest. */
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "Type");
	for (int i = 0; i < 60; i++)
		strbuf_addf(&sb, ";Column number %d with a long name", i);
	strbuf_addstr(&sb, "\n");
	char *got = run(strbuf_str(&sb), NULL, NULL, 0);
	assert_non_null(strstr(got, "t.csv:1: 60 unknown columns: \"Column number 0 with a long name\""));
	assert_non_null(strstr(got, " more; name their fields"));
	assert_non_null(strstr(got, "data_class)"));
	free(got);
	strbuf_release(&sb);
}

static enum vs_err count_rows(const struct record *r, void *ctx, struct vs_error *err)
{
	(void)r, (void)err;
	(*(size_t *)ctx)++;
	return VS_OK;
}

/* Every prefix of every preset fixture imports or fails with a message
 * (run under ASan+UBSan by the asan build). */
static void every_truncation_fails_cleanly(void **state)
{
	(void)state;
	static const char *const names[] = {"intune", "sccm", "lansweeper", "glpi", "topdesk",
					    "netbox", "xprotect", "xprotect-report"};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/tests/fixtures/import/presets/%s.csv", VS_TEST_SRCDIR,
			 names[k]);
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		static uint8_t buf[16384];
		size_t len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		assert_true(len > 0 && len < sizeof(buf));
		for (size_t n = 0; n <= len; n++) {
			uint8_t *copy = malloc(n ? n : 1);
			assert_non_null(copy);
			memcpy(copy, buf, n);
			size_t rows = 0;
			struct vs_error err = {VS_OK, ""};
			struct import_opts o = {.kind = ASSET_HARDWARE};
			enum vs_err e = import_csv_mem("t.csv", copy, n, &o, count_rows, &rows, &err);
			if (e != VS_OK)
				assert_true(err.msg[0] != '\0');
			free(copy);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_preset_has_a_signature_and_columns),
		cmocka_unit_test(a_header_names_its_export),
		cmocka_unit_test(map_and_set_come_first),
		cmocka_unit_test(unknown_columns_all_at_once),
		cmocka_unit_test(every_truncation_fails_cleanly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
