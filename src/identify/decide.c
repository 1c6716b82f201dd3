/*
 * The one decision: who made a device, from everything known about it.
 * Every source reaches it: an inventory row (identify_record), a device seen
 * on the wire or answering a scan (identify_sighting), and a device that
 * several sources described (identify_subject). The rules are stated once,
 * here and in the README ("How a maker is decided"):
 *
 * 1. Claims are gathered by rank (ident_rank_table): the vendor's own
 *    discovery protocol > a maker or brand an inventory states > a name in
 *    a banner (or a built-in or Recog fingerprint) > a model-number prefix >
 *    the MAC's IEEE block. A name means the company its scope gives for the
 *    device's type and model (kb_alias_in_scope).
 * 2. The highest rank with a claim decides. Within the banner rank the most
 *    certain claim decides, and two that name makers not answering for each
 *    other cancel (the rank then decides nothing).
 * 3. An OEM edge (oem.tsv) turns a brand into its producer only inside the
 *    edge's scope: high certainty decides, medium only when something else
 *    seen on the device points at the producer too, low is shown and never
 *    decides. A device whose type or model is not known is inside no scope
 *    that names one, unless corroborated.
 * 4. A lower-rank claim naming a maker that does not answer for the one
 *    decided is kept as a conflict line; it never decides.
 * 5. Nothing decides: unknown, never "not Chinese".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identify/ident_int.h"
#include "util/strbuf.h"
#include "util/text.h"

const struct ident_rank_row ident_rank_table[IDENT_N_RANKS] = {
	[RANK_NONE] = {"none", 0, 0, "nothing names the maker"},
	[RANK_OUI] = {"oui", CONF_OUI, CONF_OUI,
		      "the MAC address's IEEE registry block (not a chip maker's, not randomised)"},
	[RANK_MODEL] = {"model", CONF_MODEL_PREFIX, CONF_MODEL_PREFIX,
			"a model-number prefix the knowledge base lists"},
	[RANK_BANNER] = {"banner", CONF_BANNER, CONF_BANNER - 0.05,
			 "a name in a banner, certificate, SNMP/LLDP/CDP description, "
			 "WS-Discovery name, SIP user agent or DHCP vendor class; a built-in "
			 "(its own confidence) or Recog fingerprint"},
	[RANK_STATED] = {"stated", CONF_NAME_EXACT, CONF_NAME_PARTIAL,
			 "a maker or brand an inventory or register states"},
	[RANK_DISCOVERY] = {"discovery", CONF_DISCOVERY, CONF_DISCOVERY,
			    "the vendor's own discovery protocol answered (SADP, DHIP, XM 1531)"},
};

/* A vendor's own discovery protocol: its answer means its firmware. */
static const struct {
	enum vs_method method;
	const char *vendor_id, *what;
} protocols[] = {
	{VM_SADP, "hikvision", "SADP (UDP 37020 / ethertype 0x8033) is Hikvision's device discovery protocol"},
	{VM_DHIP, "dahua", "DHIP (UDP 37810 / 5050) is Dahua's device discovery protocol"},
	{VM_XM, "xiongmai", "the 1530/1531 search on UDP 34569 is Xiongmai's (XMeye/Sofia) discovery protocol"},
};

/* Fields whose value is, or starts with, a company's name. Brand fields are
 * what the box says; the rest describe software or the device in text. */
static const struct {
	enum vs_method method;
	enum vs_field field;
	bool brand;
} name_fields[] = {
	{VM_SADP, VF_OEM, true},	      {VM_DHIP, VF_VENDOR, true},
	{VM_WSD, VF_NAME, true},	      {VM_DHIP, VF_MANUFACTURER, false},
	{VM_SNMP, VF_SYS_DESCR, false},	      {VM_LLDP, VF_SYS_DESCR, false},
	{VM_CDP, VF_PLATFORM, false},	      {VM_SIP, VF_USER_AGENT, false},
	{VM_SIP, VF_SERVER, false},	      {VM_TLS, VF_SUBJECT, false},
	{VM_MDNS, VF_INSTANCE, false},	      {VM_SSDP, VF_SERVER, false},
	{VM_DHCP, VF_VENDOR_CLASS, false},
};

