#!/usr/bin/env bash
# surveys and re-import (issue 11, part 2): the default survey is the newest
# by date, not the one imported last; importing a source again replaces what
# it gave (the same file, a copy, a changed export under --source, a
# capture); a re-import that fails leaves the earlier one; `surveys`,
# `surveys sources`, `surveys rm-source` and `surveys rm`.
source "$(dirname "$0")/lib.sh"
ex=$VS_SRC/examples/kk-2025
p2=$VS_SRC/data/prices/kk-2025-hardware.csv
db=$(vs_db kk)
expect_status 0 "$VS" init "$db"

# The issue's case: the 2022 camera survey imported after the 2025 mapping.
expect_status 0 "$VS" import "$db" "$ex/inventory-2025.csv" --survey kk-2025 --date 2025
expect_status 0 "$VS" import "$db" "$ex/camera-survey-2022.csv" --survey kk-2022 --date 2022-05-12
# Oracle 2 (plan_oracles.sh): 179,421.6 thousand DKK, without --survey too.
expect_status 0 "$VS" plan "$db" --strategy immediate --prices "$p2"
grep '^Total' "$work/out" >"$work/total"
expect_contains "$work/total" "179,421.6"
expect_status 0 "$VS" plan "$db" --survey kk-2025 --strategy immediate --prices "$p2"
grep '^Total' "$work/out" | cmp -s - "$work/total" || fail "plan without --survey is not kk-2025's"
# The CSV states its generation time (seconds): the same one for both.
SOURCE_DATE_EPOCH=1767225600 expect_status 0 "$VS" assets "$db" --by type --format csv
cp "$work/out" "$work/assets-default"
SOURCE_DATE_EPOCH=1767225600 expect_status 0 "$VS" assets "$db" --survey kk-2025 --by type --format csv
cmp -s "$work/out" "$work/assets-default" || fail "assets without --survey is not kk-2025's"
expect_status 0 "$VS" report "$db" --plan immediate --prices "$p2" --format csv -o "$work/r.csv"
grep -q '179421.6' "$work/r.csv" || fail "report without --survey lacks 179421.6: $(tail -n 3 "$work/r.csv")"

# The listing: newest first by date, the default marked.
expect_status 0 "$VS" surveys "$db"
head -n 2 "$work/out" | tail -n 1 | grep -q '^\* *kk-2025 *2025 *1 *41,931 *41,931 *0 ' ||
	fail "surveys: kk-2025 is not first and marked: $(cat "$work/out")"
grep -q '^ *kk-2022 *2022-05-12 *1 *679 *679 *0 ' "$work/out" || fail "surveys: kk-2022 line"
expect_status 0 "$VS" surveys "$db" --format csv
expect_contains "$work/out" "default,survey,date,sources,units,chinese_units,unknown_units,programs,chinese_programs,created_at"
expect_contains "$work/out" "yes,kk-2025,2025,1,41931,41931,0,0,0,"
expect_contains "$work/out" "no,kk-2022,2022-05-12,1,679,679,0,0,0,"
expect_status 0 "$VS" surveys "$db" --format json
python3 - "$work/out" <<'PY' || fail "surveys --format json"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r['survey'] for r in rows] == ['kk-2025', 'kk-2022'], rows
assert rows[0]['default'] is True and rows[1]['default'] is False
assert rows[0]['units'] == 41931 and rows[1]['chinese_units'] == 679
PY
# DESIGN.md's word order, "surveys DB rm NAME", is the same command.
expect_status 0 "$VS" surveys "$db" sources kk-2025
expect_contains "$work/out" "import  csv     $(realpath "$ex/inventory-2025.csv")"

units() { # SURVEY -> its hardware units, from `surveys --format csv`
	"$VS" surveys "$db" --format csv | awk -F, -v s="$1" '$2 == s { print $5 }'
}
sources() { # SURVEY -> its number of sources
	"$VS" surveys "$db" --format csv | awk -F, -v s="$1" '$2 == s { print $4 }'
}

# The same file twice: the same units as once, and the output says so.
expect_status 0 "$VS" import "$db" "$ex/inventory-2025.csv" --survey kk-2025
expect_contains "$work/out" "replaced source '$(realpath "$ex/inventory-2025.csv")' (15 rows) imported 20"
[ "$(units kk-2025)" = 41931 ] || fail "the same file twice: $(units kk-2025) units, want 41931"
[ "$(sources kk-2025)" = 1 ] || fail "the same file twice: $(sources kk-2025) sources, want 1"
# Through another path to the same file, and a copy: still one source.
(cd "$ex/.." && "$VS" import "$db" ./kk-2025/../kk-2025/inventory-2025.csv --survey kk-2025 >/dev/null)
cp "$ex/inventory-2025.csv" "$work/copy.csv"
expect_status 0 "$VS" import "$db" "$work/copy.csv" --survey kk-2025
expect_contains "$work/out" "replaced source"
[ "$(units kk-2025)" = 41931 ] || fail "a copy: $(units kk-2025) units, want 41931"
[ "$(sources kk-2025)" = 1 ] || fail "a copy: $(sources kk-2025) sources"
# Into another survey it is another source.
expect_status 0 "$VS" import "$db" "$work/copy.csv" --survey other --date 2024
[ "$(units kk-2025)" = 41931 ] && [ "$(units other)" = 41931 ] || fail "another survey replaced"

