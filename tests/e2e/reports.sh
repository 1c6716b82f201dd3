#!/usr/bin/env bash
# Reports for their readers (issue 15 B): every output names its survey, the
# survey's date and when it was generated; one rounding per report; the
# headline and the cost by type; strategy names in the report's language;
# Danish words as the municipality writes them; diff with software in its
# own section and plain CSV numbers; the register as HTML and XLSX.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01 00:00 UTC
ex=$VS_SRC/examples/kk-2025
p2=$VS_SRC/data/prices/kk-2025-hardware.csv
db=$(vs_db kk)
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" import "$db" "$ex/camera-survey-2022.csv" --survey kk-2022 --date 2022-05-12
expect_status 0 "$VS" import "$db" "$ex/inventory-2025.csv" --survey kk-2025 --date 2025
expect_status 0 "$VS" import "$db" "$ex/software-2025.csv" --survey kk-2025 --format software

# --- the survey, its date and the generation time, in every format --------
en_line='Survey kk-2025 (2025); generated 2026-01-01 00:00 UTC'
da_line='Kortlægning kk-2025 (2025); dannet 2026-01-01 00:00 UTC'
for fmt in text csv html; do
	expect_status 0 "$VS" report "$db" --plan years:3 --prices "$p2" --format $fmt
	expect_contains "$work/out" "$en_line"
done
expect_status 0 "$VS" report "$db" --plan years:3 --prices "$p2" --format csv --lang da
expect_contains "$work/out" "$da_line"
expect_status 0 "$VS" report "$db" --plan years:3 --prices "$p2" --format json
python3 - "$work/out" <<'PY' || fail "plan JSON lacks survey/generated"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["survey"] == {"name": "kk-2025", "date": "2025"}, d.get("survey")
assert d["generated"] == "2026-01-01T00:00:00Z", d.get("generated")
assert d["headline"].startswith("41,931 Chinese units"), d.get("headline")
PY
expect_status 0 "$VS" assets "$db" --survey kk-2025
expect_contains "$work/out" "$en_line"
expect_status 0 "$VS" assets "$db" --survey kk-2025 --by type --lang da
expect_contains "$work/out" "$da_line"
expect_status 0 "$VS" assets "$db" --survey kk-2025 --format csv
expect_contains "$work/out" ",kk-2025,2025,2026-01-01T00:00:00Z"
expect_status 0 "$VS" assets "$db" --survey kk-2025 --by type,department --format csv
expect_contains "$work/out" "survey,survey_date,generated"
expect_contains "$work/out" "pedagogical_pc,BUF,37323,37323,37323,false,kk-2025,2025,2026-01-01T00:00:00Z"
expect_status 0 "$VS" diff "$db" kk-2022 kk-2025
expect_contains "$work/out" "Surveys kk-2022 (2022-05-12) and kk-2025 (2025); generated 2026-01-01 00:00 UTC"
expect_status 0 "$VS" diff "$db" kk-2022 kk-2025 --format csv
expect_contains "$work/out" "Surveys kk-2022 (2022-05-12) and kk-2025 (2025)"
# Without SOURCE_DATE_EPOCH the clock decides: this year, not 2026-01-01.
SOURCE_DATE_EPOCH= expect_status 0 "$VS" assets "$db" --survey kk-2025 --by type
expect_contains "$work/out" "generated $(date -u +%Y-)"

# --- one rounding per report: Table 1 and Table 2 show the same total ------
expect_status 0 "$VS" plan "$db" --strategy years:3 --prices "$p2" --format json
python3 - "$work/out" <<'PY' || fail "Table 1 and Table 2 totals differ"
import json, sys
d = json.load(open(sys.argv[1]))
t = {x["id"]: x for x in d["tables"]}
total = lambda tab, col=-1: tab["rows"][-1][col]
got = [total(t["Table 1"]), total(t["Table 2"]), total(t["Table 3"]), total(t["Summary"], 2)]
assert got == [179422] * 4, got
for tab in t.values():  # every row adds up to its Total column
    cols = [c["name"] for c in tab["columns"]]
    if tab["id"] == "Table 1":
        for r in tab["rows"]:
            assert abs(sum(r[2:-1]) - r[-1]) < 1e-9, r
PY
expect_status 0 "$VS" plan "$db" --compare immediate,years:3 --prices "$p2"
grep -qE '^Immediate +179,422 ' "$work/out" || fail "compare: total not in whole thousands: $(cat "$work/out")"

# --- headline and the cost by type ------------------------------------------
expect_status 0 "$VS" plan "$db" --strategy immediate --prices "$p2" --lang da
expect_contains "$work/out" "41.931 kinesiske enheder i kritiske installationer; udskiftning nu ca. 179 mio. kr.; heraf pædagogiske PC'er 83 %."
expect_contains "$work/out" "PC (Pædagogisk område)  37.323     149.292         83"
expect_status 0 "$VS" plan "$db" --strategy immediate --prices "$p2"
expect_contains "$work/out" "41,931 Chinese units in critical installations; replacement now about DKK 179 million, of which pedagogical PCs 83%."

