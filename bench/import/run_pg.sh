#!/usr/bin/env bash
# Import benchmark on PostgreSQL (issue 14): the generated 1,000,000-row
# export of bench/import/run.sh imported by vendorscope into a PostgreSQL
# store (rows through COPY, scripts/pg-cluster's throwaway cluster), against
# the floor: psql's \copy of the same file into one table of text columns
# (parse + store, no identification). vendorscope into SQLite beside it.
# Prints a Markdown table for docs/benchmarks.md.
#
# usage: bench/import/run_pg.sh [ROWS]   (default 1000000; needs a release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
export SOURCE_DATE_EPOCH=1767225600 # the verdict summaries compare equal
rows=${1:-1000000}
vs=${VS:-build/release/bin/vendorscope}
out=bench/out
mkdir -p "$out"
[ -x "$vs" ] || ./scripts/build release >/dev/null
big="$out/inventory-$rows.csv"
[ -s "$big" ] || python3 bench/import/gen.py "$rows" "$big"
cat "$big" >/dev/null # in the page cache before timing

cluster=$(mktemp -d /tmp/vs-pg-bench.XXXXXX)
trap 'scripts/pg-cluster stop "$cluster"' EXIT
url=$(scripts/pg-cluster start "$cluster")

measure() { # LABEL CMD... → "label|seconds|max RSS MiB"
	local label=$1
	shift
	/usr/bin/time -f '%e %M' "$@" >/dev/null 2>"$out/time.txt"
	local t
	t=$(tail -n 1 "$out/time.txt")
	printf '%s|%s|%s\n' "$label" "${t% *}" "$(( ${t#* } / 1024 ))"
}

# The floor: one table, a text column per CSV column, the file as it is.
psql "$url" -qAt -v ON_ERROR_STOP=1 -c "DROP TABLE IF EXISTS floor;
	CREATE TABLE floor (type text, producent text, model text, serienummer text,
	forvaltning text, lokation text, mac text, ip text, anskaffet text, antal text)"
floor=$(measure "psql \\copy into one table (floor)" psql "$url" -qAt -v ON_ERROR_STOP=1 \
	-c "\\copy floor FROM '$big' WITH (FORMAT csv, DELIMITER ';', HEADER true)")
psql "$url" -qAt -c "DROP TABLE floor"

# vendorscope into a new database each time.
psql "$url" -qAt -c "DROP DATABASE IF EXISTS vsbench" -c "CREATE DATABASE vsbench"
vs_url=${url/\/vendorscope\?/\/vsbench?}
"$vs" init "$vs_url" >/dev/null
pg_line=$(measure "vendorscope import (PostgreSQL)" "$vs" import "$vs_url" "$big" --survey bench)
pg_units=$("$vs" assets "$vs_url" --survey bench --by chinese --format csv | tr '\r\n' ' ')

sq="$out/vs-pg-bench.db"
rm -f "$sq" "$sq-wal" "$sq-shm"
"$vs" init "$sq" >/dev/null
sq_line=$(measure "vendorscope import (SQLite)" "$vs" import "$sq" "$big" --survey bench)
sq_units=$("$vs" assets "$sq" --survey bench --by chinese --format csv | tr '\r\n' ' ')
rm -f "$sq" "$sq-wal" "$sq-shm"

floor_s=$(echo "$floor" | cut -d'|' -f2)
pg_s=$(echo "$pg_line" | cut -d'|' -f2)
echo "| run | rows | wall s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: |"
for line in "$floor" "$pg_line" "$sq_line"; do
	echo "$line" | awk -F'|' -v n="$rows" '{printf "| %s | %d | %s | %s |\n", $1, n, $2, $3}'
done
echo
echo "vendorscope on PostgreSQL / psql \\copy: $(python3 -c "print(f'{$pg_s / $floor_s:.2f}')")x."
[ "$pg_units" = "$sq_units" ] && echo "Same verdicts in both stores: $pg_units" ||
	echo "VERDICTS DIFFER: PostgreSQL: $pg_units; SQLite: $sq_units"
