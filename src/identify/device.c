#include "identify/device.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identify/ident_int.h"
#include "identify/recog.h"
#include "util/strbuf.h"
#include "util/text.h"

/* Confidence by the kind of evidence the decision rests on (see device.h). */
#define CONF_DISCOVERY 0.95
#define CONF_BANNER 0.85

enum rank { RANK_NONE, RANK_OUI, RANK_MODEL, RANK_NAME, RANK_DISCOVERY };

/* A vendor's own discovery protocol: its answer means its firmware. */
static const struct {
	const char *method, *vendor_id, *what;
} protocols[] = {
	{"sadp", "hikvision", "SADP (UDP 37020 / ethertype 0x8033) is Hikvision's device discovery protocol"},
	{"dhip", "dahua", "DHIP (UDP 37810 / 5050) is Dahua's device discovery protocol"},
	{"xm", "xiongmai", "the 1530/1531 search on UDP 34569 is Xiongmai's (XMeye/Sofia) discovery protocol"},
};

/* Fields whose value is, or starts with, a company's name. Brand fields are
 * what the box says; the rest describe software or the device in text. */
static const struct {
	const char *method, *field;
	bool brand;
} name_fields[] = {
	{"sadp", "oem", true},		{"dhip", "vendor", true},	{"wsd", "name", true},
	{"dhip", "manufacturer", false}, {"snmp", "sys_descr", false}, {"lldp", "sys_descr", false},
	{"cdp", "platform", false},	{"sip", "user_agent", false},	{"sip", "server", false},
	{"tls", "subject", false},	{"mdns", "instance", false},	{"ssdp", "server", false},
	{"dhcp", "vendor_class", false},
};

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

