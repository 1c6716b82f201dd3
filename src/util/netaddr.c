#include "util/netaddr.h"

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
