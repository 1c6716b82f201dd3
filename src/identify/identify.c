#include "identify/identify.h"
#include "identify/ident_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/limits.h"
#include "util/strbuf.h"
#include "util/text.h"

/* Out of memory is remembered once for the whole identification; a line
 * past the limit is counted, not a failure. */
static void add_evidencev(struct ident *id, const char *method, const char *field, double conf,
			  const char *fmt, va_list ap)
{
	if (!asset_add_evidencev(id->a, method, field, conf, fmt, ap) &&
	    id->a->n_evidence < VS_MAX_EVIDENCE)
		id->oom = true;
}

void ident_evidence(struct ident *id, enum vs_method method, enum vs_field field, double conf,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_evidencev(id, vocab_method(method), vocab_field(field), conf, fmt, ap);
	va_end(ap);
}

void ident_evidence_as(struct ident *id, const char *method, const char *field, double conf,
		       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_evidencev(id, method, field, conf, fmt, ap);
	va_end(ap);
}

void ident_set(struct ident *id, char **slot, const char *value)
{
	if (!str_set(slot, value))
		id->oom = true;
}

/* A lifespan in whole years as the export wrote it; 0 when it is none. */
static int lifespan_of(const char *text)
{
	if (!text)
		return 0;
	char *end;
	long years = strtol(text, &end, 10);
	return end != text && years > 0 && years < 100 ? (int)years : 0;
}

/* "FILE:LINE" without printf: once per imported row. */
static void line_number(struct strbuf *sb, long line)
{
	char num[24];
	size_t i = sizeof(num);
	unsigned long n = line > 0 ? (unsigned long)line : 0;
	do
		num[--i] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	strbuf_add(sb, num + i, sizeof(num) - i);
}

static void file_line(struct strbuf *sb, const char *path, long line)
{
	strbuf_addstr(sb, path);
	strbuf_addch(sb, ':');
	line_number(sb, line);
}