static bool obs_is(const struct observation *o, enum vs_method m, enum vs_field f)
{
	return strcmp(o->method, vocab_method(m)) == 0 && strcmp(o->field, vocab_field(f)) == 0;
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

/* "laptop_pc" or "type not known", for evidence about scopes. */
static const char *type_said(const struct asset *a)
{
	return a->type ? a->type : "of a type not known";
}

/*
 * A name matched to an alias, narrowed to the company it means for this
 * device (scoped names: "Motorola" on a phone is Motorola Mobility). The
 * evidence says which scope answered, or why the name decides nothing.
 */
static const struct kb_alias *in_scope(struct ident *id, const struct kb_alias *al,
				       const char *text)
{
	enum kb_cover cover;
	const struct kb_alias *in = kb_alias_in_scope(al, id->a->type, id->a->model, &cover);
	if (!al->alt && in == al)
		return in;
	struct strbuf sb = STRBUF_INIT;
	for (const struct kb_alias *m = al; m; m = m->alt) {
		strbuf_addf(&sb, "%s%s for ", m == al ? "" : "; ", m->vendor->name);
		if (m->scope.n_types || m->scope.n_models)
			kb_scope_describe(&m->scope, &sb);
		else
			strbuf_addstr(&sb, "anything else");
		strbuf_addf(&sb, " (%s)", m->file);
	}
	if (sb.failed)
		id->oom = true;
	else if (in)
		ident_evidence(id, VM_KB, VF_SCOPE, 0, "'%s' names different companies by product: %s; "
				   "this device is %s: %s", text, strbuf_str(&sb), type_said(id->a),
			       in->vendor->name);
	else
		ident_evidence(id, VM_KB, VF_SCOPE, 0, "'%s' names different companies by product: %s; "
				   "this device is %s%s: the name decides nothing", text,
			       strbuf_str(&sb), type_said(id->a),
			       cover == KB_COVER_UNKNOWN ? ", which a scope may or may not hold" : "");
	strbuf_release(&sb);
	return in;
}

/* A name a source wrote (maker, brand, publisher, product). */
const struct kb_vendor *ident_by_name(struct ident *id, const struct kb *kb, enum vs_field field,
				      const char *text, double *conf)
{
	if (!text)
		return NULL;
	ident_evidence_as(id, id->stated_method, vocab_field(field), 1.0, "%s", text);
	bool exact = false;
	const struct kb_alias *al = kb_match_name(kb, text, &exact);
	if (!al)
		return NULL;
	*conf = exact ? CONF_NAME_EXACT : CONF_NAME_PARTIAL;
	ident_evidence(id, VM_KB, VF_ALIAS, *conf, "'%s' %s %s, %s of %s (%s)", text,
		       exact ? "is" : "starts with", al->alias, alias_kind_word(al->kind),
		       al->vendor->name, al->file);
	al = in_scope(id, al, text);
	return al ? al->vendor : NULL;
}

/* The first discovery protocol seen, as a claim. */
static void protocol_claim(struct ident *id, const struct kb *kb, const struct sighting *s,
			   struct ident_claim *c)
{
	for (size_t i = 0; s && i < sizeof(protocols) / sizeof(protocols[0]); i++) {
		bool seen = false;
		for (size_t k = 0; k < s->n_obs && !seen; k++)
			seen = strcmp(s->obs[k].method, vocab_method(protocols[i].method)) == 0;
		const struct kb_vendor *v = seen ? kb_vendor_by_id(kb, protocols[i].vendor_id) : NULL;
		if (v) {
			ident_evidence(id, VM_KB, VF_PROTOCOL, CONF_DISCOVERY,
				       "%s: the device runs %s firmware", protocols[i].what, v->name);
			*c = (struct ident_claim){v, CONF_DISCOVERY, RANK_DISCOVERY, false, "discovery"};
			return;
		}
	}
}

/* UPnP SERVER is "OS/version UPnP/1.0 product/version" (UDA 2.0 1.1.3),
 * commas tolerated: the product token names the maker, the OS does not. */
static void ssdp_product(const char *server, char *out, size_t cap)
{
	const char *u = strstr(server, "UPnP/");
	out[0] = '\0';
	if (!u)
		return;
	u += strcspn(u, " ,");
	u += strspn(u, " ,");
	snprintf(out, cap, "%s", u);
	char *slash = strrchr(out, '/');
	if (slash)
		*slash = '\0';
}

/* "O=HIKVISION,CN=…": the organisation, else the common name. */
static void cert_name(const char *subject, char *out, size_t cap)
{
	const char *keys[] = {"O=", "CN="};
	out[0] = '\0';
	for (size_t k = 0; k < 2 && !out[0]; k++) {
		const char *p = subject;
		while (p && *p) {
			if (strncmp(p, keys[k], strlen(keys[k])) == 0) {
				p += strlen(keys[k]);
				size_t n = strcspn(p, ",");
				snprintf(out, cap, "%.*s", (int)(n < cap ? n : cap - 1), p);
				break;
			}
			p = strchr(p, ',');
			if (p)
				p++;
		}
	}
}

/* The first name field naming a company (in name_fields order), and the
 * first brand field naming one. */
static void name_claims(struct ident *id, const struct kb *kb, const struct sighting *s,
			struct ident_claim *any, struct ident_claim *brand)
{
	for (size_t i = 0; s && i < sizeof(name_fields) / sizeof(name_fields[0]); i++) {
		for (size_t k = 0; k < s->n_obs; k++) {
			const struct observation *o = &s->obs[k];
			if (!obs_is(o, name_fields[i].method, name_fields[i].field))
				continue;
			char buf[VS_MAX_OBS_VALUE + 16];
			const char *text = o->value;
			if (name_fields[i].method == VM_TLS) {
				cert_name(o->value, buf, sizeof(buf));
				text = buf;
			} else if (name_fields[i].method == VM_SSDP) {
				ssdp_product(o->value, buf, sizeof(buf));
				text = buf;
			}
			bool exact = false;
			const struct kb_alias *al = text[0] ? kb_match_name(kb, text, &exact) : NULL;
			if (!al)
				continue;
			double conf = exact ? ident_rank_table[RANK_BANNER].exact
					    : ident_rank_table[RANK_BANNER].partial;
			ident_evidence(id, VM_KB, VF_ALIAS, conf, "%s %s '%s' %s %s, %s (%s)", o->method,
				       o->field, text, exact ? "is" : "starts with", al->alias,
				       al->vendor->name, al->file);
			al = in_scope(id, al, text);
			if (!al)
				continue;
			struct ident_claim h = {al->vendor, conf, RANK_BANNER, name_fields[i].brand,
						"a name"};
			if (!any->v)
				*any = h;
			if (h.brand && !brand->v)
				*brand = h;
		}
	}
}

/* Banners Recog has databases for; a realm is matched as the header a
 * server sends ('Basic realm="…"', then 'Digest realm="…"'), since only the
 * realm is kept (the rest of the header carries a nonce per response). */
static const struct {
	enum vs_method method;
	enum vs_field field;
	const char *key;
} recog_keys[] = {
	{VM_HTTP, VF_SERVER, "http_header.server"},	{VM_HTTP, VF_REALM, "http_header.wwwauth"},
	{VM_RTSP, VF_REALM, "http_header.wwwauth"},	{VM_HTTP, VF_TITLE, "html_title"},
	{VM_RTSP, VF_SERVER, "rtsp_header.server"},	{VM_SIP, VF_USER_AGENT, "sip_header.user_agent"},
	{VM_SIP, VF_SERVER, "sip_header.server"},	{VM_SNMP, VF_SYS_DESCR, "snmp.sys_description"},
	{VM_SNMP, VF_SYS_OBJECT_ID, "snmp.sys_object_id"},
	{VM_DHCP, VF_VENDOR_CLASS, "dhcp_vendor_class"},
	{VM_TLS, VF_SUBJECT, "x509.subject"},		{VM_TLS, VF_ISSUER, "x509.issuer"},
	{VM_SSH, VF_SERVER, "ssh.banner"},
};

static bool recog_try(const struct recog *rg, const char *key, const struct observation *o,
		      struct recog_match *m)
{
	if (strcmp(o->field, vocab_field(VF_REALM)) != 0)
		return recog_match(rg, key, o->value, m);
	char hdr[VS_MAX_OBS_VALUE + 32];
	snprintf(hdr, sizeof(hdr), "Basic realm=\"%s\"", o->value);
	if (recog_match(rg, key, hdr, m))
		return true;
	snprintf(hdr, sizeof(hdr), "Digest realm=\"%s\"", o->value);
	return recog_match(rg, key, hdr, m);
}

/* Every banner Recog knows becomes `recog` evidence; the first whose
 * fingerprint names a hardware vendor the kb knows is a name claim. */
static void recog_claims(struct ident *id, const struct kb *kb, const struct recog *rg,
			 const struct sighting *s, struct ident_claim *hit, const char **product)
{
	static const char *const shown[] = {"hw.vendor", "hw.product", "hw.device", "os.vendor",
					    "os.product", "service.vendor", "service.product",
					    "service.version"};
	*product = NULL;
	if (!rg || !s)
		return;
	for (size_t i = 0; i < sizeof(recog_keys) / sizeof(recog_keys[0]); i++) {
		for (size_t k = 0; k < s->n_obs; k++) {
			const struct observation *o = &s->obs[k];
			struct recog_match m;
			if (!obs_is(o, recog_keys[i].method, recog_keys[i].field) ||
			    !recog_try(rg, recog_keys[i].key, o, &m))
				continue;
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s %s '%s': %s (%s)", o->method, o->field, o->value,
				    m.description, m.where);
			for (size_t j = 0; j < sizeof(shown) / sizeof(shown[0]); j++) {
				const char *v = recog_param(&m, shown[j]);
				if (v)
					strbuf_addf(&sb, "; %s=%s", shown[j], v);
			}
			ident_evidence_as(id, vocab_method(VM_RECOG), recog_keys[i].key, CONF_BANNER, "%s",
					  strbuf_str(&sb));
			strbuf_release(&sb);
			const char *hv = recog_param(&m, "hw.vendor");
			bool exact = false;
			const struct kb_alias *al = hv ? kb_match_name(kb, hv, &exact) : NULL;
			if (!al || hit->v)
				continue;
			double conf = exact ? ident_rank_table[RANK_BANNER].exact
					    : ident_rank_table[RANK_BANNER].partial;
			ident_evidence(id, VM_KB, VF_ALIAS, conf, "Recog hw.vendor '%s' %s %s, %s (%s)",
				       hv, exact ? "is" : "starts with", al->alias, al->vendor->name,
				       al->file);
			al = in_scope(id, al, hv);
			if (!al)
				continue;
			*hit = (struct ident_claim){al->vendor, conf, RANK_BANNER, false, "Recog"};
			*product = recog_param(&m, "hw.product");
		}
	}
}

