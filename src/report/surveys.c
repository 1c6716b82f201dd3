#include "report/surveys.h"

#include <stdio.h>
#include <string.h>

#include "report/table.h"
#include "util/text.h"

/*
 * s for a terminal: C0 controls, DEL and C1 controls (U+0080..U+009F, which
 * some terminals take as escape sequences) become '?'. A replacement, not
 * an escape sequence of our own, so text escaped again later stays the same.
 */
static void add_printable(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; p[i]; i++) {
		if (p[i] < 0x20 || p[i] == 0x7F) {
			strbuf_addch(out, '?');
		} else if (p[i] == 0xC2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) {
			strbuf_addch(out, '?');
			i++;
		} else {
			strbuf_addch(out, (char)p[i]);
		}
	}
}

/* A cell: printable for text, as is for CSV (table_render_csv quotes it
 * and defuses formulas). Returns the cell's text, valid until sb changes. */
static const char *cell(struct strbuf *sb, const char *s, enum report_format fmt)
{
	strbuf_reset(sb);
	if (fmt == REPORT_TEXT)
		add_printable(sb, s);
	else
		strbuf_addstr(sb, s);
	return strbuf_str(sb);
}

static const char *num(struct strbuf *sb, long long v, enum report_format fmt)
{
	strbuf_reset(sb);
	if (fmt == REPORT_TEXT)
		fmt_int_grouped(sb, v, false);
	else
		strbuf_addf(sb, "%lld", v);
	return strbuf_str(sb);
}

enum { SV_MARK, SV_NAME, SV_DATE, SV_SOURCES, SV_UNITS, SV_CHINESE, SV_UNKNOWN, SV_PROGRAMS,
       SV_CN_PROGRAMS, SV_CREATED, SV_COLS };

struct surveys_ctx {
	enum report_format fmt;
	struct table t;
	struct strbuf *out;
	size_t n;
};

static bool survey_row(const struct survey_summary *s, void *ctx)
{
	struct surveys_ctx *c = ctx;
	c->n++;
	if (c->fmt == REPORT_JSON) {
		struct strbuf *o = c->out;
		strbuf_addstr(o, "{\"survey\":");
		strbuf_add_json_str(o, s->name);
		strbuf_addstr(o, ",\"date\":");
		strbuf_add_json_str_or_null(o, s->date[0] ? s->date : NULL);
		strbuf_addf(o, ",\"sources\":%lld,\"units\":%lld,\"chinese_units\":%lld,"
			       "\"unknown_units\":%lld,\"programs\":%lld,\"chinese_programs\":%lld,"
			       "\"created_at\":",
			    (long long)s->sources, (long long)s->units, (long long)s->chinese_units,
			    (long long)s->unknown_units, (long long)s->programs,
			    (long long)s->chinese_programs);
		strbuf_add_json_str(o, s->created_at);
		strbuf_addf(o, ",\"default\":%s}\n", s->is_default ? "true" : "false");
		return true;
	}
	struct strbuf b[SV_COLS];
	for (int i = 0; i < SV_COLS; i++)
		strbuf_init(&b[i]);
	const char *v[SV_COLS];
	v[SV_MARK] = c->fmt == REPORT_TEXT ? (s->is_default ? "*" : "")
					   : (s->is_default ? "yes" : "no");
	v[SV_NAME] = cell(&b[SV_NAME], s->name, c->fmt);
	v[SV_DATE] = cell(&b[SV_DATE], s->date, c->fmt);
	v[SV_SOURCES] = num(&b[SV_SOURCES], s->sources, c->fmt);
	v[SV_UNITS] = num(&b[SV_UNITS], s->units, c->fmt);
	v[SV_CHINESE] = num(&b[SV_CHINESE], s->chinese_units, c->fmt);
	v[SV_UNKNOWN] = num(&b[SV_UNKNOWN], s->unknown_units, c->fmt);
	v[SV_PROGRAMS] = num(&b[SV_PROGRAMS], s->programs, c->fmt);
	v[SV_CN_PROGRAMS] = num(&b[SV_CN_PROGRAMS], s->chinese_programs, c->fmt);
	v[SV_CREATED] = cell(&b[SV_CREATED], s->created_at, c->fmt);
	table_add_row(&c->t, v, SV_COLS);
	for (int i = 0; i < SV_COLS; i++)
		strbuf_release(&b[i]);
	return true;
}

