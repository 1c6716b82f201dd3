/*
 * Per-asset output: one JSON object per line (the schema in README.md,
 * "assets --format json"), or a row of a text/CSV listing.
 */
#ifndef VS_REPORT_ASSETS_H
#define VS_REPORT_ASSETS_H

#include <stdbool.h>

#include "kb/kb.h"
#include "model/model.h"
#include "report/meta.h"
#include "report/rdoc.h"
#include "report/table.h"
#include "util/strbuf.h"

/* One line, newline included. Written by hand (not jansson): the listing
 * of a million-row store streams one asset at a time without building a
 * tree per row; strbuf_add_json_str does the escaping. */
void report_asset_json(const struct kb *kb, const struct asset *a, struct strbuf *out);

/* A listing: id, type, maker, vendor, model, country, chinese, critical,
 * department, count, source. `plain` (CSV): counts without grouping or
 * estimate mark, and the survey, its date and the generation time as three
 * more columns, so every row says where it comes from. */
void report_assets_table_init(struct table *t, bool danish, bool plain);
void report_assets_table_add(const struct kb *kb, struct table *t, const struct asset *a,
			     bool danish, const struct report_meta *plain);

/* The same listing as a report document table (HTML, XLSX): one call to
 * start it, one per asset. */
struct rdoc_table *report_assets_rdoc_init(struct rdoc *d);
void report_assets_rdoc_add(const struct kb *kb, struct rdoc *d, struct rdoc_table *t,
			    const struct asset *a);

/* "yes", "no", "unknown" (Danish "ja", "nej", "ukendt"). */
const char *report_tri_word(enum tri t, bool danish);

/* "csv maker: HIKvision": how evidence reads in JSON and listings. */
void report_evidence_line(const struct evidence *e, struct strbuf *out);

#endif
