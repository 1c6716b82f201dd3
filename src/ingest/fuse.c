#include "ingest/fuse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "identify/device.h"
#include "store/query_devices.h"
#include "store/query_fusion.h"
#include "store/query_observation.h"
#include "model/vocab.h"
#include "util/date.h"

/* The method a register's statement is kept under, and a fused device's
 * addresses (fuse_add_link). */
#define STATED vocab_method(VM_CSV)
#define LINK vocab_method(VM_LINK)

enum vs_err fuse_begin(struct fuse_run *fr, struct store *st, const struct ingest_env *env,
		       int64_t survey_id, const char *survey_date, struct vs_error *err)
{
	memset(fr, 0, sizeof(*fr));
	fr->st = st;
	fr->env = env;
	fr->survey_id = survey_id;
	fr->survey_date = survey_date;
	return store_device_keys_freeze(st, survey_id, &fr->keys, &fr->last_id, err);
}

enum vs_err fuse_vendor_snapshot(struct fuse_run *fr, const char *vendor_id,
				 struct vs_error *err)
{
	const struct kb *kb = fr->env->kb;
	if (!vendor_id)
		return VS_OK;
	const struct kb_vendor **seen = &fr->by_addr[((uintptr_t)vendor_id >> 3) & (FUSE_ID_CACHE - 1)];
	const struct kb_vendor *v = *seen;
	if (!v || strcmp(v->id, vendor_id) != 0) {
		if (!(v = kb_vendor_by_id(kb, vendor_id)))
			return VS_OK;
		*seen = v;
	}
	size_t h = ((uintptr_t)v >> 4) % FUSE_VENDOR_SLOTS;
	for (size_t i = 0; i < FUSE_VENDOR_SLOTS; i++, h = (h + 1) % FUSE_VENDOR_SLOTS) {
		if (fr->vendors[h] == v)
			return VS_OK;
		if (!fr->vendors[h])
			break;
	}
	/* A full set (more vendors than slots) writes the rest every time. */
	if (fr->n_vendors + 1 < FUSE_VENDOR_SLOTS && !fr->vendors[h]) {
		fr->vendors[h] = v;
		fr->n_vendors++;
	}
	const struct kb_edge *chain[1];
	size_t n = kb_owner_chain(kb, v->id, NULL, chain, 1);
	return store_vendor_upsert(fr->st, v->id, v->name, v->country,
				   n ? chain[0]->owner->id : NULL, v->source, err);
}

void fuse_end(struct fuse_run *fr)
{
	if (fr->st)
		store_device_keys_thaw(fr->st);
}

/* A single unit (not an aggregate row) that may join another. */
static enum vs_err one_unit(struct store *st, int64_t id, bool *yes, struct vs_error *err)
{
	struct asset a;
	asset_init(&a);
	struct asset_origin o;
	enum vs_err rc = store_asset_get(st, id, &a, &o, err);
	*yes = !rc && a.count.value == 1 && a.kind == ASSET_HARDWARE;
	asset_release(&a);
	return rc;
}

/*
 * The subject's serial names one asset and its MAC another (a register
 * listed it by serial, a lease file by MAC): both are this device, so the
 * second joins the first, with its facts, and the evidence says so.
 */
static enum vs_err join_both(struct fuse_run *fr, int64_t by_serial, int64_t by_mac,
			     const char *serial, const char *mac, struct vs_error *err)
{
	bool a = false, b = false;
	enum vs_err rc = one_unit(fr->st, by_serial, &a, err);
	if (!rc)
		rc = one_unit(fr->st, by_mac, &b, err);
	if (rc || !a || !b)
		return rc;
	char why[320];
	snprintf(why, sizeof(why), "asset #%lld (MAC %s) joined asset #%lld (serial %.200s): one device",
		 (long long)by_mac, mac, (long long)by_serial, serial);
	struct observation_row row = {vocab_method(VM_IDENTITY), vocab_field(VF_SAME_DEVICE), why, 1.0,
				      NULL, NULL, 0, 0};
	rc = fuse_keep_statement(fr->st, by_serial, err);
	if (!rc)
		rc = fuse_keep_statement(fr->st, by_mac, err);
	if (!rc)
		rc = store_asset_absorb(fr->st, by_serial, by_mac, err);
	if (!rc)
		rc = store_observation_add(fr->st, by_serial, &row, err);
	if (!rc)
		fr->joined++;
	return rc;
}

