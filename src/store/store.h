/*
 * The store: the one place that knows the schema and runs queries.
 *
 * SQLite (a file path) or PostgreSQL (a postgresql:// or postgres:// URL),
 * both through store/db.h; foreign keys on. Every statement is parameterised.
 * A handle belongs to one thread (opened without SQLite's per-call mutex).
 * A command that writes brackets its work in store_begin/store_commit so a
 * failure leaves the store exactly as it was (store_rollback).
 */
#ifndef VS_STORE_STORE_H
#define VS_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "util/err.h"

struct store;
struct db;

enum store_open_mode { STORE_OPEN_EXISTING, STORE_CREATE };

/* Open (and migrate to the current schema). STORE_OPEN_EXISTING refuses a
 * missing file with VS_ENOTFOUND so a typo does not create an empty store. */
enum vs_err store_open(const char *path, enum store_open_mode mode, struct store **out,
		       struct vs_error *err);
/* PRAGMA application_id of a vendorscope store ("VSCO"). store_open refuses
 * (VS_EBADVAL) a file that is not a SQLite database, a SQLite database of
 * another program, and, unless creating, an empty file; a store from
 * before the id is recognised by its tables and gets the id from init or
 * its next migration. */
#define STORE_APPLICATION_ID 0x5653434F
/* Fail now (VS_EIO, naming the uid) when the store cannot be written by
 * this process, instead of after a scan or a capture: a read-only file or
 * directory, another process's write lock. Takes and releases the write
 * lock, which also opens the WAL files while privileges last. */
enum vs_err store_check_writable(struct store *st, const char *path, struct vs_error *err);
void store_close(struct store *st);
/* The store's target for messages: a URL's password hidden. */
const char *store_display_name(const char *target);

/* Schema version the store is at (PRAGMA user_version). */
int store_schema_version(struct store *st);
int store_schema_latest(void);

/*
 * Writers queue: store_begin takes the store's write lock at once (SQLite
 * BEGIN IMMEDIATE; PostgreSQL a transaction-scoped advisory lock), so two
 * importers, captures or scans never interleave and each is all or
 * nothing. A writer that cannot have the lock (SQLite BUSY after the busy
 * timeout; PostgreSQL 40001 or 40P01) starts again, up to
 * VS_STORE_BEGIN_TRIES times, and tells the notice function (the library
 * does not print) each time. Nothing is lost by starting again: nothing
 * was written yet.
 */
typedef void (*store_notice_fn)(const char *msg);
void store_set_notice(store_notice_fn fn);
enum vs_err store_begin(struct store *st, struct vs_error *err);
enum vs_err store_commit(struct store *st, struct vs_error *err);
/* A transaction of store_begin is open on this handle. */
bool store_in_transaction(const struct store *st);
void store_rollback(struct store *st);

struct survey_info {
	int64_t id;
	char name[256];
	char date[32];
};

/* Find a survey by name; create it when `create` (date may be NULL). */
enum vs_err store_survey_get(struct store *st, const char *name, const char *date, bool create,
			     struct survey_info *out, struct vs_error *err);
enum vs_err store_survey_by_id(struct store *st, int64_t id, struct survey_info *out,
			       struct vs_error *err);
/* The default survey, for commands given no --survey (every command uses
 * this one): the newest by its date, YYYY[-MM[-DD]] (2025 is newer than
 * 2022-06; a survey without a date comes after every dated one), then the
 * one created last. VS_ENOTFOUND when the store holds none. */
enum vs_err store_survey_latest(struct store *st, struct survey_info *out, struct vs_error *err);

/* Record one input (a file, a capture, a scan) in a survey. */
enum vs_err store_source_add(struct store *st, int64_t survey_id, const char *kind,
			     const char *format, const char *path, int64_t *source_id,
			     struct vs_error *err);
enum vs_err store_source_set_rows(struct store *st, int64_t source_id, int64_t rows,
				  struct vs_error *err);

/* Insert an asset with its evidence; sets a->id. */
enum vs_err store_asset_insert(struct store *st, int64_t survey_id, int64_t source_id,
			       struct asset *a, struct vs_error *err);

/*
 * Queue an asset for insertion with the ones after it (many rows to one
 * statement, for bulk imports). Its values are copied, so a may be released
 * at once; its evidence list is stored now and a->evidence_set_id set, but
 * a->id is not. Queued rows reach the table before anything reads it:
 * store_flush, store_commit, store_asset_insert, store_assets_foreach and
 * store_handle (whose flush error, if any, the next store_flush or
 * store_commit returns) flush them; store_rollback drops them. Append
 * inside store_begin/store_commit: store_close drops what is still queued,
 * as it rolls back an open transaction.
 */
enum vs_err store_asset_append(struct store *st, int64_t survey_id, int64_t source_id,
			       struct asset *a, struct vs_error *err);
enum vs_err store_flush(struct store *st, struct vs_error *err);

/* Write a (a->id set) again with its fields, verdict and evidence: an
 * asset decided anew once another source described the same device. */
enum vs_err store_asset_update(struct store *st, int64_t survey_id, int64_t source_id,
			       struct asset *a, struct vs_error *err);

/* Where an asset came from: its survey and the source that created it. */
struct asset_origin {
	int64_t survey_id, source_id;
	char source_kind[16];   /* "import", "capture", "scan", "manual"; "" when none */
	char source_format[32];
};
/* One asset by id (evidence not loaded); VS_ENOTFOUND when there is none.
 * a is the caller's to release. */
enum vs_err store_asset_get(struct store *st, int64_t id, struct asset *a,
			    struct asset_origin *origin, struct vs_error *err);

/* Snapshot of the knowledge-base facts a classification used, so the store
 * explains itself even after the knowledge base changes. */
enum vs_err store_vendor_upsert(struct store *st, const char *id, const char *name,
				const char *country, const char *parent, const char *source,
				struct vs_error *err);

/* Which assets a query wants. NULL / TRI_UNKNOWN members do not filter. */
struct asset_filter {
	int64_t survey_id;   /* 0: every survey */
	int kind;            /* -1 any, else enum asset_kind */
	bool chinese_only;   /* chinese = yes */
};

/* Call fn for each matching asset in insertion order, evidence loaded. The
 * asset is released after fn returns; fn returns false to stop early. */
typedef bool (*store_asset_fn)(const struct asset *a, void *ctx);
enum vs_err store_assets_foreach(struct store *st, const struct asset_filter *f,
				 store_asset_fn fn, void *ctx, struct vs_error *err);

/* For modules that need a query of their own: they add it in a file under
 * store/ (store owns every query) and reach the handle through this. */
struct db *store_handle(struct store *st);

#endif
