#!/usr/bin/env bash
# Phase-out tracking through the command line (issue 13, part 3) on the
# example store: `status` sets and shows, refuses what it must with the
# right exit status and leaves the store as it was; `--file` is all or
# nothing with FILE:LINE; plan versus actual after a few changes against
# tests/golden/plan_actual.*; the Oracle 3 tables before it unchanged
# byte for byte, and a store without changes gets exactly the goldens.
source "$(dirname "$0")/lib.sh"
# 2026-07-01 00:00 UTC: "today" for the changes, the report's year.
export SOURCE_DATE_EPOCH=1782864000
ex=$VS_SRC/examples/kk-2025
p3=$VS_SRC/data/prices/kk-2026-cameras.csv
cams=surveillance_camera,traffic_camera
db=$(vs_db kk)
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" import "$db" "$ex/inventory-2025.csv" --survey kk-2025 --date 2025
expect_status 0 "$VS" import "$db" "$ex/software-2025.csv" --survey kk-2025 --format software
plan() { "$VS" plan "$db" --strategy years:2 --from 2026 --types "$cams" --prices "$p3" "$@"; }
golden=$VS_SRC/tests/golden

# Nothing tracked yet: the Oracle 3 goldens exactly (their first line, the
# title, is the same plan's; the goldens were made at another time).
for lang in en da; do
	SOURCE_DATE_EPOCH=1767225600 expect_status 0 plan --lang "$lang"
	cmp -s "$work/out" "$golden/oracle3.$lang.txt" || fail "untracked plan differs from oracle3.$lang.txt"
done

# Ids: 4 is SOF's 281 cameras, 9 TMF's 13 traffic cameras, 3 ØKF's 100
# cameras, 10 TMF's 18 traffic cameras (assets --format json).
expect_status 0 "$VS" assets "$db" --format json
python3 - "$work/out" <<'PY' || fail "asset ids are not the ones this test expects"
import json, sys
rows = {d["id"]: d for d in map(json.loads, open(sys.argv[1]))}
assert (rows[4]["department"], rows[4]["count"]) == ("SOF", 281)
assert (rows[9]["type"], rows[9]["count"]) == ("traffic_camera", 13)
assert (rows[3]["department"], rows[3]["count"]) == ("ØKF", 100)
assert rows[16]["kind"] == "software"
PY

expect_status 0 "$VS" status "$db" 4 --set ordered --units 100 --date 2026-01-15 --cost 300 --user ann --note "framework agreement"
expect_contains "$work/out" "asset 4: ordered (change 1)"
expect_status 0 "$VS" status "$db" 4 --set replaced --units 80 --date 2026-03-01 --cost 1600.5 --user ann
expect_status 0 "$VS" status "$db" 9 --set exempt --date 2026-03-02 --reason "evidence in a police case" --user bo

# Refusals: usage 64, bad data 65, unknown asset 66; none stores anything.
before=$("$VS" status "$db" 4 --format json)
expect_status 64 "$VS" status "$db" 4 --set broken
expect_status 64 "$VS" status "$db" 4 --cost 5
expect_status 64 "$VS" status "$db" 4 --set replaced --cost 1,5
expect_status 64 "$VS" status "$db" x4 --set replaced
expect_status 64 "$VS" status "$db"
expect_status 65 "$VS" status "$db" 4 --set replaced --units 500
expect_contains "$work/err" "asset 4: 500 units, but the row counts 281"
expect_status 65 "$VS" status "$db" 4 --set replaced --units 202
expect_contains "$work/err" "only 201 of its 281 can become replaced"
expect_status 65 "$VS" status "$db" 4 --set replaced --date 2026-07-02
expect_contains "$work/err" "in the future (today is 2026-07-01)"
expect_status 65 "$VS" status "$db" 4 --set replaced --date 2026-02-01
expect_contains "$work/err" "before its latest change (2026-03-01, replaced)"
expect_status 65 "$VS" status "$db" 5 --set exempt
expect_contains "$work/err" "exempt needs a reason"
expect_status 65 "$VS" status "$db" 16 --set replaced
expect_contains "$work/err" "asset 16 is software"
expect_status 66 "$VS" status "$db" 9999 --set replaced
expect_status 66 "$VS" status "$db" 9999
# Several assets in one transaction: the bad second one undoes the first.
expect_status 65 "$VS" status "$db" 4 5 --set replaced --units 8 --date 2026-04-01
expect_contains "$work/err" "asset 5: 8 units, but the row counts 7"
[ "$("$VS" status "$db" 4 --format json)" = "$before" ] || fail "a refused change altered asset 4"
expect_status 0 "$VS" status "$db" 5
expect_contains "$work/out" "no status changes"

# History: text (control bytes of a note shown escaped) and JSON.
expect_status 0 "$VS" status "$db" 4
expect_contains "$work/out" "asset 4 (survey kk-2025): 281 units: 181 in_service, 20 ordered, 80 replaced"
expect_contains "$work/out" "2026-03-01  replaced           80 units  1,600.5 t.kr.  by ann"
expect_status 0 "$VS" status "$db" 4 9 --format json
python3 - "$work/out" <<'PY' || fail "status --format json: $(head -c 300 "$work/out")"
import json, sys
a, b = json.load(open(sys.argv[1]))
assert a["asset"] == 4 and a["units"]["replaced"] == 80 and a["units"]["ordered"] == 20
assert [h["state"] for h in a["history"]] == ["ordered", "replaced"]
assert a["history"][1]["cost"] == 1600.5 and a["history"][0]["note"] == "framework agreement"
assert b["state"] == "exempt" and b["history"][0]["reason"] == "evidence in a police case"
PY

