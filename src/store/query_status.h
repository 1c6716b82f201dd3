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


/* ---- history of removed assets (schema 11, table asset_gone) ------------
 * track/carry.c moves it to the asset that is the same device. */

/* Before the assets of source_id are deleted: keep what each one with
 * status history was (its keys, asset_gone). *n (may be NULL) gets how
 * many. now: YYYY-MM-DDTHH:MM:SSZ. */
enum vs_err store_status_detach(struct store *st, int64_t source_id, const char *now,
				int64_t *n, struct vs_error *err);

/* What an asset was or is, for matching (strings borrowed during a
 * callback). tracked: it has history of its own (a current asset). */
struct status_key_row {
	int64_t id, count;
	bool tracked;
	const char *serial, *mac, *hostname, *type, *maker, *brand, *model, *department, *site;
};
typedef enum vs_err (*store_status_key_fn)(const struct status_key_row *r, void *ctx,
					   struct vs_error *err);
/* The survey's detached histories (id: asset_ref). */
enum vs_err store_status_gone_each(struct store *st, int64_t survey_id, store_status_key_fn fn,
				   void *ctx, struct vs_error *err);
/* The survey's hardware assets that share a key with a detached history:
 * per device (count 1) its serial, MAC or host name (case folded); an
 * aggregate row its type and department. A superset of what matches
 * (track_carry_match decides); every asset sharing a key is in it, so a
 * match's uniqueness is decided on it. */
enum vs_err store_status_candidates(struct store *st, int64_t survey_id, store_status_key_fn fn,
				    void *ctx, struct vs_error *err);
/* The detached rows of asset_ref, oldest first. */
enum vs_err store_status_foreach_ref(struct store *st, int64_t asset_ref, store_status_fn fn,
				     void *ctx, struct vs_error *err);
/* asset_ref's detached rows become asset_id's (asset_ref too, so plan
 * versus actual replays them as one history with what follows). */
enum vs_err store_status_carry(struct store *st, int64_t asset_ref, int64_t asset_id,
			       struct vs_error *err);
/* Why asset_ref's history was not carried (the last attempt's words). */
enum vs_err store_status_gone_why(struct store *st, int64_t asset_ref, const char *why,
				  struct vs_error *err);

/* One detached history, for `status --detached` (strings borrowed). */
struct status_detached {
	int64_t asset_ref, count, changes;
	const char *survey, *source, *serial, *mac, *hostname, *type, *department, *site;
	const char *maker, *brand, *model, *why, *last_state, *last_date;
};
typedef enum vs_err (*store_detached_fn)(const struct status_detached *d, void *ctx,
					 struct vs_error *err);
/* Every detached history (asset_id NULL), by survey and asset_ref; those
 * from before schema 11 have no keys (NULL) and count -1. */
enum vs_err store_status_detached_each(struct store *st, store_detached_fn fn, void *ctx,
				       struct vs_error *err);

#endif
