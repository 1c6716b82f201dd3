#include "report/groups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

const char *report_type_label(const struct kb *kb, const char *key, bool danish)
{
	const struct kb_type *t = key ? kb_type_by_key(kb, key) : NULL;
	if (!t)
		return key;
	return danish ? t->da : t->en;
}

void report_count_range(struct strbuf *out, int64_t value, int64_t low, int64_t high,
			bool danish)
{
	if (high < 0) {
		fmt_int_grouped(out, low >= 0 ? low : value, danish);
		strbuf_addch(out, '+');
	} else if (low >= 0 && low != high) {
		fmt_int_grouped(out, low, danish);
		strbuf_addch(out, '-');
		fmt_int_grouped(out, high, danish);
	} else {
		strbuf_addstr(out, danish ? "ca. " : "about ");
		fmt_int_grouped(out, value, danish);
	}
}

struct sort_ctx {
	const struct kb *kb;
	bool by_type;
};

/* qsort has no context argument; the sort runs once per report. */
/* qsort has no context argument: per thread, since the web server sorts
 * groups on several threads at once. */
static _Thread_local struct sort_ctx sort_ctx;

static size_t type_rank(const char *key)
{
	const struct kb_type *t = key ? kb_type_by_key(sort_ctx.kb, key) : NULL;
	return t ? t->order : (size_t)-1;
}

static int row_cmp(const void *pa, const void *pb)
{
	const struct group_row *a = pa, *b = pb;
	if (sort_ctx.by_type) {
		size_t ra = type_rank(a->value[0]), rb = type_rank(b->value[0]);
		if (ra != rb)
			return ra < rb ? -1 : 1;
		/* Unknown types: keep each type's rows together, in order of first sight. */
		if (ra == (size_t)-1) {
			int c = strcmp(a->value[0] ? a->value[0] : "", b->value[0] ? b->value[0] : "");
			if (c)
				return c;
		}
	}
	return a->first_id < b->first_id ? -1 : a->first_id > b->first_id;
}

void report_groups_sort(const struct kb *kb, const enum group_field *fields, size_t n_fields,
			struct group_result *res)
{
	sort_ctx.kb = kb;
	sort_ctx.by_type = n_fields > 0 && fields[0] == GF_TYPE;
	if (res->n > 1)
		qsort(res->rows, res->n, sizeof(res->rows[0]), row_cmp);
}

static const char *field_header(enum group_field f, bool danish, bool table1)
{
	static const char *const en[GF_COUNT_OF_FIELDS] = {
		[GF_TYPE] = "Type", [GF_DEPARTMENT] = "Department", [GF_VENDOR] = "Vendor",
		[GF_MAKER] = "Maker", [GF_BRAND] = "Brand", [GF_MODEL] = "Model",
		[GF_COUNTRY] = "Country", [GF_CHINESE] = "Chinese", [GF_CRITICAL] = "Critical",
		[GF_SITE] = "Site", [GF_KIND] = "Kind", [GF_PRODUCT] = "Product",
		[GF_PUBLISHER] = "Publisher",
	};
	static const char *const da[GF_COUNT_OF_FIELDS] = {
		[GF_TYPE] = "Type", [GF_DEPARTMENT] = "Forvaltning", [GF_VENDOR] = "Producent",
		[GF_MAKER] = "Fabrikat", [GF_BRAND] = "Mærke", [GF_MODEL] = "Model",
		[GF_COUNTRY] = "Land", [GF_CHINESE] = "Kinesisk", [GF_CRITICAL] = "Kritisk",
		[GF_SITE] = "Lokation", [GF_KIND] = "Art", [GF_PRODUCT] = "Produkt",
		[GF_PUBLISHER] = "Udgiver",
	};
	/* Table 1 of the Danish report heads its first column "Hardwaretype". */
	if (table1 && danish && f == GF_TYPE)
		return "Hardwaretype";
	return danish ? da[f] : en[f];
}

static const char *cell_value(const struct kb *kb, enum group_field f, const char *v, bool danish)
{
	if (!v)
		return danish ? "(ukendt)" : "(unknown)";
	if (f == GF_TYPE)
		return report_type_label(kb, v, danish);
	if (danish && (f == GF_CHINESE || f == GF_CRITICAL))
		return strcmp(v, "yes") == 0 ? "ja" : "nej";
	return v;
}

/* "300*" with a note "*Estimated Surveillance camera, BUF: 200-300". */
static void count_cell(struct strbuf *cell, struct strbuf *notes, const struct group_row *r,
		       const char *what, bool danish)
{
	strbuf_reset(cell);
	fmt_int_grouped(cell, r->count, danish);
	if (!r->estimated)
		return;
	strbuf_addch(cell, '*');
	strbuf_addstr(notes, danish ? "*Estimeret " : "*Estimated ");
	strbuf_addstr(notes, what);
	strbuf_addstr(notes, ": ");
	report_count_range(notes, r->count, r->low, r->high, danish);
	strbuf_addch(notes, '\n');
}