# --- strategy names in the report's language --------------------------------
expect_status 0 "$VS" plan "$db" --compare immediate,natural,years:2,budget:20000 --prices "$p2" --lang da
for w in "Straks" "Ved endt levetid" "Over 2 år" "Budget 20.000 t. kr. om året"; do
	grep -qE "^$w  " "$work/out" || fail "compare (da) has no row '$w'"
done
grep -qE '^(immediate|natural|years:2|budget:20000) ' "$work/out" && fail "compare (da) keeps an English strategy name"
expect_status 0 "$VS" report "$db" --compare immediate,natural --prices "$p2" --lang da --format html -o "$work/c.html"
grep -qF '>Ved endt levetid</text>' "$work/c.html" || fail "chart legend not in Danish"

# --- Danish words: Producent (not Leverandør), Bærbar PC, Fabrikat ---------
expect_status 0 "$VS" assets "$db" --survey kk-2025 --kind hardware --by type,vendor --lang da
expect_contains "$work/out" "Producent"
grep -q "Leverandør" "$work/out" && fail "assets --by vendor (da) says Leverandør for producer"
expect_status 0 "$VS" assets "$db" --survey kk-2025 --lang da
head -n 3 "$work/out" | grep -q "Fabrikat *Producent" || fail "listing (da): maker/vendor headers: $(head -n 3 "$work/out")"
expect_status 0 "$VS" diff "$db" kk-2022 kk-2025 --lang da
expect_contains "$work/out" "Hardware efter type og producent"
grep -q "Leverandør" "$work/out" && fail "diff (da) says Leverandør"
expect_status 0 "$VS" plan "$db" --strategy immediate --prices "$p2" --lang da
expect_contains "$work/out" "Bærbar PC "
grep -q "PC (Bærbar)" "$work/out" && fail "plan (da) says PC (Bærbar)"

# --- diff: software in its own section; CSV numbers plain -------------------
expect_status 0 "$VS" diff "$db" kk-2022 kk-2025
python3 - "$work/out" <<'PY' || fail "diff sections"
import sys
text = open(sys.argv[1]).read()
sections = [s.split("\n", 1)[0] for s in text.split("\n\n")[1:]]
assert sections == ["Hardware by type and department", "Hardware by type and vendor",
                    "Software by product and department", "Software by product and vendor"], sections
hw = text.split("Software by product")[0]
assert "WPS Office" not in hw and "Microsoft Edge" not in hw, "software rows in a hardware section"
PY
expect_status 0 "$VS" diff "$db" kk-2022 kk-2025 --format csv
grep -q '"[0-9-]*,[0-9]' "$work/out" && fail "diff CSV has a grouped number: $(grep '"[0-9-]*,[0-9]' "$work/out" | head -n 2)"
expect_contains "$work/out" "laptop_pc,ØKF,0,3246,3246"
expect_contains "$work/out" "product,department,kk-2022,kk-2025,change"
expect_status 0 "$VS" diff "$db" kk-2022 kk-2025 --kind software --format json
python3 - "$work/out" <<'PY' || fail "diff JSON software rows"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows and all(r["kind"] == "software" and "product" in r for r in rows), rows[:2]
PY
expect_status 0 "$VS" assets "$db" --survey kk-2025 --format csv
grep -q '"3,246' "$work/out" && fail "assets CSV has a grouped count"
expect_contains "$work/out" ",ØKF,3246,"

# --- the register as HTML and XLSX ------------------------------------------
expect_status 0 "$VS" assets "$db" --survey kk-2025 --chinese --by type,department --lang da --format html -o "$work/a.html"
expect_contains "$work/a.html" "$da_line"
expect_contains "$work/a.html" '<td class="n">300*</td>'
expect_contains "$work/a.html" "*Estimeret Overvågningskamera, BUF: 200-300"
expect_status 0 "$VS" assets "$db" --survey kk-2025 --format html
expect_contains "$work/out" "<td>HIKvision</td>"
expect_status 64 "$VS" assets "$db" --format xlsx
expect_status 64 "$VS" assets "$db" --format csv -o "$work/x.csv"
expect_status 0 "$VS" assets "$db" --survey kk-2025 --kind hardware --by type,department --format xlsx -o "$work/a.xlsx"
if command -v unzip >/dev/null; then
	s1=$(unzip -p "$work/a.xlsx" xl/worksheets/sheet1.xml)
	grep -qF '<f>SUM(C5:C18)</f><v>41931</v>' <<<"$s1" || fail "assets xlsx: no total formula: $s1"
	grep -qF 'state="frozen"' <<<"$s1" || fail "assets xlsx: header not frozen"
	# Extracted first, not piped into grep -q: a write after grep's match
	# would fail the pipeline (SIGPIPE under pipefail) on a loaded machine.
	unzip -p "$work/a.xlsx" xl/sharedStrings.xml >"$work/strings.xml"
	unzip -p "$work/a.xlsx" docProps/core.xml >"$work/core.xml"
	grep -qF "$en_line" "$work/strings.xml" || fail "assets xlsx: no survey line"
	grep -qF '2026-01-01T00:00:00Z' "$work/core.xml" || fail "assets xlsx: created is not SOURCE_DATE_EPOCH"
fi
finish
