/*
 * The IEEE MAC address registry.
 *
 * Input: the IEEE Registration Authority's CSV exports (as Debian's ieee-data
 * ships them: oui.csv = MA-L, mam.csv = MA-M, oui36.csv = MA-S, iab.csv = IAB),
 * RFC 4180 CSV: one header `Registry,Assignment,Organization Name,
 * Organization Address`, then records of four fields; a field may be quoted,
 * and a quoted field may hold commas, line breaks and doubled quotes (""),
 * lines end in CRLF or LF. The assignment is 6 hex digits (MA-L, a /24 of the
 * 48-bit address), 7 (MA-M, /28) or 9 (MA-S and IAB, /36).
 *
 * Output (`oui/registry.tsv`, data/README.md): the same blocks as a kb TSV,
 * `assignment<TAB>registry<TAB>organization<TAB>country`, sorted by prefix length then
 * prefix, so the loader fills three sorted arrays without sorting and a
 * lookup is three binary searches, longest prefix first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kb/kb_int.h"
#include "util/limits.h"
#include "util/text.h"

/* ---- MAC addresses ---- */


bool kb_parse_mac(const char *text, uint64_t *mac)
{
	if (!text)
		return false;
	size_t n = strlen(text);
	/* Which positions hold separators in each accepted form. */
	char sep = 0;
	size_t every = 0, first = 0;
	if (n == 17 && (text[2] == ':' || text[2] == '-')) {
		sep = text[2], first = 2, every = 3; /* 44:19:b6:00:00:01 */
	} else if (n == 14 && text[4] == '.') {
		sep = '.', first = 4, every = 5; /* 4419.b600.0001 (Cisco) */
	} else if (n != 12) {
		return false;
	}
	uint64_t v = 0;
	size_t digits = 0;
	for (size_t i = 0; i < n; i++) {
		if (sep && i >= first && (i - first) % every == 0) {
			if (text[i] != sep)
				return false;
			continue;
		}
		int h = text_hex_value((unsigned char)text[i]);
		if (h < 0)
			return false;
		v = v << 4 | (uint64_t)h;
		digits++;
	}
	if (digits != 12)
		return false;
	*mac = v;
	return true;
}

void kb_format_mac(uint64_t mac, char buf[18])
{
	/* By hand: once per device identified, and snprintf cost 5,000
	 * instructions a call. */
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 6; i++) {
		unsigned b = (unsigned)(mac >> (40 - 8 * i) & 0xff);
		buf[3 * i] = hex[b >> 4];
		buf[3 * i + 1] = hex[b & 0xf];
		buf[3 * i + 2] = i < 5 ? ':' : '\0';
	}
}

static const unsigned oui_bits[KB_OUI_NBITS] = {24, 28, 36};

static int cmp_prefix(const void *key, const void *elem)
{
	uint64_t k = *(const uint64_t *)key, p = ((const struct kb_oui *)elem)->prefix;
	return k < p ? -1 : k > p;
}

enum kb_mac_status kb_lookup_mac(const struct kb *kb, const char *text, struct kb_oui_hit *hit)
{
	memset(hit, 0, sizeof(*hit));
	uint64_t mac;
	if (!kb_parse_mac(text, &mac))
		return KB_MAC_INVALID;
	hit->mac = mac;
	unsigned first = (unsigned)(mac >> 40);
	/* IEEE 802: bit 0 of the first octet marks a group address, bit 1 a
	 * locally administered one (random MACs of phones and VMs); neither
	 * came from a registry block. */
	if (first & 0x01)
		return KB_MAC_MULTICAST;
	if (first & 0x02)
		return KB_MAC_RANDOMIZED;
	for (int b = KB_OUI_NBITS - 1; b >= 0; b--) {
		if (!kb || !kb->n_oui[b])
			continue;
		uint64_t key = mac >> (48 - oui_bits[b]);
		const struct kb_oui *o = bsearch(&key, kb->oui[b], kb->n_oui[b], sizeof(*o), cmp_prefix);
		if (o) {
			hit->org = o->org;
			hit->registry = o->registry;
			hit->prefix_bits = oui_bits[b];
			hit->vendor = o->vendor;
			hit->country = o->country[0] ? o->country : NULL;
			return KB_MAC_FOUND;
		}
	}
	return KB_MAC_UNKNOWN;
}

