#include "identify/device.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identify/ident_int.h"
#include "util/strbuf.h"
#include "util/text.h"

/* The best value of a field over the methods (VM_COUNT ends them), in order of trust. */
static const char *pick(const struct sighting *s, enum vs_field field, const enum vs_method *methods)
{
	for (; *methods != VM_COUNT; methods++) {
		const char *v = sighting_value(s, vocab_method(*methods), vocab_field(field));
		if (v)
			return v;
	}
	return NULL;
}

static const char *value_of(const struct sighting *s, enum vs_method m, enum vs_field f)
{
	return sighting_value(s, vocab_method(m), vocab_field(f));
}

/* "Login to 6G0ABCDPAG12345": the Dahua realm carries the serial. */
static bool realm_serial(const char *realm, char *out, size_t cap)
{
	static const char pre[] = "Login to ";
	if (strncmp(realm, pre, sizeof(pre) - 1) != 0)
		return false;
	const char *p = realm + sizeof(pre) - 1;
	size_t n = strlen(p);
	if (n < 6 || n >= cap || strcspn(p, " \t") != n)
		return false;
	memcpy(out, p, n + 1);
	return true;
}

/* The serial numbers a sighting carries (at most cap), pointers into it
 * or into bufs. */
static size_t serials(const struct sighting *s, const char **out, char bufs[][VS_MAX_OBS_VALUE + 8],
		      size_t cap)
{
	size_t n = 0;
	for (size_t k = 0; k < s->n_obs && n < cap; k++) {
		const struct observation *o = &s->obs[k];
		int m = vocab_method_find(o->method);
		if (strcmp(o->field, vocab_field(VF_SERIAL)) == 0 &&
		    (m == VM_SADP || m == VM_DHIP || m == VM_XM))
			out[n++] = o->value;
		else if (strcmp(o->field, vocab_field(VF_REALM)) == 0 &&
			 realm_serial(o->value, bufs[n], sizeof(bufs[n])))
			out[n] = bufs[n], n++;
	}
	return n;
}

/* ---- identity resolution ---- */

struct serial_ref {
	char *serial;
	size_t idx;
};

static int serial_cmp(const void *a, const void *b)
{
	const struct serial_ref *x = a, *y = b;
	int c = strcmp(x->serial, y->serial);
	return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

static size_t root(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

enum vs_err identify_merge_sightings(struct sighting *s, size_t *n, struct vs_error *err)
{
	enum { PER = 4 };
	struct serial_ref *refs = malloc((*n ? *n : 1) * PER * sizeof(*refs));
	size_t *parent = malloc((*n ? *n : 1) * sizeof(*parent));
	char(*bufs)[VS_MAX_OBS_VALUE + 8] = malloc(PER * sizeof(*bufs));
	size_t n_refs = 0;
	enum vs_err rc = VS_OK;
	if (!refs || !parent || !bufs) {
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < *n; i++) {
		parent[i] = i;
		const char *ser[PER];
		size_t k = serials(&s[i], ser, bufs, PER);
		for (size_t j = 0; j < k; j++) {
			refs[n_refs].serial = str_dup_or_null(ser[j]);
			refs[n_refs].idx = i;
			if (!refs[n_refs].serial) {
				rc = vs_fail(err, VS_ENOMEM, "out of memory");
				goto out;
			}
			n_refs++;
		}
	}
	qsort(refs, n_refs, sizeof(*refs), serial_cmp);
	for (size_t i = 1; i < n_refs; i++) {
		if (strcmp(refs[i].serial, refs[i - 1].serial) != 0)
			continue;
		size_t a = root(parent, refs[i - 1].idx), b = root(parent, refs[i].idx);
		/* The earlier-seen device absorbs the later one. */
		if (a < b)
			parent[b] = a;
		else if (b < a)
			parent[a] = b;
	}
	/* Roots are the smallest index of their set, so each is placed before
	 * its members arrive; newpos maps a root to where it now lives. */
	size_t *newpos = malloc((*n ? *n : 1) * sizeof(*newpos));
	if (!newpos) {
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
		goto out;
	}
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		size_t r = root(parent, i);
		if (r == i) {
			if (kept != i)
				s[kept] = s[i];
			newpos[i] = kept++;
			continue;
		}
		struct sighting *dst = &s[newpos[r]];
		char why[64];
		if (s[i].has_mac) {
			snprintf(why, sizeof(why), "%02x:%02x:%02x:%02x:%02x:%02x", s[i].mac[0],
				 s[i].mac[1], s[i].mac[2], s[i].mac[3], s[i].mac[4], s[i].mac[5]);
			/* The absorbed MAC stays on record: "same serial, other interface". */
			if (!sighting_observe(dst, vocab_method(VM_IDENTITY),
					      vocab_field(VF_SAME_SERIAL_MAC), why, strlen(why), 1.0,
					      s[i].first_us))
				rc = vs_fail(err, VS_ENOMEM, "out of memory");
		}
		if (!sighting_merge(dst, &s[i]))
			rc = vs_fail(err, VS_ENOMEM, "out of memory");
	}
	*n = kept;
	free(newpos);
out:
	for (size_t i = 0; i < n_refs; i++)
		free(refs[i].serial);
	free(refs);
	free(parent);
	free(bufs);
	return rc;
}

/* ---- one device ---- */

static void join_addrs(struct ident *id, const struct sighting *s)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < s->n_addrs; i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, s->addrs[i]);
	}
	if (sb.failed)
		id->oom = true;
	else if (sb.len)
		ident_set(id, &id->a->ip, sb.buf);
	strbuf_release(&sb);
}

