#!/usr/bin/env bash
# Import benchmark on PostgreSQL (issue 14): the generated 1,000,000-row
# export of bench/import/run.sh imported by vendorscope into a PostgreSQL
# store (rows through binary COPY, scripts/pg-cluster's throwaway cluster),
# against the floor: psql's \copy of the same file into one table of text
# columns (parse + store, no identification). vendorscope into SQLite
# beside it. The machine is shared, so the three alternate, ROUNDS times
# (default 3), and the load average is printed before and after.
#
# VS_BASE=BINARY adds another build's import into PostgreSQL to each round
# (a before/after in one run).
#
# Per run: wall seconds, the client's CPU (user + system of vendorscope or
# psql) and the server's (every process of the cluster: the backends'
# time reaches the postmaster's children's counters when they exit).
# Prints a Markdown table for docs/benchmarks.md.
#
# usage: bench/import/run_pg.sh [ROWS]   (default 1000000; needs a release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
export SOURCE_DATE_EPOCH=1767225600 # the verdict summaries compare equal
source bench/import/pg_lib.bash
rounds=${ROUNDS:-3}
bench_inputs "${1:-1000000}"
cat "$big" >/dev/null # in the page cache before timing
bench_cluster bench
pm=$(head -n 1 "$cluster/data/postmaster.pid")
tck=$(getconf CLK_TCK)

server_ticks() { # CPU ticks of the cluster so far: live processes and reaped ones
	local t=0 p s
	s=$(cut -d' ' -f14-17 "/proc/$pm/stat")
	t=$(echo "$s" | awk '{print $1 + $2 + $3 + $4}')
	for p in $(pgrep -P "$pm"); do
		s=$(cut -d' ' -f14-15 "/proc/$p/stat" 2>/dev/null) || continue
		t=$((t + $(echo "$s" | awk '{print $1 + $2}')))
	done
	echo "$t"
}

measure() { # LABEL CMD... → "label|wall|client cpu|server cpu|peak RSS MiB"
	local label=$1 t0 t1 t
	shift
	t0=$(server_ticks)
	/usr/bin/time -f '%e %U %S %M' "$@" >/dev/null 2>"$out/time.txt"
	sleep 0.2 # the backend's exit reaped
	t1=$(server_ticks)
	t=$(tail -n 1 "$out/time.txt")
	echo "$label|$t|$t0|$t1" | awk -F'|' -v hz="$tck" '{split($2, a, " ");
		printf "%s|%.2f|%.2f|%.2f|%d\n", $1, a[1], a[2] + a[3], ($4 - $3) / hz, a[4] / 1024}'
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

vs_url=${url/\/vendorscope\?/\/vsbench?}
sq="$out/vs-pg-bench.db"
floor_label="psql \\copy into one table (floor)"
pg_label="vendorscope import (PostgreSQL)"
sq_label="vendorscope import (SQLite)"
base_label="vendorscope import (PostgreSQL, VS_BASE build)"
results=()
load_before=$(load)
for round in $(seq "$rounds"); do
	# The floor: one table, a text column per CSV column, the file as it is.
	psql "$url" -qAt -v ON_ERROR_STOP=1 -c "DROP TABLE IF EXISTS floor" -c "CREATE TABLE floor
		(type text, producent text, model text, serienummer text, forvaltning text,
		lokation text, mac text, ip text, anskaffet text, antal text)" -c CHECKPOINT
	results+=("$(measure "$floor_label" psql "$url" -qAt -v ON_ERROR_STOP=1 \
		-c "\\copy floor FROM '$big' WITH (FORMAT csv, DELIMITER ';', HEADER true)")")
	psql "$url" -qAt -c "DROP TABLE floor"

	# vendorscope into a new database each time.
	psql "$url" -qAt -c "DROP DATABASE IF EXISTS vsbench" -c "CREATE DATABASE vsbench"
	"$vs" init "$vs_url" >/dev/null
	psql "$vs_url" -qAt -c CHECKPOINT
	results+=("$(measure "$pg_label" "$vs" import "$vs_url" "$big" --survey bench)")
	pg_units=$("$vs" assets "$vs_url" --survey bench --by chinese --format csv | tr '\r\n' ' ')
	if [ -n "${VS_BASE:-}" ]; then
		psql "$url" -qAt -c "DROP DATABASE vsbench" -c "CREATE DATABASE vsbench"
		"$VS_BASE" init "$vs_url" >/dev/null
		psql "$vs_url" -qAt -c CHECKPOINT
		results+=("$(measure "$base_label" "$VS_BASE" import "$vs_url" "$big" --survey bench)")
	fi

	rm -f "$sq" "$sq-wal" "$sq-shm"
	"$vs" init "$sq" >/dev/null
	results+=("$(measure "$sq_label" "$vs" import "$sq" "$big" --survey bench)")
	sq_units=$("$vs" assets "$sq" --survey bench --by chinese --format csv | tr '\r\n' ' ')
	rm -f "$sq" "$sq-wal" "$sq-shm"
done
load_after=$(load)

echo "$rows rows, $rounds rounds alternating; load average $load_before before, $load_after after."
echo
printf '%s\n' "${results[@]}" >"$out/pg-results.txt"
labels=("$floor_label" "$pg_label" "$sq_label")
[ -z "${VS_BASE:-}" ] || labels+=("$base_label")
python3 - "$out/pg-results.txt" "${labels[@]}" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
print("| run | wall s (each round) | median wall s | client CPU s | server CPU s | peak RSS MiB |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
med = {}
for label in sys.argv[2:]:
    mine = [r for r in rows if r[0] == label]
    m = lambda i: statistics.median(float(r[i]) for r in mine)
    med[label] = m(1)
    server = "-" if "SQLite" in label else "%.2f" % m(3)
    walls = ", ".join(r[1] for r in mine)
    print("| %s | %s | %.2f | %.2f | %s | %d |" % (label, walls, m(1), m(2), server, max(int(r[4]) for r in mine)))
print()
print("vendorscope on PostgreSQL / psql \\copy (medians): %.2fx." % (med[sys.argv[3]] / med[sys.argv[2]]))
PY
[ "$pg_units" = "$sq_units" ] && echo "Same verdicts in both stores: $pg_units" ||
	echo "VERDICTS DIFFER: PostgreSQL: $pg_units; SQLite: $sq_units"
