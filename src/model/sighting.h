/*
 * A device as a passive source saw it: the link-layer address it spoke
 * from, the addresses it used, each fact it revealed about itself (an
 * observation: method, field, value, when), the external peers it talked
 * to and the names it resolved. capture/ fills sightings; identify/ merges
 * the ones that are one device and decides what each is.
 *
 * Bounded by util/limits.h: a sighting keeps at most VS_MAX_DEVICE_OBS
 * observations, VS_MAX_DEVICE_ADDRS addresses, VS_MAX_DEVICE_PEERS peers,
 * VS_MAX_DEVICE_NAMES resolved names and VS_MAX_DEVICE_QUERIES names only
 * queried; what does not fit is counted in `dropped`, so
 * a report can say so. Strings are heap copies owned by the sighting.
 */
#ifndef VS_MODEL_SIGHTING_H
#define VS_MODEL_SIGHTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/limits.h"

#define SIGHTING_ADDR_TEXT 46 /* INET6_ADDRSTRLEN */

struct observation {
	char *method;  /* sadp, dhip, xm, wsd, ssdp, mdns, dhcp, http, rtsp, sip, tls, lldp, cdp, snmp */
	char *field;   /* model, serial, firmware, hostname, realm, server, user_agent … */
	char *value;
	double confidence; /* how much the protocol vouches for the value (0-1) */
	int64_t first_us, last_us; /* capture time, microseconds since the epoch */
	int64_t line; /* the line of the file that said it (device files); 0: none */
};

struct peer {
	char addr[SIGHTING_ADDR_TEXT];
	uint8_t family;  /* AF_INET or AF_INET6 */
	uint8_t bin[16]; /* the address as carried (4 or 16 bytes) */
	char *name;    /* a DNS name or TLS server name the device used for it; NULL if none */
	char *country; /* ISO alpha-2 when a geo database said; NULL otherwise */
	char *cloud;   /* the vendor cloud `name` belongs to ("hikvision: Hik-Connect …"); NULL if none */
	uint64_t bytes; /* both directions, IP length */
	int64_t first_us, last_us;
};

/* A name the device looked up: with the address an answer (or a TLS
 * connection) gave, or with addr "" when only its query was seen (no
 * answer, NXDOMAIN, or a firewall that dropped it). */
struct resolved_name {
	char addr[SIGHTING_ADDR_TEXT];
	char *name;
	/* Set by ingest/ when the name is a vendor cloud's and no traffic to
	 * it was seen: an attempt to reach the cloud. NULL otherwise. */
	char *cloud;
	int64_t first_us, last_us;
};

struct sighting {
	bool has_mac;
	uint8_t mac[6];
	char addrs[VS_MAX_DEVICE_ADDRS][SIGHTING_ADDR_TEXT]; /* first seen first */
	size_t n_addrs;
	struct observation *obs;
	size_t n_obs, alloc_obs;
	struct peer *peers;
	size_t n_peers, alloc_peers;
	/* Index over peers (index + 1; 0 empty), a power of two kept at most
	 * half full: a busy PC's peers are looked up on every external frame. */
	uint16_t *peer_slot;
	size_t n_peer_slots;
	struct resolved_name *names;
	size_t n_names, alloc_names;
	size_t n_queries; /* of names, those with no address (at most VS_MAX_DEVICE_QUERIES) */
	int64_t first_us, last_us;
	uint64_t packets;
	uint64_t dropped; /* facts, addresses, peers or names past a limit */
};

void sighting_init(struct sighting *s);
void sighting_release(struct sighting *s);

/*
 * Add an observation, or widen the time span of an identical one. value is
 * n bytes of untrusted text: cut at VS_MAX_OBS_VALUE (the cut is marked in
 * the value), NUL and control bytes replaced by '?'. An empty value is
 * ignored. False only when memory ran out.
 */
bool sighting_observe(struct sighting *s, const char *method, const char *field,
		      const void *value, size_t n, double confidence, int64_t ts_us);
/* sighting_observe for a fact a file states at `line` (1-based; the first
 * line that said it is kept). */
bool sighting_observe_line(struct sighting *s, const char *method, const char *field,
			   const void *value, size_t n, double confidence, int64_t line);
/* The first value of (method, field) when method is non-NULL, else of field
 * under any method; NULL when none. */
const char *sighting_value(const struct sighting *s, const char *method, const char *field);
/* Remember an address the device used (text form); duplicates are ignored. */
void sighting_add_addr(struct sighting *s, const char *addr);
bool sighting_has_addr(const struct sighting *s, const char *addr);
/* Count bytes exchanged with an external peer, an address of `family`
 * (AF_INET: 4 bytes, AF_INET6: 16). False only on memory failure. */
bool sighting_peer_bytes(struct sighting *s, int family, const uint8_t *addr, uint64_t bytes,
			 int64_t ts_us);
/* The device looked up `name` and got `addr` (DNS answer, TLS SNI to addr),
 * or, with addr "", asked for it (a DNS query): a name already held only
 * widens its time span, and an answer gives a name only queried its
 * address. Names compare without regard to ASCII case. False only when
 * memory ran out. */
bool sighting_add_name(struct sighting *s, const char *addr, const char *name, int64_t ts_us);
/* Move everything of src into dst (identity resolution); src is released. */
bool sighting_merge(struct sighting *dst, struct sighting *src);

#endif
