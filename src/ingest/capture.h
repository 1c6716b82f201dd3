/*
 * A capture into the store: the devices a capture saw (capture/) are
 * merged into one per physical device and identified (identify/device.h),
 * then written as hardware assets with their evidence and exposure, in one
 * transaction, as one source of kind 'capture' in a survey.
 *
 * Exposure: each external peer gets its country (geo/, when a database is
 * given) and, through the name the device resolved for it, the vendor cloud
 * it belongs to (geo/clouds.h); a peer in a country the policy counts as
 * Chinese, or in a vendor's cloud, becomes `exposure` evidence on the asset.
 * A cloud name the device resolved or only queried, without traffic seen
 * to it, is an attempt: evidence too, and an exposure row seen 'query'.
 */
#ifndef VS_INGEST_CAPTURE_H
#define VS_INGEST_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo/clouds.h"
#include "geo/geo.h"
#include "identify/recog.h"
#include "ingest/sources.h"
#include "kb/kb.h"
#include "model/model.h"
#include "model/sighting.h"
#include "policy/policy.h"
#include "store/store.h"
#include "util/err.h"

struct ingest_capture_opts {
	const char *survey; /* NULL: the base name of path */
	const char *date;   /* the survey's date (import --date); NULL keeps the survey's */
	const char *path;   /* the file, or "interface:IF" */
	const char *format; /* "pcap" or "live" (capture); "probes" (scan) */
	const char *kind;   /* the source's kind: NULL = "capture"; "scan" for active discovery */
	const char *source; /* --source NAME (ingest/sources.h); NULL = the file's canonical
			     * path, else path ("interface:IF", "scan:TARGETS") */
	const struct geo *geo;        /* NULL: peers' countries stay unknown */
	const struct clouds *clouds;  /* NULL: no vendor-cloud names */
	const struct recog *recog;    /* NULL: no Recog fingerprints */
};

/* One identified device: the asset (store id set when stored) and the
 * merged sighting it was made from. */
struct captured_device {
	struct asset asset;
	struct sighting seen;
};

struct capture_result {
	struct captured_device *dev;
	size_t n;
	char survey[256];
	size_t chinese, unknown;
	size_t fused; /* devices that were already in the survey (one register) */
	uint64_t dropped; /* devices a device file listed past VS_MAX_CAPTURE_DEVICES */
	struct ingest_removed replaced; /* the earlier capture or scan of this source it replaced */
};

/* The survey a run with options o stores into: o->survey, else the base
 * name of o->path ("captures/site-2026.pcap": "site-2026"). */
void ingest_capture_survey(const struct ingest_capture_opts *o, char *out, size_t len);

/*
 * Take the sightings (ownership moves in: `devs` is freed, whatever the
 * outcome), merge and identify them into *out, and, when st is not NULL,
 * store them in one transaction (a failure leaves the store as it was):
 * its own, or the caller's when one is open (store_in_transaction), which
 * the caller then commits or rolls back.
 * The caller releases *out with capture_result_release.
 */
enum vs_err ingest_capture(struct store *st, const struct kb *kb, const struct policy *pol,
			   struct sighting *devs, size_t n, const struct ingest_capture_opts *o,
			   struct capture_result *out, struct vs_error *err);
void capture_result_release(struct capture_result *r);

#endif
