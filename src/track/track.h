/*
 * Phase-out tracking: what happened to each Chinese hardware asset after
 * the plan was approved (issue 13, item 3).
 *
 * Every change is a row of history, never an update: "on 2026-03-02 Ann
 * Jensen marked 40 units of this aggregate row replaced, 812.4 t.kr.". The
 * current position of an asset is the history replayed in order.
 *
 * Units. A device (count 1) is one unit. An aggregate row ("~277 cameras,
 * SOF") has `count` units, and a change moves `units` of them into the new
 * state, taken from the states that can reach it in this order:
 *
 *   to in_service      from exempt, ordered, decommissioned, replaced (a correction)
 *   to ordered         from in_service, exempt
 *   to replaced        from ordered, in_service, exempt
 *   to decommissioned  from ordered, in_service, exempt
 *   to exempt          from in_service, ordered
 *
 * so the units per state always add up to the row's count. A change that
 * names more units than its source states hold is refused, naming how
 * many there are. Without `units` the change moves every unit it can.
 *
 * Dates. A change is dated YYYY-MM-DD (default: today, UTC). Policy: a
 * date in the future is refused (a change records what happened; an
 * order placed tomorrow is recorded tomorrow), and so is a date before
 * the asset's latest change (history is kept in the order things
 * happened, so the replay above is the order of the rows). "Now" is
 * passed in (seconds since 1970: the CLI's SOURCE_DATE_EPOCH or the
 * clock), so tests are reproducible; it also stamps the recorded time.
 *
 * Only hardware is tracked: a program is phased out by a software plan,
 * not by replacing a unit (VS_EBADVAL names the asset).
 *
 * Money is fixed-point (util/money.h): cost in øre, -1 when not given.
 * The library never prints; callers own every buffer they pass.
 */
#ifndef VS_TRACK_TRACK_H
#define VS_TRACK_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/strbuf.h"

struct store;

enum track_state {
	TRACK_IN_SERVICE,
	TRACK_ORDERED,     /* replacement ordered */
	TRACK_REPLACED,
	TRACK_DECOMMISSIONED,
	TRACK_EXEMPT,      /* kept on purpose; needs a reason */
	TRACK_N_STATES
};

/* "in_service", "ordered", "replaced", "decommissioned", "exempt": the
 * names the store, JSON, CSV and the CLI use. */
const char *track_state_name(enum track_state s);
/* The state a name means; also accepts '-' for '_' ("in-service") and
 * "replacement_ordered". False when unknown. */
bool track_state_parse(const char *s, enum track_state *out);

/* Move n units of a row into state s by the rules above (units[] per
 * state; what is missing in the source states is not moved). Plan versus
 * actual replays history with it. */
void track_units_move(int64_t units[TRACK_N_STATES], enum track_state s, int64_t n);

/* An asset id as users write it (an operand, a CSV field, a URL segment):
 * 1 to 18 decimal digits, above 0, nothing else. */
bool track_asset_id_parse(const char *s, size_t n, int64_t *out);
/* A whole decimal number of the n bytes at s within [lo, hi]: digits only
 * (no sign, no space), at most 18 of them. */
bool track_int_parse(const char *s, size_t n, int64_t lo, int64_t hi, int64_t *out);

/* One change as a caller asks for it. Strings are borrowed. */
struct track_change {
	int64_t asset_id;
	enum track_state state;
	const char *date;   /* YYYY-MM-DD; NULL or "": today */
	int64_t cost;       /* øre; -1: not given */
	int64_t units;      /* 0: every unit that can move (see above) */
	const char *user;   /* who; NULL or "": not known */
	const char *note;   /* NULL: none */
	const char *reason; /* required for TRACK_EXEMPT, refused otherwise */
};

#define TRACK_CHANGE_INIT {0, TRACK_IN_SERVICE, NULL, -1, 0, NULL, NULL, NULL}

/* One row of history as stored. Strings are owned (track_history_release). */
struct track_entry {
	int64_t id;
	enum track_state state;
	char date[11];
	int64_t cost;      /* -1: not given */
	int64_t units;
	char *user, *note, *reason;
	char recorded[21]; /* UTC, YYYY-MM-DDTHH:MM:SSZ, when it was stored */
};

struct track_history {
	int64_t asset_id;
	int64_t survey_id;
	int64_t count;                    /* the asset's units */
	int64_t units[TRACK_N_STATES];    /* units per state now */
	struct track_entry *e;            /* oldest first */
	size_t n, alloc;
};

void track_history_release(struct track_history *h);