/* A type word kb_type_match knows, from what the device said it is. */
static const char *type_word(const struct sighting *s)
{
	/* A type a register states (an inventory row fused with the device). */
	const char *stated = sighting_value(s, NULL, vocab_field(VF_TYPE));
	if (stated)
		return stated;
	const char *cls = value_of(s, VM_DHIP, VF_DEVICE_CLASS);
	if (cls && (strcmp(cls, "IPC") == 0 || strcmp(cls, "SD") == 0))
		return "IP camera";
	if (cls)
		return cls; /* "NVR", "DVR", "XVR", "VTO" … as Dahua names them */
	const char *xm = value_of(s, VM_XM, VF_DEVICE_TYPE);
	if (xm)
		return xm;
	const char *types = value_of(s, VM_WSD, VF_TYPES);
	if (types && strstr(types, "NetworkVideoTransmitter"))
		return "IP camera";
	if (value_of(s, VM_SIP, VF_USER_AGENT))
		return "IP phone";
	return NULL;
}

/* What was seen, as seen: the auditor's "why". */
static void seen_evidence(struct ident *id, const struct sighting *s)
{
	/* The decision's own lines come after these and must find room: a
	 * device with many facts has them stored as observations anyway. */
	size_t room = VS_MAX_EVIDENCE - 1 - VS_EVIDENCE_DECISION_ROOM;
	size_t shown = s->n_obs < room ? s->n_obs : room - 1;
	for (size_t k = 0; k < shown; k++)
		ident_evidence_as(id, s->obs[k].method, s->obs[k].field, s->obs[k].confidence, "%s",
				  s->obs[k].value);
	if (shown < s->n_obs)
		ident_evidence(id, VM_EVIDENCE, VF_LIMIT, 0,
			       "%zu further observations are stored with the device, not repeated here",
			       s->n_obs - shown);
	if (s->dropped)
		ident_evidence(id, VM_CAPTURE, VF_LIMIT, 0,
			       "%llu further facts, addresses or peers past the per-device limits "
			       "were not kept", (unsigned long long)s->dropped);
}

/* Set *slot when nothing set it yet: a register's own statement (the
 * record fused with a device) beats what the wire says of the same field. */
static void fill(struct ident *id, char **slot, const char *value)
{
	if (!*slot && value)
		ident_set(id, slot, value);
}

/* A switch port is where the device is plugged in: "sw-floor2 Gi1/0/3" is
 * the site when the register states none (a stated site is kept). */
