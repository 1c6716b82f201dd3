/*
 * Per-asset output: one JSON object per line (the schema in README.md,
 * "assets --format json"), or a row of a text/CSV listing.
 */
#ifndef VS_REPORT_ASSETS_H
#define VS_REPORT_ASSETS_H

#include <stdbool.h>

#include "kb/kb.h"
#include "model/model.h"
#include "report/table.h"
#include "util/strbuf.h"

/* One line, newline included. Written by hand (not jansson): the listing
 * of a million-row store streams one asset at a time without building a
 * tree per row; strbuf_add_json_str does the escaping. */
void report_asset_json(const struct kb *kb, const struct asset *a, struct strbuf *out);

/* A listing: id, type, maker, vendor, brand, model, country, chinese,
 * critical, department, count, source. */
void report_assets_table_init(struct table *t, bool danish);
void report_assets_table_add(const struct kb *kb, struct table *t, const struct asset *a,
			     bool danish);

/* "csv maker: HIKvision": how evidence reads in JSON and listings. */
void report_evidence_line(const struct evidence *e, struct strbuf *out);

#endif
