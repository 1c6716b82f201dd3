#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identify/identify.h"
#include "ingest/fuse.h"
#include "import/import.h"
#include "import/software.h"
#include "kb/kb.h"
#include "store/query_devices.h"
#include "util/date.h"

struct ingest_run {
	struct store *st;
	const struct kb *kb;
	const struct policy *pol;
	const struct ingest_opts *o;
	struct ingest_stats *stats;
	int64_t survey_id, source_id;
	const char *survey_date;
	struct identify_memo *memo;
	struct ingest_env env;
	struct fuse_run fuse; /* what the survey held before this source */
};

/* How a program found its machine, for its evidence line. */
struct attached {
	struct device_info dev; /* asset_id 0: not attached */
	const char *by;         /* "serial", "MAC", "host name" */
	const char *key;        /* the value that matched */
	const char *name;       /* the program's host name, when it named another machine */
	int64_t name_id;        /* … that machine (0: none) */
	const char *missed;     /* "serial"/"MAC" given but naming no machine, or NULL */
	const char *missed_key;
};

/*
 * A program's device as a hardware asset of the survey: its department and
 * site, borrowed into a copy of the record (never freed through it).
 *
 * Serial number first, then MAC, then host name: host names are reused and
 * renamed, a serial number is not, and a MAC rarely is. A serial or MAC that
 * names a machine decides even when the host name names another; the
 * evidence says so. The record's MAC, when it parses, is put in the
 * canonical form hardware is stored in (mac, the caller's), which the
 * program's row then keeps too.
 */
static enum vs_err attach_device(struct ingest_run *run, const struct record *r, struct record *view,
				 char mac[18], struct attached *at, struct vs_error *err)
{
	*view = *r;
	if (r->kind != ASSET_SOFTWARE)
		return VS_OK;
	uint64_t addr;
	const char *canon = NULL;
	if (r->field[RF_MAC] && kb_parse_mac(r->field[RF_MAC], &addr)) {
		kb_format_mac(addr, mac);
		view->field[RF_MAC] = mac;
		canon = mac;
	}
	const char *name = r->field[RF_DEVICE] ? r->field[RF_DEVICE] : r->field[RF_HOSTNAME];
	const char *serial = r->field[RF_SERIAL];
	if (r->field[RF_DEPARTMENT] || !(name || serial || canon))
		return VS_OK;
	enum vs_err rc = store_device_find_serial(run->st, run->survey_id, serial, &at->dev, err);
	at->by = "serial", at->key = serial;
	if (!rc && !at->dev.asset_id && serial)
		at->missed = "serial", at->missed_key = serial;
	if (!rc && !at->dev.asset_id) {
		rc = store_device_find_mac(run->st, run->survey_id, canon, &at->dev, err);
		at->by = "MAC", at->key = canon;
		if (!rc && !at->dev.asset_id && canon && !at->missed)
			at->missed = "MAC", at->missed_key = canon;
	}
	if (!rc && at->dev.asset_id && name) {
		/* Does the host name agree? Only to say so when it does not. */
		struct device_info other;
		rc = store_device_find(run->st, run->survey_id, name, &other, err);
		if (!rc && other.asset_id && other.asset_id != at->dev.asset_id)
			at->name = name, at->name_id = other.asset_id;
		device_info_release(&other);
	} else if (!rc && !at->dev.asset_id) {
		rc = store_device_find(run->st, run->survey_id, name, &at->dev, err);
		at->by = "host name", at->key = name;
	}
	if (rc || at->dev.asset_id == 0)
		return rc;
	view->field[RF_DEPARTMENT] = at->dev.department;
	if (!view->field[RF_SITE])
		view->field[RF_SITE] = at->dev.site;
	return VS_OK;
}

/* "runs on hardware asset #12 by serial 'PF3K9ZQ1', which gives its
 * department ØKF" and what else the attachment should tell an auditor. */
static bool attached_evidence(struct asset *a, const struct attached *at)
{
	enum { SHOWN = 64 }; /* of each value from the input */
	const char *dept = at->dev.department ? at->dev.department : "(none)";
	if (at->name_id)
		return asset_add_evidencef(a, "store", "device",
					   1.0,
					   "runs on hardware asset #%lld by %s '%.*s', which gives its "
					   "department %s; its host name '%.*s' names hardware asset "
					   "#%lld, which the %s overrides",
					   (long long)at->dev.asset_id, at->by, SHOWN, at->key, dept, SHOWN,
					   at->name, (long long)at->name_id, at->by);
	if (at->missed && strcmp(at->by, at->missed) != 0)
		return asset_add_evidencef(a, "store", "device", 1.0,
					   "runs on hardware asset #%lld by %s '%.*s' (its %s '%.*s' names "
					   "no hardware asset), which gives its department %s",
					   (long long)at->dev.asset_id, at->by, SHOWN, at->key, at->missed,
					   SHOWN, at->missed_key, dept);
	return asset_add_evidencef(a, "store", "device", 1.0,
				   "runs on hardware asset #%lld by %s '%.*s', which gives its department %s",
				   (long long)at->dev.asset_id, at->by, SHOWN, at->key, dept);
}