enum vs_err fuse_find(struct fuse_run *fr, const char *serial, const char *mac,
		      const char *hostname, struct fuse_match *m, struct vs_error *err)
{
	memset(m, 0, sizeof(*m));
	if (fr->last_id <= 0)
		return VS_OK; /* the survey held no hardware before this run */
	struct device_info d = {0}, dm = {0};
	enum vs_err rc = VS_OK;
	if (fr->keys > 0 && serial && *serial) {
		rc = store_device_find_serial(fr->st, fr->survey_id, serial, &d, err);
		if (!rc && d.asset_id) {
			m->by = "serial";
			snprintf(m->key, sizeof(m->key), "%s", serial);
		}
	}
	uint64_t addr;
	char canon[18] = "";
	if (!rc && fr->keys > 0 && mac && kb_parse_mac(mac, &addr)) {
		kb_format_mac(addr, canon);
		rc = store_device_find_mac(fr->st, fr->survey_id, canon, &dm, err);
		if (!rc && dm.asset_id && !d.asset_id) {
			m->by = "MAC";
			snprintf(m->key, sizeof(m->key), "%s", canon);
		}
	}
	if (!rc && d.asset_id && dm.asset_id && d.asset_id != dm.asset_id)
		rc = join_both(fr, d.asset_id, dm.asset_id, serial, canon, err);
	m->asset_id = d.asset_id ? d.asset_id : dm.asset_id;
	device_info_release(&d);
	device_info_release(&dm);
	if (!rc && !m->asset_id && hostname && *hostname) {
		rc = store_device_find_host_before(fr->st, fr->survey_id, hostname, fr->last_id,
						   &m->asset_id, err);
		if (!rc && m->asset_id) {
			m->by = "host name";
			snprintf(m->key, sizeof(m->key), "%s", hostname);
		}
	}
	return rc;
}

/* The fields a register row states, as the asset row keeps them. */
static const enum rec_field stated_fields[] = {
	RF_TYPE, RF_MAKER, RF_BRAND, RF_MODEL, RF_SERIAL, RF_FIRMWARE, RF_MAC, RF_IP,
	RF_HOSTNAME, RF_DEPARTMENT, RF_SITE, RF_ZONE, RF_ACQUIRED, RF_LIFESPAN, RF_ORIGIN,
	RF_DATA_CLASS,
};

static const char *row_field(const struct asset *a, enum rec_field f, char lifespan[16])
{
	switch (f) {
	case RF_TYPE: return a->type_raw;
	case RF_MAKER: return a->maker;
	case RF_BRAND: return a->brand;
	case RF_MODEL: return a->model;
	case RF_SERIAL: return a->serial;
	case RF_FIRMWARE: return a->firmware;
	case RF_MAC: return a->mac;
	case RF_IP: return a->ip;
	case RF_HOSTNAME: return a->hostname;
	case RF_DEPARTMENT: return a->department;
	case RF_SITE: return a->site;
	case RF_ZONE: return a->zone;
	case RF_ACQUIRED: return a->acquired;
	case RF_LIFESPAN:
		if (a->lifespan_years <= 0)
			return NULL;
		snprintf(lifespan, 16, "%d", a->lifespan_years);
		return lifespan;
	case RF_ORIGIN: return a->origin_reported;
	case RF_DATA_CLASS: return a->data_class;
	default: return NULL;
	}
}

static enum vs_err add_fact(struct store *st, int64_t asset_id, int64_t source_id,
			    enum rec_field f, const char *value, struct vs_error *err)
{
	if (!value || !*value)
		return VS_OK;
	struct observation_row o = {STATED, rec_field_name(f), value, 1.0, NULL, NULL, source_id, 0};
	return store_observation_add(st, asset_id, &o, err);
}

