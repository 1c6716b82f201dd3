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

const char *report_tri_word(enum tri t, bool danish)
{
	if (t == TRI_YES)
		return danish ? "ja" : "yes";
	if (t == TRI_NO)
		return danish ? "nej" : "no";
	return danish ? "ukendt" : "unknown";
}

static const char *const listing_en[] = {"Id",	   "Type",	 "Maker",      "Vendor",
					   "Model",   "Country",	 "Chinese",    "Critical",
					   "Department", "Count",	 "Source"};
/* "Producent" is the company that made it (seed 001: "Producentens
 * oprindelsesland"); "Fabrikat" the make as the source wrote it (seed 002:
 * "af kinesisk fabrikat"). A "leverandør" is a supplier, not a maker. */
static const char *const listing_da[] = {"Id",	  "Type",	"Fabrikat",    "Producent",
					   "Model",	  "Land",	"Kinesisk",    "Kritisk",
					   "Forvaltning", "Antal",	"Kilde"};
#define LISTING_COLS (sizeof(listing_en) / sizeof(listing_en[0]))

void report_assets_table_init(struct table *t, bool danish, bool plain)
{
	table_init(t, LISTING_COLS + (plain ? 3 : 0));
	for (size_t i = 0; i < LISTING_COLS; i++)
		table_set_column(t, i, danish ? listing_da[i] : listing_en[i], i == 0 || i == 9);
	if (plain) {
		table_set_column(t, LISTING_COLS, danish ? "Kortlægning" : "Survey", false);
		table_set_column(t, LISTING_COLS + 1, danish ? "Kortlægningsdato" : "Survey date", false);
		table_set_column(t, LISTING_COLS + 2, danish ? "Dannet" : "Generated", false);
	}
}


void report_assets_table_add(const struct kb *kb, struct table *t, const struct asset *a,
			     bool danish, const struct report_meta *plain)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)a->id);
	struct strbuf count = STRBUF_INIT, gen = STRBUF_INIT;
	if (plain) {
		strbuf_addf(&count, "%lld", (long long)a->count.value);
		report_meta_time_iso(&gen, plain->generated);
	} else {
		fmt_int_grouped(&count, a->count.value, danish);
		if (a->count.estimated)
			strbuf_addch(&count, '*');
	}
	const char *cells[] = {
		id,
		a->type ? report_type_label(kb, a->type, danish) : a->type_raw,
		a->maker,
		a->vendor_name,
		a->model,
		a->country,
		report_tri_word(a->chinese, danish),
		report_tri_word(a->critical, danish),
		a->department,
		strbuf_str(&count),
		a->source_line,
		plain ? plain->survey : NULL,
		plain ? plain->survey_date : NULL,
		strbuf_str(&gen),
	};
	table_add_row(t, cells, plain ? LISTING_COLS + 3 : LISTING_COLS);
	strbuf_release(&count);
	strbuf_release(&gen);
}

struct rdoc_table *report_assets_rdoc_init(struct rdoc *d)
{
	struct rdoc_table *t = rdoc_add_table(d, d->danish ? "Aktiver" : "Assets",
					      d->danish ? "Én række pr. enhed eller optalt gruppe"
							: "One row per device or counted group",
					      LISTING_COLS);
	for (size_t i = 0; t && i < LISTING_COLS; i++)
		rdoc_set_column(t, i, d->danish ? listing_da[i] : listing_en[i],
				i == 0 || i == 9 ? RD_COUNT : RD_TEXT);
	return t;
}

void report_assets_rdoc_add(const struct kb *kb, struct rdoc *d, struct rdoc_table *t,
			    const struct asset *a)
{
	struct rdoc_cell *row = rdoc_add_row(d, t);
	if (!row)
		return;
	const char *text[LISTING_COLS] = {
		NULL,
		a->type ? report_type_label(kb, a->type, d->danish) : a->type_raw,
		a->maker,
		a->vendor_name,
		a->model,
		a->country,
		report_tri_word(a->chinese, d->danish),
		report_tri_word(a->critical, d->danish),
		a->department,
		NULL,
		a->source_line,
	};
	rdoc_cell_num(&row[0], a->id);
	for (size_t i = 1; i < LISTING_COLS; i++)
		if (text[i])
			rdoc_cell_text(d, &row[i], text[i]);
	rdoc_cell_num(&row[9], a->count.value);
	row[9].mark = a->count.estimated;
}
