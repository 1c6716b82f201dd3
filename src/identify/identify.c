#include "identify/identify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/strbuf.h"
#include "util/text.h"

/* Confidence in a maker decision by the kind of evidence behind it. */
#define CONF_NAME_EXACT 0.95
#define CONF_NAME_PARTIAL 0.85
#define CONF_MODEL_PREFIX 0.75
#define CONF_OUI 0.6

struct ident {
	struct asset *a;
	bool oom;
};

static void evidence(struct ident *id, const char *method, const char *field, double conf,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void evidence(struct ident *id, const char *method, const char *field, double conf,
		     const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (sb.failed ||
	    (!asset_add_evidence(id->a, method, field, strbuf_str(&sb), conf) &&
	     id->a->n_evidence < VS_MAX_EVIDENCE))
		id->oom = true;
	strbuf_release(&sb);
}

static void set(struct ident *id, char **slot, const char *value)
{
	if (!str_set(slot, value))
		id->oom = true;
}

static const char *alias_kind_word(enum kb_alias_kind k)
{
	static const char *const words[] = {
		[KB_ALIAS_LEGAL] = "legal name", [KB_ALIAS_SHORT] = "name",
		[KB_ALIAS_NATIVE] = "native name", [KB_ALIAS_BRAND] = "brand",
		[KB_ALIAS_PRODUCT] = "product", [KB_ALIAS_PUBLISHER] = "publisher",
		[KB_ALIAS_IEEE] = "IEEE name", [KB_ALIAS_MODEL_PREFIX] = "model prefix",
	};
	return (unsigned)k < sizeof(words) / sizeof(words[0]) ? words[k] : "alias";
}

static void copy_fields(struct ident *id, const struct record *r)
{
	struct asset *a = id->a;
	char *const *f = r->field;
	a->kind = r->kind;
	set(id, &a->type_raw, f[RF_TYPE]);
	set(id, &a->maker, f[RF_MAKER]);
	set(id, &a->brand, f[RF_BRAND]);
	set(id, &a->model, f[RF_MODEL]);
	set(id, &a->firmware, f[RF_FIRMWARE]);
	set(id, &a->serial, f[RF_SERIAL]);
	set(id, &a->mac, f[RF_MAC]);
	set(id, &a->ip, f[RF_IP]);
	set(id, &a->hostname, f[RF_HOSTNAME]);
	set(id, &a->department, f[RF_DEPARTMENT]);
	set(id, &a->site, f[RF_SITE]);
	set(id, &a->zone, f[RF_ZONE]);
	set(id, &a->acquired, f[RF_ACQUIRED]);
	set(id, &a->product, f[RF_PRODUCT]);
	set(id, &a->publisher, f[RF_PUBLISHER]);
	set(id, &a->version, f[RF_VERSION]);
	set(id, &a->device, f[RF_DEVICE]);
	set(id, &a->data_class, f[RF_DATA_CLASS]);
	set(id, &a->origin_reported, f[RF_ORIGIN]);
	if (f[RF_LIFESPAN]) {
		char *end;
		long years = strtol(f[RF_LIFESPAN], &end, 10);
		if (end != f[RF_LIFESPAN] && years > 0 && years < 100)
			a->lifespan_years = (int)years;
	}
	a->count = r->count;
	if (r->source_path) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s:%ld", r->source_path, r->line);
		if (sb.failed)
			id->oom = true;
		a->source_line = strbuf_detach(&sb);
	}
}

static void identify_type(struct ident *id, const struct kb *kb)
{
	if (!id->a->type_raw)
		return;
	const struct kb_type *t = kb_type_match(kb, id->a->type_raw);
	if (t)
		set(id, &id->a->type, t->key);
}

