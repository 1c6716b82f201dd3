#!/usr/bin/env bash
# Scan benchmark (issue 5): a lab of 250 emulated devices (tests/lab/, the
# fifteen reference profiles repeated with distinct MACs from the same
# vendor blocks) scanned from the lab's scanner namespace, in one run, by
#   vendorscope scan (default rate, then --rate 3000),
#   nmap -sn (ARP ping: liveness and MAC vendor),
#   nmap -sS -sU -sV on the same ports vendorscope probes, with the NSE
#     scripts that ask the same questions,
#   arp-scan --localnet.
# For each: wall time, lab devices found, devices attributed to their
# producer (bench/scan/score.py says how each tool is scored). Prints a
# Markdown table for docs/benchmarks.md. Needs root (network namespaces)
# and the tools (VS_SETUP_BENCH=1 scripts/setup). Not part of the test
# suite: it takes minutes.
#
# usage: bench/scan/run.sh [DEVICES]      (default 250)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-250}
vs=${VS:-$PWD/build/release/bin/vendorscope}
[ -x "$vs" ] || ./scripts/build release >/dev/null
export VENDORSCOPE_DATA=${VENDORSCOPE_DATA:-$(dirname "$(dirname "$vs")")/share/vendorscope}
out=$(mktemp -d "${TMPDIR:-/tmp}/vs-bench-scan.XXXXXX")
trap 'rm -rf "$out"' EXIT
chmod 777 "$out"

cat >"$out/inside.sh" <<'INNER'
set -euo pipefail
o=$1 vs=$2 src=$3
cp "$LAB_EXPECT" "$o/expect.tsv"
ports_tcp=80,443,554,8000,37777,49152
ports_udp=161,1900,3702,5050,5353,34569,37020,37810
t() { # LABEL FILE CMD...: wall seconds into $o/LABEL.time, stdout into FILE
	local label=$1 file=$2; shift 2
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >"$file" 2>"$o/$label.err" || echo "exit $?" >>"$o/$label.err"
	t1=$(date +%s.%N)
	python3 -c "print('%.1f' % ($t1 - $t0))" >"$o/$label.time"
}
"$vs" init "$o/db" >/dev/null && chmod 666 "$o/db"
sleep 2 # let the emulator settle
t vs-default "$o/vs-default.json" "$vs" scan "$o/db" "$LAB_NET" --survey bench-default --json
t vs-fast "$o/vs-fast.json" "$vs" scan "$o/db" "$LAB_NET" --survey bench-fast --rate 3000 --json
t nmap-sn "$o/nmap-sn.out" nmap -sn -oX "$o/nmap-sn.xml" "$LAB_NET"
t nmap-sv "$o/nmap-sv.out" nmap -sS -sU -sV -T4 -p "T:$ports_tcp,U:$ports_udp" \
	--script broadcast-wsdd-discover,upnp-info,snmp-sysdescr,rtsp-methods,http-server-header \
	-oX "$o/nmap-sv.xml" "$LAB_NET"
t arp-scan "$o/arp-scan.txt" arp-scan --interface eth0 --localnet
INNER
load=$(cut -d' ' -f1 /proc/loadavg)
when=$(date -u '+%Y-%m-%d %H:%M UTC')
VS="$vs" tests/lab/lab.sh --devices "$n" -- bash "$out/inside.sh" "$out" "$vs" "$PWD"

score() { python3 bench/scan/score.py "$out/expect.tsv" "$@"; }
echo "$when, $n devices, load average $load at the start:"
echo
echo "| tool | wall s | devices found | attributed to their producer |"
echo "| --- | ---: | ---: | ---: |"
row() { # LABEL TIME-LABEL TOOL FILE
	read -r f a < <(score "$3" "$4")
	printf '| %s | %s | %s / %s | %s / %s |\n' "$1" "$(cat "$out/$2.time")" "$f" "$n" "$a" "$n"
}
row "vendorscope scan (default --rate 300)" vs-default vendorscope "$out/vs-default.json"
row "vendorscope scan --rate 3000" vs-fast vendorscope "$out/vs-fast.json"
row "nmap -sn" nmap-sn nmap "$out/nmap-sn.xml"
row "nmap -sS -sU -sV -T4 + 5 NSE scripts" nmap-sv nmap "$out/nmap-sv.xml"
row "arp-scan --localnet" arp-scan arp-scan "$out/arp-scan.txt"
for f in "$out"/*.err; do
	[ -s "$f" ] && { echo; echo "$(basename "$f"):"; tail -n 3 "$f"; }
done
# Per profile, which devices vendorscope got wrong (the scoring's detail).
python3 - "$out/expect.tsv" "$out/vs-default.json" <<'PY'
import json, sys, collections
exp = {l.split('\t')[0]: l.rstrip('\n').split('\t') for l in open(sys.argv[1])}
got = {}
for line in open(sys.argv[2]):
    o = json.loads(line)
    for ip in o['ip']:
        got[ip] = o
wrong = collections.Counter()
for ip, r in exp.items():
    want = None if r[3] == '-' else r[3]
    if ip not in got or got[ip]['vendor'] != want:
        wrong[(r[2], got[ip]['vendor'] if ip in got else 'not found')] += 1
print()
print('vendorscope (default rate) misses: ' + (', '.join('%s -> %s x%d' % (p, v, n) for (p, v), n in sorted(wrong.items())) or 'none'))
PY
