#include "ingest/capture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "identify/device.h"
#include "store/query_exposure.h"

void capture_result_release(struct capture_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		asset_release(&r->dev[i].asset);
		sighting_release(&r->dev[i].seen);
	}
	free(r->dev);
	memset(r, 0, sizeof(*r));
}

static void iso_time(int64_t us, char out[32])
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}

/* Countries and cloud names for the peers, when a geo source is given. */
static void locate(struct captured_device *d, const struct ingest_geo *geo)
{
	for (size_t i = 0; geo && i < d->seen.n_peers; i++) {
		struct peer *p = &d->seen.peers[i];
		char cc[3];
		if (geo->country && !p->country && geo->country(p->addr, cc, geo->ctx))
			p->country = strdup(cc); /* NULL on failure: the country stays unknown */
	}
}

/* "captures/site-2026.pcap" -> "site-2026" */
static void base_name(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');
	const char *b = slash ? slash + 1 : path;
	const char *dot = strrchr(b, '.');
	size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
	snprintf(out, len, "%.*s", (int)n, b);
}

static enum vs_err store_device(struct store *st, const struct kb *kb, int64_t survey_id,
				int64_t source_id, struct captured_device *d,
				const struct ingest_geo *geo, struct vs_error *err)
{
	enum vs_err rc = store_asset_insert(st, survey_id, source_id, &d->asset, err);
	const struct kb_vendor *v = d->asset.vendor ? kb_vendor_by_id(kb, d->asset.vendor) : NULL;
	if (!rc && v) {
		const struct kb_edge *chain[1];
		size_t n = kb_owner_chain(kb, v->id, NULL, chain, 1);
		rc = store_vendor_upsert(st, v->id, v->name, v->country,
					 n ? chain[0]->owner->id : NULL, v->source, err);
	}
	for (size_t i = 0; !rc && i < d->seen.n_peers; i++) {
		const struct peer *p = &d->seen.peers[i];
		char first[32], last[32];
		iso_time(p->first_us, first);
		iso_time(p->last_us, last);
		struct exposure_row r = {
			.peer = p->addr, .name = p->name, .country = p->country,
			.cloud = geo && geo->cloud && p->name ? geo->cloud(p->name, geo->ctx) : NULL,
			.bytes = p->bytes, .first_seen = first, .last_seen = last,
		};
		rc = store_exposure_add(st, d->asset.id, &r, err);
	}
	return rc;
}

enum vs_err ingest_capture(struct store *st, const struct kb *kb, const struct policy *pol,
			   struct sighting *devs, size_t n, const struct ingest_capture_opts *o,
			   struct capture_result *out, struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	enum vs_err rc = identify_merge_sightings(devs, &n, err);
	if (rc) {
		for (size_t i = 0; i < n; i++)
			sighting_release(&devs[i]);
		free(devs);
		return rc;
	}
	out->dev = calloc(n ? n : 1, sizeof(*out->dev));
	if (!out->dev) {
		for (size_t i = 0; i < n; i++)
			sighting_release(&devs[i]);
		free(devs);
		return vs_fail(err, VS_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		out->dev[i].seen = devs[i];
		asset_init(&out->dev[i].asset);
	}
	out->n = n;
	free(devs);

	if (o->survey)
		snprintf(out->survey, sizeof(out->survey), "%s", o->survey);
	else
		base_name(o->path, out->survey, sizeof(out->survey));
	if (!out->survey[0])
		return vs_fail(err, VS_EUSAGE, "the survey needs a name (--survey NAME)");

	struct survey_info si = {0};
	if (st) {
		rc = store_begin(st, err);
		if (!rc)
			rc = store_survey_get(st, out->survey, NULL, true, &si, err);
		if (rc) {
			store_rollback(st);
			return rc;
		}
	}
	/* Ownership is judged when the devices were seen: the survey's date, or
	 * the day of the capture's last packet. */
	char day[32] = "";
	const char *date = si.date[0] ? si.date : NULL;
	const char *why = "the survey's date";
	if (!date) {
		int64_t last = 0;
		for (size_t i = 0; i < n; i++)
			if (out->dev[i].seen.last_us > last)
				last = out->dev[i].seen.last_us;
		iso_time(last, day);
		day[10] = '\0';
		date = day[0] ? day : NULL;
		why = "the day of the capture's last packet";
	}
	for (size_t i = 0; !rc && i < n; i++) {
		struct captured_device *d = &out->dev[i];
		rc = identify_sighting(kb, pol, &d->seen, date, why, &d->asset, err);
		if (rc)
			break;
		locate(d, o->geo);
		if (d->asset.chinese == TRI_YES)
			out->chinese++;
		else if (d->asset.chinese == TRI_UNKNOWN)
			out->unknown++;
	}
	if (rc && st)
		store_rollback(st);
	if (rc || !st)
		return rc;
	int64_t source_id = 0;
	rc = store_source_add(st, si.id, "capture", o->format, o->path, &source_id, err);
	for (size_t i = 0; !rc && i < n; i++)
		rc = store_device(st, kb, si.id, source_id, &out->dev[i], o->geo, err);
	if (!rc)
		rc = store_source_set_rows(st, source_id, (int64_t)n, err);
	if (!rc)
		rc = store_commit(st, err);
	if (rc)
		store_rollback(st);
	return rc;
}
