/*
 * kb/fingerprints.tsv: built-in banner fingerprints (data/README.md is the
 * format). Columns: match, pattern, vendor, model, firmware, confidence,
 * example, source.
 *
 *   match       comma list of observation keys (fp_keys below)
 *   pattern     PCRE2, compiled here; a pattern PCRE2 refuses fails the
 *               load with FILE:LINE and PCRE2's reason and offset
 *   vendor      vendors.tsv id
 *   model,      templates: literal text with $1..$9 for capture groups
 *   firmware    (each group must exist in the pattern); empty = none
 *   confidence  0 .. 1, at most three decimals
 *   example     a banner the row must match (kb_check tries it)
 *   source      where the format is documented or seen
 *
 * Structural faults fail the load; gaps (no source, no example, an example
 * the row does not claim) are kb_check's, as for the other kb files.
 *
 * Matching runs our patterns over what devices send, so every match has a
 * match and depth limit (VS_FP_MATCH_LIMIT, VS_FP_DEPTH_LIMIT): a
 * backtracking blow-up ends as "no match", never as a stuck capture.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/kb_int.h"
#include "util/limits.h"
#include "util/text.h"

/* The observations fingerprints are written for: what capture and scan
 * record as {method, field} (src/capture/capture.c). */
static const char *const fp_keys[] = {
	"http.server",	  "http.realm",	    "http.title",     "rtsp.server",
	"rtsp.realm",	  "sip.user_agent", "sip.server",     "snmp.sys_descr",
	"snmp.sys_object_id", "lldp.sys_descr", "cdp.platform", "cdp.software_version",
	"tls.subject",	  "tls.issuer",	    "ssdp.server",    "dhcp.vendor_class",
};
#define N_KEYS (sizeof(fp_keys) / sizeof(fp_keys[0]))

struct kb_fp {
	struct kb_fingerprint pub;
	pcre2_code *re;
	uint32_t keys; /* bit i: fp_keys[i] */
};

struct kb_fp_table {
	struct kb_fp *fp;
	size_t n, cap;
	pcre2_match_context *mctx; /* the limits; read-only once loaded */
};

void kb_fp_free(struct kb_fp_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		pcre2_code_free(t->fp[i].re);
	free(t->fp);
	pcre2_match_context_free(t->mctx);
	free(t);
}

static int key_index(const char *s, size_t len)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (fp_keys[i][0] == s[0] && strlen(fp_keys[i]) == len &&
		    memcmp(fp_keys[i], s, len) == 0)
			return (int)i;
	return -1;
}

bool kb_fingerprint_key(const char *method, const char *field)
{
	char key[64];
	int n = snprintf(key, sizeof(key), "%s.%s", method, field);
	return n > 0 && (size_t)n < sizeof(key) && key_index(key, (size_t)n) >= 0;
}

/* ---- loading ---- */

static enum vs_err bad(struct vs_error *err, const struct tsv *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum vs_err bad(struct vs_error *err, const struct tsv *t, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return vs_fail(err, VS_EBADVAL, "%s:%zu: %s", t->name, t->line, msg);
}

static enum vs_err nomem(struct vs_error *err)
{
	return vs_fail(err, VS_ENOMEM, "out of memory loading the knowledge base");
}

/* Cells are quoted in messages up to 80 bytes. */
#define SHOW(s) (int)((s).len > 80 ? 80 : (s).len), (const char *)(s).p

static bool parse_keys(struct slice s, uint32_t *keys, struct slice *unknown)
{
	struct cur c = cur_make(s.p, s.len);
	*keys = 0;
	for (bool more = s.len > 0; more;) {
		struct slice w = cur_until(&c, ',', &more);
		while (w.len && w.p[0] == ' ')
			w.p++, w.len--;
		while (w.len && w.p[w.len - 1] == ' ')
			w.len--;
		int k = key_index((const char *)w.p, w.len);
		if (k < 0) {
			*unknown = w;
			return false;
		}
		*keys |= 1u << k;
	}
	return *keys != 0;
}

/* "0", "0.7", "0.85", "1", "1.0": a probability with at most three decimals. */
static bool parse_confidence(struct slice s, double *out)
{
	if (s.len == 0 || s.len > 5 || (s.p[0] != '0' && s.p[0] != '1'))
		return false;
	unsigned v = (unsigned)(s.p[0] - '0') * 1000, scale = 100;
	if (s.len > 1) {
		if (s.p[1] != '.' || s.len == 2)
			return false;
		for (size_t i = 2; i < s.len; i++, scale /= 10) {
			if (s.p[i] < '0' || s.p[i] > '9')
				return false;
			v += (unsigned)(s.p[i] - '0') * scale;
		}
	}
	if (v > 1000)
		return false;
	*out = v / 1000.0;
	return true;
}

/* A template refers to groups $1..$9 the pattern has; any other '$' is a
 * mistake worth a line number. */
static bool check_template(struct slice s, uint32_t groups, char *why, size_t cap)
{
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] != '$')
			continue;
		if (i + 1 == s.len || s.p[i + 1] < '1' || s.p[i + 1] > '9') {
			snprintf(why, cap, "'$' at byte %zu is not followed by a group number 1-9", i + 1);
			return false;
		}
		uint32_t g = (uint32_t)(s.p[i + 1] - '0');
		if (g > groups) {
			snprintf(why, cap, "$%u names a group the pattern does not have (it has %u)", g,
				 groups);
			return false;
		}
		i++;
	}
	return true;
}

