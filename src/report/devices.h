/*
 * `capture --json`: one JSON object per line per device seen (the schema in
 * README.md, "capture --json"): mac, ip (array), vendor, brand, model,
 * firmware, serial, country, chinese, confidence, evidence (array of
 * {method, field, value}), exposure (array of {peer, country, name, cloud,
 * bytes}), randomized_mac.
 */
#ifndef VS_REPORT_DEVICES_H
#define VS_REPORT_DEVICES_H

#include "model/model.h"
#include "model/sighting.h"
#include "util/strbuf.h"

/* One line, newline included. Strings from the wire are escaped by
 * strbuf_add_json_str (control bytes as \u00XX, invalid UTF-8 as U+FFFD). */
void report_device_json(const struct asset *a, const struct sighting *s, struct strbuf *out);

#endif
