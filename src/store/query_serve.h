/*
 * What the web server and the API ask the store beyond the CLI's listing:
 * the register filtered (critical, a search string) and paged by a keyset
 * cursor (the asset id), so a page of a million-row survey costs its own
 * rows, not an OFFSET scan; one asset with its evidence.
 */
#ifndef VS_STORE_QUERY_SERVE_H
#define VS_STORE_QUERY_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct store_asset_query {
	struct asset_filter f; /* survey, kind, chinese as store_assets_foreach */
	bool critical_only;    /* critical = yes */
	/* A substring (ASCII case folded; LIKE's % and _ taken literally) of
	 * type, maker, vendor, brand, model, serial, MAC, IP, host name,
	 * department, site, product or publisher; NULL or "": any. */
	const char *search;
	int64_t after_id; /* keyset cursor: assets with a higher id (0: from the start) */
	int64_t id;       /* 0: any, else this asset only */
	size_t limit;     /* 0: all */
};

/* fn for each matching asset by id, evidence loaded (as
 * store_assets_foreach); *more (may be NULL) says whether assets past
 * `limit` match too. */
enum vs_err store_assets_query(struct store *st, const struct store_asset_query *q,
			       store_asset_fn fn, void *ctx, bool *more, struct vs_error *err);

/* A number that changes when another connection (another thread's handle,
 * another process) has committed to the store since this handle last
 * asked (SQLite's PRAGMA data_version): the server's cache of aggregates
 * is dropped when it does. This handle's own commits do not change it. */
enum vs_err store_data_version(struct store *st, int64_t *out, struct vs_error *err);

#endif
