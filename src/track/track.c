/*
 * Phase-out tracking: validating a status change against the asset and its
 * history, appending it, and reading the history back (track.h has the
 * rules). The statements are in store/query_status.c.
 */
#include "track/track.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plan/plan.h"
#include "report/rdoc.h"
#include "store/query_status.h"
#include "store/store.h"
#include "util/date.h"
#include "util/limits.h"
#include "util/money.h"
#include "util/text.h"

static const char *const state_names[TRACK_N_STATES] = {
	"in_service", "ordered", "replaced", "decommissioned", "exempt",
};

const char *track_state_name(enum track_state s)
{
	return (unsigned)s < TRACK_N_STATES ? state_names[s] : "?";
}

bool track_state_parse(const char *s, enum track_state *out)
{
	char buf[32];
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n >= sizeof(buf))
		return false;
	for (size_t i = 0; i <= n; i++)
		buf[i] = s[i] == '-' ? '_' : (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	if (strcmp(buf, "replacement_ordered") == 0) {
		*out = TRACK_ORDERED;
		return true;
	}
	for (int i = 0; i < TRACK_N_STATES; i++)
		if (strcmp(buf, state_names[i]) == 0) {
			*out = (enum track_state)i;
			return true;
		}
	return false;
}

bool track_int_parse(const char *s, size_t n, int64_t lo, int64_t hi, int64_t *out)
{
	if (!s || n == 0 || n > 18)
		return false;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

bool track_asset_id_parse(const char *s, size_t n, int64_t *out)
{
	return track_int_parse(s, n, 1, INT64_MAX, out);
}

/* Where units moving into a state come from, first choice first
 * (track.h); TRACK_N_STATES ends a list. */
static const enum track_state sources_of[TRACK_N_STATES][5] = {
	[TRACK_IN_SERVICE] = {TRACK_EXEMPT, TRACK_ORDERED, TRACK_DECOMMISSIONED, TRACK_REPLACED,
			      TRACK_N_STATES},
	[TRACK_ORDERED] = {TRACK_IN_SERVICE, TRACK_EXEMPT, TRACK_N_STATES},
	[TRACK_REPLACED] = {TRACK_ORDERED, TRACK_IN_SERVICE, TRACK_EXEMPT, TRACK_N_STATES},
	[TRACK_DECOMMISSIONED] = {TRACK_ORDERED, TRACK_IN_SERVICE, TRACK_EXEMPT, TRACK_N_STATES},
	[TRACK_EXEMPT] = {TRACK_IN_SERVICE, TRACK_ORDERED, TRACK_N_STATES},
};

/* Units that a change into s can take from units[]. */
static int64_t movable(const int64_t units[TRACK_N_STATES], enum track_state s)
{
	int64_t n = 0;
	for (const enum track_state *f = sources_of[s]; *f != TRACK_N_STATES; f++)
		n += units[*f];
	return n;
}

/* Move up to n units into s, first choice first. A history whose asset's
 * count shrank since (a re-decided row) moves what there is. */
void track_units_move(int64_t units[TRACK_N_STATES], enum track_state s, int64_t n)
{
	for (const enum track_state *f = sources_of[s]; *f != TRACK_N_STATES && n > 0; f++) {
		int64_t take = units[*f] < n ? units[*f] : n;
		units[*f] -= take;
		units[s] += take;
		n -= take;
	}
}

void track_history_release(struct track_history *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->e[i].user);
		free(h->e[i].note);
		free(h->e[i].reason);
	}
	free(h->e);
	memset(h, 0, sizeof(*h));
}

