#!/usr/bin/env bash
# Exports people already have, read by their header without --map: each
# fixture in tests/fixtures/import/presets/ imports, says which export it
# was read as, and gives the assets of tests/golden/presets/NAME.json. The
# golden keeps the fields the import fills (what the preset mapped), not the
# knowledge base's verdicts, so a kb change does not move it.
# VS_UPDATE_GOLDEN=1 rewrites the goldens.
source "$(dirname "$0")/lib.sh"
fx=$VS_SRC/tests/fixtures/import/presets
golden=$VS_SRC/tests/golden/presets

project() {
	python3 -c '
import json, sys
keys = ("type", "maker", "brand", "model", "serial", "mac", "ip", "hostname",
        "department", "site", "acquired", "count", "source_line")
for line in sys.stdin:
    a = json.loads(line)
    p = {k: a[k] for k in keys}
    p["source_line"] = (p["source_line"] or "").rsplit("/", 1)[-1]  # the work directory varies
    print(json.dumps(p, ensure_ascii=False, sort_keys=True))
'
}

declare -A what=(
	[intune]="Microsoft Intune device export"
	[sccm]="Microsoft Configuration Manager (SCCM) hardware inventory"
	[lansweeper]="Lansweeper asset export"
	[glpi]="GLPI computer list export"
	[topdesk]="TOPdesk asset export"
	[netbox]="NetBox devices CSV"
	[xprotect]="Milestone XProtect hardware list (Management Client CSV)"
	[xprotect-report]="Milestone XProtect camera report (MilestonePSTools Get-VmsCameraReport)"
)
declare -A dbs
for name in "${!what[@]}"; do
	db=$(vs_db $name)
	dbs[$name]=$db
	expect_status 0 "$VS" init "$db"
	cp "$fx/$name.csv" "$work/$name.csv"
	expect_status 0 "$VS" import "$db" "$work/$name.csv" --survey s --date 2026
	expect_contains "$work/out" "(read as ${what[$name]})"
	expect_status 0 "$VS" assets "$db" --survey s --format json
	project <"$work/out" >"$work/$name.json"
	if [ "${VS_UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$work/$name.json" "$golden/$name.json"
	fi
	cmp -s "$work/$name.json" "$golden/$name.json" ||
		fail "$name: $(diff "$golden/$name.json" "$work/$name.json" | head -20)"
done

# The XProtect hardware list's passwords are never stored.
expect_status 0 "$VS" assets "${dbs[xprotect]}" --survey s --format json
if grep -q Secret-Cam "$work/out"; then fail "a camera password was stored"; fi

# --map still overrides a preset: the Intune category becomes the type.
db=$(vs_db map)
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" import "$db" "$fx/intune.csv" --survey s --map 'Category=type'
expect_status 0 "$VS" assets "$db" --survey s --format json
expect_contains "$work/out" '"type":"Kontor"'

# --set gives empty cells a value; a row's own value wins.
expect_status 0 "$VS" import "$db" "$fx/lansweeper.csv" --survey l --set department=IT --set type=Router
expect_status 0 "$VS" assets "$db" --survey l --format json
[ "$(grep -c '"department":"IT"' "$work/out")" -eq 0 ] || fail "--set replaced a row's department"
expect_contains "$work/out" '"type":"printer"'
expect_status 64 "$VS" import "$db" "$fx/lansweeper.csv" --survey l --set colour=red
expect_contains "$work/err" '--set: unknown field "colour"'

# Every unknown column in one message, with the --map line that fixes it.
printf 'Type;Farve;Ejer;Antal\nRouter;rød;Jens;1\n' >"$work/unknown.csv"
expect_status 65 "$VS" import "$db" "$work/unknown.csv" --survey u
expect_contains "$work/err" "unknown.csv:1: 2 unknown columns: \"Farve\" (column 2), \"Ejer\" (column 3)"
expect_contains "$work/err" "--map 'Farve=-,Ejer=-'"
expect_status 0 "$VS" import "$db" "$work/unknown.csv" --survey u --map '*=-'
expect_contains "$work/out" "1 rows into survey 'u'"
expect_status 64 "$VS" import "$db" "$work/unknown.csv" --survey u --map '*=note'

# XLSX: the camera report as a workbook gives the CSV's assets.
db=$(vs_db xlsx)
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" import "$db" "$fx/xprotect-report.xlsx" --survey s --date 2026
expect_contains "$work/out" "(read as ${what[xprotect-report]})"
expect_status 0 "$VS" assets "$db" --survey s --format json
project <"$work/out" | sed 's/xprotect-report\.xlsx:/xprotect-report.csv:/' >"$work/xlsx.json"
cmp -s "$work/xlsx.json" "$golden/xprotect-report.json" ||
	fail "xlsx: $(diff "$golden/xprotect-report.json" "$work/xlsx.json" | head -20)"
# A damaged workbook stores nothing; a bad cell is named FILE:SHEET!ROW.
xfx=$VS_SRC/tests/fixtures/import/xlsx
head -c 2000 "$xfx/inventory.xlsx" >"$work/cut.xlsx"
expect_status 65 "$VS" import "$db" "$work/cut.xlsx" --survey cut
expect_contains "$work/err" "cut.xlsx: not a readable ZIP archive (XLSX)"
expect_status 65 "$VS" import "$db" "$xfx/bad-count.xlsx" --survey cut
expect_contains "$work/err" "bad-count.xlsx:Ark1!3: bad count \"mange\""
# Rows already read when the sheet turns out malformed are not stored either.
python3 - "$xfx/inventory.xlsx" "$work/broken.xlsx" <<'PY'
import sys, zipfile
src, dst = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)
for info in src.infolist():
    data = src.read(info)
    if info.filename == "xl/worksheets/sheet1.xml":
        data = data.replace(b'<row r="5">', b'<row r="5"><c r="A5"><v>1</c>')
    dst.writestr(info, data)
