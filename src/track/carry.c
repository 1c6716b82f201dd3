/*
 * Carrying status history to the asset a re-import made of the same device
 * (track.h, "Carrying history").
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/query_status.h"
#include "track/track.h"
#include "util/text.h"

static bool has(const char *s)
{
	return s && *s;
}

/* Both given and equal without case. */
static bool key_eq(const char *a, const char *b)
{
	return has(a) && has(b) && strcasecmp(a, b) == 0;
}

/* Equal, absent equal to absent. */
static bool same(const char *a, const char *b)
{
	if (!has(a) || !has(b))
		return !has(a) && !has(b);
	return strcmp(a, b) == 0;
}

bool track_register_same(const struct track_carry_key *a, const struct track_carry_key *b)
{
	return same(a->type, b->type) && same(a->department, b->department) &&
	       same(a->site, b->site) && same(a->maker, b->maker) && same(a->brand, b->brand) &&
	       same(a->model, b->model);
}

enum key_kind { KEY_SERIAL, KEY_MAC, KEY_HOST, KEY_REGISTER };

static bool key_match(enum key_kind k, const struct track_carry_key *g,
		      const struct track_carry_key *n)
{
	switch (k) {
	case KEY_SERIAL: return key_eq(g->serial, n->serial);
	case KEY_MAC: return key_eq(g->mac, n->mac);
	case KEY_HOST: return key_eq(g->hostname, n->hostname);
	default: return track_register_same(g, n);
	}
}

static bool device(const struct track_carry_key *k)
{
	return k->count == 1;
}

/* The one asset of now[] g is, by the first key g has that finds any:
 * its index, -1 none, -2 several. */
static long find(const struct track_carry_key *g, const struct track_carry_key *now, size_t n_now)
{
	static const enum key_kind device_keys[] = {KEY_SERIAL, KEY_MAC, KEY_HOST};
	static const enum key_kind row_keys[] = {KEY_REGISTER};
	const enum key_kind *keys = device(g) ? device_keys : row_keys;
	size_t n_keys = device(g) ? 3 : 1;
	for (size_t k = 0; k < n_keys; k++) {
		long hit = -1;
		for (size_t i = 0; i < n_now; i++) {
			if (device(&now[i]) != device(g) || !key_match(keys[k], g, &now[i]))
				continue;
			if (hit >= 0)
				return -2;
			hit = (long)i;
		}
		if (hit >= 0)
			return hit;
	}
	return -1;
}

void track_carry_match(const struct track_carry_key *gone, size_t n_gone,
		       const struct track_carry_key *now, size_t n_now, int64_t *to,
		       enum track_carry_why *why)
{
	long *at = calloc(n_gone ? n_gone : 1, sizeof(*at));
	for (size_t i = 0; i < n_gone; i++) {
		long h = find(&gone[i], now, n_now);
		if (at)
			at[i] = h;
		to[i] = 0;
		why[i] = h == -1 ? TRACK_CARRY_NONE : h == -2 ? TRACK_CARRY_AMBIGUOUS : TRACK_CARRY_OK;
		if (!at) /* out of memory: carry nothing rather than guess */
			why[i] = TRACK_CARRY_AMBIGUOUS;
	}
	if (!at)
		return;
	for (size_t i = 0; i < n_gone; i++) {
		if (why[i] != TRACK_CARRY_OK)
			continue;
		const struct track_carry_key *n = &now[at[i]];
		/* Unique the other way too: no other history finds this asset. */
		for (size_t j = 0; j < n_gone; j++)
			if (j != i && at[j] == at[i])
				why[i] = TRACK_CARRY_AMBIGUOUS;
		if (why[i] == TRACK_CARRY_OK && n->tracked)
			why[i] = TRACK_CARRY_TRACKED;
		if (why[i] == TRACK_CARRY_OK && n->count < gone[i].out)
			why[i] = TRACK_CARRY_TOO_FEW;
		if (why[i] == TRACK_CARRY_OK)
			to[i] = n->id;
	}
	free(at);
}

