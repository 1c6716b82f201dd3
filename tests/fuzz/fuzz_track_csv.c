/*
 * Fuzz the bulk status-change CSV parser (track/track_csv.c) on bytes in
 * memory, without a store: header mapping, field checks, costs in both
 * decimal conventions, units, hostile text. The callback reads every byte
 * of every string it is handed, so ASan sees one that is not a valid
 * NUL-terminated string, and checks what the parser promised: an asset id
 * above 0, a known state, a cost of -1 or in range, units 0 or in range, a
 * line number that grows.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "track/track.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	long line;
	size_t sum;
};

static void touch(struct seen *s, const char *p)
{
	for (; p && *p; p++)
		s->sum += (unsigned char)*p;
}

static enum vs_err check(const struct track_csv_row *row, void *ctx, struct vs_error *err)
{
	(void)err;
	struct seen *s = ctx;
	const struct track_change *c = &row->change;
	if (row->line <= s->line || c->asset_id <= 0 || (unsigned)c->state >= TRACK_N_STATES ||
	    c->cost < -1 || c->units < 0 || c->units > VS_MAX_COUNT)
		__builtin_trap();
	s->line = row->line;
	touch(s, c->date);
	touch(s, c->user);
	touch(s, c->note);
	touch(s, c->reason);
	/* The parser stops at an error a callback returns. */
	return c->units == 7 ? vs_fail(err, VS_EBADVAL, "seven") : VS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = {0, 0};
	struct vs_error err = {VS_OK, ""};
	enum vs_err e = track_csv_parse("fuzz.csv", (const char *)data, size, check, &s, &err);
	/* Every failure says why. */
	if (e != VS_OK && err.msg[0] == '\0')
		__builtin_trap();
	return 0;
}
