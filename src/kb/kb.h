/*
 * The knowledge base: what vendorscope knows about companies, brands, who
 * owns whom and when, which brands another company makes, asset types, and
 * the IEEE MAC registry. Loaded once from text files under the data
 * directory (data/README.md documents every file and column); read-only
 * afterwards, so one loaded kb can be shared by every caller.
 *
 * Every returned pointer points into the kb and lives until kb_free.
 * Dates are text, "YYYY", "YYYY-MM" or "YYYY-MM-DD"; a NULL date means
 * "today" (only relations still open are followed). A partial date stands
 * for its first day in every comparison ("2020" is 2020-01-01, "2018-06" is
 * 2018-06-01), so an edge from "2018" until "2023" holds at "2020" and
 * "2022-12-31" but not at "2023". A malformed date matches no edge.
 */
#ifndef VS_KB_KB_H
#define VS_KB_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/strbuf.h"

struct kb;

enum kb_vendor_kind { KB_KIND_HARDWARE = 1, KB_KIND_SOFTWARE = 2, KB_KIND_BOTH = 3 };

enum kb_vendor_flag {
	KB_FLAG_CHIP = 1 << 0,         /* network chips/modules: its OUI does not name the device maker */
	KB_FLAG_OEM_BRAND = 1 << 1,    /* sells devices others make */
	KB_FLAG_STATE_OWNED = 1 << 2,
	KB_FLAG_LISTED_FCC = 1 << 3,   /* FCC Covered List */
	KB_FLAG_LISTED_NDAA889 = 1 << 4,
};

struct kb_vendor {
	const char *id;      /* stable slug: "hikvision" */
	const char *name;    /* display name: "Hikvision" */
	enum kb_vendor_kind kind;
	const char *country; /* ISO 3166-1 alpha-2, NULL when not known */
	unsigned flags;      /* enum kb_vendor_flag */
	const char *note;    /* NULL when none */
	const char *source;  /* never NULL for a loaded vendor */
	const char *file;    /* "kb/vendors.tsv:12": where the fact was read */
};

enum kb_alias_kind {
	KB_ALIAS_LEGAL, KB_ALIAS_SHORT, KB_ALIAS_NATIVE, KB_ALIAS_BRAND, KB_ALIAS_PRODUCT,
	KB_ALIAS_PUBLISHER, KB_ALIAS_IEEE, KB_ALIAS_MODEL_PREFIX,
};

/*
 * Which products a fact covers: asset types (keys of asset_types.tsv) and
 * model-number prefixes. An empty list does not narrow; both lists given
 * means both must hold ("Raysharp makes some Hanwha DVRs and NVRs": types
 * dvr,nvr). "TPV makes Philips monitors" is not "TPV makes everything
 * called Philips".
 */
struct kb_scope {
	const char *const *types; /* type keys */
	size_t n_types;
	const char *const *models; /* model prefixes, compared ignoring ASCII case */
	size_t n_models;
};

enum kb_cover {
	KB_COVER_IN,      /* the product is inside the scope (or the scope is everything) */
	KB_COVER_OUT,     /* its type or model is known and outside */
	KB_COVER_UNKNOWN, /* the scope names types or models and the product's is not known */
};

/* Does scope cover a product of type_key (NULL: not known) and model (NULL:
 * not known)? */
enum kb_cover kb_scope_covers(const struct kb_scope *scope, const char *type_key,
			      const char *model);
/* "surveillance_camera, nvr; models DS-, IPC-" or "" for everything. */
void kb_scope_describe(const struct kb_scope *scope, struct strbuf *out);

struct kb_alias {
	const char *alias;  /* as written in aliases.tsv */
	const struct kb_vendor *vendor;
	enum kb_alias_kind kind;
	const char *source;
	const char *file;
	/* A name that means different companies by product ("Motorola": phones
	 * are Motorola Mobility, radios Motorola Solutions) is one alias per
	 * company, each with its scope, chained through `alt` in file order; at
	 * most one of them has no scope and answers outside the others'. */
	struct kb_scope scope;
	const struct kb_alias *alt;
};

/*
 * The company a matched name means for a product of type_key and model
 * (either NULL when not known): the alias itself when its name has one
 * meaning; else the first alias of its chain whose scope covers the
 * product, else the chain's unscoped alias, else NULL (the name is
 * ambiguous for this product). *cover says how the answer was reached:
 * KB_COVER_IN (a scope covered it, or the name has one meaning),
 * KB_COVER_OUT (no scope covered it: the unscoped alias answered, or NULL),
 * KB_COVER_UNKNOWN (a scope might have covered it had the type or model
 * been known: NULL, since guessing would be deciding).
 */
const struct kb_alias *kb_alias_in_scope(const struct kb_alias *al, const char *type_key,
					 const char *model, enum kb_cover *cover);