static void count_record(struct ingest_run *run, const struct asset *a)
{
	struct ingest_stats *s = run->stats;
	s->records++;
	s->units += a->count.value;
	if (a->chinese == TRI_YES)
		s->chinese_units += a->count.value;
	else if (a->chinese == TRI_UNKNOWN)
		s->unknown_units += a->count.value;
	if (run->o->progress && run->o->progress_every > 0 && s->records % run->o->progress_every == 0)
		run->o->progress(s->records, run->o->progress_ctx);
}

/*
 * A register row for a device the survey already holds (another source
 * saw or listed it: same serial, MAC or host name): its statement joins
 * that asset, which is decided again from everything. *done false: no
 * such device, the row becomes an asset of its own. Rows that count
 * several units are never one device.
 */
static enum vs_err fuse_record(struct ingest_run *run, const struct record *r, bool *done,
			       struct vs_error *err)
{
	*done = false;
	if (r->kind != ASSET_HARDWARE || r->count.value != 1 || run->fuse.last_id <= 0)
		return VS_OK;
	struct fuse_match m;
	enum vs_err rc = fuse_find(&run->fuse, r->field[RF_SERIAL], r->field[RF_MAC],
				   r->field[RF_HOSTNAME], &m, err);
	if (rc || !m.asset_id)
		return rc;
	char where[320];
	snprintf(where, sizeof(where), "%.300s:%ld", r->source_path ? r->source_path : "-", r->line);
	struct asset a;
	asset_init(&a);
	rc = fuse_join(run->st, &m, run->source_id, where, err);
	if (!rc)
		rc = fuse_add_statement(run->st, m.asset_id, run->source_id, r, err);
	if (!rc)
		rc = fuse_redecide(run->st, &run->env, m.asset_id, &a, err);
	if (!rc) {
		*done = true;
		run->fuse.fused++;
		count_record(run, &a);
	}
	asset_release(&a);
	return rc;
}

static enum vs_err on_record(const struct record *r, void *ctx, struct vs_error *err)
{
	struct ingest_run *run = ctx;
	bool fused;
	enum vs_err frc = fuse_record(run, r, &fused, err);
	if (frc || fused)
		return frc;
	struct record view;
	struct attached at = {0};
	char mac[18];
	enum vs_err rc = attach_device(run, r, &view, mac, &at, err);
	if (rc)
		return rc;
	struct asset a;
	asset_init(&a);
	/* An attached program carries a line of its own in its evidence, so it
	 * is identified in full rather than sharing a remembered list. */
	bool memo = at.dev.asset_id == 0;
	if (memo)
		rc = identify_record_memo(run->memo, run->kb, run->pol, &view, run->survey_date, &a,
					  err);
	else
		rc = identify_record(run->kb, run->pol, &view, run->survey_date, &a, err);
	if (!rc && !memo && !attached_evidence(&a, &at))
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	/* a may borrow from view, which may borrow from at and mac: all outlive it. */
	if (!rc)
		rc = store_asset_append(run->st, run->survey_id, run->source_id, &a, err);
	if (!rc && memo)
		identify_memo_learn(run->memo, &a);
	if (!rc)
		rc = fuse_vendor_snapshot(&run->fuse, a.vendor, err);
	if (!rc)
		count_record(run, &a);
	asset_release(&a);
	device_info_release(&at.dev);
	return rc;
}

/* "examples/kk-2025/inventory-2025.csv" -> "inventory-2025" */
static void base_name(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');
	const char *b = slash ? slash + 1 : path;
	const char *dot = strrchr(b, '.');
	size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
	snprintf(out, len, "%.*s", (int)n, b);
}

bool ingest_format_known(const char *format)
{
	enum software_format f;
	return !format || strcmp(format, "csv") == 0 || strcmp(format, "software") == 0 ||
	       software_format_parse(format, &f);
}

