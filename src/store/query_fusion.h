/*
 * The queries one register needs (ingest/fuse.h): which assets several
 * sources describe, a source's facts taken back, the device's first and
 * last frame merged across captures.
 */
#ifndef VS_STORE_QUERY_FUSION_H
#define VS_STORE_QUERY_FUSION_H

#include <stddef.h>
#include <stdint.h>

#include "store/query_observation.h"
#include "store/store.h"

/* How many observations of `method` asset_id has. */
enum vs_err store_observation_count(struct store *st, int64_t asset_id, const char *method,
				    int64_t *n, struct vs_error *err);

/* Ids of the assets that source_id contributed facts to and another source
 * describes too (created by source_id with others' facts, or created by
 * another with source_id's facts), ascending; *ids is the caller's to free. */
enum vs_err store_assets_shared_with(struct store *st, int64_t source_id, int64_t **ids,
				     size_t *n, struct vs_error *err);

/* Pass asset_id from its creating source to the oldest other source with
 * facts on it (no-op when it has none). */
enum vs_err store_asset_pass_on(struct store *st, int64_t asset_id, int64_t from_source,
				struct vs_error *err);

/* Delete source_id's observations and exposure rows on asset_id. */
enum vs_err store_source_facts_forget(struct store *st, int64_t source_id, int64_t asset_id,
				      struct vs_error *err);

/*
 * Two assets found to be one device (one source named it by serial, another
 * by MAC): gone's facts, exposure and first/last seen move to keep, the
 * look-up table points gone's keys at keep, and gone is deleted. Both must
 * be single units of one survey (the caller checks).
 */
enum vs_err store_asset_absorb(struct store *st, int64_t keep, int64_t gone, struct vs_error *err);

/* A device's first and last frame and packets merged with what is stored
 * (earliest first, latest last, packets added). */
enum vs_err store_seen_merge(struct store *st, int64_t asset_id, const struct seen_row *r,
			     struct vs_error *err);

#endif
