/*
 * Grouped counts: "how many, of what, where" — the shape of every inventory
 * table (Table 1 of the seeds is assets grouped by type and department).
 */
#ifndef VS_STORE_QUERY_GROUPS_H
#define VS_STORE_QUERY_GROUPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define GROUP_MAX_FIELDS 4

/* Columns a report may group by. */
enum group_field {
	GF_TYPE,
	GF_DEPARTMENT,
	GF_VENDOR,
	GF_MAKER,
	GF_BRAND,
	GF_MODEL,
	GF_COUNTRY,
	GF_CHINESE,
	GF_CRITICAL,
	GF_SITE,
	GF_KIND,
	GF_PRODUCT,
	GF_PUBLISHER,
	GF_COUNT_OF_FIELDS
};

/* Parse "type,department" into fields; false with a message on an unknown name. */
bool group_fields_parse(const char *spec, enum group_field *fields, size_t *n,
			char *why, size_t why_len);
const char *group_field_name(enum group_field f);

struct group_row {
	char *value[GROUP_MAX_FIELDS]; /* NULL: not known */
	int64_t count;
	int64_t low, high;   /* high -1: unbounded ("150+") */
	bool estimated;
	int64_t first_id;    /* smallest asset id in the group: input order */
};

struct group_result {
	struct group_row *rows;
	size_t n, alloc;
};

enum vs_err store_assets_grouped(struct store *st, const struct asset_filter *f,
				 const enum group_field *fields, size_t n_fields,
				 struct group_result *out, struct vs_error *err);
void group_result_release(struct group_result *r);

#endif
