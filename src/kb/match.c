/*
 * Answers from the loaded kb: names, model numbers and asset-type words to
 * vendors and types, owner chains and OEM producers at a date. Every lookup
 * is a handful of hash probes, never a scan of the tables: identification
 * calls kb_match_name once per imported row (a million rows in seconds).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kb/kb_int.h"
#include "util/limits.h"
#include "util/text.h"

/*
 * Legal-form words as name_fold leaves them ("Co.,Ltd." -> "co ltd",
 * "A/S" -> "a s"). Removed from the end one at a time, so "co ltd",
 * "company limited" and "gmbh co kg" need no entries of their own.
 */
static const char *const legal_suffixes[] = {
	"ltd", "limited", "co", "company", "inc", "incorporated", "corp", "corporation",
	"llc", "l l c", "llp", "lp", "l p", "plc", "gmbh", "mbh", "kg", "ag", "se", "sa", "s a",
	"sas", "s a s", "srl", "s r l", "spa", "s p a", "bv", "b v", "nv", "n v", "ab", "oy", "oyj",
	"as", "a s", "asa", "aps", "kk", "k k", "pty", "pte", "bhd", "sdn bhd", "jsc", "sa de cv",
	"s a de c v",
};

/* Chinese legal forms, written without a space before them:
 * "浙江大华技术股份有限公司" (joint-stock limited company). Longest first. */
static const char *const cjk_legal_suffixes[] = {
	"股份有限公司", "有限责任公司", "有限公司", "公司",
};

/* The code point of the UTF-8 sequence at s[i] (n bytes in all); 0 when the
 * bytes there are not one well-formed sequence (exports are not trusted). */
static uint32_t cp_at(const char *str, size_t n, size_t i)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[i];
	size_t len;
	uint32_t cp;
	if (c < 0x80)
		return c;
	if ((c & 0xE0) == 0xC0)
		len = 2, cp = c & 0x1F;
	else if ((c & 0xF0) == 0xE0)
		len = 3, cp = c & 0x0F;
	else if ((c & 0xF8) == 0xF0)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n - i)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((s[i + k] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i + k] & 0x3F);
	}
	return cp;
}

static bool is_cjk(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x3134F);
}

/*
 * Is there a word boundary before s[i]? A space is one. Chinese writes no
 * spaces between words, so the point between two CJK ideographs counts as
 * one too: "海康威视网络摄像机" starts with the alias "海康威视".
 */
static bool boundary_before(const char *s, size_t n, size_t i)
{
	if (i == 0 || i >= n)
		return false;
	if (s[i] == ' ' || s[i - 1] == ' ')
		return false; /* the space itself is the boundary, probed at its own index */
	if (((unsigned char)s[i] & 0xC0) == 0x80)
		return false; /* inside a character */
	size_t j = i - 1;
	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
		j--;
	return is_cjk(cp_at(s, n, i)) && is_cjk(cp_at(s, i, j));
}

size_t kb_strip_legal(const char *s, size_t len)
{
	bool cut = true;
	while (cut) {
		cut = false;
		for (size_t i = 0; i < sizeof(legal_suffixes) / sizeof(legal_suffixes[0]); i++) {
			size_t n = strlen(legal_suffixes[i]);
			/* Whole words only, and never the whole name ("AB" stays "ab"). */
			if (len > n + 1 && s[len - n - 1] == ' ' &&
			    memcmp(s + len - n, legal_suffixes[i], n) == 0) {
				len -= n + 1;
				cut = true;
			}
		}
		for (size_t i = 0; i < sizeof(cjk_legal_suffixes) / sizeof(cjk_legal_suffixes[0]); i++) {
			size_t n = strlen(cjk_legal_suffixes[i]);
			if (len <= n || memcmp(s + len - n, cjk_legal_suffixes[i], n) != 0)
				continue;
			if (s[len - n - 1] == ' ' && len > n + 1) {
				len -= n + 1;
				cut = true;
			} else if (boundary_before(s, len, len - n)) {
				len -= n;
				cut = true;
			}
		}
	}
	return len;
}

