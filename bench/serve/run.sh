#!/usr/bin/env bash
# Web server benchmark (issue 13, part 7): wrk against `vendorscope serve`
# on a store of ROWS generated assets (bench/import/gen.py, imported by the
# CLI): requests/s and p50/p99 latency of each page (or, before the pages
# exist, its API equivalent) at 32 and 256 connections, beside the floor:
# GET /api/v1/ping, a fixed 1 KiB body through the same thread pool,
# routing, authentication and headers with no store work.
#
# usage: bench/serve/run.sh [ROWS] [SECONDS]   (default 1000000 10; needs a
#        release build and wrk: VS_SETUP_BENCH=1 scripts/setup)
# Prints a Markdown table for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
secs=${2:-10}
vs=${VS:-build/release/bin/vendorscope}
threads=${VS_SERVE_THREADS:-2}
out=bench/out
mkdir -p "$out"
[ -x "$vs" ] || ./scripts/build release >/dev/null
command -v wrk >/dev/null || { echo "wrk is missing: VS_SETUP_BENCH=1 scripts/setup" >&2; exit 1; }
csv="$out/inventory-$rows.csv"
[ -s "$csv" ] || python3 bench/import/gen.py "$rows" "$csv"
db="$out/serve-$rows.db"
if [ ! -s "$db" ]; then
	rm -f "$db" "$db-wal" "$db-shm"
	"$vs" init "$db" >/dev/null
	"$vs" import "$db" "$csv" --survey bench --date 2026 >/dev/null
fi

"$vs" serve "$db" --listen 127.0.0.1:0 --threads "$threads" >"$out/serve.out" 2>"$out/serve.err" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 300); do grep -q 'listening on' "$out/serve.out" && break; sleep 0.1; done
base=$(sed -n 's|.*listening on \(http://[^ ]*\)/$|\1|p' "$out/serve.out")
[ -n "$base" ] || { cat "$out/serve.err" >&2; exit 1; }

# The id range of the survey's assets: device pages and register cursors
# are drawn at random from it, so no answer is the same twice in a row.
IFS='|' read -r lo hi < <(sqlite3 "$db" 'SELECT min(id), max(id) FROM asset')
lua="$out/serve-bench.lua"
cat >"$lua" <<LUA
-- path: a template with {id} drawn from [$lo, $hi]
math.randomseed(42)
local tpl = os.getenv("VS_PATH")
request = function()
	local p = tpl:gsub("{id}", tostring(math.random($lo, $hi)))
	return wrk.format("GET", p)
end
done = function(summary, latency, requests)
	io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
		summary.requests))
end
LUA

echo "| what | path | connections | requests/s | p50 ms | p99 ms | errors |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
run() { # LABEL PATH
	for c in 32 256; do
		r=$(VS_PATH=$2 wrk -t2 -c"$c" -d"${secs}s" --timeout 10s -s "$lua" "$base" | sed -n 's/^RESULT //p')
		read -r rps p50 p99 errs _ <<<"$r"
		printf '| %s | `%s` | %d | %s | %s | %s | %s |\n' "$1" "$2" "$c" "$rps" "$p50" "$p99" "$errs"
	done
}
run "floor: fixed 1 KiB" "/api/v1/ping"
run "overview: surveys with units" "/api/v1/surveys"
run "overview: Chinese units by type" "/api/v1/assets?by=type&chinese=true"
run "register: 100 Chinese hardware rows from a cursor" "/api/v1/assets?chinese=true&kind=hardware&limit=100&after={id}"
run "register: search, 100 rows" "/api/v1/assets?q=hikvision&limit=100&after={id}"
run "device page" "/api/v1/assets/{id}"
