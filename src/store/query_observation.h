/*
 * Observations (schema migration 5): each fact a capture or scan saw of a
 * device (method, field, value, how much the protocol vouches for it, first
 * and last seen), and the device's own first and last frame and packet
 * count.
 */
#ifndef VS_STORE_QUERY_OBSERVATION_H
#define VS_STORE_QUERY_OBSERVATION_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct observation_row {
	const char *method, *field, *value;
	double confidence;
	const char *first_seen, *last_seen; /* ISO 8601 UTC; NULL when not known */
	int64_t source_id; /* the source that gave it (schema 7); 0: none */
	int64_t line;      /* the line of the source's file that said it (schema 9); 0: none */
};

struct seen_row {
	const char *first_seen, *last_seen;
	uint64_t packets;
};

enum vs_err store_observation_add(struct store *st, int64_t asset_id,
				  const struct observation_row *r, struct vs_error *err);
enum vs_err store_seen_set(struct store *st, int64_t asset_id, const struct seen_row *r,
			   struct vs_error *err);

/* What is stored of one device: its first and last frame (seen->known
 * false when nothing is), then fn for each observation in the order
 * they were stored. Row strings last only for the call. */
struct seen_info {
	bool known;
	char first_seen[32], last_seen[32];
	uint64_t packets;
};
typedef void (*store_observation_fn)(const struct observation_row *r, void *ctx);
enum vs_err store_observations_of(struct store *st, int64_t asset_id, struct seen_info *seen,
				  store_observation_fn fn, void *ctx, struct vs_error *err);

#endif
