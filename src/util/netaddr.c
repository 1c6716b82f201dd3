#include "util/netaddr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

bool net_v4_local(const uint8_t a[4])
{
	return a[0] == 10 || a[0] == 127 || a[0] == 0 || a[0] >= 224 ||
	       (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168) ||
	       (a[0] == 169 && a[1] == 254) || (a[0] == 100 && (a[1] & 0xc0) == 64);
}

bool net_v6_local(const uint8_t a[16])
{
	static const uint8_t zero[15];
	return a[0] == 0xff || (a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||
	       memcmp(a, zero, 15) == 0; /* :: and ::1 */
}

bool net_addr_local(int family, const uint8_t *a)
{
	return family == AF_INET6 ? net_v6_local(a) : net_v4_local(a);
}

const char *net_ntop(int family, const void *addr, char *dst, size_t size)
{
	if (family != AF_INET)
		return inet_ntop(family, addr, dst, (socklen_t)(size > 65535 ? 65535 : size));
	const uint8_t *a = addr;
	char t[16]; /* "255.255.255.255" */
	size_t n = 0;
	for (int i = 0; i < 4; i++) {
		unsigned v = a[i];
		if (i)
			t[n++] = '.';
		if (v >= 100)
			t[n++] = (char)('0' + v / 100);
		if (v >= 10)
			t[n++] = (char)('0' + v / 10 % 10);
		t[n++] = (char)('0' + v % 10);
	}
	if (n >= size) {
		errno = ENOSPC;
		return NULL;
	}
	memcpy(dst, t, n);
	dst[n] = '\0';
	return dst;
}