/* Every observation a built-in fingerprint claims, as evidence with the
 * row's FILE:LINE; the hits are kept for the maker decision and for model
 * and firmware once the maker is known. */
static void fingerprint_claims(struct ident *id, const struct kb *kb, const struct sighting *s,
			       struct ident_fp *fc)
{
	fc->n = 0;
	for (size_t k = 0; s && k < s->n_obs && fc->n < IDENT_FP_HITS; k++) {
		const struct observation *o = &s->obs[k];
		struct kb_fp_hit *h = &fc->hit[fc->n];
		if (!kb_fingerprint_match(kb, o->method, o->field, o->value, h))
			continue;
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s %s '%s' matches a %s fingerprint", o->method, o->field,
			    o->value, h->fp->vendor->name);
		if (h->model[0])
			strbuf_addf(&sb, ", model %s", h->model);
		if (h->firmware[0])
			strbuf_addf(&sb, ", firmware %s", h->firmware);
		strbuf_addf(&sb, " (%s)", h->fp->file);
		if (sb.failed)
			id->oom = true;
		else
			ident_evidence(id, VM_KB, VF_FINGERPRINT, h->fp->confidence, "%s", strbuf_str(&sb));
		strbuf_release(&sb);
		fc->value[fc->n++] = o->value;
	}
}