/*
 * Validate c against the asset and its history and append it (in the
 * caller's transaction if one is open, else in its own). now: seconds
 * since 1970 (today's date and the recorded time). Errors: VS_ENOTFOUND
 * unknown asset; VS_EBADVAL software asset, bad or future date, date before the latest change, units above
 * what can move, exempt without a reason, a change that moves nothing;
 * VS_EDB the store. *entry_id (may be NULL) gets the new row's id.
 */
enum vs_err track_set(struct store *st, const struct track_change *c, int64_t now,
		      int64_t *entry_id, struct vs_error *err);

/* An asset's history and current units per state. VS_ENOTFOUND unknown asset. */
enum vs_err track_history_get(struct store *st, int64_t asset_id, struct track_history *h,
			      struct vs_error *err);

/*
 * The asset's history as the one JSON object the CLI prints
 * (`status DB ASSET --format json`) and GET /api/v1/assets/{id}/status
 * returns:
 *
 *   {"asset":12,"survey":"kk-2025","count":300,"state":"replaced",
 *    "units":{"in_service":200,"ordered":0,"replaced":100,
 *             "decommissioned":0,"exempt":0},
 *    "history":[{"id":1,"state":"ordered","date":"2026-01-10",
 *                "units":100,"cost":812.4,"user":"ann","note":null,
 *                "reason":null,"recorded":"2026-01-10T09:12:00Z"}, …]}
 *
 * "state" is the state most units are in (ties: the later in the list
 * above); "cost" is thousand DKK as an exact decimal number, or null.
 * Appends to out (check out->failed).
 */
enum vs_err track_history_json(struct store *st, int64_t asset_id, struct strbuf *out,
			       struct vs_error *err);
/* The same for a history already read. */
void track_history_append_json(const struct track_history *h, const char *survey,
			       struct strbuf *out);

/* The history as text (`status DB ASSET`), one line per change, oldest
 * first, after a line with the units per state. Text is written as
 * stored: whoever prints it escapes it for the terminal (cli_write_text). */
enum vs_err track_history_text(struct store *st, int64_t asset_id, struct strbuf *out,
			       struct vs_error *err);

/* A change as text fields (a CSV row, a form of the web pages, an API
 * request). NULL or "" is "not given". */
struct track_fields {
	const char *asset, *state, *date, *cost, *units, *user, *note, *reason;
};
/*
 * Parse fields into c (whose strings then point into f): asset id, state
 * name, cost in thousand DKK with `dec` ('.' or ',') as decimal separator,
 * units 1..VS_MAX_COUNT. VS_EBADVAL names the field and quotes its value
 * (escaped). The rest (dates, lengths, the history) is track_set's.
 */
enum vs_err track_change_from_fields(const struct track_fields *f, char dec,
				     struct track_change *c, struct vs_error *err);

/*
 * Bulk changes from CSV (UTF-8, comma-separated, RFC 4180 quoting, a header
 * row naming the columns in any order; unknown columns refused):
 *
 *   asset    required  the asset id
 *   state    required  a state name (see track_state_parse)
 *   date     optional  YYYY-MM-DD (empty: today)
 *   cost     optional  thousand DKK, '.' decimals ("812.4"; empty: not given)
 *   units    optional  units of an aggregate row (empty: all that can move)
 *   user     optional  who (empty: default_user)
 *   note     optional
 *   reason   optional  required when state is exempt
 *
 * The delimiter may also be ';' or TAB (the import reader's rules,
 * import/csv.h). Text is stored as written but for control bytes
 * (replaced by '?', as imports do); a note starting with '=' is text, and
 * every output escapes it for its format (CSV formulas, terminal, HTML,
 * JSON). All rows apply in one transaction or none do: the first bad
 * row fails the whole file with "FILE:LINE: why". *applied gets the rows
 * applied (may be NULL).
 */
enum vs_err track_csv_apply(struct store *st, const char *path, const char *data, size_t len,
			    int64_t now, const char *default_user, size_t *applied,
			    struct vs_error *err);

/* One parsed CSV row (strings point into the parser's buffers, valid during
 * the callback). line is the 1-based line the record starts on. */
struct track_csv_row {
	long line;
	struct track_change change;
};
typedef enum vs_err (*track_csv_fn)(const struct track_csv_row *row, void *ctx,
				    struct vs_error *err);
/* The parser alone (what the fuzz target drives): calls fn per data row;
 * stops at the first error, which names path:line. */
enum vs_err track_csv_parse(const char *path, const char *data, size_t len, track_csv_fn fn,
			    void *ctx, struct vs_error *err);

#endif
