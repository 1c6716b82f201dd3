/* Shared by the device-file parser tests: read a fixture of
 * tests/fixtures/devices/, find a device's observation, and parse every
 * prefix of a file (a truncated copy must parse, or fail as
 * "NAME:LINE: reason" with nothing left in the list). */
#ifndef VS_TEST_DEV_FIXTURE_H
#define VS_TEST_DEV_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/devices.h"

static uint8_t *dev_fixture(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/tests/fixtures/devices/%s", VS_TEST_SRCDIR, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	uint8_t *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static const struct observation *dev_obs(const struct sighting *s, const char *method,
					 const char *field)
{
	for (size_t i = 0; i < s->n_obs; i++)
		if (strcmp(s->obs[i].method, method) == 0 && strcmp(s->obs[i].field, field) == 0)
			return &s->obs[i];
	return NULL;
}

static const struct sighting *dev_by_mac(const struct device_list *l, const char *text)
{
	unsigned m[6];
	if (sscanf(text, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		bool same = l->dev[i].has_mac;
		for (int k = 0; same && k < 6; k++)
			same = l->dev[i].mac[k] == m[k];
		if (same)
			return &l->dev[i];
	}
	return NULL;
}

/* value of (method, field) on the device with that MAC, and its line. */
static void dev_expect(const struct device_list *l, const char *mac, const char *method,
		       const char *field, const char *value, long line)
{
	const struct sighting *s = dev_by_mac(l, mac);
	assert_non_null(s);
	const struct observation *o = dev_obs(s, method, field);
	if (!value) {
		assert_null(o);
		return;
	}
	assert_non_null(o);
	assert_string_equal(o->value, value);
	assert_int_equal(o->line, line);
}

static void dev_parse_ok(const struct device_format *f, const char *fixture,
			 struct device_list *l)
{
	size_t len;
	uint8_t *data = dev_fixture(fixture, &len);
	assert_true(f->detect(data, len < DEVICE_DETECT_BYTES ? len : DEVICE_DETECT_BYTES));
	assert_ptr_equal(device_format_detect(data, len < DEVICE_DETECT_BYTES ? len : DEVICE_DETECT_BYTES), f);
	struct vs_error err = {VS_OK, ""};
	memset(l, 0, sizeof(*l));
	assert_int_equal(f->parse(fixture, data, len, l, &err), VS_OK);
	free(data);
}

/* Every prefix: VS_OK, or VS_EBADVAL naming "fixture:LINE:". */
static void dev_every_prefix(const struct device_format *f, const char *fixture)
{
	size_t len;
	uint8_t *data = dev_fixture(fixture, &len);
	char want[256];
	snprintf(want, sizeof(want), "%s:", fixture);
	for (size_t n = 0; n <= len; n++) {
		/* A copy of exactly n bytes, so ASan sees a read past it. */
		uint8_t *cut = malloc(n ? n : 1);
		assert_non_null(cut);
		memcpy(cut, data, n);
		struct device_list l;
		memset(&l, 0, sizeof(l));
		struct vs_error err = {VS_OK, ""};
		enum vs_err rc = f->parse(fixture, cut, n, &l, &err);
		if (rc) {
			assert_int_equal(rc, VS_EBADVAL);
			assert_memory_equal(err.msg, want, strlen(want));
			unsigned long line;
			assert_int_equal(sscanf(err.msg + strlen(want), "%lu:", &line), 1);
		}
		device_list_release(&l);
		free(cut);
	}
	free(data);
}

#endif