static const struct kb_alias *alias_at(const struct kb *kb, const struct kb_map *m, const char *s,
				       size_t n)
{
	size_t i;
	if (!kb_map_get(m, s, n, &i) || i == KB_MAP_AMBIGUOUS)
		return NULL;
	return &kb->aliases[i];
}

/* The longest whole-word prefix of s (s itself included when whole) in m. */
static const struct kb_alias *longest_prefix(const struct kb *kb, const struct kb_map *m,
					     const char *s, size_t n, bool whole)
{
	if (whole) {
		const struct kb_alias *a = alias_at(kb, m, s, n);
		if (a)
			return a;
	}
	for (size_t i = n; i-- > 1;) {
		if (s[i] != ' ' && !boundary_before(s, n, i))
			continue;
		const struct kb_alias *a = alias_at(kb, m, s, i);
		if (a)
			return a;
	}
	return NULL;
}

const struct kb_alias *kb_match_name(const struct kb *kb, const char *text, bool *exact)
{
	if (exact)
		*exact = false;
	if (!kb || !text)
		return NULL;
	struct strbuf f = STRBUF_INIT;
	name_fold(&f, text);
	const struct kb_alias *a = NULL;
	const char *s = f.buf;
	size_t n = f.len;
	if (f.failed || n == 0)
		goto out;
	/* 1: the whole string. */
	if ((a = alias_at(kb, &kb->names, s, n))) {
		if (exact)
			*exact = true;
		goto out;
	}
	/* 2: "Hikvision DS-2CD2143G2-I" -> "hikvision". */
	if ((a = longest_prefix(kb, &kb->names, s, n, false)))
		goto out;
	/* 3: without legal-form words on either side: "Dahua Technology Inc."
	 * meets an alias written "Dahua Technology Co., Ltd.". */
	a = longest_prefix(kb, &kb->names_bare, s, kb_strip_legal(s, n), true);
out:
	strbuf_release(&f);
	return a;
}

const struct kb_alias *kb_match_model(const struct kb *kb, const char *model)
{
	if (!kb || !model || kb->max_model_prefix == 0)
		return NULL;
	size_t n = strlen(model);
	if (n > kb->max_model_prefix)
		n = kb->max_model_prefix; /* no prefix is longer; the rest cannot matter */
	char *low = str_ndup(model, n);
	if (!low)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (low[i] >= 'A' && low[i] <= 'Z')
			low[i] = (char)(low[i] + 32);
	const struct kb_alias *a = NULL;
	for (size_t k = n; k > 0 && !a; k--)
		a = alias_at(kb, &kb->models, low, k);
	free(low);
	return a;
}

const struct kb_type *kb_type_match(const struct kb *kb, const char *word)
{
	if (!kb || !word)
		return NULL;
	struct strbuf f = STRBUF_INIT;
	name_fold(&f, word);
	size_t i;
	const struct kb_type *t = NULL;
	if (!f.failed && f.len && kb_map_get(&kb->type_words, f.buf, f.len, &i))
		t = &kb->types[i];
	strbuf_release(&f);
	return t;
}

/*
 * Does e hold at day? Partial dates stand for their first day ("2018" is
 * 2018-01-01, "2018-06" is 2018-06-01) on both sides, and from <= day < until.
 * So an edge 2018..2023 holds at "2020" and "2022-12-31", not at "2023" or
 * "2024"; an edge from "2018-06" does not hold at "2018" (= 2018-01-01).
 * No date (day 0) means today: only edges without an end hold.
 */
static bool edge_holds(const struct kb_edge *e, uint32_t day)
{
	uint32_t d;
	if (day == 0)
		return e->until == NULL;
	if (e->from && date_parse_day(e->from, strlen(e->from), &d) && day < d)
		return false;
	if (e->until && date_parse_day(e->until, strlen(e->until), &d) && day >= d)
		return false;
	return true;
}

/* The day a date names; 0 for NULL (today). False when malformed. */
static bool query_day(const char *date, uint32_t *day)
{
	*day = 0;
	return !date || date_parse_day(date, strlen(date), day);
}