static const char *arena_cell(struct kb *kb, struct slice s, bool *oom)
{
	if (s.len == 0)
		return NULL;
	const char *r = kb_arena_strndup(&kb->arena, s.p, s.len);
	if (!r)
		*oom = true;
	return r;
}

static enum vs_err load_row(struct kb *kb, struct kb_fp_table *tab, const struct tsv *t,
			    struct vs_error *err)
{
	const struct slice *c = t->cell;
	struct kb_fp f = {0};
	struct slice unk = c[0];
	if (!parse_keys(c[0], &f.keys, &unk))
		return bad(err, t, "match \"%.*s\" is not a comma list of observation keys (%s, …; "
			   "see data/README.md)", SHOW(unk), fp_keys[0]);
	if (c[1].len == 0)
		return bad(err, t, "pattern is empty");
	size_t vi;
	if (c[2].len == 0 || !kb_map_get(&kb->vendor_ids, (const char *)c[2].p, c[2].len, &vi))
		return bad(err, t, "vendor \"%.*s\" is not a vendor id in %s", SHOW(c[2]),
			   kb_file_names[KB_FILE_VENDORS]);
	if (!parse_confidence(c[5], &f.pub.confidence))
		return bad(err, t, "confidence \"%.*s\" is not a number from 0 to 1 (at most three "
			   "decimals)", SHOW(c[5]));
	int code;
	PCRE2_SIZE at;
	f.re = pcre2_compile(c[1].p, c[1].len, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &at,
			     NULL);
	if (!f.re) {
		PCRE2_UCHAR msg[160];
		if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", code);
		if (code == PCRE2_ERROR_HEAP_FAILED || code == PCRE2_ERROR_NOMEMORY)
			return nomem(err);
		return bad(err, t, "pattern does not compile (PCRE2, at offset %zu): %s", (size_t)at,
			   (const char *)msg);
	}
	uint32_t groups = 0;
	pcre2_pattern_info(f.re, PCRE2_INFO_CAPTURECOUNT, &groups);
	char why[128];
	for (int k = 3; k <= 4; k++) {
		if (!check_template(c[k], groups, why, sizeof(why))) {
			pcre2_code_free(f.re);
			return bad(err, t, "%s \"%.*s\": %s", k == 3 ? "model" : "firmware", SHOW(c[k]),
				   why);
		}
	}
	bool oom = false;
	f.pub.match = arena_cell(kb, c[0], &oom);
	f.pub.pattern = arena_cell(kb, c[1], &oom);
	f.pub.vendor = &kb->vendors[vi];
	f.pub.model = arena_cell(kb, c[3], &oom);
	f.pub.firmware = arena_cell(kb, c[4], &oom);
	f.pub.example = arena_cell(kb, c[6], &oom);
	f.pub.source = c[7].len ? arena_cell(kb, c[7], &oom) : "";
	char where[96];
	snprintf(where, sizeof(where), "%s:%zu", t->name, t->line);
	f.pub.file = kb_arena_strndup(&kb->arena, where, strlen(where));
	if (!f.pub.file)
		oom = true;
	if (!oom && tab->n == tab->cap) {
		size_t n = tab->cap ? tab->cap * 2 : 32;
		struct kb_fp *p = realloc(tab->fp, n * sizeof(*p));
		if (p) {
			tab->fp = p;
			tab->cap = n;
		} else {
			oom = true;
		}
	}
	if (oom) {
		pcre2_code_free(f.re);
		return nomem(err);
	}
	tab->fp[tab->n++] = f;
	return VS_OK;
}

enum vs_err kb_fp_load(struct kb *kb, const char *name, const uint8_t *data, size_t len,
		       struct vs_error *err)
{
	static const char *const cols[] = {"match", "pattern", "vendor", "model", "firmware",
					   "confidence", "example", "source"};
	struct kb_fp_table *tab = calloc(1, sizeof(*tab));
	if (!tab || !(tab->mctx = pcre2_match_context_create(NULL))) {
		free(tab);
		return nomem(err);
	}
	pcre2_set_match_limit(tab->mctx, VS_FP_MATCH_LIMIT);
	pcre2_set_depth_limit(tab->mctx, VS_FP_DEPTH_LIMIT);
	kb->fps = tab; /* kb_free releases it whatever happens below */
	struct tsv t;
	enum vs_err rc = tsv_open(&t, name, data, len, cols, 8, err);
	int r = 0;
	while (rc == VS_OK && (r = tsv_next(&t, err)) == 1) {
		if (tab->n >= VS_MAX_FINGERPRINTS)
			return bad(err, &t, "more than %d fingerprints (VS_MAX_FINGERPRINTS)",
				   VS_MAX_FINGERPRINTS);
		rc = load_row(kb, tab, &t, err);
	}
	return rc != VS_OK ? rc : r < 0 ? err->code : VS_OK;
}

