#!/usr/bin/env bash
# CPU per request of one page: a one-thread server (release build) on the
# bench's store, N requests one after another, the server's utime+stime
# (/proc/PID/stat) over them; on a shared machine a steadier figure than
# wrk's latencies. Device and cursor ids drawn as run.sh draws them.
# usage: bench/serve/cpu.sh PATH [N]   ({id} in PATH: a random asset id)
#        VS_BENCH_DB=pg: against the cluster run.sh's VS_BENCH_KEEP=1 left
#        (bench/out/pg-serve), else bench/out/serve-1000000.db
set -euo pipefail
cd "$(dirname "$0")/../.."
tpl=$1 n=${2:-200}
vs=${VS:-build/release/bin/vendorscope}
out=bench/out
if [ "${VS_BENCH_DB:-sqlite}" = pg ]; then
	db=$(scripts/pg-cluster url "$out/pg-serve")
	sql() { psql "$db" -qAt -c "$1"; }
else
	db=$out/serve-1000000.db
	sql() { sqlite3 "$db" "$1"; }
fi
"$vs" serve "$db" --listen 127.0.0.1:0 --threads 1 >"$out/cpu.out" 2>"$out/cpu.err" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q 'listening on' "$out/cpu.out" && break; sleep 0.1; done
base=$(sed -n 's|.*listening on \(http://[^ ]*\)/$|\1|p' "$out/cpu.out")
IFS='|' read -r lo hi < <(sql 'SELECT min(id), max(id) FROM asset')
urls=$out/cpu.urls
python3 - "$base" "$tpl" "$lo" "$hi" "$n" >"$urls" <<'PY'
import random, sys
base, tpl, lo, hi, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
random.seed(42)
for _ in range(n + 20):
    u = base + tpl.replace("{id}", str(random.randint(lo, hi))).replace("{page}", str(random.randint(1, 50)))
    print(f'url = "{u}"\noutput = "/dev/null"')
PY
# 20 unmeasured first (caches, the count), then N.
head -n 40 "$urls" | curl -s -K -
# The server's CPU, and on PostgreSQL its backends' too (the cluster's
# processes: the postmaster's children).
procs() {
	echo "$pid"
	if [ "${VS_BENCH_DB:-sqlite}" = pg ]; then
		ps --ppid "$(head -n 1 "$out/pg-serve/data/postmaster.pid")" -o pid=
	fi
}
ticks() { for p in $(procs); do cat "/proc/$p/stat" 2>/dev/null; done | awk '{ t += $14 + $15 } END { print t }'; }
t0=$(ticks) w0=$(date +%s%N)
tail -n +41 "$urls" | curl -s -K -
t1=$(ticks) w1=$(date +%s%N)
hz=$(getconf CLK_TCK)
TPL=$tpl awk -v t="$((t1 - t0))" -v hz="$hz" -v n="$n" -v w="$((w1 - w0))" 'BEGIN {
	printf "%s: %.2f ms CPU per request in the server (and its PostgreSQL backends), %.2f ms wall per request (curl, one at a time)\n", ENVIRON["TPL"], t / hz * 1000 / n, w / 1e6 / n }'
