/*
 * Output files written whole or not at all: the bytes go to a temporary
 * file in the target's directory (so the rename cannot cross a file
 * system), which is flushed, synced and renamed over the target. A failure
 * at any step removes the temporary file and leaves the target as it was:
 * an old report stays readable, a new one does not appear as 0 bytes.
 */
#ifndef VS_UTIL_AFILE_H
#define VS_UTIL_AFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "util/err.h"

struct afile {
	char *path;   /* the target (a symbolic link's target when it is one) */
	char *tmp;    /* ".NAME.XXXXXX" beside it; the target itself when direct */
	FILE *f;      /* open on tmp (afile_open), or NULL (afile_open_path) */
	bool direct;  /* the target is no regular file (/dev/stdout, a FIFO):
			 written in place, nothing renamed over it */
};

/* Create the temporary file and open it for writing (af->f). The mode is
 * the target's when it exists, else 0666 less the umask. VS_EIO names the
 * directory when it cannot be written. */
enum vs_err afile_open(struct afile *af, const char *path, struct vs_error *err);
/* The same, for a writer that opens the file by name itself (libxlsxwriter):
 * af->tmp exists, empty, and af->f is NULL. */
enum vs_err afile_open_path(struct afile *af, const char *path, struct vs_error *err);
/* Flush, sync, close and rename over the target. On failure the temporary
 * file is removed and VS_EIO names the target and the reason. Either way
 * af is released. */
enum vs_err afile_commit(struct afile *af, struct vs_error *err);
/* Give up: close and remove the temporary file; af is released. */
void afile_abort(struct afile *af);

#endif