size_t kb_oui_count(const struct kb *kb)
{
	size_t n = 0;
	for (int b = 0; b < KB_OUI_NBITS; b++)
		n += kb->n_oui[b];
	return n;
}

/* ---- registries ---- */

/* Registry name -> assignment length; the name returned is static. */
static const char *registry_digits(const uint8_t *p, size_t n, size_t *digits)
{
	static const struct {
		const char *name;
		size_t digits;
	} regs[] = {{"MA-L", 6}, {"MA-M", 7}, {"MA-S", 9}, {"IAB", 9}};
	struct slice s = {p, n};
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		if (slice_eq(s, regs[i].name)) {
			*digits = regs[i].digits;
			return regs[i].name;
		}
	}
	return NULL;
}

static bool parse_hex(const uint8_t *p, size_t n, uint64_t *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		int h = text_hex_value(p[i]);
		if (h < 0)
			return false;
		*v = *v << 4 | (uint64_t)h;
	}
	return true;
}

/* ---- the registrant's country ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* ISO 3166-1 alpha-2, every officially assigned code (Debian iso-codes
 * 4.15), sorted: a two-letter word that is not one of them (UK, BC, QC, TX)
 * is a state or a typo, never a country. */
static const char iso3166[] =
	"ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCD"
	"CFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGF"
	"GGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKN"
	"KPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNA"
	"NCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSI"
	"SJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVI"
	"VNVUWFWSYEYTZAZMZW";

static bool is_iso3166(const uint8_t *w)
{
	size_t lo = 0, hi = (sizeof(iso3166) - 1) / 2;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = memcmp(w, iso3166 + 2 * mid, 2);
		if (d == 0)
			return true;
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* How many words from the end the country may sit: the IEEE writes
 * "street city state COUNTRY postcode", and postcodes run to two words
 * ("K2K 2E6", "5652 AG", "SO31 4NB"). */
#define ADDR_TAIL_WORDS 4

struct word {
	size_t off, len;
};

static bool has_digit(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] >= '0' && p[i] <= '9')
			return true;
	return false;
}

static bool all_alpha(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z')))
			return false;
	return true;
}

/* Whether words w[0..n) can be the postcode after a country: each word
 * holds a digit or is a short letter group after one ("5652 AG", "SO31
 * 4NB"); or the lone placeholder "NA"/"N/A" some registrants wrote. */
static bool is_postcode(const uint8_t *a, const struct word *w, size_t n)
{
	if (n == 1 && ((w[0].len == 2 && (a[w[0].off] | 0x20) == 'n' && (a[w[0].off + 1] | 0x20) == 'a') ||
		       (w[0].len == 3 && memcmp(a + w[0].off, "N/A", 3) == 0)))
		return true;
	bool after_digits = false;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = a + w[i].off;
		if (has_digit(p, w[i].len))
			after_digits = true;
		else if (!(after_digits && w[i].len <= 3 && all_alpha(p, w[i].len)))
			return false;
	}
	return true;
}

