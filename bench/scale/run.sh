#!/usr/bin/env bash
# National-scale measurement (issue 14, docs/scale.md): vendorscope's growing
# tables on a throwaway PostgreSQL cluster, observation partitioned by survey
# date (one partition a day).
#
#   1. initdb in a temporary directory, Unix socket only (listen_addresses
#      ''), as the invoking user, or as `postgres` when run as root (initdb
#      refuses root); the server runs under `nice` like every step here.
#   2. bench/scale/gen.py: one municipality (Copenhagen's 41,931 units) with
#      one capture survey a day, until OBS observations (default 10,000,000)
#      are written, as COPY text.
#   3. RUNS times (default 3), on a fresh schema (bench/scale/schema.sql):
#      COPY survey, source, asset; INSERT_ROWS observations (default
#      1,000,000) by a prepared 1,000-row INSERT (pgscale insert), in one
#      transaction; TRUNCATE; every observation by COPY (psql \copy), in one
#      transaction. Median rows/s of the runs; the 1-minute load average
#      before and after each run.
#   4. VACUUM ANALYZE, table and index sizes.
#   5. Three queries, each WARM times on one connection after a pass that
#      fills the caches (p50, p99), and COLD times on a cold server (stopped,
#      the cluster's files dropped from the page cache with
#      posix_fadvise(DONTNEED) -- only these files, not the machine's cache --
#      started; the first query on a new connection, which also loads the
#      catalog caches): the overview (assets by type and Chinese, newest
#      survey), a device's evidence with its survey date (one partition),
#      and the same without the date (every partition's index).
# Prints Markdown tables for docs/scale.md. Touches nothing outside its
# temporary directory and bench/out/scale/ (the generated rows, reused).
#
# usage: [OBS=10000000] [RUNS=3] [INSERT_ROWS=1000000] [WARM=500] [COLD=7]
#        [KEEP=1] bench/scale/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
obs=${OBS:-10000000}
runs=${RUNS:-3}
insert_rows=${INSERT_ROWS:-1000000}
warm=${WARM:-500}
cold=${COLD:-7}
org=101
pgbin=$(pg_config --bindir 2>/dev/null || true)
[ -x "$pgbin/initdb" ] || pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "run.sh: no PostgreSQL server: scripts/setup" >&2; exit 69; }

gen=bench/out/scale/gen-$obs
if [ ! -s "$gen/meta.txt" ]; then
	mkdir -p "$gen"
	nice python3 bench/scale/gen.py "$gen" --observations "$obs"
fi
gen=$(cd "$gen" && pwd)
meta() { awk -v k="$1" '$1 == k { print $2 }' "$gen/meta.txt"; }
first_day=$(meta first)
days=$(meta days)
nobs=$(meta observations)
nassets=$(meta assets)
last_day=$(meta last)

