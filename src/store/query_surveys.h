/*
 * Surveys and their sources as `vendorscope surveys` shows and changes
 * them, and the look-up that tells whether an input was imported before
 * (schema migration 6: source.name, source.content_hash).
 *
 * Removal here is the plain row deletion: a source's assets, and their
 * observations, exposure and first/last-seen rows, go with it (foreign keys
 * ON DELETE CASCADE). What removing a source means for the register is
 * decided in one place, ingest_source_remove (ingest/sources.h): call that,
 * not store_source_delete.
 */
#ifndef VS_STORE_QUERY_SURVEYS_H
#define VS_STORE_QUERY_SURVEYS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/limits.h"

/* One survey with what it holds. Hardware units and programs are kept
 * apart: a sum of cameras and installed programs counts nothing. */
struct survey_summary {
	int64_t id;
	char name[256];
	char date[32];       /* "" when the survey has none */
	char created_at[32]; /* ISO 8601 UTC */
	int64_t sources;
	int64_t units, chinese_units, unknown_units;    /* hardware: sum of counts */
	int64_t programs, chinese_programs;             /* software: sum of counts */
	bool is_default;     /* the survey commands use without --survey */
};

/* fn for each survey, newest first (the order store_survey_latest takes the
 * first of, so the first has is_default); fn returns false to stop. */
typedef bool (*store_survey_fn)(const struct survey_summary *s, void *ctx);
enum vs_err store_surveys_foreach(struct store *st, store_survey_fn fn, void *ctx,
				  struct vs_error *err);

/* One source row. Strings are "" when NULL; rows is -1 when not recorded. */
struct source_info {
	int64_t id, survey_id;
	char kind[16];     /* import, capture, scan, manual */
	char format[32];
	char path[VS_MAX_SOURCE_NAME + 1]; /* as given (FILE of FILE:LINE) */
	char name[VS_MAX_SOURCE_NAME + 1]; /* its identity; "" none */
	char hash[65];     /* SHA-256 of its bytes, lower-case hex; "" none */
	int64_t rows;
	char added_at[32];
};

/* fn for each source of a survey, in the order they were added. */
typedef bool (*store_source_fn)(const struct source_info *s, void *ctx);
enum vs_err store_sources_foreach(struct store *st, int64_t survey_id, store_source_fn fn,
				  void *ctx, struct vs_error *err);

/* fn for each source of the survey that is the same input: name equal to
 * `name` or content_hash equal to `hash` (NULL or "" matches nothing), in
 * the order they were added. Finish reading before removing any. */
enum vs_err store_sources_same(struct store *st, int64_t survey_id, const char *name,
			       const char *hash, store_source_fn fn, void *ctx,
			       struct vs_error *err);

/* A survey's source by id (survey_id 0: any survey's), or the last added
 * with that name; VS_ENOTFOUND when there is none. */
enum vs_err store_source_by_id(struct store *st, int64_t survey_id, int64_t id,
			       struct source_info *out, struct vs_error *err);
enum vs_err store_source_by_name(struct store *st, int64_t survey_id, const char *name,
				 struct source_info *out, struct vs_error *err);

/* Record a source's identity (store_source_add made the row). */
enum vs_err store_source_set_ident(struct store *st, int64_t source_id, const char *name,
				   const char *hash, struct vs_error *err);

/* What a deletion took away. */
struct store_removed {
	int64_t sources;
	int64_t rows;   /* sum of the sources' recorded rows */
	int64_t assets; /* asset rows */
	int64_t units;  /* their counts summed, hardware and software */
};

/* Delete one source row and its assets (cascading to their observations,
 * exposure and seen rows); *out gets what went (added to). Inside the
 * caller's transaction. Through ingest_source_remove only. */
enum vs_err store_source_delete(struct store *st, int64_t survey_id, int64_t source_id,
				struct store_removed *out, struct vs_error *err);

/* Delete a survey and everything in it; *out gets what went. Inside the
 * caller's transaction. */
enum vs_err store_survey_delete(struct store *st, int64_t survey_id, struct store_removed *out,
				struct vs_error *err);

#endif