bool kb_oui_address_country(const char *addr, size_t len, char cc[3])
{
	cc[0] = '\0';
	if (!addr)
		return false;
	const uint8_t *a = (const uint8_t *)addr;
	/* The last ADDR_TAIL_WORDS words, in reading order. */
	struct word w[ADDR_TAIL_WORDS];
	size_t n = 0, end = len;
	while (n < ADDR_TAIL_WORDS) {
		while (end > 0 && is_space((char)a[end - 1]))
			end--;
		if (end == 0)
			break;
		size_t start = end;
		while (start > 0 && !is_space((char)a[start - 1]))
			start--;
		memmove(w + 1, w, n * sizeof(w[0]));
		w[0] = (struct word){start, end - start};
		n++;
		end = start;
	}
	/* The leftmost candidate followed by a postcode (or nothing) wins:
	 * in "NL 5652 AG" the country is NL, not AG (Antigua), and in
	 * "CA US 95134" the state CA (Canada's code) is followed by US, which
	 * is no postcode. */
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = a + w[i].off;
		if (w[i].len != 2 || p[0] < 'A' || p[0] > 'Z' || p[1] < 'A' || p[1] > 'Z' ||
		    !is_iso3166(p) || !is_postcode(a, w + i + 1, n - i - 1))
			continue;
		/* The IEEE joins the parts with one space; two before a postcode
		 * mean an empty country field, and the word is a state
		 * ("Charlotte NC  28208"): unclear, so no country. */
		if (i + 1 < n && w[i + 1].off - (w[i].off + 2) > 1)
			return false;
		cc[0] = (char)p[0];
		cc[1] = (char)p[1];
		cc[2] = '\0';
		return true;
	}
	return false;
}

/* ---- CSV ---- */

#define CSV_FIELDS 4

struct csv {
	const char *name;
	struct cur c;
	size_t line; /* physical line the cursor is on */
	size_t rec_bytes;
	struct vs_error *err;
};

/* One field into out; *more = a comma followed (another field of this
 * record). Returns false on error (recorded). */
static bool csv_field(struct csv *r, struct strbuf *out, bool *more, size_t rec_line)
{
	struct cur *c = &r->c;
	strbuf_reset(out);
	*more = false;
	size_t start = c->off;
	if (cur_peek(c) == '"') {
		cur_skip(c, 1);
		for (;;) {
			int b = cur_peek(c);
			if (b < 0) {
				vs_fail(r->err, VS_ETRUNC, "%s:%zu: quoted field not closed", r->name,
					rec_line);
				return false;
			}
			cur_skip(c, 1);
			if (b == '"') {
				if (cur_peek(c) != '"')
					break;
				cur_skip(c, 1); /* "" is one quote */
			} else if (b == '\n') {
				r->line++;
			}
			strbuf_addch(out, (char)b);
			if (out->len > VS_MAX_CSV_FIELD)
				goto too_big;
		}
		int b = cur_peek(c);
		if (b == '\r') {
			cur_skip(c, 1);
			b = cur_peek(c);
			if (b != '\n' && b >= 0) {
				vs_fail(r->err, VS_EBADVAL, "%s:%zu: CR without LF after a quoted field",
					r->name, r->line);
				return false;
			}
		}
		if (b == ',') {
			*more = true;
			cur_skip(c, 1);
		} else if (b == '\n') {
			cur_skip(c, 1);
		} else if (b >= 0) {
			vs_fail(r->err, VS_EBADVAL, "%s:%zu: text after a closing quote", r->name,
				r->line);
			return false;
		}
	} else {
		/* Unquoted: up to a comma or the end of the line. A stray quote
		 * inside is kept as a character (RFC 4180 forbids it; real exports
		 * have it and the meaning is plain). */
		for (;;) {
			int b = cur_peek(c);
			if (b < 0)
				break;
			cur_skip(c, 1);
			if (b == ',') {
				*more = true;
				break;
			}
			if (b == '\n')
				break;
			strbuf_addch(out, (char)b);
			if (out->len > VS_MAX_CSV_FIELD)
				goto too_big;
		}
		if (out->len && out->buf[out->len - 1] == '\r' && !*more)
			out->buf[--out->len] = '\0';
	}
	if (out->failed)
		return vs_fail(r->err, VS_ENOMEM, "%s: out of memory", r->name), false;
	r->rec_bytes += c->off - start;
	if (r->rec_bytes > VS_MAX_CSV_LINE) {
		vs_fail(r->err, VS_ETOOBIG, "%s:%zu: record longer than %d bytes (VS_MAX_CSV_LINE)",
			r->name, rec_line, VS_MAX_CSV_LINE);
		return false;
	}
	return true;
too_big:
	vs_fail(r->err, VS_ETOOBIG, "%s:%zu: field longer than %d bytes (VS_MAX_CSV_FIELD)", r->name,
		rec_line, VS_MAX_CSV_FIELD);
	return false;
}

