#include "report/asset_detail.h"

#include "report/assets.h"
#include "store/query_observation.h"
#include "store/query_serve.h"
#include "track/track.h"

struct one {
	const struct kb *kb;
	struct strbuf *out;
	bool found;
};

static bool put_asset(const struct asset *a, void *ctx)
{
	struct one *o = ctx;
	size_t at = o->out->len;
	report_asset_json(o->kb, a, o->out);
	if (o->out->len > at && o->out->buf[o->out->len - 1] == '\n')
		o->out->buf[--o->out->len] = 0; /* an object inside the detail, not a line */
	o->found = true;
	return false;
}

static void put_observation(const struct observation_row *r, void *ctx)
{
	struct strbuf *out = ctx;
	if (out->len && out->buf[out->len - 1] != '[')
		strbuf_addch(out, ',');
	strbuf_addstr(out, "{\"method\":");
	strbuf_add_json_str_or_null(out, r->method);
	strbuf_add_json_member(out, "field", r->field);
	strbuf_add_json_member(out, "value", r->value);
	strbuf_addf(out, ",\"confidence\":%.2f", r->confidence);
	strbuf_add_json_member(out, "first_seen", r->first_seen);
	strbuf_add_json_member(out, "last_seen", r->last_seen);
	strbuf_addstr(out, ",\"source_id\":");
	if (r->source_id)
		strbuf_addf(out, "%lld", (long long)r->source_id);
	else
		strbuf_addstr(out, "null");
	strbuf_addstr(out, ",\"line\":");
	if (r->line)
		strbuf_addf(out, "%lld", (long long)r->line);
	else
		strbuf_addstr(out, "null");
	strbuf_addch(out, '}');
}

enum vs_err report_asset_detail_json(struct store *st, const struct kb *kb, int64_t id,
				     struct strbuf *out, struct vs_error *err)
{
	if (id <= 0)
		return vs_fail(err, VS_ENOTFOUND, "no asset #%lld", (long long)id);
	struct asset a;
	struct asset_origin origin;
	asset_init(&a);
	enum vs_err rc = store_asset_get(st, id, &a, &origin, err);
	enum asset_kind kind = a.kind;
	asset_release(&a);
	if (rc)
		return rc;
	struct survey_info si;
	rc = store_survey_by_id(st, origin.survey_id, &si, err);
	if (rc)
		return rc;
	strbuf_addstr(out, "{\"asset\":");
	struct one o = {kb, out, false};
	struct store_asset_query q = {.f = {.kind = -1}, .id = id, .limit = 1};
	rc = store_assets_query(st, &q, put_asset, &o, NULL, err);
	if (!rc && !o.found)
		rc = vs_fail(err, VS_ENOTFOUND, "no asset #%lld", (long long)id);
	if (rc)
		return rc;
	strbuf_addstr(out, ",\"survey\":{\"name\":");
	strbuf_add_json_str(out, si.name);
	strbuf_add_json_member(out, "date", si.date[0] ? si.date : NULL);
	strbuf_addf(out, "},\"origin\":{\"source_id\":%lld", (long long)origin.source_id);
	strbuf_add_json_member(out, "kind", origin.source_kind[0] ? origin.source_kind : NULL);
	strbuf_add_json_member(out, "format", origin.source_format[0] ? origin.source_format : NULL);
	strbuf_addstr(out, "},\"observations\":[");
	struct seen_info seen;
	rc = store_observations_of(st, id, &seen, put_observation, out, err);
	if (rc)
		return rc;
	strbuf_addstr(out, "],\"seen\":");
	if (seen.known) {
		strbuf_addstr(out, "{\"first_seen\":");
		strbuf_add_json_str(out, seen.first_seen);
		strbuf_add_json_member(out, "last_seen", seen.last_seen);
		strbuf_addf(out, ",\"packets\":%llu}", (unsigned long long)seen.packets);
	} else {
		strbuf_addstr(out, "null");
	}
	/* The phase-out history (track.h), as `status DB ID --format json`;
	 * null for a program, which is not tracked. */
	strbuf_addstr(out, ",\"status\":");
	if (kind == ASSET_SOFTWARE) {
		strbuf_addstr(out, "null");
	} else {
		rc = track_history_json(st, id, out, err);
		if (rc)
			return rc;
	}
	strbuf_addstr(out, "}\n");
	return out->failed ? vs_fail(err, VS_ENOMEM, "out of memory") : VS_OK;
}
