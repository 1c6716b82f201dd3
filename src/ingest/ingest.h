/*
 * One source into the store: read it (import/), identify and classify each
 * record (identify/, policy/), write the assets (store/) — all in one
 * transaction, so a bad record leaves the store exactly as it was.
 */
#ifndef VS_INGEST_INGEST_H
#define VS_INGEST_INGEST_H

#include <stdbool.h>
#include <stdint.h>

#include "identify/recog.h"
#include "ingest/sources.h"
#include "kb/kb.h"
#include "policy/policy.h"
#include "store/store.h"
#include "util/err.h"

struct ingest_opts {
	const char *survey;  /* survey name; NULL = the file's base name */
	const char *date;    /* survey date YYYY[-MM[-DD]]; NULL keeps the survey's */
	const char *map;     /* --map spec for CSV headers; NULL = none */
	const char *const *set; /* --set field=value entries (import.h), n_set of them */
	size_t n_set;
	const char *sheet;   /* --sheet: an XLSX workbook's sheet; NULL = the first */
	/* NULL or "csv": a hardware inventory; "software" (detected from the
	 * content) or one of software_format_parse's names: installed programs. */
	const char *format;
	/* --source NAME: the input's identity (ingest/sources.h); NULL = the
	 * file's canonical path and content hash. */
	const char *source;
	/* Called every `progress_every` records (0 = never) and at the end. */
	void (*progress)(int64_t records, void *ctx);
	int64_t progress_every;
	void *progress_ctx;
	/* Recog fingerprints for deciding again a device a capture saw, when a
	 * row joins it (NULL: none). */
	const struct recog *recog;
};

struct ingest_stats {
	char survey[256];
	int64_t records;
	int64_t units;         /* sum of counts */
	int64_t chinese_units; /* units with chinese = yes */
	int64_t unknown_units; /* units with chinese = unknown */
	int64_t fused;         /* rows that joined a device the survey already held */
	const char *preset;    /* the export recognised by its header (static), or NULL */
	struct ingest_removed replaced; /* the earlier import of this source it replaced */
};

/* Is this a format ingest_file reads? (For argument checking.) */
bool ingest_format_known(const char *format);

/*
 * A program without a department is attached to its device: the hardware
 * asset of the same survey whose host name, serial or MAC the program's
 * device names lends it its department and site, and the evidence says so.
 */
enum vs_err ingest_file(struct store *st, const struct kb *kb, const struct policy *pol,
			const char *path, const struct ingest_opts *o, struct ingest_stats *stats,
			struct vs_error *err);

#endif