/* 1: a record of CSV_FIELDS fields in f; 0: end of input; -1: error. */
static int csv_record(struct csv *r, struct strbuf f[CSV_FIELDS], size_t *rec_line)
{
	for (;;) {
		if (cur_eof(&r->c))
			return 0;
		*rec_line = ++r->line;
		r->rec_bytes = 0;
		size_t n = 0;
		bool more = true;
		while (more) {
			if (n == CSV_FIELDS) {
				/* The first extra field is enough to refuse the record. */
				vs_fail(r->err, VS_EBADVAL, "%s:%zu: more than %d fields", r->name,
					*rec_line, CSV_FIELDS);
				return -1;
			}
			if (!csv_field(r, &f[n], &more, *rec_line))
				return -1;
			n++;
		}
		if (n == 1 && f[0].len == 0)
			continue; /* a blank line */
		if (n != CSV_FIELDS) {
			vs_fail(r->err, VS_EBADVAL, "%s:%zu: %zu fields, expected %d", r->name,
				*rec_line, n, CSV_FIELDS);
			return -1;
		}
		return 1;
	}
}

enum vs_err kb_oui_parse_csv(const char *name, const uint8_t *data, size_t len, kb_oui_entry_fn fn,
			     void *ctx, struct vs_error *err)
{
	static const char *const header[CSV_FIELDS] = {"Registry", "Assignment", "Organization Name",
						       "Organization Address"};
	struct vs_error local = {0};
	if (!err)
		err = &local;
	struct csv r = {.name = name, .c = cur_make(data, len), .err = err};
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		cur_skip(&r.c, 3); /* a UTF-8 byte order mark from a spreadsheet */
	struct strbuf f[CSV_FIELDS] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
	size_t line;
	enum vs_err rc = VS_OK;
	int got = csv_record(&r, f, &line);
	if (got <= 0) {
		rc = got < 0 ? err->code : vs_fail(err, VS_EBADVAL, "%s: empty, no header", name);
		goto out;
	}
	for (int i = 0; i < CSV_FIELDS; i++) {
		if (strcmp(strbuf_str(&f[i]), header[i]) != 0) {
			rc = vs_fail(err, VS_EBADVAL, "%s:%zu: header is not \"%s,%s,%s,%s\"", name,
				     line, header[0], header[1], header[2], header[3]);
			goto out;
		}
	}
	while ((got = csv_record(&r, f, &line)) == 1) {
		size_t digits;
		const char *reg = registry_digits((const uint8_t *)strbuf_str(&f[0]), f[0].len, &digits);
		if (!reg) {
			rc = vs_fail(err, VS_EBADVAL, "%s:%zu: registry \"%.40s\" is not MA-L, MA-M, "
				     "MA-S or IAB", name, line, strbuf_str(&f[0]));
			goto out;
		}
		uint64_t prefix;
		if (f[1].len != digits || !parse_hex((const uint8_t *)f[1].buf, digits, &prefix)) {
			rc = vs_fail(err, VS_EBADVAL, "%s:%zu: assignment \"%.40s\" is not %zu hex "
				     "digits (%s)", name, line, strbuf_str(&f[1]), digits, reg);
			goto out;
		}
		const char *org = strbuf_str(&f[2]);
		size_t b = 0, e = f[2].len;
		while (b < e && is_space(org[b]))
			b++;
		while (e > b && is_space(org[e - 1]))
			e--;
		size_t at;
		if (!utf8_valid((const uint8_t *)org + b, e - b, &at)) {
			rc = vs_fail(err, VS_EBADVAL, "%s:%zu: organization name is not UTF-8 "
				     "(byte %zu)", name, line, at + 1);
			goto out;
		}
		if (e == b) {
			rc = vs_fail(err, VS_EBADVAL, "%s:%zu: organization name is empty", name, line);
			goto out;
		}
		char cc[3];
		bool has_cc = kb_oui_address_country(strbuf_str(&f[3]), f[3].len, cc);
		if (!fn(reg, prefix, (unsigned)digits * 4, org + b, e - b, has_cc ? cc : NULL, ctx)) {
			rc = err->code ? err->code
				       : vs_fail(err, VS_EUSAGE, "%s:%zu: stopped by the caller",
						 name, line);
			goto out;
		}
	}
	if (got < 0)
		rc = err->code;
out:
	for (int i = 0; i < CSV_FIELDS; i++)
		strbuf_release(&f[i]);
	return rc;
}