static void copy_fields(struct ident *id, const struct record *r)
{
	struct asset *a = id->a;
	char *const *f = r->field;
	a->kind = r->kind;
	ident_set(id, &a->type_raw, f[RF_TYPE]);
	ident_set(id, &a->maker, f[RF_MAKER]);
	ident_set(id, &a->brand, f[RF_BRAND]);
	ident_set(id, &a->model, f[RF_MODEL]);
	ident_set(id, &a->firmware, f[RF_FIRMWARE]);
	ident_set(id, &a->serial, f[RF_SERIAL]);
	ident_set(id, &a->mac, f[RF_MAC]);
	ident_set(id, &a->ip, f[RF_IP]);
	ident_set(id, &a->hostname, f[RF_HOSTNAME]);
	ident_set(id, &a->department, f[RF_DEPARTMENT]);
	ident_set(id, &a->site, f[RF_SITE]);
	ident_set(id, &a->zone, f[RF_ZONE]);
	if (f[RF_ACQUIRED]) {
		char iso[11];
		if (date_normalize(f[RF_ACQUIRED], iso))
			ident_set(id, &a->acquired, iso);
		else
			id->bad_date = f[RF_ACQUIRED];
	}
	ident_set(id, &a->product, f[RF_PRODUCT]);
	ident_set(id, &a->publisher, f[RF_PUBLISHER]);
	ident_set(id, &a->version, f[RF_VERSION]);
	ident_set(id, &a->device, f[RF_DEVICE]);
	ident_set(id, &a->data_class, f[RF_DATA_CLASS]);
	ident_set(id, &a->origin_reported, f[RF_ORIGIN]);
	a->lifespan_years = lifespan_of(f[RF_LIFESPAN]);
	a->count = r->count;
	if (r->source_path) {
		struct strbuf sb = STRBUF_INIT;
		file_line(&sb, r->source_path, r->line);
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
		ident_set(id, &id->a->type, t->key);
}

/* "ac:cc:8e:12:34:56", 28 -> "AC:CC:8E:1/28": the block as IEEE writes it. */
static void block_prefix(const char *canon, unsigned bits, char out[16])
{
	size_t digits = bits / 4, o = 0;
	for (size_t i = 0, d = 0; canon[i] && d < digits; i++) {
		if (canon[i] == ':') {
			out[o++] = ':';
			continue;
		}
		char ch = canon[i];
		out[o++] = ch >= 'a' && ch <= 'f' ? (char)(ch - 32) : ch;
		d++;
	}
	snprintf(out + o, 16 - o, "/%u", bits);
}

const struct kb_vendor *ident_by_mac(struct ident *id, const struct kb *kb, double *conf)
{
	struct asset *a = id->a;
	if (!a->mac)
		return NULL;
	struct kb_oui_hit hit;
	char canon[18];
	enum kb_mac_status st = kb_lookup_mac(kb, a->mac, &hit);
	if (st != KB_MAC_INVALID) {
		/* Every address in one form, whichever block it is in: programs
		 * find their machine by it (store_device_find_mac), and a
		 * remembered verdict writes it so too (view_hit). */
		kb_format_mac(hit.mac, canon);
		ident_set(id, &a->mac, canon);
	}
	switch (st) {
	case KB_MAC_INVALID:
		ident_evidence(id, VM_OUI, VF_MAC, 0, "'%s' is not a MAC address", a->mac);
		return NULL;
	case KB_MAC_RANDOMIZED:
		a->randomized_mac = true;
		ident_evidence(id, VM_OUI, VF_MAC, 0, "locally administered (randomised): names no maker");
		return NULL;
	case KB_MAC_MULTICAST:
		ident_evidence(id, VM_OUI, VF_MAC, 0, "a group address, not a device");
		return NULL;
	case KB_MAC_UNKNOWN:
		ident_evidence(id, VM_OUI, VF_MAC, 0, "in no IEEE registry block");
		return NULL;
	case KB_MAC_FOUND:
		break;
	}
	/* The evidence names the registry block, not the address (the asset
	 * holds that): a thousand cameras from one block share one evidence list. */
	char block[16];
	block_prefix(canon, hit.prefix_bits, block);
	if (!hit.vendor) {
		if (hit.country) {
			/* An address is not an owner: kept for a last resort (ident_decide). */
			snprintf(id->registrant_cc, sizeof(id->registrant_cc), "%s", hit.country);
			snprintf(id->registrant, sizeof(id->registrant), "%s", hit.org);
			ident_evidence(id, VM_OUI, VF_MAC, 0, "block %s is registered to %s (%s), a company "
							     "vendorscope does not know, at an address in "
							     "%s (an address is not an owner)",
				       block, hit.org, hit.registry, hit.country);
		} else {
			ident_evidence(id, VM_OUI, VF_MAC, 0, "block %s is registered to %s (%s), a company "
							     "vendorscope does not know",
				       block, hit.org, hit.registry);
		}
		return NULL;
	}
	if (hit.vendor->flags & KB_FLAG_CHIP) {
		ident_evidence(id, VM_OUI, VF_MAC, 0,
			 "block %s is registered to %s, a network-chip maker: it names the chip, "
			 "not the device's maker", block, hit.org);
		return NULL;
	}
	*conf = CONF_OUI;
	ident_evidence(id, VM_OUI, VF_MAC, *conf, "block %s is registered to %s (%s) = %s", block, hit.org,
		 hit.registry, hit.vendor->name);
	return hit.vendor;
}

static const struct kb_vendor *software_owner(struct ident *id, const struct kb *kb, double *conf)
{
	struct asset *a = id->a;
	double c = 0;
	const struct kb_vendor *v = ident_by_name(id, kb, VF_PUBLISHER, a->publisher, &c);
	if (!v)
		v = ident_by_name(id, kb, VF_PRODUCT, a->product, &c);
	if (!v)
		v = ident_by_name(id, kb, VF_MAKER, a->maker, &c);
	const char *named = a->publisher ? a->publisher : a->product ? a->product : a->maker;
	if (!v && named)
		ident_evidence(id, VM_KB, VF_UNKNOWN, 0, "no company known as '%s'", named);
	*conf = c;
	return v;
}

enum vs_err ident_copy_record(struct ident *id, const struct kb *kb, const struct record *r)
{
	copy_fields(id, r);
	if (id->bad_date)
		return VS_EBADVAL;
	identify_type(id, kb);
	return VS_OK;
}

/* identify_record, leaving what it consulted in *id-> */
static enum vs_err identify_record_in(const struct kb *kb, const struct policy *pol,
				      const struct record *r, const char *default_date,
				      struct asset *a, struct vs_error *err, struct ident *id)
{
	*id = (struct ident){.a = a, .stated_method = "csv"};
	copy_fields(id, r);
	if (id->bad_date)
		return vs_fail(err, VS_EBADVAL,
			       "%s: acquisition date '%s' is not a date (YYYY-MM-DD, YYYY-MM, YYYY, "
			       "or day first: DD-MM-YYYY, DD.MM.YYYY, DD/MM/YYYY)",
			       a->source_line ? a->source_line : "input", id->bad_date);
	identify_type(id, kb);
	const char *as_of = a->acquired ? a->acquired : default_date;
	const char *why = a->acquired	? "the acquisition date"
			  : default_date ? "the survey's date; acquisition date not known"
					 : "acquisition date not known";
	if (a->kind == ASSET_SOFTWARE) {
		double conf = 0;
		const struct kb_vendor *v = software_owner(id, kb, &conf);
		id->n_consulted = 0;
		if (v)
			id->consulted[id->n_consulted++] = v;
		if (v) {
			ident_set(id, &a->vendor, v->id);
			a->confidence = conf;
			if (a->acquired)
				ident_evidence(id, VM_KB, VF_DATE, conf,
					       "ownership as of the acquisition date (the row's own)");
			else
				ident_evidence(id, VM_KB, VF_DATE, conf, "ownership as of %s (%s)",
					       as_of ? as_of : "today", why);
		}
		if (!id->oom && !policy_classify(pol, kb, a, as_of))
			id->oom = true;
	} else {
		id->date_is_own = a->acquired != NULL;
		ident_decide(id, kb, pol, NULL, NULL, as_of, why);
	}
	if (id->oom)
		return vs_fail(err, VS_ENOMEM, "out of memory identifying %s",
			       a->source_line ? a->source_line : "a record");
	return VS_OK;
}

enum vs_err identify_record(const struct kb *kb, const struct policy *pol,
			    const struct record *r, const char *default_date, struct asset *a,
			    struct vs_error *err)
{
	struct ident id;
	return identify_record_in(kb, pol, r, default_date, a, err, &id);
}

enum vs_err identify_purchase(const struct kb *kb, const struct policy *pol, const char *text,
			      const char *date, struct asset *a, struct vs_error *err)
{
	if (date && !date_valid(date))
		return vs_fail(err, VS_EUSAGE, "'%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
			       date);
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

/* ---- memo ---- */

/* Distinct verdicts remembered (a power of two); past that, records are
 * identified afresh, so memory stays bounded whatever the input. */
#define MEMO_SLOTS 65536

/* What a verdict adds to a record: the derived fields, nothing the record
 * itself carries. The strings live in their entry's block. */
struct memo_verdict {
	const char *type, *vendor, *vendor_name, *country, *brand;
	enum tri chinese, critical;
	double confidence;
	bool randomized_mac;
	int64_t evidence_set_id;
};

/* Entries remembered at most: three quarters of the slots keeps probe
 * sequences short. */
#define MEMO_ENTRIES (MEMO_SLOTS / 4 * 3)

/* One allocation per entry: the verdict, the key after it and the
 * verdict's strings after that, so a hit reads one block. */
struct memo_entry {
	uint64_t hash;
	size_t key_len;
	/* The days the verdict holds for (kb_date_span of what it consulted);
	 * a key may have several entries, one per stretch of time. */
	uint32_t lo, hi;
	struct memo_verdict v;
	char key[];
};

/*
 * The hash table holds 8 bytes a slot, not the entries: a table of whole
 * entries (6.8 MB) cost a cache miss per row in import profiles before the
 * key was even compared. It starts at MEMO_FIRST_SLOTS and doubles when
 * three quarters full, up to MEMO_SLOTS, so it is as small as the verdicts
 * an import has (a thousand in a million generated rows: 16 KB, in the
 * first-level cache). A slot names its entry (index + 1 into entry[]; 0:
 * free) and keeps the 32 bits of the hash no slot index uses, so a probe
 * rarely reads an entry that is not the one.
 */
#define MEMO_FIRST_SLOTS 256

struct memo_slot {
	uint32_t tag;
	uint32_t entry;
};

struct identify_memo {
	struct memo_slot *slot; /* n_slots of them, a power of two; NULL before the first entry */
	size_t n_slots;
	struct memo_entry *entry[MEMO_ENTRIES];
	size_t used;
	struct strbuf key;     /* the last miss's key, until identify_memo_learn */
	uint64_t key_hash;
	bool pending;
	uint32_t day;          /* the day ownership is judged at (0: today) */
	uint32_t span_lo, span_hi; /* the last miss's verdict holds for these days */
	/* What memo_key worked out about the record, for the hit that follows. */
	enum kb_mac_status mac_status;
	uint64_t mac;
	/* Storage for the strings of the last view that are not the record's
	 * own: its address and date in canonical form, its FILE:LINE. */
	char view_mac[18];
	char view_acquired[11];
	struct strbuf view_line;
	size_t view_path_len;  /* of "PATH:" at its start (0: none) */
};

struct identify_memo *identify_memo_new(void)
{
	return calloc(1, sizeof(struct identify_memo));
}

void identify_memo_free(struct identify_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->used; i++)
		free(m->entry[i]);
	free(m->slot);
	strbuf_release(&m->key);
	strbuf_release(&m->view_line);
	free(m);
}

/*
 * The key's hash, eight bytes at a time (a byte-at-a-time FNV-1a showed in
 * import profiles): multiply-xor per word, the length mixed in, and a final
 * avalanche so the low bits that pick a slot depend on every byte. Only
 * the memo's probing sees it; entries are compared in full.
 */
static uint64_t key_hash(const char *s, size_t n)
{
	const uint64_t mul = 0x9E3779B97F4A7C15ULL;
	uint64_t h = 0xCBF29CE484222325ULL ^ (n * mul);
	size_t i = 0;
	for (; n - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * mul;
		h ^= h >> 29;
	}
	if (i < n) {
		uint64_t w = 0;
		memcpy(&w, s + i, n - i);
		h = (h ^ w) * mul;
	}
	h ^= h >> 32;
	h *= 0xD6E8FEB86659FD93ULL;
	h ^= h >> 32;
	return h;
}

/* A field's length in the key: four bytes, UINT32_MAX for NULL, so NULL
 * differs from empty and no content can imitate a boundary. */
#define KEY_NULL UINT32_MAX

static char *key_put(char *o, const char *v, size_t vlen)
{
	uint32_t n = v ? (uint32_t)vlen : KEY_NULL;
	memcpy(o, &n, sizeof(n));
	o += sizeof(n);
	if (v && vlen) {
		memcpy(o, v, vlen);
		o += vlen;
	}
	return o;
}

/* Length-prefixed (key_put), grown as needed; false when the value is too
 * long to prefix or memory ran out. */
static bool key_add(struct strbuf *k, const char *v)
{
	size_t vlen = v ? strlen(v) : 0;
	if (vlen >= KEY_NULL || !strbuf_grow(k, sizeof(uint32_t) + vlen))
		return false;
	k->len = (size_t)(key_put(k->buf + k->len, v, vlen) - k->buf);
	k->buf[k->len] = '\0';
	return true;
}

/*
 * Everything identify_record's verdict and evidence depend on but the date:
 * the record's fields that reach identification or policy, the registry
 * block of the MAC (the rest of the address only reaches a->mac), and
 * whether the date was the record's own. The day itself goes to m->day: an
 * entry holds for a stretch of days (memo_entry.lo/hi), which depends on
 * the companies the verdict consulted, not on every dated fact there is.
 */
static bool memo_key(struct identify_memo *m, const struct kb *kb, const struct record *r,
		     const char *default_date)
{
	static const enum rec_field verdict_fields[] = {
		RF_TYPE, RF_MAKER, RF_BRAND, RF_MODEL, RF_DEPARTMENT, RF_ORIGIN,
		RF_PRODUCT, RF_PUBLISHER, RF_DATA_CLASS,
	};
	enum { NV = sizeof(verdict_fields) / sizeof(verdict_fields[0]) };
	struct strbuf *k = &m->key;
	strbuf_reset(k);
	/* The fields' part in one allocation check, written in place. */
	size_t len[NV], need = 1;
	for (size_t i = 0; i < NV; i++) {
		const char *v = r->field[verdict_fields[i]];
		len[i] = v ? strlen(v) : 0;
		if (len[i] >= KEY_NULL)
			return false;
		need += sizeof(uint32_t) + len[i];
	}
	if (!strbuf_grow(k, need))
		return false;
	char *o = k->buf;
	*o++ = r->kind == ASSET_SOFTWARE ? 's' : 'h';
	for (size_t i = 0; i < NV; i++)
		o = key_put(o, r->field[verdict_fields[i]], len[i]);
	k->len = (size_t)(o - k->buf);
	k->buf[k->len] = '\0';
	const char *mac = r->field[RF_MAC];
	struct kb_oui_hit hit;
	enum kb_mac_status st = mac ? kb_lookup_mac(kb, mac, &hit) : KB_MAC_INVALID;
	m->mac_status = st;
	if (st == KB_MAC_FOUND) {
		/* The block's bits, 8 bytes, and its length: raw bytes, no formatting. */
		uint64_t block = hit.mac >> (48 - hit.prefix_bits);
		m->mac = hit.mac;
		strbuf_addch(k, 'F');
		strbuf_add(k, &block, sizeof(block));
		strbuf_addch(k, (char)hit.prefix_bits);
	} else if (st == KB_MAC_INVALID) {
		/* Tagged: its length's first byte could be any of the other tags. */
		strbuf_addch(k, 'I');
		if (!key_add(k, mac)) /* the evidence quotes it */
			return false;
	} else {
		strbuf_addch(k, (char)('0' + st));
	}
	const char *acquired = r->field[RF_ACQUIRED];
	m->day = 0;
	if (acquired) {
		if (!date_normalize_day(acquired, m->view_acquired, &m->day))
			return false; /* identify_record reports it */
	} else if (default_date && !date_parse_day(default_date, strlen(default_date), &m->day)) {
		return false;
	}
	strbuf_addch(k, acquired ? 'a' : 's');
	/* The survey's date is quoted in the evidence when the record has none. */
	if (!acquired && !key_add(k, default_date))
		return false;
	return !k->failed;
}

/* "44:19:b6:00:00:02", as kb_format_mac writes it, without printf: once per
 * imported row. */
static void format_mac(uint64_t mac, char out[18])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 6; i++) {
		unsigned byte = (unsigned)(mac >> (40 - 8 * i)) & 0xff;
		out[3 * i] = hex[byte >> 4];
		out[3 * i + 1] = hex[byte & 0xf];
		out[3 * i + 2] = i < 5 ? ':' : '\0';
	}
}