/* ---- against the store -------------------------------------------------- */

struct keys {
	struct track_carry_key *k;
	size_t n, alloc;
};

static void keys_release(struct keys *ks)
{
	for (size_t i = 0; i < ks->n; i++) {
		struct track_carry_key *k = &ks->k[i];
		free((char *)k->serial), free((char *)k->mac), free((char *)k->hostname);
		free((char *)k->type), free((char *)k->department), free((char *)k->site);
		free((char *)k->maker), free((char *)k->brand), free((char *)k->model);
	}
	free(ks->k);
	memset(ks, 0, sizeof(*ks));
}

static bool dup(const char **to, const char *from)
{
	*to = str_dup_or_null(from);
	return !from || *to;
}

static enum vs_err add_key(const struct status_key_row *r, void *ctx, struct vs_error *err)
{
	struct keys *ks = ctx;
	if (ks->n == ks->alloc) {
		size_t na = ks->alloc ? ks->alloc * 2 : 16;
		struct track_carry_key *nk = realloc(ks->k, na * sizeof(*nk));
		if (!nk)
			return vs_fail(err, VS_ENOMEM, "out of memory");
		ks->k = nk, ks->alloc = na;
	}
	struct track_carry_key *k = &ks->k[ks->n++];
	memset(k, 0, sizeof(*k));
	k->id = r->id, k->count = r->count, k->tracked = r->tracked;
	/* Every field tried (keys_release frees what was copied). */
	const char **to[] = {&k->serial, &k->mac,  &k->hostname, &k->type, &k->department,
			     &k->site,   &k->maker, &k->brand,   &k->model};
	const char *from[] = {r->serial, r->mac,   r->hostname, r->type, r->department,
			      r->site,   r->maker, r->brand,    r->model};
	bool ok = true;
	for (size_t i = 0; i < sizeof(to) / sizeof(to[0]); i++)
		ok = dup(to[i], from[i]) && ok;
	return ok ? VS_OK : vs_fail(err, VS_ENOMEM, "out of memory");
}

/* Units a detached history moved out of service (replayed as plan versus
 * actual does: from plenty in service). */
static enum vs_err replay(const struct status_row *r, void *ctx, struct vs_error *err)
{
	(void)err;
	int64_t *units = ctx;
	enum track_state s;
	if (r->state && track_state_parse(r->state, &s))
		track_units_move(units, s, r->units);
	return VS_OK;
}

static const char *why_text(enum track_carry_why w)
{
	switch (w) {
	case TRACK_CARRY_NONE: return "no asset of the survey is this device";
	case TRACK_CARRY_AMBIGUOUS: return "several assets or histories match";
	case TRACK_CARRY_TRACKED: return "the matching asset has history of its own";
	case TRACK_CARRY_TOO_FEW: return "the matching row counts fewer units than the history moved";
	default: return NULL;
	}
}

