/*
 * Devices seen on the wire (model/sighting.h) to assets: identity
 * resolution, then the maker decision with its evidence.
 *
 * Identity: capture keys sightings by MAC; here sightings that carry the
 * same serial number (SADP DeviceSN, DHIP SerialNo, XM SN, or the serial a
 * Dahua "Login to <serial>" realm leaks) are one device and merge, the
 * first seen absorbing the later ones (the other MAC is kept as evidence).
 *
 * The maker decision weighs evidence by kind: a vendor's own discovery
 * protocol answering (SADP = Hikvision firmware, DHIP = Dahua, XM 1531 =
 * Xiongmai) > a name in a certificate, banner, SNMP/LLDP description,
 * WS-Discovery name or SIP user agent, or a built-in banner fingerprint
 * (kb/fingerprints.tsv: HTTP Server "DNVRS-Webs", a VRP sysDescr, an
 * enterprise number …) > a model-number prefix > the MAC's IEEE block.
 * Within the banner rank the most certain claim decides; two naming makers
 * that do not answer for each other (same owner, or one making the other's
 * devices) cancel, and the evidence says which disagree. A fingerprint's
 * model and firmware groups fill in what discovery did not say, for the
 * maker decided only. A brand seen beside a producer's protocol (SADP OEMInfo
 * "LTS", DHIP Vendor "Amcrest") is the brand; the producer is the vendor.
 * Without the producer's protocol, a brand's high-certainty OEM edge
 * decides; a medium one (often "some models") only when something else seen
 * on the device (OUI, model prefix, a banner) points at that producer too.
 * Network-chip blocks (Realtek, Intel, Espressif, Quectel…) and randomised
 * MACs name no maker and say so; with nothing better the answer is
 * unknown, never a guess.
 */
#ifndef VS_IDENTIFY_DEVICE_H
#define VS_IDENTIFY_DEVICE_H

#include <stddef.h>

#include "identify/recog.h"
#include "kb/kb.h"
#include "model/model.h"
#include "model/sighting.h"
#include "policy/policy.h"
#include "util/err.h"

/*
 * Merge sightings that are one device, in place: s[0..*n) keeps its order
 * (first seen first) and *n shrinks. VS_ENOMEM is the only failure.
 */
enum vs_err identify_merge_sightings(struct sighting *s, size_t *n, struct vs_error *err);

/*
 * Fill a (initialised and released by the caller) from one sighting:
 * mac, ip (the addresses, comma separated), model, firmware, serial,
 * hostname, type, brand, vendor, confidence, the policy's verdicts as of
 * `date` (NULL = today; date_why says where it came from, for the
 * evidence), and the evidence: every observation as {method, field,
 * value}, then the reasoning, each built-in fingerprint hit with its
 * FILE:LINE. rg (NULL: none) adds `recog` evidence for
 * every banner a Recog fingerprint matches, and a name claim from its
 * hw.vendor. VS_ENOMEM only.
 */
enum vs_err identify_sighting(const struct kb *kb, const struct policy *pol,
			      const struct sighting *s, const char *date, const char *date_why,
			      const struct recog *rg, struct asset *a, struct vs_error *err);

/*
 * One device several sources described: what a register states of it (r:
 * type, maker, brand, model, department … as an inventory row) and what was
 * seen of it (s), decided together by the same rules. A stated field beats
 * the same field seen; a stated maker outranks a banner, not a discovery
 * protocol. Ownership as of the record's acquisition date, else `date`.
 * VS_EBADVAL for an acquisition date that is not one, else VS_ENOMEM only.
 */
enum vs_err identify_subject(const struct kb *kb, const struct policy *pol, const struct record *r,
			     const struct sighting *s, const char *date, const char *date_why,
			     const struct recog *rg, struct asset *a, struct vs_error *err);

#endif