/* ---- building the registry file ---- */

struct build_entry {
	uint64_t prefix;
	unsigned bits;
	const char *registry; /* static */
	const char *org;      /* arena */
	char country[3];      /* the registrant's address's, "" when unclear */
	size_t seq;           /* reading order, so the first reading of a block wins */
};

struct build {
	struct kb_arena arena;
	struct build_entry *e;
	size_t n, cap;
	size_t path;
	const char *const *paths;
	struct vs_error *err;
};

static bool build_add(const char *registry, uint64_t prefix, unsigned bits, const char *org,
		      size_t org_len, const char *country, void *ctx)
{
	struct build *B = ctx;
	if (B->n >= VS_MAX_OUI_ENTRIES) {
		vs_fail(B->err, VS_ETOOBIG, "%s: more than %d registry entries (VS_MAX_OUI_ENTRIES)",
			B->paths[B->path], VS_MAX_OUI_ENTRIES);
		return false;
	}
	if (B->n == B->cap) {
		size_t cap = B->cap ? B->cap * 2 : 4096;
		struct build_entry *p = realloc(B->e, cap * sizeof(*p));
		if (!p) {
			vs_fail(B->err, VS_ENOMEM, "out of memory building the registry");
			return false;
		}
		B->e = p;
		B->cap = cap;
	}
	/* The output is one TSV line per block: a tab or line break inside a
	 * name (a quoted CSV field may hold them) becomes a space. */
	char *o = kb_arena_strndup(&B->arena, org, org_len);
	if (!o) {
		vs_fail(B->err, VS_ENOMEM, "out of memory building the registry");
		return false;
	}
	for (size_t i = 0; i < org_len; i++)
		if ((unsigned char)o[i] < 0x20 || o[i] == 0x7f)
			o[i] = ' ';
	B->e[B->n] = (struct build_entry){prefix, bits, registry, o, "", B->n};
	if (country)
		memcpy(B->e[B->n].country, country, 3);
	B->n++;
	return true;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct build_entry *x = a, *y = b;
	if (x->bits != y->bits)
		return x->bits < y->bits ? -1 : 1;
	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	/* Equal blocks: reading order, so the first reading wins. */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The directory part of path ("" for none), created if missing. */
static enum vs_err make_parent(const char *path, struct vs_error *err)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return VS_OK;
	char *dir = str_ndup(path, (size_t)(slash - path));
	if (!dir)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	enum vs_err rc = VS_OK;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		rc = vs_fail(err, errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: %s", dir,
			     strerror(errno));
	free(dir);
	return rc;
}

