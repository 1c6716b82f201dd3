/*
 * The sensor tables' queries (schema migration 13; who may do what on
 * PostgreSQL: store/sensor_sql.h).
 *
 * A sensor writes one sensor_source row per capture or scan and one
 * sensor_observation row per device, in its own transaction; the store's
 * owner reads the sources not imported yet, in the order they were
 * added, each with its lines in the order they were written, and marks
 * each imported in the transaction that stored it. Nothing here reads the
 * register: these are the only statements a sensor role runs.
 *
 * What a sensor wrote is outside input to the owner: a header or line
 * longer than the caller's limit is not read (its length is asked first),
 * and a source's lines stop at the caller's limit in bytes.
 */
#ifndef VS_STORE_SENSOR_STORE_H
#define VS_STORE_SENSOR_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"
#include "util/limits.h"
#include "util/strbuf.h"

/* A new sensor_source row of site with its header (the recovery format's
 * first line, without its '\n'); *id gets its id. On PostgreSQL the
 * server fills added_by with the connected role and checks the site
 * against the role's row of sensor_site (row-level security): a refusal
 * is VS_EPERM saying so. In the caller's transaction. */
enum vs_err store_sensor_source_add(struct store *st, const char *site, const char *header,
				    size_t len, int64_t *id, struct vs_error *err);
/* One device line (without its '\n') of source id at site. */
enum vs_err store_sensor_line_add(struct store *st, int64_t source_id, const char *site,
				  const char *line, size_t len, struct vs_error *err);

/* A source not imported yet. */
struct sensor_source_info {
	int64_t id;
	char site[VS_MAX_SITE + 1];  /* as stored; cut to fit when longer */
	char added_by[64];           /* "" on SQLite */
	char added_at[32];
	int64_t header_len;          /* bytes; the header is not read past the limit */
	int64_t lines;               /* device lines stored */
};

/*
 * The first source not imported yet with an id above after (0: from the
 * first), of site when site is not NULL: *found false when there is none.
 * Its header goes to header (reset first) when at most max_header bytes.
 */
enum vs_err store_sensor_next(struct store *st, const char *site, int64_t after,
			      size_t max_header, struct sensor_source_info *out,
			      struct strbuf *header, bool *found, struct vs_error *err);

/*
 * Source id's lines in the order they were written, each followed by
 * '\n', appended to text. VS_ETOOBIG when one is longer than max_line or
 * all together pass max_total (what was appended stays; the caller drops
 * it); VS_EBADVAL for a line holding a '\n' of its own.
 */
enum vs_err store_sensor_lines(struct store *st, int64_t id, size_t max_line, size_t max_total,
			       struct strbuf *text, struct vs_error *err);

/* Mark source id imported now (the caller's transaction). *marked false
 * when it was not waiting any more: another importer took it first. */
enum vs_err store_sensor_mark_imported(struct store *st, int64_t id, bool *marked,
				       struct vs_error *err);

#endif
