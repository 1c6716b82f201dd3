#!/usr/bin/env bash
# What the bulk load of observations pays for (docs/scale.md): COPY of the
# first ROWS (default 1,000,000) observations of bench/scale/run.sh's rows
# into the measured schema (bench/scale/schema.sql, assets loaded), RUNS
# times each (default 3), with
#   1. the schema as it is: primary key, asset index, two foreign keys
#      (observation -> asset, observation -> source);
#   2. without the foreign keys;
#   3. without the foreign keys and the indexes (heap only).
# Prints the median rows/s of each and the 1-minute load average. Needs the
# rows of bench/scale/run.sh (bench/out/scale/gen-10000000); a throwaway
# cluster as there (Unix socket only, `postgres` when run as root).
#
# usage: [ROWS=1000000] [RUNS=3] bench/scale/copy_fk.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${ROWS:-1000000}
runs=${RUNS:-3}
gen=$(pwd)/bench/out/scale/gen-10000000
[ -s "$gen/meta.txt" ] || { echo "copy_fk.sh: run bench/scale/run.sh first" >&2; exit 66; }
pgbin=$(pg_config --bindir 2>/dev/null || true)
[ -x "$pgbin/initdb" ] || pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
tmp=$(mktemp -d /tmp/vs-scale-fk.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$tmp"
	as_pg=(runuser -u postgres --)
fi
data=$tmp/data
"${as_pg[@]}" "$pgbin/initdb" -D "$data" -A trust -E UTF8 --no-locale >/dev/null
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$tmp'
unix_socket_permissions = 0700
shared_buffers = 256MB
max_wal_size = 4GB
EOF
nice "${as_pg[@]}" "$pgbin/pg_ctl" -D "$data" -l "$tmp/server.log" -w start >/dev/null
trap '"${as_pg[@]}" "$pgbin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT
export PGOPTIONS="-c client_min_messages=warning"
p() { psql -X -q -v ON_ERROR_STOP=1 "host=$tmp dbname=postgres user=$("${as_pg[@]}" id -un)" "$@"; }
first=$(awk '$1 == "first" { print $2 }' "$gen/meta.txt")
days=$(awk '$1 == "days" { print $2 }' "$gen/meta.txt")
p -v first_day="$first" -v days_after="$((days - 1))" -f bench/scale/schema.sql >/dev/null
for t in survey source asset; do p -c "\\copy $t FROM '$gen/$t.tsv'"; done
head -n "$rows" "$gen/observation.tsv" >"$tmp/obs.tsv"
[ "$(id -u)" -ne 0 ] || chmod 644 "$tmp/obs.tsv"
measure() { # LABEL: RUNS COPYs, the median rows/s
	local label=$1 a b l0
	l0=$(cut -d' ' -f1 /proc/loadavg)
	: >"$tmp/rates"
	for _ in $(seq "$runs"); do
		a=$(date +%s.%N)
		p -c "\\copy observation FROM '$tmp/obs.tsv'"
		b=$(date +%s.%N)
		awk -v a="$a" -v b="$b" -v n="$rows" 'BEGIN { printf "%.0f\n", n / (b - a) }' >>"$tmp/rates"
		p -c 'TRUNCATE observation' -c 'CHECKPOINT'
	done
	sort -g "$tmp/rates" | awk -v l="$label" -v l0="$l0" -v l1="$(cut -d' ' -f1 /proc/loadavg)" \
		'{ v[NR] = $1 } END { printf "| %s | %s | %s→%s |\n", l, v[int((NR + 1) / 2)], l0, l1 }'
}
echo "| observation COPY of $rows rows | median rows/s ($runs runs) | load |"
echo "| --- | ---: | --- |"
measure "primary key, asset index, 2 foreign keys (the schema)"
p -c 'ALTER TABLE observation DROP CONSTRAINT observation_organisation_asset_id_fkey' \
	-c 'ALTER TABLE observation DROP CONSTRAINT observation_organisation_source_id_fkey'
measure "primary key, asset index, no foreign keys"
p -c 'DROP INDEX observation_asset' -c 'ALTER TABLE observation DROP CONSTRAINT observation_pkey'
measure "heap only (no keys, no indexes)"
