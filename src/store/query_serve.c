#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/query_serve.h"
#include "store/store_int.h"
#include "util/limits.h"
#include "util/strbuf.h"

/* Evidence lists already parsed in this query, by their stored text: a
 * million-row import shares a few hundred lists (identical records are
 * decided once), so a page of 100 rows parses a handful, not 100
 * (jansson was a quarter of a register page's time). */
#define EV_CACHE 32
struct ev_cache {
	char *items[EV_CACHE];
	struct asset parsed[EV_CACHE]; /* only the evidence is used */
	size_t n, next;
};

static void ev_cache_release(struct ev_cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i]);
		asset_release(&c->parsed[i]);
	}
}

static void evidence_load(struct ev_cache *c, struct asset *a, const char *items)
{
	if (!items)
		return;
	size_t i = 0;
	while (i < c->n && !(c->items[i] && strcmp(c->items[i], items) == 0))
		i++;
	if (i == c->n) {
		/* A new list: a free slot, else the slots in turn. */
		if (c->n < EV_CACHE) {
			i = c->n++;
		} else {
			i = c->next++ % EV_CACHE;
			free(c->items[i]);
			asset_release(&c->parsed[i]);
		}
		asset_init(&c->parsed[i]);
		c->items[i] = strdup(items);
		if (!c->items[i]) { /* out of memory: parse this one directly */
			store_evidence_parse(a, items);
			return;
		}
		store_evidence_parse(&c->parsed[i], items);
	}
	const struct asset *from = &c->parsed[i];
	for (size_t k = 0; k < from->n_evidence; k++) {
		const struct evidence *e = &from->evidence[k];
		asset_add_evidence(a, e->method, e->field, e->value, e->confidence);
	}
}

enum vs_err store_assets_query(struct store *st, const struct store_asset_query *q,
			       store_asset_fn fn, void *ctx, bool *more, struct vs_error *err)
{
	if (more)
		*more = false;
	enum vs_err rc = store_flush(st, err);
	if (rc)
		return rc;
	struct strbuf like = STRBUF_INIT;
	if (q->search && *q->search)
		store_like_pattern(&like, q->search);
	if (like.failed)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	const char *pattern = like.len ? strbuf_str(&like) : NULL;
	/* Ordered by the rowid (a.id), which the survey index carries, so the
	 * cursor's "id > ?" and LIMIT stop after the page's rows. */
	static const char sql[] =
		STORE_ASSET_SELECT
		"WHERE (?1 = 0 OR a.survey_id = ?1) AND (?2 < 0 OR a.kind = ?3) "
		"AND (?4 = 0 OR a.chinese = 1) AND (?5 = 0 OR a.critical = 1) "
		"AND a.id > ?6 AND (?7 = 0 OR a.id = ?7) "
		"AND " STORE_ASSET_SEARCH("?8") " "
		"ORDER BY a.id LIMIT ?9";
	struct db *db = store_handle(st);
	struct db_stmt *s = NULL;
	if (!(s = db_prepare(db, sql, 0))) {
		rc = vs_fail(err, VS_EDB, "querying assets: %s", db_errmsg(db));
		goto out;
	}
	db_bind_int64(s, 1, q->f.survey_id);
	db_bind_int64(s, 2, q->f.kind);
	db_bind_text_static(s, 3, q->f.kind == ASSET_SOFTWARE ? "software" : "hardware", -1);
	db_bind_int64(s, 4, q->f.chinese_only);
	db_bind_int64(s, 5, q->critical_only);
	/* One asset: its id as the cursor's start, so the rowid range finds
	 * it at once instead of "?7 = 0 OR" scanning up to it. */
	db_bind_int64(s, 6, q->id ? q->id - 1 : q->after_id);
	db_bind_int64(s, 7, q->id);
	if (pattern)
		db_bind_text_static(s, 8, pattern, -1);
	/* One row past the page says whether there is a next one. */
	db_bind_int64(s, 9, q->limit ? (int64_t)q->limit + 1 : INT64_MAX);
	size_t n = 0;
	int step;
	struct ev_cache evc = {0};
	while ((step = db_step(s)) == DB_ROW) {
		if (q->limit && n == q->limit) {
			if (more)
				*more = true;
			break;
		}
		struct asset a;
		asset_init(&a);
		store_asset_from_row(s, &a);
		evidence_load(&evc, &a, db_column_text(s, STORE_ASSET_EVIDENCE_COLUMN));
		bool go_on = fn(&a, ctx);
		asset_release(&a);
		n++;
		if (!go_on)
			break;
	}
	if (step != DB_ROW && step != DB_DONE)
		rc = vs_fail(err, VS_EDB, "querying assets: %s", db_errmsg(db));
	ev_cache_release(&evc);
out:
	db_finalize(s);
	strbuf_release(&like);
	return rc;
}

enum vs_err store_data_version(struct store *st, int64_t *out, struct vs_error *err)
{
	uint64_t v = 0;
	enum vs_err rc = db_data_version(store_handle(st), &v, err);
	*out = (int64_t)(v & INT64_MAX);
	return rc;
}

enum vs_err store_tune_reader(struct store *st, struct vs_error *err)
{
	struct db *db = store_handle(st);
	if (db_kind(db) != DB_SQLITE)
		return VS_OK; /* PostgreSQL's server keeps its own cache */
	/* Pages read through a memory map instead of a read(2) each (a fifth of
	 * a register page's time was the kernel copying pages into SQLite's
	 * cache), and a larger cache for what is still read. */
	return db_exec(db, "PRAGMA mmap_size = " VS_SERVE_MMAP_SIZE_SQL "; PRAGMA cache_size = -"
			   VS_SERVE_CACHE_KIB_SQL, err);
}