/* Of the edges holding at day: the most certain, then the latest to begin
 * (a newer owner supersedes an older one left open by mistake), then the
 * first in the file. */
static const struct kb_edge *best_edge(const struct kb_edge *const *edges, size_t n, uint32_t day)
{
	const struct kb_edge *best = NULL;
	uint32_t best_from = 0;
	for (size_t i = 0; i < n; i++) {
		const struct kb_edge *e = edges[i];
		if (!edge_holds(e, day))
			continue;
		uint32_t from = 0;
		if (e->from)
			date_parse_day(e->from, strlen(e->from), &from);
		if (!best || e->certainty > best->certainty ||
		    (e->certainty == best->certainty && from > best_from)) {
			best = e;
			best_from = from;
		}
	}
	return best;
}

size_t kb_owner_chain(const struct kb *kb, const char *vendor_id, const char *date,
		      const struct kb_edge **chain, size_t max)
{
	uint32_t day;
	const struct kb_vendor *v = kb ? kb_vendor_by_id(kb, vendor_id) : NULL;
	if (!v || !query_day(date, &day))
		return 0;
	size_t n = 0;
	/* The loader refuses cycles; the depth bound is for our own bugs. */
	while (n < max && n < VS_MAX_OWNER_DEPTH) {
		const struct kb_vendor_edges *ve = &kb->vedges[kb_vendor_index(kb, v)];
		const struct kb_edge *e = best_edge(kb->own_idx + ve->own_start, ve->own_n, day);
		if (!e)
			break;
		chain[n++] = e;
		v = e->owner;
	}
	return n;
}

const struct kb_vendor *kb_controller(const struct kb *kb, const char *vendor_id, const char *date)
{
	uint32_t day;
	const struct kb_vendor *v = kb ? kb_vendor_by_id(kb, vendor_id) : NULL;
	if (!v || !query_day(date, &day))
		return NULL;
	const struct kb_edge *chain[VS_MAX_OWNER_DEPTH];
	size_t n = kb_owner_chain(kb, vendor_id, date, chain, VS_MAX_OWNER_DEPTH);
	return n ? chain[n - 1]->owner : v;
}

const struct kb_edge *kb_oem_producer(const struct kb *kb, const char *brand_id, const char *date)
{
	uint32_t day;
	const struct kb_vendor *v = kb ? kb_vendor_by_id(kb, brand_id) : NULL;
	if (!v || !query_day(date, &day))
		return NULL;
	const struct kb_vendor_edges *ve = &kb->vedges[kb_vendor_index(kb, v)];
	return best_edge(kb->oem_idx + ve->oem_start, ve->oem_n, day);
}

size_t kb_oem_edges(const struct kb *kb, const char *brand_id, const char *date,
		    const struct kb_edge **out, size_t max)
{
	uint32_t day;
	const struct kb_vendor *v = kb ? kb_vendor_by_id(kb, brand_id) : NULL;
	if (!v || !query_day(date, &day))
		return 0;
	const struct kb_vendor_edges *ve = &kb->vedges[kb_vendor_index(kb, v)];
	size_t n = 0;
	for (int cert = KB_CERT_HIGH; cert >= KB_CERT_LOW; cert--)
		for (size_t i = 0; i < ve->oem_n && n < max; i++) {
			const struct kb_edge *e = kb->oem_idx[ve->oem_start + i];
			if ((int)e->certainty == cert && edge_holds(e, day))
				out[n++] = e;
		}
	return n;
}

static bool model_has_prefix(const char *model, const char *prefix)
{
	for (; *prefix; model++, prefix++) {
		char m = *model, p = *prefix;
		if (m >= 'A' && m <= 'Z')
			m = (char)(m + 32);
		if (p >= 'A' && p <= 'Z')
			p = (char)(p + 32);
		if (m != p)
			return false;
	}
	return true;
}