static enum vs_err write_registry(struct build *B, const char *out_path, size_t *written)
{
	enum vs_err rc = make_parent(out_path, B->err);
	if (rc)
		return rc;
	struct strbuf tmp = STRBUF_INIT;
	strbuf_addf(&tmp, "%s.XXXXXX", out_path);
	if (tmp.failed)
		return vs_fail(B->err, VS_ENOMEM, "out of memory");
	int fd = mkstemp(tmp.buf);
	if (fd < 0) {
		rc = vs_fail(B->err, VS_EIO, "%s: %s", tmp.buf, strerror(errno));
		strbuf_release(&tmp);
		return rc;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		rc = vs_fail(B->err, VS_EIO, "%s: %s", tmp.buf, strerror(errno));
		goto fail;
	}
	/* mkstemp makes the file private; the registry is public data. */
	if (fchmod(fd, 0644) != 0) {
		rc = vs_fail(B->err, VS_EIO, "%s: %s", tmp.buf, strerror(errno));
		fclose(f);
		goto fail;
	}
	fprintf(f, "# The IEEE MAC registry (MA-L /24, MA-M /28, MA-S and IAB /36), generated by\n"
		   "# 'vendorscope kb update' from the IEEE CSV exports. Do not edit; regenerate.\n"
		   "# country: the registrant's address's (ISO 3166-1), not the owner's.\n"
		   "assignment\tregistry\torganization\tcountry\n");
	size_t n = 0;
	for (size_t i = 0; i < B->n; i++) {
		const struct build_entry *e = &B->e[i];
		fprintf(f, "%0*llX\t%s\t%s\t%s\n", (int)(e->bits / 4), (unsigned long long)e->prefix,
			e->registry, e->org, e->country);
		n++;
	}
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
		rc = vs_fail(B->err, VS_EIO, "%s: write failed: %s", tmp.buf, strerror(errno));
		fclose(f);
		goto fail;
	}
	if (fclose(f) != 0) {
		rc = vs_fail(B->err, VS_EIO, "%s: write failed: %s", tmp.buf, strerror(errno));
		goto fail;
	}
	if (rename(tmp.buf, out_path) != 0) {
		rc = vs_fail(B->err, VS_EIO, "%s: %s", out_path, strerror(errno));
		goto fail;
	}
	strbuf_release(&tmp);
	*written = n;
	return VS_OK;
fail:
	unlink(tmp.buf);
	strbuf_release(&tmp);
	return rc;
}

enum vs_err kb_oui_build(const char *const *csv_paths, size_t n_paths, const char *out_path,
			 size_t *entries, struct vs_error *err)
{
	struct vs_error local = {0};
	if (!err)
		err = &local;
	if (entries)
		*entries = 0;
	if (n_paths == 0)
		return vs_fail(err, VS_EUSAGE, "no IEEE CSV file given");
	struct build B = {.paths = csv_paths, .err = err};
	enum vs_err rc = VS_OK;
	for (size_t i = 0; i < n_paths && !rc; i++) {
		uint8_t *buf;
		size_t len;
		B.path = i;
		if ((rc = file_read_all(csv_paths[i], VS_MAX_KB_FILE, &buf, &len, err)))
			break;
		rc = kb_oui_parse_csv(csv_paths[i], buf, len, build_add, &B, err);
		free(buf);
	}
	if (!rc) {
		qsort(B.e, B.n, sizeof(*B.e), cmp_entry);
		/* The same block twice (an IAB also listed elsewhere, a file given
		 * twice): keep the first reading, drop the repeats. */
		size_t w = 0;
		for (size_t i = 0; i < B.n; i++) {
			if (w && B.e[w - 1].bits == B.e[i].bits && B.e[w - 1].prefix == B.e[i].prefix)
				continue;
			B.e[w++] = B.e[i];
		}
		B.n = w;
		size_t n = 0;
		rc = write_registry(&B, out_path, &n);
		if (!rc && entries)
			*entries = n;
	}
	free(B.e);
	kb_arena_release(&B.arena);
	return rc;
}

/* ---- loading the registry file ---- */

struct org_ref {
	const char *org;
	const struct kb_vendor *vendor;
};

