#!/usr/bin/env bash
# Page latency on a store of ~1,000,000 assets (issue 13, item 4): the
# generated municipal export of bench/import (1,000,000 rows, survey
# big-2025) beside a 100,000-row survey before it (big-2024, the overview's
# "new since"), served by `vendorscope serve` on loopback; one client
# (curl) asks each page N times in a row. The overview's first answer on a
# server thread aggregates the survey in SQL; later ones come from the
# thread's copy until the store changes (serve/pages.c). wrk at 32 and 256
# connections is bench/serve's.
#
# usage: bench/pages/run.sh [N]     (default 50; needs a release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-50}
vs=${VS:-build/release/bin/vendorscope}
out=bench/out
mkdir -p "$out"
[ -x "$vs" ] || ./scripts/build release >/dev/null
for rows in 100000 1000000; do
	[ -s "$out/inventory-$rows.csv" ] || python3 bench/import/gen.py "$rows" "$out/inventory-$rows.csv"
done
db=$out/pages-1m.db
if [ ! -s "$db" ]; then
	"$vs" init "$db" >/dev/null
	"$vs" import "$db" "$out/inventory-100000.csv" --survey big-2024 --date 2024 >/dev/null
	"$vs" import "$db" "$out/inventory-1000000.csv" --survey big-2025 --date 2025 >/dev/null
fi
# One thread: every request after the first meets the same thread's copy.
"$vs" serve "$db" --listen 127.0.0.1:0 --threads 1 >"$out/pages-serve.out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$out/pages-serve.out" && break; sleep 0.1; done
base=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$out/pages-serve.out")
dev=$(sqlite3 "$db" "SELECT min(a.id) FROM asset a JOIN survey s ON s.id = a.survey_id WHERE s.name = 'big-2025'")

ms() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$base$1"; }
row() { # LABEL PATH
	local first rest
	first=$(ms "$2")
	[ "${first%% *}" = 200 ] || { echo "$2 answered ${first%% *}" >&2; exit 1; }
	rest=$(for _ in $(seq "$n"); do ms "$2"; done | awk '{print $2 * 1000}' | sort -n |
		awk '{a[NR]=$1} END {printf "%.1f | %.1f | %.1f", a[int((NR+1)/2)], a[int(NR*0.99+0.999)], a[NR]}')
	printf '| %s | %.1f | %s |\n' "$1" "$(echo "${first#* }" | awk '{print $1 * 1000}')" "$rest"
}
echo "Store: $(sqlite3 "$db" 'select count(*) from asset') assets; $n requests per page after the first, one at a time."
echo
echo "| page | first (ms) | p50 (ms) | p99 (ms) | max (ms) |"
echo "| --- | ---: | ---: | ---: | ---: |"
row "overview (/)" "/?lang=da"
row "register, first page" "/register?lang=da"
row "register, Chinese only" "/register?chinese=yes&lang=da"
row "register, search 'zte'" "/register?q=zte&lang=da"
row "register, sorted by maker" "/register?sort=maker&lang=da"
row "device page" "/assets/$dev?lang=da"