enum vs_err fuse_keep_statement(struct store *st, int64_t asset_id, struct vs_error *err)
{
	int64_t n = 0;
	enum vs_err rc = store_observation_count(st, asset_id, STATED, &n, err);
	if (rc || n > 0)
		return rc;
	struct asset a;
	asset_init(&a);
	struct asset_origin origin;
	rc = store_asset_get(st, asset_id, &a, &origin, err);
	if (!rc && strcmp(origin.source_kind, "import") == 0) {
		char lifespan[16];
		for (size_t i = 0; !rc && i < sizeof(stated_fields) / sizeof(stated_fields[0]); i++)
			rc = add_fact(st, asset_id, origin.source_id, stated_fields[i],
				      row_field(&a, stated_fields[i], lifespan), err);
	}
	asset_release(&a);
	return rc;
}

enum vs_err fuse_join(struct store *st, const struct fuse_match *m, int64_t source_id,
		      const char *where, struct vs_error *err)
{
	char why[512];
	snprintf(why, sizeof(why), "%s is asset #%lld by %s %s", where, (long long)m->asset_id,
		 m->by, m->key);
	struct observation_row row = {vocab_method(VM_IDENTITY), vocab_field(VF_SAME_DEVICE), why, 1.0,
				      NULL, NULL, source_id, 0};
	enum vs_err rc = fuse_keep_statement(st, m->asset_id, err);
	return rc ? rc : store_observation_add(st, m->asset_id, &row, err);
}

enum vs_err fuse_add_statement(struct store *st, int64_t asset_id, int64_t source_id,
			       const struct record *r, struct vs_error *err)
{
	enum vs_err rc = VS_OK;
	for (size_t i = 0; !rc && i < sizeof(stated_fields) / sizeof(stated_fields[0]); i++)
		rc = add_fact(st, asset_id, source_id, stated_fields[i], r->field[stated_fields[i]], err);
	return rc;
}

enum vs_err fuse_add_link(struct store *st, int64_t asset_id, int64_t source_id,
			  const struct sighting *s, struct vs_error *err)
{
	enum vs_err rc = VS_OK;
	if (s->has_mac) {
		uint64_t m = 0;
		for (int i = 0; i < 6; i++)
			m = m << 8 | s->mac[i];
		char mac[18];
		kb_format_mac(m, mac);
		struct observation_row o = {LINK, vocab_field(VF_MAC), mac, 1.0, NULL, NULL, source_id, 0};
		rc = store_observation_add(st, asset_id, &o, err);
	}
	for (size_t i = 0; !rc && i < s->n_addrs; i++) {
		struct observation_row o = {LINK, vocab_field(VF_ADDRESS), s->addrs[i], 1.0, NULL, NULL,
					    source_id, 0};
		rc = store_observation_add(st, asset_id, &o, err);
	}
	return rc;
}