/* One maker or two that answer for each other: the same company, the same
 * controlling owner as of the date, or one making the other's devices. */
static bool related(const struct kb *kb, const struct kb_vendor *a, const struct kb_vendor *b,
		    const char *date)
{
	if (a == b)
		return true;
	const struct kb_vendor *ca = kb_controller(kb, a->id, date);
	const struct kb_vendor *cb = kb_controller(kb, b->id, date);
	if (ca && ca == cb)
		return true;
	const struct kb_edge *ea[8], *eb[8];
	size_t na = kb_oem_edges(kb, a->id, date, ea, 8), nb = kb_oem_edges(kb, b->id, date, eb, 8);
	for (size_t i = 0; i < na; i++)
		if (ea[i]->owner == b)
			return true;
	for (size_t i = 0; i < nb; i++)
		if (eb[i]->owner == a)
			return true;
	return false;
}

/*
 * The banner-rank claim: the alias a name field matched and the fingerprint
 * hits weighed together, the most certain deciding (the name on a tie). Two
 * of them naming makers that do not answer for each other cancel: a
 * banner-rank guess between two makers is no answer, so the decision falls
 * to a lower rank, and the evidence says which banners disagree.
 */
static struct ident_claim banner_claim(struct ident *id, const struct kb *kb,
				       const struct ident_claim *name, const struct ident_fp *fc,
				       const char *date, const struct kb_vendor *disagree[2])
{
	disagree[0] = disagree[1] = NULL;
	struct ident_claim best = *name;
	const char *best_from = name->v ? "a name" : NULL;
	for (size_t i = 0; i < fc->n; i++) {
		const struct kb_fingerprint *f = fc->hit[i].fp;
		if (!best.v || f->confidence > best.conf) {
			best = (struct ident_claim){f->vendor, f->confidence, RANK_BANNER, false,
						    f->file};
			best_from = f->file;
		}
	}
	if (!best.v)
		return best;
	const struct kb_vendor *other = NULL;
	const char *other_from = NULL;
	if (name->v && !related(kb, best.v, name->v, date))
		other = name->v, other_from = "a name";
	for (size_t i = 0; i < fc->n && !other; i++)
		if (!related(kb, best.v, fc->hit[i].fp->vendor, date))
			other = fc->hit[i].fp->vendor, other_from = fc->hit[i].fp->file;
	if (!other)
		return best;
	ident_evidence(id, VM_KB, VF_CONFLICT, 0,
		       "the banners disagree: %s says %s, %s says %s, and neither makes the "
		       "other's devices: no banner decides", best_from, best.v->name, other_from,
		       other->name);
	disagree[0] = best.v, disagree[1] = other;
	return (struct ident_claim){0};
}

