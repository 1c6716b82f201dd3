#include "policy/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/text.h"
#include "util/file.h"
#include "util/tsv.h"

enum rule_field { RULE_DATA_CLASS, RULE_TYPE, RULE_DEPARTMENT, RULE_PRODUCT };

struct rule {
	enum rule_field field;
	char *value_folded;
	bool critical;
	char *reason;
	char *where; /* "policy/critical.tsv:7" */
};

struct policy {
	bool hk_mo_chinese;
	struct rule *rules;
	size_t n_rules;
};

static const char *const rule_field_names[] = {"data_class", "type", "department", "product"};

void policy_free(struct policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_rules; i++) {
		free(p->rules[i].value_folded);
		free(p->rules[i].reason);
		free(p->rules[i].where);
	}
	free(p->rules);
	free(p);
}

static enum tri parse_yes_no(struct slice s)
{
	if (slice_eq(s, "yes"))
		return TRI_YES;
	if (slice_eq(s, "no"))
		return TRI_NO;
	return TRI_UNKNOWN;
}

#define CELL(s) (int)(s).len, (const char *)(s).p

/* A data file read whole, then walked row by row (util/tsv.h). */
struct policy_file {
	uint8_t *data;
	size_t len;
	struct tsv t;
};

static enum vs_err policy_file_open(struct policy_file *pf, const char *dir, const char *name,
				    const char *const *cols, size_t ncols, struct vs_error *err)
{
	char path[4096];
	memset(pf, 0, sizeof(*pf));
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return vs_fail(err, VS_ETOOBIG, "%s: data directory path too long", dir);
	enum vs_err rc = file_read_all(path, VS_MAX_KB_FILE, &pf->data, &pf->len, err);
	if (!rc)
		rc = tsv_open(&pf->t, name, pf->data, pf->len, cols, ncols, err);
	return rc;
}

static enum vs_err load_settings(struct policy *p, const char *dir, struct vs_error *err)
{
	static const char *const cols[] = {"setting", "value", "note", "source"};
	struct policy_file pf;
	enum vs_err rc = policy_file_open(&pf, dir, "policy/settings.tsv", cols, 4, err);
	int step = 0;
	while (!rc && (step = tsv_next(&pf.t, err)) == 1) {
		const struct slice *c = pf.t.cell;
		enum tri value = parse_yes_no(c[1]);
		if (c[3].len == 0)
			rc = vs_fail(err, VS_EBADVAL, "%s:%zu: a setting needs a source", pf.t.name,
				     pf.t.line);
		else if (slice_eq(c[0], "hk_mo_chinese") && value != TRI_UNKNOWN)
			p->hk_mo_chinese = value == TRI_YES;
		else
			rc = vs_fail(err, VS_EBADVAL, "%s:%zu: unknown setting '%.*s' or value '%.*s'",
				     pf.t.name, pf.t.line, CELL(c[0]), CELL(c[1]));
	}
	if (!rc && step < 0)
		rc = err->code;
	free(pf.data);
	return rc;
}

static enum vs_err add_rule(struct policy *p, const struct tsv *t, struct vs_error *err)
{
	const struct slice *c = t->cell;
	int field = -1;
	for (size_t i = 0; i < sizeof(rule_field_names) / sizeof(rule_field_names[0]); i++)
		if (slice_eq(c[0], rule_field_names[i]))
			field = (int)i;
	enum tri crit = parse_yes_no(c[2]);
	if (field < 0)
		return vs_fail(err, VS_EBADVAL,
			       "%s:%zu: field must be data_class, type, department or product, not '%.*s'",
			       t->name, t->line, CELL(c[0]));
	if (c[1].len == 0 || crit == TRI_UNKNOWN || c[3].len == 0 || c[4].len == 0)
		return vs_fail(err, VS_EBADVAL,
			       "%s:%zu: a rule needs a value, critical yes/no, a reason and a source",
			       t->name, t->line);
	struct rule *r = realloc(p->rules, (p->n_rules + 1) * sizeof(*r));
	if (!r)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	p->rules = r;
	r = &p->rules[p->n_rules];
	char *value = str_ndup(c[1].p, c[1].len);
	struct strbuf folded = STRBUF_INIT, where = STRBUF_INIT;
	if (value)
		name_fold(&folded, value);
	free(value);
	strbuf_addf(&where, "%s:%zu", t->name, t->line);
	r->field = (enum rule_field)field;
	r->critical = crit == TRI_YES;
	r->value_folded = strbuf_detach(&folded);
	r->where = strbuf_detach(&where);
	r->reason = str_ndup(c[3].p, c[3].len);
	p->n_rules++;
	if (!value || !r->value_folded || !r->where || !r->reason)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	return VS_OK;
}

static enum vs_err load_rules(struct policy *p, const char *dir, struct vs_error *err)
{
	static const char *const cols[] = {"field", "value", "critical", "reason", "source"};
	struct policy_file pf;
	enum vs_err rc = policy_file_open(&pf, dir, "policy/critical.tsv", cols, 5, err);
	int step = 0;
	while (!rc && (step = tsv_next(&pf.t, err)) == 1)
		rc = add_rule(p, &pf.t, err);
	if (!rc && step < 0)
		rc = err->code;
	free(pf.data);
	return rc;
}

