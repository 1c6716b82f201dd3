#include "ingest/capture.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "identify/device.h"
#include "ingest/fuse.h"
#include "store/query_exposure.h"
#include "store/query_facts.h"
#include "store/query_fusion.h"
#include "store/query_observation.h"
#include "util/date.h"
#include "util/limits.h"

void capture_result_release(struct capture_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		asset_release(&r->dev[i].asset);
		sighting_release(&r->dev[i].seen);
	}
	free(r->dev);
	memset(r, 0, sizeof(*r));
}

/* "" for no time: a frame stamped 0 (a capture written without a clock)
 * says nothing about when, least of all 1970. */
static void iso_time(int64_t us, char out[32])
{
	out[0] = '\0';
	if (us <= 0)
		return;
	time_t t = (time_t)(us / 1000000);
	/* Every fact and peer of every device has two times, and a capture's
	 * are few distinct seconds: the last one formatted is kept (strftime
	 * was 3 % of a capture's instructions). */
	static _Thread_local time_t last_t = -1;
	static _Thread_local char last[32];
	if (t == last_t) {
		memcpy(out, last, sizeof(last));
		return;
	}
	if (!date_utc_stamp((int64_t)t, out))
		return;
	memcpy(last, out, sizeof(last));
	last_t = t;
}

/* Traffic to a name: a peer carrying it, or one at an address it resolved to. */
static bool name_talked_to(const struct sighting *s, const char *name)
{
	for (size_t k = 0; k < s->n_peers; k++) {
		const struct peer *p = &s->peers[k];
		if (p->name && strcasecmp(p->name, name) == 0)
			return true;
		for (size_t i = 0; i < s->n_names; i++)
			if (s->names[i].addr[0] && strcmp(s->names[i].addr, p->addr) == 0 &&
			    strcasecmp(s->names[i].name, name) == 0)
				return true;
	}
	return false;
}

/* Is names[i]'s name held by an earlier entry (resolved to another address)? */
static bool name_earlier(const struct sighting *s, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcasecmp(s->names[j].name, s->names[i].name) == 0)
			return true;
	return false;
}

/* Countries and vendor clouds for the peers, and the evidence an auditor
 * reads for an exposed device. */
static enum vs_err locate(struct captured_device *d, const struct policy *pol,
			  const struct ingest_capture_opts *o, struct vs_error *err)
{
	struct sighting *s = &d->seen;
	bool oom = false;
	for (size_t i = 0; i < s->n_peers; i++) {
		struct peer *p = &s->peers[i];
		uint8_t addr[16];
		int family = strchr(p->addr, ':') ? AF_INET6 : AF_INET;
		char cc[3];
		struct vs_error gerr = {0};
		if (o->geo && inet_pton(family, p->addr, addr) == 1 &&
		    geo_country(o->geo, addr, family, cc, &gerr) == GEO_COUNTRY)
			oom |= !str_set(&p->country, cc);
		const struct cloud *cl = p->name ? cloud_match(o->clouds, p->name) : NULL;
		if (cl) {
			char what[512];
			snprintf(what, sizeof(what), "%s: %s", cl->vendor, cl->service);
			oom |= !str_set(&p->cloud, what);
		}
		bool cn = p->country && policy_country_chinese(pol, p->country) == TRI_YES;
		if (!cn && !cl)
			continue;
		char why[1024];
		snprintf(why, sizeof(why), "%llu bytes with %s%s%s%s%s%s%s",
			 (unsigned long long)p->bytes, p->addr, p->name ? " (" : "",
			 p->name ? p->name : "", p->name ? ")" : "", cn ? " in " : "",
			 cn ? p->country : "", cl ? ", the vendor cloud " : "");
		if (cl)
			snprintf(why + strlen(why), sizeof(why) - strlen(why), "%s", p->cloud);
		oom |= !asset_add_evidence(&d->asset, "exposure", cl ? "cloud" : "country", why, 1.0) &&
		       d->asset.n_evidence < VS_MAX_EVIDENCE;
	}
	/* A vendor cloud's name asked for (resolved, or only queried: no
	 * answer, NXDOMAIN, a firewall that dropped it) with no traffic seen to
	 * it is an attempt to reach the cloud: evidence, and an exposure row
	 * of its own (r->cloud set; seen 'query'), one per name. */
	for (size_t i = 0; o->clouds && i < s->n_names; i++) {
		struct resolved_name *r = &s->names[i];
		const struct cloud *cl = cloud_match(o->clouds, r->name);
		if (!cl || name_talked_to(s, r->name) || name_earlier(s, i))
			continue;
		char what[512], why[1024];
		snprintf(what, sizeof(what), "%s: %s", cl->vendor, cl->service);
		oom |= !str_set(&r->cloud, what);
		if (r->addr[0])
			snprintf(why, sizeof(why), "resolved %s (%s), the vendor cloud %s; no traffic seen",
				 r->name, r->addr, what);
		else
			snprintf(why, sizeof(why), "queried %s, the vendor cloud %s; no answer or traffic seen",
				 r->name, what);
		oom |= !asset_add_evidence(&d->asset, "exposure", "dns", why, 1.0) &&
		       d->asset.n_evidence < VS_MAX_EVIDENCE;
	}
	return oom ? vs_fail(err, VS_ENOMEM, "out of memory") : VS_OK;
}

