/*
 * Inside the knowledge base: the loaded tables and the helpers the files of
 * src/kb/ share. Not for callers outside src/kb/ (they use kb.h).
 *
 * Ownership: every string a kb hands out lives in its arena and every table
 * is freed by kb_free; nothing is shared with the caller's buffers.
 */
#ifndef VS_KB_KB_INT_H
#define VS_KB_KB_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kb/kb.h"
#include "util/date.h"
#include "util/file.h"
#include "util/tsv.h"
#include "util/cur.h"
#include "util/err.h"

/* ---- arena: strings that live until kb_free ---- */

struct kb_arena_block;
struct kb_arena {
	struct kb_arena_block *head;
};

/* A NUL-terminated copy of n bytes (n + 1 zero bytes when s is NULL: room
 * for something else); NULL on allocation failure. */
char *kb_arena_strndup(struct kb_arena *a, const void *s, size_t n);
void kb_arena_release(struct kb_arena *a);

/* ---- hash map: byte string -> index ---- */

/*
 * Open addressing with linear probing. Keys are borrowed (they live in the
 * kb's arena); lookups take a (pointer, length) pair so a caller can probe a
 * prefix of a longer string without copying it.
 */
struct kb_map_slot {
	const char *key; /* NULL = empty slot */
	size_t len;
	uint64_t hash;
	size_t val;
};

struct kb_map {
	struct kb_map_slot *slots;
	size_t cap, n;
};

/* Insert key -> val. When the key is already present, nothing changes and
 * *had (if given) is set to true with its value in *old. False: no memory. */
bool kb_map_put(struct kb_map *m, const char *key, size_t len, size_t val, bool *had, size_t *old);
/* Replace the value of a present key (no-op when absent). */
void kb_map_set(struct kb_map *m, const char *key, size_t len, size_t val);
bool kb_map_get(const struct kb_map *m, const char *key, size_t len, size_t *val);
void kb_map_release(struct kb_map *m);

/* The map value that marks a key claimed by two vendors (suffix-stripped names). */
#define KB_MAP_AMBIGUOUS SIZE_MAX

/* ---- the loaded kb ---- */

struct kb_oui {
	uint64_t prefix; /* the block's leading bits, right-aligned */
	const char *org;
	const char *registry;
	const struct kb_vendor *vendor;
	char country[3]; /* of the registrant's address; "" when unclear */
};

/* Per-vendor runs into the sorted edge index arrays. */
struct kb_vendor_edges {
	size_t own_start, own_n;
	size_t oem_start, oem_n;
};

enum { KB_OUI_24, KB_OUI_28, KB_OUI_36, KB_OUI_NBITS };

struct kb {
	struct kb_arena arena;

	struct kb_vendor *vendors;
	size_t n_vendors;
	struct kb_map vendor_ids;

	/* aliases.tsv rows plus the aliases derived from each vendor display
	 * name (kind short, file = the vendor's line), so names match like
	 * aliases: see kb_alias_synthesised. */
	struct kb_alias *aliases;
	size_t n_aliases;
	struct kb_map names;      /* folded alias -> alias index */
	struct kb_map names_bare; /* folded, legal suffixes removed -> alias index */
	struct kb_map ieee;       /* folded ieee alias -> alias index */
	struct kb_map models;     /* lower-cased model prefix -> alias index */
	size_t max_model_prefix;

	struct kb_edge *owners;
	size_t n_owners;
	struct kb_edge *oem;
	size_t n_oem;
	const struct kb_edge **own_idx; /* edges grouped by vendor, file order inside */
	const struct kb_edge **oem_idx;
	struct kb_vendor_edges *vedges; /* parallel to vendors */

	struct kb_type *types;
	size_t n_types;
	struct kb_map type_keys;  /* key as written -> type index */
	struct kb_map type_words; /* folded key/en/da/synonym -> type index */


	struct kb_oui *oui[KB_OUI_NBITS];
	size_t n_oui[KB_OUI_NBITS];

	/* kb/fingerprints.tsv, compiled (fingerprint.c); NULL when absent. */
	struct kb_fp_table *fps;
};

size_t kb_vendor_index(const struct kb *kb, const struct kb_vendor *v);


/* True for the aliases the loader derives from vendors.tsv display names
 * (the name itself, and "Uniview" from "Uniview (UNV)"), not aliases.tsv rows. */
bool kb_alias_synthesised(const struct kb_alias *a);

/* The folded form with trailing legal-form words removed ("co ltd", "inc",
 * "gmbh", "a s" …); returns the new length (never 0 unless len was 0). */
size_t kb_strip_legal(const char *folded, size_t len);

/* Load kb/fingerprints.tsv (vendors must be loaded) into kb->fps; free it. */
enum vs_err kb_fp_load(struct kb *kb, const char *name, const uint8_t *data, size_t len,
		       struct vs_error *err);
void kb_fp_free(struct kb_fp_table *t);
/* The kb_check lines for the fingerprints (see kb_check in kb.h). */
size_t kb_fp_check(const struct kb *kb, struct strbuf *out);
/* One `kb check` line, "WHERE: message"; returns 1 (a problem counted). */
size_t kb_problem(struct strbuf *out, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Load the registry file text (oui/registry.tsv) into kb. */
enum vs_err kb_oui_load(struct kb *kb, const char *name, const uint8_t *data, size_t len,
			struct vs_error *err);

#endif
