/*
 * Private to store/: statements prepared once per store handle.
 *
 * A statement run once per imported row or per captured peer is prepared on
 * first use, kept on the handle and finalized by store_close, instead of
 * being compiled again on every call.
 */
#ifndef VS_STORE_STORE_INT_H
#define VS_STORE_STORE_INT_H


#include "store/db.h"
#include "store/store.h"

enum store_stmt_id {
	STORE_STMT_ASSET,     /* one asset row */
	STORE_STMT_EVIDENCE,  /* an evidence list, inserted when new */
	STORE_STMT_EVIDENCE_FIND, /* … and its id */
	STORE_STMT_EXPOSURE,  /* one exposure row */
	STORE_STMT_DEVICE,    /* a hardware asset by host name */
	STORE_STMT_DEVICE_SERIAL, /* … by serial number */
	STORE_STMT_DEVICE_MAC,    /* … by MAC address */
	STORE_STMT_DEVICE_LAST,   /* a survey's last hardware asset id */
	STORE_STMT_DEVICE_FILL,   /* the serial / MAC look-up table, filled */
	STORE_STMT_SOURCE_PATH, /* a source's path */
	STORE_STMT_VENDOR,      /* a vendor snapshot row */
	STORE_STMT_OBSERVATION, /* one observation of a captured device */
	STORE_STMT_SEEN,        /* a captured device's first and last frame */
	STORE_STMT_ASSET_UPDATE, /* one asset row, decided again */
	STORE_STMT_ASSET_GET,    /* one asset row by id */
	STORE_STMT_SEEN_MERGE,   /* a device's first/last frame merged across captures */
	STORE_STMT_DEVICE_HOST_BEFORE, /* the one hardware asset with a host name, up to an id */
	STORE_STMT_VERDICT,      /* PostgreSQL: a verdict's id, the verdict added when new */
	STORE_STMT_BULK_BEGIN,   /* … the table a survey's bulk rows go into */
	STORE_STMT_BULK_END,     /* … that table keyed, checked and attached */
	STORE_STMT_PARTITION,    /* … a survey's partition, with its host-name index */
	/* query_facts.c: k rows of observations or exposure in one INSERT,
	 * k = 1..STORE_FACT_ROWS at this id + k - 1 */
	STORE_STMT_OBSERVATION_ROWS,
	STORE_STMT_OBSERVATION_ROWS_LAST = STORE_STMT_OBSERVATION_ROWS + 15,
	STORE_STMT_EXPOSURE_ROWS,
	STORE_STMT_EXPOSURE_ROWS_LAST = STORE_STMT_EXPOSURE_ROWS + 15,
	STORE_STMT_COUNT
};

/* The cached statement for id, prepared from sql on first use; reset, its
 * bindings cleared, ready to bind. NULL with err filled when preparing
 * failed. Pending appended assets are flushed first (a cached statement
 * may read the asset table). */
struct db_stmt *store_stmt(struct store *st, enum store_stmt_id id, const char *sql,
			 struct vs_error *err);

/* query_devices.c's temporary look-up table of one survey's hardware by
 * serial number and MAC: the survey and the last hardware asset id it was
 * filled for (0: not filled), and whether the table exists on this
 * connection. store_rollback, which undoes the table, clears it. */
struct store_device_keys {
	int64_t survey_id, last_id;
	bool table;
	bool frozen; /* filled once for a run that must not see its own rows */
};
struct store_device_keys *store_device_keys(struct store *st);

/*
 * Surveys newest first, the first being the default (store_survey_latest):
 * by the survey's date, YYYY, YYYY-MM or YYYY-MM-DD compared as text, so
 * 2025 comes before 2022-06-01 and, within one year, the year alone after
 * its months (a date names the period's start); a survey without a date
 * last; then the one created last, then the higher id (created_at has
 * whole seconds). The ORDER BY of a query whose survey table is `s`.
 */
#define STORE_SURVEYS_NEWEST_FIRST                                                  \
	" ORDER BY (s.date IS NULL OR s.date = '') ASC, s.date DESC, s.created_at DESC," \
	" s.id DESC"

/* An asset row with its evidence list (column 36): the SELECT and FROM of
 * store_assets_foreach and query_serve.c, read back by the two below. */
/* The columns store_asset_from_row reads (a: asset, s: its source). */
#define STORE_ASSET_COLUMNS                                                              \
	"SELECT a.id, a.kind, a.type, a.type_raw, a.maker, a.vendor, a.vendor_name,"      \
	" a.brand, a.model, a.firmware, a.serial, a.mac, a.ip, a.hostname,"               \
	" a.department, a.site, a.zone, a.acquired, a.lifespan_years, a.count,"          \
	" a.count_low, a.count_high, a.estimated, a.country, a.chinese, a.critical,"     \
	" a.confidence, coalesce(a.source_line, s.path || ':' || a.source_row),"         \
	" a.product, a.publisher, a.owner, a.version,"                                    \
	" a.device, a.data_class, a.origin_reported, a.randomized_mac"
#define STORE_ASSET_SELECT                                                               \
	STORE_ASSET_COLUMNS ", e.items "                                                  \
	"FROM asset a LEFT JOIN evidence_set e ON e.id = a.evidence_id "                 \
	"LEFT JOIN source s ON s.id = a.source_id "
#define STORE_ASSET_EVIDENCE_COLUMN 36
void store_asset_from_row(struct db_stmt *s, struct asset *a);
/* A search text as a LIKE pattern for ESCAPE '\' ("50%" becomes
 * "%50\%%"): the user's %, _ and backslash match themselves. */
struct strbuf;
void store_like_pattern(struct strbuf *sb, const char *s);
/* Evidence comes back from the JSON list the store wrote. */
void store_evidence_parse(struct asset *a, const char *items);

/*
 * The register's search, one for the API's and the pages' q=: a LIKE
 * pattern (store_like_pattern) bound to parameter P ("?8"), or NULL for
 * no search, against the columns a person would type a word of.
 */
#define STORE_ASSET_SEARCH(P) \
	"(CAST(" P " AS TEXT) IS NULL" \
	" OR lower(a.type) LIKE lower(" P ") ESCAPE '\\'" \
	" OR lower(a.maker) LIKE lower(" P ") ESCAPE '\\'" \
	" OR lower(a.vendor_name) LIKE lower(" P ") ESCAPE '\\'" \
	" OR lower(a.brand) LIKE lower(" P ") ESCAPE '\\'" \
	" OR lower(a.model) LIKE lower(" P ") ESCAPE '\\'" \
	" OR lower(a.serial) LIKE lower(" P ") ESCAPE '\\'" \
	" OR lower(a.mac) LIKE lower(" P ") ESCAPE '\\'" \
	" OR lower(a.ip) LIKE lower(" P ") ESCAPE '\\'" \
	" OR lower(a.hostname) LIKE lower(" P ") ESCAPE '\\'" \
	" OR lower(a.department) LIKE lower(" P ") ESCAPE '\\'" \
	" OR lower(a.site) LIKE lower(" P ") ESCAPE '\\'" \
	" OR lower(a.product) LIKE lower(" P ") ESCAPE '\\'" \
	" OR lower(a.publisher) LIKE lower(" P ") ESCAPE '\\')"

#endif