/* "2026-01-01T10:00:00Z" -> microseconds; 0 when not a time. */
static int64_t iso_us(const char *t)
{
	struct tm tm = {0};
	if (!t || sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			 &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t s = timegm(&tm);
	return s > 0 ? (int64_t)s * 1000000 : 0;
}

/* What is stored of one asset, split into what a register states (the
 * latest source's value per field) and what was seen. */
struct stored {
	struct record stated;
	int64_t stated_source[RF_COUNT_OF_FIELDS];
	struct sighting seen;
	bool oom;
};

static void on_stored(const struct observation_row *r, void *ctx)
{
	struct stored *sd = ctx;
	if (strcmp(r->method, STATED) == 0) {
		int f = rec_field_by_name(r->field);
		if (f < 0 || r->source_id < sd->stated_source[f])
			return;
		sd->stated_source[f] = r->source_id;
		sd->oom |= !record_set(&sd->stated, (enum rec_field)f, r->value);
		return;
	}
	if (strcmp(r->method, LINK) == 0) {
		uint64_t mac;
		if (strcmp(r->field, vocab_field(VF_MAC)) == 0 && kb_parse_mac(r->value, &mac)) {
			sd->seen.has_mac = true;
			for (int i = 0; i < 6; i++)
				sd->seen.mac[i] = (uint8_t)(mac >> (40 - 8 * i));
		} else if (strcmp(r->field, vocab_field(VF_ADDRESS)) == 0) {
			sighting_add_addr(&sd->seen, r->value);
		}
		return;
	}
	int64_t first = iso_us(r->first_seen), last = iso_us(r->last_seen);
	size_t n = strlen(r->value);
	sd->oom |= !sighting_observe(&sd->seen, r->method, r->field, r->value, n, r->confidence, first);
	if (last > first)
		sd->oom |= !sighting_observe(&sd->seen, r->method, r->field, r->value, n,
					     r->confidence, last);
}

/* The addresses the row lists ("10.0.0.5, fe80::1") back into the sighting. */
static void seen_addrs(struct sighting *s, const char *ip)
{
	char buf[VS_MAX_DEVICE_ADDRS * SIGHTING_ADDR_TEXT];
	snprintf(buf, sizeof(buf), "%s", ip ? ip : "");
	char *save = NULL;
	for (char *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
		sighting_add_addr(s, t);
}

enum vs_err fuse_redecide(struct store *st, const struct ingest_env *env, int64_t asset_id,
			  struct asset *out, struct vs_error *err)
{
	struct asset row;
	asset_init(&row);
	struct asset_origin origin;
	struct stored sd = {0};
	record_init(&sd.stated);
	sighting_init(&sd.seen);
	struct asset a;
	asset_init(&a);
	struct seen_info seen;
	struct survey_info si = {0};
	enum vs_err rc = store_asset_get(st, asset_id, &row, &origin, err);
	if (!rc)
		rc = store_observations_of(st, asset_id, &seen, on_stored, &sd, err);
	if (!rc && sd.oom)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	if (!rc)
		rc = store_survey_by_id(st, origin.survey_id, &si, err);
	if (rc)
		goto out;
	/* The device's own link-layer address and addresses, as the wire gave them. */
	uint64_t mac;
	const char *mac_text = sd.stated.field[RF_MAC] || sd.seen.has_mac ? NULL : row.mac;
	if (mac_text && kb_parse_mac(mac_text, &mac)) {
		sd.seen.has_mac = true;
		for (int i = 0; i < 6; i++)
			sd.seen.mac[i] = (uint8_t)(mac >> (40 - 8 * i));
	}
	if (!sd.stated.field[RF_IP] && sd.seen.n_addrs == 0)
		seen_addrs(&sd.seen, row.ip);
	sd.stated.kind = ASSET_HARDWARE;
	sd.stated.count = row.count;
	sd.stated.source_method = NULL;
	const char *date = si.date[0] ? si.date : NULL;
	const char *why = "the survey's date";
	char day[11];
	if (!date && seen.known && seen.last_seen[0]) {
		snprintf(day, sizeof(day), "%.10s", seen.last_seen);
		date = day;
		why = "the day the device was last seen";
	} else if (!date) {
		why = "no date known";
	}
	rc = identify_subject(env->kb, env->pol, &sd.stated, &sd.seen, date, why, env->recog, &a, err);
	if (rc)
		goto out;
	a.id = asset_id;
	a.count = row.count;
	/* FILE:LINE stays the row's that created the asset. */
	if (!str_set(&a.source_line, row.source_line)) {
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
		goto out;
	}
	rc = store_asset_update(st, origin.survey_id, origin.source_id, &a, err);
	if (!rc && a.vendor) {
		const struct kb_vendor *v = kb_vendor_by_id(env->kb, a.vendor);
		const struct kb_edge *chain[1];
		size_t n = v ? kb_owner_chain(env->kb, v->id, NULL, chain, 1) : 0;
		if (v)
			rc = store_vendor_upsert(st, v->id, v->name, v->country,
						 n ? chain[0]->owner->id : NULL, v->source, err);
	}
out:
	if (!rc && out) {
		*out = a;
		asset_init(&a);
	}
	asset_release(&a);
	asset_release(&row);
	record_release(&sd.stated);
	sighting_release(&sd.seen);
	return rc;
}

enum vs_err ingest_forget_source(struct store *st, const struct ingest_env *env,
				 int64_t source_id, struct vs_error *err)
{
	int64_t *ids = NULL;
	size_t n = 0;
	enum vs_err rc = store_assets_shared_with(st, source_id, &ids, &n, err);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = store_asset_pass_on(st, ids[i], source_id, err);
		if (!rc)
			rc = store_source_facts_forget(st, source_id, ids[i], err);
		if (!rc)
			rc = fuse_redecide(st, env, ids[i], NULL, err);
	}
	free(ids);
	return rc;
}
