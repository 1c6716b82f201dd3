#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identify/identify.h"
#include "import/import.h"
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

static enum vs_err on_record(const struct record *r, void *ctx, struct vs_error *err)
{
	struct ingest_run *run = ctx;
	struct asset a;
	asset_init(&a);
	enum vs_err rc = identify_record(run->kb, run->pol, r, run->survey_date, &a, err);
	if (!rc)
		rc = store_asset_insert(run->st, run->survey_id, run->source_id, &a, err);
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

enum vs_err ingest_csv(struct store *st, const struct kb *kb, const struct policy *pol,
		       const char *path, const struct ingest_opts *o, struct ingest_stats *stats,
		       struct vs_error *err)
{
	memset(stats, 0, sizeof(*stats));
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
	if (!run)
		return vs_fail(err, VS_ENOMEM, "out of memory");
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
		rc = store_source_add(st, si.id, "import", "csv", path, &run->source_id, err);
	if (!rc) {
		run->survey_id = si.id;
		run->survey_date = si.date[0] ? si.date : NULL;
		snprintf(stats->survey, sizeof(stats->survey), "%s", si.name);
		struct import_opts io = {.map = o->map, .kind = o->kind};
		rc = import_csv_file(path, &io, on_record, run, err);
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
	free(run);
	return rc;
}
