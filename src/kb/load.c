/*
 * Loading the knowledge base: data/README.md is the format. Structural
 * faults (column count, unknown id or keyword, malformed date, an alias that
 * folds to two vendors, an ownership cycle) fail the load with FILE:LINE;
 * gaps in the facts (no country, no source, from >= until) load and are
 * reported by kb_check, so a half-researched vendor does not stop a survey.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kb/kb_int.h"
#include "util/limits.h"
#include "util/text.h"

const char *const kb_file_names[KB_N_FILES] = {
	"kb/vendors.tsv", "kb/aliases.tsv", "kb/ownership.tsv", "kb/oem.tsv", "asset_types.tsv",
	"oui/registry.tsv", "kb/fingerprints.tsv",
};

struct loader {
	struct kb *kb;
	struct vs_error *err;
	struct strbuf fold; /* scratch for name_fold */
	size_t *vendor_line; /* line of each vendor, for messages about its name */
	size_t cap_vendors, cap_aliases, cap_owners, cap_oem, cap_types;
	/* Aliases of one folded name for different companies, each scoped
	 * (kb_alias.alt): pairs (first alias, later alias) by index, chained
	 * once no more aliases are added (the array moves while it grows). */
	struct alias_link {
		size_t head, alias;
	} *links;
	size_t n_links, cap_links;
};

static enum vs_err nomem(struct loader *L)
{
	return vs_fail(L->err, VS_ENOMEM, "out of memory loading the knowledge base");
}

/* Grow *arr (of *cap elements of size sz) to hold n + 1. */
static bool grow(void **arr, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 64;
	if (c > SIZE_MAX / sz)
		return false;
	void *p = realloc(*arr, c * sz);
	if (!p)
		return false;
	*arr = p;
	*cap = c;
	return true;
}

/* A cell as an arena string; an empty cell is NULL ("not known"). */
static const char *cell_str(struct loader *L, struct slice s, bool *oom)
{
	if (s.len == 0)
		return NULL;
	const char *r = kb_arena_strndup(&L->kb->arena, s.p, s.len);
	if (!r)
		*oom = true;
	return r;
}

/* "kb/vendors.tsv:12" as an arena string. */
static const char *where(struct loader *L, const struct tsv *t, bool *oom)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s:%zu", t->name, t->line);
	const char *r = sb.failed ? NULL : kb_arena_strndup(&L->kb->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	if (!r)
		*oom = true;
	return r;
}

static const char *fold(struct loader *L, struct slice s)
{
	char *tmp = str_ndup(s.p, s.len);
	strbuf_reset(&L->fold);
	if (tmp)
		name_fold(&L->fold, tmp);
	free(tmp);
	if (!tmp || L->fold.failed)
		return NULL;
	return strbuf_str(&L->fold);
}

static enum vs_err bad(struct loader *L, const struct tsv *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum vs_err bad(struct loader *L, const struct tsv *t, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	vs_fail(L->err, VS_EBADVAL, "%s:%zu: %s", t->name, t->line,
		msg.failed ? "(out of memory formatting the reason)" : strbuf_str(&msg));
	strbuf_release(&msg);
	return VS_EBADVAL;
}

/* A cell quoted in a message: at most 80 bytes of it, cut at a character
 * boundary and marked when cut (a line may be 8 KiB; a message is 1 KiB). */
#define CELL_SHOW 80
static int cell_show(struct slice s)
{
	size_t n = s.len;
	if (n > CELL_SHOW) {
		n = CELL_SHOW;
		while (n > 0 && (s.p[n] & 0xC0) == 0x80)
			n--;
	}
	return (int)n;
}
#define CELL_FMT "\"%.*s%s\""
#define CELL_ARG(s) cell_show(s), (const char *)(s).p, (s).len > CELL_SHOW ? "…" : ""

static const struct kb_vendor *vendor_ref(struct loader *L, const struct tsv *t, struct slice id,
					  const char *column)
{
	size_t i;
	if (id.len == 0) {
		bad(L, t, "%s is empty", column);
		return NULL;
	}
	if (!kb_map_get(&L->kb->vendor_ids, (const char *)id.p, id.len, &i)) {
		bad(L, t, "%s " CELL_FMT " is not a vendor id in kb/vendors.tsv", column, CELL_ARG(id));
		return NULL;
	}
	return &L->kb->vendors[i];
}

/* ---- vendors.tsv ---- */

static bool parse_kind(struct slice s, enum kb_vendor_kind *k)
{
	if (slice_eq(s, "hardware"))
		*k = KB_KIND_HARDWARE;
	else if (slice_eq(s, "software"))
		*k = KB_KIND_SOFTWARE;
	else if (slice_eq(s, "both"))
		*k = KB_KIND_BOTH;
	else
		return false;
	return true;
}

static bool parse_flags(struct slice s, unsigned *flags, struct slice *unknown)
{
	static const struct {
		const char *name;
		unsigned flag;
	} names[] = {
		{"chip", KB_FLAG_CHIP}, {"oem_brand", KB_FLAG_OEM_BRAND},
		{"state_owned", KB_FLAG_STATE_OWNED}, {"listed_fcc", KB_FLAG_LISTED_FCC},
		{"listed_ndaa889", KB_FLAG_LISTED_NDAA889},
	};
	*flags = 0;
	if (s.len == 0)
		return true;
	struct cur c = cur_make(s.p, s.len);
	for (;;) {
		bool found, ok = false;
		struct slice w = cur_until(&c, ',', &found);
		while (w.len && w.p[0] == ' ')
			w.p++, w.len--;
		while (w.len && w.p[w.len - 1] == ' ')
			w.len--;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			if (slice_eq(w, names[i].name)) {
				*flags |= names[i].flag;
				ok = true;
			}
		}
		if (!ok) {
			*unknown = w;
			return false;
		}
		if (!found)
			return true;
	}
}

