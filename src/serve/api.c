/*
 * JSON API v1. Every object is the one the CLI prints with --format json
 * for the same query (the same report/ function writes both); the API
 * wraps the CLI's lines in an array under a name, with the survey it
 * answers from and, for listings, the paging. The OpenAPI document
 * (openapi.c) lists every route here; tests/e2e/serve_api.sh checks both.
 */
#include <stdlib.h>
#include <string.h>

#include "report/surveys.h"
#include "serve/api.h"
#include "serve/serve_int.h"
#include "store/store.h"
#include "util/limits.h"
#include "util/strbuf.h"

void api_lines_array(struct strbuf *out, const char *lines)
{
	strbuf_addch(out, '[');
	bool first = true;
	for (const char *p = lines; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n) {
			if (!first)
				strbuf_addch(out, ',');
			strbuf_add(out, p, n);
			first = false;
		}
		p += n + (nl ? 1 : 0);
	}
	strbuf_addch(out, ']');
}

static enum vs_err get_surveys(const struct serve_req *rq, struct serve_resp *rs,
			       struct vs_error *err)
{
	struct strbuf lines = STRBUF_INIT;
	enum vs_err rc = report_surveys(rq->ctx->store, REPORT_JSON, &lines, err);
	if (!rc) {
		rs->content_type = "application/json";
		strbuf_addstr(&rs->body, "{\"surveys\":");
		api_lines_array(&rs->body, strbuf_str(&lines));
		strbuf_addstr(&rs->body, "}\n");
	}
	strbuf_release(&lines);
	return rc;
}

const struct serve_route serve_api_routes[] = {
	{"GET", "/api/v1/surveys", SERVE_ANONYMOUS, get_surveys},
	{0},
};