dst.close()
PY
expect_status 65 "$VS" import "$db" "$work/broken.xlsx" --survey cut
expect_contains "$work/err" "broken.xlsx: xl/worksheets/sheet1.xml:"
expect_status 0 "$VS" surveys "$db"
if grep -q "cut" "$work/out"; then fail "a failed workbook import left a survey: $(cat "$work/out")"; fi
expect_status 0 "$VS" import "$db" "$xfx/inventory.xlsx" --survey noter --sheet Noter
expect_contains "$work/out" "1 rows into survey 'noter': 3 units"
expect_status 64 "$VS" import "$db" "$fx/sccm.csv" --survey cut --sheet Noter

# A VMS camera list and a capture of the same cameras: one asset each.
db=$(vs_db fused)
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" capture "$db" --read "$VS_SRC/tests/fixtures/pcap/site.pcap" --survey site \
	--geoip "$VS_SRC/tests/fixtures/geo/tiny.mmdb"
expect_status 0 "$VS" import "$db" "$fx/xprotect-report.csv" --survey site
# Six of the seven cameras were heard (the Hanwha one was not).
expect_contains "$work/out" "7 rows into survey 'site'"
expect_contains "$work/out" "6 rows joined a device the survey already held"
expect_status 0 "$VS" assets "$db" --survey site --format json
python3 - "$work/out" <<'PY' || fail "fused register: $(cat "$work/out" | head -c 600)"
import json, sys
assets = [json.loads(l) for l in open(sys.argv[1])]
macs = [a["mac"] for a in assets if a["mac"]]
assert len(macs) == len(set(macs)), "a MAC is on two assets"
assert len(assets) == 12, len(assets)  # 11 devices heard + the camera only the VMS lists
cam = {a["mac"]: a for a in assets}
assert cam["ac:cc:8e:01:02:03"]["type"] == "surveillance_camera"
assert cam["bc:ad:28:11:22:33"]["vendor"] == "Hikvision"
PY
finish