/* A name the source wrote (maker, brand, publisher, product). */
static const struct kb_vendor *by_name(struct ident *id, const struct kb *kb, const char *method,
				       const char *field, const char *text, double *conf)
{
	if (!text)
		return NULL;
	evidence(id, method, field, 1.0, "%s", text);
	bool exact = false;
	const struct kb_alias *al = kb_match_name(kb, text, &exact);
	if (!al)
		return NULL;
	*conf = exact ? CONF_NAME_EXACT : CONF_NAME_PARTIAL;
	evidence(id, "kb", "alias", *conf, "'%s' %s %s, %s of %s (%s)", text,
		 exact ? "is" : "starts with", al->alias, alias_kind_word(al->kind),
		 al->vendor->name, al->file);
	return al->vendor;
}

static const struct kb_vendor *by_model(struct ident *id, const struct kb *kb, double *conf)
{
	if (!id->a->model)
		return NULL;
	const struct kb_alias *al = kb_match_model(kb, id->a->model);
	if (!al)
		return NULL;
	*conf = CONF_MODEL_PREFIX;
	evidence(id, "kb", "model", *conf, "model %s starts with %s, a %s model prefix (%s)",
		 id->a->model, al->alias, al->vendor->name, al->file);
	return al->vendor;
}

static const struct kb_vendor *by_mac(struct ident *id, const struct kb *kb, double *conf)
{
	struct asset *a = id->a;
	if (!a->mac)
		return NULL;
	struct kb_oui_hit hit;
	char canon[18];
	switch (kb_lookup_mac(kb, a->mac, &hit)) {
	case KB_MAC_INVALID:
		evidence(id, "oui", "mac", 0, "'%s' is not a MAC address", a->mac);
		return NULL;
	case KB_MAC_RANDOMIZED:
		a->randomized_mac = true;
		evidence(id, "oui", "mac", 0, "%s is locally administered (randomised): no maker",
			 a->mac);
		return NULL;
	case KB_MAC_MULTICAST:
		evidence(id, "oui", "mac", 0, "%s is a group address, not a device", a->mac);
		return NULL;
	case KB_MAC_UNKNOWN:
		evidence(id, "oui", "mac", 0, "%s is in no IEEE registry block", a->mac);
		return NULL;
	case KB_MAC_FOUND:
		break;
	}
	kb_format_mac(hit.mac, canon);
	set(id, &a->mac, canon);
	if (!hit.vendor) {
		evidence(id, "oui", "mac", 0, "%s is registered to %s (%s /%u), a company vendorscope "
					     "does not know", canon, hit.org, hit.registry, hit.prefix_bits);
		return NULL;
	}
	if (hit.vendor->flags & KB_FLAG_CHIP) {
		evidence(id, "oui", "mac", 0,
			 "%s is registered to %s, a network-chip maker: it names the chip, not "
			 "the device's maker", canon, hit.org);
		return NULL;
	}
	*conf = CONF_OUI;
	evidence(id, "oui", "mac", *conf, "%s is registered to %s (%s /%u) = %s", canon, hit.org,
		 hit.registry, hit.prefix_bits, hit.vendor->name);
	return hit.vendor;
}

/* A brand on the box made by another company counts as the producer's. */
static const struct kb_vendor *through_oem(struct ident *id, const struct kb *kb,
					   const struct kb_vendor *v, const char *as_of,
					   double *conf)
{
	const struct kb_edge *e = kb_oem_producer(kb, v->id, as_of);
	if (e && e->certainty == KB_CERT_LOW) {
		/* An allegation is evidence to show, not a producer to decide by. */
		evidence(id, "kb", "oem", 0, "%s %s are alleged to be made by %s (low certainty, "
					     "not used for the verdict; %s)", v->name,
			 e->scope ? e->scope : "devices", e->owner->name, e->file);
		e = NULL;
		if (!(v->flags & KB_FLAG_OEM_BRAND))
			return v;
	}
	if (!e) {
		if (v->flags & KB_FLAG_OEM_BRAND)
			evidence(id, "kb", "oem", 0,
				 "%s sells devices other companies make; which one made this unit "
				 "is not known (%s)", v->name, v->file);
		return v;
	}
	*conf *= e->certainty == KB_CERT_HIGH ? 1.0 : e->certainty == KB_CERT_MEDIUM ? 0.85 : 0.6;
	evidence(id, "kb", "oem", *conf, "%s %s are made by %s (%s certainty; %s)", v->name,
		 e->scope ? e->scope : "devices", e->owner->name,
		 e->certainty == KB_CERT_HIGH ? "high" : e->certainty == KB_CERT_MEDIUM ? "medium" : "low",
		 e->file);
	if (!id->a->brand)
		set(id, &id->a->brand, v->name);
	return e->owner;
}

