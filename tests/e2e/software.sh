#!/usr/bin/env bash
# Chinese software by owner: each format imports and classifies, programs
# take their device's department, unknown publishers stay unknown, and
# look-alikes are told apart.
. "$(dirname "$0")/lib.sh"
fx=$VS_SRC/tests/fixtures/software
db=$work/sw.db
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
assert any("store device" in e for e in wps["evidence"]), wps["evidence"]
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
