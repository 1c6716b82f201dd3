#!/usr/bin/env bash
# A capture into PostgreSQL, several vendorscope builds alternating
# (issue 14, docs/benchmarks.md "Round trips and prepared statements"):
# each round gives every build a fresh database (DROP/CREATE DATABASE,
# vendorscope init) and times `vendorscope capture URL --read FILE`: wall
# and client CPU from /usr/bin/time, the server's CPU from /proc (the
# postmaster's reaped children, which include the capture's backend, and
# its live ones). A throwaway cluster (scripts/pg-cluster) in
# bench/out/pg-rounds, stopped and deleted at the end.
#
# usage: bench/capture/pg_rounds.sh FILE ROUNDS VENDORSCOPE...
#   e.g. bench/capture/pg_rounds.sh /tmp/bulk40.pcap 3 /tmp/before/bin/vendorscope build/gcc/bin/vendorscope
#   (each binary with its share/vendorscope beside it, as a build has)
# Reads the file only; the cluster listens on a Unix socket, no port.
set -euo pipefail
cd "$(dirname "$0")/../.."
file=$1; rounds=$2; shift 2
dir=bench/out/pg-rounds
trap 'scripts/pg-cluster stop "$dir"' EXIT
scripts/pg-cluster stop "$dir"
scripts/pg-cluster start "$dir" >/dev/null
sock="$(cd "$dir" && pwd)/socket"
admin="postgresql://postgres@/postgres?host=$sock&port=5432"
url="postgresql://postgres@/vsrounds?host=$sock&port=5432"
pm=$(head -n1 "$dir/data/postmaster.pid")
tick=$(getconf CLK_TCK)
server_cpu() {
	local t c
	t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
	for c in $(pgrep -P "$pm"); do t=$((t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0))); done
	echo "$t"
}
echo "| round | build | wall s | client user+sys s | server CPU s | load |"
echo "| ---: | --- | ---: | ---: | ---: | ---: |"
for r in $(seq "$rounds"); do
	for vs in "$@"; do
		psql "$admin" -qAt -c "DROP DATABASE IF EXISTS vsrounds WITH (FORCE)" 2>/dev/null
		psql "$admin" -qAt -c "CREATE DATABASE vsrounds"
		"$vs" init "$url" >/dev/null
		c0=$(server_cpu)
		/usr/bin/time -f "%e %U %S" -o "$dir/time" "$vs" capture "$url" --read "$file" >/dev/null
		c1=$(server_cpu)
		read -r wall user sys <"$dir/time"
		printf '| %d | %s | %s | %.2f | %.2f | %s |\n' "$r" "$vs" "$wall" \
			"$(echo "$user + $sys" | bc)" "$(echo "($c1 - $c0) / $tick" | bc -l)" \
			"$(cut -d' ' -f1 /proc/loadavg)"
	done
done
