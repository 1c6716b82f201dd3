/*
 * The identify tests' one fixture: the knowledge base and policy the build
 * ships (share/vendorscope), loaded once per test program. Include after
 * cmocka.h; the group's setup and teardown are these, and has_evidence
 * reads an asset's evidence as reports print it.
 */
#ifndef VS_TEST_SHIPPED_KB_H
#define VS_TEST_SHIPPED_KB_H

#include <stdio.h>

#include <string.h>

#include "kb/kb.h"
#include "policy/policy.h"
#include "report/assets.h"
#include "util/strbuf.h"

static struct kb *kb;
static struct policy *pol;

static int setup(void **state)
{
	(void)state;
	struct vs_error err = {0};
	if (kb_load(VS_TEST_DATADIR, &kb, &err) || policy_load(VS_TEST_DATADIR, &pol, &err)) {
		fprintf(stderr, "loading %s: %s\n", VS_TEST_DATADIR, err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	policy_free(pol);
	kb_free(kb);
	return 0;
}

/* Whether a's evidence, as reports print it, has a line holding needle. */
static inline bool has_evidence(const struct asset *a, const char *needle)
{
	struct strbuf sb = STRBUF_INIT;
	bool found = false;
	for (size_t i = 0; i < a->n_evidence && !found; i++) {
		strbuf_reset(&sb);
		report_evidence_line(&a->evidence[i], &sb);
		found = strstr(strbuf_str(&sb), needle) != NULL;
	}
	strbuf_release(&sb);
	return found;
}

#endif
