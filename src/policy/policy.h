/*
 * The policy: what counts as Chinese and what counts as a critical
 * installation. The default encodes the municipality's definitions (seed
 * 001): hardware is Chinese when its producer is a Chinese company, software
 * when its owner is; a critical installation is decided by documented rules
 * on type, department and data class. Answers are yes, no or unknown: a
 * company nobody knows is unknown, never "not Chinese". Taiwan is not China;
 * whether Hong Kong and Macao count is a setting.
 *
 * Files (data dir): policy/settings.tsv and policy/critical.tsv, see
 * data/README.md.
 */
#ifndef VS_POLICY_POLICY_H
#define VS_POLICY_POLICY_H

#include <stdbool.h>

#include "kb/kb.h"
#include "model/model.h"
#include "util/err.h"

struct policy;

/* dir NULL = kb_data_dir(). */
enum vs_err policy_load(const char *dir, struct policy **out, struct vs_error *err);
void policy_free(struct policy *p);

/* Override the Hong Kong / Macao setting (a command-line switch). */
void policy_set_hk_mo(struct policy *p, bool count_as_chinese);

/* Is a company seated in this ISO country Chinese under the policy? */
enum tri policy_country_chinese(const struct policy *p, const char *iso);

/* ISO alpha-2 for a country as inventories write it ("Kina", "China",
 * "CN", "Hongkong", "Taiwan" …); NULL when not recognised. */
const char *policy_country_code(const char *text);

/*
 * Decide a->chinese, a->country and the deciding company for an asset
 * whose a->vendor identification has set (the producer for hardware, the
 * owner for software; NULL when not known): the owner chain as of `as_of`
 * is walked and the first Chinese company in it decides. Without a vendor,
 * an origin the source reported decides, at lower confidence. Then
 * a->critical by the rules. Every step adds its evidence. False only when
 * memory ran out.
 */
bool policy_classify(const struct policy *p, const struct kb *kb, struct asset *a,
		     const char *as_of);

#endif