/*
 * A hit: what copy_fields and the verdict would have copied, borrowed
 * instead: the record's fields as they are, the canonical address and date
 * and FILE:LINE from the memo's storage, the verdict's strings from its
 * entry. False when memory ran out.
 */
static bool view_hit(struct identify_memo *m, const struct record *r,
		     const struct memo_verdict *v, struct asset *a)
{
	char *const *f = r->field;
	a->borrowed = true;
	a->kind = r->kind;
	a->type_raw = f[RF_TYPE];
	a->maker = f[RF_MAKER];
	a->brand = f[RF_BRAND];
	a->model = f[RF_MODEL];
	a->firmware = f[RF_FIRMWARE];
	a->serial = f[RF_SERIAL];
	a->mac = f[RF_MAC];
	if (a->mac) {
		uint64_t addr = m->mac;
		if (m->mac_status == KB_MAC_FOUND || kb_parse_mac(a->mac, &addr)) {
			format_mac(addr, m->view_mac);
			a->mac = m->view_mac;
		}
	}
	a->ip = f[RF_IP];
	a->hostname = f[RF_HOSTNAME];
	a->department = f[RF_DEPARTMENT];
	a->site = f[RF_SITE];
	a->zone = f[RF_ZONE];
	/* memo_key normalised it (a date that is not one never hits). */
	a->acquired = f[RF_ACQUIRED] ? m->view_acquired : NULL;
	a->product = f[RF_PRODUCT];
	a->publisher = f[RF_PUBLISHER];
	a->version = f[RF_VERSION];
	a->device = f[RF_DEVICE];
	a->data_class = f[RF_DATA_CLASS];
	a->origin_reported = f[RF_ORIGIN];
	a->lifespan_years = lifespan_of(f[RF_LIFESPAN]);
	a->count = r->count;
	if (r->source_path) {
		/* "PATH:" stays from the last row of the same file; only the
		 * number is written again. */
		struct strbuf *sb = &m->view_line;
		const char *path = r->source_path;
		size_t keep = m->view_path_len;
		if (keep && strncmp(sb->buf, path, keep - 1) == 0 && path[keep - 1] == '\0') {
			sb->len = keep;
			line_number(sb, r->line);
		} else {
			strbuf_reset(sb);
			file_line(sb, path, r->line);
			m->view_path_len = sb->failed ? 0 : strlen(path) + 1;
		}
		if (sb->failed)
			return false;
		a->source_line = sb->buf;
	}
	a->type = (char *)v->type;
	a->vendor = (char *)v->vendor;
	a->vendor_name = (char *)v->vendor_name;
	a->country = (char *)v->country;
	/* A brand the verdict set (an OEM unit's); one the record gave is in the key. */
	if (v->brand && !a->brand)
		a->brand = (char *)v->brand;
	a->chinese = v->chinese;
	a->critical = v->critical;
	a->confidence = v->confidence;
	a->randomized_mac = v->randomized_mac;
	a->evidence_set_id = v->evidence_set_id;
	return true;
}

