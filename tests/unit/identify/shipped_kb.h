/*
 * The identify tests' one fixture: the knowledge base and policy the build
 * ships (share/vendorscope), loaded once per test program. Include after
 * cmocka.h; the group's setup and teardown are these.
 */
#ifndef VS_TEST_SHIPPED_KB_H
#define VS_TEST_SHIPPED_KB_H

#include <stdio.h>

#include "kb/kb.h"
#include "policy/policy.h"

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

#endif
