/* RFC 8259 JSON through jansson (whose parser bounds nesting depth). */
#include "proto/jsonf.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum vs_err proto_json_load(const uint8_t *p, size_t n, json_t **root)
{
	*root = NULL;
	while (n > 0 && (p[n - 1] == '\0' || p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' '))
		n--;
	if (n > PROTO_JSON_MAX_BYTES)
		return VS_ETOOBIG;
	json_error_t je;
	/* JSON_ALLOW_NUL is left off: a NUL inside a string ends nothing we keep. */
	*root = json_loadb((const char *)p, n, JSON_REJECT_DUPLICATES, &je);
	return *root ? VS_OK : VS_EBADVAL;
}

enum vs_err proto_json_copy(const json_t *obj, const char *key, char *buf, size_t cap)
{
	if (cap == 0)
		return VS_EUSAGE;
	buf[0] = '\0';
	const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	if (v == NULL)
		return VS_OK;
	int k;
	if (json_is_string(v)) {
		size_t len = json_string_length(v);
		if (len >= cap)
			return VS_ETOOBIG;
		memcpy(buf, json_string_value(v), len);
		buf[len] = '\0';
		/* An embedded NUL cannot occur: JSON_ALLOW_NUL was not given. */
		return VS_OK;
	}
	if (json_is_integer(v))
		k = snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		k = snprintf(buf, cap, "%.17g", json_real_value(v));
	else if (json_is_boolean(v))
		k = snprintf(buf, cap, "%s", json_is_true(v) ? "true" : "false");
	else
		return VS_OK;
	if (k < 0 || (size_t)k >= cap) {
		buf[0] = '\0';
		return VS_ETOOBIG;
	}
	return VS_OK;
}