static enum vs_err add_entry(const struct status_row *r, void *ctx, struct vs_error *err)
{
	struct track_history *h = ctx;
	enum track_state s;
	if (!r->state || !track_state_parse(r->state, &s))
		return vs_fail(err, VS_EDB, "status row %lld has an unknown state", (long long)r->id);
	if (h->n == h->alloc) {
		size_t na = h->alloc ? h->alloc * 2 : 8;
		if (na > SIZE_MAX / sizeof(*h->e))
			return vs_fail(err, VS_ENOMEM, "out of memory");
		struct track_entry *ne = realloc(h->e, na * sizeof(*ne));
		if (!ne)
			return vs_fail(err, VS_ENOMEM, "out of memory");
		h->e = ne;
		h->alloc = na;
	}
	struct track_entry *e = &h->e[h->n];
	memset(e, 0, sizeof(*e));
	e->id = r->id;
	e->state = s;
	snprintf(e->date, sizeof(e->date), "%s", r->date ? r->date : "");
	snprintf(e->recorded, sizeof(e->recorded), "%s", r->recorded_at ? r->recorded_at : "");
	e->cost = r->cost;
	e->units = r->units;
	e->user = str_dup_or_null(r->changed_by);
	e->note = str_dup_or_null(r->note);
	e->reason = str_dup_or_null(r->reason);
	h->n++;
	if ((r->changed_by && !e->user) || (r->note && !e->note) || (r->reason && !e->reason))
		return vs_fail(err, VS_ENOMEM, "out of memory");
	track_units_move(h->units, s, r->units);
	return VS_OK;
}

static enum vs_err history_of(struct store *st, const struct status_asset *a,
			      struct track_history *h, struct vs_error *err)
{
	memset(h, 0, sizeof(*h));
	h->asset_id = a->id;
	h->survey_id = a->survey_id;
	h->count = a->count;
	h->units[TRACK_IN_SERVICE] = a->count;
	return store_status_foreach_asset(st, a->id, add_entry, h, err);
}

enum vs_err track_history_get(struct store *st, int64_t asset_id, struct track_history *h,
			      struct vs_error *err)
{
	struct status_asset a;
	memset(h, 0, sizeof(*h));
	enum vs_err rc = store_status_asset(st, asset_id, &a, err);
	if (rc)
		return rc;
	rc = history_of(st, &a, h, err);
	store_status_asset_release(&a);
	if (rc)
		track_history_release(h);
	return rc;
}

/* Text a person typed, as stored: control bytes become '?' (as imports
 * store names), so no terminal escape reaches the store. */
static enum vs_err clean_text(const char *what, const char *s, size_t max, char **out,
			      struct vs_error *err)
{
	*out = NULL;
	if (!s || !*s)
		return VS_OK;
	if (strlen(s) > max)
		return vs_fail(err, VS_ETOOBIG, "%s is longer than %zu bytes", what, max);
	if (!utf8_valid((const uint8_t *)s, strlen(s), NULL))
		return vs_fail(err, VS_EBADVAL, "%s is not valid UTF-8", what);
	*out = str_dup_or_null(s);
	if (!*out)
		return vs_fail(err, VS_ENOMEM, "out of memory");
	str_ctl_replace(*out);
	return VS_OK;
}

/* now as YYYY-MM-DD and YYYY-MM-DDTHH:MM:SSZ (UTC). */
static bool format_now(int64_t now, char day[11], char stamp[21])
{
	if (!date_utc_stamp(now, stamp))
		return false;
	memcpy(day, stamp, 10);
	day[10] = '\0';
	return true;
}

/* A full YYYY-MM-DD date that exists. */
static bool full_date(const char *s)
{
	return s && strlen(s) == 10 && s[4] == '-' && s[7] == '-' && date_valid(s);
}