enum vs_err policy_load(const char *dir, struct policy **out, struct vs_error *err)
{
	char found[4096];
	*out = NULL;
	if (!dir) {
		if (!kb_data_dir(found, sizeof(found)))
			return vs_fail(err, VS_ENOTFOUND,
				       "no data directory (set VENDORSCOPE_DATA to share/vendorscope)");
		dir = found;
	}
	struct policy *p = calloc(1, sizeof(*p));
	if (!p)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	p->hk_mo_chinese = true;
	enum vs_err rc = load_settings(p, dir, err);
	if (!rc)
		rc = load_rules(p, dir, err);
	if (rc) {
		policy_free(p);
		return rc;
	}
	*out = p;
	return VS_OK;
}

void policy_set_hk_mo(struct policy *p, bool count_as_chinese)
{
	p->hk_mo_chinese = count_as_chinese;
}

enum tri policy_country_chinese(const struct policy *p, const char *iso)
{
	if (!iso || !*iso)
		return TRI_UNKNOWN;
	if (strcmp(iso, "CN") == 0)
		return TRI_YES;
	if (strcmp(iso, "HK") == 0 || strcmp(iso, "MO") == 0)
		return p->hk_mo_chinese ? TRI_YES : TRI_NO;
	return TRI_NO;
}

const char *policy_country_code(const char *text)
{
	/* The words Danish and English inventories use in an origin column. */
	static const struct {
		const char *word, *iso;
	} names[] = {
		{"kina", "CN"}, {"china", "CN"}, {"kinesisk", "CN"}, {"chinese", "CN"},
		{"prc", "CN"}, {"folkerepublikken kina", "CN"},
		{"people s republic of china", "CN"}, {"hongkong", "HK"}, {"hong kong", "HK"},
		{"macao", "MO"}, {"macau", "MO"}, {"taiwan", "TW"}, {"danmark", "DK"},
		{"denmark", "DK"}, {"sverige", "SE"}, {"sweden", "SE"}, {"tyskland", "DE"},
		{"germany", "DE"}, {"japan", "JP"}, {"sydkorea", "KR"}, {"south korea", "KR"},
		{"korea", "KR"}, {"usa", "US"}, {"united states", "US"}, {"holland", "NL"},
		{"nederlandene", "NL"}, {"netherlands", "NL"}, {"finland", "FI"}, {"norge", "NO"},
		{"norway", "NO"}, {"frankrig", "FR"}, {"france", "FR"}, {"schweiz", "CH"},
		{"switzerland", "CH"}, {"storbritannien", "GB"}, {"united kingdom", "GB"},
		{"uk", "GB"}, {"israel", "IL"}, {"canada", "CA"}, {"indien", "IN"}, {"india", "IN"},
		{"vietnam", "VN"}, {"singapore", "SG"}, {"polen", "PL"}, {"poland", "PL"},
		{"italien", "IT"}, {"italy", "IT"}, {"spanien", "ES"}, {"spain", "ES"},
		{"dk", "DK"}, {"cn", "CN"}, {"hk", "HK"}, {"mo", "MO"}, {"tw", "TW"},
		{"se", "SE"}, {"de", "DE"}, {"jp", "JP"}, {"kr", "KR"}, {"us", "US"},
	};
	if (!text)
		return NULL;
	struct strbuf f = STRBUF_INIT;
	name_fold(&f, text);
	const char *iso = NULL;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !iso; i++)
		if (strcmp(strbuf_str(&f), names[i].word) == 0)
			iso = names[i].iso;
	strbuf_release(&f);
	return iso;
}

static const char *certainty_word(enum kb_certainty c)
{
	return c == KB_CERT_HIGH ? "high" : c == KB_CERT_MEDIUM ? "medium" : "low";
}

static double certainty_factor(enum kb_certainty c)
{
	return c == KB_CERT_HIGH ? 1.0 : c == KB_CERT_MEDIUM ? 0.85 : 0.6;
}

/* Origin through the knowledge base: the producer (or owner) and every
 * company above it on the date. */
