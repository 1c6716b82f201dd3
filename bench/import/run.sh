#!/usr/bin/env bash
# Import benchmark (issue 2): a generated 1,000,000-row Danish export imported,
# identified, classified and stored by vendorscope, against sqlite3's own CSV
# import of the same file into one untyped table (the floor: parse + store,
# no identification). Also 100,000 rows, to show peak RSS does not grow with
# the number of rows. Prints a Markdown table for docs/benchmarks.md.
#
# usage: bench/import/run.sh [ROWS]     (default 1000000; needs a release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
vs=${VS:-build/release/bin/vendorscope}
out=bench/out
mkdir -p "$out"
[ -x "$vs" ] || ./scripts/build release >/dev/null

gen() { # ROWS FILE
	[ -s "$2" ] || python3 bench/import/gen.py "$1" "$2"
}
big="$out/inventory-$rows.csv"
small="$out/inventory-$((rows / 10)).csv"
gen "$rows" "$big"
gen "$((rows / 10))" "$small"
cat "$big" "$small" >/dev/null # both in the page cache before timing

measure() { # LABEL CMD... → "label|seconds|max RSS MiB"
	local label=$1
	shift
	local t
	/usr/bin/time -f '%e %M' "$@" >/dev/null 2>"$out/time.txt"
	t=$(tail -n 1 "$out/time.txt")
	printf '%s|%s|%s\n' "$label" "${t% *}" "$(( ${t#* } / 1024 ))"
}

fresh() { rm -f "$1" "$1-wal" "$1-shm"; }

floor_db="$out/floor.db"
fresh "$floor_db"
floor=$(measure "sqlite3 .import (floor)" sqlite3 -cmd '.mode csv' -cmd '.separator ;' "$floor_db" ".import $big t")
fresh "$floor_db"

vs_db="$out/vs.db"
run_vs() { # FILE
	fresh "$vs_db"
	"$vs" init "$vs_db" >/dev/null
	measure "vendorscope import $(basename "$1")" "$vs" import "$vs_db" "$1" --survey bench
}
small_line=$(run_vs "$small")
big_line=$(run_vs "$big")
summary=$("$vs" assets "$vs_db" --survey bench --by chinese --format csv | tr '\r\n' ' ')
fresh "$vs_db"

floor_s=$(echo "$floor" | cut -d'|' -f2)
big_s=$(echo "$big_line" | cut -d'|' -f2)
ratio=$(python3 -c "print(f'{$big_s / $floor_s:.2f}')")
echo "| run | rows | wall s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: |"
echo "$floor" | awk -F'|' -v n="$rows" '{printf "| %s | %d | %s | %s |\n", $1, n, $2, $3}'
echo "$small_line" | awk -F'|' -v n="$((rows / 10))" '{printf "| %s | %d | %s | %s |\n", $1, n, $2, $3}'
echo "$big_line" | awk -F'|' -v n="$rows" '{printf "| %s | %d | %s | %s |\n", $1, n, $2, $3}'
echo
echo "vendorscope / floor: ${ratio}x. Verdicts in the 1M store: $summary"