static void base_name(const char *path, char *out, size_t len);

void ingest_capture_survey(const struct ingest_capture_opts *o, char *out, size_t len)
{
	if (o->survey)
		snprintf(out, len, "%s", o->survey);
	else
		base_name(o->path, out, len);
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

/* The facts behind the asset (a->id, maybe another source's asset the
 * device fused into), each with when it was first and last seen, its
 * exposure, all under this source. Rows go to the store STORE_FACT_ROWS at
 * a time (store/query_facts.h), each with its own formatted times. */
struct fact_rows {
	struct store *st;
	int64_t asset_id;
	size_t n;
	char times[STORE_FACT_ROWS][2][32];
	union {
		struct observation_row obs[STORE_FACT_ROWS];
		struct exposure_row exp[STORE_FACT_ROWS];
	} u;
};

/* The next row's first and last times, formatted ("" when not known). */
static char (*fact_times(struct fact_rows *f, int64_t first_us, int64_t last_us))[32]
{
	iso_time(first_us, f->times[f->n][0]);
	iso_time(last_us, f->times[f->n][1]);
	return f->times[f->n];
}

static enum vs_err flush_obs(struct fact_rows *f, struct vs_error *err)
{
	enum vs_err rc = store_observations_add(f->st, f->asset_id, f->u.obs, f->n, err);
	f->n = 0;
	return rc;
}

static enum vs_err flush_exp(struct fact_rows *f, struct vs_error *err)
{
	enum vs_err rc = store_exposures_add(f->st, f->asset_id, f->u.exp, f->n, err);
	f->n = 0;
	return rc;
}

static enum vs_err store_facts(struct store *st, int64_t asset_id, int64_t source_id,
			       const struct captured_device *d, struct vs_error *err)
{
	const struct sighting *s = &d->seen;
	char first[32], last[32];
	iso_time(s->first_us, first);
	iso_time(s->last_us, last);
	struct seen_row seen = {first[0] ? first : NULL, last[0] ? last : NULL, s->packets};
	enum vs_err rc = store_seen_merge(st, asset_id, &seen, err);
	struct fact_rows f = {.st = st, .asset_id = asset_id};
	for (size_t i = 0; !rc && i < s->n_obs; i++) {
		const struct observation *o = &s->obs[i];
		char(*t)[32] = fact_times(&f, o->first_us, o->last_us);
		f.u.obs[f.n] = (struct observation_row){
			o->method, o->field, o->value, o->confidence, t[0][0] ? t[0] : NULL,
			t[1][0] ? t[1] : NULL, source_id, o->line};
		if (++f.n == STORE_FACT_ROWS)
			rc = flush_obs(&f, err);
	}
	if (!rc && f.n)
		rc = flush_obs(&f, err);
	for (size_t i = 0; !rc && i < s->n_peers; i++) {
		const struct peer *p = &s->peers[i];
		char(*t)[32] = fact_times(&f, p->first_us, p->last_us);
		f.u.exp[f.n] = (struct exposure_row){
			.peer = p->addr, .name = p->name, .country = p->country,
			.cloud = p->cloud, .bytes = p->bytes, .first_seen = t[0],
			.last_seen = t[1], .source_id = source_id,
		};
		if (++f.n == STORE_FACT_ROWS)
			rc = flush_exp(&f, err);
	}
	/* Attempts: a vendor cloud's name asked for with no traffic seen (locate). */
	for (size_t i = 0; !rc && i < s->n_names; i++) {
		const struct resolved_name *nm = &s->names[i];
		if (!nm->cloud)
			continue;
		char(*t)[32] = fact_times(&f, nm->first_us, nm->last_us);
		f.u.exp[f.n] = (struct exposure_row){
			.peer = nm->addr[0] ? nm->addr : NULL, .name = nm->name, .cloud = nm->cloud,
			.first_seen = t[0], .last_seen = t[1], .source_id = source_id, .query = true,
		};
		if (++f.n == STORE_FACT_ROWS)
			rc = flush_exp(&f, err);
	}
	if (!rc && f.n)
		rc = flush_exp(&f, err);
	return rc;
}

/*
 * One device into the register: the asset the survey already holds for it
 * (by serial, MAC, host name) gets its facts and is decided again from
 * everything known; otherwise it becomes an asset of its own.
 */
static enum vs_err store_device(struct fuse_run *fr, const struct ingest_env *env,
				int64_t source_id, const char *source_path,
				struct captured_device *d, bool *fused, struct vs_error *err)
{
	struct store *st = fr->st;
	struct fuse_match m;
	*fused = false;
	enum vs_err rc = fuse_find(fr, d->asset.serial, d->asset.mac, d->asset.hostname, &m, err);
	if (rc)
		return rc;
	if (!m.asset_id) {
		rc = store_asset_insert(st, fr->survey_id, source_id, &d->asset, err);
		if (!rc)
			rc = store_facts(st, d->asset.id, source_id, d, err);
		return rc ? rc : fuse_vendor_snapshot(fr, d->asset.vendor, err);
	}
	*fused = true;
	fr->fused++;
	rc = fuse_join(st, &m, source_id, source_path, err);
	if (!rc)
		rc = fuse_add_link(st, m.asset_id, source_id, &d->seen, err);
	if (!rc)
		rc = store_facts(st, m.asset_id, source_id, d, err);
	struct asset decided;
	asset_init(&decided);
	if (!rc)
		rc = fuse_redecide(st, env, m.asset_id, &decided, err);
	if (!rc) {
		asset_release(&d->asset);
		d->asset = decided;
	} else {
		asset_release(&decided);
	}
	return rc;
}

/*
 * The decisions (identify_sighting, then locate for the peers) of a
 * capture's devices, made on a second thread while this one stores the
 * devices before them: deciding was about a sixth of a capture's storing
 * (5,000 devices: 193 M of 1,182 M instructions), and a decision needs
 * only the sighting, the knowledge base, the policy and the GeoIP and
 * cloud tables, all read-only once loaded. Recog's matcher keeps one
 * match block for every match (identify/recog.c), so with Recog loaded
 * the decisions are made on this thread, each when its device is stored.
 */
struct identify_run {
	const struct kb *kb;
	const struct policy *pol;
	const struct ingest_capture_opts *o;
	struct captured_device *dev;
	size_t n;
	const char *date, *why;
	pthread_t thread;
	bool threaded;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t ready;      /* devices decided (under mu) */
	bool stop;         /* the storing side is done (under mu) */
	enum vs_err rc;    /* the decision of device `ready` failed: this, and err */
	struct vs_error err;
};

/* Below this many devices a thread is not worth its start. */
#define IDENTIFY_THREAD_MIN 64

static enum vs_err identify_one(struct identify_run *r, size_t i, struct vs_error *err)
{
	struct captured_device *d = &r->dev[i];
	enum vs_err rc = identify_sighting(r->kb, r->pol, &d->seen, r->date, r->why, r->o->recog,
					   &d->asset, err);
	return rc ? rc : locate(d, r->pol, r->o, err);
}

static void count_verdict(struct capture_result *out, const struct captured_device *d)
{
	if (d->asset.chinese == TRI_YES)
		out->chinese++;
	else if (d->asset.chinese == TRI_UNKNOWN)
		out->unknown++;
}

static void *identify_thread(void *arg)
{
	struct identify_run *r = arg;
	for (size_t i = 0; i < r->n; i++) {
		pthread_mutex_lock(&r->mu);
		bool stop = r->stop;
		pthread_mutex_unlock(&r->mu);
		if (stop)
			break;
		struct vs_error e = {0};
		enum vs_err rc = identify_one(r, i, &e);
		pthread_mutex_lock(&r->mu);
		if (rc) {
			r->rc = rc;
			r->err = e;
		} else {
			r->ready = i + 1;
		}
		pthread_cond_signal(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (rc)
			break;
	}
	return NULL;
}

static void identify_start(struct identify_run *r)
{
	r->threaded = false;
	r->ready = 0;
	r->stop = false;
	r->rc = VS_OK;
	if (r->o->recog || r->n < IDENTIFY_THREAD_MIN)
		return;
	if (pthread_mutex_init(&r->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&r->cv, NULL) != 0) {
		pthread_mutex_destroy(&r->mu);
		return;
	}
	r->threaded = pthread_create(&r->thread, NULL, identify_thread, r) == 0;
	if (!r->threaded) {
		pthread_cond_destroy(&r->cv);
		pthread_mutex_destroy(&r->mu);
	}
}

/* Device i decided: waited for, or (without the thread) decided now. */
static enum vs_err identify_wait(struct identify_run *r, size_t i, struct vs_error *err)
{
	if (i >= r->n)
		return VS_OK;
	if (!r->threaded) {
		if (i < r->ready)
			return VS_OK;
		enum vs_err rc = identify_one(r, i, err);
		if (!rc)
			r->ready = i + 1;
		return rc;
	}
	pthread_mutex_lock(&r->mu);
	while (r->ready <= i && !r->rc)
		pthread_cond_wait(&r->cv, &r->mu);
	enum vs_err rc = r->ready > i ? VS_OK : r->rc;
	if (rc)
		*err = r->err;
	pthread_mutex_unlock(&r->mu);
	return rc;
}

static void identify_end(struct identify_run *r)
{
	if (!r->threaded)
		return;
	pthread_mutex_lock(&r->mu);
	r->stop = true;
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->thread, NULL);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	r->threaded = false;
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

	ingest_capture_survey(o, out->survey, sizeof(out->survey));
	if (!out->survey[0])
		return vs_fail(err, VS_EUSAGE, "the survey needs a name (--survey NAME)");

	struct survey_info si = {0};
	/* A caller holding a transaction (db import-sensors: the source is
	 * marked imported in the same one) commits or rolls back itself. */
	bool own = st && !store_in_transaction(st);
	if (st) {
		rc = store_facts_cache(st, n, err);
		if (!rc && own)
			rc = store_begin(st, err);
		if (!rc)
			rc = store_survey_get(st, out->survey, o->date, true, &si, err);
		if (rc) {
			if (own)
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
		why = o->kind && strcmp(o->kind, "import") == 0 ? "the day of the file's last record"
		      : o->kind && strcmp(o->kind, "scan") == 0 ? "the day of the scan"
								: "the day of the capture's last packet";
	}
	struct identify_run run = {.kb = kb, .pol = pol, .o = o, .dev = out->dev, .n = n,
				   .date = date, .why = why};
	if (!st) {
		for (size_t i = 0; !rc && i < n; i++)
			rc = identify_one(&run, i, err);
		for (size_t i = 0; !rc && i < n; i++)
			count_verdict(out, &out->dev[i]);
		return rc;
	}
	identify_start(&run);
	int64_t source_id = 0;
	struct source_ident *id = malloc(sizeof(*id));
	/* A capture file is named (hashing gigabytes costs); a device file an
	 * import reads is small and hashed, like an inventory. */
	bool imported = o->kind && strcmp(o->kind, "import") == 0;
	bool file = imported || (o->format && strcmp(o->format, "pcap") == 0);
	rc = id ? ingest_source_ident(o->path, o->source,
				      imported ? SOURCE_FILE_HASHED : file ? SOURCE_FILE : SOURCE_LABEL,
				      id, err)
		: vs_fail(err, VS_ENOMEM, "out of memory");
	if (!rc)
		rc = ingest_source_open(st, kb, pol, si.id, o->kind ? o->kind : "capture", o->format,
					o->path, id, &source_id, &out->replaced, err);
	free(id);
	struct ingest_env env = {kb, pol, o->recog};
	struct fuse_run fr = {0};
	if (!rc)
		rc = fuse_begin(&fr, st, &env, si.id, si.date[0] ? si.date : NULL, err);
	for (size_t i = 0; !rc && i < n; i++) {
		struct captured_device *d = &out->dev[i];
		rc = identify_wait(&run, i, err);
		if (rc)
			break;
		count_verdict(out, d);
		enum tri before = d->asset.chinese;
		bool fused;
		rc = store_device(&fr, &env, source_id, o->path, d, &fused, err);
		/* A fused device counts with its verdict decided from every source. */
		if (!rc && fused && before != d->asset.chinese) {
			out->chinese -= before == TRI_YES;
			out->unknown -= before == TRI_UNKNOWN;
			out->chinese += d->asset.chinese == TRI_YES;
			out->unknown += d->asset.chinese == TRI_UNKNOWN;
		}
	}
	identify_end(&run);
	out->fused = (size_t)fr.fused;
	fuse_end(&fr);
	if (!rc)
		rc = ingest_carry_status(st, si.id, &out->replaced, err);
	if (!rc)
		rc = store_source_set_rows(st, source_id, (int64_t)n, err);
	if (!rc && own)
		rc = store_commit(st, err);
	if (rc && own)
		store_rollback(st);
	return rc;
}
