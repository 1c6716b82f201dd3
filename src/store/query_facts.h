/*
 * A device's facts in a few statements: its observations (query_observation.h)
 * and its exposure rows (query_exposure.h), each list written with multi-row
 * INSERTs instead of one statement a row.
 *
 * A capture stores some 30,000 observations and 12,000 exposure rows for
 * 5,000 devices; one statement a row spent about half of each row's
 * instructions on the statement itself (transaction checks, cursors opened
 * and closed, halt, reset), as the asset batch found for imports
 * (store_asset_append).
 *
 * The rows are inserted in the order given, so their ids (what readers order
 * by) are those one store_observation_add / store_exposure_add a row would
 * give. Every string a row points to must stay alive for the call only.
 */
#ifndef VS_STORE_QUERY_FACTS_H
#define VS_STORE_QUERY_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "store/query_exposure.h"
#include "store/query_observation.h"
#include "store/store.h"

/* Rows per statement: a device's list seldom has more; a longer one takes
 * several statements. */
#define STORE_FACT_ROWS 16

/*
 * Room in SQLite's page cache for a transaction storing n devices (about
 * 4 KiB of pages each with their facts and evidence), up to 64 MiB. With
 * the default 2 MiB a capture of 5,000 devices spilled dirty pages to the
 * WAL mid-transaction and wrote them again at commit (45 MB of WAL for a
 * 20 MB store), and every statement's undo pages went through a temporary
 * file: 48,000 writes where 5,000 do. Lasts for the handle's life; nothing
 * on PostgreSQL (db_cache_size).
 */
enum vs_err store_facts_cache(struct store *st, size_t n, struct vs_error *err);

enum vs_err store_observations_add(struct store *st, int64_t asset_id,
				   const struct observation_row *rows, size_t n,
				   struct vs_error *err);
enum vs_err store_exposures_add(struct store *st, int64_t asset_id,
				const struct exposure_row *rows, size_t n, struct vs_error *err);

#endif
