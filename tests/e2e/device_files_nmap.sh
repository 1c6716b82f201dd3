#!/usr/bin/env bash
# Device files the real tools wrote about the lab (tests/fixtures/devices/,
# recorded by tests/lab/record_device_files.sh): each imports alone, detected
# from its content, to the golden `assets --format json`
# (tests/golden/devices/; VS_UPDATE_GOLDEN=1 rewrites them). nmap's service
# scan alone attributes every lab device whose producer its data shows and
# says unknown for the Intel-NIC PC and the randomised MAC; arp-scan alone
# attributes from the IEEE registry. All of them and an inventory of the
# same devices into one survey: each device one asset. A cut file stores
# nothing (exit 65).
source "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1796515200
fx=$VS_SRC/tests/fixtures/devices
golden=$VS_SRC/tests/golden/devices

# One line per asset: mac vendor chinese.
verdicts() {
	"$VS" assets "$1" --survey lab --format json | python3 -c '
import json, sys
for line in sys.stdin:
    a = json.loads(line)
    print(a["mac"] or "-", a["vendor"] or "-", a["chinese"])
' | sort
}

for f in nmap-sV.xml:nmap nmap-sn.xml:nmap arp-scan.txt:arp-scan arp-scan-plain.txt:arp-scan \
	ip-neigh.txt:ip-neigh arp-an.txt:arp; do
	file=${f%%:*} format=${f##*:}
	db=$work/${file%.*}.db
	expect_status 0 "$VS" init "$db"
	[ -e "$work/forced.db" ] || expect_status 0 "$VS" init "$work/forced.db"
	expect_status 0 "$VS" import "$db" "$fx/$file" --survey lab --date 2026-12-06
	expect_contains "$work/out" ": $format file, "
	"$VS" assets "$db" --survey lab --format json >"$work/$file.json"
	if [ -n "${VS_UPDATE_GOLDEN:-}" ]; then
		cp "$work/$file.json" "$golden/$file.json"
	fi
	cmp -s "$work/$file.json" "$golden/$file.json" ||
		fail "$file: assets differ from $golden/$file.json: $(diff "$work/$file.json" "$golden/$file.json" | head -6)"
	# --format forces the same reading.
	expect_status 0 "$VS" import "$work/forced.db" "$fx/$file" --format "$format" --survey lab
done

# The lab's expectations (tests/lab/devices.tsv as lab.sh placed them):
# nmap's service scan alone names every producer its data can show, and no
# other; arp-scan alone every producer the IEEE registry and kb give: not
# the Xiongmai DVR, whose MAC block is registered to a2i marketing center
# (KR) and which only its banners and XM protocol name.
check_expect() { # DB WHAT [NAME...: devices the source cannot know]
	verdicts "$1" >"$work/got"
	python3 - "$fx/lab-expect.tsv" "$work/got" "$2" "${@:3}" <<'PY' || fail "$2: verdicts differ from the lab's"
import sys
want = {}
for l in open(sys.argv[1]):
    ip, mac, profile, vendor, chinese, brand, name, note = l.rstrip("\n").split("\t")
    want[mac.lower()] = (name, vendor, chinese)
bad = 0
got = {}
for l in open(sys.argv[2]):
    mac, rest = l.split(" ", 1)
    vendor, chinese = rest.rsplit(" ", 1)
    got[mac] = (vendor, chinese.strip())
for mac, (name, vendor, chinese) in want.items():
    g = got.get(mac)
    if name in sys.argv[4:]:
        if g is None or g[0] != "-":
            print("%s: %s %s is %s, its data names no maker" % (sys.argv[3], name, mac, g))
            bad += 1
        continue
    exp = (vendor, {"true": "True", "false": "False", "null": "None"}[chinese])
    if g != exp:
        print("%s: %s %s is %s, the lab says %s" % (sys.argv[3], name, mac, g, exp))
        bad += 1
sys.exit(1 if bad else 0)
PY
}
check_expect "$work/nmap-sV.db" "nmap -sV"
check_expect "$work/arp-scan.db" "arp-scan" xm-dvr

# Every fact keeps the line of the file that stated it (observation.source_row).
lines=$(sqlite3 "$work/nmap-sV.db" "SELECT group_concat(o.source_row) FROM observation o
	JOIN asset a ON a.id = o.asset_id WHERE a.mac = '44:19:b6:31:0a:01'
	AND o.method || ' ' || o.field IN ('nmap mac_vendor', 'http server', 'http realm')")
want=$(grep -n '44:19:B6:31:0A:01' "$fx/nmap-sV.xml" | sed -n 2p | cut -d: -f1) # 1: its hosthint
[ -n "$lines" ] && [[ ,$lines, == *",$want,"* ]] ||
	fail "nmap facts without their lines: '$lines' (the MAC is on line $want)"
unlined=$(sqlite3 "$work/nmap-sV.db" "SELECT count(*) FROM observation WHERE method IN ('nmap', 'http', 'rtsp', 'tls', 'snmp', 'ssdp', 'upnp') AND source_row IS NULL")
[ "$unlined" -eq 0 ] || fail "$unlined facts of the nmap file without a line"

# One survey: nmap, arp-scan, the neighbour tables and an inventory of the
# same devices: each device is one asset.
db=$work/all.db
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" import "$db" "$fx/lab-inventory.csv" --survey lab --date 2026-12-06
for file in nmap-sV.xml arp-scan.txt ip-neigh.txt arp-an.txt nmap-sn.xml arp-scan-plain.txt; do
	expect_status 0 "$VS" import "$db" "$fx/$file" --survey lab --date 2026-12-06
done
verdicts "$db" >"$work/all"
n=$(grep -vc '^- ' "$work/all" || true)
dups=$(cut -d' ' -f1 "$work/all" | sort | uniq -d | grep -v '^-$' || true)
[ "$n" -eq 15 ] && [ -z "$dups" ] || fail "one survey: $n assets with a MAC, duplicates '$dups': $(cat "$work/all")"
[ "$(wc -l <"$work/all")" -eq 15 ] || fail "one survey: assets without a MAC: $(cat "$work/all")"
check_expect "$db" "all sources"

# A host nmap saw through a router (no MAC) joins the inventory's row by
# its host name: one asset, the inventory's maker, nmap's address.
cat >"$work/routed.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" version="7.93" xmloutputversion="1.05">
<host><status state="up"/>
<address addr="192.168.7.20" addrtype="ipv4"/>
<hostnames><hostname name="PC-0042.corp.example" type="PTR"/></hostnames>
<ports><port protocol="tcp" portid="445"><state state="open"/><service name="microsoft-ds"/></port></ports>
</host>
</nmaprun>
XML
printf 'Type,Maker,Model,Hostname,Department\nLaptop,Lenovo,ThinkPad T14,PC-0042.corp.example,Finance\n' >"$work/pcs.csv"
expect_status 0 "$VS" init "$work/h.db"
expect_status 0 "$VS" import "$work/h.db" "$work/pcs.csv" --survey s --date 2026-12-06
expect_status 0 "$VS" import "$work/h.db" "$work/routed.xml" --survey s --date 2026-12-06
expect_contains "$work/out" "1 of them already in the survey"
"$VS" assets "$work/h.db" --survey s --format json >"$work/h.json"
[ "$(wc -l <"$work/h.json")" -eq 1 ] && grep -q '"ip":"192.168.7.20"' "$work/h.json" &&
	grep -q '"vendor":"Lenovo"' "$work/h.json" || fail "host-name fusion: $(cat "$work/h.json")"

# A cut file stores nothing.
before=$("$VS" assets "$db" --format json | wc -l)
head -c 3000 "$fx/nmap-sV.xml" >"$work/cut.xml"
expect_status 65 "$VS" import "$db" "$work/cut.xml" --survey lab
expect_contains "$work/err" "cut.xml:"
head -c 300 "$fx/arp-scan-plain.txt" >"$work/cut.txt"
expect_status 65 "$VS" import "$db" "$work/cut.txt" --survey lab --format arp-scan
expect_contains "$work/err" "cut.txt:"
after=$("$VS" assets "$db" --format json | wc -l)
[ "$before" -eq "$after" ] || fail "a refused file changed the store ($before -> $after)"
# An internal DTD subset (entity expansion) is refused.
printf '<?xml version="1.0"?>\n<!DOCTYPE nmaprun [<!ENTITY a "aaaa">]>\n<nmaprun>&a;</nmaprun>\n' >"$work/ent.xml"
expect_status 65 "$VS" import "$db" "$work/ent.xml" --survey lab
expect_contains "$work/err" "internal subset"
finish