static void table1(const struct kb *kb, const struct group_result *res, bool danish,
		   struct table *t, struct strbuf *notes)
{
	enum group_field f[2] = {GF_TYPE, GF_DEPARTMENT};
	table_init(t, 4);
	table_set_column(t, 0, field_header(f[0], danish, true), false);
	table_set_column(t, 1, danish ? "I alt" : "Total", true);
	table_set_column(t, 2, field_header(f[1], danish, true), false);
	table_set_column(t, 3, danish ? "Antal" : "Count", true);
	struct strbuf total = STRBUF_INIT, count = STRBUF_INIT, what = STRBUF_INIT;
	for (size_t i = 0; i < res->n;) {
		const char *type = res->rows[i].value[0];
		size_t end = i;
		int64_t sum = 0;
		while (end < res->n && (res->rows[end].value[0] == type ||
					(type && res->rows[end].value[0] &&
					 strcmp(res->rows[end].value[0], type) == 0))) {
			sum += res->rows[end].count;
			end++;
		}
		strbuf_reset(&total);
		fmt_int_grouped(&total, sum, danish);
		for (size_t k = i; k < end; k++) {
			const struct group_row *r = &res->rows[k];
			const char *label = cell_value(kb, GF_TYPE, type, danish);
			const char *dept = cell_value(kb, GF_DEPARTMENT, r->value[1], danish);
			strbuf_reset(&what);
			strbuf_addf(&what, "%s, %s", label, dept);
			count_cell(&count, notes, r, strbuf_str(&what), danish);
			const char *cells[4] = {k == i ? label : NULL, k == i ? strbuf_str(&total) : NULL,
						dept, strbuf_str(&count)};
			table_add_row(t, cells, 4);
		}
		i = end;
	}
	strbuf_release(&total);
	strbuf_release(&count);
	strbuf_release(&what);
}

static void generic(const struct kb *kb, const enum group_field *fields, size_t n_fields,
		    const struct group_result *res, bool danish, struct table *t,
		    struct strbuf *notes)
{
	table_init(t, n_fields + 1);
	for (size_t c = 0; c < n_fields; c++)
		table_set_column(t, c, field_header(fields[c], danish, false), false);
	table_set_column(t, n_fields, danish ? "Antal" : "Count", true);
	struct strbuf count = STRBUF_INIT, what = STRBUF_INIT;
	for (size_t i = 0; i < res->n; i++) {
		const struct group_row *r = &res->rows[i];
		const char *cells[GROUP_MAX_FIELDS + 1];
		strbuf_reset(&what);
		for (size_t c = 0; c < n_fields; c++) {
			cells[c] = cell_value(kb, fields[c], r->value[c], danish);
			strbuf_addf(&what, "%s%s", c ? ", " : "", cells[c]);
		}
		count_cell(&count, notes, r, strbuf_str(&what), danish);
		cells[n_fields] = strbuf_str(&count);
		table_add_row(t, cells, n_fields + 1);
	}
	strbuf_release(&count);
	strbuf_release(&what);
}

void report_groups_text(const struct kb *kb, const enum group_field *fields, size_t n_fields,
			const struct group_result *res, bool danish, const struct report_meta *meta,
			struct strbuf *out)
{
	if (meta && meta->survey) {
		report_meta_line(out, meta, danish);
		strbuf_addstr(out, "\n\n");
	}
	struct table t;
	struct strbuf notes = STRBUF_INIT;
	if (n_fields == 2 && fields[0] == GF_TYPE && fields[1] == GF_DEPARTMENT)
		table1(kb, res, danish, &t, &notes);
	else
		generic(kb, fields, n_fields, res, danish, &t, &notes);
	table_render_text(&t, out);
	if (notes.len) {
		strbuf_addch(out, '\n');
		strbuf_add(out, notes.buf, notes.len);
	}
	strbuf_release(&notes);
	table_release(&t);
}