static void render_table(struct table *t, enum report_format fmt, struct strbuf *out)
{
	if (fmt == REPORT_CSV)
		table_render_csv(t, out, ',');
	else
		table_render_text(t, out);
}

enum vs_err report_surveys(struct store *st, enum report_format fmt, struct strbuf *out,
			   struct vs_error *err)
{
	struct surveys_ctx c = {.fmt = fmt, .out = out};
	table_init(&c.t, SV_COLS);
	bool csv = fmt == REPORT_CSV;
	static const char *const text_head[SV_COLS] = {
		"", "Survey", "Date", "Sources", "Units", "Chinese", "Unknown", "Programs",
		"Chinese programs", "Created"};
	static const char *const csv_head[SV_COLS] = {
		"default", "survey", "date", "sources", "units", "chinese_units", "unknown_units",
		"programs", "chinese_programs", "created_at"};
	for (int i = 0; i < SV_COLS; i++)
		table_set_column(&c.t, (size_t)i, csv ? csv_head[i] : text_head[i],
				 i >= SV_SOURCES && i <= SV_CN_PROGRAMS);
	enum vs_err rc = store_surveys_foreach(st, survey_row, &c, err);
	if (!rc && fmt != REPORT_JSON) {
		if (c.n || csv)
			render_table(&c.t, fmt, out);
		if (fmt == REPORT_TEXT)
			strbuf_addstr(out, c.n ? "* the default survey: commands given no --survey use it "
						 "(the newest by date)\n"
					       : "The store holds no survey yet.\n");
	}
	bool failed = out->failed || c.t.failed;
	table_release(&c.t);
	if (!rc && failed)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	return rc;
}

enum { SR_ID, SR_KIND, SR_FORMAT, SR_NAME, SR_HASH, SR_ROWS, SR_ADDED, SR_COLS };

static bool source_row(const struct source_info *s, void *ctx)
{
	struct surveys_ctx *c = ctx;
	c->n++;
	/* A source stored before names existed (schema 6) shows its path. */
	const char *name = s->name[0] ? s->name : s->path;
	if (c->fmt == REPORT_JSON) {
		struct strbuf *o = c->out;
		strbuf_addf(o, "{\"id\":%lld,\"kind\":", (long long)s->id);
		strbuf_add_json_str(o, s->kind);
		strbuf_addstr(o, ",\"format\":");
		strbuf_add_json_str_or_null(o, s->format[0] ? s->format : NULL);
		strbuf_addstr(o, ",\"name\":");
		strbuf_add_json_str_or_null(o, s->name[0] ? s->name : NULL);
		strbuf_addstr(o, ",\"path\":");
		strbuf_add_json_str_or_null(o, s->path[0] ? s->path : NULL);
		strbuf_addstr(o, ",\"content_hash\":");
		strbuf_add_json_str_or_null(o, s->hash[0] ? s->hash : NULL);
		if (s->rows >= 0)
			strbuf_addf(o, ",\"rows\":%lld", (long long)s->rows);
		else
			strbuf_addstr(o, ",\"rows\":null");
		strbuf_addstr(o, ",\"added_at\":");
		strbuf_add_json_str(o, s->added_at);
		strbuf_addstr(o, "}\n");
		return true;
	}
	struct strbuf b[SR_COLS];
	for (int i = 0; i < SR_COLS; i++)
		strbuf_init(&b[i]);
	const char *v[SR_COLS];
	char hash[13];
	size_t k = strnlen(s->hash, sizeof(hash) - 1);
	memcpy(hash, s->hash, k);
	hash[k] = '\0';
	v[SR_ID] = num(&b[SR_ID], s->id, REPORT_CSV);
	v[SR_KIND] = cell(&b[SR_KIND], s->kind, c->fmt);
	v[SR_FORMAT] = cell(&b[SR_FORMAT], s->format, c->fmt);
	v[SR_NAME] = cell(&b[SR_NAME], name, c->fmt);
	v[SR_HASH] = c->fmt == REPORT_TEXT ? hash : s->hash;
	v[SR_ROWS] = s->rows >= 0 ? num(&b[SR_ROWS], s->rows, c->fmt) : "";
	v[SR_ADDED] = cell(&b[SR_ADDED], s->added_at, c->fmt);
	table_add_row(&c->t, v, SR_COLS);
	for (int i = 0; i < SR_COLS; i++)
		strbuf_release(&b[i]);
	return true;
}