# --source NAME: a changed export under the same name replaces the old one.
cp "$ex/camera-survey-2022.csv" "$work/vms.csv"
expect_status 0 "$VS" import "$db" "$work/vms.csv" --survey cams --source vms-export
sed 's/;154;/;160;/' "$ex/camera-survey-2022.csv" >"$work/vms-v2.csv"
expect_status 0 "$VS" import "$db" "$work/vms-v2.csv" --survey cams --source vms-export
expect_contains "$work/out" "replaced source 'vms-export' (14 rows) imported 20"
[ "$(units cams)" = 685 ] || fail "--source changed: $(units cams) units, want 685 (679 + 6)"
[ "$(sources cams)" = 1 ] || fail "--source changed: $(sources cams) sources"
# A bad row in the next version: exit 65, and the earlier version stays.
{ cat "$work/vms-v2.csv"; echo "Overvågningskamera;Dahua;SOF;minus tre;;"; } >"$work/vms-bad.csv"
expect_status 65 "$VS" import "$db" "$work/vms-bad.csv" --survey cams --source vms-export
expect_contains "$work/err" "vms-bad.csv:16:"
[ "$(units cams)" = 685 ] || fail "failed re-import changed the units: $(units cams)"
[ "$(sources cams)" = 1 ] || fail "failed re-import changed the sources"
expect_status 0 "$VS" surveys "$db" sources cams
expect_contains "$work/out" "vms-export"
expect_contains "$work/out" "$(sha256sum "$work/vms-v2.csv" | cut -c1-12)"

# Standard input has no name: it adds, unless --source names it.
for i in 1 2; do
	"$VS" import "$db" - --survey piped <"$ex/camera-survey-2022.csv" >/dev/null || fail "stdin import"
done
[ "$(units piped)" = 1358 ] || fail "stdin twice without --source: $(units piped), want 1358"
for i in 1 2; do
	"$VS" import "$db" - --survey named --source nightly <"$ex/camera-survey-2022.csv" \
		>/dev/null || fail "stdin import --source"
done
[ "$(units named)" = 679 ] || fail "stdin twice with --source: $(units named), want 679"

# A capture read twice into a survey: its devices once.
fx=$VS_SRC/tests/fixtures/pcap
expect_status 0 "$VS" capture "$db" --read "$fx/site.pcap" --survey site
expect_status 0 "$VS" capture "$db" --read "$fx/site.pcap" --survey site
expect_contains "$work/out" "replaced source '$(realpath "$fx/site.pcap")' (11 rows) imported 20"
[ "$(units site)" = 11 ] || fail "a capture twice: $(units site) devices, want 11"

# rm-source by name and by id; rm; unknown names exit 66.
expect_status 0 "$VS" surveys rm-source "$db" cams vms-export
expect_contains "$work/out" "removed source #"
expect_contains "$work/out" "'vms-export' from survey 'cams': 14 rows, 14 assets, 685 units"
[ "$(sources cams)" = 0 ] || fail "rm-source left a source"
expect_status 0 "$VS" surveys sources "$db" other --format csv
id=$(awk -F, 'NR == 2 { print $1 }' "$work/out")
expect_status 0 "$VS" surveys rm-source "$db" other "$id"
expect_contains "$work/out" "removed source #$id"
[ "$(units other)" = 0 ] || fail "rm-source by id left units"
expect_status 66 "$VS" surveys rm-source "$db" other "$id"
expect_contains "$work/err" "survey 'other' has no source"
expect_status 66 "$VS" surveys rm-source "$db" no-such-survey 1
expect_status 0 "$VS" surveys rm "$db" kk-2025
expect_contains "$work/out" "removed survey 'kk-2025': 1 source, 15 rows, 15 assets, 41,931 units"
expect_status 66 "$VS" surveys rm "$db" kk-2025
expect_contains "$work/err" "no survey named 'kk-2025'"
# The default moves to the newest left (other, 2024), and plan says kk-2022's cameras no more.
expect_status 0 "$VS" surveys "$db"
head -n 2 "$work/out" | tail -n 1 | grep -q '^\* *other *2024 ' || fail "default after rm: $(cat "$work/out")"

# Usage: every form has --help; bad arity is 64; a missing store is 66.
for sub in "" rm sources rm-source; do
	expect_status 0 "$VS" surveys $sub --help
	expect_contains "$work/out" "usage: vendorscope surveys"
done
expect_status 64 "$VS" surveys rm
expect_status 64 "$VS" surveys rm-source "$db" a b c
expect_status 64 "$VS" surveys rm "$db" --format csv kk-2022
expect_status 66 "$VS" surveys "$work/none.db"

# A survey name with a terminal escape is shown defused.
expect_status 0 "$VS" import "$db" "$ex/camera-survey-2022.csv" --survey "$(printf 'evil\033[2J')"
expect_status 0 "$VS" surveys "$db"
grep -q $'\033' "$work/out" && fail "surveys printed a raw escape"
expect_contains "$work/out" "evil?[2J"
finish
