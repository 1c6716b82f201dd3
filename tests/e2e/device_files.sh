#!/usr/bin/env bash
# Device files (issue 12): each DHCP lease and switch-table fixture of
# tests/fixtures/devices/ imports without --format or --map, and
# `assets --format json` matches tests/golden/devices/NAME.json (set
# VS_UPDATE_GOLDEN=1 to rewrite them). Then one survey from an inventory,
# a lease file and a switch walk of the same MACs: each device one asset,
# the inventory's facts kept, the lease's host name and the switch port
# joined, the port the site of a device whose row states none. A truncated file is refused with FILE:LINE and stores nothing.
source "$(dirname "$0")/lib.sh"
fx=$VS_SRC/tests/fixtures/devices
golden=$VS_SRC/tests/golden/devices
declare -A format=(
	[dnsmasq.leases]=dnsmasq-leases [dhcpd.leases]=dhcpd-leases
	[kea-leases4.csv]=kea-leases [windows-dhcp.csv]=windows-dhcp
	[snmpwalk-bridge.txt]=snmpwalk [snmpwalk-lldp.txt]=snmpwalk
	[show-mac-cisco.txt]=mac-table [display-mac-huawei.txt]=mac-table
	[display-mac-comware.txt]=mac-table [show-mac-procurve.txt]=mac-table
)
for f in "${!format[@]}"; do
	db=$(vs_db $f)
	expect_status 0 "$VS" init "$db"
	expect_status 0 "$VS" import "$db" "$fx/$f" --survey lab --date 2026-12-01
	expect_contains "$work/out" ": ${format[$f]} file, "
	"$VS" assets "$db" --survey lab --format json >"$work/$f.json"
	if [[ ${VS_UPDATE_GOLDEN:-} == 1 ]]; then
		cp "$work/$f.json" "$golden/$f.json"
	elif ! cmp -s "$work/$f.json" "$golden/$f.json"; then
		fail "$f: assets differ from the golden: $(diff "$golden/$f.json" "$work/$f.json" | head -c 800)"
	fi
	# --format forces the same parser.
	expect_status 0 "$VS" import "$db" "$fx/$f" --survey forced --format "${format[$f]}"
done

# One survey, three sources of the same devices.
db=$(vs_db fused)
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" import "$db" "$fx/inventory.csv" --survey site --date 2026-12-01
expect_status 0 "$VS" import "$db" "$fx/dnsmasq.leases" --survey site
expect_contains "$work/out" "5 devices into survey 'site'"
expect_contains "$work/out" "4 of them already in the survey, each still one asset"
expect_status 0 "$VS" import "$db" "$fx/snmpwalk-bridge.txt" --survey site
"$VS" assets "$db" --survey site --format json | python3 -c '
import json, sys
for line in sys.stdin:
    a = json.loads(line)
    ev = [e for e in a["evidence"] if e.startswith(("dhcp hostname", "switch port"))]
    print(a["mac"], a["vendor"], a["model"] or "-", a["hostname"] or "-", a["site"] or "-", "|".join(ev))
' | sort >"$work/fused"
[ "$(grep -c . "$work/fused")" -eq 7 ] || fail "7 assets expected (4 rows + yealink lease + 2 switch-only): $(cat "$work/fused")"
grep -q '^44:19:b6:31:0a:01 Hikvision DS-2CD2143G2-I hik-cam Rådhuset dhcp hostname: hik-cam|switch port: Gi1/0/1$' "$work/fused" ||
	fail "the Hikvision camera: $(grep 44:19:b6 "$work/fused")"
grep -q '^00:1b:21:31:0a:0e Lenovo ThinkCentre M70q win-pc sw-floor2 Gi1/0/3 dhcp hostname: win-pc|switch port: Gi1/0/3$' "$work/fused" ||
	fail "the PC: $(grep 00:1b:21 "$work/fused")"
grep -q '^4c:54:99:31:0a:09 Huawei AR1220 huawei-ar Serverrum dhcp hostname: huawei-ar$' "$work/fused" ||
	fail "the router: $(grep 4c:54:99 "$work/fused")"

# Each fact keeps FILE:LINE: the source's path and the line (schema 9).
vs_sql "$db" "SELECT s.path || ':' || o.source_row || ' ' || o.value FROM observation o
	JOIN source s ON s.id = o.source_id WHERE o.method = 'dhcp' AND o.field = 'hostname'
	ORDER BY o.source_row" >"$work/lines" 2>&1 || fail "sqlite3: $(cat "$work/lines")"
expect_contains "$work/lines" "devices/dnsmasq.leases:1 win-pc"
expect_contains "$work/lines" "devices/dnsmasq.leases:5 hik-cam"
vs_sql "$db" "SELECT s.path || ':' || o.source_row || ' ' || o.value FROM observation o
	JOIN source s ON s.id = o.source_id WHERE o.method = 'switch' AND o.field = 'port'" \
	>"$work/lines" 2>&1
expect_contains "$work/lines" "devices/snmpwalk-bridge.txt:27 Gi1/0/3"

# A truncated lease file: FILE:LINE, exit 65, nothing stored.
head -c 400 "$fx/dhcpd.leases" >"$work/cut.leases"
cut=$(vs_db cut)
expect_status 0 "$VS" init "$cut"
expect_status 65 "$VS" import "$cut" "$work/cut.leases" --survey cut
expect_contains "$work/err" "cut.leases:9: the lease opened here is not closed"
[ -z "$("$VS" assets "$cut" --format json 2>/dev/null)" ] || fail "a refused file stored assets"
finish
