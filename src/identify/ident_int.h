/*
 * Internal to identify/: the one decision procedure (decide.c) that record
 * identification (identify.c), device identification (device.c) and their
 * union call, so every source weighs names, model prefixes, MAC blocks and
 * OEM relations the same way and words its evidence alike.
 */
#ifndef VS_IDENTIFY_IDENT_INT_H
#define VS_IDENTIFY_IDENT_INT_H

#include <stdbool.h>

#include "identify/recog.h"
#include "kb/kb.h"
#include "model/model.h"
#include "model/sighting.h"
#include "model/vocab.h"
#include "policy/policy.h"

/* The confidence scale: how much a maker decision is worth by the kind of
 * evidence behind it (ident_rank_table; the README's table). */
#define CONF_DISCOVERY 0.95
#define CONF_NAME_EXACT 0.95
#define CONF_NAME_PARTIAL 0.85
#define CONF_BANNER 0.85
#define CONF_MODEL_PREFIX 0.75
#define CONF_OUI 0.6
/* Not a maker: the country of the address an unknown registrant gave the
 * IEEE, used only when nothing else decides. */
#define CONF_REGISTRANT 0.3

/* Kinds of evidence in the order they decide (decide.c, rule 1). */
enum ident_rank {
	RANK_NONE, RANK_OUI, RANK_MODEL, RANK_BANNER, RANK_STATED, RANK_DISCOVERY,
	IDENT_N_RANKS
};

struct ident_rank_row {
	const char *name;      /* "banner" */
	double exact, partial; /* confidence of a whole-name and a part-name match */
	const char *what;      /* for the README and `kb` help */
};
extern const struct ident_rank_row ident_rank_table[IDENT_N_RANKS];

/* One maker some evidence names. */
struct ident_claim {
	const struct kb_vendor *v;
	double conf;
	enum ident_rank rank;
	bool brand;       /* a brand field: what the box says */
	const char *from; /* "a name", a fingerprint's FILE:LINE … for conflict lines */
};

#define IDENT_FP_HITS 8 /* fingerprint hits weighed per device; more add nothing new */

struct ident_fp {
	struct kb_fp_hit hit[IDENT_FP_HITS];
	const char *value[IDENT_FP_HITS]; /* the banner each hit matched */
	size_t n;
};

struct ident {
	struct asset *a;
	bool oom;
	const char *bad_date; /* an acquisition date that is not one */
	/* The method a stated maker or brand is quoted under ("csv"). */
	const char *stated_method;
	bool date_is_own; /* ownership judged at the asset's own acquisition date */
	/* Every company a claim named: the verdict's dates depend on their
	 * edges alone (kb_date_span; identify_memo shares verdicts by it). */
	const struct kb_vendor *consulted[8 + IDENT_FP_HITS];
	size_t n_consulted;
	/* The MAC block's registrant when the kb does not know it, and the
	 * country of its address ("" when none): the last resort. */
	char registrant[128];
	char registrant_cc[3];
};

/*
 * Decide maker, brand and verdict for id->a from what it states (maker,
 * brand, model, type and MAC already in id->a) and what was seen of it (s,
 * NULL when nothing), ownership as of date (NULL: today; date_why says
 * where the date came from). Sets vendor, confidence and the policy's
 * verdicts; memory failure sets id->oom.
 */
void ident_decide(struct ident *id, const struct kb *kb, const struct policy *pol,
		  const struct sighting *s, const struct recog *rg, const char *date,
		  const char *date_why);

/* The record's fields into id->a (type matched); VS_EBADVAL with
 * id->bad_date set for an acquisition date that is not one. */
struct record;
enum vs_err ident_copy_record(struct ident *id, const struct kb *kb, const struct record *r);

/* Append evidence to id->a under names of the one table (model/vocab.h);
 * a full list (VS_MAX_EVIDENCE) counts the rest, memory failure sets
 * id->oom. ident_evidence_as takes the names as an observation carried them. */
void ident_evidence(struct ident *id, enum vs_method method, enum vs_field field, double conf,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void ident_evidence_as(struct ident *id, const char *method, const char *field, double conf,
		       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* *slot = copy of value; memory failure sets id->oom. */
void ident_set(struct ident *id, char **slot, const char *value);

/* A name as a source stated it (evidence: stated_method field: text, then
 * the kb alias it matched and the company its scope means for this
 * device); *conf exact or partial. NULL when no company has it. */
const struct kb_vendor *ident_by_name(struct ident *id, const struct kb *kb, enum vs_field field,
				      const char *text, double *conf);
/* id->a->model against the model-prefix aliases. */
const struct kb_vendor *ident_by_model(struct ident *id, const struct kb *kb, double *conf);
/* id->a->mac's IEEE block; randomised, group, chip-maker and unknown
 * blocks name no maker (and the evidence says which). */
const struct kb_vendor *ident_by_mac(struct ident *id, const struct kb *kb, double *conf);
/* The producer behind a brand another company makes (oem.tsv), as of a
 * date, inside the edges' scopes; `seen` (n_seen) are the makers other
 * evidence names, which corroborate a medium edge. Sets the brand when
 * unset. v itself when it makes its own. */
const struct kb_vendor *ident_through_oem(struct ident *id, const struct kb *kb,
					  const struct kb_vendor *v, const char *as_of,
					  const struct kb_vendor *const *seen, size_t n_seen,
					  double *conf);

#endif
