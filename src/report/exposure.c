#include "report/exposure.h"

#include <stdlib.h>
#include <string.h>

#include "report/assets.h"
#include "store/query_exposure.h"
#include "store/query_observation.h"
#include "util/limits.h"
#include "util/text.h"

struct row {
	int64_t asset_id;
	char *peer, *name, *country, *cloud, *first, *last;
	uint64_t bytes;
	bool query; /* an attempt: asked DNS for the cloud, no traffic seen */
};

struct collect {
	struct store *st;
	const struct kb *kb;
	const struct policy *pol;
	struct row *rows;
	size_t n, alloc;
	bool oom;
	bool json;
	struct strbuf *out;
	size_t listed;
	enum vs_err rc; /* of reading a device's observations */
	struct vs_error *err;
};

/* A device's observations as JSON members or text lines. */
struct facts {
	struct strbuf *out;
	bool json;
	size_t n;
};

static void on_fact(const struct observation_row *r, void *ctx)
{
	struct facts *f = ctx;
	struct strbuf *o = f->out;
	if (f->json) {
		strbuf_addstr(o, f->n ? ",{\"method\":" : "{\"method\":");
		strbuf_add_json_str_or_null(o, r->method);
		strbuf_add_json_member(o, "field", r->field);
		strbuf_add_json_member(o, "value", r->value);
		strbuf_addf(o, ",\"confidence\":%.2f", r->confidence);
		strbuf_add_json_member(o, "first_seen", r->first_seen);
		strbuf_add_json_member(o, "last_seen", r->last_seen);
		strbuf_addch(o, '}');
	} else {
		strbuf_addf(o, "     seen %s %s: %s, %s .. %s\n", r->method, r->field, r->value,
			    r->first_seen ? r->first_seen : "?", r->last_seen ? r->last_seen : "?");
	}
	f->n++;
}

/* The device's first and last frame, then what it showed of itself. */
static void add_facts(struct collect *c, int64_t asset_id)
{
	struct strbuf *o = c->out;
	struct seen_info seen = {0};
	struct facts f = {.out = o, .json = c->json};
	struct strbuf lines = STRBUF_INIT;
	if (!c->json)
		f.out = &lines;
	else
		strbuf_addstr(o, ",\"observations\":[");
	if (!c->rc)
		c->rc = store_observations_of(c->st, asset_id, &seen, on_fact, &f, c->err);
	if (c->json) {
		strbuf_addch(o, ']');
		strbuf_add_json_member(o, "first_seen", seen.known ? seen.first_seen : NULL);
		strbuf_add_json_member(o, "last_seen", seen.known ? seen.last_seen : NULL);
		if (seen.known)
			strbuf_addf(o, ",\"packets\":%llu", (unsigned long long)seen.packets);
	} else {
		if (seen.known)
			strbuf_addf(o, "  on the network %s .. %s, %llu packets\n", seen.first_seen,
				    seen.last_seen, (unsigned long long)seen.packets);
		strbuf_addstr(o, strbuf_str(&lines));
	}
	strbuf_release(&lines);
}

/* The cloud column is "<kb vendor id>: <service>". */
static bool cloud_chinese(const struct collect *c, const char *cloud)
{
	if (!cloud)
		return false;
	char id[64];
	size_t n = strcspn(cloud, ":");
	if (n == 0 || n >= sizeof(id))
		return false;
	memcpy(id, cloud, n);
	id[n] = '\0';
	const struct kb_vendor *v = kb_vendor_by_id(c->kb, id);
	/* A cloud belongs to its vendor's owner chain too (EZVIZ is Hikvision's). */
	const struct kb_edge *chain[VS_MAX_OWNER_DEPTH];
	size_t k = v ? kb_owner_chain(c->kb, v->id, NULL, chain, VS_MAX_OWNER_DEPTH) : 0;
	if (v && policy_country_chinese(c->pol, v->country) == TRI_YES)
		return true;
	for (size_t i = 0; i < k; i++)
		if (policy_country_chinese(c->pol, chain[i]->owner->country) == TRI_YES)
			return true;
	return false;
}

/* "queried dev.hik-connect.com (Hikvision cloud: Hik-Connect …): no traffic
 * seen": the cloud column's vendor id by the knowledge base's name. */
static void add_attempt(struct collect *c, const struct row *r)
{
	const char *cloud = r->cloud ? r->cloud : "";
	size_t n = strcspn(cloud, ":");
	char id[64] = "";
	if (n < sizeof(id))
		memcpy(id, cloud, n);
	id[n < sizeof(id) ? n : 0] = '\0';
	const struct kb_vendor *v = id[0] ? kb_vendor_by_id(c->kb, id) : NULL;
	const char *service = cloud[n] ? cloud + n + 1 : "";
	while (*service == ' ')
		service++;
	strbuf_addf(c->out, "  -> queried %s%s%s (%s%s%s%s): no traffic seen, %s .. %s\n",
		    r->name ? r->name : "?", r->peer ? ", answered " : "", r->peer ? r->peer : "",
		    v ? v->name : cloud, v ? " cloud" : "", v && service[0] ? ": " : "",
		    v ? service : "", r->first ? r->first : "?", r->last ? r->last : "?");
}

