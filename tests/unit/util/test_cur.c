#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/cur.h"

static void reads_big_and_little_endian(void **state)
{
	(void)state;
	const uint8_t b[] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc};
	struct cur c = cur_make(b, sizeof(b));
	assert_int_equal(cur_be16(&c), 0x1234);
	assert_int_equal(cur_le16(&c), 0x7856);
	assert_int_equal(cur_left(&c), 2);
	assert_false(c.bad);
	c = cur_make(b, sizeof(b));
	assert_int_equal(cur_be32(&c), 0x12345678u);
	c = cur_make(b, sizeof(b));
	assert_int_equal(cur_le32(&c), 0x78563412u);
}

static void short_read_is_sticky_and_does_not_move(void **state)
{
	(void)state;
	const uint8_t b[] = {1, 2, 3};
	struct cur c = cur_make(b, sizeof(b));
	cur_u8(&c);
	assert_int_equal(cur_be32(&c), 0);
	assert_true(c.bad);
	assert_int_equal(c.off, 1);
	/* Every later read fails too, even one that would fit. */
	assert_int_equal(cur_u8(&c), 0);
	assert_int_equal(c.off, 1);
	assert_int_equal(cur_peek(&c), -1);
}

static void huge_skip_cannot_wrap(void **state)
{
	(void)state;
	const uint8_t b[] = {1, 2, 3, 4};
	struct cur c = cur_make(b, sizeof(b));
	cur_skip(&c, 2);
	cur_skip(&c, SIZE_MAX);
	assert_true(c.bad);
	assert_int_equal(c.off, 2);
}

static void sub_cursor_is_bounded_by_its_length(void **state)
{
	(void)state;
	const uint8_t b[] = {0xAA, 2, 0x01, 0x02, 0xBB};
	struct cur c = cur_make(b, sizeof(b));
	cur_u8(&c);
	struct cur body = cur_sub(&c, cur_u8(&c));
	assert_int_equal(cur_be16(&body), 0x0102);
	assert_int_equal(cur_u8(&body), 0);
	assert_true(body.bad);
	assert_false(c.bad);
	assert_int_equal(cur_u8(&c), 0xBB);
	assert_true(cur_eof(&c));
}

static void until_finds_delimiter_or_takes_rest(void **state)
{
	(void)state;
	const char *s = "ab;cd";
	struct cur c = cur_make(s, 5);
	bool found;
	struct slice a = cur_until(&c, ';', &found);
	assert_true(found);
	assert_true(slice_eq(a, "ab"));
	struct slice b = cur_until(&c, ';', &found);
	assert_false(found);
	assert_true(slice_eq(b, "cd"));
	assert_true(cur_eof(&c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_big_and_little_endian),
		cmocka_unit_test(short_read_is_sticky_and_does_not_move),
		cmocka_unit_test(huge_skip_cannot_wrap),
		cmocka_unit_test(sub_cursor_is_bounded_by_its_length),
		cmocka_unit_test(until_finds_delimiter_or_takes_rest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