static void site_hint(struct ident *id, const struct sighting *s)
{
	const char *sw = value_of(s, VM_SWITCH, VF_SWITCH), *port = value_of(s, VM_SWITCH, VF_PORT);
	if (id->a->site || !port)
		return;
	char where[2 * VS_MAX_OBS_VALUE + 16];
	snprintf(where, sizeof(where), "%s %s", sw ? sw : "port", port);
	fill(id, &id->a->site, where);
}

static void copy_sighting(struct ident *id, const struct kb *kb, const struct sighting *s)
{
	/* Not xm: the 1531 reply carries DeviceType (a type word, "DVR") and a
	 * version whose fourth field ("A6380140") is a build code models share;
	 * the model (SystemInfo "HardWare") answers only after a login. */
	static const enum vs_method model_from[] = {VM_SADP, VM_DHIP, VM_WSD, VM_COUNT};
	static const enum vs_method fw_from[] = {VM_SADP, VM_DHIP, VM_XM, VM_COUNT};
	static const enum vs_method serial_from[] = {VM_SADP, VM_DHIP, VM_XM, VM_COUNT};
	static const enum vs_method host_from[] = {VM_DHCP, VM_XM, VM_DHIP, VM_LLDP, VM_MDNS,
						   VM_COUNT};
	struct asset *a = id->a;
	a->kind = ASSET_HARDWARE;
	if (s->has_mac && !a->mac) {
		char mac[18];
		uint64_t m = 0;
		for (int i = 0; i < 6; i++)
			m = m << 8 | s->mac[i];
		kb_format_mac(m, mac);
		ident_set(id, &a->mac, mac);
	}
	if (!a->ip)
		join_addrs(id, s);
	fill(id, &a->model, pick(s, VF_MODEL, model_from));
	fill(id, &a->firmware, pick(s, VF_FIRMWARE, fw_from));
	const char *serial = pick(s, VF_SERIAL, serial_from);
	char realm_buf[VS_MAX_OBS_VALUE + 8];
	const char *realm = serial ? NULL : sighting_value(s, NULL, vocab_field(VF_REALM));
	if (realm && realm_serial(realm, realm_buf, sizeof(realm_buf)))
		serial = realm_buf;
	fill(id, &a->serial, serial);
	const char *host = pick(s, VF_HOSTNAME, host_from);
	if (!host)
		host = value_of(s, VM_LLDP, VF_SYS_NAME);
	fill(id, &a->hostname, host);
	site_hint(id, s);
	if (a->type_raw)
		return;
	const char *tw = type_word(s);
	ident_set(id, &a->type_raw, tw);
	const struct kb_type *t = tw ? kb_type_match(kb, tw) : NULL;
	if (t)
		ident_set(id, &a->type, t->key);
}

enum vs_err identify_sighting(const struct kb *kb, const struct policy *pol,
			      const struct sighting *s, const char *date, const char *date_why,
			      const struct recog *rg, struct asset *a, struct vs_error *err)
{
	struct ident id = {.a = a, .stated_method = "csv"};
	copy_sighting(&id, kb, s);
	seen_evidence(&id, s);
	ident_decide(&id, kb, pol, s, rg, date, date_why);
	if (id.oom)
		return vs_fail(err, VS_ENOMEM, "out of memory identifying a device");
	return VS_OK;
}

enum vs_err identify_subject(const struct kb *kb, const struct policy *pol, const struct record *r,
			     const struct sighting *s, const char *date, const char *date_why,
			     const struct recog *rg, struct asset *a, struct vs_error *err)
{
	struct ident id = {.a = a, .stated_method = r->source_method ? r->source_method : "csv"};
	enum vs_err rc = ident_copy_record(&id, kb, r);
	if (rc)
		return vs_fail(err, rc, "%s: acquisition date '%s' is not a date",
			       a->source_line ? a->source_line : "input", id.bad_date);
	copy_sighting(&id, kb, s);
	seen_evidence(&id, s);
	const char *as_of = a->acquired ? a->acquired : date;
	id.date_is_own = a->acquired != NULL;
	ident_decide(&id, kb, pol, s, rg, as_of, date_why);
	if (id.oom)
		return vs_fail(err, VS_ENOMEM, "out of memory identifying a device");
	return VS_OK;
}
