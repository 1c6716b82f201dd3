#include "util/date.h"

#include <string.h>

static bool digits(const char *s, int n, int *value)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*value = v;
	return true;
}

bool date_valid(const char *s)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!s)
		return false;
	size_t n = strlen(s);
	int y, m, d;
	if (n != 4 && n != 7 && n != 10)
		return false;
	if (!digits(s, 4, &y) || y < 1900 || y > 2999)
		return false;
	if (n == 4)
		return true;
	if (s[4] != '-' || !digits(s + 5, 2, &m) || m < 1 || m > 12)
		return false;
	if (n == 7)
		return true;
	if (s[7] != '-' || !digits(s + 8, 2, &d) || d < 1 || d > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}