enum kb_certainty { KB_CERT_LOW = 1, KB_CERT_MEDIUM = 2, KB_CERT_HIGH = 3 };

/* One dated edge: `vendor` was controlled by `owner` (ownership.tsv), or
 * `vendor`'s devices were made by `owner` (oem.tsv), from `from` (inclusive)
 * until `until` (exclusive); NULL bounds are open. */
struct kb_edge {
	const struct kb_vendor *vendor;
	const struct kb_vendor *owner;
	const char *from, *until;
	enum kb_certainty certainty;
	const char *scope; /* oem.tsv only: "IP cameras and NVRs"; NULL for ownership */
	struct kb_scope cover; /* oem.tsv only: the scope's machine-readable part */
	const char *note;
	const char *source;
	const char *file;
};

struct kb_type {
	const char *key; /* "surveillance_camera" */
	const char *en;  /* "Surveillance camera" */
	const char *da;  /* "Overvågningskamera" */
	size_t order;    /* row order in asset_types.tsv: the order reports list types in */
};

/*
 * The data directory: $VENDORSCOPE_DATA when set, else share/vendorscope
 * beside the running executable's bin/ (an uninstalled build), else the
 * install prefix's. Writes the path into buf; false when none exists or buf
 * is too small. $VENDORSCOPE_DATA is returned even when it names nothing, so
 * the load error names the directory the user chose.
 */
bool kb_data_dir(char *buf, size_t len);

/* Load every file; dir NULL = kb_data_dir(). A bad line fails the load
 * with "FILE:LINE: reason" and VS_EBADVAL. */
enum vs_err kb_load(const char *dir, struct kb **out, struct vs_error *err);
void kb_free(struct kb *kb);

/* The files kb_load reads, relative to the data directory; every one but the
 * (generated) registry and the banner fingerprints must exist. Without
 * fingerprints.tsv the kb simply knows no built-in banner (kb_check of the
 * shipped data, test_kb_real, makes sure an install has it). */
enum kb_file {
	KB_FILE_VENDORS, KB_FILE_ALIASES, KB_FILE_OWNERSHIP, KB_FILE_OEM, KB_FILE_TYPES,
	KB_FILE_REGISTRY, KB_FILE_FINGERPRINTS, KB_N_FILES
};
/* "kb/vendors.tsv", …, "oui/registry.tsv", "kb/fingerprints.tsv" */
extern const char *const kb_file_names[KB_N_FILES];

/* One file's bytes, borrowed for the duration of the call. */
struct kb_text {
	const uint8_t *data;
	size_t len;
	bool present;
};

/* kb_load over texts already in memory (tests, the fuzz target). Same checks,
 * same messages; a missing text other than the registry is VS_ENOTFOUND. */
enum vs_err kb_load_texts(const struct kb_text texts[KB_N_FILES], struct kb **out,
			  struct vs_error *err);

size_t kb_alias_count(const struct kb *kb);
const struct kb_alias *kb_alias_at(const struct kb *kb, size_t i);
/* Ownership (owner = true) or OEM edges in file order. */
size_t kb_edge_count(const struct kb *kb, bool owner);
const struct kb_edge *kb_edge_at(const struct kb *kb, bool owner, size_t i);

const struct kb_vendor *kb_vendor_by_id(const struct kb *kb, const char *id);
size_t kb_vendor_count(const struct kb *kb);
const struct kb_vendor *kb_vendor_at(const struct kb *kb, size_t i);

/*
 * A maker, brand, publisher or product string as an export writes it.
 * Tries, in order: the whole folded string against every alias and vendor
 * name; then the longest alias that is a whole-word prefix of the folded
 * string ("Hikvision DS-2CD2143G2-I" -> hikvision; between two CJK
 * ideographs is a word boundary too, as Chinese writes no spaces:
 * "海康威视网络摄像机" -> hikvision); then the string with common legal
 * suffixes removed ("Co., Ltd.", "Inc.", "GmbH", "A/S", "有限公司" …) on
 * both sides ("Dahua Technology Inc." meets "Dahua Technology Co., Ltd.").
 * Model-prefix aliases are not used here (kb_match_model). NULL when
 * nothing matches (or memory ran out folding the text): the caller answers
 * "unknown", never "not Chinese". Safe to call from several threads.
 * *exact is set true when the whole string matched.
 */
const struct kb_alias *kb_match_name(const struct kb *kb, const char *text, bool *exact);

/* A model number against the model_prefix aliases (case-insensitive,
 * longest prefix wins): "DS-2CD2143G2-I" -> hikvision. */
const struct kb_alias *kb_match_model(const struct kb *kb, const char *model);

/*
 * The chain of owners of vendor_id as of date, nearest first, at most max
 * edges (VS_MAX_OWNER_DEPTH bounds it; the loader refuses cycles). Returns
 * the number of edges written; 0 = independent (or not known) at that date.
 */
