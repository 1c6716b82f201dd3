#!/usr/bin/env bash
# Sensors (issue 14, part 4): `capture --read FILE --site north` keeps what
# it saw in the store's sensor tables (schema migration 13) and nothing of
# the register; `db import-sensors` (the store's owner) moves it in through
# the entry point a recovery file takes, and the register is then byte for
# byte what a direct `capture --read` of the same file gives (assets as
# CSV, a plan report in text and CSV). Importing again changes nothing;
# the same capture again by the same site replaces, never doubles.
#
# On SQLite (a laptop is its own sensor: no roles). With VS_TEST_DB on
# PostgreSQL (e2e-pg/sensors), the capture runs connected as a sensor
# role `db grant-sensor` made, which cannot read the register, change a
# status or add rows for another site; a refused run keeps its devices in
# a recovery file the owner imports (nothing the user did is lost).
source "$(dirname "$0")/lib.sh"
fx=$VS_SRC/tests/fixtures/pcap
export SOURCE_DATE_EPOCH=1767225600
db=$(vs_db sensors)
direct=$(vs_db direct)
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" init "$direct"
pg=false
case "$db" in postgresql://* | postgres://*) pg=true ;; esac

# The sensor: on PostgreSQL a role of its own (names cluster-wide: this
# run's), else the store as it is.
sensor=$db
if $pg; then
	north=vs_north_$$
	south=vs_south_$$
	expect_status 0 "$VS" db grant-sensor "$db" "$north" --site north
	expect_status 0 "$VS" db grant-sensor "$db" "$south" --site south
	sensor=${db/:\/\/postgres@/:\/\/$north@}
	[ "$sensor" != "$db" ] || fail "the sensor's URL names the owner: $db"
fi

# Usage: --site is a site, and the import identifies (no --json, --recog,
# --geoip on a sensor).
expect_status 64 "$VS" capture "$sensor" --read "$fx/site.pcap" --site ""
expect_status 64 "$VS" capture "$sensor" --read "$fx/site.pcap" --site "$(printf 'no\033rth')"
expect_status 64 "$VS" capture "$sensor" --read "$fx/site.pcap" --site north --json
expect_contains "$work/err" "not with --json"
expect_status 64 "$VS" scan "$sensor" 127.0.0.1 --site north --geoip /dev/null
expect_status 64 "$VS" db import-sensors "$db" --site "$(printf 'a\nb')"

# The sensor's capture: one source, one line per device, no register row.
expect_status 0 "$VS" capture "$sensor" --read "$fx/site.pcap" --site north
expect_contains "$work/out" "11 devices for survey 'site' kept as sensor source 1 of site 'north'"
[ "$(vs_sql "$db" "SELECT count(*) FROM sensor_observation")" = 11 ] ||
	fail "sensor_observation holds $(vs_sql "$db" "SELECT count(*) FROM sensor_observation") lines, not 11"
[ "$(vs_sql "$db" "SELECT count(*) FROM asset") $(vs_sql "$db" "SELECT count(*) FROM survey")" = "0 0" ] ||
	fail "the sensor's capture wrote the register"

