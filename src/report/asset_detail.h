/*
 * One asset with everything the store knows of it, as one JSON object: the
 * asset (report_asset_json's object), its survey, when a capture first and
 * last saw it, each observation with its first and last sighting, and its
 * phase-out status history (null for a program). `assets --id N --format json` prints it, and
 * GET /api/v1/assets/{id} returns it.
 */
#ifndef VS_REPORT_ASSET_DETAIL_H
#define VS_REPORT_ASSET_DETAIL_H

#include <stdint.h>

#include "kb/kb.h"
#include "store/store.h"
#include "util/strbuf.h"

/* VS_ENOTFOUND when there is no asset with that id. One line, newline included. */
enum vs_err report_asset_detail_json(struct store *st, const struct kb *kb, int64_t id,
				     struct strbuf *out, struct vs_error *err);

#endif
