/*
 * One register: one asset per physical device, whichever sources describe
 * it. A source's subject (an inventory row with a serial or MAC, a device a
 * capture or scan saw) is resolved to the survey's asset that was there
 * before the source began, by serial number (ASCII case ignored), then MAC
 * (any notation, compared canonical), then host name (only when exactly one
 * asset has it). A match adds the source's facts to that asset as
 * observations carrying the source's id, and the asset is decided again
 * from all of them together (identify_subject): the register's statement
 * (its `csv` observations, or the row itself until another source came)
 * and everything seen.
 *
 * An aggregate row (a count without per-device keys) is never fused.
 */
#ifndef VS_INGEST_FUSE_H
#define VS_INGEST_FUSE_H

#include <stdbool.h>
#include <stdint.h>

#include "identify/recog.h"
#include "kb/kb.h"
#include "model/model.h"
#include "model/sighting.h"
#include "policy/policy.h"
#include "store/store.h"
#include "util/err.h"

/* What every source command hands to ingest: the same inputs for all. */
struct ingest_env {
	const struct kb *kb;
	const struct policy *pol;
	const struct recog *recog; /* NULL: no Recog fingerprints */
};

/* A run's view of what the survey held before it began. */
#define FUSE_VENDOR_SLOTS 1024
#define FUSE_ID_CACHE 1024 /* a power of two */

struct fuse_run {
	struct store *st;
	const struct ingest_env *env;
	int64_t survey_id;
	const char *survey_date; /* NULL when the survey has none */
	int64_t keys;            /* serial/MAC keys to match (0: nothing to fuse with) */
	int64_t last_id;         /* the survey's last hardware asset before the run */
	int64_t fused;           /* subjects fused into an existing asset */
	int64_t joined;          /* pairs of assets found to be one device and joined */
	/* Vendors whose snapshot row this run wrote (fuse_vendor_snapshot):
	 * kb_vendor pointers are stable, so the set is of pointers. */
	const struct kb_vendor *vendors[FUSE_VENDOR_SLOTS];
	size_t n_vendors;
	/* Vendors last looked up, by the address of the id's text: an
	 * import's rows mostly share the memo's copy of it (identify.h), so
	 * the id is compared, not looked up again; the comparison with the
	 * vendor's own id keeps a reused address from misleading. */
	const struct kb_vendor *by_addr[FUSE_ID_CACHE];
};

/* The vendor's snapshot row (store_vendor_upsert), written once per run:
 * the same kb gives the same row, and a capture of 5,000 devices from a
 * few dozen makers wrote it 2,400 times. NULL or an id the kb does not
 * know: nothing. */
enum vs_err fuse_vendor_snapshot(struct fuse_run *fr, const char *vendor_id,
				 struct vs_error *err);

/* Snapshot the survey's keys for a run (store_device_keys_freeze); end
 * with fuse_end. */
enum vs_err fuse_begin(struct fuse_run *fr, struct store *st, const struct ingest_env *env,
		       int64_t survey_id, const char *survey_date, struct vs_error *err);
void fuse_end(struct fuse_run *fr);

/* The asset a subject with these keys resolves to (0: none), and which key
 * matched ("serial", "MAC", "host name") with its value. mac in any
 * notation; each key may be NULL. When the serial names one asset and the
 * MAC another, both single units, they are one device: the MAC's joins the
 * serial's (store_asset_absorb) and the evidence says so. */
struct fuse_match {
	int64_t asset_id;
	const char *by;
	char key[128];
};
enum vs_err fuse_find(struct fuse_run *fr, const char *serial, const char *mac,
		      const char *hostname, struct fuse_match *m, struct vs_error *err);

/*
 * Before another source's facts are added to asset_id: an asset an import
 * created keeps its row's statement as `csv` observations of that import,
 * so it can be decided again, and taken back with its source.
 */
enum vs_err fuse_keep_statement(struct store *st, int64_t asset_id, struct vs_error *err);

/* A source joins the asset m found: fuse_keep_statement, then an
 * `identity same_device` observation saying which key matched, for the
 * auditor ("inventory.csv:12 is asset #7 by MAC 44:19:b6:…"). */
enum vs_err fuse_join(struct store *st, const struct fuse_match *m, int64_t source_id,
		      const char *where, struct vs_error *err);

/* The device's link-layer address and IP addresses as `link`
 * observations of source_id: an asset a register created has none of its
 * own, and deciding again needs them (a chip maker's block, a randomised
 * address). */
enum vs_err fuse_add_link(struct store *st, int64_t asset_id, int64_t source_id,
			  const struct sighting *s, struct vs_error *err);

/* A record's statement as `csv` observations of source_id on asset_id. */
enum vs_err fuse_add_statement(struct store *st, int64_t asset_id, int64_t source_id,
			       const struct record *r, struct vs_error *err);

/*
 * Decide asset_id again from everything stored about it, write it back,
 * and leave the result in *out (the caller's to release; out may be NULL).
 * Ownership as of the survey's date, else the device's last frame, else
 * today.
 */
enum vs_err fuse_redecide(struct store *st, const struct ingest_env *env, int64_t asset_id,
			  struct asset *out, struct vs_error *err);

/*
 * Take back what source_id contributed to assets other sources also
 * describe: its facts are deleted and each such asset decided again; an
 * asset it created that others describe too passes to the oldest of them.
 * What only source_id described is left for the source's own deletion
 * (ON DELETE CASCADE). Runs inside the caller's transaction.
 */
enum vs_err ingest_forget_source(struct store *st, const struct ingest_env *env,
				 int64_t source_id, struct vs_error *err);

#endif
