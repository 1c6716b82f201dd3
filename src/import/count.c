/*
 * Counts as surveys write them (import.h has the contract):
 *
 *   count   = [approx] number [ "+" | dash number ]
 *   approx  = "~" | "ca." | "ca" | "cirka" | "circa" | "approx." | "approx"
 *             | "approximately" | "about" | "omkring"     (any case, then a space,
 *                                                           except after "~" / ".")
 *   number  = digits | 1*3digit 1*(sep 3digit)            (sep the same each time)
 *   dash    = "-" | U+2013 "–" | U+2014 "—", spaces allowed around it
 *
 * A separator is only ever thousands grouping: Danish writes 3.246, English
 * 3,246, and a count is never fractional, so "3.5" (or "3,50", or "0.500"
 * whose leading 0 shows it is a decimal) is refused rather than guessed.
 */
#include "import/import.h"

#include <string.h>

#include "util/cur.h"
#include "util/limits.h"

static const char why_empty[] = "empty";
static const char why_negative[] = "negative";
static const char why_fraction[] = "fractional (a count is a whole number; 3.246 and 3,246 are thousands)";
static const char why_big[] = "more than 100000000 (VS_MAX_COUNT)";
static const char why_order[] = "the range's low end is above its high end";
static const char why_form[] =
	"not a count (expected e.g. 300, 3.246, ~277, ca. 650, 200-300 or 150+)";

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Skip ASCII spaces and U+00A0 (Excel's non-breaking space). */
static void skip_spaces(struct cur *c)
{
	for (;;) {
		int b = cur_peek(c);
		if (b == ' ' || b == '\t') {
			cur_skip(c, 1);
			continue;
		}
		if (b == 0xC2 && cur_left(c) >= 2 && c->p[c->off + 1] == 0xA0) {
			cur_skip(c, 2);
			continue;
		}
		return;
	}
}

/* Consume lit (ASCII, matched case-insensitively) when the input starts with it. */
static bool take_word(struct cur *c, const char *lit)
{
	size_t n = strlen(lit);
	if (cur_left(c) < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int b = c->p[c->off + i];
		if (b >= 'A' && b <= 'Z')
			b += 32;
		if (b != (unsigned char)lit[i])
			return false;
	}
	cur_skip(c, n);
	return true;
}

static bool take_approx(struct cur *c)
{
	/* Longest first, so "approx." is not read as "approx" + "." */
	static const char *const words[] = {"approximately", "approx.", "approx", "cirka", "circa",
					    "omkring", "about", "ca.", "ca"};
	if (take_word(c, "~"))
		return true;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct cur save = *c;
		if (!take_word(c, words[i]))
			continue;
		/* A word must end at a space or (after a dot) at the number:
		 * "ca.650" is a count, "cat" and "ca650" are not. */
		int next = cur_peek(c);
		bool dot = words[i][strlen(words[i]) - 1] == '.';
		if (next == ' ' || next == '\t' || next == 0xC2 || (dot && is_digit(next)))
			return true;
		*c = save;
	}
	return false;
}

static bool number(struct cur *c, int64_t *out, const char **why)
{
	int64_t v = 0;
	size_t lead = 0;
	bool big = false, zero_first = cur_peek(c) == '0';
	while (is_digit(cur_peek(c))) {
		int d = cur_u8(c) - '0';
		if (v > VS_MAX_COUNT)
			big = true; /* keep consuming so the form is still checked */
		else
			v = v * 10 + d;
		lead++;
	}
	if (lead == 0) {
		*why = why_form;
		return false;
	}
	int sep = cur_peek(c);
	if ((sep == '.' || sep == ',') && cur_left(c) >= 2 && is_digit(c->p[c->off + 1])) {
		/* Grouping needs 1-3 leading digits (not a lone 0) and groups of
		 * exactly three, all with the same separator. */
		if (lead > 3 || zero_first) {
			*why = why_fraction;
			return false;
		}
		while (cur_peek(c) == sep && cur_left(c) >= 2 && is_digit(c->p[c->off + 1])) {
			cur_skip(c, 1);
			size_t k = 0;
			while (is_digit(cur_peek(c))) {
				int d = cur_u8(c) - '0';
				if (v > VS_MAX_COUNT)
					big = true;
				else
					v = v * 10 + d;
				k++;
			}
			if (k != 3) {
				*why = why_fraction;
				return false;
			}
		}
		int after = cur_peek(c);
		if ((after == '.' || after == ',') && cur_left(c) >= 2 && is_digit(c->p[c->off + 1])) {
			*why = why_fraction; /* 1.234,5 */
			return false;
		}
	}
	if (big || v > VS_MAX_COUNT) {
		*why = why_big;
		return false;
	}
	*out = v;
	return true;
}

static bool take_dash(struct cur *c)
{
	return take_word(c, "-") || take_word(c, "\xE2\x80\x93") || take_word(c, "\xE2\x80\x94");
}

/*
 * The form nearly every row has, digits alone ("1", "12"): what the full
 * grammar below makes of it, without trying each approximate word and dash
 * first. Longer or larger numbers go the long way (VS_MAX_COUNT is checked
 * there).
 */
static bool plain_count(struct cur c, struct count *out)
{
	size_t n = cur_left(&c);
	if (n == 0 || n > 8)
		return false;
	int64_t v = 0;
	while (!cur_eof(&c)) {
		int b = cur_u8(&c);
		if (!is_digit(b))
			return false;
		v = v * 10 + (b - '0');
	}
	*out = (struct count){.value = v, .low = v, .high = v, .estimated = false};
	return true;
}

bool count_parse(const char *text, struct count *out, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	*why = NULL;
	struct cur c = cur_make(text, text ? strlen(text) : 0);
	if (plain_count(c, out))
		return true;
	skip_spaces(&c);
	if (cur_eof(&c)) {
		*why = why_empty;
		return false;
	}
	bool approx = take_approx(&c);
	skip_spaces(&c);
	struct cur probe = c;
	if (take_dash(&probe) || take_word(&probe, "\xE2\x88\x92") /* − minus sign */) {
		skip_spaces(&probe);
		*why = is_digit(cur_peek(&probe)) ? why_negative : why_form;
		return false;
	}
	int64_t low, high;
	if (!number(&c, &low, why))
		return false;
	skip_spaces(&c);
	struct count r = {.value = low, .low = low, .high = low, .estimated = approx};
	if (take_word(&c, "+")) {
		r.high = -1; /* no upper bound given */
		r.estimated = true;
	} else if (take_dash(&c)) {
		skip_spaces(&c);
		if (!number(&c, &high, why))
			return false;
		if (low > high) {
			*why = why_order;
			return false;
		}
		/* A budget has to cover the upper end; the range is kept. */
		r.value = r.high = high;
		r.estimated = true;
	}
	skip_spaces(&c);
	if (!cur_eof(&c)) {
		*why = why_form;
		return false;
	}
	*out = r;
	return true;
}
