/*
 * Copy scalar members of a jansson tree into fixed buffers: shared by the
 * DHIP and Xiongmai dissectors. Numbers and booleans become their text.
 */
#ifndef VS_PROTO_JSONF_H
#define VS_PROTO_JSONF_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define PROTO_JSON_MAX_BYTES 65536 /* larger bodies are refused */

/*
 * Parse n bytes as one JSON value (trailing NULs and white space allowed).
 * VS_ETOOBIG beyond PROTO_JSON_MAX_BYTES, VS_EBADVAL if not JSON. The caller
 * releases *root with json_decref.
 */
enum vs_err proto_json_load(const uint8_t *p, size_t n, json_t **root);

/*
 * Copy obj[key] (string, integer, real, boolean) into buf. Absent or
 * another type leaves buf empty and returns VS_OK; VS_ETOOBIG when it does
 * not fit.
 */
enum vs_err proto_json_copy(const json_t *obj, const char *key, char *buf, size_t cap);

#endif