static bool classify_by_vendor(const struct policy *p, const struct kb *kb, struct asset *a,
			       const struct kb_vendor *v, const char *as_of)
{
	const char *what = a->kind == ASSET_SOFTWARE ? "owner" : "producer";
	const struct kb_edge *chain[VS_MAX_OWNER_DEPTH];
	size_t n = kb_owner_chain(kb, v->id, as_of, chain, VS_MAX_OWNER_DEPTH);
	const struct kb_vendor *deciding = NULL;
	bool all_known = true;
	bool ok = true;
	double conf = a->confidence;

	enum tri t = policy_country_chinese(p, v->country);
	if (t == TRI_YES)
		deciding = v;
	else if (t == TRI_UNKNOWN)
		all_known = false;
	for (size_t i = 0; i < n; i++) {
		const struct kb_edge *e = chain[i];
		conf *= certainty_factor(e->certainty);
		ok &= asset_add_evidencef(a, "kb", "owner", conf, "%s is controlled by %s (%s%s%s%s, %s certainty; %s)",
				 e->vendor->name, e->owner->name, e->from ? "since " : "",
				 e->from ? e->from : "", e->until ? " until " : "",
				 e->until ? e->until : "", certainty_word(e->certainty), e->file);
		if (deciding)
			continue;
		t = policy_country_chinese(p, e->owner->country);
		if (t == TRI_YES)
			deciding = e->owner;
		else if (t == TRI_UNKNOWN)
			all_known = false;
	}
	const struct kb_vendor *shown = deciding ? deciding : v;
	ok &= str_set(&a->vendor, shown->id) && str_set(&a->vendor_name, shown->name) &&
	      str_set(&a->country, shown->country);
	if (deciding) {
		a->chinese = TRI_YES;
		ok &= asset_add_evidencef(a, "policy", "origin", conf,
				 "%s %s%s%s is a Chinese company (%s; %s)", what, v->name,
				 deciding != v ? ", through " : "", deciding != v ? deciding->name : "",
				 deciding->country, deciding->file);
	} else if (all_known) {
		a->chinese = TRI_NO;
		ok &= asset_add_evidencef(a, "policy", "origin", conf, "%s %s is not a Chinese company (%s; %s)",
				 what, v->name, v->country, v->file);
	} else {
		a->chinese = TRI_UNKNOWN;
		ok &= asset_add_evidencef(a, "policy", "origin", conf,
				 "%s %s: the country of a controlling company is not known", what,
				 v->name);
	}
	a->confidence = conf;
	return ok;
}

static bool classify_by_reported_origin(const struct policy *p, struct asset *a)
{
	const char *iso = policy_country_code(a->origin_reported);
	if (!iso)
		return asset_add_evidencef(a, "policy", "origin", 0,
				  "reported origin '%s' is not a country vendorscope knows",
				  a->origin_reported);
	a->chinese = policy_country_chinese(p, iso);
	/* The survey's own word, not a company the knowledge base knows: half
	 * the confidence a named producer gets. */
	a->confidence = 0.5;
	return str_set(&a->country, iso) &&
	       asset_add_evidencef(a, "policy", "origin", a->confidence,
			  "no %s named; the source reported origin %s (%s), which %s",
			  a->kind == ASSET_SOFTWARE ? "owner" : "producer", a->origin_reported, iso,
			  a->chinese == TRI_YES ? "counts as China" : "is not China");
}

static const char *rule_subject(const struct rule *r, const struct asset *a)
{
	switch (r->field) {
	case RULE_DATA_CLASS: return a->data_class;
	case RULE_TYPE: return a->type;
	case RULE_DEPARTMENT: return a->department;
	case RULE_PRODUCT: return a->product;
	}
	return NULL;
}

/* Whole folded value; a product rule also matches the name followed by
 * more words ("iVMS-4200" matches "iVMS-4200 V3.9.1.4 build 20230815"). */
static bool rule_matches(const struct rule *r, const struct asset *a, struct strbuf *scratch)
{
	const char *v = rule_subject(r, a);
	if (!v)
		return false;
	strbuf_reset(scratch);
	name_fold(scratch, v);
	const char *f = strbuf_str(scratch);
	size_t n = strlen(r->value_folded);
	if (r->field == RULE_PRODUCT)
		return strncmp(f, r->value_folded, n) == 0 && (f[n] == '\0' || f[n] == ' ');
	return strcmp(f, r->value_folded) == 0;
}

static bool classify_critical(const struct policy *p, struct asset *a)
{
	struct strbuf scratch = STRBUF_INIT;
	bool ok = true;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct rule *r = &p->rules[i];
		if (!rule_matches(r, a, &scratch))
			continue;
		a->critical = r->critical ? TRI_YES : TRI_NO;
		ok = asset_add_evidencef(a, "policy", "critical", 1.0, "%s %s %s critical: %s (%s)",
				rule_field_names[r->field], rule_subject(r, a),
				r->critical ? "is" : "is not", r->reason, r->where);
		break;
	}
	strbuf_release(&scratch);
	return ok && !scratch.failed;
}

bool policy_classify(const struct policy *p, const struct kb *kb, struct asset *a,
		     const char *as_of)
{
	bool ok = true;
	const struct kb_vendor *v = a->vendor ? kb_vendor_by_id(kb, a->vendor) : NULL;
	a->chinese = TRI_UNKNOWN;
	if (v) {
		ok &= classify_by_vendor(p, kb, a, v, as_of);
		enum tri reported = policy_country_chinese(p, policy_country_code(a->origin_reported));
		if (reported != TRI_UNKNOWN && a->chinese != TRI_UNKNOWN && reported != a->chinese)
			ok &= asset_add_evidencef(a, "policy", "conflict", 0,
					 "the source reported origin %s; the knowledge base's %s decides",
					 a->origin_reported, a->vendor_name);
	} else if (a->origin_reported)
		ok &= classify_by_reported_origin(p, a);
	ok &= classify_critical(p, a);
	return ok;
}