/* Model and firmware from the fingerprints of the maker decided (or the
 * brand it was decided through), first hit first; discovery's own fields,
 * set earlier, stay. */
static void fingerprint_parts(struct ident *id, const struct ident_fp *fc,
			      const struct kb_vendor *v, const struct kb_vendor *claimed)
{
	for (size_t i = 0; v && i < fc->n; i++) {
		const struct kb_fp_hit *h = &fc->hit[i];
		if (h->fp->vendor != v && h->fp->vendor != claimed)
			continue;
		if (!id->a->model && h->model[0])
			ident_set(id, &id->a->model, h->model);
		if (!id->a->firmware && h->firmware[0])
			ident_set(id, &id->a->firmware, h->firmware);
	}
}

const struct kb_vendor *ident_by_model(struct ident *id, const struct kb *kb, double *conf)
{
	if (!id->a->model)
		return NULL;
	const struct kb_alias *al = kb_match_model(kb, id->a->model);
	if (!al)
		return NULL;
	*conf = CONF_MODEL_PREFIX;
	ident_evidence(id, VM_KB, VF_MODEL, *conf, "model %s starts with %s, a %s model prefix (%s)",
		       id->a->model, al->alias, al->vendor->name, al->file);
	return al->vendor;
}

static const char *certainty_word(enum kb_certainty c)
{
	return c == KB_CERT_HIGH ? "high" : c == KB_CERT_MEDIUM ? "medium" : "low";
}

/*
 * A brand on the box made by another company counts as the producer's,
 * inside the edge's scope (rule 3). `seen` are the makers other evidence
 * on the device names: what corroborates a medium edge, or an edge whose
 * scope the device's unknown type may or may not be in.
 */