static bool valid_id(struct slice s)
{
	if (s.len == 0)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		uint8_t c = s.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

static bool alias_scoped(const struct kb_alias *a)
{
	return a->scope.n_types || a->scope.n_models;
}

static enum vs_err link_alias(struct loader *L, size_t head, size_t alias)
{
	if (!grow((void **)&L->links, &L->cap_links, L->n_links, sizeof(*L->links)))
		return nomem(L);
	L->links[L->n_links++] = (struct alias_link){head, alias};
	return VS_OK;
}

/* Chain the linked aliases (file order) once the alias array is final. */
static void chain_aliases(struct loader *L)
{
	struct kb *kb = L->kb;
	for (size_t i = 0; i < L->n_links; i++) {
		struct kb_alias *a = &kb->aliases[L->links[i].head];
		while (a->alt)
			a = (struct kb_alias *)a->alt;
		a->alt = &kb->aliases[L->links[i].alias];
	}
}

/*
 * "surveillance_camera,nvr" (asset type keys) or "DS-,IPC-" (model
 * prefixes) into an arena list; an unknown type key is an error, since a
 * misspelt scope would silently cover nothing.
 */
static enum vs_err scope_list(struct loader *L, const struct tsv *t, struct slice cell, bool types,
			      const char *const **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (cell.len == 0)
		return VS_OK;
	size_t count = 1;
	for (size_t i = 0; i < cell.len; i++)
		count += cell.p[i] == ',';
	const char **list = NULL;
	if (count > VS_MAX_SCOPE_ITEMS)
		return bad(L, t, "a scope lists at most %d items", VS_MAX_SCOPE_ITEMS);
	char *block = kb_arena_strndup(&L->kb->arena, NULL, count * sizeof(*list) + sizeof(*list));
	if (!block)
		return nomem(L);
	/* The arena hands out char blocks; align the list for pointers. */
	uintptr_t at = ((uintptr_t)block + sizeof(*list) - 1) & ~(uintptr_t)(sizeof(*list) - 1);
	list = (const char **)at;
	struct cur c = cur_make(cell.p, cell.len);
	bool more = true;
	while (more) {
		struct slice w = cur_until(&c, ',', &more);
		while (w.len && w.p[0] == ' ')
			w.p++, w.len--;
		while (w.len && w.p[w.len - 1] == ' ')
			w.len--;
		if (w.len == 0)
			return bad(L, t, "empty item in scope " CELL_FMT, CELL_ARG(cell));
		bool oom = false;
		const char *item = cell_str(L, w, &oom);
		if (oom)
			return nomem(L);
		size_t ti;
		if (types && !kb_map_get(&L->kb->type_keys, item, w.len, &ti))
			return bad(L, t, "scope type \"%s\" is not a key of asset_types.tsv", item);
		list[(*n)++] = item;
	}
	*out = list;
	return VS_OK;
}

/* Enter a folded name for alias index ai; refuse a name that folds to a key
 * another vendor already holds, unless a scope tells the two apart. */
static enum vs_err add_name(struct loader *L, const struct tsv *t, struct slice text, size_t ai)
{
	struct kb *kb = L->kb;
	const char *f = fold(L, text);
	if (!f)
		return nomem(L);
	size_t flen = strlen(f);
	if (flen == 0)
		return bad(L, t, CELL_FMT " has no letters or digits to match on", CELL_ARG(text));
	const char *key = kb_arena_strndup(&kb->arena, f, flen);
	if (!key)
		return nomem(L);
	bool had;
	size_t old;
	if (!kb_map_put(&kb->names, key, flen, ai, &had, &old))
		return nomem(L);
	if (had) {
		const struct kb_alias *o = &kb->aliases[old];
		const struct kb_alias *a = &kb->aliases[ai];
		if (o->vendor != a->vendor && (alias_scoped(o) || alias_scoped(a)))
			return link_alias(L, old, ai);
		if (o->vendor != a->vendor)
			return bad(L, t, CELL_FMT " folds to \"%s\", which already names %s (%s); "
				   "give the rows types or models to tell them apart",
				   CELL_ARG(text), key, o->vendor->id, o->file);
		/* An aliases.tsv row says more (its kind, its source) than the
		 * vendor's display name it repeats: the row answers. */
		if (kb_alias_synthesised(o))
			kb_map_set(&kb->names, key, flen, ai);
	}
	/* The same words without "Co., Ltd." and the like, for the suffix rule;
	 * two vendors meeting there make the key ambiguous, not an error (the
	 * full names differ). */
	size_t blen = kb_strip_legal(key, flen);
	if (blen < flen) {
		if (!kb_map_put(&kb->names_bare, key, blen, ai, &had, &old))
			return nomem(L);
		if (had && old != KB_MAP_AMBIGUOUS && kb->aliases[old].vendor != kb->aliases[ai].vendor)
			kb_map_set(&kb->names_bare, key, blen, KB_MAP_AMBIGUOUS);
	}
	if (kb->aliases[ai].kind == KB_ALIAS_IEEE && !kb_map_put(&kb->ieee, key, flen, ai, &had, &old))
		return nomem(L);
	return VS_OK;
}

static struct kb_alias *new_alias(struct loader *L)
{
	struct kb *kb = L->kb;
	if (!grow((void **)&kb->aliases, &L->cap_aliases, kb->n_aliases, sizeof(*kb->aliases)))
		return NULL;
	struct kb_alias *a = &kb->aliases[kb->n_aliases++];
	memset(a, 0, sizeof(*a));
	return a;
}

static enum vs_err load_vendors(struct loader *L, const struct kb_text *txt)
{
	static const char *const cols[] = {"id", "name", "kind", "country", "flags", "note", "source"};
	struct kb *kb = L->kb;
	struct tsv t;
	enum vs_err rc = tsv_open(&t, kb_file_names[KB_FILE_VENDORS], txt->data, txt->len, cols, 7,
				     L->err);
	int r;
	while (rc == VS_OK && (r = tsv_next(&t, L->err)) == 1) {
		struct slice *c = t.cell;
		if (!valid_id(c[0]))
			return bad(L, &t, "id " CELL_FMT " is not [a-z0-9_]+", CELL_ARG(c[0]));
		if (c[1].len == 0)
			return bad(L, &t, "name is empty");
		struct kb_vendor v = {0};
		if (!parse_kind(c[2], &v.kind))
			return bad(L, &t, "kind " CELL_FMT " is not hardware, software or both",
				   CELL_ARG(c[2]));
		if (c[3].len && (c[3].len != 2 || c[3].p[0] < 'A' || c[3].p[0] > 'Z' ||
				 c[3].p[1] < 'A' || c[3].p[1] > 'Z'))
			return bad(L, &t, "country " CELL_FMT " is not an ISO 3166-1 alpha-2 code",
				   CELL_ARG(c[3]));
		struct slice unk;
		if (!parse_flags(c[4], &v.flags, &unk))
			return bad(L, &t, "flag " CELL_FMT " is not chip, oem_brand, state_owned, "
				   "listed_fcc or listed_ndaa889", CELL_ARG(unk));
		bool oom = false;
		v.id = cell_str(L, c[0], &oom);
		v.name = cell_str(L, c[1], &oom);
		v.country = cell_str(L, c[3], &oom);
		v.note = cell_str(L, c[5], &oom);
		/* Never NULL (kb.h); an empty source loads as "" and kb_check names it. */
		v.source = c[6].len ? cell_str(L, c[6], &oom) : "";
		v.file = where(L, &t, &oom);
		size_t cap = L->cap_vendors;
		if (oom || !grow((void **)&kb->vendors, &L->cap_vendors, kb->n_vendors, sizeof(v)))
			return nomem(L);
		if (cap != L->cap_vendors) {
			size_t *p = realloc(L->vendor_line, L->cap_vendors * sizeof(*p));
			if (!p)
				return nomem(L);
			L->vendor_line = p;
		}
		L->vendor_line[kb->n_vendors] = t.line;
		bool had;
		size_t old;
		if (!kb_map_put(&kb->vendor_ids, v.id, c[0].len, kb->n_vendors, &had, &old))
			return nomem(L);
		if (had)
			return bad(L, &t, "id \"%s\" is already defined at %s", v.id,
				   kb->vendors[old].file);
		kb->vendors[kb->n_vendors++] = v;
	}
	return rc != VS_OK ? rc : r < 0 ? L->err->code : VS_OK;
}

/* After every vendor is read (the array no longer moves): each display name
 * becomes an alias, so "Hikvision" matches even without an aliases.tsv row. */
static enum vs_err vendor_names(struct loader *L)
{
	struct kb *kb = L->kb;
	for (size_t i = 0; i < kb->n_vendors; i++) {
		const struct kb_vendor *v = &kb->vendors[i];
		struct kb_alias *a = new_alias(L);
		if (!a)
			return nomem(L);
		a->alias = v->name;
		a->vendor = v;
		a->kind = KB_ALIAS_SHORT;
		a->source = v->source;
		a->file = v->file;
		/* Messages point at the vendor's line. */
		struct tsv t = {.name = kb_file_names[KB_FILE_VENDORS], .line = L->vendor_line[i]};
		enum vs_err rc = add_name(L, &t, slice_from(v->name), kb->n_aliases - 1);
		if (rc)
			return rc;
	}
	return VS_OK;
}

/*
 * After aliases.tsv: a display name written "Uniview (UNV)" or "LTS (LT
 * Security)" also answers to the part before the parenthesis, which is how
 * exports write it. Only where no alias already holds that key: the data's
 * own rows win over what we derive, and a clash is not an error.
 */
static enum vs_err vendor_short_names(struct loader *L)
{
	struct kb *kb = L->kb;
	for (size_t i = 0; i < kb->n_vendors; i++) {
		const struct kb_vendor *v = &kb->vendors[i];
		const char *paren = strstr(v->name, " (");
		size_t len = strlen(v->name);
		if (!paren || paren == v->name || v->name[len - 1] != ')')
			continue;
		struct slice base = {(const uint8_t *)v->name, (size_t)(paren - v->name)};
		const char *f = fold(L, base);
		if (!f)
			return nomem(L);
		size_t flen = strlen(f), old;
		if (flen == 0 || kb_map_get(&kb->names, f, flen, &old))
			continue;
		const char *text = kb_arena_strndup(&kb->arena, base.p, base.len);
		struct kb_alias *a = text ? new_alias(L) : NULL;
		if (!a)
			return nomem(L);
		a->alias = text;
		a->vendor = v;
		a->kind = KB_ALIAS_SHORT;
		a->source = v->source;
		a->file = v->file;
		struct tsv t = {.name = kb_file_names[KB_FILE_VENDORS], .line = L->vendor_line[i]};
		enum vs_err rc = add_name(L, &t, base, kb->n_aliases - 1);
		if (rc)
			return rc;
	}
	return VS_OK;
}

/* ---- aliases.tsv ---- */

static bool parse_alias_kind(struct slice s, enum kb_alias_kind *k)
{
	static const char *const names[] = {"legal", "short", "native", "brand", "product",
					    "publisher", "ieee", "model_prefix"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (slice_eq(s, names[i])) {
			*k = (enum kb_alias_kind)i;
			return true;
		}
	}
	return false;
}

static enum vs_err add_model_prefix(struct loader *L, const struct tsv *t, struct slice s,
				    size_t ai)
{
	struct kb *kb = L->kb;
	char *key = kb_arena_strndup(&kb->arena, s.p, s.len);
	if (!key)
		return nomem(L);
	/* Model numbers compare ASCII-case-insensitively and keep their
	 * punctuation: "DS-2CD" and "ds-2cd" are one prefix, "DS2CD" another. */
	for (size_t i = 0; i < s.len; i++)
		if (key[i] >= 'A' && key[i] <= 'Z')
			key[i] = (char)(key[i] + 32);
	bool had;
	size_t old;
	if (!kb_map_put(&kb->models, key, s.len, ai, &had, &old))
		return nomem(L);
	if (had && kb->aliases[old].vendor != kb->aliases[ai].vendor)
		return bad(L, t, "model prefix " CELL_FMT " already names %s (%s)", CELL_ARG(s),
			   kb->aliases[old].vendor->id, kb->aliases[old].file);
	if (s.len > kb->max_model_prefix)
		kb->max_model_prefix = s.len;
	return VS_OK;
}

static enum vs_err load_aliases(struct loader *L, const struct kb_text *txt)
{
	static const char *const cols[] = {"alias", "vendor", "kind", "source", "types", "models"};
	struct kb *kb = L->kb;
	struct tsv t;
	enum vs_err rc = tsv_open_optional(&t, kb_file_names[KB_FILE_ALIASES], txt->data, txt->len,
					   cols, 6, 4, L->err);
	int r;
	while (rc == VS_OK && (r = tsv_next(&t, L->err)) == 1) {
		struct slice *c = t.cell;
		if (c[0].len == 0)
			return bad(L, &t, "alias is empty");
		const struct kb_vendor *v = vendor_ref(L, &t, c[1], "vendor");
		if (!v)
			return VS_EBADVAL;
		enum kb_alias_kind kind;
		if (!parse_alias_kind(c[2], &kind))
			return bad(L, &t, "kind " CELL_FMT " is not legal, short, native, brand, product, "
				   "publisher, ieee or model_prefix", CELL_ARG(c[2]));
		struct kb_alias *a = new_alias(L);
		if (!a)
			return nomem(L);
		bool oom = false;
		a->alias = cell_str(L, c[0], &oom);
		a->vendor = v;
		a->kind = kind;
		a->source = c[3].len ? cell_str(L, c[3], &oom) : "";
		a->file = where(L, &t, &oom);
		if (oom)
			return nomem(L);
		struct kb_scope sc = {0};
		if ((rc = scope_list(L, &t, c[4], true, &sc.types, &sc.n_types)) ||
		    (rc = scope_list(L, &t, c[5], false, &sc.models, &sc.n_models)))
			return rc;
		a = &kb->aliases[kb->n_aliases - 1];
		a->scope = sc;
		if (alias_scoped(a) && kind == KB_ALIAS_MODEL_PREFIX)
			return bad(L, &t, "a model prefix cannot have a scope of its own");
		rc = kind == KB_ALIAS_MODEL_PREFIX ? add_model_prefix(L, &t, c[0], kb->n_aliases - 1)
						   : add_name(L, &t, c[0], kb->n_aliases - 1);
	}
	return rc != VS_OK ? rc : r < 0 ? L->err->code : VS_OK;
}

/* ---- ownership.tsv and oem.tsv ---- */

static bool parse_certainty(struct slice s, enum kb_certainty *c)
{
	if (slice_eq(s, "high"))
		*c = KB_CERT_HIGH;
	else if (slice_eq(s, "medium"))
		*c = KB_CERT_MEDIUM;
	else if (slice_eq(s, "low") || s.len == 0) /* not known = no more than low */
		*c = KB_CERT_LOW;
	else
		return false;
	return true;
}

static enum vs_err edge_dates(struct loader *L, const struct tsv *t, struct slice from,
			      struct slice until, struct kb_edge *e)
{
	uint32_t d;
	if (from.len && !date_parse_day((const char *)from.p, from.len, &d))
		return bad(L, t, "from " CELL_FMT " is not YYYY, YYYY-MM or YYYY-MM-DD", CELL_ARG(from));
	if (until.len && !date_parse_day((const char *)until.p, until.len, &d))
		return bad(L, t, "until " CELL_FMT " is not YYYY, YYYY-MM or YYYY-MM-DD",
			   CELL_ARG(until));
	bool oom = false;
	e->from = cell_str(L, from, &oom);
	e->until = cell_str(L, until, &oom);
	return oom ? nomem(L) : VS_OK;
}

static enum vs_err load_ownership(struct loader *L, const struct kb_text *txt)
{
	static const char *const cols[] = {"vendor", "owner", "from", "until", "certainty", "note",
					   "source"};
	struct kb *kb = L->kb;
	struct tsv t;
	enum vs_err rc = tsv_open(&t, kb_file_names[KB_FILE_OWNERSHIP], txt->data, txt->len, cols,
				     7, L->err);
	int r;
	while (rc == VS_OK && (r = tsv_next(&t, L->err)) == 1) {
		struct slice *c = t.cell;
		struct kb_edge e = {0};
		if (!(e.vendor = vendor_ref(L, &t, c[0], "vendor")) ||
		    !(e.owner = vendor_ref(L, &t, c[1], "owner")))
			return VS_EBADVAL;
		if (e.vendor == e.owner)
			return bad(L, &t, "%s cannot own itself", e.vendor->id);
		if ((rc = edge_dates(L, &t, c[2], c[3], &e)))
			return rc;
		if (!parse_certainty(c[4], &e.certainty))
			return bad(L, &t, "certainty " CELL_FMT " is not high, medium or low",
				   CELL_ARG(c[4]));
		bool oom = false;
		e.note = cell_str(L, c[5], &oom);
		e.source = c[6].len ? cell_str(L, c[6], &oom) : "";
		e.file = where(L, &t, &oom);
		if (oom || !grow((void **)&kb->owners, &L->cap_owners, kb->n_owners, sizeof(e)))
			return nomem(L);
		kb->owners[kb->n_owners++] = e;
	}
	return rc != VS_OK ? rc : r < 0 ? L->err->code : VS_OK;
}

static enum vs_err load_oem(struct loader *L, const struct kb_text *txt)
{
	static const char *const cols[] = {"brand", "producer", "scope", "certainty", "from",
					   "until", "source", "types", "models"};
	struct kb *kb = L->kb;
	struct tsv t;
	enum vs_err rc = tsv_open_optional(&t, kb_file_names[KB_FILE_OEM], txt->data, txt->len,
					   cols, 9, 7, L->err);
	int r;
	while (rc == VS_OK && (r = tsv_next(&t, L->err)) == 1) {
		struct slice *c = t.cell;
		struct kb_edge e = {0};
		if (!(e.vendor = vendor_ref(L, &t, c[0], "brand")) ||
		    !(e.owner = vendor_ref(L, &t, c[1], "producer")))
			return VS_EBADVAL;
		if (e.vendor == e.owner)
			return bad(L, &t, "%s cannot make its own brand under oem.tsv", e.vendor->id);
		if ((rc = scope_list(L, &t, c[7], true, &e.cover.types, &e.cover.n_types)) ||
		    (rc = scope_list(L, &t, c[8], false, &e.cover.models, &e.cover.n_models)))
			return rc;
		if (!parse_certainty(c[3], &e.certainty))
			return bad(L, &t, "certainty " CELL_FMT " is not high, medium or low",
				   CELL_ARG(c[3]));
		if ((rc = edge_dates(L, &t, c[4], c[5], &e)))
			return rc;
		bool oom = false;
		e.scope = cell_str(L, c[2], &oom);
		e.source = c[6].len ? cell_str(L, c[6], &oom) : "";
		e.file = where(L, &t, &oom);
		if (oom || !grow((void **)&kb->oem, &L->cap_oem, kb->n_oem, sizeof(e)))
			return nomem(L);
		kb->oem[kb->n_oem++] = e;
	}
	return rc != VS_OK ? rc : r < 0 ? L->err->code : VS_OK;
}

/* Group edges by vendor (file order inside a group: a counting sort) so a
 * chain step reads only its own vendor's edges. */
static const struct kb_edge **index_edges(struct kb *kb, const struct kb_edge *edges, size_t n,
					  bool own)
{
	const struct kb_edge **idx = malloc((n ? n : 1) * sizeof(*idx));
	if (!idx)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		struct kb_vendor_edges *ve = &kb->vedges[kb_vendor_index(kb, edges[i].vendor)];
		own ? ve->own_n++ : ve->oem_n++;
	}
	size_t pos = 0;
	for (size_t v = 0; v < kb->n_vendors; v++) {
		struct kb_vendor_edges *ve = &kb->vedges[v];
		if (own) {
			ve->own_start = pos;
			pos += ve->own_n;
			ve->own_n = 0;
		} else {
			ve->oem_start = pos;
			pos += ve->oem_n;
			ve->oem_n = 0;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct kb_vendor_edges *ve = &kb->vedges[kb_vendor_index(kb, edges[i].vendor)];
		if (own)
			idx[ve->own_start + ve->own_n++] = &edges[i];
		else
			idx[ve->oem_start + ve->oem_n++] = &edges[i];
	}
	return idx;
}

/*
 * Refuse a cycle in the ownership graph, dates ignored: A owning B while B
 * owns A is a data error, and an A->B 2000-2010, B->A 2015- reversal is rare
 * enough that we would rather a person look at it. Iterative colouring DFS;
 * the edge that closes the cycle is the line reported.
 */
static enum vs_err check_cycles(struct loader *L)
{
	struct kb *kb = L->kb;
	size_t n = kb->n_vendors;
	unsigned char *colour = calloc(n ? n : 1, 1); /* 0 new, 1 on stack, 2 done */
	struct frame {
		size_t v, next;
	} *stack = malloc((n ? n : 1) * sizeof(*stack));
	enum vs_err rc = VS_OK;
	if (!colour || !stack) {
		rc = nomem(L);
		goto out;
	}
	for (size_t root = 0; root < n && !rc; root++) {
		if (colour[root])
			continue;
		size_t sp = 0;
		stack[sp++] = (struct frame){root, 0};
		colour[root] = 1;
		while (sp && !rc) {
			struct frame *f = &stack[sp - 1];
			const struct kb_vendor_edges *ve = &kb->vedges[f->v];
			if (f->next == ve->own_n) {
				colour[f->v] = 2;
				sp--;
				continue;
			}
			const struct kb_edge *e = kb->own_idx[ve->own_start + f->next++];
			size_t w = kb_vendor_index(kb, e->owner);
			if (colour[w] == 1) {
				/* Name the cycle's edge read last: the line most likely
				 * added by mistake. The stack from w up is the cycle. */
				const struct kb_edge *last = e;
				for (size_t k = sp; k-- > 0 && stack[k].v != w;) {
					const struct kb_vendor_edges *vk = &kb->vedges[stack[k - 1].v];
					const struct kb_edge *ek = kb->own_idx[vk->own_start + stack[k - 1].next - 1];
					if (ek > last)
						last = ek;
				}
				rc = vs_fail(L->err, VS_EBADVAL,
					     "%s: %s owned by %s closes an ownership cycle", last->file,
					     last->vendor->id, last->owner->id);
			} else if (colour[w] == 0) {
				colour[w] = 1;
				stack[sp++] = (struct frame){w, 0};
			}
		}
	}
out:
	free(colour);
	free(stack);
	return rc;
}

/* ---- asset_types.tsv ---- */

static enum vs_err type_word(struct loader *L, const struct tsv *t, struct slice w, size_t ti)
{
	struct kb *kb = L->kb;
	const char *f = fold(L, w);
	if (!f)
		return nomem(L);
	size_t flen = strlen(f);
	if (flen == 0)
		return VS_OK;
	const char *key = kb_arena_strndup(&kb->arena, f, flen);
	bool had;
	size_t old;
	if (!key || !kb_map_put(&kb->type_words, key, flen, ti, &had, &old))
		return nomem(L);
	if (had && old != ti)
		return bad(L, t, CELL_FMT " folds to \"%s\", which already names type %s",
			   CELL_ARG(w), key, kb->types[old].key);
	return VS_OK;
}

static enum vs_err load_types(struct loader *L, const struct kb_text *txt)
{
	static const char *const cols[] = {"key", "en", "da", "synonyms"};
	struct kb *kb = L->kb;
	struct tsv t;
	enum vs_err rc = tsv_open(&t, kb_file_names[KB_FILE_TYPES], txt->data, txt->len, cols, 4,
				     L->err);
	int r;
	while (rc == VS_OK && (r = tsv_next(&t, L->err)) == 1) {
		struct slice *c = t.cell;
		if (!valid_id(c[0]))
			return bad(L, &t, "key " CELL_FMT " is not [a-z0-9_]+", CELL_ARG(c[0]));
		if (c[1].len == 0 || c[2].len == 0)
			return bad(L, &t, "en and da names are required");
		struct kb_type ty = {0};
		bool oom = false;
		ty.key = cell_str(L, c[0], &oom);
		ty.en = cell_str(L, c[1], &oom);
		ty.da = cell_str(L, c[2], &oom);
		ty.order = kb->n_types;
		if (oom || !grow((void **)&kb->types, &L->cap_types, kb->n_types, sizeof(ty)))
			return nomem(L);
		bool had;
		size_t old, ti = kb->n_types;
		if (!kb_map_put(&kb->type_keys, ty.key, c[0].len, ti, &had, &old))
			return nomem(L);
		if (had)
			return bad(L, &t, "type \"%s\" is defined twice", ty.key);
		kb->types[kb->n_types++] = ty;
		if ((rc = type_word(L, &t, c[0], ti)) || (rc = type_word(L, &t, c[1], ti)) ||
		    (rc = type_word(L, &t, c[2], ti)))
			return rc;
		struct cur sc = cur_make(c[3].p, c[3].len);
		bool more = c[3].len > 0;
		while (more && !rc) {
			struct slice w = cur_until(&sc, '|', &more);
			rc = type_word(L, &t, w, ti);
		}
	}
	return rc != VS_OK ? rc : r < 0 ? L->err->code : VS_OK;
}

/* ---- the whole load ---- */

bool kb_alias_synthesised(const struct kb_alias *a)
{
	/* Derived aliases share the vendor's own "FILE:LINE" string. */
	return a->file == a->vendor->file;
}

size_t kb_vendor_index(const struct kb *kb, const struct kb_vendor *v)
{
	return (size_t)(v - kb->vendors);
}

enum vs_err kb_load_texts(const struct kb_text texts[KB_N_FILES], struct kb **out,
			  struct vs_error *err)
{
	*out = NULL;
	for (int f = 0; f < KB_FILE_REGISTRY; f++)
		if (!texts[f].present)
			return vs_fail(err, VS_ENOTFOUND, "%s: missing from the data directory",
				       kb_file_names[f]);
	struct kb *kb = calloc(1, sizeof(*kb));
	if (!kb)
		return vs_fail(err, VS_ENOMEM, "out of memory loading the knowledge base");
	struct loader L = {.kb = kb, .err = err};
	strbuf_init(&L.fold);
	enum vs_err rc;
	/* Types first: scopes name them. */
	if ((rc = load_types(&L, &texts[KB_FILE_TYPES])) ||
	    (rc = load_vendors(&L, &texts[KB_FILE_VENDORS])) ||
	    (rc = vendor_names(&L)) ||
	    (rc = load_aliases(&L, &texts[KB_FILE_ALIASES])) || (rc = vendor_short_names(&L)) ||
	    (rc = load_ownership(&L, &texts[KB_FILE_OWNERSHIP])) ||
	    (rc = load_oem(&L, &texts[KB_FILE_OEM])))
		goto fail;
	chain_aliases(&L);
	kb->vedges = calloc(kb->n_vendors ? kb->n_vendors : 1, sizeof(*kb->vedges));
	if (!kb->vedges || !(kb->own_idx = index_edges(kb, kb->owners, kb->n_owners, true)) ||
	    !(kb->oem_idx = index_edges(kb, kb->oem, kb->n_oem, false))) {
		rc = nomem(&L);
		goto fail;
	}
	if ((rc = check_cycles(&L)))
		goto fail;
	if (texts[KB_FILE_REGISTRY].present &&
	    (rc = kb_oui_load(kb, kb_file_names[KB_FILE_REGISTRY], texts[KB_FILE_REGISTRY].data,
			      texts[KB_FILE_REGISTRY].len, err)))
		goto fail;
	if (texts[KB_FILE_FINGERPRINTS].present &&
	    (rc = kb_fp_load(kb, kb_file_names[KB_FILE_FINGERPRINTS],
			     texts[KB_FILE_FINGERPRINTS].data, texts[KB_FILE_FINGERPRINTS].len, err)))
		goto fail;
	strbuf_release(&L.fold);
	free(L.vendor_line);
	free(L.links);
	*out = kb;
	return VS_OK;
fail:
	strbuf_release(&L.fold);
	free(L.vendor_line);
	free(L.links);
	kb_free(kb);
	return rc;
}

static bool is_dir(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

enum vs_err kb_load(const char *dir, struct kb **out, struct vs_error *err)
{
	*out = NULL;
	struct strbuf found = STRBUF_INIT;
	if (!dir) {
		/* PATH_MAX is the kernel's own bound on a path it will open. */
		if (!strbuf_grow(&found, PATH_MAX) || !kb_data_dir(found.buf, found.alloc)) {
			strbuf_release(&found);
			return vs_fail(err, VS_ENOTFOUND,
				       "no data directory (set VENDORSCOPE_DATA or install share/vendorscope)");
		}
		dir = found.buf;
	}
	struct kb_text texts[KB_N_FILES] = {{0}};
	uint8_t *bufs[KB_N_FILES] = {0};
	struct strbuf path = STRBUF_INIT;
	enum vs_err rc = VS_OK;
	for (int f = 0; f < KB_N_FILES && !rc; f++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, kb_file_names[f]);
		if (path.failed) {
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
			break;
		}
		struct vs_error ferr = {0};
		rc = file_read_all(path.buf, VS_MAX_KB_FILE, &bufs[f], &texts[f].len, &ferr);
		if (rc == VS_ENOTFOUND && f == KB_FILE_REGISTRY) {
			rc = VS_OK; /* not generated yet: MAC lookups answer "unknown" */
		} else if (rc == VS_ENOTFOUND && f == KB_FILE_FINGERPRINTS) {
			rc = VS_OK; /* a data directory without built-in banners */
		} else if (rc) {
			vs_fail(err, rc, "%s", ferr.msg);
		} else {
			texts[f].data = bufs[f];
			texts[f].present = true;
		}
	}
	if (!rc)
		rc = kb_load_texts(texts, out, err);
	for (int f = 0; f < KB_N_FILES; f++)
		free(bufs[f]);
	strbuf_release(&path);
	strbuf_release(&found);
	return rc;
}

void kb_free(struct kb *kb)
{
	if (!kb)
		return;
	free(kb->vendors);
	kb_map_release(&kb->vendor_ids);
	free(kb->aliases);
	kb_map_release(&kb->names);
	kb_map_release(&kb->names_bare);
	kb_map_release(&kb->ieee);
	kb_map_release(&kb->models);
	free(kb->owners);
	free(kb->oem);
	free(kb->own_idx);
	free(kb->oem_idx);
	free(kb->vedges);
	free(kb->types);
	kb_map_release(&kb->type_keys);
	kb_map_release(&kb->type_words);
	for (int b = 0; b < KB_OUI_NBITS; b++)
		free(kb->oui[b]);
	kb_fp_free(kb->fps);
	kb_arena_release(&kb->arena);
	free(kb);
}

bool kb_data_dir(char *buf, size_t len)
{
	const char *env = getenv("VENDORSCOPE_DATA");
	if (env && *env) {
		/* Set on purpose: used even when missing, so the load error names it. */
		int n = snprintf(buf, len, "%s", env);
		return n > 0 && (size_t)n < len;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe));
	/* A result filling the buffer may have been cut: not used. */
	if (n > 0 && (size_t)n < sizeof(exe)) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			int m = snprintf(buf, len, "%s/../share/vendorscope", exe);
			if (m > 0 && (size_t)m < len && is_dir(buf))
				return true;
		}
	}
	int m = snprintf(buf, len, "%s", VS_INSTALL_DATADIR);
	return m > 0 && (size_t)m < len && is_dir(buf);
}

