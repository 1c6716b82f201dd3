#include "scan/rate.h"

#include <stdlib.h>
#include <string.h>

#define NS_PER_S 1000000000LL

static void gcra_init(struct rate_gcra *g, unsigned pps, unsigned burst)
{
	g->tat = 0;
	g->interval = NS_PER_S / pps;
	if (g->interval < 1)
		g->interval = 1;
	g->tolerance = (int64_t)(burst ? burst - 1 : 0) * g->interval;
}

/* Wait needed at `now` for a limit whose arrival time is *tat (0 = fresh). */
static int64_t gcra_wait(int64_t tat, int64_t tolerance, int64_t now)
{
	if (tat == 0)
		return 0;
	int64_t earliest = tat - tolerance;
	return now >= earliest ? 0 : earliest - now;
}

static int64_t gcra_next(int64_t tat, int64_t interval, int64_t now)
{
	return (tat > now ? tat : now) + interval;
}

enum vs_err rate_init(struct rate *r, unsigned pps, unsigned burst, unsigned host_pps,
		      unsigned host_burst, uint64_t hosts, struct vs_error *err)
{
	memset(r, 0, sizeof(*r));
	if (!pps || !host_pps)
		return vs_fail(err, VS_EBADVAL, "a rate of 0 packets per second sends nothing");
	gcra_init(&r->all, pps, burst);
	struct rate_gcra h;
	gcra_init(&h, host_pps, host_burst);
	r->host_interval = h.interval;
	r->host_tolerance = h.tolerance;
	r->hosts = hosts;
	if (hosts) {
		r->host_tat = calloc(hosts, sizeof(*r->host_tat));
		if (!r->host_tat)
			return vs_fail(err, VS_ENOMEM, "out of memory for %llu per-host rate limits",
				       (unsigned long long)hosts);
	}
	return VS_OK;
}

void rate_release(struct rate *r)
{
	free(r->host_tat);
	memset(r, 0, sizeof(*r));
}

int64_t rate_take(struct rate *r, int64_t host, int64_t now)
{
	int64_t w = gcra_wait(r->all.tat, r->all.tolerance, now);
	int64_t *ht = host >= 0 && (uint64_t)host < r->hosts ? &r->host_tat[host] : NULL;
	if (ht) {
		int64_t wh = gcra_wait(*ht, r->host_tolerance, now);
		if (wh > w)
			w = wh;
	}
	if (w)
		return w;
	r->all.tat = gcra_next(r->all.tat, r->all.interval, now);
	if (ht)
		*ht = gcra_next(*ht, r->host_interval, now);
	return 0;
}