enum vs_err track_carry(struct store *st, int64_t survey_id, struct track_carried *out,
			struct vs_error *err)
{
	memset(out, 0, sizeof(*out));
	struct keys gone = {0}, now = {0};
	int64_t *to = NULL;
	enum track_carry_why *why = NULL;
	enum vs_err rc = store_status_gone_each(st, survey_id, add_key, &gone, err);
	if (rc || gone.n == 0)
		goto out;
	for (size_t i = 0; !rc && i < gone.n; i++) {
		int64_t units[TRACK_N_STATES] = {0};
		units[TRACK_IN_SERVICE] = INT64_MAX / 4;
		rc = store_status_foreach_ref(st, gone.k[i].id, replay, units, err);
		gone.k[i].out = INT64_MAX / 4 - units[TRACK_IN_SERVICE];
	}
	if (!rc)
		rc = store_status_candidates(st, survey_id, add_key, &now, err);
	to = calloc(gone.n, sizeof(*to));
	why = calloc(gone.n, sizeof(*why));
	if (!rc && (!to || !why))
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	if (rc)
		goto out;
	track_carry_match(gone.k, gone.n, now.k, now.n, to, why);
	for (size_t i = 0; !rc && i < gone.n; i++) {
		if (why[i] == TRACK_CARRY_OK) {
			rc = store_status_carry(st, gone.k[i].id, to[i], err);
			out->carried++;
			continue;
		}
		rc = store_status_gone_why(st, gone.k[i].id, why_text(why[i]), err);
		out->detached++;
		out->none += why[i] == TRACK_CARRY_NONE;
		out->ambiguous += why[i] == TRACK_CARRY_AMBIGUOUS;
		out->tracked += why[i] == TRACK_CARRY_TRACKED;
		out->too_few += why[i] == TRACK_CARRY_TOO_FEW;
	}
out:
	free(to);
	free(why);
	keys_release(&gone);
	keys_release(&now);
	return rc;
}

/* ---- listing ------------------------------------------------------------ */

struct list_ctx {
	bool json;
	struct strbuf *out;
};

static void text_field(struct strbuf *out, const char *name, const char *v)
{
	if (has(v))
		strbuf_addf(out, " %s=%s", name, v);
}

static enum vs_err list_one(const struct status_detached *d, void *ctx, struct vs_error *err)
{
	(void)err;
	struct list_ctx *l = ctx;
	const char *names[] = {"serial", "mac", "hostname", "type", "department",
			       "site", "maker", "brand", "model"};
	const char *vals[] = {d->serial, d->mac, d->hostname, d->type, d->department,
			      d->site, d->maker, d->brand, d->model};
	if (!l->json) {
		strbuf_addf(l->out, "asset %lld (survey %s", (long long)d->asset_ref,
			    d->survey ? d->survey : "?");
		if (d->count >= 0)
			strbuf_addf(l->out, ", %lld unit%s", (long long)d->count,
				    d->count == 1 ? "" : "s");
		strbuf_addf(l->out, "): %lld change%s, last %s %s;", (long long)d->changes,
			    d->changes == 1 ? "" : "s", d->last_state ? d->last_state : "?",
			    d->last_date ? d->last_date : "?");
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			text_field(l->out, names[i], vals[i]);
		text_field(l->out, "source", d->source);
		strbuf_addf(l->out, "; %s\n",
			    d->why ? d->why : "removed before its device could be matched");
		return VS_OK;
	}
	strbuf_addf(l->out, "{\"asset_ref\":%lld,\"survey\":", (long long)d->asset_ref);
	strbuf_add_json_str_or_null(l->out, d->survey);
	strbuf_addstr(l->out, ",\"source\":");
	strbuf_add_json_str_or_null(l->out, d->source);
	if (d->count >= 0)
		strbuf_addf(l->out, ",\"count\":%lld", (long long)d->count);
	else
		strbuf_addstr(l->out, ",\"count\":null");
	strbuf_addf(l->out, ",\"changes\":%lld,\"state\":", (long long)d->changes);
	strbuf_add_json_str_or_null(l->out, d->last_state);
	strbuf_addstr(l->out, ",\"date\":");
	strbuf_add_json_str_or_null(l->out, d->last_date);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		strbuf_addf(l->out, ",\"%s\":", names[i]);
		strbuf_add_json_str_or_null(l->out, vals[i]);
	}
	strbuf_addstr(l->out, ",\"why\":");
	strbuf_add_json_str_or_null(l->out, d->why);
	strbuf_addstr(l->out, "}\n");
	return VS_OK;
}

enum vs_err track_detached_list(struct store *st, bool json, struct strbuf *out,
				struct vs_error *err)
{
	struct list_ctx l = {json, out};
	enum vs_err rc = store_status_detached_each(st, list_one, &l, err);
	if (!rc && out->failed)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	return rc;
}
