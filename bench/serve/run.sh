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
# VS_BENCH_DB=pg: the same data and pages on PostgreSQL, in a throwaway
# cluster (scripts/pg-cluster, Unix socket only) in bench/out/pg-serve,
# loaded by the same CLI import and stopped and deleted at the end
# (VS_BENCH_KEEP=1: left running for bench/serve/cpu.sh; stop it with
# scripts/pg-cluster stop bench/out/pg-serve).
# VS_BENCH_PAGES: a space-separated subset of the pages (ping overview
# register register-keyset device api) to measure; default all.
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
pid=
cleanup() {
	[ -z "$pid" ] || { kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }
	if [ "${VS_BENCH_DB:-sqlite}" = pg ] && [ "${VS_BENCH_KEEP:-0}" != 1 ]; then
		scripts/pg-cluster stop "$out/pg-serve"
	fi
}
trap cleanup EXIT
case "${VS_BENCH_DB:-sqlite}" in
sqlite)
	db="$out/serve-$rows.db"
	if [ ! -s "$db" ]; then
		rm -f "$db" "$db-wal" "$db-shm"
		"$vs" init "$db" >/dev/null
		"$vs" import "$db" "$csv" --survey bench --date 2026 >/dev/null
	fi
	sql() { sqlite3 "$db" "$1"; }
	;;
pg)
	scripts/pg-cluster stop "$out/pg-serve"
	db=$(scripts/pg-cluster start "$out/pg-serve")
	"$vs" init "$db" >/dev/null
	t0=$(date +%s%N)
	"$vs" import "$db" "$csv" --survey bench --date 2026 >/dev/null
	psql "$db" -qAt -c 'VACUUM ANALYZE' >/dev/null
	echo "loaded $rows rows into PostgreSQL in $(( ($(date +%s%N) - t0) / 1000000 )) ms (import, VACUUM ANALYZE)"
	sql() { psql "$db" -qAt -c "$1"; }
	;;
*) echo "VS_BENCH_DB is sqlite or pg" >&2; exit 64 ;;
esac

"$vs" serve "$db" --listen 127.0.0.1:0 --threads "$threads" >"$out/serve.out" 2>"$out/serve.err" &
pid=$!
for _ in $(seq 600); do
	grep -q 'listening on' "$out/serve.out" && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
base=$(sed -n 's|.*listening on \(http://[^ ]*\)/$|\1|p' "$out/serve.out")
[ -n "$base" ] || { echo "the server did not start:" >&2; cat "$out/serve.err" >&2; exit 1; }

# The id range of the survey's assets: device pages and register cursors
# are drawn at random from it, so no answer is the same twice in a row.
IFS='|' read -r lo hi < <(sql 'SELECT min(id), max(id) FROM asset')
lua="$out/serve-bench.lua"
cat >"$lua" <<LUA
-- path: a template with {id} drawn from [$lo, $hi] and {page} from 1..50
math.randomseed(42)
local tpl = os.getenv("VS_PATH")
request = function()
	local p = tpl:gsub("{id}", tostring(math.random($lo, $hi)))
	p = p:gsub("{page}", tostring(math.random(1, 50)))
	return wrk.format("GET", p)
end
done = function(summary, latency, requests)
	io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
		summary.requests))
end
LUA

# The aggregates' first answer (computed; then cached until the store
# changes), before any load.
cold() { curl -s -o /dev/null -w '%{time_total}' "$base$1"; }
echo "first answer, cold cache: / $(cold /) s, /api/v1/surveys $(cold /api/v1/surveys) s," \
	"/api/v1/assets?by=type&chinese=true $(cold '/api/v1/assets?by=type&chinese=true') s"
echo "backend ${VS_BENCH_DB:-sqlite}, load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| what | path | connections | requests/s | p50 ms | p99 ms | errors |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
run() { # NAME LABEL PATH
	case " ${VS_BENCH_PAGES:-$1} " in *" $1 "*) ;; *) return 0 ;; esac
	shift
	# 2 s unmeasured first: connections open, caches warm.
	VS_PATH=$2 wrk -t2 -c32 -d2s -s "$lua" "$base" >/dev/null
	for c in 32 256; do
		r=$(VS_PATH=$2 wrk -t2 -c"$c" -d"${secs}s" --timeout 10s -s "$lua" "$base" | sed -n 's/^RESULT //p')
		read -r rps p50 p99 errs _ <<<"$r"
		printf '| %s | `%s` | %d | %s | %s | %s | %s |\n' "$1" "$2" "$c" "$rps" "$p50" "$p99" "$errs"
	done
}
run ping "floor: fixed 1 KiB" "/api/v1/ping"
run overview "overview page" "/"
run register "register page: 100 Chinese hardware rows, page 1-50" "/register?chinese=yes&kind=hardware&page={page}"
run register-keyset "register page: 100 Chinese hardware rows after a cursor (as the links page)" "/register?chinese=yes&kind=hardware&after={id}&page=2"
run device "device page" "/assets/{id}"
if [ "${VS_BENCH_API:-1}" = 1 ]; then
	run api "API: surveys with units" "/api/v1/surveys"
	run api "API: Chinese units by type" "/api/v1/assets?by=type&chinese=true"
	run api "API: 100 Chinese hardware rows from a cursor" "/api/v1/assets?chinese=true&kind=hardware&limit=100&after={id}"
	run api "API: search, 100 rows from a cursor" "/api/v1/assets?q=hikvision&limit=100&after={id}"
	run api "API: one asset" "/api/v1/assets/{id}"
fi
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
