/*
 * Active discovery: send the probes (scan/probe.h) to every address in a
 * scope (scan/scope.h) through the gate (scan/gate.h), collect the
 * replies, and hand them to the passive dissection (capture/) as
 * payloads with their real addresses and ports (capture_payload), so a
 * reply is read by exactly the code that reads it off the wire and the
 * device is identified by the one identification module
 * (identify/device.h).
 *
 * Order of privileges: scan_open opens what needs root (the raw socket for
 * the ARP sweep, which also hears LLDP and layer-2 SADP; a raw ICMP socket)
 * and then drops privileges (util/priv.h) before any reply is read. Without
 * root the scan runs without them and scan_open says what it skipped.
 *
 * Phases: (1) every target: ARP, ICMP echo, the UDP discovery probes (and,
 * when the scope holds the interface's whole segment, the same probes once
 * as broadcast/multicast with TTL 1), TCP 80 and 443; (2) targets that
 * answered: RTSP, the vendor ports, and GETs of SSDP LOCATION URLs that
 * point inside the scope (elsewhere: refused and counted).
 *
 * A reply is kept only from an address inside the scope. MAC addresses
 * come from the ARP sweep or, without root, the kernel's neighbour table
 * after the probes (a target beyond a router has none: only replies that
 * carry their own MAC, SADP, DHIP and XMeye, identify it).
 */
#ifndef VS_SCAN_SCAN_H
#define VS_SCAN_SCAN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture/capture.h"
#include "model/sighting.h"
#include "scan/scope.h"
#include "util/err.h"

struct scan_opts {
	unsigned pps;         /* 0: VS_SCAN_DEFAULT_PPS */
	unsigned host_pps;    /* 0: VS_SCAN_HOST_PPS */
	unsigned timeout_ms;  /* per probe reply; 0: 1500 */
	uint32_t probes;      /* bit set of enum probe_id; 0: all */
	const char *community; /* SNMP v2c read community; NULL: "public" */
	const char *ifname;   /* NULL: the interface whose subnet holds the first target */
	volatile sig_atomic_t *stop; /* set (by a signal handler) to stop probing */
	/* Called after each send batch with (done, total) probe sends. */
	void (*progress)(uint64_t done, uint64_t total, void *ctx);
	void *progress_ctx;
};

struct scan_stats {
	uint64_t sent;          /* packets and connection attempts that left */
	uint64_t refused;       /* sends the gate refused (outside TARGETS) */
	uint64_t send_errors;   /* sends the system refused (no route …) */
	uint64_t replies;       /* replies kept */
	uint64_t foreign;       /* replies from outside the scope, dropped */
	uint64_t replies_dropped; /* past VS_SCAN_MAX_REPLIES */
	uint64_t hosts_alive;   /* targets that answered anything */
	uint64_t follow_refused; /* SSDP LOCATIONs outside the scope, not fetched */
	bool interrupted;       /* stopped by *stop */
	bool broadcast;         /* the segment was in scope: group probes sent */
	char ifname[32];        /* the interface used for ARP/broadcast, or "" */
	char dropped_to[64];    /* account privileges were dropped to ("" = not root) */
	char skipped[256];      /* probes that could not run, and why */
};

struct scan;

/* Open the sockets (raw ones first when root), then drop privileges. The
 * scope must be sealed and must outlive the scan; scan_open records in it
 * whether the interface's segment is whole in scope (scope_set_segment). */
enum vs_err scan_open(struct scope *scope, const struct scan_opts *o, struct scan **out,
		      struct scan_stats *st, struct vs_error *err);
void scan_close(struct scan *s);

/* Probe; every reply kept goes into cap (capture_payload; ARP, LLDP and
 * layer-2 SADP as the frames they are). VS_ENOMEM, or VS_EIO
 * when polling fails; a stop request is not an error (st->interrupted). */
enum vs_err scan_run(struct scan *s, struct capture *cap, struct scan_stats *st,
		     struct vs_error *err);

/*
 * After capture_detach: add what the replies said that the passive
 * dissection has no place for (the UPnP description XML fetched from a
 * LOCATION: manufacturer, model, serial, as method "upnp"), to the
 * sighting that owns the address. False only when memory ran out.
 */
bool scan_annotate(struct scan *s, struct sighting *devs, size_t n);

/*
 * An SSDP reply's LOCATION as a follow-up target: "http://a.b.c.d[:port]/path"
 * with an IPv4 literal (a host name is not resolved: the scope is addresses).
 * VS_EBADVAL when the reply has no such URL. The caller sends the GET
 * through the gate, which refuses an address outside the scope.
 */
enum vs_err scan_location(const uint8_t *reply, size_t n, uint32_t *addr, uint16_t *port,
			  char *path, size_t path_cap);

#endif
