#include "util/money.h"

#include <assert.h>

#include "util/text.h"

bool money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}

bool money_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;
	if (__builtin_sub_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}

bool money_mul(int64_t amount, int64_t count, int64_t *out)
{
	int64_t r;
	if (__builtin_mul_overflow(amount, count, &r))
		return false;
	*out = r;
	return true;
}

int64_t money_div(int64_t a, int64_t d, enum money_round mode)
{
	assert(d > 0);
	/* C truncates toward zero; q and r are exact and |r| < d. */
	int64_t q = a / d, r = a % d;
	if (r == 0)
		return q;
	if (mode == MONEY_FLOOR)
		return r < 0 ? q - 1 : q;
	int64_t ar = r < 0 ? -r : r;
	int64_t rest = d - ar; /* distance to the next multiple away from zero */
	bool away;
	if (ar != rest)
		away = ar > rest;
	else if (mode == MONEY_HALF_UP)
		away = true;
	else
		away = (q % 2) != 0; /* half-even: move only if q is odd */
	if (!away)
		return q;
	return r < 0 ? q - 1 : q + 1;
}

void money_split(int64_t total, size_t n, int64_t *parts)
{
	assert(n > 0);
	int64_t dn = (int64_t)n;
	int64_t base = money_div(total, dn, MONEY_FLOOR);
	int64_t extra = total - base * dn; /* 0 <= extra < n */
	for (size_t i = 0; i < n; i++)
		parts[i] = base + ((int64_t)i < extra ? 1 : 0);
}

int money_decimals_needed(int64_t amount)
{
	uint64_t frac = amount < 0 ? (uint64_t)(-(amount + 1)) + 1 : (uint64_t)amount;
	frac %= (uint64_t)MONEY_KDKK;
	int d = MONEY_DECIMALS;
	if (frac == 0)
		return 0;
	while (frac % 10 == 0) {
		frac /= 10;
		d--;
	}
	return d;
}

void money_format_kdkk(struct strbuf *out, int64_t amount, bool danish, int min_decimals)
{
	/* Work on the magnitude as unsigned so INT64_MIN has one too. */
	bool neg = amount < 0;
	uint64_t mag = neg ? (uint64_t)(-(amount + 1)) + 1 : (uint64_t)amount;
	uint64_t whole = mag / (uint64_t)MONEY_KDKK, frac = mag % (uint64_t)MONEY_KDKK;
	int dec = money_decimals_needed(amount);
	if (min_decimals > MONEY_DECIMALS)
		min_decimals = MONEY_DECIMALS;
	if (dec < min_decimals)
		dec = min_decimals;
	if (neg)
		strbuf_addch(out, '-');
	/* Group the whole part by hand: fmt_int_grouped takes long long and the
	 * magnitude of INT64_MIN / MONEY_KDKK fits, but stay in unsigned. */
	char digits[24];
	int nd = 0;
	do {
		digits[nd++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole);
	for (int i = nd - 1; i >= 0; i--) {
		strbuf_addch(out, digits[i]);
		if (i > 0 && i % 3 == 0)
			strbuf_addch(out, danish ? '.' : ',');
	}
	if (dec > 0) {
		strbuf_addch(out, danish ? ',' : '.');
		char f[MONEY_DECIMALS + 1];
		uint64_t v = frac;
		for (int i = MONEY_DECIMALS - 1; i >= 0; i--) {
			f[i] = (char)('0' + v % 10);
			v /= 10;
		}
		strbuf_add(out, f, (size_t)dec);
	}
}

bool money_parse_kdkk(const char *s, size_t n, char dec, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && s[i] == '-') {
		neg = true;
		i++;
	}
	int64_t whole = 0;
	size_t nd = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, nd++)
		if (__builtin_mul_overflow(whole, 10, &whole) ||
		    __builtin_add_overflow(whole, s[i] - '0', &whole))
			return false;
	int64_t frac = 0;
	int fd = 0;
	if (i < n && s[i] == dec) {
		i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			if (++fd > MONEY_DECIMALS)
				return false;
			frac = frac * 10 + (s[i] - '0');
		}
		if (fd == 0)
			return false; /* "3." is a typo, not 3 */
	}
	if (i != n || nd == 0)
		return false;
	for (int k = fd; k < MONEY_DECIMALS; k++)
		frac *= 10;
	int64_t v;
	if (__builtin_mul_overflow(whole, MONEY_KDKK, &v) || __builtin_add_overflow(v, frac, &v))
		return false;
	*out = neg ? -v : v;
	return true;
}
