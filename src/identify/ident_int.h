/*
 * Internal to identify/: the steps both record identification
 * (identify.c) and device identification (device.c) take, so the two weigh
 * names, model prefixes, MAC blocks and OEM relations the same way and word
 * their evidence alike.
 */
#ifndef VS_IDENTIFY_IDENT_INT_H
#define VS_IDENTIFY_IDENT_INT_H

#include <stdbool.h>

#include "kb/kb.h"
#include "model/model.h"

/* Confidence in a maker decision by the kind of evidence behind it. */
#define CONF_NAME_EXACT 0.95
#define CONF_NAME_PARTIAL 0.85
#define CONF_MODEL_PREFIX 0.75
#define CONF_OUI 0.6

struct ident {
	struct asset *a;
	bool oom;
	const char *bad_date; /* an acquisition date that is not one */
};

/* Append evidence to id->a; a full list (VS_MAX_EVIDENCE) drops the rest,
 * memory failure sets id->oom. */
void ident_evidence(struct ident *id, const char *method, const char *field, double conf,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* *slot = copy of value; memory failure sets id->oom. */
void ident_set(struct ident *id, char **slot, const char *value);

/* A name as a source wrote it (evidence: method field: text, then the kb
 * alias it matched); *conf exact or partial. NULL when no company has it. */
const struct kb_vendor *ident_by_name(struct ident *id, const struct kb *kb, const char *method,
				      const char *field, const char *text, double *conf);
/* id->a->model against the model-prefix aliases. */
const struct kb_vendor *ident_by_model(struct ident *id, const struct kb *kb, double *conf);
/* id->a->mac's IEEE block; randomised, group, chip-maker and unknown
 * blocks name no maker (and the evidence says which). */
const struct kb_vendor *ident_by_mac(struct ident *id, const struct kb *kb, double *conf);
/* The producer behind a brand another company makes (oem.tsv), as of a
 * date; sets the brand when unset. v itself when it makes its own. */
const struct kb_vendor *ident_through_oem(struct ident *id, const struct kb *kb,
					  const struct kb_vendor *v, const char *as_of,
					  double *conf);

#endif
