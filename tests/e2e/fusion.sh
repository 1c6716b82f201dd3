#!/usr/bin/env bash
# One register: an inventory export with serials and MACs (in four
# notations), a capture of the same devices, then the export again: each
# device is one asset carrying every source's facts, decided from all of
# them; the verdicts and the units stay; the aggregate row stays one row.
source "$(dirname "$0")/lib.sh"
fx=$VS_SRC/tests/fixtures
db=$(vs_db r)
export_csv=$work/export.csv
cp "$fx/fusion/export.csv" "$export_csv"
geo=(--geoip "$fx/geo/tiny.mmdb")
expect_status 0 "$VS" init "$db"

# What each asset is, one line per asset, sorted: mac type vendor chinese count.
register() {
	"$VS" assets "$db" --survey site --format json | python3 -c '
import json, sys
for line in sys.stdin:
    a = json.loads(line)
    print(a["mac"] or "-", a["type"] or "-", a["vendor"] or "-", a["chinese"], a["count"], a["department"] or "-")
' | sort
}

expect_status 0 "$VS" import "$db" "$export_csv" --survey site --date 2026
expect_contains "$work/out" "8 rows into survey 'site': 19 units, 5 Chinese, 12 of unknown origin"
register >"$work/after-export"

expect_status 0 "$VS" capture "$db" --read "$fx/pcap/site.pcap" --survey site "${geo[@]}"
expect_contains "$work/out" "11 devices into survey 'site'"
expect_contains "$work/out" "6 of them already in the survey, each still one asset"
register >"$work/after-capture"
# 8 rows + the 5 devices only the capture saw.
[ "$(wc -l <"$work/after-capture")" -eq 13 ] || fail "after the capture: $(cat "$work/after-capture")"
# The PC the export calls a Lenovo: its Intel NIC names no maker, the
# export's maker decides, and the capture's MAC and address join it.
grep -q '^00:1b:21:00:00:05 laptop_pc Lenovo True 1 ØKF$' "$work/after-capture" ||
	fail "the Lenovo PC: $(grep 00:1b:21 "$work/after-capture")"
# The camera the export keys by serial (lower case) gets the capture's MAC.
grep -q '^c0:56:e3:3a:4b:5c surveillance_camera Hikvision True 1 TMF$' "$work/after-capture" ||
	fail "the Hikvision camera by serial: $(grep -i hikvision "$work/after-capture")"
# The export said "LTS" on a camera; the capture saw Hikvision's SADP: one
# asset, Hikvision, the export's department.
grep -q '^bc:ad:28:11:22:33 surveillance_camera Hikvision True 1 BIF$' "$work/after-capture" ||
	fail "the LTS unit: $(grep bc:ad:28 "$work/after-capture")"
# The evidence says which sources are one device, and by which key.
expect_status 0 "$VS" assets "$db" --survey site --format json
expect_contains "$work/out" "site.pcap is asset #2 by MAC 00:1b:21:00:00:05"
expect_contains "$work/out" "site.pcap is asset #3 by MAC bc:ad:28:11:22:33"
expect_contains "$work/out" "site.pcap is asset #1 by serial"

# The export again, same file: it replaces what it gave, and joins the
# same devices again. Nothing is counted twice, no verdict changes.
expect_status 0 "$VS" import "$db" "$export_csv" --survey site
register >"$work/after-again"
cmp -s "$work/after-capture" "$work/after-again" ||
	fail "importing the export again changed the register: $(diff "$work/after-capture" "$work/after-again")"
expect_status 0 "$VS" assets "$db" --survey site --by type
expect_contains "$work/out" "Surveillance camera                18"

# The capture again under its own name: the same 11 devices, no new asset.
expect_status 0 "$VS" capture "$db" --read "$fx/pcap/site.pcap" --survey site "${geo[@]}"
register >"$work/after-capture-again"
[ "$(wc -l <"$work/after-capture-again")" -eq 13 ] ||
	fail "a second capture added assets: $(diff "$work/after-capture" "$work/after-capture-again")"

# Three sources, two keys: the export names the Hikvision camera by serial
# only, a Zeek DHCP log by MAC only (a second asset, nothing joins them
# yet), then the capture sees both keys on one device: the two assets are
# one, and the evidence says so.
db3=$(vs_db three)
expect_status 0 "$VS" init "$db3"
expect_status 0 "$VS" import "$db3" "$export_csv" --survey three --date 2026
expect_status 0 "$VS" import "$db3" "$fx/devices/zeek/tsv/dhcp.log" --survey three
expect_status 0 "$VS" capture "$db3" --read "$fx/pcap/site.pcap" --survey three "${geo[@]}"
expect_status 0 "$VS" assets "$db3" --survey three --format json
n=$(grep -c '"mac":"c0:56:e3:3a:4b:5c"' "$work/out" || true)
[ "$n" -eq 1 ] || fail "the camera listed by serial and by MAC is $n assets, not 1"
expect_contains "$work/out" "joined asset #1 (serial DS-2CD2143G2-I20230412AAWRJ12345678): one device"
finish