/* ---- accessors ---- */

const struct kb_vendor *kb_vendor_by_id(const struct kb *kb, const char *id)
{
	size_t i;
	if (!id || !kb_map_get(&kb->vendor_ids, id, strlen(id), &i))
		return NULL;
	return &kb->vendors[i];
}

size_t kb_vendor_count(const struct kb *kb)
{
	return kb->n_vendors;
}

const struct kb_vendor *kb_vendor_at(const struct kb *kb, size_t i)
{
	return i < kb->n_vendors ? &kb->vendors[i] : NULL;
}

size_t kb_alias_count(const struct kb *kb)
{
	return kb->n_aliases;
}

const struct kb_alias *kb_alias_at(const struct kb *kb, size_t i)
{
	return i < kb->n_aliases ? &kb->aliases[i] : NULL;
}

size_t kb_edge_count(const struct kb *kb, bool owner)
{
	return owner ? kb->n_owners : kb->n_oem;
}

const struct kb_edge *kb_edge_at(const struct kb *kb, bool owner, size_t i)
{
	if (i >= kb_edge_count(kb, owner))
		return NULL;
	return owner ? &kb->owners[i] : &kb->oem[i];
}

size_t kb_type_count(const struct kb *kb)
{
	return kb->n_types;
}

const struct kb_type *kb_type_at(const struct kb *kb, size_t i)
{
	return i < kb->n_types ? &kb->types[i] : NULL;
}

const struct kb_type *kb_type_by_key(const struct kb *kb, const char *key)
{
	size_t i;
	if (!key || !kb_map_get(&kb->type_keys, key, strlen(key), &i))
		return NULL;
	return &kb->types[i];
}