if $pg; then
	# What the sensor role cannot do: read the register, change a status,
	# add rows for another site (the devices then go to a recovery file).
	expect_status 74 "$VS" assets "$sensor"
	expect_contains "$work/err" "permission denied"
	expect_status 74 "$VS" status "$sensor" 1 --set replaced --date 2026-01-02
	expect_contains "$work/err" "permission denied"
	[ "$(vs_sql "$db" "SELECT count(*) FROM asset_status")" = 0 ] || fail "the sensor changed a status"
	mkdir "$work/spill"
	TMPDIR=$work/spill expect_status 77 "$VS" capture "$sensor" --read "$fx/site.pcap" --site south
	expect_contains "$work/err" "row-level security"
	expect_contains "$work/err" "the 11 devices seen are kept in $work/spill/"
	[ "$(vs_sql "$db" "SELECT count(*) FROM sensor_source WHERE site = 'south'")" = 0 ] ||
		fail "the sensor of north added a source of south"
	rec=$(ls "$work"/spill/*.jsonl 2>/dev/null | head -1 || true)
	[ -n "$rec" ] || fail "no recovery file in $work/spill"
	# The recovery file is the run's: the owner stores it (nothing lost;
	# here into a store of its own, so the asset ids compared below stay
	# those of the direct store).
	kept=$(vs_db kept)
	expect_status 0 "$VS" init "$kept"
	[ -z "$rec" ] || expect_status 0 "$VS" import "$kept" "$rec"
	[ -z "$rec" ] || expect_contains "$work/out" "11 devices of $fx/site.pcap into survey 'site'"
	# A role that is no sensor of any site in this store adds nothing.
	psql "$db" -qAt -c "DELETE FROM sensor_site WHERE role = '$south'" >/dev/null
	expect_status 77 "$VS" capture "${db/:\/\/postgres@/:\/\/$south@}" --read "$fx/site.pcap" --site south
fi

# The owner imports: one source, 11 devices; then nothing is waiting.
expect_status 0 "$VS" db import-sensors "$db"
expect_contains "$work/out" "sensor source 1 of site 'north'"
expect_contains "$work/out" "11 devices of $fx/site.pcap into survey 'site'"
expect_contains "$work/out" "1 sensor source imported (11 devices)"
expect_status 0 "$VS" capture "$direct" --read "$fx/site.pcap"

# Byte for byte: the register, and a report over it.
same() { # WHAT ARGS...: the command's output on both stores is the same
	local what=$1
	shift
	"$VS" "$@" "$db" >"$work/a.out" 2>&1 || fail "$what on the sensors' store failed: $(head -c 300 "$work/a.out")"
	"$VS" "$@" "$direct" >"$work/b.out" 2>&1 || fail "$what on the direct store failed: $(head -c 300 "$work/b.out")"
	cmp -s "$work/a.out" "$work/b.out" ||
		fail "$what differs from a direct capture: $(diff "$work/a.out" "$work/b.out" | head -6)"
	[ -s "$work/a.out" ] || fail "$what printed nothing"
}
check_same() {
	same "assets --format csv" assets --format csv
	same "assets --format json" assets --format json
	same "report --plan immediate" report --plan immediate --types surveillance_camera
	same "report --plan immediate --format csv" report --plan immediate --types surveillance_camera --format csv
	same "report --plan immediate --format html" report --plan immediate --types surveillance_camera --format html
	same "assets --exposed" assets --exposed
}
check_same

# Again: nothing is waiting, nothing changes.
expect_status 0 "$VS" db import-sensors "$db"
expect_contains "$work/out" "0 sensor sources imported (0 devices)"
check_same

# The same capture again by the same site replaces (as capturing the file
# again into the direct store does), never double counts.
expect_status 0 "$VS" capture "$sensor" --read "$fx/site.pcap" --site north
expect_status 0 "$VS" db import-sensors "$db"
expect_contains "$work/out" "replaced source 'sensor:north:$(realpath "$fx/site.pcap")' (11 rows)"
expect_status 0 "$VS" capture "$direct" --read "$fx/site.pcap"
check_same
[ "$(vs_sql "$db" "SELECT count(*) FROM sensor_source WHERE imported_at IS NULL")" = 0 ] ||
	fail "a source is still waiting"

# Filters: a source into another survey waits for its --survey; --site
# takes only that site's.
expect_status 0 "$VS" capture "$sensor" --read "$fx/hikvision.pcap" --site north --survey other
expect_status 0 "$VS" db import-sensors "$db" --site south
expect_contains "$work/out" "0 sensor sources imported"
expect_status 0 "$VS" db import-sensors "$db" --survey site
expect_contains "$work/out" "0 sensor sources imported"
expect_status 0 "$VS" db import-sensors "$db" --site north --survey other
expect_contains "$work/out" "1 sensor source imported"
expect_status 0 "$VS" assets "$db" --survey other --format csv
expect_contains "$work/out" "Hikvision"

# What a sensor wrote is outside input: a source whose line does not
# parse is named and left waiting (exit 65); the others are imported.
expect_status 0 "$VS" capture "$sensor" --read "$fx/dahua.pcap" --site north --survey bad
bad=$(vs_sql "$db" "SELECT max(id) FROM sensor_source")
vs_sql "$db" "UPDATE sensor_observation SET line = '{\"mac\":\"zz\"}' WHERE source_id = $bad" >/dev/null
expect_status 0 "$VS" capture "$sensor" --read "$fx/axis.pcap" --site north --survey good
expect_status 65 "$VS" db import-sensors "$db"
expect_contains "$work/err" "sensor source $bad of site 'north'"
expect_contains "$work/err" "left waiting"
expect_contains "$work/out" "1 sensor source imported"
[ "$(vs_sql "$db" "SELECT count(*) FROM sensor_source WHERE imported_at IS NULL")" = 1 ] ||
	fail "the bad source was marked imported, or the good one was not"
[ "$(vs_sql "$db" "SELECT count(*) FROM survey WHERE name = 'bad'")" = 0 ] ||
	fail "the bad source left a survey behind"
# What the import says of a source is the sensor's text: a path holding a
# terminal escape is shown with '?' for it (the bad source still waits).
expect_status 0 "$VS" capture "$sensor" --read "$fx/axis.pcap" --site north --survey esc
esc=$(vs_sql "$db" "SELECT max(id) FROM sensor_source")
vs_sql "$db" "UPDATE sensor_source SET header = replace(header, '\"path\":\"', '\"path\":\"\\u001b[2J') WHERE id = $esc" >/dev/null
expect_status 65 "$VS" db import-sensors "$db"
expect_contains "$work/out" "devices of ?[2J$fx/axis.pcap into survey 'esc'"
! grep -q $'\033' "$work/out" "$work/err" || fail "an escape from a sensor's header reached the terminal"
finish