const struct kb_vendor *ident_through_oem(struct ident *id, const struct kb *kb,
					  const struct kb_vendor *v, const char *as_of,
					  const struct kb_vendor *const *seen, size_t n_seen,
					  double *conf)
{
	const struct kb_edge *edges[8];
	size_t n = kb_oem_edges(kb, v->id, as_of, edges, 8);
	for (size_t i = 0; i < n; i++) {
		const struct kb_edge *e = edges[i];
		const char *what = e->scope ? e->scope : "devices";
		bool corroborated = false;
		for (size_t k = 0; k < n_seen; k++)
			corroborated |= seen[k] == e->owner;
		enum kb_cover cover = kb_scope_covers(&e->cover, id->a->type, id->a->model);
		if (cover == KB_COVER_OUT) {
			ident_evidence(id, VM_KB, VF_OEM, 0,
				       "%s %s are made by %s (%s), but this device (%s%s%s) is outside "
				       "that scope: not applied", v->name, what, e->owner->name, e->file,
				       type_said(id->a), id->a->model ? ", model " : "",
				       id->a->model ? id->a->model : "");
			continue;
		}
		if (e->certainty == KB_CERT_LOW) {
			/* An allegation is evidence to show, not a producer to decide by. */
			ident_evidence(id, VM_KB, VF_OEM, 0, "%s %s are alleged to be made by %s (low "
							   "certainty, not used for the verdict; %s)",
				       v->name, what, e->owner->name, e->file);
			continue;
		}
		if (!corroborated && (cover == KB_COVER_UNKNOWN || e->certainty == KB_CERT_MEDIUM)) {
			ident_evidence(id, VM_KB, VF_OEM, 0,
				       "%s %s are made by %s (%s certainty; %s), but %snothing seen on "
				       "this device points at %s: %s decides", v->name, what,
				       e->owner->name, certainty_word(e->certainty), e->file,
				       cover == KB_COVER_UNKNOWN ? "its type or model is not known and "
								 : "",
				       e->owner->name, v->name);
			continue;
		}
		*conf *= e->certainty == KB_CERT_HIGH ? 1.0 : 0.85;
		ident_evidence(id, VM_KB, VF_OEM, *conf, "%s %s are made by %s (%s certainty; %s)",
			       v->name, what, e->owner->name, certainty_word(e->certainty), e->file);
		if (!id->a->brand)
			ident_set(id, &id->a->brand, v->name);
		return e->owner;
	}
	if (n == 0 && (v->flags & KB_FLAG_OEM_BRAND))
		ident_evidence(id, VM_KB, VF_OEM, 0,
			       "%s sells devices other companies make; which one made this unit "
			       "is not known (%s)", v->name, v->file);
	return v;
}

/* The policy's verdict on a device made by v, as of date. */
static enum tri verdict_if_made_by(const struct policy *pol, const struct kb *kb,
				   const struct kb_vendor *v, const char *date, bool *oom)
{
	struct asset t;
	asset_init(&t);
	t.kind = ASSET_HARDWARE;
	t.vendor = str_dup_or_null(v->id);
	t.vendor_name = str_dup_or_null(v->name);
	enum tri r = TRI_UNKNOWN;
	if (!t.vendor || !t.vendor_name || !policy_classify(pol, kb, &t, date))
		*oom = true;
	else
		r = t.chinese;
	asset_release(&t);
	return r;
}

/*
 * Banners that disagree leave the maker unknown, but not always the
 * verdict: when every maker they name would make the device Chinese (a
 * Hikvision server header beside a Dahua realm), it is Chinese hardware
 * either way, and the evidence says why. The maker stays unknown.
 */
static void either_chinese(struct ident *id, const struct policy *pol, const struct kb *kb,
			   const struct kb_vendor *const disagree[2], const char *date)
{
	if (id->a->chinese != TRI_UNKNOWN)
		return;
	if (verdict_if_made_by(pol, kb, disagree[0], date, &id->oom) != TRI_YES ||
	    verdict_if_made_by(pol, kb, disagree[1], date, &id->oom) != TRI_YES)
		return;
	id->a->chinese = TRI_YES;
	ident_evidence(id, VM_POLICY, VF_ORIGIN, 0,
		       "the banners name %s and %s, and a device made by either is Chinese "
		       "hardware: Chinese, maker unknown", disagree[0]->name, disagree[1]->name);
}

/*
 * The last resort: nothing names a maker the knowledge base knows, but the
 * MAC's block is registered to a company the kb does not know, at an
 * address in a country. An address is not an owner (a Chinese maker may
 * register through a US subsidiary, and the other way round), so this
 * gives the country at CONF_REGISTRANT, never a maker, and only where
 * neither the kb nor a reported origin said anything.
 */
static void registrant_country(struct ident *id, const struct policy *pol)
{
	struct asset *a = id->a;
	if (!id->registrant_cc[0] || a->chinese != TRI_UNKNOWN || a->country)
		return;
	enum tri t = policy_country_chinese(pol, id->registrant_cc);
	if (t == TRI_UNKNOWN)
		return;
	a->chinese = t;
	a->confidence = CONF_REGISTRANT;
	ident_set(id, &a->country, id->registrant_cc);
	ident_evidence(id, VM_POLICY, VF_ORIGIN, CONF_REGISTRANT,
		       "nothing names the maker; the MAC's registrant %s gave the IEEE an address in "
		       "%s, which %s (low confidence: an address is not an owner)",
		       id->registrant, id->registrant_cc,
		       t == TRI_YES ? "counts as China" : "is not China");
}

