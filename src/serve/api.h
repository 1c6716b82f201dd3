/*
 * Helpers of the JSON API (api.c, openapi.c), private to serve/.
 */
#ifndef VS_SERVE_API_H
#define VS_SERVE_API_H

#include "util/strbuf.h"

/* The CLI's JSON lines (one object per line) as one JSON array. */
void api_lines_array(struct strbuf *out, const char *lines);

#endif