/* ---- matching ---- */

size_t kb_fingerprint_count(const struct kb *kb)
{
	return kb->fps ? kb->fps->n : 0;
}

const struct kb_fingerprint *kb_fingerprint_at(const struct kb *kb, size_t i)
{
	return i < kb_fingerprint_count(kb) ? &kb->fps->fp[i].pub : NULL;
}

/* Copy n bytes of text into out[*len..cap-1), cut at a character boundary. */
static void put(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
	if (*len + n >= cap) {
		n = cap - 1 - *len;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

/* A template with the groups filled in; "" when a group it names is unset
 * or empty (a half-filled "model" would mislead), or the template is NULL. */
static void expand(const char *tpl, const char *text, const PCRE2_SIZE *ov, int rc, char *out,
		   size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	if (!tpl)
		return;
	for (const char *p = tpl; *p;) {
		if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			int g = p[1] - '0';
			if (g >= rc || ov[2 * g] == PCRE2_UNSET || ov[2 * g + 1] <= ov[2 * g]) {
				out[0] = '\0';
				return;
			}
			put(out, cap, &len, text + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
			p += 2;
			continue;
		}
		size_t n = strcspn(p, "$");
		if (n == 0)
			n = 1; /* a '$' the loader let through cannot happen; copy it */
		put(out, cap, &len, p, n);
		p += n;
	}
	/* Trim what the groups brought in at the edges ("AR1220 " from a loose group). */
	while (len && (out[len - 1] == ' ' || out[len - 1] == '\t'))
		out[--len] = '\0';
	size_t lead = strspn(out, " \t");
	if (lead)
		memmove(out, out + lead, len - lead + 1);
}

bool kb_fingerprint_match(const struct kb *kb, const char *method, const char *field,
			  const char *text, struct kb_fp_hit *hit)
{
	/* "method.field" without snprintf: once per observation of every
	 * device, where it was most of a miss's cost. */
	char key[64];
	size_t mn = strlen(method), fn = strlen(field);
	int k = -1;
	if (mn + 1 + fn < sizeof(key)) {
		memcpy(key, method, mn);
		key[mn] = '.';
		memcpy(key + mn + 1, field, fn + 1);
		k = key_index(key, mn + 1 + fn);
	}
	const struct kb_fp_table *tab = kb->fps;
	if (k < 0 || !tab || !text)
		return false;
	/* 10 pairs: the whole match and $1..$9. */
	pcre2_match_data *md = pcre2_match_data_create(10, NULL);
	if (!md)
		return false;
	size_t len = strlen(text);
	bool found = false;
	for (size_t i = 0; i < tab->n && !found; i++) {
		const struct kb_fp *f = &tab->fp[i];
		if (!(f->keys & (1u << k)))
			continue;
		int rc = pcre2_match(f->re, (PCRE2_SPTR)text, len, 0, 0, md, tab->mctx);
		if (rc == 0)
			rc = 10; /* ovector too small: cannot happen with 10 pairs and $1..$9 */
		if (rc < 0)
			continue; /* no match, or a limit reached: not this row */
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		hit->fp = &f->pub;
		expand(f->pub.model, text, ov, rc, hit->model, sizeof(hit->model));
		expand(f->pub.firmware, text, ov, rc, hit->firmware, sizeof(hit->firmware));
		found = true;
	}
	pcre2_match_data_free(md);
	return found;
}

/* ---- kb check ---- */


size_t kb_fp_check(const struct kb *kb, struct strbuf *out)
{
	size_t problems = 0;
	for (size_t i = 0; i < kb_fingerprint_count(kb); i++) {
		const struct kb_fp *f = &kb->fps->fp[i];
		const struct kb_fingerprint *p = &f->pub;
		if (!*p->source)
			problems += kb_problem(out, p->file, "fingerprint has no source");
		if (!p->example) {
			problems += kb_problem(out, p->file, "fingerprint has no example");
			continue;
		}
		/* The example, as the first key's observation, must land on this
		 * row: an earlier row claiming it first would shadow this one. */
		int k = 0;
		while (k < (int)N_KEYS && !(f->keys & (1u << k)))
			k++;
		char method[32], field[32];
		const char *dot = strchr(fp_keys[k], '.');
		snprintf(method, sizeof(method), "%.*s", (int)(dot - fp_keys[k]), fp_keys[k]);
		snprintf(field, sizeof(field), "%s", dot + 1);
		struct kb_fp_hit hit;
		if (!kb_fingerprint_match(kb, method, field, p->example, &hit))
			problems += kb_problem(out, p->file, "the example \"%s\" does not match the pattern",
					    p->example);
		else if (hit.fp != p)
			problems += kb_problem(out, p->file, "the example \"%s\" is claimed first by %s",
					    p->example, hit.fp->file);
		else if ((p->model && !hit.model[0]) || (p->firmware && !hit.firmware[0]))
			problems += kb_problem(out, p->file, "on the example \"%s\" the %s comes out empty",
					    p->example, p->model && !hit.model[0] ? "model" : "firmware");
	}
	return problems;
}
