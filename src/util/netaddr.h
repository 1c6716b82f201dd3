/*
 * Which addresses are this network's own rather than an external peer's:
 * private (RFC 1918, RFC 6598 shared), loopback, link-local, multicast and
 * unspecified for IPv4; unique-local, link-local, multicast, :: and ::1 for
 * IPv6. The rule capture/ applies to frames, shared with the importers of
 * other tools' connection logs so a log and a capture call the same peers
 * external.
 */
#ifndef VS_UTIL_NETADDR_H
#define VS_UTIL_NETADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool net_v4_local(const uint8_t a[4]);
bool net_v6_local(const uint8_t a[16]);
/* family AF_INET (4 bytes) or AF_INET6 (16). */
bool net_addr_local(int family, const uint8_t *a);

/* inet_ntop's text and contract (NULL when the family is neither or the
 * text does not fit size), IPv4 written by hand: a capture formats an
 * address for every peer, name answer and binding, and glibc's inet_ntop
 * went through sprintf at some 1,700 instructions an address. */
const char *net_ntop(int family, const void *addr, char *dst, size_t size);

#endif