static const struct kb_vendor *protocol_producer(struct ident *id, const struct kb *kb,
						 const struct sighting *s)
{
	for (size_t i = 0; i < sizeof(protocols) / sizeof(protocols[0]); i++) {
		bool seen = false;
		for (size_t k = 0; k < s->n_obs && !seen; k++)
			seen = strcmp(s->obs[k].method, protocols[i].method) == 0;
		const struct kb_vendor *v = seen ? kb_vendor_by_id(kb, protocols[i].vendor_id) : NULL;
		if (v) {
			ident_evidence(id, "kb", "protocol", CONF_DISCOVERY, "%s: the device runs %s firmware",
				       protocols[i].what, v->name);
			return v;
		}
	}
	return NULL;
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

struct name_hit {
	const struct kb_vendor *v;
	double conf;
	bool brand;
	const char *value;
};

/* The first name field naming a company (in name_fields order), and the
 * first brand field naming one. */
static void name_claims(struct ident *id, const struct kb *kb, const struct sighting *s,
			struct name_hit *any, struct name_hit *brand)
{
	memset(any, 0, sizeof(*any));
	memset(brand, 0, sizeof(*brand));
	for (size_t i = 0; i < sizeof(name_fields) / sizeof(name_fields[0]); i++) {
		for (size_t k = 0; k < s->n_obs; k++) {
			const struct observation *o = &s->obs[k];
			if (strcmp(o->method, name_fields[i].method) != 0 ||
			    strcmp(o->field, name_fields[i].field) != 0)
				continue;
			char buf[VS_MAX_OBS_VALUE + 16];
			const char *text = o->value;
			if (strcmp(o->method, "tls") == 0) {
				cert_name(o->value, buf, sizeof(buf));
				text = buf;
			} else if (strcmp(o->method, "ssdp") == 0) {
				ssdp_product(o->value, buf, sizeof(buf));
				text = buf;
			}
			bool exact = false;
			const struct kb_alias *al = text[0] ? kb_match_name(kb, text, &exact) : NULL;
			if (!al)
				continue;
			double conf = exact ? CONF_BANNER : CONF_BANNER - 0.05;
			ident_evidence(id, "kb", "alias", conf, "%s %s '%s' %s %s, %s (%s)", o->method,
				       o->field, text, exact ? "is" : "starts with", al->alias,
				       al->vendor->name, al->file);
			struct name_hit h = {al->vendor, conf, name_fields[i].brand, o->value};
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
	const char *method, *field, *key;
} recog_keys[] = {
	{"http", "server", "http_header.server"},     {"http", "realm", "http_header.wwwauth"},
	{"rtsp", "realm", "http_header.wwwauth"},     {"http", "title", "html_title"},
	{"rtsp", "server", "rtsp_header.server"},     {"sip", "user_agent", "sip_header.user_agent"},
	{"sip", "server", "sip_header.server"},       {"snmp", "sys_descr", "snmp.sys_description"},
	{"snmp", "sys_object_id", "snmp.sys_object_id"}, {"dhcp", "vendor_class", "dhcp_vendor_class"},
	{"tls", "subject", "x509.subject"},           {"tls", "issuer", "x509.issuer"},
};

static bool recog_try(const struct recog *rg, const char *key, const struct observation *o,
		      struct recog_match *m)
{
	if (strcmp(o->field, "realm") != 0)
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
			 const struct sighting *s, struct name_hit *hit, const char **product)
{
	static const char *const shown[] = {"hw.vendor", "hw.product", "hw.device", "os.vendor",
					    "os.product", "service.vendor", "service.product",
					    "service.version"};
	memset(hit, 0, sizeof(*hit));
	*product = NULL;
	if (!rg)
		return;
	for (size_t i = 0; i < sizeof(recog_keys) / sizeof(recog_keys[0]); i++) {
		for (size_t k = 0; k < s->n_obs; k++) {
			const struct observation *o = &s->obs[k];
			struct recog_match m;
			if (strcmp(o->method, recog_keys[i].method) != 0 ||
			    strcmp(o->field, recog_keys[i].field) != 0 ||
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
			ident_evidence(id, "recog", recog_keys[i].key, CONF_BANNER, "%s", strbuf_str(&sb));
			strbuf_release(&sb);
			const char *hv = recog_param(&m, "hw.vendor");
			bool exact = false;
			const struct kb_alias *al = hv ? kb_match_name(kb, hv, &exact) : NULL;
			if (!al || hit->v)
				continue;
			hit->v = al->vendor;
			hit->conf = exact ? CONF_BANNER : CONF_BANNER - 0.05;
			hit->value = o->value;
			*product = recog_param(&m, "hw.product");
			ident_evidence(id, "kb", "alias", hit->conf, "Recog hw.vendor '%s' %s %s, %s (%s)",
				       hv, exact ? "is" : "starts with", al->alias, al->vendor->name,
				       al->file);
		}
	}
}

/* ---- built-in banner fingerprints (kb/fingerprints.tsv) ---- */

#define FP_HITS 8 /* fingerprint hits weighed per device; more add nothing new */

struct fp_claims {
	struct kb_fp_hit hit[FP_HITS];
	const char *value[FP_HITS]; /* the banner each hit matched */
	size_t n;
};

/* Every observation a built-in fingerprint claims, as evidence with the
 * row's FILE:LINE; the hits are kept for the maker decision and for model
 * and firmware once the maker is known. */
static void fingerprint_claims(struct ident *id, const struct kb *kb, const struct sighting *s,
			       struct fp_claims *fc)
{
	fc->n = 0;
	for (size_t k = 0; k < s->n_obs && fc->n < FP_HITS; k++) {
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
			ident_evidence(id, "kb", "fingerprint", h->fp->confidence, "%s", strbuf_str(&sb));
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
	const struct kb_edge *ea = kb_oem_producer(kb, a->id, date);
	const struct kb_edge *eb = kb_oem_producer(kb, b->id, date);
	return (ea && ea->owner == b) || (eb && eb->owner == a);
}

/*
 * The banner-rank claim: the alias a name field matched (name_claims) and
 * the fingerprint hits weighed together, the most certain deciding (the
 * name on a tie). Two of them naming makers that do not answer for each
 * other cancel: a banner-rank guess between two makers is no answer, so the
 * decision falls to the model prefix or the MAC block, and the evidence
 * says which banners disagree.
 */
static struct name_hit banner_claim(struct ident *id, const struct kb *kb,
				    const struct name_hit *name, const struct fp_claims *fc,
				    const char *date, const struct kb_vendor *disagree[2])
{
	disagree[0] = disagree[1] = NULL;
	struct name_hit best = *name;
	const char *best_from = name->v ? "a name" : NULL;
	for (size_t i = 0; i < fc->n; i++) {
		const struct kb_fingerprint *f = fc->hit[i].fp;
		if (!best.v || f->confidence > best.conf) {
			best = (struct name_hit){f->vendor, f->confidence, false, fc->value[i]};
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
	ident_evidence(id, "kb", "conflict", 0,
		       "the banners disagree: %s says %s, %s says %s, and neither makes the "
		       "other's devices: no banner decides", best_from, best.v->name, other_from,
		       other->name);
	disagree[0] = best.v, disagree[1] = other;
	return (struct name_hit){0};
}

/* Model and firmware from the fingerprints of the maker decided (or the
 * brand it was decided through), first hit first; discovery's own fields,
 * set earlier, stay. */
static void fingerprint_parts(struct ident *id, const struct fp_claims *fc,
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

/* The best value of a field over the methods, in order of trust. */
static const char *pick(const struct sighting *s, const char *field, const char *const *methods)
{
	for (; *methods; methods++) {
		const char *v = sighting_value(s, *methods, field);
		if (v)
			return v;
	}
	return NULL;
}

/* "Login to 6G0ABCDPAG12345": the Dahua realm carries the serial. */
static bool realm_serial(const char *realm, char *out, size_t cap)
{
	static const char pre[] = "Login to ";
	if (strncmp(realm, pre, sizeof(pre) - 1) != 0)
		return false;
	const char *p = realm + sizeof(pre) - 1;
	size_t n = strlen(p);
	if (n < 6 || n >= cap || strcspn(p, " \t") != n)
		return false;
	memcpy(out, p, n + 1);
	return true;
}

/* The serial numbers a sighting carries (at most cap), pointers into it
 * or into bufs. */
static size_t serials(const struct sighting *s, const char **out, char bufs[][VS_MAX_OBS_VALUE + 8],
		      size_t cap)
{
	size_t n = 0;
	for (size_t k = 0; k < s->n_obs && n < cap; k++) {
		const struct observation *o = &s->obs[k];
		if (strcmp(o->field, "serial") == 0 &&
		    (strcmp(o->method, "sadp") == 0 || strcmp(o->method, "dhip") == 0 ||
		     strcmp(o->method, "xm") == 0))
			out[n++] = o->value;
		else if (strcmp(o->field, "realm") == 0 &&
			 realm_serial(o->value, bufs[n], sizeof(bufs[n])))
			out[n] = bufs[n], n++;
	}
	return n;
}

/* ---- identity resolution ---- */

struct serial_ref {
	char *serial;
	size_t idx;
};

static int serial_cmp(const void *a, const void *b)
{
	const struct serial_ref *x = a, *y = b;
	int c = strcmp(x->serial, y->serial);
	return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

static size_t root(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

enum vs_err identify_merge_sightings(struct sighting *s, size_t *n, struct vs_error *err)
{
	enum { PER = 4 };
	struct serial_ref *refs = malloc((*n ? *n : 1) * PER * sizeof(*refs));
	size_t *parent = malloc((*n ? *n : 1) * sizeof(*parent));
	char(*bufs)[VS_MAX_OBS_VALUE + 8] = malloc(PER * sizeof(*bufs));
	size_t n_refs = 0;
	enum vs_err rc = VS_OK;
	if (!refs || !parent || !bufs) {
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < *n; i++) {
		parent[i] = i;
		const char *ser[PER];
		size_t k = serials(&s[i], ser, bufs, PER);
		for (size_t j = 0; j < k; j++) {
			refs[n_refs].serial = str_dup_or_null(ser[j]);
			refs[n_refs].idx = i;
			if (!refs[n_refs].serial) {
				rc = vs_fail(err, VS_ENOMEM, "out of memory");
				goto out;
			}
			n_refs++;
		}
	}
	qsort(refs, n_refs, sizeof(*refs), serial_cmp);
	for (size_t i = 1; i < n_refs; i++) {
		if (strcmp(refs[i].serial, refs[i - 1].serial) != 0)
			continue;
		size_t a = root(parent, refs[i - 1].idx), b = root(parent, refs[i].idx);
		/* The earlier-seen device absorbs the later one. */
		if (a < b)
			parent[b] = a;
		else if (b < a)
			parent[a] = b;
	}
	/* Roots are the smallest index of their set, so each is placed before
	 * its members arrive; newpos maps a root to where it now lives. */
	size_t *newpos = malloc((*n ? *n : 1) * sizeof(*newpos));
	if (!newpos) {
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
		goto out;
	}
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		size_t r = root(parent, i);
		if (r == i) {
			if (kept != i)
				s[kept] = s[i];
			newpos[i] = kept++;
			continue;
		}
		struct sighting *dst = &s[newpos[r]];
		char why[64];
		if (s[i].has_mac) {
			snprintf(why, sizeof(why), "%02x:%02x:%02x:%02x:%02x:%02x", s[i].mac[0],
				 s[i].mac[1], s[i].mac[2], s[i].mac[3], s[i].mac[4], s[i].mac[5]);
			/* The absorbed MAC stays on record: "same serial, other interface". */
			if (!sighting_observe(dst, "identity", "same_serial_mac", why, strlen(why), 1.0,
					      s[i].first_us))
				rc = vs_fail(err, VS_ENOMEM, "out of memory");
		}
		if (!sighting_merge(dst, &s[i]))
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
	}
	*n = kept;
	free(newpos);
out:
	for (size_t i = 0; i < n_refs; i++)
		free(refs[i].serial);
	free(refs);
	free(parent);
	free(bufs);
	return rc;
}

/* ---- one device ---- */

static void join_addrs(struct ident *id, const struct sighting *s)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < s->n_addrs; i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, s->addrs[i]);
	}
	if (sb.failed)
		id->oom = true;
	else if (sb.len)
		ident_set(id, &id->a->ip, sb.buf);
	strbuf_release(&sb);
}

/* A type word kb_type_match knows, from what the device said it is. */
static const char *type_word(const struct sighting *s)
{
	const char *cls = sighting_value(s, "dhip", "device_class");
	if (cls && (strcmp(cls, "IPC") == 0 || strcmp(cls, "SD") == 0))
		return "IP camera";
	if (cls)
		return cls; /* "NVR", "DVR", "XVR", "VTO" … as Dahua names them */
	const char *xm = sighting_value(s, "xm", "device_type");
	if (xm)
		return xm;
	const char *types = sighting_value(s, "wsd", "types");
	if (types && strstr(types, "NetworkVideoTransmitter"))
		return "IP camera";
	if (sighting_value(s, "sip", "user_agent"))
		return "IP phone";
	return NULL;
}

/* "Yealink SIP-T46S 66.86.0.15" -> model and firmware, when the first word
 * is the vendor's name. */
static void user_agent_parts(struct ident *id, const struct sighting *s, const struct kb *kb,
			     const struct kb_vendor *v)
{
	const char *ua = sighting_value(s, "sip", "user_agent");
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

static void copy_sighting(struct ident *id, const struct kb *kb, const struct sighting *s)
{
	/* Not xm: the 1531 reply carries DeviceType (a type word, "DVR") and a
	 * version whose fourth field ("A6380140") is a build code models share;
	 * the model (SystemInfo "HardWare") answers only after a login. */
	static const char *const model_from[] = {"sadp", "dhip", "wsd", NULL};
	static const char *const fw_from[] = {"sadp", "dhip", "xm", NULL};
	static const char *const serial_from[] = {"sadp", "dhip", "xm", NULL};
	static const char *const host_from[] = {"dhcp", "xm", "dhip", "lldp", "mdns", NULL};
	struct asset *a = id->a;
	a->kind = ASSET_HARDWARE;
	if (s->has_mac) {
		char mac[18];
		uint64_t m = 0;
		for (int i = 0; i < 6; i++)
			m = m << 8 | s->mac[i];
		kb_format_mac(m, mac);
		ident_set(id, &a->mac, mac);
	}
	join_addrs(id, s);
	ident_set(id, &a->model, pick(s, "model", model_from));
	ident_set(id, &a->firmware, pick(s, "firmware", fw_from));
	const char *serial = pick(s, "serial", serial_from);
	char realm_buf[VS_MAX_OBS_VALUE + 8];
	const char *realm = serial ? NULL : sighting_value(s, NULL, "realm");
	if (realm && realm_serial(realm, realm_buf, sizeof(realm_buf)))
		serial = realm_buf;
	ident_set(id, &a->serial, serial);
	const char *host = pick(s, "hostname", host_from);
	if (!host)
		host = sighting_value(s, "lldp", "sys_name");
	ident_set(id, &a->hostname, host);
	const char *tw = type_word(s);
	ident_set(id, &a->type_raw, tw);
	const struct kb_type *t = tw ? kb_type_match(kb, tw) : NULL;
	if (t)
		ident_set(id, &a->type, t->key);
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
	ident_evidence(id, "policy", "origin", 0,
		       "the banners name %s and %s, and a device made by either is Chinese "
		       "hardware: Chinese, maker unknown", disagree[0]->name, disagree[1]->name);
}

enum vs_err identify_sighting(const struct kb *kb, const struct policy *pol,
			      const struct sighting *s, const char *date, const char *date_why,
			      const struct recog *rg, struct asset *a, struct vs_error *err)
{
	struct ident id = {.a = a};
	copy_sighting(&id, kb, s);
	/* What was seen first, as seen: the auditor's "why". */
	for (size_t k = 0; k < s->n_obs; k++)
		ident_evidence(&id, s->obs[k].method, s->obs[k].field, s->obs[k].confidence, "%s",
			       s->obs[k].value);
	if (s->dropped)
		ident_evidence(&id, "capture", "limit", 0,
			       "%llu further facts, addresses or peers past the per-device limits "
			       "were not kept", (unsigned long long)s->dropped);

	const struct kb_vendor *proto = protocol_producer(&id, kb, s);
	struct name_hit name, brand;
	name_claims(&id, kb, s, &name, &brand);
	struct fp_claims fc;
	fingerprint_claims(&id, kb, s, &fc);
	const struct kb_vendor *disagree[2];
	name = banner_claim(&id, kb, &name, &fc, date, disagree);
	struct name_hit rec;
	const char *rec_product;
	recog_claims(&id, kb, rg, s, &rec, &rec_product);
	if (!name.v && rec.v)
		name = rec;
	if (!a->model && rec_product && rec.v)
		ident_set(&id, &a->model, rec_product);
	double cm = 0;
	const struct kb_vendor *by_model = ident_by_model(&id, kb, &cm);
	double co = 0;
	const struct kb_vendor *by_oui = ident_by_mac(&id, kb, &co);

	const struct kb_vendor *v = NULL;
	double conf = 0;
	enum rank rank = RANK_NONE;
	if (proto) {
		v = proto, conf = CONF_DISCOVERY, rank = RANK_DISCOVERY;
	} else if (name.v) {
		v = name.v, conf = name.conf, rank = RANK_NAME;
	} else if (by_model) {
		v = by_model, conf = cm, rank = RANK_MODEL;
	} else if (by_oui) {
		v = by_oui, conf = co, rank = RANK_OUI;
	}
	const struct kb_vendor *claimed = v; /* before an OEM brand resolves to its producer */

	if (rank == RANK_DISCOVERY) {
		/* The box's brand beside the producer's firmware: an OEM unit. */
		const struct name_hit *b = brand.v ? &brand : name.v ? &name : NULL;
		if (b && b->v != v) {
			const struct kb_edge *e = kb_oem_producer(kb, b->v->id, date);
			if (e && e->owner == v) {
				ident_set(&id, &a->brand, b->v->name);
				ident_evidence(&id, "kb", "oem", conf,
					       "%s %s are made by %s (%s): an OEM unit, brand %s, "
					       "producer %s", b->v->name,
					       e->scope ? e->scope : "devices", e->owner->name, e->file,
					       b->v->name, v->name);
			} else if (b->brand) {
				ident_set(&id, &a->brand, b->v->name);
				ident_evidence(&id, "kb", "oem", conf,
					       "sold as %s but answers with %s's discovery protocol: "
					       "the producer decides", b->v->name, v->name);
			} else {
				ident_evidence(&id, "kb", "conflict", 0,
					       "a name points at %s, the discovery protocol at %s",
					       b->v->name, v->name);
			}
		}
	} else if (v) {
		/* A medium-certainty OEM edge often covers only some of a brand's
		 * lines ("some DVR/NVR models"): a device is attributed to the
		 * producer only when something seen on it points there too. */
		const struct kb_edge *e = kb_oem_producer(kb, v->id, date);
		const struct kb_vendor *seen[] = {by_oui, by_model, rec.v, name.v, brand.v};
		bool corroborated = false;
		for (size_t i = 0; e && i < sizeof(seen) / sizeof(seen[0]); i++)
			corroborated |= seen[i] == e->owner;
		for (size_t i = 0; e && i < fc.n; i++)
			corroborated |= fc.hit[i].fp->vendor == e->owner;
		if (e && e->certainty == KB_CERT_MEDIUM && !corroborated)
			ident_evidence(&id, "kb", "oem", 0,
				       "%s %s are made by %s (medium certainty; %s), but nothing seen on "
				       "this device points at %s: %s decides", v->name,
				       e->scope ? e->scope : "devices", e->owner->name, e->file,
				       e->owner->name, v->name);
		else
			v = ident_through_oem(&id, kb, v, date, &conf);
	}
	if (v && by_oui && by_oui != v && rank > RANK_OUI) {
		const struct kb_edge *e = kb_oem_producer(kb, by_oui->id, date);
		if (!e || e->owner != v)
			ident_evidence(&id, "kb", "conflict", 0,
				       "the MAC's block points at %s; the stronger evidence at %s",
				       by_oui->name, v->name);
	}
	fingerprint_parts(&id, &fc, v, claimed);
	user_agent_parts(&id, s, kb, v);
	if (v) {
		ident_set(&id, &a->vendor, v->id);
		a->confidence = conf;
		ident_evidence(&id, "kb", "date", conf, "ownership as of %s (%s)", date ? date : "today",
			       date_why ? date_why : "no date known");
	} else if (disagree[0]) {
		ident_evidence(&id, "kb", "unknown", 0,
			       "the banners disagree and nothing else names the maker: unknown");
	} else {
		ident_evidence(&id, "kb", "unknown", 0,
			       "nothing seen names the maker: unknown, not \"not Chinese\"");
	}
	if (id.oom || !policy_classify(pol, kb, a, date))
		return vs_fail(err, VS_ENOMEM, "out of memory identifying a device");
	if (!v && disagree[0])
		either_chinese(&id, pol, kb, disagree, date);
	if (id.oom)
		return vs_fail(err, VS_ENOMEM, "out of memory identifying a device");
	return VS_OK;
}
