#include "import/dev_text.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

bool dev_line(struct cur *c, long *no, struct slice *line)
{
	if (cur_eof(c) || c->bad)
		return false;
	bool found;
	*line = cur_until(c, '\n', &found);
	if (line->len && line->p[line->len - 1] == '\r')
		line->len--;
	(*no)++;
	return true;
}

static bool blank(uint8_t b)
{
	return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\f' || b == '\v';
}

struct slice dev_trim(struct slice s)
{
	while (s.len && blank(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len && blank(s.p[s.len - 1]))
		s.len--;
	return s;
}

struct slice dev_word(struct slice *rest)
{
	struct slice r = dev_trim(*rest), w = {r.p, 0};
	while (w.len < r.len && !blank(r.p[w.len]))
		w.len++;
	rest->p = r.p + w.len;
	rest->len = r.len - w.len;
	return w;
}

bool dev_starts(struct slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len >= n && memcmp(s.p, lit, n) == 0;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool eq_nocase(const uint8_t *p, const char *lit, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lower(p[i]) != lower((unsigned char)lit[i]))
			return false;
	return true;
}

bool dev_starts_nocase(struct slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len >= n && eq_nocase(s.p, lit, n);
}

bool dev_has_nocase(struct slice s, const char *lit)
{
	size_t n = strlen(lit);
	for (size_t i = 0; n <= s.len && i <= s.len - n; i++)
		if (eq_nocase(s.p + i, lit, n))
			return true;
	return false;
}

bool dev_all_digits(struct slice s)
{
	for (size_t i = 0; i < s.len; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
	return s.len > 0;
}

bool dev_uint(struct slice s, unsigned long *v)
{
	if (!dev_all_digits(s) || s.len > 9)
		return false;
	*v = 0;
	for (size_t i = 0; i < s.len; i++)
		*v = *v * 10 + (unsigned long)(s.p[i] - '0');
	return true;
}


bool dev_mac(struct slice s, uint8_t mac[6])
{
	s = dev_trim(s);
	/* Groups of hex digits between one kind of separator. */
	size_t glen[7] = {0}, groups = 1;
	uint8_t sep = 0;
	uint64_t v = 0, group_v[7] = {0};
	for (size_t i = 0; i < s.len; i++) {
		int h = text_hex_value(s.p[i]);
		if (h >= 0) {
			if (++glen[groups - 1] > 12)
				return false;
			group_v[groups - 1] = group_v[groups - 1] << 4 | (uint64_t)h;
			continue;
		}
		if ((s.p[i] != ':' && s.p[i] != '-' && s.p[i] != '.' && s.p[i] != ' ') ||
		    (sep && s.p[i] != sep) || glen[groups - 1] == 0 || groups == 6)
			return false;
		sep = s.p[i];
		groups++;
	}
	if (glen[groups - 1] == 0)
		return false;
	size_t want = groups == 6 ? 2 : groups == 3 ? 4 : groups == 2 ? 6 : 0;
	if (!want)
		return false;
	for (size_t g = 0; g < groups; g++) {
		/* One-digit octets only in the six-group form (net-snmp). */
		if (glen[g] > want || (glen[g] < want && groups != 6))
			return false;
		v = v << (4 * want) | group_v[g];
	}
	for (int i = 5; i >= 0; i--) {
		mac[i] = (uint8_t)v;
		v >>= 8;
	}
	static const uint8_t zero[6], bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	return memcmp(mac, zero, 6) != 0 && memcmp(mac, bcast, 6) != 0;
}

bool dev_addr(struct slice s, char out[SIGHTING_ADDR_TEXT])
{
	char text[SIGHTING_ADDR_TEXT];
	s = dev_trim(s);
	if (s.len == 0 || s.len >= sizeof(text))
		return false;
	memcpy(text, s.p, s.len);
	text[s.len] = '\0';
	uint8_t bin[16];
	if (inet_pton(AF_INET, text, bin) == 1)
		return inet_ntop(AF_INET, bin, out, SIGHTING_ADDR_TEXT) != NULL;
	if (inet_pton(AF_INET6, text, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, SIGHTING_ADDR_TEXT) != NULL;
	return false;
}

enum vs_err dev_fail(struct vs_error *err, const char *name, long line, const char *fmt, ...)
{
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return vs_fail(err, VS_EBADVAL, "%s:%ld: %s", name, line, why);
}

bool dev_observe(struct sighting *s, const char *method, const char *field, struct slice v,
		 double confidence, long line, bool *oom)
{
	v = dev_trim(v);
	if (!s || v.len == 0)
		return true;
	if (!sighting_observe_line(s, method, field, v.p, v.len, confidence, line)) {
		*oom = true;
		return false;
	}
	return true;
}

struct sighting *dev_device(struct device_list *l, const uint8_t mac[6], const char *addr,
			    bool *oom)
{
	struct sighting *s = device_list_by_mac(l, mac, oom);
	if (s && addr && addr[0])
		sighting_add_addr(s, addr);
	return s;
}
