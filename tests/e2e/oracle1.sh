#!/usr/bin/env bash
# The example end to end: both surveys imported, Table 1 (Oracle 1) byte for
# byte in both languages, and the survey diff.
. "$(dirname "$0")/lib.sh"
# The goldens were made at this generation time (2026-01-01 00:00 UTC).
export SOURCE_DATE_EPOCH=1767225600
ex=$VS_SRC/examples/kk-2025
db=$(vs_db kk)
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" import "$db" "$ex/camera-survey-2022.csv" --survey kk-2022 --date 2022-05-12
expect_contains "$work/out" "14 rows into survey 'kk-2022'"
expect_status 0 "$VS" import "$db" "$ex/inventory-2025.csv" --survey kk-2025 --date 2025
expect_contains "$work/out" "15 rows into survey 'kk-2025': 41,931 units, 41,931 Chinese, 0 of unknown origin"

for lang in da en; do
	expect_status 0 "$VS" assets "$db" --survey kk-2025 --chinese --by type,department --lang $lang
	diff -u "$VS_SRC/tests/golden/oracle1.$lang.txt" "$work/out" || fail "Oracle 1 ($lang) differs from its golden"
done

# JSON: one object per asset row, with the evidence for the verdict.
expect_status 0 "$VS" assets "$db" --survey kk-2025 --format json
[ "$(wc -l <"$work/out")" -eq 15 ] || fail "expected 15 JSON lines"
python3 - "$work/out" <<'PY' || fail "JSON lines do not match the schema"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
need = {"type","maker","vendor","country","chinese","department","count","count_low",
        "count_high","source_line","evidence","confidence","critical"}
for r in rows:
    missing = need - r.keys()
    assert not missing, missing
buf = [r for r in rows if r["department"] == "BUF" and r["type"] == "surveillance_camera"][0]
assert (buf["count"], buf["count_low"], buf["count_high"], buf["estimated"]) == (300, 200, 300, True), buf
assert buf["chinese"] is True and buf["vendor"] is None and buf["country"] == "CN", buf
assert buf["source_line"].endswith("inventory-2025.csv:8"), buf["source_line"]
assert any("Kina" in e for e in buf["evidence"]), buf["evidence"]
hik = [r for r in rows if r["type"] == "traffic_camera" and r["maker"] == "HIKvision"][0]
assert hik["vendor"] == "Hikvision" and hik["country"] == "CN" and hik["chinese"] is True, hik
assert any(e.startswith("csv maker: HIKvision") for e in hik["evidence"]), hik["evidence"]
assert hik["confidence"] > 0.9, hik
pc = [r for r in rows if r["type"] == "laptop_pc" and r["department"] == "ØKF"][0]
assert pc["vendor"] == "Lenovo" and pc["count"] == 3246 and pc["critical"] is True, pc
PY

# Survey to survey, Chinese only: the surveillance cameras per department.
expect_status 0 "$VS" diff "$db" kk-2022 kk-2025 --chinese --format csv
expect_contains "$work/out" "surveillance_camera,SOF,277,281,4"
expect_contains "$work/out" "surveillance_camera,BUF,0,300,300"
expect_contains "$work/out" "traffic_camera,Hikvision,0,13,13"
expect_status 0 "$VS" diff "$db" kk-2022 kk-2025 --chinese
expect_contains "$work/out" "Hardware by type and vendor"
expect_status 66 "$VS" diff "$db" kk-2022 nosuch
expect_contains "$work/err" "no survey named 'nosuch'"
finish