size_t kb_owner_chain(const struct kb *kb, const char *vendor_id, const char *date,
		      const struct kb_edge **chain, size_t max);

/* Who controls vendor_id as of date: the last owner of kb_owner_chain, or
 * the vendor itself when it has none; NULL for an unknown id or a malformed
 * date. Policy reads the country of this one ("Motorola Mobility" -> Lenovo,
 * CN, from 2014-10-30). */
const struct kb_vendor *kb_controller(const struct kb *kb, const char *vendor_id,
				      const char *date);

/* The producer of devices sold under brand_id as of date (oem.tsv), the
 * most certain edge when several hold; NULL when the brand makes its own. */
const struct kb_edge *kb_oem_producer(const struct kb *kb, const char *brand_id,
				      const char *date);

/* Every OEM edge of brand_id holding at date, most certain first (file
 * order among equals), at most max; returns how many. The caller weighs
 * each edge's scope (kb_scope_covers) and certainty. */
size_t kb_oem_edges(const struct kb *kb, const char *brand_id, const char *date,
		    const struct kb_edge **out, size_t max);

/*
 * The days around `date` between which nothing the knowledge base says
 * about these vendors changes: their ownership and OEM edges, and those of
 * every company the edges lead to (owners, producers, their owners …).
 * A verdict that consulted only these vendors holds for every date in
 * [*lo, *hi) (days as date_parse_day counts them; *hi UINT32_MAX: open).
 * False for a NULL or malformed date (today has no span: it is its own).
 */
bool kb_date_span(const struct kb *kb, const struct kb_vendor *const *vendors, size_t n,
		  const char *date, uint32_t *lo, uint32_t *hi);

/* Asset types: by key, or by a word as exports write it (key, English,
 * Danish or a synonym, matched after folding). NULL when unknown. */
const struct kb_type *kb_type_by_key(const struct kb *kb, const char *key);
const struct kb_type *kb_type_match(const struct kb *kb, const char *word);
size_t kb_type_count(const struct kb *kb);
const struct kb_type *kb_type_at(const struct kb *kb, size_t i);

/* ---- IEEE registry (MA-L /24, MA-M /28, MA-S /36); longest prefix wins ---- */

enum kb_mac_status {
	KB_MAC_INVALID,    /* not a MAC address */
	KB_MAC_RANDOMIZED, /* locally administered: not looked up */
	KB_MAC_MULTICAST,  /* group address: not a device */
	KB_MAC_UNKNOWN,    /* no registry block holds it */
	KB_MAC_FOUND,
};

struct kb_oui_hit {
	uint64_t mac;          /* the 48-bit address */
	const char *org;       /* IEEE organisation name */
	const char *registry;  /* "MA-L", "MA-M", "MA-S" or "IAB" */
	unsigned prefix_bits;  /* 24, 28 or 36 (MA-S and IAB) */
	const struct kb_vendor *vendor; /* via an `ieee` alias of org; NULL if none */
	/* ISO 3166-1 alpha-2 ("CN") of the registrant's postal address; NULL
	 * when the address gives none clearly. Where the registrant sits, not
	 * who owns it (Tuya registers in Delaware, Lenovo in the US and CN): a
	 * low-confidence fallback only when the kb knows no vendor for org,
	 * and meaningless for chip and module makers, whose block names the
	 * radio, not the device. */
	const char *country;
};

/* Parse "44:19:b6:00:00:01", "44-19-B6-00-00-01", "4419.b600.0001" or
 * "4419b6000001". */
bool kb_parse_mac(const char *text, uint64_t *mac);
/* Canonical lower-case colon form into buf (18 bytes). */
void kb_format_mac(uint64_t mac, char buf[18]);
enum kb_mac_status kb_lookup_mac(const struct kb *kb, const char *text, struct kb_oui_hit *hit);
/* Registry entries loaded (0 when the data directory holds no registry). */
size_t kb_oui_count(const struct kb *kb);

/*
 * Build the compact registry file the kb loads (data dir's oui/registry.tsv)
 * from IEEE CSV exports (Registry,Assignment,Organization Name,Organization
 * Address; MA-L, MA-M, MA-S and IAB). The CSVs are outside input and are read
 * through the bounds-checked cursor; a malformed line fails with FILE:LINE and
 * nothing is written (the output is replaced atomically).
 */
enum vs_err kb_oui_build(const char *const *csv_paths, size_t n_paths, const char *out_path,
			 size_t *entries, struct vs_error *err);