static enum vs_err read_source(struct ingest_run *run, const char *path, struct vs_error *err)
{
	const struct ingest_opts *o = run->o;
	enum software_format sf = SW_FORMAT_AUTO;
	if (!o->format || strcmp(o->format, "csv") == 0) {
		struct import_opts io = {.map = o->map, .set = o->set, .n_set = o->n_set,
					 .kind = ASSET_HARDWARE, .sheet = o->sheet,
					 .preset = &run->stats->preset};
		return import_csv_file(path, &io, on_record, run, err);
	}
	if (strcmp(o->format, "software") != 0 && !software_format_parse(o->format, &sf))
		return vs_fail(err, VS_EUSAGE, "unknown format '%s'", o->format);
	struct import_opts io = {.map = o->map, .set = o->set, .n_set = o->n_set, .kind = ASSET_SOFTWARE,
				 .sheet = o->sheet};
	return import_software_file(path, sf, &io, on_record, run, err);
}

static bool any_source(const struct source_info *s, void *ctx)
{
	(void)s;
	*(bool *)ctx = true;
	return false; /* one is enough */
}

enum vs_err ingest_file(struct store *st, const struct kb *kb, const struct policy *pol,
			const char *path, const struct ingest_opts *o, struct ingest_stats *stats,
			struct vs_error *err)
{
	memset(stats, 0, sizeof(*stats));
	if (!ingest_format_known(o->format))
		return vs_fail(err, VS_EUSAGE, "unknown format '%s'", o->format);
	if (o->date && !date_valid(o->date))
		return vs_fail(err, VS_EUSAGE, "--date '%s' is not YYYY, YYYY-MM or YYYY-MM-DD",
			       o->date);
	char survey[256];
	if (o->survey)
		snprintf(survey, sizeof(survey), "%s", o->survey);
	else
		base_name(strcmp(path, "-") == 0 ? "stdin" : path, survey, sizeof(survey));
	if (!survey[0])
		return vs_fail(err, VS_EUSAGE, "the survey needs a name (--survey NAME)");

	struct ingest_run *run = calloc(1, sizeof(*run));
	if (run)
		run->memo = identify_memo_new();
	if (!run || !run->memo) {
		free(run);
		return vs_fail(err, VS_ENOMEM, "out of memory");
	}
	run->st = st;
	run->kb = kb;
	run->pol = pol;
	run->o = o;
	run->stats = stats;

	struct survey_info si;
	struct source_ident *id = malloc(sizeof(*id));
	struct source_ident_job *hashing = NULL;
	enum vs_err rc = id ? ingest_source_ident(path, o->source, SOURCE_FILE, id, err)
			    : vs_fail(err, VS_ENOMEM, "out of memory");
	if (!rc)
		rc = store_begin(st, err);
	if (rc)
		goto out;
	rc = store_survey_get(st, survey, o->date, true, &si, err);
	/* The bytes' hash is needed first only when an earlier source of the
	 * survey could be the same bytes under another name (then it goes
	 * before these rows are read, so they do not join its devices). */
	bool earlier = false;
	if (!rc)
		rc = store_sources_foreach(st, si.id, any_source, &earlier, err);
	if (!rc && earlier)
		rc = ingest_source_ident(path, o->source, SOURCE_FILE_HASHED, id, err);
	else if (!rc && !(hashing = malloc(sizeof(*hashing))))
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	else if (!rc)
		ingest_source_ident_start(hashing, path, o->source);
	if (!rc)
		rc = ingest_source_open(st, kb, pol, si.id, "import", o->format ? o->format : "csv",
					path, id, &run->source_id, &stats->replaced, err);
	if (!rc) {
		run->survey_id = si.id;
		run->survey_date = si.date[0] ? si.date : NULL;
		snprintf(stats->survey, sizeof(stats->survey), "%s", si.name);
		run->env = (struct ingest_env){kb, pol, o->recog};
		rc = fuse_begin(&run->fuse, st, &run->env, si.id, run->survey_date, err);
	}
	if (!rc)
		rc = read_source(run, path, err);
	stats->fused = run->fuse.fused;
	fuse_end(&run->fuse);
	if (!rc)
		rc = ingest_carry_status(st, run->survey_id, &stats->replaced, err);
	if (!rc)
		rc = store_source_set_rows(st, run->source_id, stats->records, err);
	if (!rc && hashing)
		rc = ingest_source_ident_join(hashing, id, err);
	if (!rc && hashing)
		rc = store_source_set_ident(st, run->source_id, id->name, id->hash, err);
	if (!rc)
		rc = store_commit(st, err);
	if (rc)
		store_rollback(st);
	else if (o->progress)
		o->progress(stats->records, o->progress_ctx);
out:
	if (hashing) {
		ingest_source_ident_join(hashing, NULL, NULL);
		free(hashing);
	}
	free(id);
	identify_memo_free(run->memo);
	free(run);
	return rc;
}
