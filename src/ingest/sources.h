/*
 * Sources: what an input is, so that importing it again replaces what it
 * gave, and the one way anything a source gave leaves the store.
 *
 * Identity. A source is named by --source NAME when given, else by what it
 * was read from: a regular file by its canonical absolute path (realpath),
 * a live capture by "interface:IF", a scan by "scan:TARGETS". An imported
 * regular file also carries the SHA-256 of its bytes. Standard input, a
 * pipe and other non-regular files have no identity of their own: only
 * --source gives them one. A capture file is not hashed (a 2 GB capture
 * read at 1.2 GB/s would spend about as long again hashing).
 *
 * Same source: the same survey and the same name or the same hash. So a
 * file imported again under its path, a copy of it under another path, and
 * a changed export under the same --source NAME all replace the earlier
 * one; the same file imported into another survey does not.
 *
 * Replacing happens inside the import's own transaction: the earlier
 * sources are removed (ingest_source_remove) and the new one recorded
 * (ingest_source_open), then its records are read; a failure anywhere
 * rolls back both, leaving the earlier contribution as it was.
 */
#ifndef VS_INGEST_SOURCES_H
#define VS_INGEST_SOURCES_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "kb/kb.h"
#include "policy/policy.h"
#include "store/query_surveys.h"
#include "store/store.h"
#include "util/err.h"
#include "util/limits.h"

struct source_ident {
	char name[VS_MAX_SOURCE_NAME + 1]; /* "" : none */
	char hash[65];                     /* SHA-256, lower-case hex; "" : not hashed */
};

enum source_kind_of_path {
	SOURCE_LABEL,       /* path is a label ("interface:eth0", "scan:10.0.0.0/24") */
	SOURCE_FILE,        /* path names a file: its canonical path */
	SOURCE_FILE_HASHED, /* … and the SHA-256 of its bytes (read once, before the import) */
};

/*
 * The identity of the input at path ("-" = standard input): `name` when not
 * NULL (--source; VS_EUSAGE when empty, VS_ETOOBIG past VS_MAX_SOURCE_NAME),
 * else as the header says. A file that cannot be opened gets the path as
 * given and no hash: the reader reports the error in its own words. VS_EIO
 * when the file opens but reading it fails.
 */
enum vs_err ingest_source_ident(const char *path, const char *name, enum source_kind_of_path how,
				struct source_ident *out, struct vs_error *err);

/*
 * ingest_source_ident(path, name, SOURCE_FILE_HASHED) on a thread of its
 * own: an import into a survey with no source yet has nothing its hash
 * could match, so the SHA-256 (0.06 s for a 92 MB export, on the path
 * before the first row otherwise) is taken while the rows are read and
 * recorded after them. ingest_source_ident_join waits and hands over the
 * identity (to out, unless NULL) or its error; a second join gives the
 * same again. Runs inline when no thread can be made. The strings must
 * outlive the job.
 */
struct source_ident_job {
	pthread_t thread;
	bool threaded, joined;
	const char *path, *name;
	struct source_ident id;
	enum vs_err rc;
	struct vs_error err;
};
void ingest_source_ident_start(struct source_ident_job *j, const char *path, const char *name);
enum vs_err ingest_source_ident_join(struct source_ident_job *j, struct source_ident *out,
				     struct vs_error *err);

/* What a removal took away: the totals, and the first source removed (to
 * name it: "replaced source 'X' (N rows) imported T"). */
struct ingest_removed {
	struct store_removed total; /* total.sources 0: nothing was removed */
	struct source_info first;
	/* Status history (track.h, "Carrying history"): of assets removed
	 * here; carried to the new assets; of the survey still detached after
	 * the run, and why (none, ambiguous, tracked, too few units). */
	int64_t tracked_removed, carried, detached;
	int64_t why[4];
};

/*
 * At the end of an import, capture or scan into survey_id (in its
 * transaction): carry the survey's detached status histories to the assets
 * that are the same devices (track_carry); counts into r.
 */
enum vs_err ingest_carry_status(struct store *st, int64_t survey_id, struct ingest_removed *r,
				struct vs_error *err);

/*
 * THE removal of a source: everything source_id contributed to its survey
 * leaves the store, and nothing else does. Every path that takes a source
 * away calls this (re-import, `surveys rm-source`). Runs inside the
 * caller's transaction (store_begin … store_commit; on failure the caller
 * rolls back). Adds to *acc (may be NULL; zero it before the first call).
 *
 * Today each asset has one source, so the source row goes and its assets,
 * their observations, exposure and first/last-seen rows go with it. kb and
 * pol (may be NULL today) are for assets several sources contributed to:
 * those stay, lose this source's observations and are decided again.
 * The survey's vendor snapshot and shared evidence lists stay.
 */
enum vs_err ingest_source_remove(struct store *st, const struct kb *kb, const struct policy *pol,
				 int64_t source_id, struct ingest_removed *acc,
				 struct vs_error *err);

/*
 * Record a new source in a survey (the caller's transaction), first
 * removing through ingest_source_remove every earlier source of that survey
 * that is the same input (same id->name or id->hash). *replaced says what
 * went (zeroed first; replaced->total.sources 0: nothing). *source_id gets
 * the new source's id. id may be NULL (no identity: nothing is replaced).
 */
enum vs_err ingest_source_open(struct store *st, const struct kb *kb, const struct policy *pol,
			       int64_t survey_id, const char *kind, const char *format,
			       const char *path, const struct source_ident *id, int64_t *source_id,
			       struct ingest_removed *replaced, struct vs_error *err);

/* `surveys rm-source`: in a transaction of its own, the survey's source
 * given by id (digits; tried first) or name, through ingest_source_remove.
 * VS_ENOTFOUND for an unknown survey or source. */
enum vs_err ingest_source_remove_named(struct store *st, const struct kb *kb,
				       const struct policy *pol, const char *survey,
				       const char *source, struct ingest_removed *out,
				       struct vs_error *err);

/* `surveys rm`: in a transaction of its own, the survey and everything in
 * it. (All of it goes, so nothing needs deciding again: the rows are
 * deleted directly, not source by source.) out->total says what went. */
enum vs_err ingest_survey_remove(struct store *st, const char *survey,
				 struct ingest_removed *out, struct vs_error *err);

#endif