static const struct kb_vendor *hardware_producer(struct ident *id, const struct kb *kb,
						 const char *as_of, double *conf)
{
	struct asset *a = id->a;
	double c = 0;
	const struct kb_vendor *v = by_name(id, kb, "csv", "maker", a->maker, &c);
	if (!v && a->brand)
		v = by_name(id, kb, "csv", "brand", a->brand, &c);
	double cm = 0;
	const struct kb_vendor *vm = by_model(id, kb, &cm);
	if (!v && vm) {
		v = vm;
		c = cm;
	} else if (v && vm && vm != v && kb_oem_producer(kb, v->id, as_of) == NULL) {
		evidence(id, "kb", "conflict", 0, "the model number points at %s, the name at %s",
			 vm->name, v->name);
	}
	double co = 0;
	const struct kb_vendor *vo = by_mac(id, kb, &co);
	if (!v && vo) {
		v = vo;
		c = co;
	}
	if (!v) {
		const char *named = a->maker ? a->maker : a->brand;
		if (named)
			evidence(id, "kb", "unknown", 0, "no company known as '%s'", named);
		return NULL;
	}
	v = through_oem(id, kb, v, as_of, &c);
	*conf = c;
	return v;
}

static const struct kb_vendor *software_owner(struct ident *id, const struct kb *kb, double *conf)
{
	struct asset *a = id->a;
	double c = 0;
	const struct kb_vendor *v = by_name(id, kb, "csv", "publisher", a->publisher, &c);
	if (!v)
		v = by_name(id, kb, "csv", "product", a->product, &c);
	if (!v)
		v = by_name(id, kb, "csv", "maker", a->maker, &c);
	const char *named = a->publisher ? a->publisher : a->product ? a->product : a->maker;
	if (!v && named)
		evidence(id, "kb", "unknown", 0, "no company known as '%s'", named);
	*conf = c;
	return v;
}

enum vs_err identify_record(const struct kb *kb, const struct policy *pol,
			    const struct record *r, const char *default_date, struct asset *a,
			    struct vs_error *err)
{
	struct ident id = {.a = a};
	copy_fields(&id, r);
	identify_type(&id, kb);
	const char *as_of = a->acquired ? a->acquired : default_date;
	double conf = 0;
	const struct kb_vendor *v = a->kind == ASSET_SOFTWARE ? software_owner(&id, kb, &conf)
							     : hardware_producer(&id, kb, as_of, &conf);
	if (v) {
		set(&id, &a->vendor, v->id);
		a->confidence = conf;
		if (!a->acquired)
			evidence(&id, "kb", "date", conf, "ownership as of %s (%s)",
				 default_date ? default_date : "today",
				 default_date ? "the survey's date; acquisition date not known"
					      : "acquisition date not known");
	}
	if (id.oom || !policy_classify(pol, kb, a, as_of))
		return vs_fail(err, VS_ENOMEM, "out of memory identifying %s",
			       a->source_line ? a->source_line : "a record");
	return VS_OK;
}

enum vs_err identify_purchase(const struct kb *kb, const struct policy *pol, const char *text,
			      const char *date, struct asset *a, struct vs_error *err)
{
	struct record r;
	record_init(&r);
	const char *space = strchr(text, ' ');
	bool ok = record_set(&r, RF_MAKER, text) &&
		  record_set(&r, RF_MODEL, space ? space + 1 : text);
	enum vs_err rc = ok ? identify_record(kb, pol, &r, date, a, err)
			    : vs_fail(err, VS_ENOMEM, "out of memory");
	record_release(&r);
	return rc;
}