static enum vs_err check_change(const struct track_change *c, const struct status_asset *a,
				const struct track_history *h, const char *date,
				const char *today, int64_t *units, struct vs_error *err)
{
	long long id = (long long)c->asset_id;
	if ((unsigned)c->state >= TRACK_N_STATES)
		return vs_fail(err, VS_EBADVAL, "asset %lld: unknown state", id);
	if (a->software)
		return vs_fail(err, VS_EBADVAL,
			       "asset %lld is software: only hardware is tracked (a program is "
			       "phased out by its plan, not replaced unit by unit)",
			       id);
	if (!full_date(date))
		return vs_fail(err, VS_EBADVAL, "asset %lld: date '%s' is not YYYY-MM-DD", id, date);
	if (strcmp(date, today) > 0)
		return vs_fail(err, VS_EBADVAL,
			       "asset %lld: date %s is in the future (today is %s); record a change "
			       "when it has happened",
			       id, date, today);
	if (h->n && strcmp(date, h->e[h->n - 1].date) < 0)
		return vs_fail(err, VS_EBADVAL,
			       "asset %lld: date %s is before its latest change (%s, %s); history is "
			       "kept in the order things happened",
			       id, date, h->e[h->n - 1].date, track_state_name(h->e[h->n - 1].state));
	bool has_reason = c->reason && *c->reason;
	if (c->state == TRACK_EXEMPT && !has_reason)
		return vs_fail(err, VS_EBADVAL, "asset %lld: exempt needs a reason", id);
	if (c->state != TRACK_EXEMPT && has_reason)
		return vs_fail(err, VS_EBADVAL,
			       "asset %lld: a reason is for exempt; write it as a note for %s", id,
			       track_state_name(c->state));
	if (c->cost < -1 || c->cost > PLAN_MAX_MONEY)
		return vs_fail(err, VS_EBADVAL, "asset %lld: cost out of range", id);
	if (c->units < 0 || c->units > VS_MAX_COUNT)
		return vs_fail(err, VS_EBADVAL, "asset %lld: units must be 1 to %lld", id,
			       (long long)VS_MAX_COUNT);
	int64_t can = movable(h->units, c->state);
	if (can == 0) {
		if (h->units[c->state] > 0 && h->units[c->state] == h->count)
			return vs_fail(err, VS_EBADVAL, "asset %lld is already %s", id,
				       track_state_name(c->state));
		return vs_fail(err, VS_EBADVAL, "asset %lld: no unit can become %s (%lld of %lld %s)",
			       id, track_state_name(c->state), (long long)h->units[c->state],
			       (long long)h->count, "units in that state already");
	}
	if (c->units > can) {
		if (c->units > h->count)
			return vs_fail(err, VS_EBADVAL,
				       "asset %lld: %lld units, but the row counts %lld", id,
				       (long long)c->units, (long long)h->count);
		return vs_fail(err, VS_EBADVAL,
			       "asset %lld: %lld units, but only %lld of its %lld can become %s", id,
			       (long long)c->units, (long long)can, (long long)h->count,
			       track_state_name(c->state));
	}
	*units = c->units ? c->units : can;
	return VS_OK;
}

enum vs_err track_set(struct store *st, const struct track_change *c, int64_t now,
		      int64_t *entry_id, struct vs_error *err)
{
	char today[11], stamp[21];
	if (!format_now(now, today, stamp))
		return vs_fail(err, VS_EUSAGE, "the current time is out of range");
	const char *date = c->date && *c->date ? c->date : today;
	char *user = NULL, *note = NULL, *reason = NULL;
	struct status_asset a = {0};
	struct track_history h = {0};
	bool own_tx = !store_in_transaction(st);
	enum vs_err rc = clean_text("the user name", c->user, VS_MAX_STATUS_USER, &user, err);
	if (!rc)
		rc = clean_text("the note", c->note, VS_MAX_STATUS_NOTE, &note, err);
	if (!rc)
		rc = clean_text("the reason", c->reason, VS_MAX_STATUS_NOTE, &reason, err);
	if (rc)
		goto out;
	/* Read and write under one write lock: two editors changing the same
	 * row at once must not both move its last units. */
	if (own_tx && (rc = store_begin(st, err)))
		goto out;
	int64_t units = 0;
	rc = store_status_asset(st, c->asset_id, &a, err);
	if (!rc)
		rc = history_of(st, &a, &h, err);
	if (!rc) {
		struct track_change cc = *c;
		cc.reason = reason;
		rc = check_change(&cc, &a, &h, date, today, &units, err);
	}
	if (!rc) {
		struct status_row r = {
			.asset_id = a.id,
			.survey_id = a.survey_id,
			.state = track_state_name(c->state),
			.date = date,
			.cost = c->cost,
			.units = units,
			.changed_by = user,
			.note = note,
			.reason = reason,
			.department = a.department,
			.type = a.type,
			.chinese = a.chinese,
			.recorded_at = stamp,
		};
		rc = store_status_add(st, &r, entry_id, err);
	}
	if (own_tx) {
		if (!rc)
			rc = store_commit(st, err);
		if (rc)
			store_rollback(st);
	}
out:
	track_history_release(&h);
	store_status_asset_release(&a);
	free(user);
	free(note);
	free(reason);
	return rc;
}

/* The state most units are in; ties go to the later state (a row half
 * replaced reads "replaced"). */
