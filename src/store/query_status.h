/*
 * Status history of phase-out tracking (schema migration 10, table
 * asset_status). The rules (which changes are allowed) live in track/;
 * these are the statements, every one parameterised.
 */
#ifndef VS_STORE_QUERY_STATUS_H
#define VS_STORE_QUERY_STATUS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* What tracking needs to know of an asset. Strings are owned by the caller
 * once returned (store_status_asset_release). */
struct status_asset {
	int64_t id, survey_id;
	bool software;
	int64_t count;
	int chinese;     /* 1, 0, -1 not known */
	char *department, *type;
	char survey[256];
};

/* VS_ENOTFOUND when there is no asset with that id. */
enum vs_err store_status_asset(struct store *st, int64_t asset_id, struct status_asset *out,
			       struct vs_error *err);
void store_status_asset_release(struct status_asset *a);

/* One row of history. Strings borrowed (valid during a callback, or the
 * caller's when inserting). cost -1: NULL. */
struct status_row {
	int64_t id, asset_id, survey_id; /* asset_id 0: the asset is gone */
	const char *state, *date;
	int64_t cost, units;
	const char *changed_by, *note, *reason;
	const char *department, *type;
	int chinese;            /* 1, 0, -1 */
	const char *recorded_at; /* YYYY-MM-DDTHH:MM:SSZ */
};

/* Append r (r->id ignored); *id gets the new row's id (may be NULL). */
enum vs_err store_status_add(struct store *st, const struct status_row *r, int64_t *id,
			     struct vs_error *err);

typedef enum vs_err (*store_status_fn)(const struct status_row *r, void *ctx,
				       struct vs_error *err);
/* An asset's rows, oldest first (by id: track/ keeps ids in date order). */
enum vs_err store_status_foreach_asset(struct store *st, int64_t asset_id, store_status_fn fn,
				       void *ctx, struct vs_error *err);
/* A survey's rows by asset, then id, those of removed assets too: here
 * asset_id is the id the asset had when the row was written (asset_ref),
 * so each asset's history can be replayed. */
enum vs_err store_status_foreach_survey(struct store *st, int64_t survey_id, store_status_fn fn,
					void *ctx, struct vs_error *err);

#endif