tmp=$(mktemp -d /tmp/vs-scale.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$tmp"
	chmod 755 "$gen" "$gen"/.. && chmod 644 "$gen"/*.tsv
	as_pg=(runuser -u postgres --)
fi
data=$tmp/data
pgctl() { nice "${as_pg[@]}" "$pgbin/pg_ctl" -D "$data" -l "$tmp/server.log" -w "$@" >/dev/null; }
cleanup() {
	pgctl stop -m immediate 2>/dev/null || true
	[ "${KEEP:-0}" = 1 ] || rm -rf "$tmp"
}
trap cleanup EXIT

"${as_pg[@]}" "$pgbin/initdb" -D "$data" -A trust -E UTF8 --no-locale >/dev/null
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$tmp'
unix_socket_permissions = 0700
shared_buffers = 256MB
max_wal_size = 4GB
EOF
pgctl start
conn="host=$tmp dbname=postgres user=$("${as_pg[@]}" id -un)"
export PGOPTIONS="-c client_min_messages=warning"
psql=(psql -X -q -v ON_ERROR_STOP=1 "$conn")
pgscale=$tmp/pgscale
cc -O2 -Wall -Wextra -Werror -I"$(pg_config --includedir)" -o "$pgscale" bench/scale/pgscale.c -lpq

load1() { cut -d' ' -f1 /proc/loadavg; }
secs() { # CMD... -> seconds of wall time
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", a / b }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
pct() { # P -> the P-th percentile (nearest rank) of the numbers on stdin
	sort -g | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; print v[i] }'
}
schema() {
	"${psql[@]}" -c 'DROP TABLE IF EXISTS observation, asset, source, survey CASCADE' \
		-v first_day="$first_day" -v days_after="$((days - 1))" -f bench/scale/schema.sql >/dev/null
}
copy() { "${psql[@]}" -c "\\copy $1 FROM '$gen/$1.tsv'"; }

head -n "$insert_rows" "$gen/observation.tsv" >"$tmp/insert.tsv"
cat "$gen"/*.tsv >/dev/null # the input files in the page cache before timing
: >"$tmp/copy.txt"
: >"$tmp/insert.txt"
: >"$tmp/assets.txt"
loads=()
for r in $(seq "$runs"); do
	schema
	l0=$(load1)
	copy survey >/dev/null
	copy source >/dev/null
	t=$(secs copy asset)
	div "$nassets" "$t" >>"$tmp/assets.txt"
	t=$("$pgscale" insert "$conn" observation 12 1000 "$tmp/insert.tsv" | cut -d' ' -f2)
	div "$insert_rows" "$t" >>"$tmp/insert.txt"
	"${psql[@]}" -c 'TRUNCATE observation' -c 'CHECKPOINT'
	t=$(secs copy observation)
	div "$nobs" "$t" >>"$tmp/copy.txt"
	"${psql[@]}" -c 'CHECKPOINT'
	loads+=("$l0→$(load1)")
done
"${psql[@]}" -c 'VACUUM ANALYZE'

rate() { printf '%.0f' "$(median <"$1")"; }
all_rates() { sort -g "$1" | awk '{ printf "%s%.0f", (NR > 1 ? ", " : ""), $1 }'; }
echo "## Load ($runs runs, $(nproc) cores; 1-minute load average before→after each run: ${loads[*]})"
echo
echo "| what | rows | median rows/s | every run (sorted) |"
echo "| --- | ---: | ---: | --- |"
echo "| asset: COPY (psql \\copy) | $nassets | $(rate "$tmp/assets.txt") | $(all_rates "$tmp/assets.txt") |"
echo "| observation: batched INSERT (1,000 rows a statement, prepared, one transaction) | $insert_rows | $(rate "$tmp/insert.txt") | $(all_rates "$tmp/insert.txt") |"
echo "| observation: COPY (psql \\copy, one transaction) | $nobs | $(rate "$tmp/copy.txt") | $(all_rates "$tmp/copy.txt") |"
echo
echo "## Sizes ($days daily partitions, $first_day … $last_day)"
echo
"${psql[@]}" -A -F ' | ' -t <<'EOF' | sed 's/^/| /; s/$/ |/' | { echo "| table | rows | heap MiB | indexes MiB | bytes/row (heap + indexes) |"; echo "| --- | ---: | ---: | ---: | ---: |"; cat; }
SELECT t, n, round(h / 1048576.0, 1), round(i / 1048576.0, 1), round((h + i)::numeric / greatest(n, 1), 1)
FROM (SELECT 'observation' AS t, (SELECT count(*) FROM observation) AS n,
             (SELECT sum(pg_table_size(c.oid)) FROM pg_inherits JOIN pg_class c ON c.oid = inhrelid
              WHERE inhparent = 'observation'::regclass) AS h,
             (SELECT sum(pg_indexes_size(c.oid)) FROM pg_inherits JOIN pg_class c ON c.oid = inhrelid
              WHERE inhparent = 'observation'::regclass) AS i
      UNION ALL
      SELECT 'asset', (SELECT count(*) FROM asset), pg_table_size('asset'), pg_indexes_size('asset')
      UNION ALL
      SELECT 'source', (SELECT count(*) FROM source), pg_table_size('source'), pg_indexes_size('source')) AS s
ORDER BY 1;
EOF
echo

q_overview="SELECT a.type, a.chinese, count(*), sum(a.count) FROM asset a
 WHERE a.organisation = \$1 AND a.kind = 'hardware' AND a.survey_id =
  (SELECT s.id FROM survey s WHERE s.organisation = \$1 ORDER BY s.date DESC, s.id DESC LIMIT 1)
 GROUP BY a.type, a.chinese ORDER BY a.type, a.chinese"
q_evidence="SELECT method, field, value, confidence, first_seen, last_seen, source_row FROM observation
 WHERE organisation = \$1 AND survey_date = \$2 AND asset_id = \$3 ORDER BY id"
q_evidence_all="SELECT method, field, value, confidence, first_seen, last_seen, source_row FROM observation
 WHERE organisation = \$1 AND asset_id = \$2 ORDER BY id"
for i in $(seq "$warm"); do echo "$org"; done >"$tmp/p_overview"
awk -v o="$org" -F'\t' '{ print o "\t" $2 "\t" $1 }' "$gen/probe_assets.txt" | head -n "$warm" >"$tmp/p_evidence"
awk -v o="$org" -F'\t' '{ print o "\t" $1 }' "$gen/probe_assets.txt" | head -n "$warm" >"$tmp/p_evidence_all"

evict() { # drops the cluster's files (only those) from the page cache
	python3 - "$data" <<'EOF'
import os, sys
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        try:
            fd = os.open(os.path.join(d, f), os.O_RDONLY)
        except OSError:
            continue
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)
EOF
}
ms() { awk '{ printf "%.2f", $1 / 1000 }'; }
echo "| query | rows back | cold p50 ms | cold worst ms (of $cold) | warm p50 ms | warm p99 ms (of $warm) | load before→after |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
for q in overview evidence evidence_all; do
	sql_var=q_$q
	sql=${!sql_var}
	l0=$(load1)
	: >"$tmp/cold.txt"
	for i in $(seq "$cold"); do
		pgctl stop
		evict
		pgctl start
		sed -n "$((i % $(wc -l <"$tmp/p_$q") + 1))p" "$tmp/p_$q" >"$tmp/one"
		"$pgscale" query "$conn" "$sql" "$tmp/one" 2>/dev/null >>"$tmp/cold.txt"
	done
	"$pgscale" query "$conn" "$sql" "$tmp/p_$q" >/dev/null 2>&1 # fills the caches
	"$pgscale" query "$conn" "$sql" "$tmp/p_$q" >"$tmp/warm.txt" 2>"$tmp/rows.txt"
	back=$(awk '{ print $2 }' "$tmp/rows.txt")
	per=$(div "$back" "$(wc -l <"$tmp/p_$q")" | awk '{ printf "%.1f", $1 }')
	echo "| $q | $per | $(median <"$tmp/cold.txt" | ms) | $(pct 100 <"$tmp/cold.txt" | ms) | $(pct 50 <"$tmp/warm.txt" | ms) | $(pct 99 <"$tmp/warm.txt" | ms) | $l0→$(load1) |"
done
echo
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{ print $3 }'), shared_buffers 256MB, max_wal_size 4GB, fsync on, synchronous_commit on; generated rows in $gen"
