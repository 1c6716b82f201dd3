/*
 * Identification: from what a source reported (a record) to an asset with a
 * type, a producer (hardware) or owner (software), a confidence, and the
 * evidence an auditor asks for ("why is this a Hikvision?"); then the
 * policy's verdicts (policy_classify).
 *
 * The maker decision weighs the evidence a record carries: a maker or brand
 * name the knowledge base knows beats a model-number prefix, which beats
 * the MAC's registry block. A brand another company makes (Amcrest, LTS) is
 * attributed to its producer and kept as the brand; a network-chip maker's
 * OUI (Realtek, Espressif…) names no device maker and is said so; a
 * randomised MAC is not looked up. A name nobody knows stays unknown.
 */
#ifndef VS_IDENTIFY_IDENTIFY_H
#define VS_IDENTIFY_IDENTIFY_H

#include "kb/kb.h"
#include "model/model.h"
#include "policy/policy.h"
#include "util/err.h"

/*
 * Fill a (initialised by the caller, released by the caller) from r.
 * Ownership is decided as of the record's acquisition date when it has
 * one, else as of `default_date` (the survey's date; NULL = today), and
 * the evidence says which. VS_ENOMEM is the only failure.
 */
enum vs_err identify_record(const struct kb *kb, const struct policy *pol,
			    const struct record *r, const char *default_date, struct asset *a,
			    struct vs_error *err);

/*
 * A proposed purchase ("Amcrest IP8M-2496E", "Axis M3106"): the first word
 * names the maker (or the whole text is a model number), the rest is the
 * model. The verdict is as of `date` (NULL = today).
 */
enum vs_err identify_purchase(const struct kb *kb, const struct policy *pol, const char *text,
			      const char *date, struct asset *a, struct vs_error *err);

/*
 * Reuse of verdicts. An export of a million rows holds a few hundred
 * distinct (type, maker, model, MAC block, department …) combinations,
 * each holding for the stretch of days in which nothing the verdict
 * consulted changes (kb_date_span); identifying each once and reusing the verdict and the
 * stored evidence list for the rest is what keeps an import near the speed
 * of parsing. A memo lives for one store transaction (the evidence ids it
 * keeps die with a rollback).
 */
struct identify_memo;
struct identify_memo *identify_memo_new(void);
void identify_memo_free(struct identify_memo *m);

/*
 * identify_record through the memo: on a hit, a gets the record's own
 * fields and the remembered verdict with no evidence list of its own but
 * the remembered a->evidence_set_id. After storing a, call
 * identify_memo_learn(m, a) so the next identical record hits.
 *
 * A hit copies nothing: a is a view (a->borrowed) of r's fields, the
 * memo's entry and storage of the memo's own (the canonical MAC and date,
 * FILE:LINE), valid until r is released or the next call on m. It is
 * released with asset_release as usual; its strings must not be set.
 */
enum vs_err identify_record_memo(struct identify_memo *m, const struct kb *kb,
				 const struct policy *pol, const struct record *r,
				 const char *default_date, struct asset *a, struct vs_error *err);
void identify_memo_learn(struct identify_memo *m, const struct asset *a);

#endif
