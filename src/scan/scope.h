/*
 * What a scan may touch, decided once, before the first packet.
 *
 * TARGETS are IPv4 hosts ("10.0.0.7"), CIDR blocks ("10.0.0.0/24"; the
 * network and broadcast addresses of a block of /30 or wider are not hosts
 * and are left out) and ranges ("10.0.0.5-10.0.0.9", "10.0.0.5-9"). The
 * set is kept as sorted, merged intervals, so membership is a binary
 * search and an address's index (0 .. scope_count-1) keys per-host state.
 *
 * Refused outright: public addresses unless allow_public (a typo must not
 * aim a scan at someone else's network), multicast, broadcast and 0/8 (not
 * hosts), and a scope of more than VS_MAX_SCAN_TARGETS addresses.
 *
 * Every packet a scan sends leaves through scope_send (scan/gate.c), the
 * one function that checks membership, so nothing outside TARGETS can be
 * sent to by construction. Broadcast and link-local multicast discovery
 * (255.255.255.255, 239.255.255.250 …, sent with TTL 1) are allowed only
 * when the scope holds the whole subnet of the interface they leave by:
 * every host that can hear them is then a named target.
 */
#ifndef VS_SCAN_SCOPE_H
#define VS_SCAN_SCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct scope_range {
	uint32_t lo, hi; /* host order, inclusive */
};

struct scope {
	struct scope_range *r; /* sorted, disjoint, not adjacent */
	size_t n, alloc;
	uint64_t count;        /* addresses in all ranges */
	size_t *base;          /* base[i]: index of r[i].lo (built by scope_seal) */
	bool sealed;
	/* The segment broadcasts may reach, set by scope_set_segment when the
	 * scope covers it whole (network order kept in host order here). */
	bool segment_ok;
	uint32_t seg_net, seg_mask;
};

void scope_init(struct scope *s);
void scope_release(struct scope *s);

/*
 * Add one TARGETS word. VS_EBADVAL: not an address, CIDR or range (the
 * message quotes it); VS_EPERM: a public address without allow_public, or
 * a multicast/broadcast/0.x address; VS_ETOOBIG: the scope would exceed
 * VS_MAX_SCAN_TARGETS.
 */
enum vs_err scope_add(struct scope *s, const char *word, bool allow_public, struct vs_error *err);

/* Freeze the set (after the last scope_add). VS_EUSAGE when empty. */
enum vs_err scope_seal(struct scope *s, struct vs_error *err);

/* Addresses in scope (host order). */
bool scope_contains(const struct scope *s, uint32_t addr);
/* Index of addr in 0 .. count-1, or -1 when outside. */
int64_t scope_index(const struct scope *s, uint32_t addr);
/* The address with index i (i < count). */
uint32_t scope_addr(const struct scope *s, uint64_t i);

/*
 * The interface's subnet (host order). Broadcasts are allowed only when
 * every address of that subnet except its network and broadcast address is
 * in scope; returns whether they are.
 */
bool scope_set_segment(struct scope *s, uint32_t net, uint32_t mask);

/* Private, loopback, link-local or shared (CGNAT) space: not public. */
bool scope_addr_private(uint32_t addr);

/* "a.b.c.d" (host order) into buf[16]. */
void scope_addr_text(uint32_t addr, char buf[16]);

#endif
