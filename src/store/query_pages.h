/*
 * The queries only the web pages need (serve/pages*.c): the register one
 * page at a time, filtered, searched and sorted in SQL, and one asset's
 * evidence list. Everything else a page shows comes from the queries the
 * CLI uses, so the two never disagree.
 */
#ifndef VS_STORE_QUERY_PAGES_H
#define VS_STORE_QUERY_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Columns the register sorts by; every one ends in the asset id, so a page
 * boundary never splits equal keys differently between two requests. */
enum pages_sort {
	PAGES_SORT_ID,
	PAGES_SORT_TYPE,
	PAGES_SORT_MAKER,
	PAGES_SORT_VENDOR,
	PAGES_SORT_MODEL,
	PAGES_SORT_COUNTRY,
	PAGES_SORT_DEPARTMENT,
	PAGES_SORT_COUNT,
	PAGES_SORT_N
};

struct pages_query {
	int64_t survey_id;   /* 0: every survey */
	int kind;            /* -1 any, else enum asset_kind */
	enum tri chinese;    /* TRI_UNKNOWN: either; TRI_YES / TRI_NO: only those */
	enum tri critical;
	const char *search;  /* substring of maker, vendor, model, type, department,
			      * site, host name, serial, MAC, IP or product; NULL/"": none */
	enum pages_sort sort;
	bool desc;
	int64_t offset, limit;
	/* Keyset paging: the page after (or before) the row with this id in
	 * the sort's order, which the page reads from the store (so a link
	 * carries the id alone); 0: none, the page starts at offset. Ids are
	 * never reused, and a row gone since leaves the page at the start
	 * (pages_result.cursor_lost). At most one of the two. */
	int64_t after_id, before_id;
	int64_t count_cap;
	/* The count is known already (the caller kept it for this filter and
	 * store generation): *total = known_total, and no counting. */
	bool count_known;
	int64_t known_total;
};

struct pages_result {
	/* How many assets match the filter on every page, counted up to
	 * count_cap + 1 (0: no cap): a count past the cap says "more than",
	 * and a million-row survey's page does not pay for counting all of it. */
	int64_t total;
	/* Rows lie beyond this page the way it was read: after it when read
	 * from the start, at an offset or after a cursor; before it when read
	 * before a cursor. */
	bool more;
	bool cursor_lost; /* the cursor's row is gone: the page is the first */
};

/* fn for each asset of the page, in order, without its evidence (the
 * register shows none; store_pages_evidence adds it to one asset). */
enum vs_err store_pages_assets(struct store *st, const struct pages_query *q, store_asset_fn fn,
			       void *ctx, struct pages_result *res, struct vs_error *err);

/* Add the stored evidence list of asset_id to a (store_asset_get leaves it out). */
enum vs_err store_pages_evidence(struct store *st, int64_t asset_id, struct asset *a,
				 struct vs_error *err);

/* Every survey, newest first (the default one first, as
 * store_survey_latest picks it): names and dates only, no counts, so a
 * page can offer the list and find the survey before one without reading
 * the asset table. *out is the caller's to free. */
enum vs_err store_pages_surveys(struct store *st, struct survey_info **out, size_t *n,
				struct vs_error *err);

#endif
