#!/usr/bin/env bash
# Chinese software by owner: each format imports and classifies, programs
# take their device's department, unknown publishers stay unknown, and
# look-alikes are told apart.
. "$(dirname "$0")/lib.sh"
fx=$VS_SRC/tests/fixtures/software
db=$(vs_db sw)
expect_status 0 "$VS" init "$db"

# Every format, detected from the content, into a survey of its own.
for f in cyclonedx.json dpkg-maintainer.txt dpkg-plain.txt intune-apps.csv programs-da.csv rpm.txt spdx.json winget-export.json; do
	expect_status 0 "$VS" import "$db" "$fx/$f" --format software --survey "sw-$f"
	expect_contains "$work/out" "into survey 'sw-$f'"
done
# And named explicitly.
expect_status 0 "$VS" import "$db" "$fx/winget-export.json" --format winget --survey named
expect_contains "$work/out" "8 rows"
expect_status 65 "$VS" import "$db" "$fx/winget-export.json" --format dpkg --survey wrong
expect_status 64 "$VS" import "$db" "$fx/winget-export.json" --format msi

# Programs attached to the hardware inventory's devices by host name.
expect_status 0 "$VS" import "$db" "$VS_SRC/tests/fixtures/software-e2e/hardware.csv" --survey site
expect_status 0 "$VS" import "$db" "$fx/intune-apps.csv" --format software --survey site
expect_status 0 "$VS" assets "$db" --survey site --kind software --format json
python3 - "$work/out" <<'PY' || fail "software JSON lines"
import json, sys
rows = {r["product"]: r for r in map(json.loads, open(sys.argv[1]))}
for k in ("publisher", "owner", "product", "version", "device"):
    assert all(k in r for r in rows.values()), k
wps = rows["WPS Office"]
assert wps["chinese"] is True and wps["country"] == "CN" and wps["device"] == "KK-OEKF-PC0142", wps
assert wps["department"] == "ØKF", wps          # from the laptop with that host name
assert any("store device" in e and "by host name 'KK-OEKF-PC0142'" in e for e in wps["evidence"]), wps["evidence"]
ivms = rows["iVMS-4200"]
assert ivms["department"] == "TMF" and ivms["critical"] is True, ivms  # host names ignore case
assert ivms["owner"] == "Hikvision", ivms
wechat = rows["WeChat"]                          # publisher written in Chinese characters
assert wechat["publisher"].startswith("腾讯") and wechat["owner"] == "Tencent", wechat
assert wechat["department"] is None, wechat      # its device is not in the inventory
zoom = rows["Zoom Workplace"]                    # look-alike guard: Zoom is not Chinese-owned
assert zoom["chinese"] is False and zoom["country"] == "US", zoom
opera = rows["Opera Stable"]                     # Norwegian company, controlled from China
assert opera["chinese"] is True, opera
assert any("Kunlun" in e for e in opera["evidence"]), opera["evidence"]
PY

# By serial number, then MAC, then host name: an export with the machine's
# serial and Wi-Fi MAC against an inventory that has them (in other forms:
# upper case, dashes).
expect_status 0 "$VS" import "$db" "$VS_SRC/tests/fixtures/software-e2e/hardware-ids.csv" --survey ids
expect_status 0 "$VS" import "$db" "$VS_SRC/tests/fixtures/software-e2e/software-ids.csv" --format software --survey ids
expect_contains "$work/out" "6 rows into survey 'ids'"
expect_status 0 "$VS" assets "$db" --survey ids --format json
python3 - "$work/out" <<'PY' || fail "programs by serial and MAC"
import json, sys
rows = list(map(json.loads, open(sys.argv[1])))
hw = {r["serial"]: r["id"] for r in rows if r["kind"] == "hardware"}
sw = {r["product"]: r for r in rows if r["kind"] == "software"}
def device_line(r):
    lines = [e for e in r["evidence"] if e.startswith("store device: ")]
    assert len(lines) == 1, r["evidence"]
    return lines[0]
wps = sw["WPS Office"]                  # serial in another case; its host name is the old one
assert wps["department"] == "ØKF" and wps["site"] == "Rådhuset", wps
assert f"runs on hardware asset #{hw['PF3K9ZQ1']} by serial 'pf3k9zq1'," in device_line(wps), wps
capcut = sw["CapCut"]                   # MAC without separators, inventory's in upper case
assert capcut["department"] == "BUF" and capcut["mac"] == "8c:16:45:01:02:03", capcut
assert f"#{hw['R90V2K7M']} by MAC '8c:16:45:01:02:03'," in device_line(capcut), capcut
ivms = sw["iVMS-4200"]                  # the serial names SOF's laptop, the host name TMF's server
assert ivms["department"] == "SOF", ivms
line = device_line(ivms)
assert f"#{hw['5CG1234XYZ']} by serial '5CG1234XYZ'" in line, line
assert f"its host name 'KK-TMF-VMS01' names hardware asset #{hw['7XK2M33']}, which the serial overrides" in line, line
smart = sw["SmartPSS"]                  # a serial nobody has: the host name decides
assert smart["department"] == "TMF", smart
assert "by host name 'KK-TMF-VMS01' (its serial 'NOSUCH123' names no hardware asset)" in device_line(smart), smart
for p in ("WeChat", "TikTok"):          # nothing matches: no department, no device line
    assert sw[p]["department"] is None and not any(e.startswith("store device") for e in sw[p]["evidence"]), sw[p]
PY

# A publisher nobody knows is unknown, never "not Chinese".
printf 'Device;Application;Publisher;Version\nPC1;Frobnicator;Zyrgotron Software;1.0\n' >"$work/unknown.csv"
expect_status 0 "$VS" import "$db" "$work/unknown.csv" --format software --survey unk
expect_status 0 "$VS" assets "$db" --survey unk --kind software --format json
expect_contains "$work/out" '"chinese":null'
expect_contains "$work/out" "no company known as 'Zyrgotron Software'"

# The example export: the software table of the README's first command.
expect_status 0 "$VS" import "$db" "$VS_SRC/examples/kk-2025/software-2025.csv" --format software --survey kk
expect_status 0 "$VS" assets "$db" --survey kk --kind software --chinese --by product,vendor,department
expect_contains "$work/out" "iVMS-4200"
expect_contains "$work/out" "ByteDance"
finish