static enum track_state main_state(const struct track_history *h)
{
	enum track_state best = TRACK_IN_SERVICE;
	for (int s = 1; s < TRACK_N_STATES; s++)
		if (h->units[s] > 0 && h->units[s] >= h->units[best])
			best = (enum track_state)s;
	return best;
}

void track_history_append_json(const struct track_history *h, const char *survey,
			       struct strbuf *out)
{
	strbuf_addf(out, "{\"asset\":%lld,\"survey\":", (long long)h->asset_id);
	strbuf_add_json_str_or_null(out, survey);
	strbuf_addf(out, ",\"count\":%lld,\"state\":\"%s\",\"units\":{", (long long)h->count,
		    track_state_name(main_state(h)));
	for (int s = 0; s < TRACK_N_STATES; s++)
		strbuf_addf(out, "%s\"%s\":%lld", s ? "," : "", state_names[s],
			    (long long)h->units[s]);
	strbuf_addstr(out, "},\"history\":[");
	for (size_t i = 0; i < h->n; i++) {
		const struct track_entry *e = &h->e[i];
		strbuf_addf(out, "%s{\"id\":%lld,\"state\":\"%s\",\"date\":", i ? "," : "",
			    (long long)e->id, track_state_name(e->state));
		strbuf_add_json_str(out, e->date);
		strbuf_addf(out, ",\"units\":%lld,\"cost\":", (long long)e->units);
		if (e->cost >= 0)
			rdoc_money_plain(out, e->cost, '.');
		else
			strbuf_addstr(out, "null");
		strbuf_add_json_member(out, "user", e->user);
		strbuf_add_json_member(out, "note", e->note);
		strbuf_add_json_member(out, "reason", e->reason);
		strbuf_add_json_member(out, "recorded", e->recorded);
		strbuf_addch(out, '}');
	}
	strbuf_addstr(out, "]}");
}

static void append_text(const struct track_history *h, const char *survey, struct strbuf *out)
{
	strbuf_addf(out, "asset %lld (survey %s): %lld unit%s:", (long long)h->asset_id,
		    survey ? survey : "?", (long long)h->count, h->count == 1 ? "" : "s");
	bool any = false;
	for (int s = 0; s < TRACK_N_STATES; s++)
		if (h->units[s]) {
			strbuf_addf(out, "%s %lld %s", any ? "," : "", (long long)h->units[s],
				    state_names[s]);
			any = true;
		}
	strbuf_addstr(out, any ? "\n" : " none\n");
	if (h->n == 0)
		strbuf_addstr(out, "  no status changes\n");
	for (size_t i = 0; i < h->n; i++) {
		const struct track_entry *e = &h->e[i];
		strbuf_addf(out, "  %s  %-14s %6lld unit%s", e->date, track_state_name(e->state),
			    (long long)e->units, e->units == 1 ? " " : "s");
		if (e->cost >= 0) {
			strbuf_addstr(out, "  ");
			money_format_kdkk(out, e->cost, false, 0);
			strbuf_addstr(out, " t.kr.");
		}
		if (e->user)
			strbuf_addf(out, "  by %s", e->user);
		if (e->reason)
			strbuf_addf(out, "  reason: %s", e->reason);
		if (e->note)
			strbuf_addf(out, "  note: %s", e->note);
		strbuf_addch(out, '\n');
	}
}

static enum vs_err render(struct store *st, int64_t asset_id, bool json, struct strbuf *out,
			  struct vs_error *err)
{
	struct status_asset a;
	struct track_history h;
	enum vs_err rc = store_status_asset(st, asset_id, &a, err);
	if (rc)
		return rc;
	rc = history_of(st, &a, &h, err);
	if (!rc && json)
		track_history_append_json(&h, a.survey, out);
	else if (!rc)
		append_text(&h, a.survey, out);
	track_history_release(&h);
	store_status_asset_release(&a);
	if (!rc && out->failed)
		rc = vs_fail(err, VS_ENOMEM, "out of memory");
	return rc;
}

enum vs_err track_history_json(struct store *st, int64_t asset_id, struct strbuf *out,
			       struct vs_error *err)
{
	return render(st, asset_id, true, out, err);
}

enum vs_err track_history_text(struct store *st, int64_t asset_id, struct strbuf *out,
			       struct vs_error *err)
{
	return render(st, asset_id, false, out, err);
}
