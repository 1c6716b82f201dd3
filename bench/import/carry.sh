#!/usr/bin/env bash
# What carrying status history costs a re-import (track/carry.c): the
# generated export imported, imported again with no history (the floor),
# then 100 devices and 10 aggregate rows given a status and the export
# imported again, each history carried to its new asset.
#
# usage: bench/import/carry.sh [ROWS]   (default 200000; VS= the binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-200000}
vs=${VS:-build/gcc/bin/vendorscope}
out=bench/out
mkdir -p "$out"
csv="$out/inventory-$rows.csv"
[ -s "$csv" ] || python3 bench/import/gen.py "$rows" "$csv"
db="$out/carry.db"
rm -f "$db" "$db-wal" "$db-shm"
"$vs" init "$db" >/dev/null
"$vs" import "$db" "$csv" --survey b --date 2026 >/dev/null
t() { /usr/bin/time -f '%e' "$@" 2>&1 >/dev/null | tail -n 1; }
floor=$(t "$vs" import "$db" "$csv" --survey b)
"$vs" assets "$db" --format json | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
dev = [a for a in rows if a["kind"] == "hardware" and a["count"] == 1 and a.get("serial")]
agg = [a for a in rows if a["kind"] == "hardware" and a["count"] != 1]
print("asset,state,date,cost,units,user,note,reason")
for a in dev[:: max(1, len(dev) // 100)][:100]:
    print("%d,ordered,2026-01-02,1,,,," % a["id"])
for a in agg[:10]:
    print("%d,ordered,2026-01-02,1,1,,," % a["id"])
' >"$out/carry-changes.csv"
SOURCE_DATE_EPOCH=1782864000 "$vs" status "$db" --file "$out/carry-changes.csv" >/dev/null
with=$(t "$vs" import "$db" "$csv" --survey b)
printf '| rows | re-import, no history (s) | re-import, 110 histories carried (s) |\n'
printf '| --- | --- | --- |\n| %s | %s | %s |\n' "$rows" "$floor" "$with"
"$vs" status "$db" --detached | wc -l | sed 's/^/detached afterwards: /'
