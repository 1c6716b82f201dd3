#include "store/query_groups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/strbuf.h"
#include "util/text.h"

/* Column expressions; type falls back to the raw word when not normalised so
 * an unknown type is still counted under its own name. Fixed strings only:
 * user input never reaches the SQL text. */
static const struct {
	const char *name;
	const char *sql;
} group_columns[GF_COUNT_OF_FIELDS] = {
	[GF_TYPE] = {"type", "coalesce(type, type_raw)"},
	[GF_DEPARTMENT] = {"department", "department"},
	[GF_VENDOR] = {"vendor", "vendor_name"},
	[GF_MAKER] = {"maker", "maker"},
	[GF_BRAND] = {"brand", "brand"},
	[GF_MODEL] = {"model", "model"},
	[GF_COUNTRY] = {"country", "country"},
	[GF_CHINESE] = {"chinese", "CASE chinese WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END"},
	[GF_CRITICAL] = {"critical", "CASE critical WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END"},
	[GF_SITE] = {"site", "site"},
	[GF_KIND] = {"kind", "kind"},
	[GF_PRODUCT] = {"product", "product"},
	[GF_PUBLISHER] = {"publisher", "publisher"},
};

const char *group_field_name(enum group_field f)
{
	return (unsigned)f < GF_COUNT_OF_FIELDS ? group_columns[f].name : "?";
}

bool group_fields_parse(const char *spec, enum group_field *fields, size_t *n, char *why,
			size_t why_len)
{
	*n = 0;
	const char *p = spec;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		bool found = false;
		for (int f = 0; f < GF_COUNT_OF_FIELDS; f++) {
			if (strlen(group_columns[f].name) == len &&
			    strncmp(group_columns[f].name, p, len) == 0) {
				if (*n == GROUP_MAX_FIELDS) {
					snprintf(why, why_len, "at most %d fields to group by",
						 GROUP_MAX_FIELDS);
					return false;
				}
				fields[(*n)++] = (enum group_field)f;
				found = true;
				break;
			}
		}
		if (!found) {
			snprintf(why, why_len, "cannot group by '%.*s' (one of: type, department, "
					       "vendor, maker, brand, model, country, chinese, "
					       "critical, site, kind, product, publisher)",
				 (int)len, p);
			return false;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	if (*n == 0) {
		snprintf(why, why_len, "no field to group by");
		return false;
	}
	return true;
}

static bool push_row(struct group_result *r, struct group_row *row)
{
	if (r->n == r->alloc) {
		size_t na = r->alloc ? r->alloc * 2 : 32;
		struct group_row *p = realloc(r->rows, na * sizeof(*p));
		if (!p)
			return false;
		r->rows = p;
		r->alloc = na;
	}
	r->rows[r->n++] = *row;
	return true;
}

enum vs_err store_assets_grouped(struct store *st, const struct asset_filter *f,
				 const enum group_field *fields, size_t n_fields,
				 struct group_result *out, struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	struct strbuf sql = STRBUF_INIT;
	strbuf_addstr(&sql, "SELECT ");
	for (size_t i = 0; i < n_fields; i++)
		strbuf_addf(&sql, "%s, ", group_columns[fields[i]].sql);
	/* A row with no upper bound ("150+") makes the group's high unbounded. */
	strbuf_addstr(&sql, "sum(count), sum(coalesce(count_low, count)), "
			    "CASE WHEN sum(CASE WHEN count_high IS NULL AND count_low IS NOT NULL THEN 1 ELSE 0 END)"
			    " > 0 THEN NULL "
			    "ELSE sum(coalesce(count_high, count)) END, max(estimated), min(id) "
			    "FROM asset WHERE (?1 = 0 OR survey_id = ?1) AND (?2 < 0 OR kind = ?3) "
			    "AND (?4 = 0 OR chinese = 1) GROUP BY ");
	for (size_t i = 0; i < n_fields; i++)
		strbuf_addf(&sql, "%s%zu", i ? ", " : "", i + 1);
	strbuf_addstr(&sql, " ORDER BY min(id)");
	if (sql.failed)
		return vs_fail(err, VS_ENOMEM, "out of memory");

	struct db *db = store_handle(st);
	struct db_stmt *s = NULL;
	enum vs_err rc = VS_OK;
	if (!(s = db_prepare(db, strbuf_str(&sql), 0))) {
		rc = vs_fail(err, VS_EDB, "grouping assets: %s", db_errmsg(db));
		goto out;
	}
	db_bind_int64(s, 1, f->survey_id);
	db_bind_int64(s, 2, f->kind);
	db_bind_text_static(s, 3, f->kind == ASSET_SOFTWARE ? "software" : "hardware", -1);
	db_bind_int64(s, 4, f->chinese_only);
	int step;
	while ((step = db_step(s)) == DB_ROW) {
		struct group_row row;
		memset(&row, 0, sizeof(row));
		int c = 0;
		bool oom = false;
		for (size_t i = 0; i < n_fields; i++, c++) {
			const char *t = db_column_text(s, c);
			if (t && !(row.value[i] = str_dup_or_null((const char *)t)))
				oom = true;
		}
		row.count = db_column_int64(s, c++);
		row.low = db_column_int64(s, c++);
		row.high = db_column_null(s, c) ? -1 : db_column_int64(s, c);
		c++;
		row.estimated = db_column_int(s, c++) != 0;
		row.first_id = db_column_int64(s, c++);
		if (oom || !push_row(out, &row)) {
			for (size_t i = 0; i < n_fields; i++)
				free(row.value[i]);
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (step != DB_DONE)
		rc = vs_fail(err, VS_EDB, "grouping assets: %s", db_errmsg(db));
out:
	db_finalize(s);
	strbuf_release(&sql);
	if (rc)
		group_result_release(out);
	return rc;
}

void group_result_release(struct group_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		for (size_t k = 0; k < GROUP_MAX_FIELDS; k++)
			free(r->rows[i].value[k]);
	free(r->rows);
	memset(r, 0, sizeof(*r));
}
