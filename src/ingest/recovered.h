/*
 * What a capture or a scan saw, kept outside the register and stored
 * later as the run would have stored it: a recovery file (import/
 * recovery.h; `vendorscope import DB FILE`) and a sensor's source
 * (ingest/sensor.h; `vendorscope db import-sensors`). Both carry the
 * recovery format's header; both go into the register through
 * ingest_recovered, one entry point, so they are decided as one.
 */
#ifndef VS_INGEST_RECOVERED_H
#define VS_INGEST_RECOVERED_H

#include "import/recovery.h"
#include "ingest/capture.h"

/* The header of a run with options o: its kind ("capture" when NULL),
 * format and path; its survey (ingest_capture_survey); its source's name:
 * --source, else a capture file's canonical path (the path as given may
 * be relative), else "" (the path names it). */
void ingest_recovery_header(const struct ingest_capture_opts *o, struct recovery_header *h);

/*
 * Store devs (ownership moves in, as ingest_capture takes them) as the run
 * h describes would have: its survey, path, format, kind and source name,
 * each unless over gives its own (over->survey, ->date, ->source);
 * over's geo, clouds and recog. Otherwise ingest_capture.
 */
enum vs_err ingest_recovered(struct store *st, const struct kb *kb, const struct policy *pol,
			     const struct recovery_header *h, struct sighting *devs, size_t n,
			     const struct ingest_capture_opts *over, struct capture_result *out,
			     struct vs_error *err);

#endif
