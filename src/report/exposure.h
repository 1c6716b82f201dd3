/*
 * `assets --exposed`: the devices of a survey that talked to China or to a
 * Chinese vendor's cloud (capture exposure rows, schema 3), each with the
 * peers that make it so and the evidence behind them.
 */
#ifndef VS_REPORT_EXPOSURE_H
#define VS_REPORT_EXPOSURE_H

#include <stdbool.h>
#include <stdint.h>

#include "kb/kb.h"
#include "policy/policy.h"
#include "store/store.h"
#include "util/strbuf.h"

/*
 * Append the listing to out: text (one block per device: the device, then
 * "  -> peer (name) country, cloud, bytes, first .. last", then its
 * exposure evidence), or JSON (one object per device per line: id, mac, ip,
 * vendor, brand, model, chinese, peers [{peer, name, country, cloud,
 * bytes, first_seen, last_seen}], evidence [strings]). A peer counts when
 * its country is Chinese under the policy, or the cloud its name belongs
 * to is run by a company the policy counts as Chinese. *n gets the number
 * of devices listed.
 */
enum vs_err report_exposed(struct store *st, const struct kb *kb, const struct policy *pol,
			   int64_t survey_id, bool json, struct strbuf *out, size_t *n,
			   struct vs_error *err);

#endif
