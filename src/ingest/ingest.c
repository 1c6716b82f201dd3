#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identify/identify.h"
#include "import/import.h"
#include "import/software.h"
#include "store/query_devices.h"
#include "util/date.h"

/* Vendors already written to the store's snapshot in this transaction:
 * kb_vendor pointers are stable, so the set is of pointers. */
#define SEEN_SLOTS 1024

struct ingest_run {
	struct store *st;
	const struct kb *kb;
	const struct policy *pol;
	const struct ingest_opts *o;
	struct ingest_stats *stats;
	int64_t survey_id, source_id;
	const char *survey_date;
	struct identify_memo *memo;
	const struct kb_vendor *seen[SEEN_SLOTS];
	size_t n_seen;
};

static enum vs_err snapshot_vendor(struct ingest_run *run, const char *vendor_id,
				   struct vs_error *err)
{
	const struct kb_vendor *v = vendor_id ? kb_vendor_by_id(run->kb, vendor_id) : NULL;
	if (!v)
		return VS_OK;
	size_t h = ((uintptr_t)v >> 4) % SEEN_SLOTS;
	for (size_t i = 0; i < SEEN_SLOTS; i++, h = (h + 1) % SEEN_SLOTS) {
		if (run->seen[h] == v)
			return VS_OK;
		if (!run->seen[h])
			break;
	}
	if (run->n_seen + 1 < SEEN_SLOTS) {
		run->seen[h] = v;
		run->n_seen++;
	}
	const struct kb_edge *chain[1];
	size_t n = kb_owner_chain(run->kb, v->id, NULL, chain, 1);
	return store_vendor_upsert(run->st, v->id, v->name, v->country,
				   n ? chain[0]->owner->id : NULL, v->source, err);
}

/* A program's device as a hardware asset of the survey: its department and
 * site, borrowed into a copy of the record (never freed through it). */
static enum vs_err attach_device(struct ingest_run *run, const struct record *r,
				 struct record *view, struct device_info *dev, struct vs_error *err)
{
	*view = *r;
	const char *name = r->field[RF_DEVICE] ? r->field[RF_DEVICE] : r->field[RF_HOSTNAME];
	if (r->kind != ASSET_SOFTWARE || r->field[RF_DEPARTMENT] || !name)
		return VS_OK;
	enum vs_err rc = store_device_find(run->st, run->survey_id, name, dev, err);
	if (rc || dev->asset_id == 0)
		return rc;
	view->field[RF_DEPARTMENT] = dev->department;
	if (!view->field[RF_SITE])
		view->field[RF_SITE] = dev->site;
	return VS_OK;
}

static enum vs_err on_record(const struct record *r, void *ctx, struct vs_error *err)
{
	struct ingest_run *run = ctx;
	struct record view;
	struct device_info dev = {0};
	enum vs_err rc = attach_device(run, r, &view, &dev, err);
	if (rc)
		return rc;
	struct asset a;
	asset_init(&a);
	/* An attached program carries a line of its own in its evidence, so it
	 * is identified in full rather than sharing a remembered list. */
	bool memo = dev.asset_id == 0;
	if (memo)
		rc = identify_record_memo(run->memo, run->kb, run->pol, &view, run->survey_date, &a,
					  err);
	else
		rc = identify_record(run->kb, run->pol, &view, run->survey_date, &a, err);
	if (!rc && !memo) {
		char why[160];
		snprintf(why, sizeof(why), "runs on hardware asset #%lld, which gives its department %s",
			 (long long)dev.asset_id, dev.department ? dev.department : "(none)");
		if (!asset_add_evidence(&a, "store", "device", why, 1.0))
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
	}
	/* a may borrow from view, which may borrow from dev: both outlive it. */
	if (!rc)
		rc = store_asset_append(run->st, run->survey_id, run->source_id, &a, err);
	if (!rc && memo)
		identify_memo_learn(run->memo, &a);
	if (!rc)
		rc = snapshot_vendor(run, a.vendor, err);
	if (!rc) {
		struct ingest_stats *s = run->stats;
		s->records++;
		s->units += a.count.value;
		if (a.chinese == TRI_YES)
			s->chinese_units += a.count.value;
		else if (a.chinese == TRI_UNKNOWN)
			s->unknown_units += a.count.value;
		if (run->o->progress && run->o->progress_every > 0 &&
		    s->records % run->o->progress_every == 0)
			run->o->progress(s->records, run->o->progress_ctx);
	}
	asset_release(&a);
	device_info_release(&dev);
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
		struct import_opts io = {.map = o->map, .kind = ASSET_HARDWARE};
		return import_csv_file(path, &io, on_record, run, err);
	}
	if (strcmp(o->format, "software") != 0 && !software_format_parse(o->format, &sf))
		return vs_fail(err, VS_EUSAGE, "unknown format '%s'", o->format);
	struct import_opts io = {.map = o->map, .kind = ASSET_SOFTWARE};
	return import_software_file(path, sf, &io, on_record, run, err);
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
	enum vs_err rc = store_begin(st, err);
	if (rc)
		goto out;
	rc = store_survey_get(st, survey, o->date, true, &si, err);
	if (!rc)
		rc = store_source_add(st, si.id, "import", o->format ? o->format : "csv", path,
				      &run->source_id, err);
	if (!rc) {
		run->survey_id = si.id;
		run->survey_date = si.date[0] ? si.date : NULL;
		snprintf(stats->survey, sizeof(stats->survey), "%s", si.name);
		rc = read_source(run, path, err);
	}
	if (!rc)
		rc = store_source_set_rows(st, run->source_id, stats->records, err);
	if (!rc)
		rc = store_commit(st, err);
	if (rc)
		store_rollback(st);
	else if (o->progress)
		o->progress(stats->records, o->progress_ctx);
out:
	identify_memo_free(run->memo);
	free(run);
	return rc;
}
