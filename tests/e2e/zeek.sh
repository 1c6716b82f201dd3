#!/usr/bin/env bash
# Zeek logs as device files: every log of the fixtures imports on its own
# (detected, no --map); the logs concatenated, TSV and JSON alike, against
# the golden register and exposure report; a Zeek dhcp.log and an
# inventory of the same MACs into one survey are one asset per device; a
# cut log is refused with FILE:LINE and nothing stored.
source "$(dirname "$0")/lib.sh"
fx=$VS_SRC/tests/fixtures/devices/zeek
golden=$VS_SRC/tests/golden/devices
geo=(--geoip "$VS_SRC/tests/fixtures/geo/tiny.mmdb")
logs=(dhcp dns conn ssl x509 known_certs software known_hosts known_devices)

db=$(vs_db each)
expect_status 0 "$VS" init "$db"
for kind in tsv json; do
	for log in "${logs[@]}"; do
		expect_status 0 "$VS" import "$db" "$fx/$kind/$log.log" --survey "$kind-$log" "${geo[@]}"
		expect_contains "$work/out" "$log.log: zeek file, "
	done
done
expect_contains "$work/out" "3 devices into survey 'json-known_devices'"

# The logs of one sensor concatenated: one device per MAC, every log's facts on it.
declare -A dbs
for kind in tsv json; do
	(cd "$fx/$kind" && cat "${logs[@]/%/.log}") >"$work/site-$kind.log"
	db=$(vs_db $kind)
	dbs[$kind]=$db
	expect_status 0 "$VS" init "$db"
	expect_status 0 "$VS" import "$db" "$work/site-$kind.log" --survey zeek "${geo[@]}"
	expect_contains "$work/out" "zeek file, 5 devices into survey 'zeek': 3 Chinese, 1 of unknown origin"
	expect_status 0 "$VS" assets "$db" --survey zeek --format json
	cmp -s "$work/out" "$golden/zeek.json" ||
		fail "$kind: assets --format json differs from $golden/zeek.json: $(diff "$work/out" "$golden/zeek.json" | head -5)"
	expect_status 0 "$VS" assets "$db" --survey zeek --exposed
	sed 's/; generated .*//' "$work/out" >"$work/exposed"
	cmp -s "$work/exposed" "$golden/zeek-exposed.txt" ||
		fail "$kind: assets --exposed differs from $golden/zeek-exposed.txt: $(diff "$work/exposed" "$golden/zeek-exposed.txt" | head -5)"
done

# Each fact keeps the line of the file that stated it (the concatenated
# file: dhcp.log's first record is line 9; software.log's HTTP::SERVER 87).
lines_sql="select method, field, value, source_row from observation where source_row is not null"
vs_sql "${dbs[json]}" "$lines_sql" >"$work/json.rows"
vs_sql "${dbs[tsv]}" "$lines_sql" >"$work/tsv.rows"
python3 - "$work/json.rows" <<'PY' || fail "observations do not keep their lines"
import sys
rows = {tuple(l.split('|')[:3]): int(l.split('|')[3]) for l in open(sys.argv[1]).read().splitlines()}
assert rows[('dhcp', 'hostname', 'DS-2CD2143G2-I')] == 1, rows  # JSON: no header lines
PY
python3 - "$work/tsv.rows" <<'PY' || fail "observations do not keep their lines"
import sys
rows = {tuple(l.split('|')[:3]): int(l.split('|')[3]) for l in open(sys.argv[1]).read().splitlines()}
assert rows[('dhcp', 'hostname', 'DS-2CD2143G2-I')] == 9, rows
assert rows[('http', 'server', 'App-webs/')] == 87, rows
PY

# An inventory and a Zeek dhcp.log of the same network: the Amcrest camera,
# the LTS recorder and the Lenovo PC are keyed by MAC in both, each one
# asset; the Hikvision camera (the export names it by serial only) and the
# rest stay apart.
db=$(vs_db fused)
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" import "$db" "$VS_SRC/tests/fixtures/fusion/export.csv" --survey site --date 2026
expect_status 0 "$VS" import "$db" "$fx/tsv/dhcp.log" --survey site
expect_contains "$work/out" "4 devices into survey 'site'"
expect_contains "$work/out" "3 of them already in the survey, each still one asset"
expect_status 0 "$VS" assets "$db" --survey site --format json
python3 - "$work/out" <<'PY' || fail "inventory + dhcp.log: not one asset per device"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 9, len(rows)  # the export's 8 rows + the camera only the log names by MAC
macs = [r['mac'] for r in rows if r['mac']]
assert len(macs) == len(set(macs)), macs
pc = [r for r in rows if r['mac'] == '00:1b:21:00:00:05'][0]
assert pc['vendor'] == 'Lenovo' and pc['hostname'] == 'PC-OEKF-07' and pc['ip'] == '192.168.1.20', pc
assert any(e == 'dhcp vendor_class: MSFT 5.0' for e in pc['evidence']), pc['evidence']
PY
# A capture of the same network and the dhcp.log: one asset per MAC.
db=$(vs_db cap)
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" capture "$db" --read "$VS_SRC/tests/fixtures/pcap/site.pcap" --survey site "${geo[@]}"
expect_status 0 "$VS" import "$db" "$fx/tsv/dhcp.log" --survey site
expect_contains "$work/out" "4 devices into survey 'site'"
expect_contains "$work/out" "4 of them already in the survey, each still one asset"
expect_status 0 "$VS" assets "$db" --survey site --format json
python3 - "$work/out" <<'PY' || fail "capture + dhcp.log: not one asset per device"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 11, len(rows)
macs = [r['mac'] for r in rows]
assert len(macs) == len(set(macs)), macs
cam = [r for r in rows if r['mac'] == 'c0:56:e3:3a:4b:5c'][0]
assert cam['hostname'] == 'DS-2CD2143G2-I' and '192.168.1.64' in cam['ip'], cam
PY

# --format zeek forces the reader; a log cut inside a record is refused
# with its line, and nothing of it is stored.
db=$(vs_db cut)
expect_status 0 "$VS" init "$db"
head -n 8 "$fx/tsv/conn.log" >"$work/cut.log"
sed -n 9p "$fx/tsv/conn.log" | head -c 40 >>"$work/cut.log"
expect_status 65 "$VS" import "$db" "$work/cut.log" --format zeek
expect_contains "$work/err" "cut.log:9: 3 columns where #fields names 24"
expect_status 0 "$VS" surveys "$db"
[ "$(grep -c cut "$work/out" || true)" -eq 0 ] || fail "a refused log left a survey: $(cat "$work/out")"
finish
