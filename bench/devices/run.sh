#!/usr/bin/env bash
# Device files benchmark, Zeek part (issue 12): `vendorscope import` of a
# generated 1,000,000-line Zeek conn.log (TSV) into a fresh store: parsed,
# aggregated per local device and external peer, located (GeoIP, vendor
# clouds), identified and stored; against the zeek-cut-style floor, awk
# selecting the same columns (ts, id.orig_h, id.resp_h, the byte and packet
# counts, the MACs) out of the same file, in the same run. Wall time and
# peak RSS from /usr/bin/time. Prints a Markdown table for docs/benchmarks.md.
#
# usage: bench/devices/run.sh [LINES]    (default 1000000; needs a release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
lines=${1:-1000000}
vs=${VS:-build/release/bin/vendorscope}
out=bench/out
mkdir -p "$out"
[ -x "$vs" ] || ./scripts/build release >/dev/null

log="$out/zeek-conn-$lines.log"
small="$out/zeek-conn-$((lines / 10)).log"
[ -s "$log" ] || python3 bench/devices/zeek_gen.py "$lines" "$log"
[ -s "$small" ] || python3 bench/devices/zeek_gen.py "$((lines / 10))" "$small"
cat "$log" "$small" >/dev/null # in the page cache before timing

measure() { # LABEL CMD... → "label|seconds|max RSS MiB"
	local label=$1
	shift
	/usr/bin/time -f '%e %M' "$@" >/dev/null 2>"$out/time.txt"
	local t
	t=$(tail -n 1 "$out/time.txt")
	printf '%s|%s|%s\n' "$label" "${t% *}" "$(( ${t#* } / 1024 ))"
}

floor=$(measure "awk -F'\\t' (zeek-cut floor)" awk -F'\t' \
	'!/^#/ { print $1, $3, $5, $17, $18, $19, $20, $23, $24 }' "$log")
db="$out/zeek.db"
run_vs() { # FILE
	rm -f "$db" "$db-wal" "$db-shm"
	"$vs" init "$db" >/dev/null
	measure "vendorscope import $(basename "$1")" "$vs" import "$db" "$1" --survey bench \
		--geoip tests/fixtures/geo/tiny.mmdb
}
small_line=$(run_vs "$small")
big_line=$(run_vs "$log")
summary=$("$vs" import "$db" "$log" --survey bench2 --geoip tests/fixtures/geo/tiny.mmdb 2>&1 | tail -n 1)
rm -f "$db" "$db-wal" "$db-shm"

echo "| run | lines | wall s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: |"
echo "$floor" | awk -F'|' -v n="$lines" '{printf "| %s | %d | %s | %s |\n", $1, n, $2, $3}'
echo "$small_line" | awk -F'|' -v n="$((lines / 10))" '{printf "| %s | %d | %s | %s |\n", $1, n, $2, $3}'
echo "$big_line" | awk -F'|' -v n="$lines" '{printf "| %s | %d | %s | %s |\n", $1, n, $2, $3}'
echo
echo "file: $(du -m "$log" | cut -f1) MiB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "vendorscope said: $summary"
