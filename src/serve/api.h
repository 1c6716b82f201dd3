/*
 * Helpers of the JSON API (api.c, openapi.c), private to serve/.
 */
#ifndef VS_SERVE_API_H
#define VS_SERVE_API_H

#include "serve/route.h"
#include "util/strbuf.h"

/* The CLI's JSON lines (one object per line) as one JSON array. */
void api_lines_array(struct strbuf *out, const char *lines);

/* GET /api/v1/openapi.json (openapi.c). */
enum vs_err serve_openapi(const struct serve_req *rq, struct serve_resp *rs, struct vs_error *err);
/* The document itself, for the test that every route is in it. */
extern const char serve_openapi_json[];

#endif