enum kb_cover kb_scope_covers(const struct kb_scope *scope, const char *type_key,
			      const char *model)
{
	bool unknown = false;
	if (scope->n_types) {
		if (!type_key) {
			unknown = true;
		} else {
			bool in = false;
			for (size_t i = 0; i < scope->n_types && !in; i++)
				in = strcmp(scope->types[i], type_key) == 0;
			if (!in)
				return KB_COVER_OUT;
		}
	}
	if (scope->n_models) {
		if (!model || !*model) {
			unknown = true;
		} else {
			bool in = false;
			for (size_t i = 0; i < scope->n_models && !in; i++)
				in = model_has_prefix(model, scope->models[i]);
			if (!in)
				return KB_COVER_OUT;
		}
	}
	return unknown ? KB_COVER_UNKNOWN : KB_COVER_IN;
}

void kb_scope_describe(const struct kb_scope *scope, struct strbuf *out)
{
	for (size_t i = 0; i < scope->n_types; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", scope->types[i]);
	for (size_t i = 0; i < scope->n_models; i++)
		strbuf_addf(out, "%s%s%s", i ? ", " : scope->n_types ? "; models " : "models ",
			    scope->models[i], "*");
}

static bool scoped(const struct kb_alias *a)
{
	return a->scope.n_types || a->scope.n_models;
}

const struct kb_alias *kb_alias_in_scope(const struct kb_alias *al, const char *type_key,
					 const char *model, enum kb_cover *cover)
{
	*cover = KB_COVER_IN;
	if (!al || (!al->alt && !scoped(al)))
		return al;
	const struct kb_alias *fallback = NULL;
	bool maybe = false;
	for (const struct kb_alias *a = al; a; a = a->alt) {
		if (!scoped(a)) {
			if (!fallback)
				fallback = a;
			continue;
		}
		enum kb_cover c = kb_scope_covers(&a->scope, type_key, model);
		if (c == KB_COVER_IN)
			return a;
		maybe |= c == KB_COVER_UNKNOWN;
	}
	if (maybe) {
		*cover = KB_COVER_UNKNOWN;
		return NULL;
	}
	*cover = KB_COVER_OUT;
	return fallback;
}

/* Narrow [lo, hi) around day by an edge's from and until. */
static void span_edge(const struct kb_edge *e, uint32_t day, uint32_t *lo, uint32_t *hi)
{
	const char *ends[] = {e->from, e->until};
	for (int k = 0; k < 2; k++) {
		uint32_t d;
		if (!ends[k] || !date_parse_day(ends[k], strlen(ends[k]), &d))
			continue;
		if (d <= day && d > *lo)
			*lo = d;
		else if (d > day && d < *hi)
			*hi = d;
	}
}

bool kb_date_span(const struct kb *kb, const struct kb_vendor *const *vendors, size_t n,
		  const char *date, uint32_t *lo, uint32_t *hi)
{
	uint32_t day;
	if (!date || !date_parse_day(date, strlen(date), &day))
		return false;
	*lo = 0;
	*hi = UINT32_MAX;
	/* The vendors and everything their edges reach, breadth first; the
	 * loader refuses ownership cycles, and `seen` stops an OEM loop. */
	enum { MAX = 64 };
	const struct kb_vendor *queue[MAX];
	size_t nq = 0;
	for (size_t i = 0; i < n && nq < MAX; i++)
		if (vendors[i])
			queue[nq++] = vendors[i];
	for (size_t q = 0; q < nq; q++) {
		const struct kb_vendor_edges *ve = &kb->vedges[kb_vendor_index(kb, queue[q])];
		const struct kb_edge *const *lists[] = {kb->own_idx + ve->own_start,
							kb->oem_idx + ve->oem_start};
		size_t lens[] = {ve->own_n, ve->oem_n};
		for (int l = 0; l < 2; l++)
			for (size_t i = 0; i < lens[l]; i++) {
				const struct kb_edge *e = lists[l][i];
				span_edge(e, day, lo, hi);
				bool seen = false;
				for (size_t k = 0; k < nq && !seen; k++)
					seen = queue[k] == e->owner;
				if (!seen && nq < MAX)
					queue[nq++] = e->owner;
				else if (!seen)
					return false; /* too many to be sure: no span */
			}
	}
	return true;
}