enum vs_err identify_record_memo(struct identify_memo *m, const struct kb *kb,
				 const struct policy *pol, const struct record *r,
				 const char *default_date, struct asset *a, struct vs_error *err)
{
	m->pending = false;
	if (!memo_key(m, kb, r, default_date))
		return identify_record(kb, pol, r, default_date, a, err);
	uint64_t h = key_hash(m->key.buf, m->key.len);
	size_t mask = m->n_slots - 1;
	for (size_t i = 0, at = h & mask; i < m->n_slots; i++, at = (at + 1) & mask) {
		const struct memo_slot *sl = &m->slot[at];
		if (!sl->entry)
			break;
		if (sl->tag != (uint32_t)(h >> 32))
			continue;
		const struct memo_entry *e = m->entry[sl->entry - 1];
		if (e->hash != h || e->key_len != m->key.len || m->day < e->lo || m->day >= e->hi ||
		    memcmp(e->key, m->key.buf, e->key_len) != 0)
			continue;
		if (!view_hit(m, r, &e->v, a))
			return vs_fail(err, VS_ENOMEM, "out of memory");
		return VS_OK;
	}
	struct ident id;
	enum vs_err rc = identify_record_in(kb, pol, r, default_date, a, err, &id);
	if (rc)
		return rc;
	/* Today (day 0) is one day; a date holds as long as nothing the
	 * verdict consulted changes. Too many companies to be sure: no entry. */
	const char *as_of = a->acquired ? a->acquired : default_date;
	if (m->day == 0) {
		m->span_lo = 0, m->span_hi = 1;
	} else if (!kb_date_span(kb, id.consulted, id.n_consulted, as_of, &m->span_lo,
				 &m->span_hi)) {
		return VS_OK;
	}
	m->key_hash = h;
	m->pending = true;
	return VS_OK;
}