/* The same parser on one in-memory CSV, for tests and the fuzz target:
 * calls fn per entry (registry "MA-L"/"MA-M"/"MA-S"/"IAB"; prefix the
 * assignment's bits right-aligned; org trimmed, valid UTF-8, not
 * NUL-terminated, borrowed for the call; country as kb_oui_address_country
 * found it, NULL when unclear); returns the first error. fn returns
 * false to stop: the result is then the error fn recorded in the same err,
 * else VS_EUSAGE "stopped by the caller". name is only for messages. */
typedef bool (*kb_oui_entry_fn)(const char *registry, uint64_t prefix, unsigned bits,
				const char *org, size_t org_len, const char *country, void *ctx);
enum vs_err kb_oui_parse_csv(const char *name, const uint8_t *data, size_t len,
			     kb_oui_entry_fn fn, void *ctx, struct vs_error *err);

/*
 * The country of an IEEE "Organization Address" (the CSV joins street,
 * city, state, country and postcode with single spaces: "No.555 Qianmo
 * Road Hangzhou Zhejiang CN 310052"): a two-letter ISO 3166-1 code among
 * the last words, followed by nothing or by a postcode. Writes "CN" into
 * cc and returns true; false (cc "") when the address has none or it is
 * unclear ("Charlotte NC  28208" has a state and no country). Checked
 * against the country line of Debian's oui.txt (ieee-data 20220827): of
 * 32,500 MA-L blocks 98 % agree, 1.8 % give none and 7 name a wrong one.
 */
bool kb_oui_address_country(const char *addr, size_t len, char cc[3]);

/* ---- built-in banner fingerprints (kb/fingerprints.tsv) ---- */

/*
 * A banner a device sends (HTTP Server header, WWW-Authenticate realm, RTSP
 * Server, SIP User-Agent, SNMP sysDescr / sysObjectID, LLDP/CDP
 * description, TLS subject/issuer …) against our own PCRE2 patterns, each
 * naming the maker and, through capture groups, the model and firmware.
 * data/README.md documents the file. The patterns are compiled once at load
 * (a pattern PCRE2 refuses fails the load with FILE:LINE) and run with a
 * match limit, since the banners come from the devices.
 */
struct kb_fingerprint {
	const char *match;    /* the observations it applies to, as written: "snmp.sys_descr,lldp.sys_descr" */
	const char *pattern;  /* PCRE2 */
	const struct kb_vendor *vendor;
	const char *model;    /* template: text with $1..$9 for capture groups; NULL = none */
	const char *firmware; /* template as model */
	double confidence;    /* 0..1, of the maker claim */
	const char *example;  /* a banner it must match (kb_check); NULL when none */
	const char *source;   /* "" when none (kb_check names it) */
	const char *file;     /* "kb/fingerprints.tsv:12" */
};

#define KB_FP_VALUE 128 /* bytes of an expanded model or firmware, NUL included */

struct kb_fp_hit {
	const struct kb_fingerprint *fp;
	char model[KB_FP_VALUE];    /* "" when the row has none or its group is empty */
	char firmware[KB_FP_VALUE];
};

size_t kb_fingerprint_count(const struct kb *kb);
const struct kb_fingerprint *kb_fingerprint_at(const struct kb *kb, size_t i);
/* Whether fingerprints are written for observations method/field
 * ("snmp", "sys_descr"): the keys data/README.md lists. */
bool kb_fingerprint_key(const char *method, const char *field);
/*
 * The first fingerprint (file order) for observation method/field whose
 * pattern matches text; false when none does (also when a pattern hits the
 * match limit, or memory runs out for the match data). Model and firmware
 * are the row's templates with the groups filled in, cut to fit at a
 * character boundary. Safe to call from several threads.
 */
bool kb_fingerprint_match(const struct kb *kb, const char *method, const char *field,
			  const char *text, struct kb_fp_hit *hit);

/* ---- human answers ---- */

/*
 * `kb lookup`: for a MAC, the registry block and the vendor behind it; for a
 * name, the matching alias, the vendor, its country, the owner chain as of
 * date (NULL = today) with dates, OEM producers, and every source. Appends
 * text to out; false when nothing is known (out then says so).
 */
bool kb_describe(const struct kb *kb, const char *query, const char *date, struct strbuf *out);

/*
 * `kb check`: every vendor has a country (or a note why not) and a source;
 * every alias folds to one vendor and has a source; every `ieee` alias names
 * an organisation in the loaded registry (when one is loaded); every id
 * referenced exists; no cycle in the owner chain; dates well-formed and
 * from < until; a vendor is flagged oem_brand exactly when oem.tsv names its
 * producer; every fingerprint has a source and an example that it matches
 * (and no earlier row of the same observation claims first), with its model
 * and firmware groups non-empty there. (Unknown ids, malformed dates,
 * cycles and patterns PCRE2 refuses already fail kb_load.)
 * Appends one "FILE:LINE: problem" line per problem to out; returns the
 * number of problems.
 */
size_t kb_check(const struct kb *kb, struct strbuf *out);

#endif
