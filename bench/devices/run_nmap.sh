#!/usr/bin/env bash
# Device files, nmap part (issue 12): a generated nmap -oX of HOSTS hosts
# (bench/devices/gen_nmap.py, shaped as nmap 7.93's service scan of the lab)
# imported by vendorscope (parse, identify, store), against
# `xmllint --stream --noout` of the same file (the floor: a streaming XML
# parse, nothing kept). Also 10,000 hosts, under the device limit.
# Prints a Markdown table for docs/benchmarks.md.
#
# usage: bench/devices/run_nmap.sh [HOSTS]   (default 100000; release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
hosts=${1:-100000}
vs=${VS:-build/release/bin/vendorscope}
out=bench/out
mkdir -p "$out"
[ -x "$vs" ] || ./scripts/build release >/dev/null

gen() { [ -s "$2" ] || python3 bench/devices/gen_nmap.py "$1" >"$2"; }
big="$out/nmap-$hosts.xml"
small="$out/nmap-$((hosts / 10)).xml"
gen "$hosts" "$big"
gen "$((hosts / 10))" "$small"
cat "$big" "$small" >/dev/null

measure() { # LABEL CMD... -> "label|seconds|max RSS MiB"
	local label=$1
	shift
	/usr/bin/time -f '%e %M' "$@" >"$out/stdout.txt" 2>"$out/time.txt" || true
	local t
	t=$(tail -n 1 "$out/time.txt")
	printf '%s|%s|%s\n' "$label" "${t% *}" "$(( ${t#* } / 1024 ))"
}
fresh() { rm -f "$1" "$1-wal" "$1-shm"; }

floor=$(measure "xmllint --stream --noout (floor)" xmllint --stream --noout "$big")
# The parser alone (read, expat, sightings; nothing identified or stored):
# the fuzz target's replay driver over the same file.
replay=$(dirname "$vs")/../replay_fuzz_dev_nmap
parse=$(measure "parser only (replay_fuzz_dev_nmap)" "$replay" "$big")
db="$out/nmap.db"
run_vs() {
	fresh "$db"
	"$vs" init "$db" >/dev/null
	measure "vendorscope import $(basename "$1")" "$vs" import "$db" "$1" --survey bench
	grep -h "devices" "$out/stdout.txt" "$out/time.txt" | sed 's/^/    /' >&2 || true
}
small_line=$(run_vs "$small")
big_line=$(run_vs "$big")
fresh "$db"
echo "| run | hosts | MB | wall s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: |"
for l in "$floor:$hosts:$big" "$parse:$hosts:$big" "$small_line:$((hosts / 10)):$small" "$big_line:$hosts:$big"; do
	IFS=: read -r line n file <<<"$l"
	mb=$(( $(stat -c %s "$file") / 1000000 ))
	echo "$line" | awk -F'|' -v n="$n" -v mb="$mb" '{printf "| %s | %d | %d | %s | %s |\n", $1, n, mb, $2, $3}'
done