/* Copy s to *at, set *out to the copy (NULL stays NULL). */
static void block_put(char **at, const char **out, const char *s)
{
	if (!s) {
		*out = NULL;
		return;
	}
	size_t n = strlen(s) + 1;
	memcpy(*at, s, n);
	*out = *at;
	*at += n;
}

/* The first free slot of hash h's probe sequence (the table is never full). */
static size_t memo_free_slot(const struct identify_memo *m, uint64_t h)
{
	size_t mask = m->n_slots - 1, at = h & mask;
	while (m->slot[at].entry)
		at = (at + 1) & mask;
	return at;
}

/* Twice the slots (MEMO_FIRST_SLOTS at first), the entries placed again;
 * false when memory ran out (the table stays as it was). */
static bool memo_grow(struct identify_memo *m)
{
	size_t n = m->n_slots ? m->n_slots * 2 : MEMO_FIRST_SLOTS;
	if (n > MEMO_SLOTS)
		return false;
	struct memo_slot *slot = calloc(n, sizeof(*slot));
	if (!slot)
		return false;
	free(m->slot);
	m->slot = slot;
	m->n_slots = n;
	for (size_t i = 0; i < m->used; i++) {
		uint64_t h = m->entry[i]->hash;
		m->slot[memo_free_slot(m, h)] =
			(struct memo_slot){.tag = (uint32_t)(h >> 32), .entry = (uint32_t)(i + 1)};
	}
	return true;
}

