/*
 * Rate limiting for a scan: one limit for the whole scan and one per target
 * host, so a large scope is spread over time and no single camera gets
 * every probe at once.
 *
 * Both are GCRA (the virtual-scheduling form of a token bucket, ITU-T
 * I.371): a "theoretical arrival time" per limit, a send allowed when the
 * clock has reached it minus the burst allowance. Integer nanoseconds
 * only, and the clock is the caller's: the tests drive it by hand and
 * assert exact schedules, never real time.
 */
#ifndef VS_SCAN_RATE_H
#define VS_SCAN_RATE_H

#include <stdint.h>

#include "util/err.h"

struct rate_gcra {
	int64_t tat;      /* theoretical arrival time, ns */
	int64_t interval; /* ns between sends at the sustained rate */
	int64_t tolerance; /* (burst - 1) * interval */
};

struct rate {
	struct rate_gcra all;
	int64_t host_interval, host_tolerance;
	int64_t *host_tat; /* per host index (scope_index); 0 = never sent */
	uint64_t hosts;
};

/*
 * pps: sends per second over the scan; host_pps, host_burst per host.
 * hosts: how many per-host slots (the scope's count). VS_ENOMEM, or
 * VS_EBADVAL for a rate of 0.
 */
enum vs_err rate_init(struct rate *r, unsigned pps, unsigned burst, unsigned host_pps,
		      unsigned host_burst, uint64_t hosts, struct vs_error *err);
void rate_release(struct rate *r);

/*
 * May one packet go to host index `host` (-1: a broadcast, which counts
 * only against the scan's limit) at time now_ns? 0: yes, and the send is
 * charged to both limits. Otherwise the nanoseconds until it may, and
 * nothing is charged.
 */
int64_t rate_take(struct rate *r, int64_t host, int64_t now_ns);

#endif