void report_groups_csv(const enum group_field *fields, size_t n_fields,
		       const struct group_result *res, const struct report_meta *meta,
		       struct strbuf *out)
{
	struct table t;
	struct strbuf gen = STRBUF_INIT;
	report_meta_time_iso(&gen, meta ? meta->generated : 0);
	table_init(&t, n_fields + 7);
	table_set_column(&t, n_fields + 4, "survey", false);
	table_set_column(&t, n_fields + 5, "survey_date", false);
	table_set_column(&t, n_fields + 6, "generated", false);
	for (size_t c = 0; c < n_fields; c++)
		table_set_column(&t, c, group_field_name(fields[c]), false);
	table_set_column(&t, n_fields, "count", true);
	table_set_column(&t, n_fields + 1, "count_low", true);
	table_set_column(&t, n_fields + 2, "count_high", true);
	table_set_column(&t, n_fields + 3, "estimated", false);
	for (size_t i = 0; i < res->n; i++) {
		const struct group_row *r = &res->rows[i];
		char num[3][24];
		const char *cells[GROUP_MAX_FIELDS + 7];
		for (size_t c = 0; c < n_fields; c++)
			cells[c] = r->value[c];
		snprintf(num[0], sizeof(num[0]), "%lld", (long long)r->count);
		snprintf(num[1], sizeof(num[1]), "%lld", (long long)r->low);
		snprintf(num[2], sizeof(num[2]), "%lld", (long long)r->high);
		cells[n_fields] = num[0];
		cells[n_fields + 1] = num[1];
		cells[n_fields + 2] = r->high < 0 ? NULL : num[2];
		cells[n_fields + 3] = r->estimated ? "true" : "false";
		cells[n_fields + 4] = meta ? meta->survey : NULL;
		cells[n_fields + 5] = meta ? meta->survey_date : NULL;
		cells[n_fields + 6] = strbuf_str(&gen);
		table_add_row(&t, cells, n_fields + 7);
	}
	table_render_csv(&t, out, ',');
	table_release(&t);
	strbuf_release(&gen);
}

void report_groups_rdoc(const struct kb *kb, const enum group_field *fields, size_t n_fields,
			const struct group_result *res, struct rdoc *d)
{
	bool da = d->danish;
	struct strbuf title = STRBUF_INIT, notes = STRBUF_INIT, what = STRBUF_INIT, cell = STRBUF_INIT;
	strbuf_addstr(&title, da ? "Antal efter " : "Count by ");
	for (size_t c = 0; c < n_fields; c++)
		strbuf_addf(&title, "%s%s", c ? ", " : "", field_header(fields[c], da, false));
	struct rdoc_table *t = rdoc_add_table(d, da ? "Aktiver" : "Assets", strbuf_str(&title),
					      n_fields + 1);
	strbuf_release(&title);
	if (!t)
		return;
	for (size_t c = 0; c < n_fields; c++)
		rdoc_set_column(t, c, field_header(fields[c], da, false), RD_TEXT);
	rdoc_set_column(t, n_fields, da ? "Antal" : "Count", RD_COUNT);
	int64_t total = 0;
	for (size_t i = 0; i < res->n; i++) {
		const struct group_row *r = &res->rows[i];
		struct rdoc_cell *row = rdoc_add_row(d, t);
		if (!row)
			break;
		strbuf_reset(&what);
		for (size_t c = 0; c < n_fields; c++) {
			const char *v = cell_value(kb, fields[c], r->value[c], da);
			rdoc_cell_text(d, &row[c], v);
			strbuf_addf(&what, "%s%s", c ? ", " : "", v);
		}
		rdoc_cell_num(&row[n_fields], r->count);
		total += r->count;
		/* count_cell writes the range note; its cell text is not needed here. */
		count_cell(&cell, &notes, r, strbuf_str(&what), da);
		row[n_fields].mark = r->estimated;
	}
	struct rdoc_cell *row = rdoc_add_row(d, t);
	if (row) {
		rdoc_cell_text(d, &row[0], da ? "I alt" : "Total");
		rdoc_cell_num(&row[n_fields], total);
		t->total_row = true;
	}
	/* One note per estimated row, as the text table writes them. */
	for (char *p = notes.buf, *nl; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		rdoc_add_note(d, t, "%.*s", (int)(nl - p), p);
	}
	strbuf_release(&notes);
	strbuf_release(&what);
	strbuf_release(&cell);
}

void report_groups_json(const enum group_field *fields, size_t n_fields,
			const struct group_result *res, struct strbuf *out)
{
	for (size_t i = 0; i < res->n; i++) {
		const struct group_row *r = &res->rows[i];
		strbuf_addch(out, '{');
		for (size_t c = 0; c < n_fields; c++) {
			strbuf_add_json_str(out, group_field_name(fields[c]));
			strbuf_addch(out, ':');
			if (r->value[c])
				strbuf_add_json_str(out, r->value[c]);
			else
				strbuf_addstr(out, "null");
			strbuf_addch(out, ',');
		}
		strbuf_addf(out, "\"count\":%lld,\"count_low\":%lld,\"count_high\":", (long long)r->count,
			    (long long)r->low);
		if (r->high < 0)
			strbuf_addstr(out, "null");
		else
			strbuf_addf(out, "%lld", (long long)r->high);
		strbuf_addf(out, ",\"estimated\":%s}\n", r->estimated ? "true" : "false");
	}
}
