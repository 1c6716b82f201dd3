/*
 * The probes a scan sends: what each asks, on which port, and in which
 * phase. None logs in or carries a credential beyond the SNMP read
 * community the user names (v2c "public" by default, as every SNMP
 * manager starts); each is the request a vendor's own tool or a standard
 * client sends to find devices.
 *
 * Phase 1 goes to every target (liveness and discovery); phase 2 only to
 * targets that answered something in phase 1 (banners, follow-ups).
 */
#ifndef VS_SCAN_PROBE_H
#define VS_SCAN_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

enum probe_id {
	PROBE_ARP,      /* who-has, raw socket, local segment, root only */
	PROBE_ICMP,     /* echo request */
	PROBE_SADP,     /* Hikvision SADP XML inquiry, UDP 37020 */
	PROBE_DHIP,     /* Dahua DHDiscover.search, UDP 37810 */
	PROBE_DHIP5050, /* Dahua's older search, UDP 5050 */
	PROBE_XM,       /* Xiongmai 1530 search, UDP 34569 */
	PROBE_WSD,      /* WS-Discovery Probe, UDP 3702 */
	PROBE_SSDP,     /* SSDP M-SEARCH ssdp:all, UDP 1900 */
	PROBE_MDNS,     /* DNS-SD PTR questions, UDP 5353 (legacy unicast) */
	PROBE_SNMP,     /* v2c GET sysDescr.0 sysObjectID.0, UDP 161 */
	PROBE_HTTP,     /* GET /, TCP 80 */
	PROBE_TLS,      /* TLS 1.2 ClientHello, TCP 443 (certificate in clear) */
	PROBE_RTSP,     /* OPTIONS, TCP 554 */
	PROBE_RTSP_DESCRIBE, /* DESCRIBE without credentials: the 401 realm */
	PROBE_HIK8000,  /* connect to Hikvision's SDK port 8000 (liveness; no greeting is parsed) */
	PROBE_DAHUA37777, /* connect to Dahua's private port 37777 (likewise) */
	PROBE_UPNP_DESC, /* GET of an SSDP LOCATION inside the scope (follow-up) */
	PROBE_COUNT
};

enum probe_transport { PROBE_T_RAW, PROBE_T_ICMP, PROBE_T_UDP, PROBE_T_TCP };

struct probe_def {
	enum probe_id id;
	const char *name; /* --probes word */
	enum probe_transport t;
	uint16_t port;
	int phase;        /* 1 or 2; 0: follow-ups only */
	uint32_t group;   /* broadcast/multicast destination on the segment, 0 = none;
	                   * GATE_BCAST means the segment's broadcast address */
	const char *what; /* for --help */
};

extern const struct probe_def probe_defs[PROBE_COUNT];

/* Bit set of enum probe_id from "sadp,http,snmp" ("all" = every probe).
 * False (and *bad names the word) for an unknown name. */
bool probe_parse_list(const char *list, uint32_t *set, char *bad, size_t bad_cap);

/*
 * The request bytes for a probe to dst (host order, for Host headers and
 * URLs), appended to out. `community` for SNMP; `path` for UPnP
 * description fetches (NULL = "/"); `seq` makes ids unique per send.
 */
void probe_build(enum probe_id id, uint32_t dst, uint16_t port, const char *community,
		 const char *path, uint32_t seq, struct strbuf *out);

#endif
