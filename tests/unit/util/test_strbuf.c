#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"

/* strbuf_addf writes what snprintf writes: the formats it writes itself
 * (%s, %.*s, %d, %u, %ld, %lu, %lld, %llu, %zu, %%) and those it leaves to
 * vsnprintf, after text already in the buffer. */
#define CHECK(...)                                                              \
	do {                                                                    \
		char want[512];                                                 \
		snprintf(want, sizeof(want), "prefix:" __VA_ARGS__);            \
		struct strbuf sb = STRBUF_INIT;                                 \
		strbuf_addstr(&sb, "prefix:");                                  \
		strbuf_addf(&sb, __VA_ARGS__);                                  \
		assert_false(sb.failed);                                        \
		assert_string_equal(strbuf_str(&sb), want);                     \
		assert_int_equal(sb.len, strlen(want));                         \
		strbuf_release(&sb);                                            \
	} while (0)

static void simple_formats_as_printf(void **state)
{
	(void)state;
	CHECK("plain text, no conversion");
	CHECK("%s", "");
	CHECK("%s and %s", "one", "two");
	CHECK("100%% sure: %s%%", "yes");
	CHECK("%.*s|", 3, "abcdef");
	CHECK("%.*s|", 10, "abc");
	CHECK("%.*s|", 0, "abc");
	CHECK("%d %d %d %d", 0, -1, INT_MAX, INT_MIN);
	CHECK("%u %u", 0u, UINT_MAX);
	CHECK("%ld %ld %lu", LONG_MAX, LONG_MIN, ULONG_MAX);
	CHECK("%lld %lld %llu", LLONG_MAX, LLONG_MIN, ULLONG_MAX);
	CHECK("%zu further observations", (size_t)12345);
	CHECK("block %s is registered to %s (%s) = %s", "08:A1:89/24", "Org", "MA-L", "Vendor");
}

static void other_formats_through_vsnprintf(void **state)
{
	(void)state;
	CHECK("%s then %02x", "hex", 10u);
	CHECK("%5d|%-5s|", 42, "ab");
	CHECK("%.3f", 0.25);
	CHECK("%s", (const char *)NULL == NULL ? "(null)" : "");
	CHECK("%c%c", 'o', 'k');
	CHECK("%zu then %x", (size_t)7, 255u);
	/* A long text through the vsnprintf path grows the buffer. */
	char big[300];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK("%s:%3d", big, 7);
	CHECK("%s", big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(simple_formats_as_printf),
		cmocka_unit_test(other_formats_through_vsnprintf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