/* The box's brand beside the producer's firmware: an OEM unit. */
static void discovery_brand(struct ident *id, const struct kb *kb, const struct kb_vendor *v,
			    const struct ident_claim *b, const char *date, double conf)
{
	if (!b || !b->v || b->v == v)
		return;
	const struct kb_edge *edges[8];
	size_t n = kb_oem_edges(kb, b->v->id, date, edges, 8);
	const struct kb_edge *e = NULL;
	for (size_t i = 0; i < n && !e; i++)
		if (edges[i]->owner == v)
			e = edges[i];
	if (e) {
		ident_set(id, &id->a->brand, b->v->name);
		ident_evidence(id, VM_KB, VF_OEM, conf,
			       "%s %s are made by %s (%s): an OEM unit, brand %s, producer %s",
			       b->v->name, e->scope ? e->scope : "devices", e->owner->name, e->file,
			       b->v->name, v->name);
	} else if (b->brand) {
		ident_set(id, &id->a->brand, b->v->name);
		ident_evidence(id, VM_KB, VF_OEM, conf,
			       "sold as %s but answers with %s's discovery protocol: the producer "
			       "decides", b->v->name, v->name);
	} else {
		ident_evidence(id, VM_KB, VF_CONFLICT, 0, "a name points at %s, the discovery protocol at %s",
			       b->v->name, v->name);
	}
}

/* "Yealink SIP-T46S 66.86.0.15" -> model and firmware, when the first word
 * is the vendor's name. */
static void user_agent_parts(struct ident *id, const struct sighting *s, const struct kb *kb,
			     const struct kb_vendor *v)
{
	const char *ua = s ? sighting_value(s, vocab_method(VM_SIP), vocab_field(VF_USER_AGENT)) : NULL;
	if (!ua || !v)
		return;
	char buf[VS_MAX_OBS_VALUE + 8];
	snprintf(buf, sizeof(buf), "%s", ua);
	char *save = NULL;
	char *maker = strtok_r(buf, " /", &save);
	char *model = strtok_r(NULL, " /", &save);
	char *fw = strtok_r(NULL, " ", &save);
	bool exact = false;
	const struct kb_alias *al = maker ? kb_match_name(kb, maker, &exact) : NULL;
	if (!al || al->vendor != v || !model)
		return;
	if (!id->a->model)
		ident_set(id, &id->a->model, model);
	if (!id->a->firmware && fw)
		ident_set(id, &id->a->firmware, fw);
}

/* Rule 4: what lower evidence says, when it names someone else. */
static void lower_conflicts(struct ident *id, const struct kb *kb, const struct kb_vendor *v,
			    enum ident_rank rank, const struct ident_claim *model,
			    const struct ident_claim *oui, const char *date)
{
	if (model->v && rank > RANK_MODEL && !related(kb, model->v, v, date))
		ident_evidence(id, VM_KB, VF_CONFLICT, 0, "the model number points at %s; the stronger "
							"evidence at %s", model->v->name, v->name);
	if (oui->v && rank > RANK_OUI && !related(kb, oui->v, v, date))
		ident_evidence(id, VM_KB, VF_CONFLICT, 0,
			       "the MAC's block points at %s; the stronger evidence at %s",
			       oui->v->name, v->name);
}