enum vs_err report_sources(struct store *st, const struct survey_info *si,
			   enum report_format fmt, struct strbuf *out, struct vs_error *err)
{
	struct surveys_ctx c = {.fmt = fmt, .out = out};
	table_init(&c.t, SR_COLS);
	bool csv = fmt == REPORT_CSV;
	static const char *const text_head[SR_COLS] = {"ID", "Kind", "Format", "Name", "SHA-256",
						       "Rows", "Added"};
	static const char *const csv_head[SR_COLS] = {"id", "kind", "format", "name",
						      "content_hash", "rows", "added_at"};
	for (int i = 0; i < SR_COLS; i++)
		table_set_column(&c.t, (size_t)i, csv ? csv_head[i] : text_head[i],
				 i == SR_ID || i == SR_ROWS);
	enum vs_err rc = store_sources_foreach(st, si->id, source_row, &c, err);
	if (!rc && fmt != REPORT_JSON) {
		if (c.n || csv)
			render_table(&c.t, fmt, out);
		if (fmt == REPORT_TEXT && !c.n) {
			strbuf_addstr(out, "Survey '");
			add_printable(out, si->name);
			strbuf_addstr(out, "' holds no source.\n");
		}
	}
	bool failed = out->failed || c.t.failed;
	table_release(&c.t);
	if (!rc && failed)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	return rc;
}

static void add_rows(struct strbuf *out, int64_t n, const char *one, const char *many)
{
	fmt_int_grouped(out, n, false);
	strbuf_addch(out, ' ');
	strbuf_addstr(out, n == 1 ? one : many);
}

void report_replaced(const struct store_removed *total, const struct source_info *first,
		     struct strbuf *out)
{
	if (total->sources == 0)
		return;
	strbuf_addstr(out, "replaced source '");
	add_printable(out, first->name[0] ? first->name : first->path);
	strbuf_addstr(out, "' (");
	add_rows(out, first->rows > 0 ? first->rows : 0, "row", "rows");
	strbuf_addstr(out, ") imported ");
	add_printable(out, first->added_at);
	if (total->sources > 1) {
		strbuf_addstr(out, ", and ");
		add_rows(out, total->sources - 1, "more source", "more sources");
		strbuf_addstr(out, " that were the same input");
	}
	strbuf_addch(out, '\n');
}

static void add_totals(struct strbuf *out, const struct store_removed *t)
{
	add_rows(out, t->rows, "row", "rows");
	strbuf_addstr(out, ", ");
	add_rows(out, t->assets, "asset", "assets");
	strbuf_addstr(out, ", ");
	add_rows(out, t->units, "unit", "units");
}

void report_removed_source(const char *survey, const struct store_removed *total,
			   const struct source_info *src, struct strbuf *out)
{
	strbuf_addf(out, "removed source #%lld '", (long long)src->id);
	add_printable(out, src->name[0] ? src->name : src->path);
	strbuf_addstr(out, "' from survey '");
	add_printable(out, survey);
	strbuf_addstr(out, "': ");
	add_totals(out, total);
	strbuf_addch(out, '\n');
}

void report_removed_survey(const char *survey, const struct store_removed *total,
			   struct strbuf *out)
{
	strbuf_addstr(out, "removed survey '");
	add_printable(out, survey);
	strbuf_addstr(out, "': ");
	add_rows(out, total->sources, "source", "sources");
	strbuf_addstr(out, ", ");
	add_totals(out, total);
	strbuf_addch(out, '\n');
}
