#include "util/date.h"

#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

static bool digits(const char *s, size_t n, unsigned *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return true;
}

/* Month m (1-12) of year y has a day d. */
static bool day_exists(unsigned y, unsigned m, unsigned d)
{
	static const unsigned mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d >= 1 && d <= mdays[m - 1] && !(m == 2 && d == 29 && !leap);
}

bool date_parse_day(const char *s, size_t n, uint32_t *day)
{
	unsigned y, m = 1, d = 1;
	if (n != 4 && n != 7 && n != 10)
		return false;
	if (!digits(s, 4, &y) || y < 1000)
		return false;
	if (n >= 7 && (s[4] != '-' || !digits(s + 5, 2, &m) || m < 1 || m > 12))
		return false;
	if (n == 10 && (s[7] != '-' || !digits(s + 8, 2, &d) || !day_exists(y, m, d)))
		return false;
	*day = (uint32_t)(y * 10000 + m * 100 + d);
	return true;
}

bool date_valid(const char *s)
{
	uint32_t day;
	return s && date_parse_day(s, strlen(s), &day);
}

bool date_normalize(const char *in, char out[11])
{
	uint32_t day;
	return date_normalize_day(in, out, &day);
}

bool date_normalize_day(const char *in, char out[11], uint32_t *day)
{
	/* Either form has at most 10 characters: looking at 11 is enough. */
	size_t len = strnlen(in, 11);
	if (len > 10)
		return false;
	if (date_parse_day(in, len, day)) {
		memcpy(out, in, len + 1);
		return true;
	}
	/* Day first, as Danish exports write it: D[D]-M[M]-YYYY with '-', '.' or '/'. */
	int part[3], n = 0;
	const char *p = in;
	char sep = 0;
	while (n < 3) {
		int digits_read = 0, v = 0;
		while (*p >= '0' && *p <= '9' && digits_read < 4) {
			v = v * 10 + (*p++ - '0');
			digits_read++;
		}
		if (digits_read == 0 || (n < 2 && digits_read > 2) || (n == 2 && digits_read != 4))
			return false;
		part[n++] = v;
		if (n == 3)
			break;
		if (*p != '-' && *p != '.' && *p != '/')
			return false;
		if (sep && *p != sep)
			return false;
		sep = *p++;
	}
	if (*p)
		return false;
	/* Checked as date_parse_day checks "YYYY-MM-DD" (the year has four
	 * digits, the day and month at most two), and built by hand: this runs
	 * for every row of a large import. */
	unsigned y = (unsigned)part[2], m = (unsigned)part[1], d = (unsigned)part[0];
	if (y < 1000 || m < 1 || m > 12 || !day_exists(y, m, d))
		return false;
	char iso[11] = {(char)('0' + y / 1000), (char)('0' + y / 100 % 10), (char)('0' + y / 10 % 10),
			(char)('0' + y % 10),	 '-', (char)('0' + m / 10), (char)('0' + m % 10), '-',
			(char)('0' + d / 10),	 (char)('0' + d % 10), '\0'};
	*day = (uint32_t)(y * 10000 + m * 100 + d);
	memcpy(out, iso, sizeof(iso));
	return true;
}

bool date_utc_stamp(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	out[0] = '\0';
	if (t < 0 || !gmtime_r(&tt, &tm) || tm.tm_year + 1900 > 9999 ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20) {
		out[0] = '\0';
		return false;
	}
	return true;
}