# Bulk: the bad line 3 fails the file and nothing of line 2 stays.
printf 'asset,state,date,cost,units,note\n3,ordered,2026-04-01,400,100,x\n3,replaced,2026-04-02,,101,y\n' >"$work/bad.csv"
expect_status 65 "$VS" status "$db" --file "$work/bad.csv"
expect_contains "$work/err" "bad.csv:3: asset 3: 101 units"
expect_status 0 "$VS" status "$db" 3
expect_contains "$work/out" "no status changes"
expect_status 66 "$VS" status "$db" --file "$work/missing.csv"
expect_status 64 "$VS" status "$db" --file "$work/bad.csv" --set replaced
# A hostile note: stored as text, escaped on the way out.
printf 'asset,state,date,cost,units,note\n3,ordered,2026-04-01,400,100,"=HYPERLINK(""http://x"")\033[31m"\n3,replaced,2026-04-15,1200,60,\n10,decommissioned,2026-05-01,15,,\n' >"$work/changes.csv"
expect_status 0 "$VS" status "$db" --file "$work/changes.csv" --user carl
expect_contains "$work/out" "3 status changes recorded"
expect_status 0 "$VS" status "$db" 3
expect_contains "$work/out" 'note: =HYPERLINK("http://x")?[31m'
expect_contains "$work/out" "by carl"

# Laptops are outside the camera plan's --types: not counted there, counted
# in a plan of everything.
expect_status 0 "$VS" status "$db" 11 --set replaced --units 10 --date 2026-05-01 --cost 99
expect_status 0 "$VS" plan "$db" --strategy immediate --prices "$VS_SRC/data/prices/kk-2025-hardware.csv" --format json
python3 - "$work/out" <<'PY' || fail "a plan of everything does not count the laptops"
import json, sys
p = json.load(open(sys.argv[1]))["plan_vs_actual"]
assert p["changes"] == 7 and p["units"] == 168, (p["changes"], p["units"])
okf = [x for x in p["by_department"] if x["department"] == "ØKF"][0]
assert okf["units"] == 70 and okf["cost"] == 1699, okf
PY

# Plan versus actual: the Oracle 3 tables first, unchanged, then the new
# ones (golden); JSON and HTML carry the same.
for lang in en da; do
	expect_status 0 plan --lang "$lang"
	n=$(wc -l <"$golden/oracle3.$lang.txt")
	cmp -s <(head -n "$n" "$work/out" | tail -n +3) <(tail -n +3 "$golden/oracle3.$lang.txt") ||
		fail "plan versus actual changed the Oracle 3 tables ($lang)"
	tail -n +$((n + 1)) "$work/out" >"$work/actual.$lang.txt"
	cmp -s "$work/actual.$lang.txt" "$golden/plan_actual.$lang.txt" ||
		fail "plan versus actual ($lang) differs: $(diff "$golden/plan_actual.$lang.txt" "$work/actual.$lang.txt" | head -20)"
done
expect_status 0 plan --format json
python3 - "$work/out" <<'PY' || fail "plan --format json lacks plan_vs_actual"
import json, sys
d = json.load(open(sys.argv[1]))
p = d["plan_vs_actual"]
assert p["changes"] == 6 and p["units"] == 158 and p["exempt"] == 13
assert p["cost"] == 3515.5, p["cost"]
assert [b["strategy"] for b in d["burndown"]] == ["Over 2 years"]
bd = p["burndown"]
assert bd["years"] == [2025, 2026, 2027]
assert bd["planned_units"] == [826, 413, 0] and bd["actual_units"] == [826, 668, None]
assert bd["actual_money"] == [17140, 13624.5, None]
sof = [x for x in p["by_department"] if x["department"] == "SOF"][0]
assert (sof["planned_units"], sof["units"], sof["cost"]) == (281, 80, 1900.5)
PY
expect_status 0 "$VS" report "$db" --plan years:2 --from 2026 --types "$cams" --prices "$p3" --format html -o "$work/r.html"
[ "$(grep -c '<svg' "$work/r.html")" -eq 2 ] || fail "the HTML report lacks its two burn-down charts"
expect_contains "$work/r.html" "Actual (recorded)"
expect_contains "$work/r.html" "Money not yet spent at the end of each year"
grep -q '<script' "$work/r.html" && fail "the HTML report has a script"
expect_status 0 "$VS" report "$db" --plan years:2 --from 2026 --types "$cams" --prices "$p3" --format csv -o "$work/r.csv"
grep -q "'=HYPERLINK" "$work/r.csv" && fail "a note reached the CSV report"
expect_status 0 "$VS" report "$db" --plan years:2 --from 2026 --types "$cams" --prices "$p3" --format xlsx -o "$work/r.xlsx"
# A comparison has no one plan to set actuals beside: unchanged.
expect_status 0 "$VS" plan "$db" --compare immediate,years:2 --prices "$p3" --types "$cams"
grep -q "Plan versus actual" "$work/out" && fail "--compare shows plan versus actual"

# A survey removed takes its history along; the store stays consistent.
expect_status 0 "$VS" surveys rm "$db" kk-2025
expect_status 66 "$VS" status "$db" 4
finish