static void on_row(int64_t asset_id, const struct exposure_row *r, void *ctx)
{
	struct collect *c = ctx;
	bool cn = r->country && policy_country_chinese(c->pol, r->country) == TRI_YES;
	if (!cn && !cloud_chinese(c, r->cloud))
		return;
	if (c->n == c->alloc) {
		size_t n = c->alloc ? c->alloc * 2 : 16;
		struct row *p = realloc(c->rows, n * sizeof(*p));
		if (!p) {
			c->oom = true;
			return;
		}
		c->rows = p;
		c->alloc = n;
	}
	struct row *w = &c->rows[c->n];
	memset(w, 0, sizeof(*w));
	w->asset_id = asset_id;
	w->bytes = r->bytes;
	w->query = r->query;
	c->oom |= !str_set(&w->peer, r->peer) || !str_set(&w->name, r->name) ||
		  !str_set(&w->country, r->country) || !str_set(&w->cloud, r->cloud) ||
		  !str_set(&w->first, r->first_seen) || !str_set(&w->last, r->last_seen);
	c->n++;
}

static bool on_asset(const struct asset *a, void *ctx)
{
	struct collect *c = ctx;
	size_t first = c->n;
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].asset_id == a->id) {
			first = i;
			break;
		}
	if (first == c->n)
		return true;
	struct strbuf *o = c->out;
	c->listed++;
	if (c->json) {
		strbuf_addf(o, "{\"id\":%lld", (long long)a->id);
		strbuf_add_json_member(o, "mac", a->mac);
		strbuf_add_json_member(o, "ip", a->ip);
		strbuf_add_json_member(o, "vendor", a->vendor_name);
		strbuf_add_json_member(o, "brand", a->brand);
		strbuf_add_json_member(o, "model", a->model);
		strbuf_addf(o, ",\"chinese\":%s",
			    a->chinese == TRI_YES ? "true" : a->chinese == TRI_NO ? "false" : "null");
		add_facts(c, a->id);
		strbuf_addstr(o, ",\"peers\":[");
		bool sep = false;
		for (size_t i = first; i < c->n; i++) {
			const struct row *r = &c->rows[i];
			if (r->asset_id != a->id)
				continue;
			strbuf_addstr(o, sep ? ",{\"peer\":" : "{\"peer\":");
			sep = true;
			strbuf_add_json_str_or_null(o, r->peer);
			strbuf_add_json_member(o, "name", r->name);
			strbuf_add_json_member(o, "country", r->country);
			strbuf_add_json_member(o, "cloud", r->cloud);
			strbuf_addf(o, ",\"bytes\":%llu", (unsigned long long)r->bytes);
			strbuf_add_json_member(o, "first_seen", r->first);
			strbuf_add_json_member(o, "last_seen", r->last);
			strbuf_add_json_member(o, "seen", r->query ? "query" : "traffic");
			strbuf_addch(o, '}');
		}
		strbuf_addstr(o, "],\"evidence\":[");
		struct strbuf line = STRBUF_INIT;
		for (size_t i = 0; i < a->n_evidence; i++) {
			strbuf_reset(&line);
			report_evidence_line(&a->evidence[i], &line);
			if (i)
				strbuf_addch(o, ',');
			strbuf_add_json_str(o, strbuf_str(&line));
		}
		strbuf_release(&line);
		strbuf_addstr(o, "]}\n");
		return true;
	}
	strbuf_addf(o, "#%lld %s %s%s%s%s%s%s\n", (long long)a->id, a->mac ? a->mac : "-",
		    a->vendor_name ? a->vendor_name : "unknown maker", a->brand ? " (brand " : "",
		    a->brand ? a->brand : "", a->brand ? ")" : "", a->model ? " " : "",
		    a->model ? a->model : "");
	add_facts(c, a->id);
	for (size_t i = first; i < c->n; i++) {
		const struct row *r = &c->rows[i];
		if (r->asset_id != a->id)
			continue;
		if (r->query) {
			add_attempt(c, r);
			continue;
		}
		strbuf_addf(o, "  -> %s%s%s%s %s%s%s, %llu bytes, %s .. %s\n", r->peer,
			    r->name ? " (" : "", r->name ? r->name : "", r->name ? ")" : "",
			    r->country ? r->country : "country unknown", r->cloud ? ", cloud " : "",
			    r->cloud ? r->cloud : "", (unsigned long long)r->bytes,
			    r->first ? r->first : "?", r->last ? r->last : "?");
	}
	struct strbuf line = STRBUF_INIT;
	for (size_t i = 0; i < a->n_evidence; i++) {
		const struct evidence *e = &a->evidence[i];
		if (strcmp(e->method, "exposure") != 0 && strcmp(e->method, "tls") != 0 &&
		    strcmp(e->method, "kb") != 0 && strcmp(e->method, "policy") != 0)
			continue;
		strbuf_reset(&line);
		report_evidence_line(e, &line);
		strbuf_addf(o, "     %s\n", strbuf_str(&line));
	}
	strbuf_release(&line);
	return true;
}

enum vs_err report_exposed(struct store *st, const struct kb *kb, const struct policy *pol,
			   int64_t survey_id, bool json, struct strbuf *out, size_t *n,
			   struct vs_error *err)
{
	struct collect c = {.st = st, .kb = kb, .pol = pol, .json = json, .out = out, .err = err};
	enum vs_err rc = store_exposures_foreach(st, survey_id, on_row, &c, err);
	if (!rc && c.oom)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	struct asset_filter f = {.survey_id = survey_id, .kind = ASSET_HARDWARE};
	if (!rc && c.n)
		rc = store_assets_foreach(st, &f, on_asset, &c, err);
	if (!rc)
		rc = c.rc;
	for (size_t i = 0; i < c.n; i++) {
		struct row *r = &c.rows[i];
		free(r->peer), free(r->name), free(r->country), free(r->cloud), free(r->first),
			free(r->last);
	}
	free(c.rows);
	*n = c.listed;
	return rc;
}