void ident_decide(struct ident *id, const struct kb *kb, const struct policy *pol,
		  const struct sighting *s, const struct recog *rg, const char *date,
		  const char *date_why)
{
	struct asset *a = id->a;
	struct ident_claim proto = {0}, maker = {0}, brand_stated = {0}, name = {0}, brand = {0},
			   rec = {0}, model = {0}, oui = {0};
	double c = 0;

	/* Rule 1: every claim, highest rank first. */
	protocol_claim(id, kb, s, &proto);
	if ((maker.v = ident_by_name(id, kb, VF_MAKER, a->maker, &c)))
		maker = (struct ident_claim){maker.v, c, RANK_STATED, false, "the stated maker"};
	if ((brand_stated.v = ident_by_name(id, kb, VF_BRAND, a->brand, &c)))
		brand_stated = (struct ident_claim){brand_stated.v, c, RANK_STATED, true,
						    "the stated brand"};
	name_claims(id, kb, s, &name, &brand);
	struct ident_fp fc;
	fingerprint_claims(id, kb, s, &fc);
	const struct kb_vendor *disagree[2];
	name = banner_claim(id, kb, &name, &fc, date, disagree);
	const char *rec_product;
	recog_claims(id, kb, rg, s, &rec, &rec_product);
	if (!name.v && rec.v)
		name = rec;
	if (!a->model && rec_product && rec.v)
		ident_set(id, &a->model, rec_product);
	if ((model.v = ident_by_model(id, kb, &c)))
		model = (struct ident_claim){model.v, c, RANK_MODEL, false, "the model number"};
	if ((oui.v = ident_by_mac(id, kb, &c)))
		oui = (struct ident_claim){oui.v, c, RANK_OUI, false, "the MAC's block"};

	/* Rule 2: the highest rank decides. */
	const struct ident_claim *order[] = {&proto, &maker, &brand_stated, &name, &model, &oui};
	const struct ident_claim *top = NULL;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]) && !top; i++)
		if (order[i]->v)
			top = order[i];
	const struct kb_vendor *v = top ? top->v : NULL;
	const struct kb_vendor *claimed = v; /* before an OEM brand resolves to its producer */
	double conf = top ? top->conf : 0;
	enum ident_rank rank = top ? top->rank : RANK_NONE;

	/* What corroborates an OEM edge: every maker other evidence names. */
	const struct kb_vendor *seen[8 + IDENT_FP_HITS];
	size_t n_seen = 0;
	const struct ident_claim *all[] = {&proto, &maker, &brand_stated, &name, &brand, &rec,
					   &model, &oui};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i]->v && all[i] != top)
			seen[n_seen++] = all[i]->v;
	for (size_t i = 0; i < fc.n; i++)
		seen[n_seen++] = fc.hit[i].fp->vendor;
	id->n_consulted = 0;
	if (top)
		id->consulted[id->n_consulted++] = top->v;
	for (size_t i = 0; i < n_seen; i++)
		id->consulted[id->n_consulted++] = seen[i];
	for (size_t i = 0; i < 2 && disagree[i]; i++)
		if (id->n_consulted < sizeof(id->consulted) / sizeof(id->consulted[0]))
			id->consulted[id->n_consulted++] = disagree[i];

	/* Rule 3: brands to producers, inside the edges' scopes. */
	if (rank == RANK_DISCOVERY) {
		const struct ident_claim *b = brand_stated.v ? &brand_stated
					      : maker.v	     ? &maker
					      : brand.v	     ? &brand
					      : name.v	     ? &name
							     : NULL;
		discovery_brand(id, kb, v, b, date, conf);
	} else if (v) {
		v = ident_through_oem(id, kb, v, date, seen, n_seen, &conf);
	}
	/* Rule 4. */
	if (v)
		lower_conflicts(id, kb, v, rank, &model, &oui, date);
	if (v && maker.v && brand_stated.v && top == &maker && !related(kb, maker.v, brand_stated.v, date))
		ident_evidence(id, VM_KB, VF_CONFLICT, 0, "the brand points at %s; the maker at %s",
			       brand_stated.v->name, maker.v->name);

	fingerprint_parts(id, &fc, v, claimed);
	user_agent_parts(id, s, kb, v);
	if (v) {
		ident_set(id, &a->vendor, v->id);
		a->confidence = conf;
		/* A row's own acquisition date is on the row: quoting it here would
		 * make every date's evidence list its own (identify_memo shares
		 * one list per date epoch). */
		if (id->date_is_own)
			ident_evidence(id, VM_KB, VF_DATE, conf,
				       "ownership as of the acquisition date (the row's own)");
		else
			ident_evidence(id, VM_KB, VF_DATE, conf, "ownership as of %s (%s)",
				       date ? date : "today", date_why ? date_why : "no date known");
	} else if (disagree[0]) {
		ident_evidence(id, VM_KB, VF_UNKNOWN, 0,
			       "the banners disagree and nothing else names the maker: unknown");
	} else {
		const char *named = a->maker ? a->maker : a->brand;
		if (named)
			ident_evidence(id, VM_KB, VF_UNKNOWN, 0, "no company known as '%s'", named);
		else if (s)
			ident_evidence(id, VM_KB, VF_UNKNOWN, 0,
				       "nothing seen names the maker: unknown, not \"not Chinese\"");
	}
	if (id->oom || !policy_classify(pol, kb, a, date)) {
		id->oom = true;
		return;
	}
	if (!v && disagree[0])
		either_chinese(id, pol, kb, disagree, date);
	else if (!v)
		registrant_country(id, pol);
}
