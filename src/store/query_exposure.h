/*
 * Exposure rows: the external peers a captured device talked to (schema
 * migration 3) and the vendor clouds it only asked DNS for (attempts,
 * column seen), and the devices whose peers are in China or a Chinese
 * vendor's cloud.
 */
#ifndef VS_STORE_QUERY_EXPOSURE_H
#define VS_STORE_QUERY_EXPOSURE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct exposure_row {
	const char *peer;    /* address text; NULL for an attempt whose query got no answer */
	const char *name;    /* DNS / TLS name the device used for it; NULL if none */
	const char *country; /* ISO alpha-2; NULL when not known */
	const char *cloud;   /* vendor cloud the name belongs to; NULL if none */
	uint64_t bytes;
	const char *first_seen, *last_seen; /* ISO 8601 UTC */
	int64_t source_id; /* the capture or scan that saw it (schema 7); 0: none */
	bool query; /* an attempt: a DNS query for a vendor cloud, no traffic seen (seen 'query') */
};

enum vs_err store_exposure_add(struct store *st, int64_t asset_id, const struct exposure_row *r,
			       struct vs_error *err);

/* Call fn for each exposure row of the survey's assets (0: every survey)
 * whose peer has a country or a cloud, by asset then insertion order. */
typedef void (*store_exposure_fn)(int64_t asset_id, const struct exposure_row *r, void *ctx);
enum vs_err store_exposures_foreach(struct store *st, int64_t survey_id, store_exposure_fn fn,
				    void *ctx, struct vs_error *err);

#endif