enum vs_err kb_oui_load(struct kb *kb, const char *name, const uint8_t *data, size_t len,
			struct vs_error *err)
{
	static const char *const cols[] = {"assignment", "registry", "organization", "country"};
	struct tsv t;
	enum vs_err rc = tsv_open(&t, name, data, len, cols, 4, err);
	if (rc)
		return rc;
	/* Organisations repeat (Cisco holds ~1,000 blocks): each distinct name
	 * is stored and folded once. */
	struct kb_map orgs = {0};
	struct org_ref *refs = NULL;
	size_t n_refs = 0, cap_refs = 0, cap[KB_OUI_NBITS] = {0};
	struct strbuf fold = STRBUF_INIT;
	int r;
	while ((r = tsv_next(&t, err)) == 1) {
		struct slice *c = t.cell;
		size_t digits;
		const char *reg = registry_digits(c[1].p, c[1].len, &digits);
		uint64_t prefix;
		if (!reg || c[0].len != digits || !parse_hex(c[0].p, digits, &prefix)) {
			rc = vs_fail(err, VS_EBADVAL, "%s:%zu: not a registry block (assignment of 6, 7 "
				     "or 9 hex digits for MA-L, MA-M, MA-S/IAB)", name, t.line);
			break;
		}
		if (c[2].len == 0) {
			rc = vs_fail(err, VS_EBADVAL, "%s:%zu: organization is empty", name, t.line);
			break;
		}
		if (c[3].len != 0 && (c[3].len != 2 || c[3].p[0] < 'A' || c[3].p[0] > 'Z' ||
				      c[3].p[1] < 'A' || c[3].p[1] > 'Z')) {
			rc = vs_fail(err, VS_EBADVAL, "%s:%zu: country is not empty or two capital "
				     "letters (ISO 3166-1 alpha-2)", name, t.line);
			break;
		}
		int b = digits == 6 ? KB_OUI_24 : digits == 7 ? KB_OUI_28 : KB_OUI_36;
		if (kb_oui_count(kb) >= VS_MAX_OUI_ENTRIES) {
			rc = vs_fail(err, VS_ETOOBIG, "%s:%zu: more than %d entries (VS_MAX_OUI_ENTRIES)",
				     name, t.line, VS_MAX_OUI_ENTRIES);
			break;
		}
		if (kb->n_oui[b] && kb->oui[b][kb->n_oui[b] - 1].prefix >= prefix) {
			rc = vs_fail(err, VS_EBADVAL, "%s:%zu: blocks out of order or repeated "
				     "(regenerate with 'vendorscope kb update')", name, t.line);
			break;
		}
		size_t oi;
		if (!kb_map_get(&orgs, (const char *)c[2].p, c[2].len, &oi)) {
			if (n_refs == cap_refs) {
				size_t nc = cap_refs ? cap_refs * 2 : 1024;
				struct org_ref *p = realloc(refs, nc * sizeof(*p));
				if (!p)
					goto oom;
				refs = p;
				cap_refs = nc;
			}
			const char *org = kb_arena_strndup(&kb->arena, c[2].p, c[2].len);
			if (!org)
				goto oom;
			strbuf_reset(&fold);
			name_fold(&fold, org);
			if (fold.failed)
				goto oom; /* not "no vendor": that would be a wrong answer */
			size_t ai;
			const struct kb_vendor *v = NULL;
			if (fold.len && kb_map_get(&kb->ieee, fold.buf, fold.len, &ai))
				v = kb->aliases[ai].vendor;
			oi = n_refs;
			refs[n_refs++] = (struct org_ref){org, v};
			if (!kb_map_put(&orgs, org, c[2].len, oi, NULL, NULL))
				goto oom;
		}
		if (kb->n_oui[b] == cap[b]) {
			size_t nc = cap[b] ? cap[b] * 2 : 1024;
			struct kb_oui *p = realloc(kb->oui[b], nc * sizeof(*p));
			if (!p)
				goto oom;
			kb->oui[b] = p;
			cap[b] = nc;
		}
		struct kb_oui *o = &kb->oui[b][kb->n_oui[b]++];
		*o = (struct kb_oui){prefix, refs[oi].org, reg, refs[oi].vendor, ""};
		memcpy(o->country, c[3].p, c[3].len);
	}
	if (!rc && r < 0)
		rc = err->code;
	goto out;
oom:
	rc = vs_fail(err, VS_ENOMEM, "out of memory loading %s", name);
out:
	kb_map_release(&orgs);
	free(refs);
	strbuf_release(&fold);
	return rc;
}
