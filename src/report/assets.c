#include "report/assets.h"

#include <stdio.h>

#include "report/groups.h"
#include "util/text.h"

static void key_tri(struct strbuf *out, const char *key, enum tri t)
{
	strbuf_addf(out, ",\"%s\":%s", key, t == TRI_YES ? "true" : t == TRI_NO ? "false" : "null");
}

static void key_bound(struct strbuf *out, const char *key, int64_t v)
{
	if (v < 0)
		strbuf_addf(out, ",\"%s\":null", key);
	else
		strbuf_addf(out, ",\"%s\":%lld", key, (long long)v);
}

void report_evidence_line(const struct evidence *e, struct strbuf *out)
{
	strbuf_addf(out, "%s %s: %s", e->method ? e->method : "", e->field ? e->field : "",
		    e->value ? e->value : "");
}

void report_asset_json(const struct kb *kb, const struct asset *a, struct strbuf *out)
{
	bool sw = a->kind == ASSET_SOFTWARE;
	strbuf_addf(out, "{\"id\":%lld", (long long)a->id);
	strbuf_add_json_member(out, "kind", sw ? "software" : "hardware");
	strbuf_add_json_member(out, "type", a->type ? a->type : a->type_raw);
	strbuf_add_json_member(out, "type_label", a->type ? report_type_label(kb, a->type, false) : a->type_raw);
	strbuf_add_json_member(out, "maker", a->maker);
	strbuf_add_json_member(out, "vendor", a->vendor_name);
	strbuf_add_json_member(out, "vendor_id", a->vendor);
	strbuf_add_json_member(out, "brand", a->brand);
	strbuf_add_json_member(out, "model", a->model);
	strbuf_add_json_member(out, "serial", a->serial);
	strbuf_add_json_member(out, "mac", a->mac);
	strbuf_add_json_member(out, "ip", a->ip);
	strbuf_add_json_member(out, "hostname", a->hostname);
	strbuf_add_json_member(out, "country", a->country);
	key_tri(out, "chinese", a->chinese);
	key_tri(out, "critical", a->critical);
	strbuf_addf(out, ",\"confidence\":%.2f", a->confidence);
	strbuf_add_json_member(out, "department", a->department);
	strbuf_add_json_member(out, "site", a->site);
	strbuf_add_json_member(out, "acquired", a->acquired);
	strbuf_addf(out, ",\"count\":%lld", (long long)a->count.value);
	key_bound(out, "count_low", a->count.low);
	key_bound(out, "count_high", a->count.high);
	strbuf_addf(out, ",\"estimated\":%s", a->count.estimated ? "true" : "false");
	if (sw) {
		strbuf_add_json_member(out, "product", a->product);
		strbuf_add_json_member(out, "publisher", a->publisher);
		strbuf_add_json_member(out, "owner", a->vendor_name);
		strbuf_add_json_member(out, "version", a->version);
		strbuf_add_json_member(out, "device", a->device);
	}
	strbuf_add_json_member(out, "source_line", a->source_line);
	strbuf_addstr(out, ",\"evidence\":[");
	struct strbuf line = STRBUF_INIT;
	for (size_t i = 0; i < a->n_evidence; i++) {
		strbuf_reset(&line);
		report_evidence_line(&a->evidence[i], &line);
		if (i)
			strbuf_addch(out, ',');
		strbuf_add_json_str(out, strbuf_str(&line));
	}
	strbuf_release(&line);
	strbuf_addstr(out, "]}\n");
}

void report_assets_table_init(struct table *t, bool danish)
{
	static const char *const en[] = {"Id", "Type", "Maker", "Vendor", "Model", "Country",
					 "Chinese", "Critical", "Department", "Count", "Source"};
	static const char *const da[] = {"Id", "Type", "Fabrikat", "Producent", "Model", "Land",
					 "Kinesisk", "Kritisk", "Forvaltning", "Antal", "Kilde"};
	size_t n = sizeof(en) / sizeof(en[0]);
	table_init(t, n);
	for (size_t i = 0; i < n; i++)
		table_set_column(t, i, danish ? da[i] : en[i], i == 0 || i == 9);
}

static const char *tri_word(enum tri t, bool danish)
{
	if (t == TRI_YES)
		return danish ? "ja" : "yes";
	if (t == TRI_NO)
		return danish ? "nej" : "no";
	return danish ? "ukendt" : "unknown";
}

void report_assets_table_add(const struct kb *kb, struct table *t, const struct asset *a,
			     bool danish)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)a->id);
	struct strbuf count = STRBUF_INIT;
	fmt_int_grouped(&count, a->count.value, danish);
	if (a->count.estimated)
		strbuf_addch(&count, '*');
	const char *cells[] = {
		id,
		a->type ? report_type_label(kb, a->type, danish) : a->type_raw,
		a->maker,
		a->vendor_name,
		a->model,
		a->country,
		tri_word(a->chinese, danish),
		tri_word(a->critical, danish),
		a->department,
		strbuf_str(&count),
		a->source_line,
	};
	table_add_row(t, cells, sizeof(cells) / sizeof(cells[0]));
	strbuf_release(&count);
}