void identify_memo_learn(struct identify_memo *m, const struct asset *a)
{
	if (!m->pending || a->evidence_set_id <= 0 || m->used >= MEMO_ENTRIES)
		return;
	m->pending = false;
	const char *strings[] = {a->type, a->vendor, a->vendor_name, a->country, a->brand};
	size_t size = m->key.len;
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		size += strings[i] ? strlen(strings[i]) + 1 : 0;
	struct memo_entry *e = malloc(sizeof(*e) + size);
	if (!e)
		return; /* not remembered: the next identical record is identified afresh */
	if (m->used + 1 > m->n_slots / 4 * 3 && !memo_grow(m)) {
		free(e);
		return;
	}
	size_t at = memo_free_slot(m, m->key_hash);
	memcpy(e->key, m->key.buf, m->key.len);
	char *p = e->key + m->key.len;
	struct memo_verdict *v = &e->v;
	block_put(&p, &v->type, a->type);
	block_put(&p, &v->vendor, a->vendor);
	block_put(&p, &v->vendor_name, a->vendor_name);
	block_put(&p, &v->country, a->country);
	block_put(&p, &v->brand, a->brand);
	v->chinese = a->chinese;
	v->critical = a->critical;
	v->confidence = a->confidence;
	v->randomized_mac = a->randomized_mac;
	v->evidence_set_id = a->evidence_set_id;
	e->key_len = m->key.len;
	e->lo = m->span_lo;
	e->hi = m->span_hi;
	e->hash = m->key_hash;
	m->entry[m->used] = e;
	m->slot[at] = (struct memo_slot){.tag = (uint32_t)(m->key_hash >> 32),
					 .entry = (uint32_t)(m->used + 1)};
	m->used++;
}
