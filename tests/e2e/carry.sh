#!/usr/bin/env bash
# Status history follows its device (track.h, "Carrying history"): the
# example store with status-changes.csv, its inventory imported again with
# one row changed: the unchanged rows' histories move to their new assets,
# the changed row's is reported detached and listed, plan versus actual is
# the same before and after, and no asset id is given twice. Then a
# capture run again (a device only the capture saw, keyed by MAC), and
# `surveys rm-source` followed by an import of the same file.
source "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1782864000
ex=$VS_SRC/examples/kk-2025
fx=$VS_SRC/tests/fixtures
db=$(vs_db kk)
inv=$work/inventory-2025.csv
cp "$ex/inventory-2025.csv" "$inv"
# The example store as the README's commands make it (status-changes.csv
# names its ids: 345 ØKF's 100 cameras, 352 TMF's 18 Dahua traffic cameras).
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" import "$db" "$ex/camera-survey-2022.csv" --survey kk-2022 --date 2022-05-12
expect_status 0 "$VS" import "$db" "$inv" --survey kk-2025 --date 2025
expect_status 0 "$VS" import "$db" "$ex/software-2025.csv" --survey kk-2025 --format software
expect_status 0 "$VS" surveys rm-source "$db" kk-2025 3
expect_status 0 "$VS" surveys rm "$db" kk-2022
expect_status 0 "$VS" import "$db" "$inv" --survey kk-2025 --source inventory
expect_status 0 "$VS" status "$db" --file "$ex/status-changes.csv"
plan() {
	"$VS" plan "$db" --strategy years:2 --from 2026 --types surveillance_camera,traffic_camera \
		--prices "$VS_SRC/data/prices/kk-2026-cameras.csv" --format json
}
plan >"$work/plan-before" || fail "plan before"
grep -q '"plan_vs_actual":{' "$work/plan-before" || fail "the plan has no plan versus actual"
max_before=$("$VS" assets "$db" --format json | python3 -c '
import json, sys; print(max(json.loads(l)["id"] for l in sys.stdin))')

# The Dahua counting cameras (asset 352, decommissioned) get a model: their
# register identity changes, so their history stays detached.
sed -i 's/^Trafikkamera;Dahua;;TMF;18;/Trafikkamera;Dahua;Tæller;TMF;18;/' "$inv"
expect_status 0 "$VS" import "$db" "$inv" --survey kk-2025 --source inventory
expect_contains "$work/out" "status history of 1 asset carried to the same device"
expect_contains "$work/err" "status history of 1 asset not carried (1 no match): see \`vendorscope status DB --detached\`"

# ØKF's 100 cameras (asset 345 before): a new id above every id before, its history.
new=$("$VS" assets "$db" --format json | python3 -c '
import json, sys
for l in sys.stdin:
    a = json.loads(l)
    if a["department"] == "ØKF" and a["count"] == 100 and a["type"] == "surveillance_camera":
        print(a["id"])')
[ -n "$new" ] && [ "$new" -gt "$max_before" ] || fail "ØKF's cameras have id '$new' (ids before went to $max_before)"
expect_status 0 "$VS" status "$db" "$new" --format json
expect_contains "$work/out" '"units":{"in_service":0,"ordered":40,"replaced":60'
expect_status 0 "$VS" status "$db" --detached --format json
expect_contains "$work/out" '"asset_ref":352,"survey":"kk-2025"'
expect_contains "$work/out" '"why":"no asset of the survey is this device"'
[ "$(wc -l <"$work/out")" -eq 1 ] || fail "detached: $(cat "$work/out")"
# Counted once each: the carried history and the detached one.
plan >"$work/plan-after" || fail "plan after"
cmp -s "$work/plan-before" "$work/plan-after" ||
	fail "plan versus actual changed: $(diff "$work/plan-before" "$work/plan-after" | head -20)"
# A change recorded after carrying continues the same history (replayed
# as one: 40 ordered can become replaced, not 100 again).
expect_status 0 "$VS" status "$db" "$new" --set replaced --date 2026-02-01 --cost 800
expect_status 0 "$VS" plan "$db" --strategy years:2 --from 2026 --types surveillance_camera \
	--prices "$VS_SRC/data/prices/kk-2026-cameras.csv" --format json
python3 - "$work/out" <<'PY' || fail "plan versus actual after a carried history's change"
import json, sys
doc = json.load(open(sys.argv[1]))
units = doc["plan_vs_actual"]["units"]
assert units == 100, units
PY

# A capture run again: a device only the capture saw, keyed by its MAC.
db2=$(vs_db site)
geo=(--geoip "$fx/geo/tiny.mmdb")
expect_status 0 "$VS" init "$db2"
expect_status 0 "$VS" capture "$db2" --read "$fx/pcap/site.pcap" --survey site "${geo[@]}"
pick() {
	"$VS" assets "$db2" --survey site --format json | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
rows = [a for a in rows if a["kind"] == "hardware" and a["count"] == 1 and a["mac"]]
rows.sort(key=lambda a: a["mac"])
print(rows[0]["id"], rows[0]["mac"]) if len(sys.argv) < 2 else print(next(a["id"] for a in rows if a["mac"] == sys.argv[1]))' "$@"
}
read -r dev mac <<<"$(pick)"
expect_status 0 "$VS" status "$db2" "$dev" --set ordered --date 2026-03-01 --cost 2
expect_status 0 "$VS" capture "$db2" --read "$fx/pcap/site.pcap" --survey site "${geo[@]}"
expect_contains "$work/out" "status history of 1 asset carried to the same device"
dev2=$(pick "$mac")
[ "$dev2" != "$dev" ] || fail "the capture run again kept asset id $dev"
expect_status 0 "$VS" status "$db2" "$dev2" --format json
expect_contains "$work/out" '"state":"ordered"'
expect_status 0 "$VS" status "$db2" --detached
[ ! -s "$work/out" ] || fail "detached after a capture run again: $(cat "$work/out")"

# rm-source, then the same inventory imported again: the same devices, so
# the histories follow (a re-import in two steps, or under a new name).
expect_status 0 "$VS" surveys rm-source "$db" kk-2025 inventory
expect_contains "$work/err" "status history of 1 asset detached; it moves to the same device"
expect_status 0 "$VS" status "$db" --detached
[ "$(wc -l <"$work/out")" -eq 2 ] || fail "detached after rm-source: $(cat "$work/out")"
expect_status 0 "$VS" import "$db" "$inv" --survey kk-2025 --source inventory-2
expect_contains "$work/out" "status history of 1 asset carried to the same device"
expect_status 0 "$VS" status "$db" --detached
[ "$(wc -l <"$work/out")" -eq 1 ] || fail "detached after importing again: $(cat "$work/out")"
finish
